"""The operations JSON API over real HTTP, on a warehouse the real flow filled from the simulator: the queue,
a line, the catalog search, status, dead letters, and decisions that record, learn and re-process."""

from __future__ import annotations

import threading

import dagster as dg
import httpx
import pytest

from sync_pipeline.background_server import BackgroundServer
from sync_pipeline.config import monitor_settings_from_env
from sync_pipeline.defs.jobs import takeoff_job
from sync_pipeline.defs.partitions import REVISION_TAG
from sync_pipeline.defs.runner import SyncSummary
from sync_pipeline.service.api import Reprocessor
from sync_pipeline.service.app import create_app
from sync_pipeline.warehouse.dead_letters import get_dead_letter, record_dead_letter
from sync_pipeline.warehouse.mappings import FlaggedLine, flagged_lines, lines_sharing
from sync_pipeline.warehouse.monitoring import MONITORS, health
from sync_pipeline.warehouse.store import Warehouse
from sync_pipeline_tests.service.conftest import SECRET, token_for


def get(api, path: str, role: str = "viewer", **params) -> httpx.Response:
    return httpx.get(f"{api.url}{path}", params=params, headers=token_for(role), timeout=60)


def convertible(line: FlaggedLine) -> bool:
    """A review line whose best candidate is stocked in the unit the line is written in (no conversion doubt)."""
    return line.status == "review" and bool(line.candidates) and line.candidates[0].uom == line.uom_code


def stock_and_price(store, sku: str) -> tuple[float | None, float | None]:
    row = store.query("""
        SELECT (SELECT sum(on_hand) FROM stock_levels WHERE sku = ?) AS stock,
               (SELECT CAST(unit_price AS DOUBLE) FROM vendor_items WHERE sku = ? AND preferred
                AND coalesce(vendor_active, true) AND status <> 'discontinued') AS price""", [sku, sku]).row(0)
    return row[0], row[1]


def test_queue_is_one_item_per_description_biggest_first_with_stock_and_price(api, synced):
    lines = flagged_lines(synced.store)
    answer = get(api, "/api/v1/review/queue", limit=500)
    assert answer.status_code == 200
    queue = answer.json()
    assert queue["total"] == len({line.description_key for line in lines}) == len(queue["items"])
    assert sum(item["lines"] for item in queue["items"]) == len(lines)
    impacts = [(i["lines"], i["total_quantity"], i["estimated_cost"] or 0) for i in queue["items"]]
    assert impacts == sorted(impacts, reverse=True) and impacts[0][0] >= 1
    by_key = {line.description_key: line for line in reversed(lines)}   # the first line of each description
    priced = 0
    for item in queue["items"]:
        first = by_key[item["description_key"]]
        assert (item["line_id"], item["takeoff_id"], item["description"], item["reason"]) == \
            (first.line_id, first.takeoff_id, first.description, first.reason)
        assert [c["sku"] for c in item["candidates"]] == [c.sku for c in first.candidates[:3]]
        for candidate in item["candidates"]:
            stock, price = stock_and_price(synced.store, candidate["sku"])
            assert candidate["stock_on_hand"] == stock
            if price is not None:
                assert candidate["unit_price"] == pytest.approx(price)
                priced += 1
        if item["candidates"] and item["candidates"][0]["unit_price"] is not None:
            assert item["estimated_cost"] == pytest.approx(item["total_quantity"] * item["candidates"][0]["unit_price"],
                                                           abs=0.01)
    assert priced > 0

    # Filters and pages.
    takeoff = lines[0].takeoff_id
    only = get(api, "/api/v1/review/queue", takeoff=takeoff, limit=500).json()
    assert only["items"] and all(i["takeoffs"] == [takeoff] for i in only["items"])
    assert only["total"] == len({l.description_key for l in lines if l.takeoff_id == takeoff})
    unmatched = get(api, "/api/v1/review/queue", reason="unmatched", limit=500).json()
    assert unmatched["total"] == len({l.description_key for l in lines if l.status == "unmatched"})
    assert all(i["status"] == "unmatched" for i in unmatched["items"])
    page = get(api, "/api/v1/review/queue", limit=2, offset=1).json()
    assert [i["description_key"] for i in page["items"]] == [i["description_key"] for i in queue["items"][1:3]]
    assert get(api, "/api/v1/review/queue", project="PRJ-NOPE").json()["total"] == 0
    for bad in ({"limit": "0"}, {"limit": "x"}, {"offset": "-1"}, {"project": "p" * 201}):
        refused = get(api, "/api/v1/review/queue", **bad)
        assert refused.status_code == 400 and refused.json()["error"].startswith("query parameter"), bad


