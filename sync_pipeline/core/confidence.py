"""Calibrated confidence: among lines given confidence c, about c have the right proposed SKU.

The raw score (similarity less penalties) ranks candidates but is no probability: an automatic match
at score 0.93 is right far more often than 93 times in 100, a line of three look-alikes far less. The
confidence is a monotone function of the evidence within each way a line is decided, with parameters
set from what each way guarantees, not fit on any labelled set:
- an automatic match has passed every safety rule, whose error rate is held under 1 in 200 (the
  precision target): AUTO_FLOOR at the automatic threshold, rising with the score to 1;
- a line whose description does not tell look-alikes apart fits each of them: the best is a right
  reading unless the product is not in the catalog at all, which LOOK_ALIKE leaves room for;
- any other line sent to review is a logistic of its similarity, half-way at the automatic threshold
  (a line that almost passed is as likely right as not) and near zero where nothing resembles it.
A decided unit problem does not change how sure the product is, so it keeps its product confidence.
"""

from __future__ import annotations

import polars as pl

AUTO_FLOOR = 0.985  # confidence of an automatic match at the automatic threshold
LOOK_ALIKE = 0.95  # confidence of the best of several equally good readings
REVIEW_MIDPOINT = 0.90  # similarity at which a review line's best candidate is right half the time
REVIEW_STEEPNESS = 20.0  # per unit of similarity: from 0.9 to 0.75 the odds fall about twentyfold


def calibrated(automatic: pl.Expr, look_alikes: pl.Expr, score: pl.Expr, similarity: pl.Expr,
               auto_threshold: float) -> pl.Expr:
    """Confidence of the proposed SKU: `automatic` lines, lines held back only by `look_alikes`, the rest."""
    above = ((score - auto_threshold) / (1 - auto_threshold)).clip(0, 1)
    review = 1 / (1 + (-REVIEW_STEEPNESS * (similarity - REVIEW_MIDPOINT)).exp())
    return (
        pl.when(automatic).then(AUTO_FLOOR + (1 - AUTO_FLOOR) * above)
        .when(look_alikes).then(pl.lit(LOOK_ALIKE))
        .otherwise(review)
        .fill_null(0.0)
    )
