"""Malformed answers and planted bad lines, steered through the /_sim/ control API as another process would."""

from __future__ import annotations

import json

import httpx
import pytest

from sync_pipeline.simulator.faults import Faults
from sync_pipeline.simulator.malformed import ONE_MEGABYTE, MalformedRule
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline_tests.simulator.conftest import pm_client


def _set(http: httpx.Client, sim: SimulatorServer, **faults) -> None:
    assert http.post(f"{sim.pm_url}/_sim/faults", json=faults).status_code == 200


def _readable(body: bytes) -> bool:
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


def test_each_kind_spoils_successful_answers_as_named(http: httpx.Client, fresh_sim: SimulatorServer) -> None:
    with pm_client(fresh_sim) as pm:
        clean = pm.get("/v1/projects").content
        spoiled = {}
        for kind in ("truncated", "invalid_json", "non_utf8", "missing_field", "wrong_type"):
            _set(http, fresh_sim, malformed={"/v1/projects": {"rate": 1.0, "kind": kind}})
            answer = pm.get("/v1/projects")
            assert answer.status_code == 200 and int(answer.headers["content-length"]) == len(answer.content)
            spoiled[kind] = answer.content
        _set(http, fresh_sim, malformed={"/v1/takeoffs": {"rate": 1.0, "kind": "wrong_type", "field": "revision"}})
        retyped = pm.get("/v1/takeoffs").json()["data"][0]
        missing = pm.get("/v1/takeoffs/TO-NOPE")
    assert clean.startswith(spoiled["truncated"]) and not _readable(spoiled["truncated"])
    assert not _readable(spoiled["invalid_json"])
    with pytest.raises(UnicodeDecodeError):
        spoiled["non_utf8"].decode("utf-8")
    first = json.loads(clean)["data"][0]
    assert json.loads(spoiled["missing_field"])["data"][0] == {k: v for k, v in first.items() if k != "id"}
    assert json.loads(spoiled["wrong_type"])["data"][0] == {**first, "id": 12345}
    assert retyped["revision"] == "12345", "a named field is the one retyped"
    assert missing.status_code == 404 and missing.json()["error"] == "not_found", "error answers are left alone"


def test_malformed_answers_are_off_by_default_and_repeat_for_a_seed(http: httpx.Client,
                                                                    fresh_sim: SimulatorServer) -> None:
    assert http.get(f"{fresh_sim.pm_url}/_sim/faults").json()["malformed"] == {}
    runs = []
    with pm_client(fresh_sim) as pm:
        assert _readable(pm.get("/v1/projects").content)
        for _ in range(2):
            _set(http, fresh_sim, malformed={"/v1/": {"rate": 0.5, "kind": "truncated"}}, seed=4)
            runs.append([_readable(pm.get("/v1/projects").content) for _ in range(20)])
    assert runs[0] == runs[1] and set(runs[0]) == {True, False}
    assert http.get(f"{fresh_sim.pm_url}/_sim/state").json()["counts"], "control answers are never spoiled"


def test_an_injected_error_wins_over_a_malformed_answer(fresh_sim: SimulatorServer) -> None:
    fresh_sim.state.set_faults(Faults.from_json({"errors": {"/v1/": {"rate": 1.0, "status": 503}},
                                                 "malformed": {"/v1/": {"rate": 1.0, "kind": "invalid_json"}}}))
    with pm_client(fresh_sim) as pm:
        answer = pm.get("/v1/projects")
    assert answer.status_code == 503 and answer.json()["error"] == "service_unavailable"


@pytest.mark.parametrize("rule", [{"rate": 2}, {"rate": 0.5, "kind": "gibberish"}, {"chance": 1}])
def test_bad_malformed_settings_are_refused(http: httpx.Client, sim: SimulatorServer, rule: dict) -> None:
    answer = http.post(f"{sim.pm_url}/_sim/faults", json={"malformed": {"/v1/": rule}})
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_request"


def test_planted_bad_lines_reach_clients_as_stored(http: httpx.Client, fresh_sim: SimulatorServer) -> None:
    takeoff = next(t for t in fresh_sim.state.takeoff_revisions() if t["status"] == "approved")
    kinds = ["huge_description", "unparseable_quantity", "missing_uom", "broken_utf8_description",
             "control_characters", "wrong_types", "not_an_object"]
    planted = http.post(f"{fresh_sim.pm_url}/_sim/takeoffs/{takeoff['id']}/plant", json={"bad_lines": kinds})
    assert planted.status_code == 200
    assert planted.json()["line_count"] == len(takeoff["line_items"]) + len(kinds)
    with pm_client(fresh_sim) as pm:
        answer = pm.get(f"/v1/takeoffs/{takeoff['id']}")
    assert answer.status_code == 200 and answer.content.isascii(), "non-ASCII text travels as \\u escapes"
    huge, abc, no_uom, broken, controls, wrong, bare = answer.json()["line_items"][-len(kinds):]
    assert len(huge["description"]) == ONE_MEGABYTE
    assert abc["quantity"] == "abc" and "uom" not in no_uom
    assert broken["description"].endswith("\ud83d"), "half an emoji: a lone surrogate"
    assert controls["description"].startswith("\x00") and "\x1b" in controls["description"]
    assert isinstance(wrong["description"], dict) and isinstance(wrong["quantity"], list)
    assert isinstance(bare, str)
    assert http.post(f"{fresh_sim.pm_url}/_sim/takeoffs/{takeoff['id']}/revise").status_code == 201, \
        "a takeoff holding bad lines can still be revised"


@pytest.mark.parametrize("body", [{"bad_lines": ["nope"]}, {"bad_lines": []}, {"bad_lines": "huge_description"}])
def test_unknown_bad_line_kinds_are_refused(http: httpx.Client, sim: SimulatorServer, body: dict) -> None:
    takeoff_id = sim.state.takeoff_revisions()[0]["id"]
    answer = http.post(f"{sim.pm_url}/_sim/takeoffs/{takeoff_id}/plant", json=body)
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_request"


def test_a_rule_spoils_by_kind_without_a_server() -> None:
    body = json.dumps({"data": [{"id": "TO-1", "revision": 2}], "next_cursor": None}).encode()
    assert json.loads(MalformedRule(1.0, "missing_field", "revision").spoil(body))["data"] == [{"id": "TO-1"}]
    assert json.loads(MalformedRule(1.0, "wrong_type").spoil(b"{}")) == {}, "nothing to break in an empty object"
