"""Takeoff lines to catalog SKUs: manual mappings, then part numbers, then attribute-aware fuzzy matching.

A line is matched automatically only when one candidate is confident, clearly ahead of the
next one, confirms every attribute the line states, leaves no line word unexplained that other
catalog products use, and its unit converts into the SKU's stock unit. Everything else goes to
review with ranked candidates, or is unmatched when no catalog product is plausible. Ties are
not broken by luck: if the description does not tell two products apart (a "sibling" differing
only in what the line omits: solid vs stranded, type K vs L, 4x8 vs 4x12), a person decides,
however the penalties would have ranked them.
"""

from __future__ import annotations

import polars as pl

from sync_pipeline.core.attributes import MEASURED_KINDS, token_kind
from sync_pipeline.core.catalog_index import CatalogIndex, build_catalog_index
from sync_pipeline.core.confidence import calibrated
from sync_pipeline.core.dictionaries import unit_spelling_key
from sync_pipeline.core.normalize import description_key
from sync_pipeline.core.notes import without_notes
from sync_pipeline.core.part_numbers import (
    maker_prefixed_part_number,
    normalize_part_number,
    part_numbers_in_text,
)
from sync_pipeline.core.scoring import evaluate_pairs
from sync_pipeline.core.reading import read_descriptions
from sync_pipeline.core.spelling import read_among
from sync_pipeline.core.token_sets import sorted_sets
from sync_pipeline.core.units import product_units, uom_code

AUTO_MIN_SIMILARITY = 0.85  # rapidfuzz token-set similarity the best candidate needs for an automatic match
COMPLETE_MIN_SIMILARITY = 0.80  # the same, for a candidate containing every word of the line
SIBLING_MAX_LOST_WORDS = 1  # a sibling may lack one line word: "copper tube" is also a "TYPE L COPPER 1 IN"
SIBLING_SIMILARITY_BAND = 0.10  # an alternative this close in similarity is a plausible reading of the line
AUTO_MIN_MARGIN = 0.025  # lead over the next compatible candidate; one unmentioned feature is 0.03
REVIEW_MIN_SIMILARITY = 0.60  # below this nothing in the catalog resembles the line: unmatched
PART_NUMBER_MIN_SIMILARITY = 0.50  # a part number wins only if the description is about the same thing
CANDIDATES_PER_LINE = 40  # blocked candidates scored per distinct description
CANDIDATES_SHOWN = 5

RESULT_SCHEMA = {
    "line_id": pl.Utf8, "status": pl.Utf8, "sku": pl.Utf8, "confidence": pl.Float64, "method": pl.Utf8,
    "candidates": pl.List(pl.Utf8), "uom_code": pl.Utf8, "stock_uom": pl.Utf8,
    "stock_quantity": pl.Float64, "reason": pl.Utf8, "annotations": pl.Utf8,
}


def _describe_lines(index: CatalogIndex, lines: pl.DataFrame, learned: pl.DataFrame | None) -> pl.DataFrame:
    """Per input line: annotations apart, canonical tokens (unknown words read as catalog words), mapping
    keys, unit code, stated part numbers."""
    split, tokens = read_descriptions(index, lines["description"], learned)
    return lines.with_row_index("row").with_columns(
        tokens=tokens,
        text=tokens.list.join(" "),
        annotations=split["annotations"],
        description_key=description_key(lines["description"]),
        reading_key=_reading_key(tokens),
        uom_code=uom_code(lines["uom"], index.dictionaries, learned),
        unit_key=unit_spelling_key(pl.col("uom").cast(pl.Utf8)).replace("", None),
        stated_part_number=normalize_part_number(pl.col("part_number")),
        maker_part_number=maker_prefixed_part_number(pl.col("part_number")),
        text_part_numbers=part_numbers_in_text(split["product_text"]),
    )


def _part_number_hits(index: CatalogIndex, queries: pl.DataFrame) -> pl.DataFrame:
    """(qid, pid, part_number, source, from_column) for every part number a query states that the catalog knows."""
    known = index.known_part_numbers
    stated = pl.concat([
        queries.select("qid", part_number="stated_part_number", from_column=pl.lit(True)),
        queries.select("qid", part_number="text_part_numbers", from_column=pl.lit(False)).explode("part_number"),
    ]).drop_nulls("part_number")
    # "Raco 2902": the number after a maker's name counts for that maker's products only.
    by_maker = (
        queries.select("qid", pl.col("maker_part_number").struct.unnest()).drop_nulls("part_number")
        .join(known, on="part_number")
    )
    by_maker = by_maker.filter(_stated_by(index, by_maker["pid"], by_maker.select(index.tids("maker")).to_series()))
    by_maker = by_maker.select("qid", "part_number", "pid", "source", from_column=pl.lit(True))
    hits = pl.concat([stated.join(known, on="part_number"), by_maker], how="diagonal_relaxed")
    # A part number typed in the part-number column outranks one spotted in the description.
    return hits.filter(pl.col("from_column") == pl.col("from_column").max().over("qid"))


def _stated_by(index: CatalogIndex, pid: pl.Series, tid: pl.Series) -> pl.Series:
    """Per row: whether product `pid` states token `tid` (null: a token the catalog does not use)."""
    return pl.Series(index.states(pid.cast(pl.Int64).to_numpy(), tid.fill_null(-1).cast(pl.Int64).to_numpy()))


