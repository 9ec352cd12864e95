"""The catalog side of matching: one snapshot normalized once (tokens, attribute kinds, part numbers,
unit conversions, blocking postings) and reused for every batch of lines until the catalog changes.

Work is done per distinct description, not per product: catalogs list one description under several
makers. Tokens are small integers (`tid`, in token order) so that scoring and blocking compare
numbers, not strings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from sync_pipeline.core.attributes import token_kind
from sync_pipeline.core.blocking import Blocker
from sync_pipeline.core.dictionaries import Dictionaries, shipped_dictionaries
from sync_pipeline.core.normalize import canonical_tokens
from sync_pipeline.core.part_numbers import normalize_part_number, part_numbers_in_text
from sync_pipeline.core.spelling import Speller
from sync_pipeline.core.token_sets import csr, expand, sorted_sets
from sync_pipeline.core.units import conversion_table

MAX_PRODUCTS_PER_PART_NUMBER = 20  # a "part number" on more products is a spec read as one ("POINT 100", "IRON 150")


@dataclass(frozen=True)
class CatalogIndex:
    """Everything matching needs from one catalog snapshot, built once and reused for many batches."""

    products: pl.DataFrame  # pid, sku, active, stock_uom, text, did (description id), maker_tids
    vocabulary: pl.DataFrame  # tid, token, kind: every canonical token of descriptions and makers, in token order
    descriptions: pl.DataFrame  # did, tids: distinct description token sets (sorted distinct tids)
    tokens: pl.DataFrame  # pid, token, in_description: distinct canonical tokens (description + manufacturer)
    part_numbers: pl.DataFrame  # part_number (normalized), pid, source
    conversions: pl.DataFrame  # sku, uom, factor
    blocker: Blocker
    dictionaries: Dictionaries
    speller: Speller  # reads line words the catalog does not use as catalog words
    # Worked out once per snapshot so that a batch of lines pays for its own rows only, not the catalog's:
    known_part_numbers: pl.DataFrame  # part_number, pid, source: part_numbers plus each SKU, which takeoffs quote
    description_csr: tuple[np.ndarray, np.ndarray]  # descriptions' tids as (offsets, flat tids)
    maker_csr: tuple[np.ndarray, np.ndarray]  # products' maker_tids as (offsets, flat tids)
    product_dids: np.ndarray  # did per pid (int64)
    convertible_units: pl.DataFrame  # sku, uom_code, convertible: distinct (sku, unit) pairs with a conversion

    def tids(self, tokens: pl.Expr | str) -> pl.Expr:
        """The vocabulary tid of each token (null when the catalog does not use it)."""
        token = pl.col(tokens) if isinstance(tokens, str) else tokens
        return token.replace_strict(self.vocabulary["token"], self.vocabulary["tid"], default=None,
                                    return_dtype=pl.Int64)

    def states(self, pid: np.ndarray, tid: np.ndarray) -> np.ndarray:
        """Whether product `pid` states token `tid` in its description or maker name (tid < 0: unknown, no),
        as `tokens` holds it: read from the description and maker token lists of those products only."""
        found = np.zeros(len(pid), dtype=bool)
        for (offsets, flat), owners in ((self.description_csr, self.product_dids[pid]), (self.maker_csr, pid)):
            row, listed = expand(offsets, flat, owners)
            found[row[listed == tid[row]]] = True
        return found & (tid >= 0)


def _token_ids(tokens: pl.Series, vocabulary: pl.Series) -> pl.Series:
    """List(Utf8) of tokens known to `vocabulary` (sorted, distinct) as List(UInt32) of their positions."""
    return tokens.cast(pl.List(pl.Enum(vocabulary))).list.eval(pl.element().to_physical().cast(pl.UInt32))


def _vocabulary(description_tokens: pl.Series, maker_tokens: pl.Series, dictionaries: Dictionaries) -> pl.DataFrame:
    """tid, token, kind for every distinct token; tid follows token order, so sorting tids sorts tokens."""
    tokens = pl.concat([description_tokens.explode(), maker_tokens.explode()]).drop_nulls().unique().sort()
    return pl.DataFrame({"token": tokens}).with_row_index("tid").with_columns(
        kind=token_kind(pl.col("token"), dictionaries.word_groups)
    )


def _part_numbers(catalog: pl.DataFrame, distinct: pl.DataFrame,
                  vendor_part_numbers: pl.DataFrame | None) -> pl.DataFrame:
    """(part_number, pid, source): maker, vendor and in-description part numbers (read once per description).
    Lazy, so that the regex work runs on every core."""
    in_text = distinct.lazy().select("description", part_number=part_numbers_in_text(pl.col("description")))
    found = [
        catalog.lazy().select("pid", part_number=normalize_part_number(pl.col("manufacturer_part_number")),
                              source=pl.lit("manufacturer part number")),
        catalog.lazy().select("pid", "description").join(in_text, on="description").explode("part_number")
        .select("pid", "part_number", source=pl.lit("part number in catalog description")),
    ]
    # "P1010" for the maker's "P1010-EG": a number without its finish suffix, where only one product has it.
    base = catalog.lazy().select(
        "pid", part_number=normalize_part_number(pl.col("manufacturer_part_number").str.extract(r"^(.+?)-[A-Za-z]{1,4}$")),
        source=pl.lit("manufacturer part number")).drop_nulls("part_number")
    found.append(base.filter(pl.len().over("part_number") == 1))
    if vendor_part_numbers is not None and vendor_part_numbers.height:
        found.append(
            vendor_part_numbers.lazy().join(catalog.lazy().select("sku", "pid"), on="sku")
            .select("pid", part_number=normalize_part_number(pl.col("vendor_part_number")),
                    source=pl.lit("vendor part number"))
        )
    return (
        pl.concat(found).drop_nulls("part_number").unique(["part_number", "pid"], keep="first", maintain_order=True)
        .filter(pl.len().over("part_number") <= MAX_PRODUCTS_PER_PART_NUMBER).collect()
    )


def _product_tokens(products: pl.DataFrame, descriptions: pl.DataFrame, vocabulary: pl.DataFrame) -> pl.DataFrame:
    """pid, token, in_description: a product's description tokens, then its maker's tokens the description lacks."""
    tids = products.select("pid", "maker_tids", description_tids=descriptions["tids"].gather(products["did"]))
    long = pl.concat([
        tids.select("pid", tid="description_tids", in_description=pl.lit(True)),
        tids.select("pid", tid=pl.col("maker_tids").list.set_difference("description_tids"),
                    in_description=pl.lit(False)),
    ]).explode("tid").drop_nulls("tid")
    return long.select("pid", token=vocabulary["token"].gather(long["tid"]), in_description="in_description")


def build_catalog_index(
    products: pl.DataFrame,
    vendor_part_numbers: pl.DataFrame | None = None,
    dictionaries: Dictionaries | None = None,
) -> CatalogIndex:
    """Normalize a catalog snapshot once: tokens, attribute kinds, part numbers, conversions, blocking keys."""
    dictionaries = dictionaries or shipped_dictionaries()
    catalog = products.with_row_index("pid").with_columns(
        pl.col("pid").cast(pl.UInt32), pl.col("active").fill_null(False), pl.col("description").fill_null("")
    )
    # In catalog order: description ids break ties between equally good candidates, the same on every run.
    distinct = pl.DataFrame({"description": catalog["description"].unique(maintain_order=True)})
    distinct = distinct.with_columns(words=canonical_tokens(distinct["description"], dictionaries))
    makers = catalog.select("manufacturer").unique()
    makers = makers.with_columns(words=canonical_tokens(makers["manufacturer"], dictionaries))
    vocabulary = _vocabulary(distinct["words"], makers["words"], dictionaries)
    distinct = distinct.with_columns(tids=sorted_sets(_token_ids(distinct["words"], vocabulary["token"])))
    descriptions = distinct.select("tids").unique(maintain_order=True).with_row_index("did")
    distinct = distinct.join(descriptions, on="tids").with_columns(text=pl.col("words").list.join(" "))
    makers = makers.select(
        "manufacturer", maker_text=pl.col("words").list.join(" "),
        maker_tids=_token_ids(makers["words"], vocabulary["token"]),
    )
    catalog = catalog.join(distinct.select("description", "did", "text"), on="description", maintain_order="left").join(
        makers, on="manufacturer", how="left", nulls_equal=True, maintain_order="left"
    )
    indexed = catalog.select(
        "pid", "sku", "active", "did", "maker_tids", stock_uom=pl.col("uom").str.to_uppercase(),
        text=pl.concat_str("text", "maker_text", separator=" "),
    )
    tokens = _product_tokens(indexed, descriptions, vocabulary)
    part_numbers = _part_numbers(catalog, distinct, vendor_part_numbers)
    conversions = conversion_table(products)
    skus = indexed.select(
        part_number=normalize_part_number(pl.col("sku")), pid="pid", source=pl.lit("catalog SKU")
    ).drop_nulls("part_number")
    maker_offsets, maker_flat = csr(indexed["maker_tids"])
    return CatalogIndex(
        products=indexed,
        vocabulary=vocabulary,
        descriptions=descriptions,
        tokens=tokens,
        part_numbers=part_numbers,
        conversions=conversions,
        blocker=Blocker.build(indexed.filter("active").select("pid", "did", "maker_tids"), descriptions, vocabulary),
        dictionaries=dictionaries,
        speller=Speller.of(vocabulary, dictionaries.abbreviations),
        known_part_numbers=pl.concat([part_numbers.select(skus.columns), skus], how="vertical_relaxed"),
        description_csr=csr(descriptions["tids"]),
        maker_csr=(maker_offsets, maker_flat),
        product_dids=indexed["did"].to_numpy().astype(np.int64),
        convertible_units=conversions.select("sku", uom_code="uom", convertible=pl.lit(True)).unique(["sku", "uom_code"]),
    )
