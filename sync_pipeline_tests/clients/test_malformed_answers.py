"""Malformed answers against the clients over loopback: unreadable bodies are transient and retried,
readable bodies that break the contract are permanent, name endpoint, entity and field, and in a list
cost only the record that breaks it."""

from __future__ import annotations

import pytest

from sync_pipeline.clients.breaker import CircuitBreaker
from sync_pipeline.clients.errors import MalformedResponse, TransientError
from sync_pipeline.clients.pm import PmClient
from sync_pipeline.simulator.faults import Faults
from sync_pipeline.simulator.malformed import MalformedRule
from sync_pipeline_tests.clients.conftest import FAST


def _approved(sim) -> list[dict]:
    return [t for t in sim.state.takeoff_revisions() if t["status"] == "approved"]


def _breaches(recorder, operation: str) -> list:
    return [a for a in recorder.attempts if a.operation == operation and a.error_type == "malformed_response"]


@pytest.mark.parametrize("kind", ["truncated", "invalid_json", "non_utf8"])
def test_an_unreadable_body_is_transient_retried_and_then_fails_visibly(pm, sim, recorder, kind):
    sim.state.set_faults(Faults(malformed={"/v1/projects": MalformedRule(1.0, kind)}))
    with pytest.raises(TransientError) as err:
        pm.projects()
    assert err.value.status == 200, "the system answered; the answer could not be read"
    assert recorder.statuses("list_projects") == ["transient_error"] * 4
    sim.state.set_faults(Faults())
    assert pm.projects(), "the same call works once answers are whole again"


def test_an_unreadable_body_now_and_then_is_retried_to_success(pm, sim, recorder):
    sim.state.set_faults(Faults(malformed={"/v1/takeoffs/": MalformedRule(0.5, "truncated")}, seed=2))
    fetched = [pm.takeoff(t["id"], t["revision"]) for t in _approved(sim)[:6]]
    assert [(t.summary.id, t.summary.revision) for t in fetched] == [(t["id"], t["revision"])
                                                                      for t in _approved(sim)[:6]]
    statuses = recorder.statuses("get_takeoff")
    assert "transient_error" in statuses and statuses.count("ok") == 6


@pytest.mark.parametrize("kind,field,problem", [
    ("missing_field", "name", "missing field 'name'"),
    ("wrong_type", "revision", "field 'revision' is a string, expected an integer"),
])
def test_a_takeoff_in_the_wrong_shape_is_permanent_and_names_endpoint_entity_and_field(pm, sim, recorder,
                                                                                      kind, field, problem):
    takeoff_id = _approved(sim)[0]["id"]
    sim.state.set_faults(Faults(malformed={"/v1/takeoffs/": MalformedRule(1.0, kind, field)}))
    with pytest.raises(MalformedResponse) as err:
        pm.takeoff(takeoff_id)
    assert (err.value.endpoint, err.value.entity, err.value.field) == (f"GET /v1/takeoffs/{takeoff_id}",
                                                                       takeoff_id, field)
    assert str(err.value) == f"GET /v1/takeoffs/{takeoff_id} ({takeoff_id}): {problem}"
    assert recorder.statuses("get_takeoff") == ["ok", "permanent_error"], "one request, no retries"
    [breach] = _breaches(recorder, "get_takeoff")
    assert breach.entity == takeoff_id and str(err.value) in breach.error_detail


def test_a_summary_in_the_wrong_shape_is_left_out_of_the_list_and_reported(pm, sim, recorder):
    # The longest prefix wins: the list answers are spoiled, single takeoffs are not.
    sim.state.set_faults(Faults(malformed={"/v1/takeoffs": MalformedRule(1.0, "wrong_type", "revision"),
                                           "/v1/takeoffs/": MalformedRule(0.0)}))
    approved = _approved(sim)
    listed = [(t.id, t.revision) for t in pm.takeoffs(status="approved")]
    assert listed == [(t["id"], t["revision"]) for t in approved[1:]], "only the first record was spoiled"
    [breach] = _breaches(recorder, "list_takeoffs")
    assert (breach.entity, breach.status) == (approved[0]["id"], "permanent_error")
    assert "field 'revision' is a string" in breach.error_detail
    page, _ = pm.takeoffs_page(status="approved")
    assert [t.id for t in page] == [t["id"] for t in approved[1:]]