def _line_tokens(queries: pl.DataFrame) -> pl.DataFrame:
    """(qid, token): the distinct canonical tokens of each query."""
    return queries.select("qid", token="tokens").explode("token").drop_nulls("token").unique()


def _with_kind(index: CatalogIndex, tokens: pl.DataFrame) -> pl.DataFrame:
    """`tokens` with the attribute kind of its token column, read once per distinct token."""
    distinct = tokens.select("token").unique()
    kinds = distinct.with_columns(kind=token_kind(pl.col("token"), index.dictionaries.word_groups))
    return tokens.join(kinds, on="token", how="left")


def _coverage(index: CatalogIndex, line: pl.DataFrame, contenders: pl.DataFrame,
              best: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Per contender, the line tokens it leaves out that the best states (lost). Scoring has listed the line
    tokens each product states nowhere (`absent`, description or maker name): the rest it states."""
    uncovered = contenders.select("qid", "pid", token="absent").explode("token").drop_nulls("token")
    best_lacks = uncovered.join(best, on=["qid", "pid"]).select("qid", "token")
    best_states = line.select("qid", "token").join(best_lacks, on=["qid", "token"], how="anti")
    return {"lost": uncovered.join(best_states, on=["qid", "token"])}


def _unexplained(index: CatalogIndex, ranked: pl.DataFrame) -> pl.DataFrame:
    """(qid, best_unexplained): the line words the best leaves out that another candidate states. Only
    such a word names a feature the best lacks ("wood" where a wood screw was found too); a word no
    candidate states ("backer", a misspelling nobody could read) says nothing about which product is meant.
    A short word that is the initials of words a product states ("wr": weather resistant) is stated by it."""
    ranked = ranked.filter(pl.col("missing").first().over("qid") > 0)  # only a best missing a word can lack one
    # A lone letter ("t-stat", "T&B", "c/o") says too little to point at another product.
    absent = ranked.select("qid", "pid", token="absent").explode("token").drop_nulls("token").filter(
        pl.col("token").str.len_chars() > 1)
    absent = absent.join(_initialisms(index, absent), on=["pid", "token"], how="anti")
    per_query = ranked.group_by("qid").agg(candidates=pl.len())
    stated_elsewhere = absent.group_by("qid", "token").agg(lacking=pl.len()).join(per_query, on="qid").filter(
        pl.col("lacking") < pl.col("candidates")).select("qid", "token")
    best = absent.join(ranked.group_by("qid", maintain_order=True).agg(pl.col("pid").first()), on=["qid", "pid"])
    return best.join(stated_elsewhere, on=["qid", "token"]).group_by("qid").agg(
        best_unexplained=pl.col("token").unique().sort())


_NOT_INITIALS = frozenset({"an", "as", "at", "by", "in", "is", "it", "of", "on", "or", "to", "up", "and", "for", "per",
                           "the"})


def _initialisms(index: CatalogIndex, absent: pl.DataFrame) -> pl.DataFrame:
    """(pid, token): short words of the lines (two to four letters, unknown to the catalog) that are the
    initials of consecutive words of that product's text."""
    short = absent.filter(pl.col("token").str.contains(r"^[a-z]{2,4}$")
                          & ~pl.col("token").is_in(list(_NOT_INITIALS))).select("pid", "token").unique()
    short = short.filter(~pl.col("token").is_in(index.vocabulary["token"].implode()))
    texts = index.products.select("pid", "text").join(short.select("pid").unique(), on="pid")
    found = []
    for pid, text in texts.iter_rows():
        words = [w for w in text.split() if w.isalpha()]
        initials = {"".join(w[0] for w in words[i:i + n]) for n in (2, 3, 4) for i in range(len(words) - n + 1)}
        found += [(pid, token) for token in initials]
    return short.join(pl.DataFrame(found, schema={"pid": short.schema["pid"], "token": pl.Utf8}, orient="row"),
                      on=["pid", "token"], how="semi")


def _additions(index: CatalogIndex, line: pl.DataFrame, contenders: pl.DataFrame,
               best: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Per contender, what it states beyond the line, compared with the best:
    extra_values: measured values beside the line's own (the 3/4 of a 3/4x3/4x1/2 tee for "1/2 tee");
    other_value: another value than the best's of an attribute the line is silent on (type L where the
    best is type M, foam core where it is solid; a length is packaging, not a reading);
    new_word: a plain word the best does not state (a stud where the best is the "track" of the line)."""
    stated_kinds = line.drop_nulls("kind").select("qid", "kind").unique().with_columns(stated=pl.lit(True))
    extras = _with_kind(index, contenders.select(
        "qid", "pid", token=pl.col("unmentioned").str.split(" ")).explode("token").filter(pl.col("token") != ""))
    extras = extras.join(stated_kinds, on=["qid", "kind"], how="left").with_columns(pl.col("stated").fill_null(False))
    values = (
        extras.filter(pl.col("kind").is_not_null() & ~pl.col("stated") & (pl.col("kind") != "length"))
        .group_by("qid", "pid", "kind").agg(values=pl.col("token").sort().str.join(" "))
    )
    best_values = values.join(best, on=["qid", "pid"]).select("qid", "kind", best_values="values")
    best_words = extras.join(best, on=["qid", "pid"]).select("qid", "token")
    return {
        "extra_values": extras.filter(pl.col("stated") & pl.col("kind").is_in(list(MEASURED_KINDS))),
        "other_value": values.join(best_values, on=["qid", "kind"]).filter(pl.col("values") != pl.col("best_values")),
        "new_word": extras.filter(pl.col("kind").is_null()).join(best_words, on=["qid", "token"], how="anti"),
    }


def _readings(index: CatalogIndex, queries: pl.DataFrame, contenders: pl.DataFrame) -> pl.DataFrame:
    """(qid, pid, lost, extra_values, other_value, new_word): how each contender reads the
    line compared with the best, the first contender of its query (see `_coverage`, `_additions`)."""
    line = _with_kind(index, _line_tokens(queries))
    best = contenders.group_by("qid", maintain_order=True).agg(pl.col("pid").first())
    found = _coverage(index, line, contenders, best) | _additions(index, line, contenders, best)
    aggregations = {"lost": pl.len(), "extra_values": pl.len(),
                    "other_value": pl.lit(True), "new_word": pl.lit(True)}
    readings = contenders.select("qid", "pid")
    for name, aggregation in aggregations.items():
        per_candidate = found[name].group_by("qid", "pid").agg(aggregation.alias(name))
        readings = readings.join(per_candidate, on=["qid", "pid"], how="left")
    return readings.with_columns(pl.col("lost", "extra_values").fill_null(0),
                                 pl.col("other_value", "new_word").fill_null(False))


def _contenders(ranked: pl.DataFrame) -> pl.DataFrame:
    """Per query, the best and the candidates that could be its siblings: compatible, countable like
    it, and short of at most SIBLING_MAX_LOST_WORDS of its line words. Only these are examined closely."""
    best = lambda column: pl.col(column).first().over("qid")
    return ranked.filter(
        (pl.int_range(pl.len()).over("qid") == 0)
        | (pl.col("compatible") & (pl.col("unit_ok") == best("unit_ok"))
           & (pl.col("line_hits") >= best("line_hits") - SIBLING_MAX_LOST_WORDS))
    )


def _adds_feature(index: CatalogIndex, contenders: pl.DataFrame) -> pl.DataFrame:
    """(qid, pid, adds_feature) per contender (best first in each query): it is the best plus optional
    features, the best being the unmarked default. Its unmentioned plain words strictly include the best's,
    its values are the best's, and words that only mark the plain variant ("regular", "standard") are no
    feature (another value of a kind the line omits, `other_value`, still makes it a sibling).
    A line naming no option means the plain product, not a look-alike adding moisture resistance.
    Worked out on (contender, word) rows: set comparisons as anti/semi joins and counts."""
    rows = contenders.select("qid", "pid", "unmentioned").with_row_index("r")
    best_rows = rows.group_by("qid", maintain_order=True).agg(pl.col("r").first())
    words = (
        rows.select("r", "qid", word=pl.col("unmentioned").str.split(" ")).explode("word")
        .filter((pl.col("word") != "") & ~pl.col("word").is_in(list(index.dictionaries.default_words)))
        .unique(["r", "word"])
        .with_columns(plain=pl.col("word").str.contains(r"^[a-z]+$")
                      & ~pl.col("word").is_in(list(index.dictionaries.word_groups)))
    )
    best_words = words.join(best_rows, on="r", how="semi").select("qid", "word", "plain")
    per_best = best_words.group_by("qid").agg(best_plain=pl.col("plain").sum(), best_values=(~pl.col("plain")).sum())
    beyond = words.join(best_words, on=["qid", "word", "plain"], how="anti").group_by("r").agg(
        plain_beyond=pl.col("plain").any(), values_beyond=(~pl.col("plain")).any())
    shared = words.join(best_words, on=["qid", "word", "plain"], how="semi").group_by("r").agg(
        plain_shared=pl.col("plain").sum(), values_shared=(~pl.col("plain")).sum())
    flags = (
        rows.join(beyond, on="r", how="left").join(shared, on="r", how="left").join(per_best, on="qid", how="left")
        .with_columns(pl.col("plain_beyond", "values_beyond").fill_null(False),
                      pl.col("plain_shared", "values_shared", "best_plain", "best_values").fill_null(0))
    )
    unknown = pl.col("unmentioned").is_null() | pl.col("unmentioned").first().over("qid").is_null()
    return flags.sort("r").select("qid", "pid", adds_feature=pl.when(~unknown).then(
        pl.col("plain_beyond") & (pl.col("plain_shared") == pl.col("best_plain"))
        & ~pl.col("values_beyond") & (pl.col("values_shared") == pl.col("best_values"))))


def _rank(index: CatalogIndex, queries: pl.DataFrame, scored: pl.DataFrame) -> pl.DataFrame:
    """Per query: candidates best first, the best, the runner-up's score, and the best's siblings.

    Order: compatible before contradicting, then countable in the line's unit before not (a line in
    LF for "3/4 EMT" is conduit, not a strap sold EA), then how many of the line's words it states
    (the product explaining the whole line before one explaining part of it), then score.
    A sibling is another reading of the line: compatible, countable, stating at most one line word
    fewer than the best and, if it lacks one, naming nothing in its place ("TYPE L COPPER 1 IN" for
    "1 in copper tube", not "BALL VALVE FNPT" for "... sweat"), listing no more measured values beside
    the line's own than the best (a 3/4x3/4x1/2 tee is not a reading of "1/2 tee"), and either about
    as similar while stating something else the line is silent on, or stating another value of an
    attribute the line is silent on (type L vs M); the same description from another maker is one.
    Its existence means the line does not tell the products apart, however the penalties rank them.
    """
    ranked = scored.sort(["qid", "compatible", "unit_ok", "line_hits", "score", "similarity", "sku"],
                         descending=[False, True, True, True, True, True, False])
    contenders = _contenders(ranked)
    readings = _readings(index, queries, contenders).join(_adds_feature(index, contenders), on=["qid", "pid"],
                                                            how="left")
    ranked = ranked.join(readings, on=["qid", "pid"], how="left", maintain_order="left")
    reading = pl.col("extra_values").fill_null(0) <= pl.col("extra_values").first()
    similar_reading = (
        (pl.col("unconfirmed").list.len() == 0)
        & (pl.col("similarity") >= pl.col("similarity").first() - SIBLING_SIMILARITY_BAND)
    )
    sibling = (
        (pl.int_range(pl.len()) > 0) & pl.col("compatible") & (pl.col("unit_ok") == pl.col("unit_ok").first())
        & reading & (pl.col("lost") <= SIBLING_MAX_LOST_WORDS) & ((pl.col("lost") == 0) | ~pl.col("new_word"))
        & (similar_reading | pl.col("other_value"))
        & ~(pl.col("adds_feature").fill_null(False) & ~pl.col("other_value"))
    ).fill_null(False)
    # The best must clearly lead the candidates reading the line as fully as it does; one that
    # leaves out a line word the best states is already behind, however few words it adds.
    rival = (pl.col("compatible") & pl.col("unit_ok") & reading & (pl.col("lost") == 0)).fill_null(False)
    return ranked.group_by("qid", maintain_order=True).agg(
        candidates=pl.col("sku").head(CANDIDATES_SHOWN),
        best_sku=pl.col("sku").first(),
        best_compatible=pl.col("compatible").first(),
        best_score=pl.col("score").first(),
        best_similarity=pl.col("similarity").first(),
        best_contradicted=pl.col("contradicted").first(),
        best_unconfirmed=pl.col("unconfirmed").first(),
        best_missing=pl.col("missing").first(),
        best_unmentioned=pl.col("unmentioned").first(),
        runner_up=pl.col("score").filter(rival).slice(1, 1).first(),
        n_compatible=pl.col("compatible").sum(),
        sibling_sku=pl.col("sku").filter(sibling).first(),
        sibling_unmentioned=pl.col("unmentioned").filter(sibling).first(),
    ).join(_unexplained(index, ranked), on="qid", how="left", maintain_order="left")


def _brand_named(index: CatalogIndex, queries: pl.DataFrame, hits: pl.DataFrame) -> pl.DataFrame:
    """(qid, pid, brand_named) for part-number hits whose line names the product's maker (in the text, or
    before the number in the part-number field)."""
    words = pl.concat([
        queries.select("qid", token="tokens").explode("token"),
        queries.select("qid", token=pl.col("maker_part_number").struct.field("maker")),
    ]).drop_nulls("token")
    pairs = hits.select("qid", "pid").unique()
    makers = pairs.with_columns(tid=index.products["maker_tids"].gather(pairs["pid"])).explode("tid").drop_nulls("tid")
    makers = makers.with_columns(token=index.vocabulary["token"].gather(makers["tid"]))  # tid is the row
    return (makers.join(words, on=["qid", "token"], how="semi")
            .select("qid", "pid", brand_named=pl.lit(True)).unique())


def _part_number_decisions(index: CatalogIndex, queries: pl.DataFrame, scored: pl.DataFrame,
                           hits: pl.DataFrame) -> pl.DataFrame:
    """Per query with a known part number (`hits`, from `_part_number_hits`): the SKU it names and whether
    the description agrees with it."""
    checked = hits.join(scored, on=["qid", "pid"], how="left").join(
        _brand_named(index, queries, hits), on=["qid", "pid"], how="left"
    ).with_columns(
        agrees=pl.col("compatible").fill_null(False) & (
            ((pl.col("similarity").fill_null(0) >= PART_NUMBER_MIN_SIMILARITY)
             & (pl.col("unconfirmed").list.len().fill_null(0) == 0))
            # The maker's own full part number is the strongest evidence a line can give: weak text similarity
            # ("HBL 20A recep" for a long catalog description) does not overrule it with the maker named, nor
            # where the line says nothing the product does not ("qo120", the part number alone).
            | ((pl.col("source") == "manufacturer part number")
               & (pl.col("brand_named").fill_null(False) | (pl.col("missing").fill_null(1) == 0)))
        )
    )
    return checked.group_by("qid").agg(
        pn_skus=pl.col("sku").unique(maintain_order=True),
        pn_agreeing=pl.col("sku").filter("agrees").unique(maintain_order=True),
        pn_value=pl.col("part_number").first(),
        pn_source=pl.col("source").first(),
        pn_conflict=pl.col("contradicted").filter(~pl.col("agrees")).first(),
        pn_similarity=pl.col("similarity").first(),
    )


def _candidate_tokens(index: CatalogIndex, tokens: pl.Series) -> pl.DataFrame:
    """(row, token): the tokens of the products blocking finds for each token list."""
    queries = pl.DataFrame({"qid": pl.int_range(len(tokens), eager=True, dtype=pl.UInt32), "tokens": tokens})
    found = index.blocker.search(queries, CANDIDATES_PER_LINE)
    return found.join(index.tokens.select("pid", "token"), on="pid").select(row=pl.col("qid").cast(pl.Int64),
                                                                            token="token")


def _match_queries(index: CatalogIndex, queries: pl.DataFrame) -> pl.DataFrame:
    """Decide every distinct (description, part number) query once."""
    tokens = read_among(index.speller, queries["tokens"], lambda tokens: _candidate_tokens(index, tokens))
    queries = queries.with_columns(tokens=tokens, text=tokens.list.join(" "))
    pn_hits = _part_number_hits(index, queries)
    hits = pn_hits.select("qid", "pid").unique()
    blocked = index.blocker.search(queries.select("qid", "tokens"), CANDIDATES_PER_LINE)
    pairs = pl.concat([
        blocked.select("qid", "pid").with_columns(from_part_number=pl.lit(False)),
        hits.with_columns(from_part_number=pl.lit(True)),
    ]).group_by("qid", "pid").agg(pl.col("from_part_number").any())
    scored = evaluate_pairs(index, queries, pairs)
    ranked = _rank(index, queries, scored)
    # Blocking that may have missed a product as good as the best one decides nothing on its own.
    complete = blocked.group_by("qid").agg(pl.col("complete").first())
    decided = queries.select("qid").join(ranked, on="qid", how="left").join(complete, on="qid", how="left").join(
        _part_number_decisions(index, queries, scored, pn_hits), on="qid", how="left"
    )
    pn_single = pl.col("pn_agreeing").list.len() == 1
    pn_any = pl.col("pn_skus").list.len().fill_null(0) > 0
    margin = pl.col("best_score") - pl.col("runner_up").fill_null(0.0)
    # A candidate that contains every line word is held back only by catalog words the line omits;
    # with no sibling those words cannot point at another product, so a lower similarity is safe.
    similar_enough = (pl.col("best_similarity") >= AUTO_MIN_SIMILARITY) | (
        (pl.col("best_missing") == 0) & (pl.col("best_similarity") >= COMPLETE_MIN_SIMILARITY)
    )
    reads_fully = (  # every stated attribute confirmed, no word pointing elsewhere, nothing as good missed
        pl.col("best_compatible").fill_null(False)
        & (pl.col("best_unconfirmed").list.len() == 0)
        & pl.col("best_unexplained").is_null()
        & pl.col("complete").fill_null(False)
    ).fill_null(False)
    fits = reads_fully & similar_enough.fill_null(False)  # only look-alikes or a close runner-up stop it
    alone = (margin >= AUTO_MIN_MARGIN).fill_null(False) & pl.col("sibling_sku").is_null()
    fuzzy_auto = fits & alone
    fmt = lambda expr: expr.round(2).cast(pl.Utf8)
    return decided.with_columns(
        status=pl.when(pn_single.fill_null(False)).then(pl.lit("matched"))
        .when(pn_any).then(pl.lit("review"))
        .when(fuzzy_auto).then(pl.lit("matched"))
        .when(pl.col("best_compatible").fill_null(False) & (pl.col("best_similarity") >= REVIEW_MIN_SIMILARITY))
        .then(pl.lit("review"))
        .otherwise(pl.lit("unmatched")),
        method=pl.when(pn_any).then(pl.lit("part_number"))
        .when(pl.col("best_sku").is_not_null()).then(pl.lit("fuzzy"))
        .otherwise(pl.lit("none")),
        sku=pl.when(pn_single.fill_null(False)).then(pl.col("pn_agreeing").list.first())
        .when(pn_any).then(pl.col("pn_skus").list.first())
        .when(pl.col("best_compatible").fill_null(False)).then(pl.col("best_sku")),
        candidates=pl.when(pn_any).then(pl.concat_list("pn_skus", pl.col("candidates").fill_null([]))
                                        .list.unique(maintain_order=True).list.head(CANDIDATES_SHOWN))
        .otherwise(pl.col("candidates").fill_null([])),
        confidence=calibrated(pn_single.fill_null(False) | fuzzy_auto, fits & pl.col("sibling_sku").is_not_null(),
                              pn_any, reads_fully & alone,
                              pl.when(pn_single.fill_null(False)).then(1.0).otherwise(pl.col("best_score")),
                              pl.col("best_similarity"), AUTO_MIN_SIMILARITY),
        reason=pl.when(pn_single.fill_null(False))
        .then(pl.format("part number {} is the {} of {} and the description agrees", "pn_value", "pn_source",
                        pl.col("pn_agreeing").list.first()))
        .when(pn_any & (pl.col("pn_skus").list.len() > 1))
        .then(pl.format("part number {} belongs to several SKUs; choose one", "pn_value"))
        .when(pn_any & (pl.col("pn_conflict").list.len() > 0))
        .then(pl.format("part number {} names {}, but the description states {}, which that SKU contradicts",
                        "pn_value", pl.col("pn_skus").list.first(), pl.col("pn_conflict").list.join(", ")))
        .when(pn_any)
        .then(pl.format("part number {} names {}, but the description does not clearly describe it",
                        "pn_value", pl.col("pn_skus").list.first()))
        .when(pl.col("best_sku").is_null())
        .then(pl.lit("no catalog product resembles this description"))
        .when(~pl.col("best_compatible"))
        .then(pl.format("no compatible product: the closest ones contradict {}",
                        pl.col("best_contradicted").list.join(", ")))
        .when(pl.col("best_similarity") < REVIEW_MIN_SIMILARITY)
        .then(pl.format("closest product is only {} similar", fmt(pl.col("best_similarity"))))
        .when(pl.col("best_unconfirmed").list.len() > 0)
        .then(pl.format("best candidate does not state {}", pl.col("best_unconfirmed").list.join(", ")))
        .when(pl.col("best_unexplained").is_not_null())
        .then(pl.format("best candidate does not say {}, which other catalog products do",
                        pl.col("best_unexplained").list.join(", ")))
        .when(pl.col("sibling_sku").is_not_null())
        .then(pl.format("{} ('{}') and {} ('{}') differ only in what the line does not state: it does not "
                        "tell them apart", "best_sku",
                        "best_unmentioned", "sibling_sku", "sibling_unmentioned"))
        .when(~pl.col("complete").fill_null(False))
        .then(pl.lit("the catalog search could not rule out other products as good as the best one"))
        .when(~similar_enough)
        .then(pl.format("best candidate is {} similar, below the {} needed to match automatically",
                        fmt(pl.col("best_similarity")), pl.lit(str(AUTO_MIN_SIMILARITY))))
        .when(margin < AUTO_MIN_MARGIN)
        .then(pl.format("{} candidates fit almost equally ({} vs {}): the description does not tell them apart",
                        pl.col("n_compatible"), fmt(pl.col("best_score")), fmt(pl.col("runner_up"))))
        .otherwise(pl.format("best match {} similar, {} ahead of the next; every stated attribute confirmed",
                             fmt(pl.col("best_similarity")), fmt(margin))),
    ).select("qid", "status", "sku", "confidence", "method", "candidates", "reason")


def _reading_key(tokens: pl.Series) -> pl.Series:
    """The distinct tokens, sorted, joined by spaces (token lists hold no nulls)."""
    return sorted_sets(tokens).list.join(" ")


_MAPPED_SCHEMA = {"row": pl.UInt32, "mapped": pl.Boolean, "mapped_sku": pl.Utf8, "mapped_active": pl.Boolean,
                  "decided_by": pl.Utf8}


def _mapped(index: CatalogIndex, described: pl.DataFrame, mappings: pl.DataFrame | None,
            learned: pl.DataFrame | None) -> pl.DataFrame:
    """(row, mapped, mapped_sku, mapped_active, decided_by) for lines a reviewer's decision in force covers;
    a null SKU is a rejection. A decision covers the lines of its typed text (description_key) and, when
    the mapping gives its description, the lines read today as the same tokens (one SKU per reading)."""
    if mappings is None or mappings.height == 0:
        return pl.DataFrame(schema=_MAPPED_SCHEMA)
    latest = mappings.with_columns(
        decided_by=pl.col("decided_by") if "decided_by" in mappings.columns else pl.lit(None, pl.Utf8)
    ).filter(pl.col("description_key") != "").unique("description_key", keep="last", maintain_order=True)
    found = described.select("row", "description_key").join(latest.select("description_key", "sku", "decided_by"),
                                                             on="description_key")
    if "description" in latest.columns:
        by_reading = latest.with_columns(reading_key=_reading_key(read_descriptions(index, latest["description"], learned)[1]))
        by_reading = by_reading.filter((pl.col("reading_key") != "") & (pl.col("sku").n_unique().over("reading_key") == 1))
        found = pl.concat([found.select("row", "sku", "decided_by"), described.select("row", "reading_key").join(
            by_reading.unique("reading_key", keep="last").select("reading_key", "sku", "decided_by"), on="reading_key"
        ).join(found, on="row", how="anti").select("row", "sku", "decided_by")])
    return (
        found.join(index.products.select("sku", mapped_active="active"), on="sku", how="left")
        .select("row", mapped=pl.lit(True), mapped_sku="sku", mapped_active=pl.col("mapped_active").fill_null(False),
                decided_by="decided_by").cast(_MAPPED_SCHEMA)
    )


def match_lines(index: CatalogIndex, lines: pl.DataFrame, mappings: pl.DataFrame | None = None,
                learned: pl.DataFrame | None = None) -> pl.DataFrame:
    """Match takeoff lines to SKUs; one result row per line, in input order (columns as RESULT_SCHEMA).

    `mappings` (description_key, sku, optionally description and decided_by): reviewers' decisions in
    force, a null SKU rejecting the description; `learned` (kind, term, canonical): dictionary entries
    learned from decisions, used for every line. A line that does not match as written is read once more
    without the notes set off in it (`_without_notes`); both readings are matched in one pass."""
    if lines.height == 0:
        return pl.DataFrame(schema=RESULT_SCHEMA)
    notes = without_notes(lines["description"]).with_row_index("row").filter(pl.col("head").is_not_null())
    both = _describe_lines(index, pl.concat([lines, lines[notes["row"]].with_columns(description=notes["head"])],
                                            how="vertical_relaxed"), learned)
    # A head read as the same words as its line (its notes were annotations, cut already) changes nothing.
    line_of = pl.concat([pl.int_range(lines.height, eager=True, dtype=pl.UInt32), notes["row"]])
    reading = both["reading_key"]
    kept = (pl.int_range(both.height, eager=True) < lines.height) | (reading != reading.gather(line_of))
    both, line_of = both.filter(kept).drop("row").with_row_index("row"), line_of.filter(kept)
    matched = _match_once(index, both, mappings, learned)
    second = notes.join(matched[lines.height:].with_columns(row=line_of[lines.height:]).drop("line_id"), on="row")
    return _without_notes(index, matched[:lines.height], notes, second, learned)


def _without_notes(index: CatalogIndex, first: pl.DataFrame, notes: pl.DataFrame, second: pl.DataFrame,
                   learned: pl.DataFrame | None) -> pl.DataFrame:
    """`first` with the lines it did not match (nor a reviewer decided) taken from `second`, their head
    alone (the `notes` columns row, head, notes, negated, affirmed, and its results), where that matches
    automatically and no note word points elsewhere: none is stated by another candidate and not by the
    match ("Black" where the head leaves the colour open). A match stating a feature a note says the
    product lacks ("(no damper)") is no match, in either reading."""
    first = first.with_row_index("row")
    automatic = (pl.col("status") == "matched") & (pl.col("method") != "mapping")
    lacking = _note_words(index, notes.select("row", "negated").join(first.filter(automatic), on="row"),
                          ["negated"], learned)
    refused = lacking.filter("by_match").group_by("row").agg(lacks=pl.col("token").unique().sort().str.join(", "))
    first = first.join(refused, on="row", how="left", maintain_order="left").with_columns(
        status=pl.when(pl.col("lacks").is_not_null()).then(pl.lit("review")).otherwise("status"),
        reason=pl.when(pl.col("lacks").is_not_null())
        .then(pl.format("the line says the product has no {}, which {} states", "lacks", "sku"))
        .otherwise("reason"),
    ).drop("lacks")
    undecided = (pl.col("status") != "matched") & (pl.col("method") != "mapping")   # a reviewer's decision stands
    second = second.filter(pl.col("status") == "matched").join(first.filter(undecided).select("row"), on="row")
    said = _note_words(index, second, ["affirmed", "negated"], learned)
    blocked = said.filter(pl.when(pl.col("negated")).then(pl.col("by_match"))
                          .otherwise(~pl.col("by_match") & pl.col("by_other")))["row"].unique().implode()
    accepted = second.filter(~pl.col("row").is_in(blocked)).with_columns(
        reason=pl.format("read without the note '{}': {}", "notes", "reason"),
        annotations=pl.concat_str([pl.col("annotations"), pl.col("notes")], separator="; ", ignore_nulls=True),
    )
    return first.update(accepted.select([name for name in first.columns if name != "line_id"]), on="row").drop("row")


def _note_words(index: CatalogIndex, matched: pl.DataFrame, columns: list[str],
                learned: pl.DataFrame | None) -> pl.DataFrame:
    """(row, negated, token, by_match, by_other) per word of the `columns` ("affirmed", "negated") of the
    `matched` rows (row, sku, candidates): whether the matched product states it, and whether another of
    the line's candidates does. The texts of all columns are read at once."""
    said = pl.concat([matched.select("row", "sku", "candidates", text=column, negated=pl.lit(column == "negated"))
                      for column in columns]).filter(pl.col("text").str.contains(r"[A-Za-z0-9]"))
    if said.height == 0:
        return pl.DataFrame(schema={"row": pl.UInt32, "negated": pl.Boolean, "token": pl.Utf8,
                                    "by_match": pl.Boolean, "by_other": pl.Boolean})
    pids = index.products.select("sku", "pid")
    words = said.select("row", "negated", "sku", "candidates", token=read_descriptions(index, said["text"], learned)[1])
    words = (words.explode("token").drop_nulls("token").with_columns(tid=index.tids("token").fill_null(-1))
             .join(pids, on="sku").explode("candidates")
             .join(pids.rename({"sku": "candidates", "pid": "other"}), on="candidates", how="left"))
    tid = words["tid"].to_numpy()
    return words.with_columns(
        by_match=pl.Series(index.states(words["pid"].to_numpy(), tid)),
        by_other=pl.Series(index.states(words["other"].fill_null(0).to_numpy(), tid))
        & (pl.col("other") != pl.col("pid")).fill_null(False),
    ).group_by("row", "negated", "token").agg(pl.col("by_match").any(), pl.col("by_other").any())


