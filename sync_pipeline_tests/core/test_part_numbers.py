import polars as pl
import pytest

from sync_pipeline.core.part_numbers import normalize_part_number, part_numbers_in_text


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [("KEC-8835", "KEC8835"), ("kec 8835", "KEC8835"), (" htx4210w ", "HTX4210W"), ("29670255", "29670255"),
     ("SCH 40", None), ("THWN-2", None), ("", None)],
)
def test_normalize_part_number(raw: str, normalized: str | None) -> None:
    assert pl.select(normalize_part_number(pl.lit(raw))).item() == normalized


def test_part_numbers_in_text_finds_each_family() -> None:
    found = pl.select(part_numbers_in_text(pl.lit("Topaz WN 7431 conn, Cerro 15486504 and PRH-1000-B 12 AWG"))).item()
    assert {"WN7431", "15486504", "PRH1000B"} <= set(found)
    assert "12AWG" not in found