def test_catalog_records_in_the_wrong_shape_are_left_out_and_the_rest_are_read(inventory, sim, recorder):
    sim.state.set_faults(Faults(malformed={"/v2/products": MalformedRule(1.0, "missing_field", "sku")}))
    products = list(inventory.products())
    pages = recorder.statuses("list_products").count("ok")
    assert pages > 1 and len(products) == len(sim.state.products) - pages, "the first record of each page"
    breaches = _breaches(recorder, "list_products")
    assert len(breaches) == pages and all("missing field 'sku'" in b.error_detail for b in breaches)
    assert breaches[0].entity == "record 1"


def test_a_page_without_its_envelope_is_permanent(pm, sim, recorder):
    sim.state.set_faults(Faults(malformed={"/v1/takeoffs": MalformedRule(1.0, "missing_field")}))
    with pytest.raises(MalformedResponse, match="page without a data array"):
        list(pm.takeoffs(status="approved", project_id="PRJ-NONE"))   # an empty page: its first field goes
    assert recorder.statuses("list_takeoffs") == ["ok", "permanent_error"]


def _requirement(sim) -> dict:
    product = sim.state.data.products[0]
    return {"source_document": "TO-MALFORMED", "source_revision": 1, "warehouse_code": None,
            "lines": [{"sku": product["sku"], "quantity": 5.0, "uom": product["uom"]}]}


def test_a_truncated_write_answer_is_retried_under_its_key_and_creates_one_record(inventory, sim, recorder):
    project = sim.state.data.projects[0]["id"]
    sim.state.set_faults(Faults(malformed={"/v2/projects/": MalformedRule(1.0, "truncated")}))
    with pytest.raises(TransientError):
        inventory.post_material_requirements(project, _requirement(sim), "malformed-1")
    assert recorder.statuses("post_material_requirements") == ["transient_error"] * 4
    assert sim.state.snapshot()["counts"] == {"posts_received": 4, "records_created": 1, "idempotent_replays": 3}
    sim.state.set_faults(Faults())
    again = inventory.post_material_requirements(project, _requirement(sim), "malformed-1")
    assert again.replayed and sim.state.snapshot()["counts"]["records_created"] == 1


def test_a_write_answer_without_an_id_is_permanent_and_not_retried(inventory, sim, recorder):
    project = sim.state.data.projects[0]["id"]
    sim.state.set_faults(Faults(malformed={"/v2/projects/": MalformedRule(1.0, "missing_field", "id")}))
    with pytest.raises(MalformedResponse) as err:
        inventory.post_material_requirements(project, _requirement(sim), "malformed-2")
    assert err.value.entity == "TO-MALFORMED@1" and err.value.endpoint.startswith("POST /v2/projects/")
    assert recorder.statuses("post_material_requirements") == ["ok", "permanent_error"]
    assert sim.state.snapshot()["counts"]["posts_received"] == 1


def test_planted_bad_lines_do_not_fail_the_takeoff_fetch(pm, sim):
    takeoff = _approved(sim)[0]
    sim.state.plant_bad_lines(takeoff["id"], ["broken_utf8_description", "wrong_types", "not_an_object"])
    fetched = pm.takeoff(takeoff["id"])
    broken, wrong, bare = fetched.line_items[-3:]
    assert broken["description"].endswith("\ud83d") and isinstance(wrong["quantity"], list) and isinstance(bare, str)


def test_unreadable_answers_do_not_open_the_circuit_breaker(sim, recorder, tmp_path):
    """The system answered each time, only garbled: later takeoffs are still called, not refused."""
    breaker = CircuitBreaker("pm", tmp_path / "breakers.sqlite", failure_threshold=2)
    first, second, third = _approved(sim)[:3]
    with PmClient(sim.pm_url, sim.pm_client_id, sim.pm_client_secret, retry=FAST, on_attempt=recorder,
                  breaker=breaker) as pm:
        for takeoff in (first, second):
            sim.state.set_faults(Faults(malformed={f"/v1/takeoffs/{takeoff['id']}": MalformedRule(1.0, "non_utf8")}))
            with pytest.raises(TransientError) as err:
                pm.takeoff(takeoff["id"], takeoff["revision"])
            assert err.value.error_code == "unreadable_body"
        sim.state.set_faults(Faults())
        assert pm.takeoff(third["id"], third["revision"]).summary.id == third["id"]
