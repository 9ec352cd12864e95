"""The dev-set figures, asserted when the shared dev set is present (it is not shipped with the repo)."""

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "matching_quality.py"


def _benchmark():
    spec = importlib.util.spec_from_file_location("matching_quality", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_set_figures_meet_targets():
    benchmark = _benchmark()
    if not benchmark.DEV_SET.is_dir():
        pytest.skip(f"dev set not present at {benchmark.DEV_SET}")
    figures, _ = benchmark.quality_figures()
    assert figures["auto_precision"] >= 0.995
    assert figures["coverage"] >= 0.90
    assert figures["unsafe_auto_rate"] <= 0.01
    assert figures["quantity_accuracy"] >= 0.99
    assert figures["review_top3_recall"] >= 0.90