def _match_once(index: CatalogIndex, described: pl.DataFrame, mappings: pl.DataFrame | None,
                learned: pl.DataFrame | None) -> pl.DataFrame:
    """One matching pass over lines as `_describe_lines` read them (see `match_lines`)."""
    queries = (
        described.filter(pl.col("tokens").list.len() > 0)
        .select("text", "tokens", "stated_part_number", "maker_part_number", "text_part_numbers", "uom_code", "unit_key")
        .unique(["text", "stated_part_number", "unit_key"], maintain_order=True)
        .with_row_index("qid")
    )
    decided = _match_queries(index, queries)
    per_line = (
        described.join(queries.select("qid", "text", "stated_part_number", "unit_key"),
                       on=["text", "stated_part_number", "unit_key"],
                       how="left", nulls_equal=True, maintain_order="left")
        .join(decided, on="qid", how="left", maintain_order="left")
        .join(_mapped(index, described, mappings, learned), on="row", how="left", maintain_order="left")
    )
    mapped = pl.col("mapped").fill_null(False) & pl.col("mapped_sku").is_not_null()
    rejected = pl.col("mapped").fill_null(False) & pl.col("mapped_sku").is_null()
    per_line = per_line.with_columns(
        method=pl.when(mapped | rejected).then(pl.lit("mapping")).otherwise(pl.col("method").fill_null("none")),
        sku=pl.when(mapped).then(pl.col("mapped_sku")).when(rejected).then(None).otherwise(pl.col("sku")),
        confidence=pl.when(mapped | rejected).then(pl.lit(1.0)).otherwise(pl.col("confidence").fill_null(0.0)),
        candidates=pl.when(mapped)
        .then(pl.concat_list(pl.col("mapped_sku"), pl.col("candidates").fill_null([]))
              .list.unique(maintain_order=True).list.head(CANDIDATES_SHOWN))
        .otherwise(pl.col("candidates").fill_null([])),
        status=pl.when(mapped & pl.col("mapped_active")).then(pl.lit("matched"))
        .when(mapped).then(pl.lit("review"))
        .when(rejected).then(pl.lit("unmatched"))
        .when(pl.col("tokens").list.len() == 0).then(pl.lit("unmatched"))
        .otherwise(pl.col("status")),
        reason=pl.when(mapped & pl.col("mapped_active")).then(pl.lit("confirmed manual mapping for this description"))
        .when(mapped).then(pl.format("manual mapping points to {}, which is not an active catalog product", "mapped_sku"))
        .when(rejected).then(pl.format("not in the catalog (decided by {})", pl.col("decided_by").fill_null("a reviewer")))
        .when(pl.col("tokens").list.len() == 0).then(pl.lit("description is empty"))
        .otherwise(pl.col("reason")),
    )
    return _apply_units(index, per_line)


