"""Free-text product descriptions to canonical tokens, the same way for takeoff lines and catalog rows.

Both sides go through one pipeline so that '1-1/4" EMT cplg', '1 1/4 in emt coupling' and
'COUPLING EMT 1-1/4 IN' end up with the same tokens. Measurements become typed tokens
("1.25in", "10ft", "12ga", "20a", "sch40", "typex", "4x8dim", "1hole", "2gang", "1pole"...), which
`attributes` reads back to decide what a description states. All work is vectorized
Polars: a million catalog rows normalize in seconds.
"""

from __future__ import annotations

import re

import polars as pl

from sync_pipeline.core.dictionaries import Dictionaries, shipped_dictionaries

# A number once mixed numbers are joined: "1+1/4", "3/4", "0.5", "12".
_NUM = r"(\d+\+\d+/\d+|\d+/\d+|\d*\.\d+|\d+)"
_FRACTION_DENOMINATORS = r"(?:2|4|8|16|32|64)"
_FRACTION = r"(\d+\+\d+/\d+|\d+/\d+)"  # a mixed number or fraction once joined: a size, never a sheet
_UNICODE = {"½": " 1/2", "¼": " 1/4", "¾": " 3/4", "⅛": " 1/8", "⅜": " 3/8", "⅝": " 5/8", "⅞": " 7/8",
            "°": " deg ", "”": '"', "“": '"', "″": '"', "’": "'", "‘": "'", "′": "'", "×": " x "}

# Steel framing designations (SSMA "362S125-18": web 3-5/8 in, S stud / T track, flange 1-1/4 in,
# 18 mil): the web in hundredths with eighths rounded, the thickness in mils read as the trade gauge.
_SSMA_WEB_EIGHTHS = {"00": "", "12": "+1/8", "25": "+1/4", "37": "+3/8", "50": "+1/2", "62": "+5/8",
                     "75": "+3/4", "87": "+7/8"}
_SSMA_MIL_GAUGE = {"18": "25", "19": "25", "27": "22", "30": "20", "33": "20", "43": "18", "54": "16",
                   "68": "14", "97": "12"}
_SSMA_RULES: tuple[tuple[str, str], ...] = tuple(
    (rf"\b(\d){web}([st])(\d{{3}})-{mil}\b", rf" ${{1}}{eighths} {gauge}ga ${{2}}ssma ")
    for web, eighths in _SSMA_WEB_EIGHTHS.items() for mil, gauge in _SSMA_MIL_GAUGE.items()
) + ((r"\bsssma\b", "stud"), (r"\btssma\b", "track"))

