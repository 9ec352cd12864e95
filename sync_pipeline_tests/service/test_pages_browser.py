"""The review pages in a real browser (Debian's chromium driven by Playwright): a reviewer logs in, confirms
one description, corrects another through the catalog search box and rejects a third; the inventory
platform (the simulator, over its HTTP control API) then holds the re-processed requirements. Status and
dead letters read well, and only an operator can replay. One sync (conftest `synced`) serves both tests."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from sync_pipeline.service.tokens import create_token
from sync_pipeline.warehouse.dead_letters import record_dead_letter
from sync_pipeline.warehouse.mappings import FlaggedLine, flagged_lines

CHROMIUM = Path("/usr/bin/chromium")
REPROCESS_TIMEOUT_SECONDS = 180
# A decision waits for the warehouse, which a re-processing run may be writing: generous on 2 busy cores.
STEP_TIMEOUT_MS = 30_000
expect.set_options(timeout=STEP_TIMEOUT_MS)

MISSING = f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)"

# Skipped before the module's sync runs, unless the browser is required (CI), where it fails instead.
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("REQUIRE_BROWSER"),
                                 reason=f"no browser: {MISSING}; set REQUIRE_BROWSER=1 to fail instead of skipping")]


@pytest.fixture
def chromium():
    if not CHROMIUM.exists():
        pytest.fail(f"REQUIRE_BROWSER is set but {MISSING}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield browser
        finally:
            browser.close()


def stocked_as_typed(line: FlaggedLine, rank: int) -> bool:
    """The candidate at `rank` is stocked in the line's own unit, so deciding for it writes the line."""
    return line.status == "review" and len(line.candidates) > rank and line.candidates[rank].uom == line.uom_code


def pick_lines(store) -> list[FlaggedLine]:
    """Four lines of different descriptions: to confirm, to correct (to its second candidate), to reject, and
    one someone else decides while the page is open."""
    lines = flagged_lines(store)
    taken: set[str] = set()

    def first(test) -> FlaggedLine:
        line = next(l for l in lines if l.description_key not in taken and test(l))
        taken.add(line.description_key)
        return line
    return [first(lambda l: stocked_as_typed(l, 0)), first(lambda l: stocked_as_typed(l, 1)),
            *(first(lambda l: l.status == "review" and l.candidates) for _ in range(2))]


def affects(store, line: FlaggedLine) -> str:
    same = [l for l in flagged_lines(store) if l.description_key == line.description_key]
    takeoffs = {l.takeoff_id for l in same}
    return f"{len(same)} line{'s' * (len(same) != 1)} in {len(takeoffs)} takeoff{'s' * (len(takeoffs) != 1)}"


def queue_row(page, line: FlaggedLine):
    return page.locator("#queue tbody tr").filter(
        has=page.locator(".typed", has_text=re.compile(f"^{re.escape(line.description)}$")))


def current_requirements(sim) -> dict[str, list[dict]]:
    """What the inventory platform holds now, per source document, read over its HTTP control API."""
    state = httpx.get(f"{sim.inventory_url}/_sim/state", timeout=10).json()
    return {r["source_document"]: r["lines"] for r in state["material_requirements"]["current"]}


def written_as(requirements: dict[str, list[dict]], line: FlaggedLine) -> set[str | None]:
    return {written["sku"] for written in requirements.get(line.takeoff_id, [])
            if line.line_id in written["source_line_ids"]}


def log_in(browser, service, token: str, path: str):
    """A new browser session that logs in on the way to `path`; page errors are collected in `page.errors`."""
    page = browser.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(error))
    page.goto(f"{service.url}{path}")
    assert "/login" in page.url                                   # nothing without logging in
    page.fill("#token", token)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(path) + "$"))
    return page


