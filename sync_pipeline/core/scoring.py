"""Scoring of blocked (line, product) pairs: fuzzy similarity, plus what each product confirms,
contradicts or adds to what the line states. Decisions are made from these columns in matching."""

from __future__ import annotations

import polars as pl
from rapidfuzz import fuzz, process

from sync_pipeline.core.attributes import token_kind
from sync_pipeline.core.catalog_index import CatalogIndex

EXTRA_FEATURE_PENALTY = 0.03  # per catalog word the line does not mention: orders candidates only
UNSTATED_VALUE_PENALTY = 0.01  # per value of a kind the line is silent on: orders review, too small to decide alone


def evaluate_pairs(index: CatalogIndex, queries: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """Score (qid, pid) pairs: fuzzy similarity, unmentioned catalog words, stated attributes confirmed or contradicted."""
    texts = pairs.join(queries.select("qid", query_text="text"), on="qid").join(
        index.products.select("pid", "text"), on="pid"
    )
    similarity = process.cpdist(
        texts["query_text"].to_list(), texts["text"].to_list(), scorer=fuzz.token_set_ratio, workers=-1
    )
    texts = texts.select("qid", "pid", "from_part_number", similarity=pl.Series(similarity, dtype=pl.Float64) / 100)

    stated = (
        queries.select("qid", token="tokens").explode("token").drop_nulls("token").unique()
        .with_columns(kind=token_kind(pl.col("token"), index.dictionaries.word_groups))
    )
    checked = (
        texts.select("qid", "pid").join(stated, on="qid")
        .join(index.tokens, on=["pid", "token"], how="left")
        .join(index.kinds.with_columns(has_kind=pl.lit(True)), on=["pid", "kind"], how="left")
        .with_columns(present=pl.col("in_description").is_not_null())
    )
    # Unmentioned features: catalog words the line lacks, plus values of kinds the line states but
    # does not list ("KO 1/2 & 3/4" when the line says "3/4 KO"); colours of a line silent on colour do not count.
    stated_kinds = (
        stated.drop_nulls("kind").select("qid", "kind").unique()
        .join(texts.select("qid", "pid"), on="qid").join(index.kinds, on=["pid", "kind"])
        .group_by("qid", "pid").agg(stated_kind_values=pl.col("n_values").sum())
    )
    per_pair = checked.group_by("qid", "pid").agg(
        matched_words=(pl.col("in_description").fill_null(False) & pl.col("kind").is_null()).sum(),
        matched_values=(pl.col("in_description").fill_null(False) & pl.col("kind").is_not_null()).sum(),
        missing=(~pl.col("present")).sum(),
        contradicted=pl.col("token").filter(pl.col("kind").is_not_null() & ~pl.col("present")
                                            & pl.col("has_kind").fill_null(False)),
        unconfirmed=pl.col("token").filter(pl.col("kind").is_not_null() & ~pl.col("present")
                                           & ~pl.col("has_kind").fill_null(False)),
    )
    # What the product says that the line does not: two plausible candidates whose unmentioned
    # words differ are products the line does not tell apart (solid vs stranded, 1 vs 2 hole...).
    unmentioned = (
        texts.select("qid", "pid").join(index.tokens.filter("in_description").select("pid", "token"), on="pid")
        .join(stated.select("qid", "token"), on=["qid", "token"], how="anti")
        .group_by("qid", "pid").agg(unmentioned=pl.col("token").sort().str.join(" "))
    )
    units = (
        texts.select("qid", "pid").join(queries.select("qid", "uom_code"), on="qid")
        .join(index.products.select("pid", "sku"), on="pid")
        .join(index.conversions.rename({"uom": "uom_code"}), on=["sku", "uom_code"], how="left")
        .select("qid", "pid", unit_ok=pl.col("uom_code").is_null() | pl.col("factor").is_not_null())
    )
    return (
        texts.join(per_pair, on=["qid", "pid"], how="left")
        .join(unmentioned, on=["qid", "pid"], how="left")
        .join(units, on=["qid", "pid"], how="left")
        .join(stated_kinds, on=["qid", "pid"], how="left")
        .join(index.description_sizes, on="pid", how="left")
        .join(index.kinds.group_by("pid").agg(n_values=pl.col("n_values").sum()), on="pid", how="left")
        .join(index.products.select("pid", "sku", "active"), on="pid")
        .with_columns(
            pl.col("contradicted").fill_null([]),
            pl.col("unconfirmed").fill_null([]),
            pl.col("unmentioned").fill_null(""),
            line_hits=pl.col("matched_words").fill_null(0) + pl.col("matched_values").fill_null(0),
            extra=(
                pl.col("n_words").fill_null(0) - pl.col("matched_words").fill_null(0)
                + pl.col("stated_kind_values").fill_null(0) - pl.col("matched_values").fill_null(0)
            ).clip(0, 10),
            unstated_values=(pl.col("n_values").fill_null(0) - pl.col("stated_kind_values").fill_null(0)).clip(0, 10),
        )
        .with_columns(
            compatible=(pl.col("contradicted").list.len() == 0) & pl.col("active"),
            score=(
                pl.col("similarity") - EXTRA_FEATURE_PENALTY * pl.col("extra")
                - UNSTATED_VALUE_PENALTY * pl.col("unstated_values")
            ).clip(0, 1),
        )
    )
