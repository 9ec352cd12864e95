import polars as pl
import pytest

from sync_pipeline.core.dictionaries import load_dictionaries
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
        ("#12 THHN str blk", "12ga thhn thwn stranded black"),
        ("12 AWG THHN", "12ga thhn thwn"),
        ("No. 12 thhn", "12ga thhn thwn"),
        ("#1/0 THHN WH", "1/0ga thhn thwn white"),
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
        ("REBAR #4 GRADE 60 X 20 FT", "rebar 4ga 60grade 20ft"),  # a grade is no side of a 60 x 20
        ("BOX 1-GANG PVC", "box 1gang pvc"),
        ("3/4 emt 90s", "0.75in emt 90deg"),
        ("pvc glue pint", "pvc cement 16oz"),
        ("80# bag concrete", "80lb bag concrete"),
        ("LUMBER 2X10 X 12 FT", "lumber 2x10dim 2in 10in 12ft"),  # three measures: a face and a length
        ("FILTER 20 X 20 X 1 IN", "filter 20x20dim 20in 20in 1in"),
        ("16x25x1 filters", "16x25dim 1in filter"),
        ("w/ 3#12 thhn", "3in 12ga thhn thwn"),   # three #12 wires: no pounds
        ("#12 thhn str gr 500'", "12ga thhn thwn stranded gr 500ft"),   # green, 500 ft: no grade
        ("REBAR #4 GR60 20'", "rebar 4ga 60grade 20ft"),
        ("caulk 1 qt tube", "sealant 32oz pipe"),
    ],
)
def test_canonical_text(raw: str, expected: str) -> None:
    assert canonical_text(pl.Series([raw])).item() == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3/4 PVC-80 cond", "0.75in pvc sch80 conduit"),  # schedule written into the material
        ("2 in electrical metallic tubing", "2in emt"),  # spelled-out names of conduit types
        ("1 in emt conduit", "1in emt"),  # EMT is a conduit: the noun adds nothing
        ("1/2 RMC", "0.5in rigid steel"),  # rigid conduit is steel, never PVC...
        ("sch 80 rigid pvc 2", "sch80 pvc 2in"),  # ... unless it says rigid PVC
        ("1-1/4 gate valve FNPT", "1.25in gate valve fnpt threaded"),  # pipe-thread ends are threaded
        ("wire nuts tan", "wire connector tan"),  # plural of a two-word phrase
        ("1/4-20 all-thread rod", "0.25in 20tpi threaded rod"),  # hyphenated phrase
        ("self-drilling screw #10 x 1", "self drill screw 10ga 1in"),
        ("6 in sharp point lath screw", "6in sharp lath screw"),  # the point type, not a word "point"
        ("hd no-hub cplg 6", "heavy duty no hub coupling 6in"),
        ("tamper resist recep", "tamper resistant receptacle"),
        ("HOM 1p 15a", "homeline 1pole 15a"),
    ],
)
def test_trade_spellings(raw: str, expected: str) -> None:
    assert canonical_text(pl.Series([raw])).item() == expected


def test_abbreviation_targets_are_themselves_canonical(tmp_path) -> None:
    files = {
        "abbreviations.csv": "term,canonical\nmetal,steel\nfmc,flexible metal conduit\nfine,fine thread\nft,fine\n",
        "uom_spellings.csv": "spelling,code\nea,EA\n", "noise_words.csv": "phrase\ntyp\n",
        "exclusive_words.csv": "group,word\nthread,fine\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    words = load_dictionaries(tmp_path).abbreviations
    assert words["fmc"] == "flexible steel conduit"  # "metal" is written "steel" everywhere else
    assert words["fine"] == "fine thread"  # a word expanding to itself is not repeated
    assert words["ft"] == "fine thread"


def test_description_key_ignores_case_punctuation_and_order_but_not_dictionaries() -> None:
    keys = description_key(pl.Series(['1/2" EMT Conn.', "emt, conn 1/2", "EMT conn ½", "1/2 emt connector"]))
    assert keys[0] == keys[1] == keys[2] == "1/2 conn emt"
    assert keys[3] != keys[0]  # a different text, whatever the dictionaries say it means


def test_blank_descriptions_have_no_tokens() -> None:
    assert description_key(pl.Series(["", None, "  "])).to_list() == ["", "", ""]
