/* The review queue (/review) and one line (/review/lines/{id}). A decision is always shown first with what
   it will affect (N lines in M takeoffs, from the API) and applied only when the reviewer says so. */
"use strict";

const { api, el, fmt, notice } = App;
const lineUrl = (lineId, takeoff) =>
  `/api/v1/review/lines/${encodeURIComponent(lineId)}` + (takeoff ? `?takeoff=${encodeURIComponent(takeoff)}` : "");
const WORDS = { confirm: "Confirm", correct: "Correct", reject: "Reject" };

/* The confirmation step and the answer, shared by both pages. */
const Decision = {
  pending: null,
  box: () => document.getElementById("decision"),

  async propose({ lineId, takeoff, decision, sku, onDone, replaces }) {
    if (!(await App.can("reviewer"))) {
      notice("Deciding needs the reviewer role; you can look but not decide.", true);
      return;
    }
    let line;
    try {
      line = await api(lineUrl(lineId, takeoff));
    } catch (error) {
      notice(`Cannot load line ${lineId}: ${error.message}`, true);
      return;
    }
    const { lines, takeoffs } = line.affects;
    const what = decision === "reject" ? "Reject as not in the catalog" : `${WORDS[decision]} as ${sku}`;
    this.pending = { lineId, takeoff: line.takeoff_id || takeoff, decision, sku, onDone, replaces };
    const box = this.box();
    box.replaceChildren(
      el("p", {}, el("strong", {}, what), ` “${line.description}”`),
      el("p", { id: "affects" }, `This decision applies to every line typed this way: `,
        el("strong", {}, `${lines} line${lines === 1 ? "" : "s"} in ${takeoffs} takeoff${takeoffs === 1 ? "" : "s"}`),
        ", which are then re-processed."),
      el("div", { class: "actions" },
        el("button", { class: "primary", id: "apply", onclick: () => this.apply() }, "Apply (y)"),
        el("button", { id: "cancel", onclick: () => this.cancel() }, "Cancel (n)")));
    box.hidden = false;
    document.getElementById("apply").focus();
  },

  cancel() {
    this.pending = null;
    this.box().hidden = true;
  },

  async apply() {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    const body = { decision: pending.decision };
    if (pending.sku) body.sku = pending.sku;
    if (pending.takeoff) body.takeoff = pending.takeoff;
    if (pending.replaces) body.replaces = pending.replaces;
    const box = this.box();
    box.replaceChildren(el("p", {}, "Applying…"));
    try {
      const answer = await api(`/api/v1/review/lines/${encodeURIComponent(pending.lineId)}/decision`,
        { method: "POST", body });
      const again = answer.reprocessing.map((r) => `${r.takeoff_id} (revision ${r.revision})`);
      box.replaceChildren(el("p", { id: "applied" },
        answer.changed ? `Recorded: ${answer.decision}${answer.sku ? " " + answer.sku : ""} by ${answer.decided_by}, `
          + `for ${answer.affects.lines} line(s) in ${answer.affects.takeoffs} takeoff(s). `
          : "That was already the decision in force; nothing changed. ",
        again.length ? `Re-processing takeoff${again.length === 1 ? "" : "s"} ${again.join(", ")}.`
          : "No takeoff needs re-processing."));
      if (pending.onDone) pending.onDone(answer);
    } catch (error) {
      const detail = error.body.detail || {};
      if (error.status === 409 && detail.decided_by) {
        // Someone else decided this description: say who and when, change nothing unless asked again.
        box.replaceChildren(
          el("p", { class: "error", id: "refused" }, `Already decided by ${detail.decided_by} on `
            + `${fmt.when(detail.decided_at)}: ${detail.decision}${detail.sku ? " " + detail.sku : ""}. Nothing changed.`),
          el("div", { class: "actions" },
            el("button", { onclick: () => this.propose({ ...pending, replaces: detail.mapping_id }) },
              `Replace ${detail.decided_by}'s decision…`),
            el("button", { onclick: () => this.cancel() }, "Keep it")));
      } else {
        box.replaceChildren(el("p", { class: "error", id: "refused" }, `Not applied: ${error.message}`));
      }
    }
  },
};

function candidateList(candidates) {
  if (!candidates.length) return el("span", { class: "muted" }, "no candidates");
  return el("ol", { class: "candidates" }, candidates.slice(0, 3).map((c) =>
    el("li", {}, el("code", {}, c.sku), " ", c.description || "(not in the current catalog)",
      c.uom ? ` · ${c.uom}` : "")));
}

