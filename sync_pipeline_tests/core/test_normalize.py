import polars as pl
import pytest

from sync_pipeline.core.normalize import canonical_text, description_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('1-1/4" EMT cplg', "1.25in emt coupling"),
        ("1 1/4 in emt coupling", "1.25in emt coupling"),
        ("1.25IN EMT COUPLING", "1.25in emt coupling"),
        ("½\" emt conn", "0.5in emt connector"),
        (".5in emt", "0.5in emt"),
        ("5/8\" type x gyp bd 4'x8'", "0.625in typex gypsum board 4x8dim"),
        ("#12 THHN str blk", "12ga thhn stranded black"),
        ("12 AWG THHN", "12ga thhn"),
        ("No. 12 thhn", "12ga thhn"),
        ("#1/0 THHN WH", "1/0ga thhn white"),
        ("3.625\" 25ga mtl stud 12'", "3.625in 25ga steel stud 12ft"),
        ("12/3 MC cable", "12ga 3cond mc cable"),
        ("20a 1p sw gry", "20a 1pole switch gray"),
        ("15A three way switch", "15a 3way switch"),
        ("2G mudring 1/2 raised", "2gang mud ring 0.5in raised"),
        ("3/4 PVC SCH80 conduit (typ.) F&I", "0.75in pvc sch80 conduit"),
        ("1/2 galv recep per spec", "0.5in galv receptacle"),
        ("THREADED ROD 1/4-20 X 10 FT", "threaded rod 0.25in 20tpi 10ft"),
        ("6\" pvc dwv 1/8 bend", "6in pvc dwv 45deg bend"),
        ("1/2 x 5-1/2 wedge anchors", "0.5x5.5dim 0.5in 5.5in wedge anchor"),
        ("CertainTeed 328107 1/2 in gyp bd", "certainteed 328107 0.5in gypsum board"),
        ("SCH 40 3/4 IN", "sch40 0.75in"),
    ],
)
def test_canonical_text(raw: str, expected: str) -> None:
    assert canonical_text(pl.Series([raw])).item() == expected


def test_description_key_is_stable_across_spellings_and_order() -> None:
    keys = description_key(pl.Series(['1/2" EMT conn', "1/2 in emt connector", "EMT connector 0.5in", "3/4 emt conn"]))
    assert keys[0] == keys[1] == keys[2]
    assert keys[0] != keys[3]


def test_blank_descriptions_have_no_tokens() -> None:
    assert description_key(pl.Series(["", None, "  "])).to_list() == ["", "", ""]
