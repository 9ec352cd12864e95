/* /status: the figures and verdicts of `sync-pipeline status`, readable (percent, seconds, rounded hours),
   with the match confidence as CSS bars. */
"use strict";

const { api, el, fmt, notice } = App;

function card(title, big, ...more) {
  return el("div", { class: "card" }, el("h3", {}, title), el("div", { class: "big" }, big), ...more);
}

function verdict(level) {
  return el("span", { class: `verdict ${level}` }, level.toUpperCase());
}

function shown(value, unit) {
  if (value === null || value === undefined) return "off";
  return { percent: `${fmt.number(value, 1)} %`, seconds: fmt.seconds(value), hours: fmt.hours(value),
    count: fmt.number(value) }[unit] || String(value);
}

async function statusPage() {
  const s = await api("/api/v1/status");
  const overall = document.getElementById("overall");
  overall.replaceWith(Object.assign(verdict(s.overall), { id: "overall" }));
  document.getElementById("checked").textContent =
    `As of ${fmt.when(s.checked_at)}; errors and latency over the last ${fmt.number(s.window_hours)} h.`;

  const errors = Object.entries(s.errors_by_type);
  document.getElementById("figures").replaceChildren(
    ...s.systems.map((system) => card(`${system.system}: last successful call`,
      fmt.ago(system.hours_since_success),
      el("div", { class: "muted" }, system.last_success_at ? fmt.when(system.last_success_at) : "no call yet"),
      el("div", {}, "circuit breaker ", el("strong", { class: `breaker ${system.breaker_state}` },
        system.breaker_state)))),
    card("Pending approvals", fmt.number(s.pending_approvals), el("div", { class: "muted" },
      "approved revisions not yet written")),
    card("Review queue", fmt.number(s.review_queue_lines), el("div", { class: "muted" },
      `lines to review; ${fmt.number(s.unmatched_lines)} unmatched`), el("a", { href: "/review" }, "open the queue")),
    card("Dead letters", fmt.number(s.open_dead_letters), el("div", { class: "muted" }, "open"),
      el("a", { href: "/dead-letters" }, "see them")),
    card("Error rate", s.error_rate_percent === null ? "–" : `${fmt.number(s.error_rate_percent, 1)} %`,
      el("div", { class: "muted" }, `of ${fmt.number(s.external_calls)} external calls`),
      errors.length ? el("ul", { class: "candidates" }, errors.map(([kind, n]) => el("li", {}, `${kind}: ${fmt.number(n)}`)))
        : el("div", {}, "no errors")),
    card("Approval → written", s.latency_p95_seconds === null ? "none written"
      : `p95 ${fmt.seconds(s.latency_p95_seconds)}`,
      el("div", { class: "muted" }, s.latency_p50_seconds === null ? "" : `median ${fmt.seconds(s.latency_p50_seconds)}`)),
    card("Matched automatically", s.auto_match_percent === null ? "no lines yet" : `${fmt.number(s.auto_match_percent, 1)} %`));

  const buckets = Object.entries(s.confidence_buckets);
  const most = Math.max(1, ...buckets.map(([, n]) => n));
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  document.getElementById("confidence").replaceChildren(...buckets.flatMap(([bucket, n]) => [
    el("span", {}, bucket),
    el("div", { class: "bar", style: `width: ${(100 * n / most).toFixed(1)}%`, role: "img",
      "aria-label": `${bucket}: ${n} lines` }),
    el("span", { class: "num" }, `${fmt.number(n)}${total ? ` (${fmt.percent(n / total)})` : ""}`)]));

  document.querySelector("#checks tbody").replaceChildren(...s.verdicts.map((v) => {
    const side = v.low_is_bad ? "below" : "above";
    return el("tr", {},
      el("td", {}, el("div", {}, v.check), el("div", { class: "muted" }, v.description)),
      el("td", {}, verdict(v.level)),
      el("td", { class: "num" }, v.value === null ? "no data" : shown(v.value, v.unit)),
      el("td", {}, v.warn === null ? "off" : `${side} ${shown(v.warn, v.unit)}`),
      el("td", {}, v.fail === null ? "off" : `${side} ${shown(v.fail, v.unit)}`));
  }));
}

document.addEventListener("DOMContentLoaded", () => {
  statusPage().catch((error) => notice(`Cannot load the status: ${error.message}`, true));
});
