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
    found = pl.select(part_numbers_in_text(pl.lit("Topaz WN 7431 conn, Cerro 15486504 and PRH-1000-B 12 AWG, "
                                                  "Ramset 5RS27 loads 4x10 sheet"))).item()
    assert {"WN7431", "15486504", "PRH1000B", "5RS27"} <= set(found)
    assert "12AWG" not in found and "4X10" not in found


def test_a_makers_number_without_its_finish_suffix_names_the_one_product_that_has_it() -> None:
    from sync_pipeline.core.catalog_index import build_catalog_index

    catalog = pl.DataFrame({
        "sku": ["N-1", "N-2", "C-1", "C-2"], "description": ["NUT SPRING 1/2", "NUT SPRING 3/8", "CLAMP A", "CLAMP B"],
        "category": [None] * 4, "manufacturer": ["Unistrut", "Unistrut", "Acme", "Acme"],
        "manufacturer_part_number": ["P1010-EG", "P4008-EG", "B2009-ZN", "B2009-GR"], "uom": ["EA"] * 4,
        "uom_conversions": [[]] * 4, "active": [True] * 4,
    }, schema_overrides={"category": pl.Utf8, "uom_conversions": pl.List(pl.Struct({"uom": pl.Utf8, "factor": pl.Float64}))})
    known = build_catalog_index(catalog).known_part_numbers
    by_number = lambda number: sorted(known.filter(pl.col("part_number") == number)["pid"].to_list())
    assert by_number("P1010") == [0] and by_number("P1010EG") == [0]
    assert by_number("B2009") == []   # two products share that base: it names neither


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
