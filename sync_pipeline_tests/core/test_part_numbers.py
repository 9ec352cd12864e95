import polars as pl
import pytest

from sync_pipeline.core.part_numbers import (
    maker_prefixed_part_number,
    normalize_part_number,
    part_numbers_in_text,
)


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


def test_thread_sizes_are_not_part_numbers() -> None:
    assert pl.select(part_numbers_in_text(pl.lit("hex cap screw 5/16-18 x 2, 7/16-14 nut"))).item().to_list() == []


@pytest.mark.parametrize(
    ("raw", "maker", "number"),
    [("Raco 2902", "raco", "2902"), ("wago 221-412", "wago", "221412"), (" Eaton  BR120 ", "eaton", "BR120"),
     ("KEC-8835", None, None), ("29670255", None, None), ("Raco", None, None), (None, None, None)],
)
def test_maker_prefixed_part_number(raw: str | None, maker: str | None, number: str | None) -> None:
    split = pl.select(maker_prefixed_part_number(pl.lit(raw, dtype=pl.Utf8))).item()
    assert (split["maker"], split["part_number"]) == (maker, number)
