"""Calibrated confidence: among lines given confidence c, about c have the right proposed SKU.

The raw score (similarity less penalties) ranks candidates but is no probability: an automatic match
at score 0.93 is right far more often than 93 times in 100, a line of three look-alikes far less. The
confidence is a monotone function of the evidence within each way a line is decided:
- an automatic match has passed every safety rule, whose error rate is held under 1 in 200 (the
  precision target): AUTO_FLOOR at the automatic threshold, rising with the score to 1;
- a line whose description does not tell look-alikes apart fits each of them: the best is a right
  reading unless the product is not in the catalog at all, which LOOK_ALIKE leaves room for;
- a part number the catalog knows, held back because the description does not clearly agree, names
  the right product PART_NUMBER times in 100;
- a line held back only by its similarity (every stated attribute confirmed, nothing pointing
  elsewhere, no close rival) is a logistic of its similarity half-way at FITS_MIDPOINT: unfamiliar
  wording of a product the catalog has, far more often than not;
- any other line sent to review is a logistic of its similarity, half-way at the automatic threshold
  (a line that almost passed is as likely right as not) and near zero where nothing resembles it.
A decided unit problem does not change how sure the product is, so it keeps its product confidence.
The constants come from the labelled sets the team has read (dev, challenge, perturbed, the first
blind set), pooled: each way's share right there; the sealed blind set checks them.
"""

from __future__ import annotations

import polars as pl

AUTO_FLOOR = 0.985  # confidence of an automatic match at the automatic threshold
LOOK_ALIKE = 0.90  # confidence of the best of several equally good readings
PART_NUMBER = 0.90  # confidence of the SKU a known part number names, the description unclear
FITS_MIDPOINT = 0.70  # similarity at which a line held back only by its similarity is right half the time
REVIEW_MIDPOINT = 0.90  # similarity at which any other review line's best candidate is right half the time
REVIEW_STEEPNESS = 20.0  # per unit of similarity: from 0.9 to 0.75 the odds fall about twentyfold


def _logistic(similarity: pl.Expr, midpoint: float) -> pl.Expr:
    return 1 / (1 + (-REVIEW_STEEPNESS * (similarity - midpoint)).exp())


def calibrated(automatic: pl.Expr, look_alikes: pl.Expr, part_number: pl.Expr, fits_but_similarity: pl.Expr,
               score: pl.Expr, similarity: pl.Expr, auto_threshold: float) -> pl.Expr:
    """Confidence of the proposed SKU: `automatic` lines, lines held back only by `look_alikes`, by a
    `part_number` the description does not clearly back, or only by their similarity; the rest."""
    above = ((score - auto_threshold) / (1 - auto_threshold)).clip(0, 1)
    return (
        pl.when(automatic).then(AUTO_FLOOR + (1 - AUTO_FLOOR) * above)
        .when(look_alikes).then(pl.lit(LOOK_ALIKE))
        .when(part_number).then(pl.lit(PART_NUMBER))
        .when(fits_but_similarity).then(_logistic(similarity, FITS_MIDPOINT))
        .otherwise(_logistic(similarity, REVIEW_MIDPOINT))
        .fill_null(0.0)
    )