def _apply_units(index: CatalogIndex, per_line: pl.DataFrame) -> pl.DataFrame:
    """Convert quantities into the chosen SKU's stock unit; a unit that cannot be converted blocks the match."""
    per_line = per_line.with_row_index("unit_row")
    chosen = per_line["sku"].drop_nulls().unique().implode()  # join only the catalog rows of the chosen SKUs
    wanted = per_line.filter(pl.col("sku").is_not_null()).select(row="unit_row", sku="sku", unit_key="unit_key",
                                                                 uom_code="uom_code")
    units = product_units(wanted, index.conversions.filter(pl.col("sku").is_in(chosen)))
    catalog_codes = index.conversions["spelling"].unique().implode()
    converted = per_line.join(
        index.products.filter(pl.col("sku").is_in(chosen)).select("sku", "stock_uom"), on="sku", how="left",
        maintain_order="left"
    ).join(units.rename({"row": "unit_row"}), on="unit_row", how="left", maintain_order="left").with_columns(
        uom_code=pl.coalesce("unit", "uom_code"))
    matched = pl.col("status") == "matched"
    unit_problem = (
        pl.when(pl.col("sku").is_null()).then(None)
        .when(pl.col("uom").is_null() | (pl.col("uom").str.strip_chars() == ""))
        .then(pl.lit("no unit given; units are never guessed"))
        .when(pl.col("uom_code").is_null() & ~pl.col("unit_key").is_in(catalog_codes))
        .then(pl.format("unit '{}' is not in the unit dictionary; units are never guessed", "uom"))
        .when(pl.col("factor").is_null())
        .then(pl.format("{} has no conversion from {} to its stock unit {}", "sku",
                        pl.coalesce("uom_code", pl.col("unit_key").str.to_uppercase()), "stock_uom"))
    )
    quantity_problem = (
        pl.when(pl.col("sku").is_null()).then(None)
        .when(pl.col("quantity").is_null()).then(pl.lit("quantity is missing or not a number"))
        .when(pl.col("quantity") < 0).then(pl.lit("quantity is negative"))
    )
    problem = pl.coalesce(unit_problem, quantity_problem)
    return converted.with_columns(problem=problem).select(
        "line_id",
        status=pl.when(matched & pl.col("problem").is_not_null()).then(pl.lit("review")).otherwise("status"),
        sku=pl.col("sku"),
        confidence=pl.col("confidence").clip(0.0, 1.0),
        method=pl.col("method"),
        candidates=pl.col("candidates"),
        uom_code=pl.col("uom_code"),
        stock_uom=pl.col("stock_uom"),
        stock_quantity=pl.col("quantity") * pl.col("factor"),
        reason=pl.when(pl.col("problem").is_not_null())
        .then(pl.concat_str(pl.col("problem"), pl.col("reason"), separator="; "))
        .otherwise(pl.col("reason")),
        annotations=pl.col("annotations"),
    ).cast(RESULT_SCHEMA)


__all__ = ["RESULT_SCHEMA", "CatalogIndex", "build_catalog_index", "description_key", "match_lines"]