def test_a_line_shows_what_was_typed_why_its_candidates_and_what_a_decision_affects(api, synced):
    line = next(line for line in flagged_lines(synced.store) if line.candidates)
    answer = get(api, f"/api/v1/review/lines/{line.line_id}", takeoff=line.takeoff_id)
    assert answer.status_code == 200
    shown = answer.json()
    assert (shown["description"], shown["reason"], shown["status"], shown["quantity"], shown["unit"]) == \
        (line.description, line.reason, line.status, line.quantity, line.unit)
    assert [c["sku"] for c in shown["candidates"]] == [c.sku for c in line.candidates]
    assert shown["candidates"][0]["description"] == line.candidates[0].description
    assert shown["decision"] is None
    lines, takeoffs = lines_sharing(synced.store, line.description_key)
    assert shown["affects"] == {"lines": lines, "takeoffs": takeoffs} and lines >= 1
    missing = get(api, "/api/v1/review/lines/NO-SUCH-LINE")
    assert missing.status_code == 404 and missing.json() == {
        "error": "no such line", "detail": "there is no line NO-SUCH-LINE"}


def test_catalog_search_finds_by_sku_and_by_words(api, synced):
    product = synced.store.query("SELECT sku, description FROM catalog_products WHERE active ORDER BY sku LIMIT 1"
                                 ).row(0, named=True)
    by_sku = get(api, "/api/v1/catalog/search", q=product["sku"].lower()).json()["items"]
    assert by_sku[0]["sku"] == product["sku"] and by_sku[0]["active"] is True
    words = " ".join(product["description"].split()[:2])
    found = get(api, "/api/v1/catalog/search", q=words).json()["items"]
    assert product["sku"] in {p["sku"] for p in found}
    offer = synced.store.query("SELECT sku, vendor_part_number FROM vendor_items WHERE vendor_part_number IS NOT NULL "
                               "ORDER BY sku LIMIT 1").row(0, named=True)
    by_part = get(api, "/api/v1/catalog/search", q=offer["vendor_part_number"]).json()["items"]
    assert offer["sku"] in {p["sku"] for p in by_part}
    assert get(api, "/api/v1/catalog/search", q="zzqqxx nothing").json() == {"items": []}
    for bad in ({}, {"q": "  "}, {"q": "x" * 201}):
        assert get(api, "/api/v1/catalog/search", **bad).status_code == 400, bad
    mistyped = get(api, "/api/v1/catalog/search", q=words, lmit="5")   # a mistyped filter is refused, not ignored
    assert mistyped.status_code == 400
    assert mistyped.json()["detail"] == {"unknown": ["lmit"], "accepted": ["limit", "q"]}


def test_status_gives_the_figures_of_sync_pipeline_status_as_numbers_with_units(api, synced):
    answer = get(api, "/api/v1/status")
    assert answer.status_code == 200
    status = answer.json()
    figures = health(synced.store, monitor_settings_from_env().window_hours)
    assert status["review_queue_lines"] == figures.review_queue and status["unmatched_lines"] == figures.unmatched
    assert status["confidence_buckets"] == figures.confidence_buckets
    assert status["auto_match_percent"] == round(figures.auto_match_share * 100, 1)
    assert status["external_calls"] >= figures.attempts > 0
    assert [s["system"] for s in status["systems"]] == ["pm", "inventory"]
    assert all(s["breaker_state"] == "closed" and s["hours_since_success"] < 1 for s in status["systems"])
    assert all(s["since_success"].endswith("min") for s in status["systems"])   # "under 1 min", "3 min"
    assert [v["check"] for v in status["verdicts"]] == [m.name for m in MONITORS]
    share = next(v for v in status["verdicts"] if v["check"] == "auto_match_share")
    assert share["unit"] == "percent" and share["value"] == status["auto_match_percent"] and share["warn"] == 30.0
    assert share["finding"].startswith(("OK: share of lines", "WARNING", "FAIL"))
    assert status["overall"] in ("ok", "warn", "fail")


