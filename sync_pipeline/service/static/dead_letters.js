/* /dead-letters: writes that failed after their retries, with their error; operators can replay one
   (the same document and Idempotency-Key, so never a duplicate). Other roles see the button disabled. */
"use strict";

const { api, el, fmt, notice } = App;

async function deadLettersPage() {
  const status = new URLSearchParams(location.search).get("status") || "open";
  const [answer, operator] = await Promise.all([
    api(`/api/v1/dead-letters?status=${encodeURIComponent(status)}`), App.can("operator")]);
  const letters = answer.items;
  document.getElementById("summary").textContent = letters.length
    ? `${letters.length} dead letter${letters.length === 1 ? "" : "s"}${status === "open" ? " waiting for a replay" : ""}.`
    : `No ${status === "all" ? "" : status + " "}dead letters.`;
  document.getElementById("replay-note").hidden = operator || !letters.length;

  async function replay(letter, button, cell) {
    button.disabled = true;
    button.textContent = "Replaying…";
    try {
      const result = await api(`/api/v1/dead-letters/${letter.id}/replay`, { method: "POST" });
      cell.textContent = result.status;
      button.textContent = "Replayed";
      notice(`Dead letter ${letter.id} replayed: platform record ${result.platform_id}`
        + (result.already_on_platform ? " (it was already there; nothing duplicated)." : "."));
    } catch (error) {
      button.disabled = false;
      button.textContent = "Replay";
      notice(`Dead letter ${letter.id} not replayed: ${error.message}`, true);
    }
  }

  /* The full error text is on the dead letter itself; fetched when someone opens it. */
  function errorCell(letter) {
    const more = el("details", {}, el("summary", {}, "error text"));
    more.addEventListener("toggle", async () => {
      if (!more.open || more.dataset.loaded) return;
      more.dataset.loaded = "1";
      try {
        const full = await api(`/api/v1/dead-letters/${letter.id}`);
        more.append(el("pre", { class: "muted" }, full.error));
      } catch (error) {
        more.append(el("p", { class: "error" }, error.message));
      }
    });
    return el("td", {}, el("strong", {}, letter.error_type),
      letter.http_status ? ` (HTTP ${letter.http_status})` : "", more);
  }

  document.querySelector("#letters tbody").replaceChildren(...letters.map((letter) => {
    const statusCell = el("td", {}, letter.status + (letter.replay_result ? ` – ${letter.replay_result}` : ""));
    const button = el("button", { class: "replay", disabled: !operator || letter.status !== "open",
      title: operator ? "send it again with the same Idempotency-Key" : "needs the operator role" }, "Replay");
    button.addEventListener("click", () => replay(letter, button, statusCell));
    return el("tr", { dataset: { id: letter.id } },
      el("td", {}, String(letter.id)),
      el("td", {}, letter.operation, letter.entity ? el("div", { class: "muted" }, letter.entity) : null),
      errorCell(letter),
      el("td", {}, fmt.when(letter.created_at)),
      statusCell,
      el("td", {}, button));
  }));
}

document.addEventListener("DOMContentLoaded", () => {
  deadLettersPage().catch((error) => notice(`Cannot load the dead letters: ${error.message}`, true));
});