def test_a_reviewer_confirms_corrects_and_rejects_in_the_browser(api, chromium, synced):
    service, sim, store = api, synced.sim, synced.store
    confirmed, corrected, rejected, contested = pick_lines(store)
    target = corrected.candidates[1]
    expected = {line.line_id: affects(store, line) for line in (confirmed, corrected, rejected)}
    before = current_requirements(sim)
    assert not written_as(before, confirmed) and not written_as(before, corrected)   # in review: not written yet
    _, token = create_token("rita", "reviewer", "test")
    _, other = create_token("otto", "reviewer", "test")

    page = log_in(chromium, service, token, "/review")
    page.wait_for_selector("#queue tbody tr")
    assert "rita (reviewer)" in page.inner_text("#whoami")
    assert "confirm the best candidate" in page.inner_text(".keys")

    # Filtering by reason keeps only those items (the form reloads the page with the filter).
    page.fill("input[name=reason]", "unmatched")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"reason=unmatched"))
    page.wait_for_selector("#queue tbody tr")
    statuses = page.locator("#queue tbody tr td:first-child .muted").all_inner_texts()
    assert statuses and all(s.startswith("unmatched") for s in statuses)
    page.goto(f"{service.url}/review")
    page.wait_for_selector("#queue tbody tr")

    # Confirm: select the row, c, see what it affects, y.
    queue_row(page, confirmed).click()
    page.keyboard.press("c")
    assert expected[confirmed.line_id] in page.inner_text("#affects")
    assert confirmed.candidates[0].sku in page.inner_text("#decision")
    page.keyboard.press("y")
    expect(page.locator("#applied")).to_contain_text(f"Re-processing takeoff")
    assert confirmed.takeoff_id in page.inner_text("#applied")

    # Reject: r, y.
    queue_row(page, rejected).click()
    page.keyboard.press("r")
    assert expected[rejected.line_id] in page.inner_text("#affects")
    page.keyboard.press("y")
    expect(page.locator("#applied")).to_contain_text("reject")

    # Someone else decides a description while the queue is open: the page says who, and changes nothing.
    answer = httpx.post(f"{service.url}/api/v1/review/lines/{contested.line_id}/decision",
                        json={"decision": "reject", "takeoff": contested.takeoff_id},
                        headers={"Authorization": f"Bearer {other}"}, timeout=30)
    assert answer.status_code == 200, answer.text
    queue_row(page, contested).click()
    page.keyboard.press("c")
    expect(page.locator("#affects")).to_be_visible()
    page.keyboard.press("y")
    expect(page.locator("#refused")).to_contain_text("Already decided by otto")
    page.keyboard.press("Escape")

    # Correct: open the line, / to search, pick the product from the results, apply.
    queue_row(page, corrected).click()
    page.keyboard.press("o")
    page.wait_for_selector("#typed")
    assert page.inner_text("#why") == corrected.reason
    page.keyboard.press("/")
    page.keyboard.type(target.sku)
    page.keyboard.press("Enter")
    page.locator(f"#results tr[data-sku='{target.sku}'] button").click()
    assert expected[corrected.line_id] in page.inner_text("#affects")
    page.click("#apply")
    expect(page.locator("#applied")).to_contain_text("Re-processing")
    expect(page.locator("#in-force")).to_contain_text(f"correct {target.sku} by rita")

    # The platform gets each affected takeoff's requirements again, now with the decisions.
    deadline = time.monotonic() + REPROCESS_TIMEOUT_SECONDS
    while True:
        now = current_requirements(sim)
        if written_as(now, confirmed) == {confirmed.best} and written_as(now, corrected) == {target.sku}:
            break
        assert time.monotonic() < deadline, f"not re-processed within {REPROCESS_TIMEOUT_SECONDS} s: {now}"
        time.sleep(0.5)
    assert not written_as(now, rejected)
    decided = store.query("SELECT decided_by, action FROM manual_mappings WHERE superseded_at IS NULL AND "
                          "description_key = ?", [contested.description_key]).rows()
    assert decided == [("otto", "reject")]                       # rita's stale confirm changed nothing
    assert not page.errors


def test_status_and_dead_letters_pages_read_well_and_only_operators_replay(api, chromium, synced, monkeypatch):
    service, sim, store = api, synced.sim, synced.store
    synced.environment(monkeypatch)                               # the platform a replay goes to
    drafts = sim.state.snapshot()["purchase_order_drafts"]
    assert drafts, "the synced data should have drafted a purchase order"
    # A cancel that failed after its retries (the platform was down): replaying it cancels the draft.
    letter = record_dead_letter(store, operation="cancel_purchase_order_draft", entity=drafts[0]["id"],
                                payload={"reason": "project cancelled"}, idempotency_key="cancel-test-1",
                                context={"document_id": drafts[0]["id"]},
                                error=ConnectionError("connection reset by peer"), run_id=None)
    _, viewer = create_token("vic", "viewer", "test")
    _, operator = create_token("ola", "operator", "test")

    page = log_in(chromium, service, viewer, "/status")
    status = httpx.get(f"{service.url}/api/v1/status", headers={"Authorization": f"Bearer {viewer}"}).json()
    expect(page.locator("#checks tbody tr")).to_have_count(len(status["verdicts"]))
    bars = page.locator("#confidence .bar")
    expect(bars).to_have_count(len(status["confidence_buckets"]))
    widths = [bar.evaluate("b => b.style.width") for bar in bars.all()]
    assert "100%" in widths                                     # the biggest bucket fills the chart
    shown = page.inner_text("main")
    assert not re.search(r"\d\.\d{4,}", shown), shown              # no raw floats: percent, seconds, rounded hours
    assert "%" in shown and "open the queue" in shown

    page.goto(f"{service.url}/dead-letters")
    row = page.locator(f"#letters tr[data-id='{letter}']")
    expect(row).to_contain_text("ConnectionError")
    row.locator("summary").click()
    expect(row).to_contain_text("connection reset by peer")
    expect(row.locator("button.replay")).to_be_disabled()          # a viewer cannot replay
    expect(page.locator("#replay-note")).to_be_visible()
    assert not page.errors

    page = log_in(chromium, service, operator, "/dead-letters")
    row = page.locator(f"#letters tr[data-id='{letter}']")
    row.locator("button.replay").click()
    expect(row.locator("button.replay")).to_have_text("Replayed")
    expect(page.locator("#notice")).to_contain_text(f"Dead letter {letter} replayed")
    cancelled = next(d for d in sim.state.snapshot()["purchase_order_drafts"] if d["id"] == drafts[0]["id"])
    assert cancelled["status"] == "cancelled"
    assert not page.errors
