"""Purchasing that never double-orders or under-orders, end to end against the simulator over loopback HTTP.

Each story ends with the same check: per warehouse and SKU, what our documents have open plus what buyers
issued from them equals the net requirement (without our documents), up to pack and minimum-order rounding.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Iterator

import httpx
import polars as pl
import pytest

from sync_pipeline import writeback
from sync_pipeline.cli import main
from sync_pipeline.core.purchase_documents import need_per_warehouse
from sync_pipeline.core.rollups import project_rollups
from sync_pipeline.defs.procurement_assets import LATEST_WRITTEN_REQUIREMENTS, PROJECT_WAREHOUSES
from sync_pipeline.defs.runner import run_sync
from sync_pipeline.simulator.faults import ErrorRule, Faults
from sync_pipeline.simulator.generator import generate
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline.warehouse.dead_letters import list_dead_letters
from sync_pipeline_tests.defs.test_dead_letters import cli_environment

STORY_DATA = generate(11, approved_takeoffs=2)


@pytest.fixture
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(data=STORY_DATA) as server:
        yield server


def platform_documents(sim: SimulatorServer) -> list[dict]:
    """Every draft and quote request on the platform, read over HTTP as the contract shows them."""
    out = []
    with httpx.Client(base_url=sim.inventory_url, headers={"Authorization": f"Token {sim.inventory_token}"}) as http:
        for path, kind in (("/v2/purchase-order-drafts", "draft"), ("/v2/quote-requests", "quote_request")):
            body = http.get(path, params={"limit": 500}).json()
            assert body["next"] is None
            out += [{**d, "kind": kind} for d in body["results"]]
    return out


def assert_open_plus_issued_matches_need(store, sim: SimulatorServer) -> dict[tuple[str, str], float]:
    """Per warehouse and SKU: open + issued from our documents == net requirement, up to rounding."""
    ours: dict[tuple[str, str], float] = defaultdict(float)
    issued: dict[tuple[str, str], float] = defaultdict(float)
    documents: dict[tuple[str, str], int] = defaultdict(int)
    for document in platform_documents(sim):
        if document["status"] not in ("open", "issued"):
            continue
        for line in document["lines"]:
            pair = (document["warehouse_code"], line["sku"])
            ours[pair] += line["quantity"]
            documents[pair] += 1
            if document["status"] == "issued":
                issued[pair] += line["quantity"]
    # The platform's on_order includes what buyers issued from our drafts; the need is what is left without it.
    stock = pl.DataFrame([{**s, "on_order": float(s["on_order"]) - issued.get((s["warehouse_code"], s["sku"]), 0.0),
                           "on_hand": float(s["on_hand"]), "allocated": float(s["allocated"])}
                          for s in sim.state.stock]).select("sku", "warehouse_code", "on_hand", "allocated", "on_order")
    need = need_per_warehouse(project_rollups(store.query(LATEST_WRITTEN_REQUIREMENTS), store.query(PROJECT_WAREHOUSES),
                                              stock))
    needed = {(r["warehouse_code"], r["sku"]): r["need"] for r in need.iter_rows(named=True)}
    unsourced = {(r["warehouse_code"], r["sku"]) for r in store.query(
        "SELECT warehouse_code, sku FROM po_recommendations WHERE kind = 'unsourced'").iter_rows(named=True)}
    rounding = {r["sku"]: r["rounding"] for r in store.query(
        "SELECT sku, max(pack_quantity + min_order_quantity) AS rounding FROM vendor_items GROUP BY 1"
    ).iter_rows(named=True)}
    checked = 0
    for pair in sorted(set(needed) | set(ours)):
        if pair in unsourced:
            continue
        want, have = needed.get(pair, 0.0), ours.get(pair, 0.0)
        slack = rounding.get(pair[1], 0.0) * max(documents.get(pair, 1), 1)
        assert want - 1e-6 <= have, f"{pair}: under-ordered, {have} open + issued for a need of {want}"
        if want <= 1e-6:
            assert have <= issued.get(pair, 0.0) + 1e-6, f"{pair}: {have} open for no need"
        else:
            assert have < want + slack + 1e-6, f"{pair}: over-ordered, {have} open + issued for a need of {want}"
        checked += 1
    assert checked > 0
    return dict(ours)


def counts(sim: SimulatorServer) -> dict:
    return sim.state.snapshot()["counts"]


def test_buyer_issues_a_draft_then_a_new_takeoff_for_the_same_skus_arrives(defs, sim, instance, store, http_control):
    assert run_sync(defs, instance).ok
    assert_open_plus_issued_matches_need(store, sim)
    drafts = [d for d in platform_documents(sim) if d["kind"] == "draft"]
    assert drafts
    # Buyers issue every draft; the first one with one line lowered (a buyer's decision, respected).
    first = drafts[-1]
    lowered = first["lines"][0]
    http_control.post(f"{sim.inventory_url}/_sim/purchase-order-drafts/{first['id']}/issue",
                      json={"lines": [{"sku": lowered["sku"], "quantity": max(1, lowered["quantity"] // 2)}]}
                      ).raise_for_status()
    for draft in drafts[:-1]:
        http_control.post(f"{sim.inventory_url}/_sim/purchase-order-drafts/{draft['id']}/issue").raise_for_status()
    # A new takeoff with the same lines as one already bought for, in the same project (same warehouse).
    model = sorted((t for t in sim.state.takeoff_revisions() if t["status"] == "approved"), key=lambda t: t["id"])[0]
    sim.state.approve_takeoff(project_id=model["project_id"], like_takeoff_id=model["id"])
    second = run_sync(defs, instance)
    assert second.ok and second.drafts_created + second.quote_requests_created > 0

    ours = assert_open_plus_issued_matches_need(store, sim)
    documents = store.query("SELECT * FROM purchase_documents")
    assert set(documents.filter(pl.col("kind") == "draft")["status"]) >= {"issued", "open"}
    edited = documents.filter(pl.col("platform_id") == first["id"]).row(0, named=True)
    assert edited["status"] == "issued" and edited["buyer_changed"] and edited["issued_po_number"]
    # Issued quantities are counted once, in on_order, not again as drafted (only open quote requests are).
    quoted = {(q["warehouse_code"], line["sku"]) for q in platform_documents(sim)
              if q["kind"] == "quote_request" and q["status"] == "open" for line in q["lines"]}
    rollups = store.query("SELECT * FROM project_rollups WHERE warehouse_code IS NOT NULL")
    issued_only = rollups.filter(~pl.struct("warehouse_code", "sku").map_elements(
        lambda r: (r["warehouse_code"], r["sku"]) in quoted, return_dtype=pl.Boolean))
    assert issued_only.height > 0 and (issued_only["drafted"] == 0).all()
    assert (issued_only["on_order"] > 0).any()
    assert ours
    # Nothing new: another sync posts nothing and cancels nothing.
    before = counts(sim)
    assert run_sync(defs, instance).ok
    assert counts(sim)["records_created"] == before["records_created"]
    assert_open_plus_issued_matches_need(store, sim)


def test_a_revision_halves_the_need(defs, sim, instance, store, http_control):
    assert run_sync(defs, instance).ok
    before = assert_open_plus_issued_matches_need(store, sim)
    for takeoff in sorted({t["id"] for t in sim.state.takeoff_revisions() if t["status"] == "approved"}):
        http_control.post(f"{sim.pm_url}/_sim/takeoffs/{takeoff}/revise", json={"scale": 0.5}).raise_for_status()
    assert run_sync(defs, instance).ok
    after = assert_open_plus_issued_matches_need(store, sim)
    assert sum(after.values()) < sum(before.values())

    cancelled = [d for d in platform_documents(sim) if d["status"] == "cancelled"]
    assert cancelled and all("sync-pipeline: need for" in d["notes"] for d in cancelled if d["kind"] == "draft")
    actions = store.query("SELECT * FROM purchase_document_actions WHERE action = 'cancelled'")
    assert actions.height == len(cancelled) and actions["detail"].str.contains("fell to").all()
    replacements = [d for d in platform_documents(sim) if d["status"] == "open" and "replaces" in (d["notes"] or "")]
    assert replacements, "the smaller drafts say which cancelled drafts they replace"
    events = store.query("SELECT * FROM integration_events WHERE operation IN "
                         "('cancel_purchase_order_draft', 'cancel_quote_request') AND status = 'ok'")
    assert events.height == len(cancelled)
    # Stable: the next run cancels nothing more and posts nothing.
    created = counts(sim)["records_created"]
    assert run_sync(defs, instance).ok
    assert counts(sim)["records_created"] == created
    assert len([d for d in platform_documents(sim) if d["status"] == "cancelled"]) == len(cancelled)


def test_process_dies_between_post_and_record_and_the_next_run_is_another_day(defs, sim, instance, store,
                                                                            monkeypatch):
    monkeypatch.setenv("SYNC_TODAY", "2026-03-02")
    real = writeback.record_documents

    def die(store_, documents):
        raise SystemExit("killed after the POST, before the record")
    monkeypatch.setattr(writeback, "record_documents", die)
    first = run_sync(defs, instance)
    assert "procurement" in first.failures
    posted = platform_documents(sim)
    assert len(posted) == 1    # the first document reached the platform, then the process died
    assert store.query("SELECT status FROM purchase_documents")["status"].to_list() == ["pending"]

    monkeypatch.setattr(writeback, "record_documents", real)
    monkeypatch.setenv("SYNC_TODAY", "2026-03-05")   # needed-by dates differ: the body is not the same
    second = run_sync(defs, instance)
    assert second.ok, second.failures
    documents = store.query("SELECT * FROM purchase_documents")
    found = documents.filter(pl.col("platform_id") == posted[0]["id"])
    assert found.height == 1 and found["status"][0] == "open"     # found again by its key, not posted again
    assert found["idempotency_key"][0] == posted[0]["idempotency_key"]
    ids = [d["id"] for d in platform_documents(sim)]
    assert len(ids) == len(set(ids)) == documents.height
    assert_open_plus_issued_matches_need(store, sim)


def test_dead_lettered_draft_counts_as_drafted_until_replayed_or_discarded(defs, sim, instance, store, monkeypatch,
                                                                          warehouse_path, capsys):
    monkeypatch.setenv("SYNC_BREAKER_COOLDOWN_SECONDS", "0.5")
    down = ErrorRule(rate=1.0, status=503, retry_after_seconds=0)
    sim.state.set_faults(Faults(errors={"POST /v2/purchase-order-drafts": down, "POST /v2/quote-requests": down}))
    first = run_sync(defs, instance)
    assert list(first.failures) == ["procurement"]
    letters = list_dead_letters(store)
    assert letters.height > 0
    assert set(store.query("SELECT status FROM purchase_documents")["status"]) == {"pending"}

    # Procurement runs again before anyone replays: nothing is proposed again.
    sim.state.set_faults(Faults())
    time.sleep(0.6)
    again = run_sync(defs, instance)
    assert again.ok and again.drafts_created == again.quote_requests_created == 0
    assert platform_documents(sim) == []
    assert (store.query("SELECT net_requirement FROM project_rollups WHERE warehouse_code IS NOT NULL "
                        "AND sku IN (SELECT sku FROM purchase_document_lines)")["net_requirement"] == 0).all()

    # One is discarded (who and why), the rest replayed: each written once.
    cli_environment(monkeypatch, sim, warehouse_path)
    discarded = int(letters["dead_letter_id"][0])
    assert main(["dead-letters", "discard", str(discarded), "--by", "dana", "--reason", "vendor closed"]) == 0
    assert main(["dead-letters", "discard", str(discarded), "--by", "dana", "--reason", "again"]) == 1
    row = store.query("SELECT * FROM dead_letters WHERE dead_letter_id = ?", [discarded]).row(0, named=True)
    assert (row["status"], row["discarded_by"], row["discard_reason"]) == ("discarded", "dana", "vendor closed")
    assert main(["dead-letters", "replay", "--all"]) == 0
    assert main(["dead-letters", "replay", str(discarded)]) == 1
    assert len(platform_documents(sim)) == letters.height - 1

    # The next run: the replayed ones are open, the discarded one no longer counts, so its need is proposed anew.
    third = run_sync(defs, instance)
    assert third.ok and third.drafts_created + third.quote_requests_created >= 1
    statuses = store.query("SELECT d.status, count(*) AS n FROM purchase_documents d GROUP BY 1")
    assert dict(statuses.iter_rows())["abandoned"] == 1
    assert_open_plus_issued_matches_need(store, sim)
    created = counts(sim)["records_created"]
    assert run_sync(defs, instance).ok and counts(sim)["records_created"] == created


def test_foreign_unlisted_and_vanished_drafts_are_logged_left_alone_and_never_counted_twice(
        defs, sim, instance, store, http_control):
    assert run_sync(defs, instance).ok
    drafts = [d for d in platform_documents(sim) if d["kind"] == "draft"]
    assert len(drafts) >= 2
    vanished, odd = drafts[0], drafts[1]
    # A draft someone else created for the same SKU, one of ours gone, one with a status the contract lacks.
    foreign = {k: odd[k] for k in ("vendor_id", "warehouse_code")} | {"lines": odd["lines"]}
    with httpx.Client(base_url=sim.inventory_url, headers={"Authorization": f"Token {sim.inventory_token}"}) as inv:
        inv.post("/v2/purchase-order-drafts", json=foreign, headers={"Idempotency-Key": "someone-else"}
                 ).raise_for_status()
    http_control.post(f"{sim.inventory_url}/_sim/documents/{vanished['id']}/remove").raise_for_status()
    http_control.post(f"{sim.inventory_url}/_sim/documents/{odd['id']}/status", json={"status": "on_hold"}
                      ).raise_for_status()
    assert run_sync(defs, instance).ok

    documents = store.query("SELECT * FROM purchase_documents")
    assert documents.filter(pl.col("platform_id") == vanished["id"])["status"].to_list() == ["missing"]
    assert documents.filter(pl.col("platform_id") == odd["id"])["status"].to_list() == ["open"]   # as it was
    actions = store.query("SELECT * FROM purchase_document_actions")
    assert actions.filter(pl.col("action") == "foreign").height == 1
    assert actions.filter((pl.col("action") == "status") & pl.col("detail").str.contains("missing")).height == 1
    breaches = store.query("SELECT * FROM integration_events WHERE error_type = 'malformed_response'")
    assert breaches["error_detail"].str.contains("on_hold").any()
    # The foreign draft is not ours: nothing of it counts; the vanished one no longer counts, so its need
    # was proposed again; the odd one still counts once, at what it last showed.
    rollups = store.query("SELECT sku, warehouse_code, sum(drafted) AS drafted FROM project_rollups GROUP BY 1, 2")
    odd_line = odd["lines"][0]
    odd_drafted = rollups.filter((pl.col("sku") == odd_line["sku"]) &
                                 (pl.col("warehouse_code") == odd["warehouse_code"]))["drafted"]
    assert odd_drafted.to_list() and odd_drafted[0] >= odd_line["quantity"] - 1e-6
    reproposed = {line["sku"] for d in platform_documents(sim) if d["status"] == "open" and d["id"] != vanished["id"]
                  and d["idempotency_key"] != "someone-else" for line in d["lines"]}
    assert {line["sku"] for line in vanished["lines"]} <= reproposed


@pytest.fixture
def http_control() -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client
