import polars as pl
import pytest

from sync_pipeline.core.quantities import parse_quantity
from sync_pipeline.core.units import conversion_table, uom_code


@pytest.mark.parametrize(
    ("raw", "quantity", "has_error"),
    [("120", 120.0, False), ("1,200", 1200.0, False), (" 12 ", 12.0, False), ("1.5", 1.5, False),
     (".5", 0.5, False), ("-3", -3.0, False), ("approx ten", None, True), ("", None, True), (None, None, True),
     ("1,2", None, True), ("12 ft", None, True)],
)
def test_parse_quantity(raw: str | None, quantity: float | None, has_error: bool) -> None:
    parsed = parse_quantity(pl.Series([raw], dtype=pl.Utf8))
    assert parsed.columns == ["quantity", "quantity_error"]
    assert parsed["quantity"].item() == quantity
    assert (parsed["quantity_error"].item() is not None) == has_error


@pytest.mark.parametrize(
    ("raw", "code"),
    [("ea", "EA"), ("Each", "EA"), ("pcs", "EA"), ("L.F.", "FT"), ("lin  ft", "FT"), ("linear feet", "FT"),
     ("sticks", "STK"), ("lengths", "STK"), ("boxes", "BX"), ("CFT", "C"), ("MFT", "M"), ("sq ft", "SF"),
     ("spool", "SPL"), ("jar", "JAR"), ("pallet", None), ("LOT", None), ("ASSY", None), ("", None), (None, None),
     # case, punctuation, spacing and plural do not matter; a lone foot mark is feet
     ("Lin. Ft.", "FT"), ("LINFT", "FT"), ("'", "FT"), ("BXS.", "BX"), ("Sq.Ft", "SF"), ("E.A.", "EA"),
     ("Rolls", "RL"), ("C.F.T.", "C"), ("pallets", None), ("lots", None)],
)
def test_uom_code_never_guesses(raw: str | None, code: str | None) -> None:
    assert uom_code(pl.Series([raw], dtype=pl.Utf8)).item() == code


def test_conversion_table_includes_the_stock_unit() -> None:
    products = pl.DataFrame({
        "sku": ["A"], "uom": ["FT"], "description": ["CONDUIT EMT 1/2 IN X 10 FT"],
        "uom_conversions": [[{"uom": "STK", "factor": 10.0}, {"uom": "C", "factor": 100.0}]],
    })
    table = {(r["uom"]): r["factor"] for r in conversion_table(products).iter_rows(named=True)}
    assert table == {"FT": 1.0, "STK": 10.0, "C": 100.0}


def test_unit_spellings_that_collapse_onto_each_other_must_agree(tmp_path) -> None:
    from sync_pipeline.core.dictionaries import load_dictionaries

    files = {"abbreviations.csv": "term,canonical\n", "noise_words.csv": "phrase\n", "exclusive_words.csv": "group,word\n",
             "uom_spellings.csv": "spelling,code\nbx,BX\nB.X.,EA\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(ValueError, match="different units"):
        load_dictionaries(tmp_path)


def test_learned_unit_spellings_are_used() -> None:
    learned = pl.DataFrame({"kind": ["unit"], "term": ["bndl"], "canonical": ["BDL"]})
    assert uom_code(pl.Series(["BNDL."]), learned=learned).item() == "BDL"