def test_dead_letters_are_listed_shown_and_replayed_by_an_operator(api, synced, monkeypatch):
    project = synced.store.query("SELECT project_id FROM raw_takeoffs LIMIT 1")["project_id"][0]
    body = {"source_document": "TO-API-1", "source_revision": 1, "lines": []}
    good = record_dead_letter(synced.store, operation="post_material_requirements", entity="TO-API-1@1",
                              payload=body, idempotency_key="api-test-good", context={"project_code": project},
                              error=RuntimeError("inventory down"), run_id="test")
    bad = record_dead_letter(synced.store, operation="post_material_requirements", entity="TO-API-2@1",
                             payload={**body, "source_document": "TO-API-2"}, idempotency_key="api-test-bad",
                             context={"project_code": "PRJ-NOPE"}, error=RuntimeError("inventory down"), run_id="test")
    listed = get(api, "/api/v1/dead-letters").json()["items"]
    assert {d["id"] for d in listed} >= {good, bad} and all(d["status"] == "open" for d in listed)
    shown = get(api, f"/api/v1/dead-letters/{good}").json()
    assert (shown["payload"], shown["error"], shown["context"]) == (body, "inventory down", {"project_code": project})
    assert get(api, "/api/v1/dead-letters/999999").status_code == 404
    assert get(api, "/api/v1/dead-letters/abc").status_code == 404
    assert get(api, "/api/v1/dead-letters", status="lost").status_code == 400

    replay = f"{api.url}/api/v1/dead-letters/{good}/replay"
    refused = httpx.post(replay, headers=token_for("reviewer", "rev"), timeout=60)
    assert refused.status_code == 403 and get_dead_letter(synced.store, good).status == "open"
    operator = token_for("operator", "ops")
    unconfigured = httpx.post(replay, headers=operator, timeout=60)
    assert unconfigured.status_code == 503 and "missing environment variables" in unconfigured.json()["detail"]
    synced.environment(monkeypatch)
    answer = httpx.post(replay, headers=operator, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "replayed" and answer.json()["platform_id"]
    assert get_dead_letter(synced.store, good).status == "replayed"
    held = synced.sim.state.snapshot()["material_requirements"]["current"]
    assert any(r["source_document"] == "TO-API-1" for r in held)
    again = httpx.post(replay, headers=operator, timeout=60)
    assert again.status_code == 409 and again.json()["detail"] == f"dead letter {good} is replayed"
    failing = httpx.post(f"{api.url}/api/v1/dead-letters/{bad}/replay", headers=operator, timeout=60)
    assert failing.status_code == 502 and "still failing" in failing.json()["detail"]
    assert get_dead_letter(synced.store, bad).status == "open"
    assert {d["id"] for d in get(api, "/api/v1/dead-letters", status="replayed").json()["items"]} == {good}


def test_a_confirmation_records_who_learns_and_reprocesses_in_the_background(api, api_app, synced):
    line = next(line for line in flagged_lines(synced.store) if convertible(line))
    created = synced.sim.state.snapshot()["counts"]["records_created"]
    answer = httpx.post(f"{api.url}/api/v1/review/lines/{line.line_id}/decision", timeout=60,
                        json={"decision": "confirm", "takeoff": line.takeoff_id}, headers=token_for("reviewer", "dana"))
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert (result["decision"], result["sku"], result["decided_by"], result["changed"]) == \
        ("confirm", line.best, "dana", True)
    assert {"takeoff_id": line.takeoff_id, "revision": line.revision} in result["reprocessing"]
    [mapping] = synced.store.query("SELECT * FROM manual_mappings WHERE description_key = ?",
                                   [line.description_key]).to_dicts()
    assert (mapping["mapping_id"], mapping["sku"], mapping["decided_by"]) == (result["mapping_id"], line.best, "dana")
    shown = get(api, f"/api/v1/review/lines/{line.line_id}", takeoff=line.takeoff_id).json()
    assert shown["decision"]["decided_by"] == "dana" and shown["decision"]["sku"] == line.best

    # The answer came before the re-processing; the worker thread then replaces the takeoff's requirements.
    api_app.state.api.reprocessor.wait(300)
    matched = synced.store.query("SELECT status, method, sku FROM match_results WHERE takeoff_id = ? AND line_id = ? "
                                 "ORDER BY revision DESC LIMIT 1", [line.takeoff_id, line.line_id]).row(0)
    assert matched == ("matched", "mapping", line.best)
    [current] = [r for r in synced.sim.state.snapshot()["material_requirements"]["current"]
                 if r["source_document"] == line.takeoff_id]
    assert line.line_id in next(l for l in current["lines"] if l["sku"] == line.best)["source_line_ids"]
    assert synced.sim.state.snapshot()["counts"]["records_created"] > created

    # Matched by the decision now, the line is still Dana's: another reviewer is told so.
    other = httpx.post(f"{api.url}/api/v1/review/lines/{line.line_id}/decision", timeout=60,
                       json={"decision": "reject", "takeoff": line.takeoff_id}, headers=token_for("reviewer", "eve"))
    assert other.status_code == 409 and other.json()["detail"]["decided_by"] == "dana"


def decisions_and_entries(store) -> tuple[list, list]:
    """Everything a decision could change: the manual mappings and the learned dictionary entries."""
    return (store.query("SELECT * FROM manual_mappings ORDER BY mapping_id").rows(),
            store.query("SELECT * FROM learned_entries ORDER BY entry_id").rows())


def test_bad_decisions_get_a_clear_4xx_and_change_nothing(api, synced):
    line = next(line for line in flagged_lines(synced.store) if line.status == "review" and line.candidates)
    inactive = synced.store.query("SELECT sku FROM catalog_products WHERE NOT active LIMIT 1")["sku"][0]
    other = synced.store.query("SELECT sku FROM catalog_products WHERE active AND NOT list_contains(?, sku) LIMIT 1",
                               [[c.sku for c in line.candidates]])["sku"][0]
    before = decisions_and_entries(synced.store)
    url = f"{api.url}/api/v1/review/lines/{line.line_id}/decision"
    reviewer = token_for("reviewer", "rosa")

    def post(json=None, **kwargs) -> httpx.Response:
        return httpx.post(url, json=json, headers={**reviewer, **kwargs.pop("headers", {})}, timeout=60, **kwargs)

    refusals = {
        "unknown line": (httpx.post(f"{api.url}/api/v1/review/lines/NO-SUCH/decision", json={"decision": "reject"},
                                    headers=reviewer, timeout=60), 404, "no such line"),
        "unknown SKU": (post({"decision": "correct", "sku": "NOPE-404"}), 422, "SKU NOPE-404 is not in the catalog"),
        "inactive SKU": (post({"decision": "correct", "sku": inactive}), 422, "no longer active"),
        "not a candidate": (post({"decision": "confirm", "sku": other}), 422, "not one of this line's candidates"),
        "reject with a SKU": (post({"decision": "reject", "sku": other}), 422, "leave the SKU empty"),
        "correct without SKU": (post({"decision": "correct"}), 422, "needs the SKU"),
        "no such decision": (post({"decision": "approve"}), 422, "'approve' is not a decision"),
        "unknown takeoff": (post({"decision": "reject", "takeoff": "TO-NOPE"}), 404, "no such line"),
        "not JSON": (post(content=b"{decision: reject", headers={"content-type": "application/json"}), 400,
                     "the body is not JSON"),
        "not UTF-8": (post(content=b'{"decision": "\xff"}', headers={"content-type": "application/json"}), 400,
                      "the body is not JSON"),
        "an array": (post(["reject"]), 400, "the body must be a JSON object"),
        "no decision": (post({"sku": other}), 400, "the body needs a decision"),
        "unknown field": (post({"decision": "reject", "by": "someone else"}), 400, "unknown fields in the body"),
        "wrong type": (post({"decision": "correct", "sku": 12345}), 400, "field sku has the wrong type"),
        "boolean id": (post({"decision": "reject", "replaces": True}), 400, "field replaces has the wrong type"),
        "form body": (post(content=b"decision=reject", headers={"content-type": "application/x-www-form-urlencoded"}),
                      415, "the body must be JSON"),
        "oversized": (post({"decision": "reject", "sku": None, "takeoff": "x" * 20_000}), 413, "body too large"),
        # Sent in chunks without a Content-Length: counted as it arrives.
        "oversized stream": (post(content=iter([b'{"decision": "reject", "takeoff": "', b"x" * 20_000, b'"}']),
                                  headers={"content-type": "application/json"}), 413, "body too large"),
        "viewer": (httpx.post(url, json={"decision": "reject"}, headers=token_for("viewer"), timeout=60), 403,
                   "role too low"),
        "no token": (httpx.post(url, json={"decision": "reject"}, timeout=60), 401, "authentication required"),
    }
    for case, (answer, status, text) in refusals.items():
        assert answer.status_code == status, (case, answer.text)
        body = answer.json()
        assert set(body) == {"error", "detail"} and text in f"{body['error']} {body['detail']}", (case, body)
    assert decisions_and_entries(synced.store) == before


def test_a_decision_on_a_line_someone_else_decided_is_409_with_who_and_when(api, synced):
    line = next(line for line in flagged_lines(synced.store) if line.status == "review" and line.candidates)
    url = f"{api.url}/api/v1/review/lines/{line.line_id}/decision"
    alice, bob = token_for("reviewer", "alice"), token_for("reviewer", "bob")
    first = httpx.post(url, json={"decision": "reject", "takeoff": line.takeoff_id}, headers=alice, timeout=60)
    assert first.status_code == 200 and first.json()["decided_by"] == "alice"
    mapping_id = first.json()["mapping_id"]
    before = decisions_and_entries(synced.store)

    stale = httpx.post(url, json={"decision": "confirm", "takeoff": line.takeoff_id}, headers=bob, timeout=60)
    assert stale.status_code == 409, stale.text
    conflict = stale.json()
    assert conflict["error"] == "already decided by someone else"
    assert (conflict["detail"]["decided_by"], conflict["detail"]["decision"], conflict["detail"]["mapping_id"]) == \
        ("alice", "reject", mapping_id)
    assert conflict["detail"]["decided_at"] and "alice decided this description" in conflict["detail"]["message"]
    wrong = httpx.post(url, json={"decision": "confirm", "takeoff": line.takeoff_id, "replaces": mapping_id - 1},
                       headers=bob, timeout=60)
    assert wrong.status_code == 409
    assert decisions_and_entries(synced.store) == before

    # Alice may repeat herself (nothing changes); Bob replaces her decision once he says he saw it.
    again = httpx.post(url, json={"decision": "reject", "takeoff": line.takeoff_id}, headers=alice, timeout=60)
    assert again.status_code == 200 and again.json()["changed"] is False and again.json()["reprocessing"] == []
    assert decisions_and_entries(synced.store) == before
    replaced = httpx.post(url, json={"decision": "confirm", "takeoff": line.takeoff_id, "replaces": mapping_id},
                          headers=bob, timeout=60)
    assert replaced.status_code == 200, replaced.text
    [in_force] = synced.store.query("SELECT decided_by, action, sku FROM manual_mappings WHERE description_key = ? "
                                    "AND superseded_at IS NULL", [line.description_key]).rows()
    assert in_force == ("bob", "confirm", line.best)


def test_a_concurrent_decision_between_check_and_record_is_refused_whole(synced):
    from sync_pipeline.warehouse.decisions import record_decisions
    from sync_pipeline.warehouse.mappings import StaleDecision, decide, mapping_in_force

    line = next(line for line in flagged_lines(synced.store) if line.candidates)
    seen = mapping_in_force(synced.store, line.description_key)
    record_decisions(synced.store, [decide(synced.store, line, "reject")], "carol")   # lands meanwhile
    before = decisions_and_entries(synced.store)
    with pytest.raises(StaleDecision, match="reject .*by carol"):
        record_decisions(synced.store, [decide(synced.store, line, "confirm")], "dave",
                         {line.description_key: seen.mapping_id if seen else None})
    assert decisions_and_entries(synced.store) == before


def test_status_by_default_counts_the_runs_in_flight_on_the_dagster_home_instance(synced, tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    # A takeoff_sync run about to start on that instance is an approved revision not yet written.
    with dg.DagsterInstance.get() as instance:
        instance.create_run_for_job(synced.defs.resolve_job_def(takeoff_job.name),
                                    status=dg.DagsterRunStatus.NOT_STARTED,
                                    tags={"dagster/partition": "TO-1", REVISION_TAG: "2"})
    app = create_app(webhook_secrets=[SECRET], warehouse=Warehouse(tmp_path / "warehouse"))
    with BackgroundServer(app) as server:
        for _ in range(2):   # the instance is opened once and stays usable
            answer = httpx.get(f"{server.url}/api/v1/status", headers=token_for("viewer"), timeout=60)
            assert answer.status_code == 200 and answer.json()["pending_approvals"] == 1


def test_decisions_made_while_a_pass_waits_join_it_and_a_failed_pass_does_not_stop_the_worker():
    started, release, passes = threading.Event(), threading.Event(), []

    def run(after: int) -> SyncSummary:
        passes.append(after)
        started.set()
        release.wait(10)
        if after == 0:
            raise RuntimeError("inventory down")
        return SyncSummary(revisions=["TO-1@1"])

    worker = Reprocessor(run)
    worker.submit(0)          # runs at once (and fails) ...
    assert started.wait(10)
    worker.submit(7)          # ... while these three wait for one pass from decision 5 on
    worker.submit(5)
    worker.submit(9)
    release.set()
    worker.wait(10)
    assert passes == [0, 5]
    worker.submit(11)
    worker.wait(10)
    assert passes == [0, 5, 11]
