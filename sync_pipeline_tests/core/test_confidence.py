import polars as pl

from sync_pipeline.core.confidence import AUTO_FLOOR, LOOK_ALIKE, calibrated


def confidence(automatic, look_alikes, score, similarity):
    frame = pl.DataFrame({"a": automatic, "l": look_alikes, "s": score, "m": similarity})
    return frame.select(calibrated(pl.col("a"), pl.col("l"), pl.col("s"), pl.col("m"), 0.9)).to_series().to_list()


def test_automatic_matches_are_sure_and_rise_with_the_score():
    values = confidence([True] * 3, [False] * 3, [0.9, 0.95, 1.0], [0.9, 0.95, 1.0])
    assert values[0] == AUTO_FLOOR and values == sorted(values) and values[-1] == 1.0


def test_review_confidence_is_monotone_in_similarity_and_half_at_the_threshold():
    values = confidence([False] * 4, [False] * 4, [0.5, 0.7, 0.9, 0.95], [0.5, 0.7, 0.9, 0.95])
    assert values == sorted(values) and values[0] < 0.01 and abs(values[2] - 0.5) < 1e-9


def test_a_line_held_back_only_by_look_alikes_fits_its_best():
    assert confidence([False], [True], [0.8], [0.8]) == [LOOK_ALIKE]
