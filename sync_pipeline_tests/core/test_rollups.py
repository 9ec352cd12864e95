"""Project rollups: latest revision only, stock shared across projects, net never negative."""

from __future__ import annotations

import polars as pl
import pytest

from sync_pipeline.core.rollups import project_rollups

WAREHOUSES = pl.DataFrame({"project_id": ["P1", "P2", "P3"], "warehouse_code": ["WH-E", "WH-E", None]},
                          schema_overrides={"warehouse_code": pl.Utf8})


def requirements(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["takeoff_id", "revision", "project_id", "sku", "quantity", "uom"],
                        orient="row")


def stock(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"sku": pl.Utf8, "warehouse_code": pl.Utf8, "on_hand": pl.Float64,
                                      "allocated": pl.Float64, "on_order": pl.Float64}, orient="row")


def by_key(frame: pl.DataFrame) -> dict:
    return {(r["project_id"], r["sku"]): r for r in frame.iter_rows(named=True)}


def test_new_revision_replaces_old_instead_of_adding():
    out = by_key(project_rollups(
        requirements([("T1", 1, "P1", "A", 100.0, "FT"), ("T1", 2, "P1", "A", 40.0, "FT"),
                      ("T2", 1, "P1", "A", 5.0, "FT")]),
        WAREHOUSES, stock([])))
    assert out[("P1", "A")]["required_quantity"] == 45.0
    assert out[("P1", "A")]["takeoff_count"] == 2


def test_sku_dropped_in_new_revision_disappears():
    out = by_key(project_rollups(
        requirements([("T1", 1, "P1", "A", 100.0, "FT"), ("T1", 1, "P1", "B", 3.0, "EA"),
                      ("T1", 2, "P1", "A", 100.0, "FT")]), WAREHOUSES, stock([])))
    assert set(out) == {("P1", "A")}


@pytest.mark.parametrize("on_hand,allocated,on_order,net", [
    (30.0, 0.0, 0.0, 70.0),      # partly in stock
    (30.0, 10.0, 5.0, 75.0),     # available = on hand - allocated + on order
    (500.0, 0.0, 0.0, 0.0),      # fully covered: never negative
    (10.0, 50.0, 0.0, 100.0),    # over-allocated stock is not a debt of this project
])
def test_net_requirement_against_available(on_hand, allocated, on_order, net):
    out = by_key(project_rollups(requirements([("T1", 1, "P1", "A", 100.0, "FT")]), WAREHOUSES,
                                 stock([("A", "WH-E", on_hand, allocated, on_order)])))
    assert out[("P1", "A")]["net_requirement"] == pytest.approx(net)


def test_projects_sharing_a_warehouse_do_not_both_count_the_same_stock():
    out = by_key(project_rollups(
        requirements([("T1", 1, "P1", "A", 60.0, "FT"), ("T2", 1, "P2", "A", 60.0, "FT")]), WAREHOUSES,
        stock([("A", "WH-E", 100.0, 0.0, 0.0)])))
    assert out[("P1", "A")]["net_requirement"] + out[("P2", "A")]["net_requirement"] == pytest.approx(20.0)


def test_project_without_warehouse_needs_everything():
    out = by_key(project_rollups(requirements([("T3", 1, "P3", "A", 7.0, "EA")]), WAREHOUSES,
                                 stock([("A", "WH-E", 100.0, 0.0, 0.0)])))
    assert out[("P3", "A")]["net_requirement"] == 7.0


def drafted(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"sku": pl.Utf8, "warehouse_code": pl.Utf8, "quantity": pl.Float64},
                        orient="row")


@pytest.mark.parametrize("case,required,on_hand,ours,nets", [
    ("already drafted covers it", [("T1", 1, "P1", "A", 100.0, "FT")], 0.0, [("A", "WH-E", 125.0)], {"P1": 0.0}),
    ("a new takeoff: only what is still missing",
     [("T1", 1, "P1", "A", 100.0, "FT"), ("T2", 1, "P1", "A", 60.0, "FT")], 0.0, [("A", "WH-E", 125.0)],
     {"P1": 35.0}),
    ("drafts of two documents add up", [("T1", 1, "P1", "A", 100.0, "FT")], 10.0,
     [("A", "WH-E", 50.0), ("A", "WH-E", 30.0)], {"P1": 10.0}),
    ("pack surplus of one project covers the next",
     [("T1", 1, "P1", "A", 60.0, "FT"), ("T2", 1, "P2", "A", 70.0, "FT")], 0.0, [("A", "WH-E", 100.0)], {"P1": 0.0, "P2": 30.0}),
    ("a smaller revision never goes negative", [("T1", 1, "P1", "A", 100.0, "FT"), ("T1", 2, "P1", "A", 10.0, "FT")],
     0.0, [("A", "WH-E", 100.0)], {"P1": 0.0}),
    ("drafts for another warehouse do not count", [("T1", 1, "P1", "A", 100.0, "FT")], 0.0, [("A", "WH-W", 500.0)],
     {"P1": 100.0}),
    ("a project without a warehouse has no drafts", [("T3", 1, "P3", "A", 7.0, "EA")], 0.0, [("A", "WH-E", 50.0)],
     {"P3": 7.0}),
])
def test_what_we_drafted_counts_like_on_order(case, required, on_hand, ours, nets):
    out = by_key(project_rollups(requirements(required), WAREHOUSES, stock([("A", "WH-E", on_hand, 0.0, 0.0)]),
                                 drafted(ours)))
    assert {project: row["net_requirement"] for (project, _), row in out.items()} == pytest.approx(nets)
    assert all(row["net_requirement"] >= 0 for row in out.values())


def test_float_remainders_do_not_leave_dust():
    out = by_key(project_rollups(requirements([("T1", 1, "P1", "A", 0.3, "FT")]), WAREHOUSES, stock([]),
                                 drafted([("A", "WH-E", 0.1), ("A", "WH-E", 0.2)])))
    assert out[("P1", "A")]["net_requirement"] == 0.0