/* ---- the queue ---- */
async function queuePage() {
  const tbody = document.querySelector("#queue tbody");
  const params = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const name of ["project", "takeoff", "reason"]) if (params.get(name)) query.set(name, params.get(name));
  query.set("limit", "200");
  let rows = [];
  let selected = 0;

  function select(index) {
    if (!rows.length) return;
    selected = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach((row, i) => row.classList.toggle("selected", i === selected));
    rows[selected].scrollIntoView({ block: "nearest" });
  }
  const item = () => rows[selected] && rows[selected].item;
  const open = () => item() && location.assign(`/review/lines/${encodeURIComponent(item().line_id)}?takeoff=`
    + encodeURIComponent(item().takeoff_id));
  const decide = (decision) => {
    const it = item();
    if (!it || rows[selected].classList.contains("decided")) return;
    if (decision === "confirm" && !it.candidates.length) {
      notice("This item has no candidate to confirm; open it (o) to search the catalog.", true);
      return;
    }
    const row = rows[selected];
    Decision.propose({ lineId: it.line_id, takeoff: it.takeoff_id, decision,
      sku: decision === "confirm" ? it.candidates[0].sku : undefined,
      onDone: () => { row.classList.add("decided"); select(selected + 1); } });
  };

  let answer;
  try {
    answer = await api(`/api/v1/review/queue?${query}`);
  } catch (error) {
    document.getElementById("summary").textContent = `Cannot load the queue: ${error.message}`;
    return;
  }
  const items = answer.items;
  document.getElementById("summary").textContent = items.length
    ? `${answer.total} description(s) to decide, most impact first`
      + (answer.total > items.length ? `; the first ${items.length} are shown (filter to see others).` : ".")
    : "Nothing to review.";
  rows = items.map((it, i) => {
    const row = el("tr", { dataset: { lineId: it.line_id }, onclick: () => select(i), ondblclick: open },
      el("td", {}, el("div", { class: "typed" }, it.description),
        el("div", { class: "muted" }, `${it.status}${it.unit ? " · unit " + it.unit : ""}`)),
      el("td", {}, it.reason),
      el("td", { class: "num" }, fmt.number(it.lines)),
      el("td", { class: "num", title: it.takeoffs.join(", ") }, fmt.number(it.takeoffs.length)),
      el("td", { class: "num" }, fmt.number(it.total_quantity, 2)),
      el("td", { class: "num" }, fmt.money(it.estimated_cost)),
      el("td", {}, candidateList(it.candidates || [])));
    row.item = it;
    return row;
  });
  tbody.replaceChildren(...rows);
  select(0);
  for (const name of ["projects", "takeoffs"]) {   // what the filters can take, from what is listed
    const values = [...new Set(items.flatMap((it) => it[name]))].sort();
    document.getElementById(name).replaceChildren(...values.map((value) => el("option", { value })));
  }

  App.keys(withDecisionKeys({
    j: () => select(selected + 1), k: () => select(selected - 1), o: open, Enter: open,
    c: () => decide("confirm"), r: () => decide("reject"),
    "/": () => document.querySelector("#filters input").focus(),
  }));
}

/* y/Enter and n/Escape answer the confirmation step while one is open; otherwise the page's own keys. */
function withDecisionKeys(bindings) {
  const answering = { y: () => Decision.apply(), Enter: () => Decision.apply(), n: () => Decision.cancel(),
    Escape: () => Decision.cancel() };
  const keys = new Set([...Object.keys(bindings), ...Object.keys(answering)]);
  return Object.fromEntries([...keys].map((key) => [key, (event) => {
    if (Decision.pending && answering[key]) answering[key](event);
    else if (key === "Escape" && event.target.blur) event.target.blur();
    else if (!Decision.pending && bindings[key]) bindings[key](event);
  }]));
}