# Measurement rules, in order; each turns a spelled measurement into one typed token.
_MEASUREMENT_RULES: tuple[tuple[str, str], ...] = (
    (r"\b([a-z]+)-([a-z])\b", "${1}${2}"),  # pex-a -> pexa
    (r"([a-z])-(\d)", "${1}${2}"),  # thwn-2, kec-8835: a suffix or a part number, never a size
    (r"([a-z]{2,})-([a-z]{2,})", "${1} ${2}"),  # twist-on, bi-metal
    (r"\b(\d+)#([^0-9]|$)", "${1}lb ${2}"),  # 80# bag, 150# fittings: pounds (not "3#12", three #12 wires)
    (r"(\d)s\b", "${1}"),  # plural numbers: 90s, 2x4s
    (r"(?:\b1\s*)?\bpints?\b", "16oz"),  # "1 pint" is one size, not a 1 in size and a pint
    (r"(?:\b1\s*)?\b(?:quarts?|qts?)\b", "32oz"),
    (r"(?:#|\bno\.?\s*)\s*(\d+(?:/0)?)(?:\b|(x))", " ${1}ga ${2} "),  # #12, No. 12, #1/0, #6x1-5/8 (gauges)
    (r"\b(6|8|10|12|14|16|18)[/-]([234])\b", "${1}ga ${2}cond"),  # cable 12/2, 14-2: gauge and conductor count
    (r"\b(\d+(?:/0)?)\s*(?:awg|ga|gauge|gage)\b", "${1}ga"),
    # A bare number beside a building-wire type is its gauge: "THHN 12 STR", "12 THHN".
    (r"\b(thhn|thwn\d?|xhhw\d?|mtw|romex|nm b|uf b)[\s/]+(1[0248]|[1-8])(\s|$)", "${1} ${2}ga${3}"),
    (r"(^|\s)(1[0248]|[1-8])\s+(thhn|thwn|xhhw|mtw|romex)\b", "${1}${2}ga ${3}"),
    (r"\b(\d+/\d+)-(\d+)\b", "${1} ${2}tpi"),  # threaded rod 1/4-20
    (r"\b(\d+)\s*tpi\b", "${1}tpi"),
    (r"\b(\d+)/(\d+)\s*v(?:olts?|ac)?\b", "${1}v ${2}v"),
    (r"\b(\d+)\s*v(?:olts?|ac)?\b", "${1}v"),
    (r"\b(\d+)\s*(?:a|amps?|amperes?)\b", "${1}a"),
    (r"\bsch(?:ed(?:ule)?)?\.?\s*(\d+)\b", "sch${1}"),
    # Rebar grade 60: a label, not a size or a side of 60 x 20 ("gr 500'" is green wire, 500 ft).
    (r"\bgrade\s*(\d+)\b", "${1}grade"),
    (r"\bgr\.?\s*(\d{2})([^'\"\d.]|$)", "${1}grade${2}"),
    (r"\btype\s*([a-z])\b", "type${1}"),
    (r"\b([klm])\s+(copper|cu)\b", "type${1} ${2}"),  # "L copper" is type L copper tube
    (r"(^|\s)(\d+)[\s-]*holes?\b", "${1}${2}hole"),
    (r"(^|\s)(\d+)[\s-]*(?:g|gang)\b", "${1}${2}gang"),  # 2 gang, 2g, 2-GANG
    (r"(^|\s)(\d+)[\s-]*way\b", "${1}${2}way"),
    (r"(^|\s)(\d+)[\s-]*pole\b", "${1}${2}pole"),
    (r"(^|[^\d])\.(\d)", "${1}0.${2}"),  # .5 -> 0.5
    (rf"(^|\s)(\d{{1,2}})[\s-]+(\d+/{_FRACTION_DENOMINATORS})([^\d]|$)", "${1}${2}+${3}${4}"),  # 1-1/4 -> 1+1/4
    # Three measures A x B x C: a face and a length or depth ("2X10 X 12 FT", "20 X 20 X 1 IN", "16x25x1").
    (rf"(^|\s){_NUM}\s*(?:\"|in\b)?\s*x\s*{_NUM}\s*(?:\"|in\b)?\s*x\s*{_NUM}\s*(?:'|ft\b|feet\b|foot\b)",
     "${1}${2}x${3}dim ${2}in ${3}in ${4}ft "),
    (rf"(^|\s){_NUM}\s*(?:\"|in\b)?\s*x\s*{_NUM}\s*(?:\"|in\b)?\s*x\s*{_NUM}\s*(?:\"|in\b|inch(?:es)?\b)",
     "${1}${2}x${3}dim ${2}in ${3}in ${4}in "),
    (r"(^|\s)(\d+)\s*x\s*(\d+)\s*x\s*(\d+)(\s|$)", "${1}${2}x${3}dim ${4}${5}"),
    (rf"{_NUM}\s*(?:deg(?:rees?)?\b)", "${1}deg"),
    (rf"{_NUM}\s*(?:'|ft\b|feet\b|foot\b)?\s*x\s*{_NUM}\s*(?:'|ft\b|feet\b|foot\b)", "${1}x${2}dim"),  # 4'x8' = 4x8
    (rf'{_NUM}\s*(?:"|in\b|inch(?:es)?\b)?\s*x\s*{_NUM}\s*(?:"|in\b|inch(?:es)?\b)', "${1}x${2}dim ${1}in ${2}in"),
    # Unitless A x B: sheets (4x8) stay a pair; a fractional part is a fastener or strut size in inches.
    (rf"(^|\s){_FRACTION}\s*x\s*{_FRACTION}(\s|$)", "${1}${2}x${3}dim ${2} ${3}${4}"),
    (rf"(^|\s){_NUM}\s*x\s*{_FRACTION}(\s|$)", "${1}${2}x${3}dim ${3}${4}"),
    (rf"(^|\s){_FRACTION}\s*x\s*{_NUM}(\s|$)", "${1}${2}x${3}dim ${2}${4}"),
    (rf"(^|\s){_NUM}\s*x\s*{_NUM}(\s|$)", "${1}${2}x${3}dim${4}"),
    (rf'{_NUM}\s*(?:"|in\b|inch(?:es)?\b)', "${1}in "),
    (rf"{_NUM}\s*(?:'|ft\b|feet\b|foot\b)", "${1}ft "),
    (rf"{_NUM}\s*(?:oz|ounces?)\b", "${1}oz"),
    (rf"{_NUM}\s*(?:gal|gallons?)\b", "${1}gal"),
    (rf"{_NUM}\s*(?:lbs?|pounds?)\b", "${1}lb"),
    (r"\bw/\s*", " with "),
    (r"&", " and "),
    (r"[^a-z0-9.+/]+", " "),
    (r"(^|\s)/+|/+(\s|$)", " "),
    (r"([a-z])/([a-z])", "${1} ${2}"),
)

