"""The catalog side of matching: one snapshot normalized once (tokens, attribute kinds, part numbers,
unit conversions, blocking postings) and reused for every batch of lines until the catalog changes."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sync_pipeline.core.attributes import token_kind
from sync_pipeline.core.blocking import PairBlocker
from sync_pipeline.core.dictionaries import Dictionaries, shipped_dictionaries
from sync_pipeline.core.normalize import canonical_tokens
from sync_pipeline.core.part_numbers import normalize_part_number, part_numbers_in_text
from sync_pipeline.core.units import conversion_table

MAX_PRODUCTS_PER_PART_NUMBER = 20  # a "part number" on more products is a spec read as one ("POINT 100", "IRON 150")


@dataclass(frozen=True)
class CatalogIndex:
    """Everything matching needs from one catalog snapshot, built once and reused for many batches."""

    products: pl.DataFrame  # pid, sku, active, stock_uom, text
    tokens: pl.DataFrame  # pid, token, in_description: distinct canonical tokens (description + manufacturer)
    kinds: pl.DataFrame  # pid, kind, n_values: attribute kinds each product states, and how many values
    description_sizes: pl.DataFrame  # pid, n_words: distinct plain words (not attributes) in the description
    part_numbers: pl.DataFrame  # part_number (normalized), pid, source
    conversions: pl.DataFrame  # sku, uom, factor
    blocker: PairBlocker
    dictionaries: Dictionaries


def build_catalog_index(
    products: pl.DataFrame,
    vendor_part_numbers: pl.DataFrame | None = None,
    dictionaries: Dictionaries | None = None,
) -> CatalogIndex:
    """Normalize a catalog snapshot once: tokens, attribute kinds, part numbers, conversions, blocking keys."""
    dictionaries = dictionaries or shipped_dictionaries()
    catalog = products.with_row_index("pid").with_columns(
        pl.col("pid").cast(pl.UInt32),
        pl.col("active").fill_null(False),
        description_tokens=canonical_tokens(products["description"], dictionaries),
        maker_tokens=canonical_tokens(products["manufacturer"], dictionaries),
    )
    long = pl.concat([
        catalog.select("pid", token="description_tokens", in_description=pl.lit(True)).explode("token"),
        catalog.select("pid", token="maker_tokens", in_description=pl.lit(False)).explode("token"),
    ]).drop_nulls("token")
    tokens = long.group_by("pid", "token").agg(pl.col("in_description").any()).sort("pid", "token")
    typed = tokens.filter("in_description").with_columns(kind=token_kind(pl.col("token"), dictionaries.word_groups))
    kinds = typed.drop_nulls("kind").group_by("pid", "kind").agg(n_values=pl.len())
    description_sizes = typed.filter(pl.col("kind").is_null()).group_by("pid").agg(n_words=pl.len())
    listed = catalog.select(
        "pid",
        manufacturer=normalize_part_number(pl.col("manufacturer_part_number")),
        description=part_numbers_in_text(pl.col("description")),
    )
    part_numbers = [
        listed.select("pid", part_number="manufacturer", source=pl.lit("manufacturer part number")),
        listed.select("pid", part_number="description", source=pl.lit("part number in catalog description"))
        .explode("part_number"),
    ]
    if vendor_part_numbers is not None and vendor_part_numbers.height:
        part_numbers.append(
            vendor_part_numbers.join(catalog.select("sku", "pid"), on="sku")
            .select("pid", part_number=normalize_part_number(pl.col("vendor_part_number")),
                    source=pl.lit("vendor part number"))
        )
    active = catalog.filter("active")
    return CatalogIndex(
        products=catalog.select(
            "pid", "sku", "active", stock_uom=pl.col("uom").str.to_uppercase(),
            text=pl.concat_str(pl.col("description_tokens").list.join(" "), pl.col("maker_tokens").list.join(" "),
                               separator=" "),
        ),
        tokens=tokens,
        kinds=kinds,
        description_sizes=description_sizes,
        part_numbers=pl.concat(part_numbers).drop_nulls("part_number").unique(["part_number", "pid"])
        .filter(pl.len().over("part_number") <= MAX_PRODUCTS_PER_PART_NUMBER),
        conversions=conversion_table(products),
        blocker=PairBlocker.build(active.select("pid", tokens="description_tokens")),
        dictionaries=dictionaries,
    )
