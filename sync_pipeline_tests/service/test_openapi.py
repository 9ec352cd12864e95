"""Schemathesis against the live API on loopback: every operation of /api/v1/openapi.json, with data that fits the
document and data that does not, answers without a server error and as the document says (status, content type,
headers, body schema). Bounded: a few examples per operation and mode, about a minute."""

from __future__ import annotations

import contextlib
import importlib
import pkgutil

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.generation.meta import ParameterLocation
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                               response_headers_conformance, response_schema_conformance,
                                               status_code_conformance)

from sync_pipeline.warehouse.dead_letters import record_dead_letter
from sync_pipeline.warehouse.mappings import flagged_lines
from sync_pipeline_tests.service.conftest import token_for

# Import all of schemathesis now, at collection. It is a pytest plugin, so pytest rewrites each of its modules
# with ast.parse when first imported, and it imports most of them lazily, mid-test, while the server threads
# leave objects for the collector. On CPython 3.11 a finalizer that formats a traceback (which parses too)
# during that parse fails it with "AST constructor recursion depth mismatch" (python/cpython#106905).
for _module in pkgutil.walk_packages(schemathesis.__path__, "schemathesis."):
    with contextlib.suppress(ImportError):  # optional extras (allure reporting) are not installed
        importlib.import_module(_module.name)

EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


def run(operation, mode: GenerationMode, headers: dict[str, str], base_url: str, **fixed) -> int:
    """Run EXAMPLES generated cases of one operation; how many were sent."""
    sent = []
    checks = CHECKS + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(mode, **fixed))
    def check(case):
        # A case whose headers are the invalid part (no or a bad Authorization) goes out as generated.
        own_headers = case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)
        case.call_and_validate(base_url=base_url, headers=None if own_headers else headers, checks=checks,
                               timeout=60)
        sent.append(case)

    check()
    return len(sent)


def test_every_operation_answers_as_its_openapi_document_says(api, synced, monkeypatch):
    synced.environment(monkeypatch)      # a replay reaches the simulator
    headers = token_for("operator")      # every operation is open to an operator
    document = httpx.get(f"{api.url}/api/v1/openapi.json", headers=headers).json()
    assert document["openapi"] == "3.1.0"
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{o.method.upper()} {o.path}" for o in operations} == {
        f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item}

    # Real ids too, so the answers with data are checked, not only the refusals.
    line = flagged_lines(synced.store)[0]
    letter = record_dead_letter(synced.store, operation="post_material_requirements", entity="TO-X@1",
                                payload={"source_document": "TO-X", "source_revision": 1, "lines": []},
                                idempotency_key="openapi-test", context={"project_code": line.project_id},
                                error=RuntimeError("down"), run_id="test")
    fixed = {("GET", "/api/v1/review/lines/{line_id}"): {"path_parameters": {"line_id": line.line_id},
                                                        "query": {"takeoff": line.takeoff_id}},
             ("GET", "/api/v1/dead-letters/{id}"): {"path_parameters": {"id": letter}}}
    sent = 0
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            sent += run(operation, mode, headers, api.url)
        extra = fixed.get((operation.method.upper(), operation.path))
        if extra:
            sent += run(operation, GenerationMode.POSITIVE, headers, api.url, **extra)
    assert sent >= len(operations) * 2