# Numeric token: optional whole part, fraction or decimal, then the unit suffix the rules gave it.
_NUMERIC_TOKEN = r"^(?:(\d+)\+)?(?:(\d+)/(\d+)|(\d*\.?\d+))([a-z]*)$"
_DIMS_TOKEN = r"^([\d.+/]+)x([\d.+/]+)dim$"
_ANGLES = (11.25, 22.5, 45.0, 60.0, 90.0)
_BARE_SIZE_MAX = 12.0  # a unitless number up to 12 in a description is a trade size in inches


def _phrase_pattern(phrase: str) -> str:
    return r"(^|[^a-z0-9])" + re.escape(phrase) + r"($|[^a-z0-9])"


def _rewrite_phrases(text: pl.Series, dictionaries: Dictionaries) -> pl.Series:
    """Noise phrases out, dictionary phrases to canonical words, whole-word, longest first.

    A phrase's regex runs only on the rows holding it as a substring (a cheap literal scan): most
    descriptions hold none or one of the phrases.
    """
    noise = sorted((p for p in dictionaries.noise if not p.isalnum()), key=len, reverse=True)
    phrases = sorted(dictionaries.phrases.items(), key=lambda kv: len(kv[0]), reverse=True)
    rules = [(phrase, "${1} ${2}") for phrase in noise]
    rules += [(phrase, f"${{1}} {canonical} ${{2}}") for phrase, canonical in phrases]
    if not rules:
        return text
    # A row holding none of the phrases is left as it is by every rule: the rules scan only the others.
    holding = text.str.contains_any([phrase for phrase, _ in rules]).fill_null(False).arg_true()
    subset = text.gather(holding)
    for phrase, replacement in rules:
        rows = subset.str.contains(phrase, literal=True).arg_true()
        if len(rows):
            subset.scatter(rows, subset.gather(rows).str.replace_all(_phrase_pattern(phrase), replacement))
    text = text.clone()
    if len(holding):
        text.scatter(holding, subset)
    return text


def _rewrite_framing_designations(text: pl.Series) -> pl.Series:
    """SSMA designations to web size, gauge and stud/track; only rows holding one pay for the rules."""
    rows = text.str.contains(r"\d{3}[st]\d{3}-\d{2}").fill_null(False).arg_true()
    if len(rows) == 0:
        return text
    rewritten = text.gather(rows)
    for pattern, replacement in _SSMA_RULES:
        rewritten = rewritten.str.replace_all(pattern, replacement)
    text = text.clone()
    text.scatter(rows, rewritten)
    return text


def _prepare(text: pl.Series, dictionaries: Dictionaries) -> pl.Series:
    """Whole-string rewriting: case, symbols, noise phrases, dictionary phrases, measurement rules."""
    text = text.fill_null("").str.to_lowercase()
    text = text.str.replace_many(list(_UNICODE), list(_UNICODE.values()))
    text = _rewrite_phrases(text, dictionaries)
    text = _rewrite_framing_designations(text)
    rules = pl.col("text")
    for pattern, replacement in _MEASUREMENT_RULES:
        rules = rules.str.replace_all(pattern, replacement)
    return pl.LazyFrame({"text": text}).select(rules).collect().to_series()  # lazy: str rules run in parallel


def _format_number(value: pl.Expr) -> pl.Expr:
    return value.round(4).cast(pl.Utf8).str.replace(r"\.0$", "")


def _number_value(whole: pl.Expr, numerator: pl.Expr, denominator: pl.Expr, decimal: pl.Expr) -> pl.Expr:
    fraction = numerator.cast(pl.Float64) / denominator.cast(pl.Float64)
    return whole.cast(pl.Float64).fill_null(0.0) + pl.coalesce(fraction, decimal.cast(pl.Float64))


