import csv
from pathlib import Path

import polars as pl
import pytest

from sync_pipeline.cli import match as match_command
from sync_pipeline.cli.match import EXIT_BAD_INPUT
from sync_pipeline.matchfiles import write_results

import argparse

CATALOG = """sku,description,category,manufacturer,manufacturer_part_number,uom,uom_conversions,unit_cost,reorder_point,active
EC-1,CONDUIT EMT 1/2 IN X 10 FT,Conduit,Wheatland Tube,998485,FT,STK:10;C:100,0.4,500,true
EC-2,CONDUIT EMT 3/4 IN X 10 FT,Conduit,Wheatland Tube,678046,FT,STK:10;C:100,0.75,500,true
EF-1,CONNECTOR EMT SET SCREW STEEL 1/2 IN,Fittings,Topaz,WN-7431,EA,BX:25,0.45,100,true
"""
LINES = """line_id,takeoff_id,description,quantity,uom,part_number
L1,T1,"1/2"" EMT",12,sticks,
L2,T1,3/4 emt conduit,"1,200",LF,
L3,T1,1/2 emt conn,approx ten,ea,
L4,T1,,4,ea,
L5,T1,1/2 emt conn,2,pallet,
"""


def run(tmp_path: Path, catalog: str = CATALOG, lines: str | bytes = LINES, mappings: str | None = None):
    (tmp_path / "catalog.csv").write_text(catalog, encoding="utf-8")
    if isinstance(lines, bytes):
        (tmp_path / "lines.csv").write_bytes(lines)
    else:
        (tmp_path / "lines.csv").write_text(lines, encoding="utf-8")
    argv = ["match", "--catalog", str(tmp_path / "catalog.csv"), "--lines", str(tmp_path / "lines.csv"),
            "--out", str(tmp_path / "out.csv")]
    if mappings is not None:
        (tmp_path / "mappings.csv").write_text(mappings, encoding="utf-8")
        argv += ["--mappings", str(tmp_path / "mappings.csv")]
    parser = argparse.ArgumentParser()
    match_command.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.handler(args)


def results_of(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {row["line_id"]: row for row in csv.DictReader(handle)}


def results(tmp_path: Path) -> dict[str, dict[str, str]]:
    return results_of(tmp_path / "out.csv")


def test_match_command_end_to_end(tmp_path):
    assert run(tmp_path) == 0
    rows = results(tmp_path)
    assert list(rows) == ["L1", "L2", "L3", "L4", "L5"]
    assert list(rows["L1"]) == ["line_id", "status", "sku", "confidence", "method", "candidates", "stock_uom",
                                "stock_quantity", "reason", "annotations"]
    assert (rows["L1"]["status"], rows["L1"]["sku"], float(rows["L1"]["stock_quantity"])) == ("matched", "EC-1", 120.0)
    assert (rows["L2"]["status"], rows["L2"]["sku"], float(rows["L2"]["stock_quantity"])) == ("matched", "EC-2", 1200.0)
    assert rows["L2"]["candidates"].split("|")[0] == "EC-2"
    assert rows["L3"]["status"] == "review" and "quantity" in rows["L3"]["reason"]
    assert rows["L4"]["status"] == "unmatched" and "empty" in rows["L4"]["reason"]
    assert rows["L5"]["status"] == "review" and "pallet" in rows["L5"]["reason"]


def test_mappings_file_is_applied(tmp_path):
    assert run(tmp_path, mappings='description,sku\n"1/2"" EMT",EC-2\n') == 0
    assert (results(tmp_path)["L1"]["sku"], results(tmp_path)["L1"]["method"]) == ("EC-2", "mapping")


def test_mappings_teach_spellings_used_for_other_lines(tmp_path, capsys):
    lines = "line_id,takeoff_id,description,quantity,uom,part_number\nL1,T1,3/4 etm,10,FT,\nL2,T1,1/2 etm,10,FT,\n"
    assert run(tmp_path, lines=lines) == 0
    assert results(tmp_path)["L2"]["status"] != "matched"  # too short a word to read as a typo unaided
    assert run(tmp_path, lines=lines, mappings="description,sku\n3/4 etm,EC-2\n") == 0
    assert "dictionary entries learned" in capsys.readouterr().out
    assert (results(tmp_path)["L2"]["status"], results(tmp_path)["L2"]["sku"]) == ("matched", "EC-1")


def test_annotations_are_written_beside_the_result(tmp_path):
    lines = "line_id,takeoff_id,description,quantity,uom,part_number\nL1,T1,Level 2 - 3/4 emt (see E-201),10,FT,\n"
    assert run(tmp_path, lines=lines) == 0
    row = results(tmp_path)["L1"]
    assert (row["status"], row["sku"], row["annotations"]) == ("matched", "EC-2", "Level 2; (see E-201)")


@pytest.mark.parametrize(
    ("catalog", "lines", "expected"),
    [
        (CATALOG.replace("STK:10;C:100,0.75", "STK=10,0.75"), LINES, ["catalog.csv", "row 3", "uom_conversions"]),
        (CATALOG.replace(",uom,", ",unit,"), LINES, ["catalog.csv", "missing column", "uom"]),
        (CATALOG + "EC-1,DUP,,,,FT,,,,true\n", LINES, ["catalog.csv", "row 5", "sku", "duplicate"]),
        (CATALOG.replace("500,true\nEF", "500,maybe\nEF"), LINES, ["catalog.csv", "row 3", "active"]),
        (CATALOG, LINES.replace("line_id,", "id,"), ["lines.csv", "missing column", "line_id"]),
        (CATALOG, LINES.encode("utf-8") + b"L6,T1,caf\xe9,1,ea,\n", ["lines.csv", "line 7", "UTF-8"]),
    ],
)
def test_malformed_input_names_file_row_and_column(tmp_path, capsys, catalog, lines, expected):
    assert run(tmp_path, catalog, lines) == EXIT_BAD_INPUT
    message = capsys.readouterr().err
    for part in expected:
        assert part in message
    assert not (tmp_path / "out.csv").exists()


def test_missing_file_is_a_clear_error(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    match_command.register(parser.add_subparsers())
    args = parser.parse_args(["match", "--catalog", str(tmp_path / "nope.csv"), "--lines", str(tmp_path / "x.csv"),
                              "--out", str(tmp_path / "out.csv")])
    assert args.handler(args) == EXIT_BAD_INPUT
    assert "nope.csv: file not found" in capsys.readouterr().err


def test_confidence_is_written_as_a_readers_figure(tmp_path):
    results = pl.DataFrame({"line_id": ["L1", "L2"], "status": ["matched", "review"], "sku": ["EC-1", None],
                            "confidence": [0.9984999999999999, 0.00001889277603965801], "method": ["fuzzy"] * 2,
                            "candidates": [["EC-1"], []], "stock_uom": ["FT", None], "stock_quantity": [10.0, None],
                            "reason": ["r", "r"], "annotations": [None, None]})
    write_results(results, tmp_path / "out.csv")
    assert [row["confidence"] for row in results_of(tmp_path / "out.csv").values()] == ["0.998", "0.0"]
