import polars as pl

from sync_pipeline.core.confidence import AUTO_FLOOR, FITS_MIDPOINT, LOOK_ALIKE, PART_NUMBER, calibrated


def confidence(score, similarity, automatic=False, look_alikes=False, part_number=False, fits=False):
    n = len(score)
    frame = pl.DataFrame({"a": [automatic] * n, "l": [look_alikes] * n, "p": [part_number] * n, "f": [fits] * n,
                          "s": score, "m": similarity})
    return frame.select(calibrated(pl.col("a"), pl.col("l"), pl.col("p"), pl.col("f"), pl.col("s"), pl.col("m"),
                                   0.9)).to_series().to_list()


def test_automatic_matches_are_sure_and_rise_with_the_score():
    values = confidence([0.9, 0.95, 1.0], [0.9, 0.95, 1.0], automatic=True)
    assert values[0] == AUTO_FLOOR and values == sorted(values) and values[-1] == 1.0


def test_review_confidence_is_monotone_in_similarity_and_half_at_the_threshold():
    values = confidence([0.5, 0.7, 0.9, 0.95], [0.5, 0.7, 0.9, 0.95])
    assert values == sorted(values) and values[0] < 0.01 and abs(values[2] - 0.5) < 1e-9


def test_a_line_held_back_only_by_its_similarity_is_surer_than_other_review_lines():
    similarity = [0.6, FITS_MIDPOINT, 0.85]
    held_back = confidence(similarity, similarity, fits=True)
    assert held_back == sorted(held_back) and abs(held_back[1] - 0.5) < 1e-9
    assert all(h > other for h, other in zip(held_back, confidence(similarity, similarity)))


def test_look_alikes_and_an_unbacked_part_number_have_their_own_confidence():
    assert confidence([0.8], [0.8], look_alikes=True) == [LOOK_ALIKE]
    assert confidence([0.3], [0.3], part_number=True) == [PART_NUMBER]