def _canonical_numbers(token: pl.Expr) -> pl.Expr:
    """Typed numeric tokens in one canonical spelling: fractions to decimals, bare trade sizes to inches.

    Feet stay feet: trades give lengths in feet and sizes in inches, and keeping them apart lets a
    line that states a size stay silent about the stick length.
    """
    parts = token.str.extract_groups(_NUMERIC_TOKEN)
    value = _number_value(parts.struct[0], parts.struct[1], parts.struct[2], parts.struct[3])
    suffix = parts.struct[4]
    dims = token.str.extract_groups(_DIMS_TOKEN)

    def dim_value(part: pl.Expr) -> pl.Expr:
        piece = part.str.extract_groups(r"^(?:(\d+)\+)?(?:(\d+)/(\d+)|(\d*\.?\d+))$")
        return _format_number(_number_value(piece.struct[0], piece.struct[1], piece.struct[2], piece.struct[3]))

    return (
        pl.when(dims.struct[0].is_not_null())
        .then(pl.concat_str(dim_value(dims.struct[0]), pl.lit("x"), dim_value(dims.struct[1]), pl.lit("dim")))
        .when(value.is_null() | suffix.is_in(["ga"]))
        .then(token)
        .when((suffix == "") & value.is_in(_ANGLES))
        .then(pl.concat_str(_format_number(value), pl.lit("deg")))
        .when((suffix == "") & (value <= _BARE_SIZE_MAX) & (value > 0))
        .then(pl.concat_str(_format_number(value), pl.lit("in")))
        .when(suffix == "")
        .then(token)
        .otherwise(pl.concat_str(_format_number(value), suffix))
        .alias("token")
    )


def _canonical_words(raw: pl.Series, dictionaries: Dictionaries) -> pl.DataFrame:
    """Each distinct raw word (token, as split) to its canonical tokens (List(Utf8), empty when noise).

    Done once per word of the vocabulary rather than once per occurrence: a million descriptions
    share a few tens of thousands of words.
    """
    words = dict(dictionaries.abbreviations)
    noise = [w for w in dictionaries.noise if w.isalnum()]
    long = (
        pl.DataFrame({"raw": raw.unique()}).with_columns(token=pl.col("raw").str.strip_chars("./+"))
        .filter(pl.col("token") != "")
        .with_columns(  # plurals: both sides lose the same ending ("straps", "boxes", "anchors")
            pl.when(pl.col("token").str.contains(r"^[a-z]{2,}xes$"))
            .then(pl.col("token").str.strip_suffix("es"))
            .when(pl.col("token").str.contains(r"^[a-z]{3,}s$") & ~pl.col("token").str.ends_with("ss"))
            .then(pl.col("token").str.strip_suffix("s"))
            .otherwise(pl.col("token"))
        )
        .with_columns(pl.col("token").replace(words).str.split(" "))
        .explode("token")
        .filter((pl.col("token") != "") & ~pl.col("token").is_in(noise))
        .with_columns(_canonical_numbers(pl.col("token")))
    )
    return long.group_by("raw", maintain_order=True).agg("token")


def canonical_tokens(descriptions: pl.Series, dictionaries: Dictionaries | None = None) -> pl.Series:
    """Each description as a list of canonical tokens, in reading order (List(Utf8), empty when blank).

    Each distinct description is normalized once: catalogs list one description under several makers.
    """
    dictionaries = dictionaries or shipped_dictionaries()
    text = descriptions.cast(pl.Utf8).fill_null("")
    unique = text.unique(maintain_order=True)
    distinct = pl.DataFrame({"text": unique, "raw": _prepare(unique, dictionaries).str.split(" ")}).with_row_index("row")
    long = distinct.select("row", "raw").explode("raw")
    canonical = long.join(_canonical_words(long["raw"].drop_nulls(), dictionaries), on="raw", maintain_order="left")
    grouped = canonical.select("row", "token").explode("token").group_by("row", maintain_order=True).agg("token")
    tokens = distinct.select("row", "text").join(grouped, on="row", how="left", maintain_order="left")
    return (
        pl.DataFrame({"text": text})
        .join(tokens, on="text", how="left", maintain_order="left")
        .select(pl.col("token").fill_null([]))
        .to_series()
        .alias("tokens")
    )


def canonical_text(descriptions: pl.Series, dictionaries: Dictionaries | None = None) -> pl.Series:
    """The canonical tokens joined by spaces, in reading order: the text fuzzy scoring compares."""
    return canonical_tokens(descriptions, dictionaries).list.join(" ").alias("canonical_text")


def description_key(descriptions: pl.Series) -> pl.Series:
    """The manual-mapping key: the typed text's distinct words, lower case, sorted, punctuation aside.

    It depends on the text alone, not on the dictionaries: editing a dictionary or learning an entry
    changes how a description is read, never which reviewers' decisions apply to it.
    '1/2" EMT Conn.' and 'emt conn 1/2' share the key "1/2 conn emt".
    """
    text = descriptions.cast(pl.Utf8).fill_null("").str.to_lowercase()
    words = text.str.replace_many(list(_UNICODE), list(_UNICODE.values())).str.replace_all(r"[^a-z0-9./]+", " ")
    words = words.str.split(" ").list.eval(pl.element().str.strip_chars("./")).list.eval(
        pl.element().filter(pl.element() != ""))
    return words.list.unique().list.sort().list.join(" ").alias("description_key")