/* ---- one line ---- */
async function linePage() {
  const { lineId, takeoff } = document.getElementById("line-id").dataset;
  const section = document.getElementById("line");
  let line;
  let results = [];
  let chosen = -1;
  const reload = () => load().catch(() => {});

  async function load() {
    try {
      line = await api(lineUrl(lineId, takeoff));
    } catch (error) {
      section.replaceChildren(el("p", { class: "error" }, `Cannot load line ${lineId}: ${error.message}`));
      throw error;
    }
    const inForce = line.decision;
    section.setAttribute("aria-busy", "false");
    section.replaceChildren(
      el("dl", { class: "facts" },
        el("dt", {}, "Typed"), el("dd", { class: "typed", id: "typed" }, line.description),
        el("dt", {}, "Quantity"), el("dd", {}, `${fmt.number(line.quantity, 3)} ${line.unit || ""}`),
        el("dt", {}, "Takeoff"), el("dd", {}, `${line.takeoff_id}${line.takeoff_name ? " “" + line.takeoff_name + "”" : ""}`
          + ` · project ${line.project_id}`),
        el("dt", {}, "Why it is here"), el("dd", { id: "why" }, line.reason),
        el("dt", {}, "Status"), el("dd", {}, `${line.status}, confidence ${fmt.percent(line.confidence)}`),
        el("dt", {}, "A decision affects"), el("dd", {},
          `${line.affects.lines} line(s) in ${line.affects.takeoffs} takeoff(s)`),
        el("dt", {}, "Decision in force"), el("dd", { id: "in-force" }, inForce
          ? `${inForce.decision}${inForce.sku ? " " + inForce.sku : ""} by ${inForce.decided_by} on ${fmt.when(inForce.decided_at)}`
          : "none yet")),
      el("h2", {}, "Candidates, best first"),
      line.candidates.length ? el("table", { id: "candidates" },
        el("thead", {}, el("tr", {}, ["#", "SKU", "Description", "Unit", "Stock", "Price", ""].map((h, i) =>
          el("th", { class: i === 4 || i === 5 ? "num" : undefined }, h)))),
        el("tbody", {}, line.candidates.map((c, i) => el("tr", {},
          el("td", {}, String(i + 1)), el("td", {}, el("code", {}, c.sku)),
          el("td", {}, c.description || "(not in the current catalog)"), el("td", {}, c.uom || "–"),
          el("td", { class: "num" }, fmt.number(c.stock_on_hand, 2)), el("td", { class: "num" }, fmt.money(c.unit_price)),
          el("td", {}, el("button", { class: i === 0 ? "primary" : undefined, dataset: { sku: c.sku },
            onclick: () => confirmNth(i) }, i === 0 ? "Confirm (c)" : `Confirm (${i + 1})`))))))
        : el("p", { class: "muted" }, "No candidates: search the catalog below, or reject."),
      el("p", {}, el("button", { id: "reject", onclick: reject }, "Reject: not in the catalog (r)")));
  }

  const decided = () => reload();
  function confirmNth(i) {
    if (!line || i >= line.candidates.length) return;
    Decision.propose({ lineId, takeoff: line.takeoff_id, decision: "confirm", sku: line.candidates[i].sku,
      onDone: decided });
  }
  function reject() {
    Decision.propose({ lineId, takeoff: line && line.takeoff_id, decision: "reject", onDone: decided });
  }
  function correct(i) {
    if (i < 0 || i >= results.length) return;
    Decision.propose({ lineId, takeoff: line && line.takeoff_id, decision: "correct", sku: results[i].sku,
      onDone: decided });
  }

  const tbody = document.querySelector("#results tbody");
  function choose(i) {
    if (!results.length) return;
    chosen = Math.max(0, Math.min(results.length - 1, i));
    [...tbody.children].forEach((row, n) => row.classList.toggle("selected", n === chosen));
  }
  document.getElementById("search").addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = document.getElementById("q").value.trim();
    if (!q) return;
    try {
      const answer = await api(`/api/v1/catalog/search?q=${encodeURIComponent(q)}`);
      results = answer.items;
    } catch (error) {
      notice(`Search failed: ${error.message}`, true);
      return;
    }
    document.getElementById("results").hidden = false;
    tbody.replaceChildren(...(results.length ? results.map((p, i) => el("tr", { dataset: { sku: p.sku } },
      el("td", {}, el("code", {}, p.sku)), el("td", {}, p.description), el("td", {}, p.uom),
      el("td", { class: "num" }, fmt.number(p.stock_on_hand, 2)), el("td", { class: "num" }, fmt.money(p.unit_price)),
      el("td", {}, p.active === false ? el("span", { class: "muted" }, "inactive")
        : el("button", { onclick: () => correct(i) }, "Correct to this"))))
      : [el("tr", {}, el("td", { colspan: 6, class: "muted" }, `No product matches “${q}”.`))]));
    chosen = -1;
    if (results.length) {
      choose(0);
      document.getElementById("q").blur();
    }
  });

  const bindings = {
    c: () => confirmNth(0), r: reject, "/": () => document.getElementById("q").focus(),
    j: () => choose(chosen + 1), k: () => choose(chosen - 1), x: () => correct(chosen),
  };
  for (let n = 1; n <= 9; n++) bindings[String(n)] = () => confirmNth(n - 1);
  App.keys(withDecisionKeys(bindings));
  await reload();
}

document.addEventListener("DOMContentLoaded", () => {
  (document.body.dataset.page === "review" ? queuePage : linePage)();
});
