import polars as pl
import pytest

from sync_pipeline.core.annotations import split_annotations


@pytest.mark.parametrize(
    ("description", "product_text", "annotations"),
    [
        ("Level 3 - 3/4 pvc elbow", "3/4 pvc elbow", "Level 3"),
        ("4in octagon box (typ. all corridors)", "4in octagon box", "(typ. all corridors)"),
        ("1 in rigid strap see E-301", "1 in rigid strap", "see E-301"),
        ("ground bushing 1in dwg E4.2 typ", "ground bushing 1in", "dwg E4.2; typ"),
        ("mc cable 12/2, 2nd floor", "mc cable 12/2,", "2nd floor"),
        ("fire caulk 10oz F&I per specs", "fire caulk 10oz", "F&I; per specs"),
        ("unistrut 1-5/8 @ zone C", "unistrut 1-5/8 @", "zone C"),
        ("pull string - by others", "pull string", "by others"),
        ("grounding rod 5/8x10 field verify", "grounding rod 5/8x10", "field verify"),
        ("bldg B: junction box 6x6x4", ": junction box 6x6x4", "bldg B"),
        ("hanger rod 3/8 lvl 4", "hanger rod 3/8", "lvl 4"),
    ],
)
def test_annotations_are_cut_out_and_kept(description, product_text, annotations):
    split = split_annotations(pl.Series([description])).row(0, named=True)
    assert " ".join(split["product_text"].split()).strip(" -") == product_text
    assert split["annotations"] == annotations


@pytest.mark.parametrize(
    "description",
    ["torpedo level 12 in", "Level 48 in box beam", "laser level", "unit heater 3kw 208v", "area light 100w",
     "floor box 2 gang", "sheet metal screw #8 x 1/2", "typhoon fan"],
)
def test_product_words_are_not_annotations(description):
    split = split_annotations(pl.Series([description])).row(0, named=True)
    assert (split["product_text"], split["annotations"]) == (description, None)
