"""Units of measure: raw spellings to platform codes, and per-product conversion into the stock unit."""

from __future__ import annotations

import polars as pl

from sync_pipeline.core.dictionaries import Dictionaries, shipped_dictionaries, unit_spelling_key

_PACKAGE = r"(?i)(?P<length>\d+(?:\.\d+)?)\s*(?:ft|feet|')\s+(?P<word>[a-z]{3,})\b"  # "500 FT SPOOL"


def uom_code(raw: pl.Series, dictionaries: Dictionaries | None = None, learned: pl.DataFrame | None = None) -> pl.Series:
    """Map raw unit spellings to platform codes through the shipped dictionary; null when unknown.

    Spellings are compared in their lookup form (case, punctuation, spacing and plural do not matter);
    an unknown spelling is never guessed: "pallet" or "LOT" stays null, until a reviewer's decision teaches
    it (`learned` rows of kind "unit"); `product_units` may still read it as one of a product's own codes.
    """
    spellings = (dictionaries or shipped_dictionaries()).uom_spellings
    if learned is not None and "kind" in learned.columns:  # learned unit spellings (term in lookup form -> code)
        units = learned.filter(pl.col("kind") == "unit")
        spellings = dict(zip(units["term"], units["canonical"])) | spellings
    key = pl.select(unit_spelling_key(pl.lit(raw.cast(pl.Utf8)))).to_series()
    return key.replace_strict(spellings, default=None, return_dtype=pl.Utf8).alias("uom_code")


def conversion_table(products: pl.DataFrame) -> pl.DataFrame:
    """Long table (sku, uom, factor, spelling) of every unit a product can be counted in, its stock unit at
    factor 1; `spelling` is how a line may write it: the code, or the package the description names with
    that many stock units ("WIRE ... 500 FT SPOOL" with RL:500 is counted in spools, 500 ft each).

    `products.uom_conversions` is List(Struct{uom, factor}) where 1 uom = factor stock units.
    """
    own = products.select("sku", uom=pl.col("uom").str.to_uppercase(), factor=pl.lit(1.0))
    listed = (
        products.select("sku", "uom_conversions")
        .explode("uom_conversions")
        .drop_nulls("uom_conversions")
        .unnest("uom_conversions")
        .select("sku", pl.col("uom").str.to_uppercase(), pl.col("factor").cast(pl.Float64))
    )
    codes = pl.concat([own, listed]).unique(["sku", "uom"], keep="first", maintain_order=True).with_columns(
        spelling=pl.col("uom").str.to_lowercase())
    named = products.filter(pl.col("uom").str.to_uppercase() == "FT").select(  # "500 FT" is then 500 stock units
        "sku", package=pl.col("description").str.extract_groups(_PACKAGE)).unnest("package")
    packages = named.drop_nulls("word").with_columns(pl.col("length").cast(pl.Float64)).join(
        listed, left_on=["sku", "length"], right_on=["sku", "factor"]
    ).select("sku", "uom", factor="length", spelling=pl.col("word").str.to_lowercase())
    return pl.concat([codes, packages]).unique(["sku", "spelling"], keep="first", maintain_order=True)


def skeleton(word: str) -> str:
    """First letter, then the other consonants with repeats collapsed: "pallet" -> "plt", "bundle" -> "bndl"."""
    letters = word[:1] + "".join(c for c in word[1:] if c not in "aeiou")
    return "".join(c for i, c in enumerate(letters) if i == 0 or c != letters[i - 1])


def product_units(wanted: pl.DataFrame, conversions: pl.DataFrame) -> pl.DataFrame:
    """Per row of `wanted` (row, sku, unit_key, uom_code): the unit of that product the line's unit names
    (`unit`, null when none does) and its factor into the stock unit.

    Catalogs spell package units their own way (CT or CTN, SH for a sheet, PLT). In order: the dictionary's
    code; the product's own code or package spelled as the line spells it ("CT", "plts", "spools" of a
    "500 FT SPOOL" counted in RL); the one product code that abbreviates the spelling or its dictionary
    code, a truncation ("sheets" -> SH, CTN -> CT) or a consonant skeleton ("pallet" -> PLT). A spelling is
    read so only when it counts pieces or is an unknown word: a short unknown spelling ("plt", "lot") could
    abbreviate anything, and a measure ("sqft") is never another unit. Several codes at the same step name
    nothing: units are never guessed.
    """
    keys = pl.concat([wanted["unit_key"], wanted["uom_code"].str.to_lowercase()]).drop_nulls().unique()
    skeletons = pl.DataFrame({"spelling": keys, "skeleton": [skeleton(k) for k in keys.to_list()]},
                             schema={"spelling": pl.Utf8, "skeleton": pl.Utf8})
    code = pl.col("unit").str.to_lowercase()
    dictionary_code = pl.col("uom_code").str.to_lowercase()
    # The spelling itself is read as an abbreviation only when it names a count (the dictionary's EA: "sheets",
    # "pieces") or no unit the dictionary knows and is a word, not a code ("pallet", not "lot" or "plt"): a
    # measure keeps its dictionary code ("sqft" is SF, never a roofing square SQ).
    rereadable = ((pl.col("uom_code") == "EA")
                  | (pl.col("uom_code").is_null() & (pl.col("unit_key").str.len_chars() >= 4))).fill_null(False)
    abbreviates = (code.str.len_chars() >= 2) & (
        dictionary_code.str.starts_with(code).fill_null(False)
        | (rereadable & (pl.col("unit_key").str.starts_with(code) | (pl.col("key_skeleton") == code))).fill_null(False)
        | (pl.col("code_skeleton") == code).fill_null(False)
    )
    rows = (
        wanted.select("row", "sku", "unit_key", "uom_code")
        .join(conversions.select("sku", "spelling", unit="uom", factor="factor"), on="sku", how="inner")
        .join(skeletons.rename({"spelling": "unit_key", "skeleton": "key_skeleton"}), on="unit_key", how="left")
        .join(skeletons.select(dictionary_code="spelling", code_skeleton="skeleton"),
              left_on=dictionary_code, right_on="dictionary_code", how="left")
        .with_columns(step=pl.when(pl.col("unit") == pl.col("uom_code")).then(0)
                      .when(pl.col("spelling") == pl.col("unit_key")).then(1)
                      .when(abbreviates).then(2))
        .drop_nulls("step")
        .filter(pl.col("step") == pl.col("step").min().over("row"))
        .unique(["row", "unit", "factor"])
        .filter(pl.len().over("row") == 1)
    )
    return wanted.select("row").join(rows.select("row", "unit", "factor"), on="row", how="left", maintain_order="left")
