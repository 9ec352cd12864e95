"""A generated catalog and takeoff for benchmarks, written the way the dev set is written.

Catalog rows read like a distributor's: noun, type, material, size, gauge, finish, colour,
length, each attribute spelled as catalogs do ("1-1/4 IN", "12 AWG", "X 10 FT"), with the
same item offered by several manufacturers and in many variants. Takeoff lines are rendered
from catalog rows as estimators type them: size first, abbreviations, marks for inches and
feet, mixed case, noise words, sometimes a part number. A line either states every attribute
of its row (one right answer, unless two makers list the same description) or drops one
(underspecified: a person must decide).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from math import prod

import polars as pl

# An option is "CATALOG SPELLING|estimator spelling|...": the catalog writes the first, an
# estimator any of them (the catalog spelling in lower case included).
SIZES = ("3/8", "1/2", "3/4", "1", "1-1/4", "1-1/2", "2", "2-1/2", "3", "3-1/2", "4", "5", "6", "8")
COLORS = ("WHITE|wht|wh", "BLACK|blk|bk", "RED|rd", "BLUE|blu|bl", "GREEN|grn|gn", "GRAY|gry|grey",
          "ORANGE|org", "BROWN|brn", "YELLOW|yel", "PURPLE|pur")
DEVICE_COLORS = ("WHITE|wht|wh", "IVORY|iv", "GRAY|gry|grey", "BLACK|blk", "ALMOND", "LIGHT ALMOND", "RED|rd", "BROWN|brn")
MAKERS = ("Allied Tube", "Wheatland Tube", "Republic Conduit", "Bridgeport", "Topaz", "Halex", "Hubbell", "Leviton",
          "Pass & Seymour", "Eaton", "Southwire", "Cerro Wire", "Encore Wire", "Mueller", "NIBCO", "Cerro Flow",
          "Charlotte Pipe", "JM Eagle", "Apollo", "Watts", "Milwaukee Valve", "Steel City", "RACO", "Garvin",
          "Hilti", "Simpson Strong-Tie", "Red Head", "Grabber", "Dewalt", "ClarkDietrich", "Marino Ware",
          "USG", "National Gypsum", "B-Line", "Unistrut", "Uponor", "Viega", "Erico", "Thomas & Betts", "Arlington")


@dataclass(frozen=True)
class Family:
    """One item type: its axes (options in catalog order), stock unit, conversions and usual makers."""

    axes: tuple[tuple[str, ...], ...]
    uom: str
    conversions: str
    makers: int  # how many of MAKERS list this item type
    size_axes: tuple[int, ...] = ()  # axes whose options are inch sizes ("1-1/4" -> "1-1/4 IN")

    @property
    def combinations(self) -> int:
        return prod(len(axis) for axis in self.axes) * self.makers


FAMILIES = (
    Family((("CONDUIT|cond",), ("EMT", "RIGID GALV STEEL|rigid|rmc|grc", "PVC SCH 40|pvc sch40|pvc schedule 40",
            "PVC SCH 80|pvc sch80", "IMC", "ALUMINUM RIGID|alum rigid"), SIZES, ("X 10 FT|10'|10ft", "X 20 FT|20'|20ft")),
           "FT", "STK:10;C:100", 6, (2,)),
    Family((("COUPLING|cplg|coup", "CONNECTOR|conn|connr"), ("EMT", "RIGID|rmc", "FLEX", "LIQUIDTIGHT", "MC CABLE|mc"),
            ("SET SCREW|setscrew", "COMPRESSION|comp", "SQUEEZE", "THREADLESS"),
            ("STEEL|stl|mtl", "ZINC DIE CAST|zinc", "MALLEABLE IRON"),
            ("", "RAINTIGHT", "CONCRETE TIGHT", "INSULATED THROAT"), SIZES),
           "EA", "BX:25", 8, (5,)),
    Family((("STRAP|strap", "CLAMP|clamp", "HANGER CLEVIS|clevis hanger", "HANGER SPLIT RING|split ring hanger"),
            ("EMT", "RIGID|rmc", "PVC", "COPPER|cu"), ("1 HOLE|1-hole|one hole", "2 HOLE|2-hole|two hole"),
            ("STEEL|stl|mtl", "MALLEABLE IRON", "STAINLESS 304"),
            ("ZINC PLATED|zinc", "PRE-GALV", "HOT DIP GALV"), SIZES),
           "EA", "BX:100", 6, (5,)),
    Family((("WIRE|wire",), ("THHN/THWN-2|thhn|thhn/thwn", "XHHW-2|xhhw", "USE-2|use", "RHH/RHW-2|rhh"), ("CU|copper", "AL|alum"),
            ("14 AWG|#14|14awg", "12 AWG|#12|12awg", "10 AWG|#10|10awg", "8 AWG|#8|8awg", "6 AWG|#6|6awg",
             "4 AWG|#4|4awg", "2 AWG|#2|2awg", "1/0 AWG|#1/0", "2/0 AWG|#2/0", "4/0 AWG|#4/0"),
            ("SOL|solid", "STR|stranded"), COLORS, ("500 FT SPOOL|500' spool", "1000 FT REEL|1000' reel", "2500 FT REEL|2500' reel")),
           "FT", "M:1000;C:100;SPL:500", 5),
    Family((("PIPE|pipe",), ("COPPER TYPE K HARD|type k cu hard|k copper hard", "COPPER TYPE L HARD|type l cu hard|l copper hard",
            "COPPER TYPE M HARD|type m cu hard", "COPPER TYPE L SOFT|type l cu soft", "PVC DWV SCH 40|pvc dwv",
            "PVC PRESSURE SCH 80|pvc sch80 pressure", "CPVC CTS|cpvc", "BLACK IRON SCH 40|black iron", "GALV STEEL SCH 40|galv"),
            SIZES, ("X 10 FT|10'|10ft", "X 20 FT|20'|20ft", "X 21 FT|21'")),
           "FT", "STK:20", 6, (2,)),
    Family((("ELBOW 90 DEG|90 ell|90 deg elbow", "ELBOW 45 DEG|45 ell|45 deg elbow", "TEE|tee", "COUPLING|cplg", "CAP|cap",
             "UNION|union", "ADAPTER MALE|male adapter", "ADAPTER FEMALE|female adapter"),
            ("WROT COPPER|wrot cu", "CAST BRONZE|bronze", "PVC SCH 40|pvc sch40", "PVC SCH 80|pvc sch80", "CPVC",
             "BLACK IRON 150 LB|black iron", "GALV MALLEABLE|galv", "BRASS|brass"),
            ("SWEAT|swt|solder", "THREADED", "PRESS|press", "PUSH FIT"), SIZES),
           "EA", "BG:10", 8, (3,)),
    Family((("VALVE BALL|ball vlv|ball valve", "VALVE GATE|gate vlv", "VALVE GLOBE|globe valve", "VALVE CHECK SWING|swing check",
             "VALVE CHECK SPRING|spring check", "VALVE BUTTERFLY|butterfly valve"),
            ("BRASS", "BRONZE", "STAINLESS 316", "CAST IRON|ci"), ("FULL PORT", "STANDARD PORT|std port"),
            ("SWEAT|swt", "THREADED|thrd", "PRESS", "FLANGED"), ("150 WOG", "600 WOG", "1000 WOG"), SIZES),
           "EA", "", 6, (5,)),
    Family((("RECEPTACLE DUPLEX|duplex recept|dplx receptacle", "RECEPTACLE GFCI|gfci recept|gfi receptacle",
             "RECEPTACLE SINGLE|single receptacle", "SWITCH SINGLE POLE|sp switch|1p sw", "SWITCH 3-WAY|3way sw|3-way switch",
             "SWITCH 4-WAY|4-way switch", "SWITCH DOUBLE POLE|dp sw"),
            ("15A|15 amp|15amp", "20A|20 amp|20amp", "30A|30 amp"), ("125V|125 volt", "120/277V|120/277 volt", "250V"),
            ("RESIDENTIAL GRADE|residential", "COMMERCIAL GRADE|commercial", "SPEC GRADE|spec grade",
             "HOSPITAL GRADE|hospital", "INDUSTRIAL GRADE|industrial"),
            ("", "TR|tamper resistant", "WR", "TR WR|tr wr"), DEVICE_COLORS),
           "EA", "BX:10", 8),
    Family((("BOX 4 IN SQUARE|4sq box|4 in square box", "BOX OCTAGON 4 IN|4 in octagon box", "BOX HANDY|handy box",
             "BOX SWITCH 1 GANG|1 gang box|single gang box", "BOX SWITCH 2 GANG|2 gang box"),
            ("1-1/2 IN DEEP|1-1/2 dp|1.5in deep", "2-1/8 IN DEEP|2-1/8 dp|2.125 deep", "3-1/2 IN DEEP|3-1/2 deep"),
            ("KO 1/2|1/2 ko", "KO 3/4|3/4 ko", "KO 1/2 & 3/4|1/2 & 3/4 ko"), ("STEEL|stl|mtl", "PVC", "FIBERGLASS"),
            ("", "WITH CLAMPS|w/ clamps", "NAIL ON|nail-on", "BRACKET|bracket")),
           "EA", "CS:50", 6),
    Family((("ANCHOR WEDGE|wedge anchor", "ANCHOR SLEEVE|sleeve anchor", "ANCHOR DROP-IN|drop in anchor",
             "SCREW CONCRETE|concrete screw", "ANCHOR STRIKE|strike anchor"),
            tuple(f"{d} X {length} IN|{d} x {length}" for d in ("1/4", "3/8", "1/2", "5/8", "3/4")
                  for length in ("1-1/4", "1-3/4", "2-1/4", "2-3/4", "3", "3-3/4", "4-1/4", "5", "6", "7", "8-1/2", "10")),
            ("ZINC", "HOT DIP GALV", "STAINLESS 304", "STAINLESS 316")),
           "EA", "BX:50", 6),
    Family((("SCREW DRYWALL|drywall screw|dw screw", "SCREW SELF DRILLING|self drilling screw",
             "SCREW SHEET METAL|sheet metal screw", "SCREW WOOD|wood screw", "SCREW LATH|lath screw"),
            tuple(f"#{g} X {length} IN|#{g} x {length}|no. {g} x {length}\"" for g in (4, 6, 7, 8, 10, 12, 14)
                  for length in ("1/2", "5/8", "3/4", "1", "1-1/8", "1-1/4", "1-1/2", "1-5/8", "1-7/8", "2", "2-1/4",
                                 "2-1/2", "3", "3-1/2", "4", "5", "6")),
            ("BUGLE HEAD|bugle", "PAN HEAD|pan", "HEX WASHER HEAD|hex washer", "FLAT HEAD|flat", "TRUSS HEAD|truss",
             "WAFER HEAD|wafer"),
            ("COARSE THREAD|coarse|ct", "FINE THREAD|fine"), ("PHOSPHATE", "ZINC", "STAINLESS", "CERAMIC COATED|ceramic", "YELLOW ZINC", "BLACK OXIDE"),
            ("SHARP POINT|sharp point", "DRILL POINT|drill point"), ("100/BX|100/bx", "500/BX|500/bx", "1000/BX|1000/bx")),
           "BX", "", 3),
    Family((("ROD THREADED|threaded rod|all thread", "BOLT HEX|hex bolt", "BOLT CARRIAGE|carriage bolt", "SCREW LAG|lag screw"),
            ("1/4-20", "5/16-18", "3/8-16", "1/2-13", "5/8-11", "3/4-10", "7/8-9"),
            tuple(f"X {length} IN|x {length}\"|x {length} in" for length in ("1/2", "3/4", "1", "1-1/4", "1-1/2", "2", "2-1/2", "3", "3-1/2",
                                                                         "4", "5", "6", "8", "10", "12"))
            + ("X 3 FT|x 3'", "X 6 FT|x 6'", "X 10 FT|x 10'", "X 12 FT|x 12'"),
            ("GRADE 2", "GRADE 5", "GRADE 8", "STAINLESS 304", "STAINLESS 316", "SILICON BRONZE", "BRASS"),
            ("ZINC", "HOT DIP GALV", "PLAIN", "YELLOW ZINC", "BLACK OXIDE")),
           "EA", "BX:50", 3),
    Family((("NUT HEX|hex nut", "NUT JAM|jam nut", "NUT COUPLING|coupling nut", "WASHER FLAT|flat washer",
             "WASHER LOCK|lock washer", "WASHER FENDER|fender washer"),
            ("1/4-20", "5/16-18", "3/8-16", "1/2-13", "5/8-11", "3/4-10", "7/8-9", "1-8"),
            ("GRADE 2", "GRADE 5", "GRADE 8", "STAINLESS 304", "STAINLESS 316", "SILICON BRONZE", "BRASS"),
            ("ZINC", "HOT DIP GALV", "PLAIN", "YELLOW ZINC", "BLACK OXIDE")),
           "EA", "BX:100", 6),
    Family((("BREAKER PLUG ON|plug on breaker", "BREAKER BOLT ON|bolt on breaker", "BREAKER GFCI|gfci breaker",
             "BREAKER AFCI|afci breaker", "BREAKER DUAL FUNCTION|dual function breaker"),
            ("1 POLE|1p|1 pole|single pole", "2 POLE|2p|2 pole|double pole", "3 POLE|3 pole"),
            tuple(f"{a}A|{a}a|{a} amp" for a in (15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100, 125)),
            ("120V|120v", "120/240V|120/240v", "277V|277v", "480V|480v"), ("10KAIC|10kaic", "22KAIC|22kaic", "65KAIC|65kaic")),
           "EA", "", 8),
    Family((("CABLE TIE|cable tie|zip tie",), tuple(f"{n} IN|{n}\"|{n} in" for n in ("4", "6", "8", "11", "14", "15", "18", "24", "36")),
            ("18 LB|18 lb", "40 LB|40 lb", "50 LB|50 lb", "120 LB|120 lb", "175 LB|175 lb", "250 LB|250 lb"),
            ("NYLON|nylon", "UV NYLON|uv nylon", "STAINLESS 316"), COLORS),
           "BG", "", 6),
    Family((("STUD STEEL|steel stud|mtl stud", "TRACK STEEL|steel track|runner track"),
            ("1-5/8", "2-1/2", "3-5/8", "4", "6", "8"),
            ("25 GA|25ga", "22 GA|22ga", "20 GA|20ga", "18 GA|18ga", "16 GA|16ga", "14 GA|14ga"),
            ("G40", "G60", "G90"), ("X 8 FT|8'", "X 9 FT|9'", "X 10 FT|10'", "X 12 FT|12'", "X 14 FT|14'", "X 16 FT|16'")),
           "EA", "FT:0.1", 5, (1,)),
    Family((("GYPSUM BOARD|gyp bd|gwb|drywall",), ("1/2 IN|1/2\"|.5in", "5/8 IN|5/8\"", "1/4 IN|1/4\"", "3/8 IN|3/8\""),
            ("REGULAR|reg", "TYPE X|type x", "MOISTURE RESISTANT|mr|green board", "MOLD RESISTANT", "ABUSE RESISTANT", "TYPE C"),
            ("4 X 8 FT|4x8|4'x8'", "4 X 9 FT|4x9", "4 X 10 FT|4x10", "4 X 12 FT|4x12|4'x12'"), ("TAPERED EDGE|tapered", "SQUARE EDGE|square edge")),
           "EA", "", 5),
    Family((("STRUT CHANNEL|unistrut|strut",), ("1-5/8 X 13/16 IN|1-5/8 x 13/16", "1-5/8 X 1-5/8 IN|1-5/8 x 1-5/8", "1-5/8 X 3-1/4 IN|1-5/8 x 3-1/4"),
            ("12 GA|12ga", "14 GA|14ga"), ("PRE-GALV", "HOT DIP GALV", "PLAIN|plain", "STAINLESS 304", "ALUMINUM|alum"),
            ("SOLID|solid", "SLOTTED|slotted", "HALF SLOT|half slot"), ("10 FT|10'", "20 FT|20'")),
           "EA", "FT:0.1", 5),
    Family((("TUBING|tubing|pex",), ("PEX-A|pex-a|pexa", "PEX-B|pex-b|pexb", "PEX-AL-PEX|pex al pex"),
            ("3/8", "1/2", "3/4", "1", "1-1/4", "1-1/2", "2"), ("RED|rd", "BLUE|blu", "WHITE|wht"),
            ("", "OXYGEN BARRIER"), ("100 FT COIL|100' coil", "300 FT COIL|300' coil", "500 FT COIL|500' coil", "20 FT STICK|20' stick")),
           "FT", "COIL:100;RL:100", 4, (2,)),
)

SIZE_SPELLINGS = ('{s}"', "{s} in", "{d}in", '{sp}"', "{s} inch", "{s}")
DECIMAL = {"1/4": ".25", "3/8": ".375", "1/2": ".5", "5/8": ".625", "3/4": "0.75", "1-1/4": "1.25", "1-1/2": "1.5",
           "1-5/8": "1.625", "2-1/2": "2.5", "3-1/2": "3.5", "3-5/8": "3.625"}
NOISE = ("", "", "", "", " (typ.)", " F&I", " per spec")
UNIT_SPELLINGS = {"FT": ("ft", "LF", "FT", "lin ft"), "EA": ("ea", "EA", "each", "pcs"), "BX": ("bx", "BX", "box"), "BG": ("bg", "bag", "BG")}
SCHEMA = {"sku": pl.Utf8, "description": pl.Utf8, "manufacturer": pl.Utf8, "manufacturer_part_number": pl.Utf8,
          "uom": pl.Utf8, "uom_conversions": pl.Utf8}


def _catalog_spelling(family: Family, axis: int, option: str) -> str:
    text = option.split("|")[0]
    return f"{text} IN" if axis in family.size_axes else text


def _estimator_spelling(rng: random.Random, family: Family, axis: int, option: str) -> str:
    if axis in family.size_axes:
        return rng.choice(SIZE_SPELLINGS).format(s=option, d=DECIMAL.get(option, option), sp=option.replace("-", " "))
    spellings = option.split("|")
    return rng.choice([spellings[0].lower(), *spellings[1:]])


def _rows(n: int, seed: int) -> list[tuple[int, tuple[int, ...], int]]:
    """`n` distinct (family, option per axis, maker) picks, families weighted by how many combinations they have."""
    rng = random.Random(seed)
    sizes = [f.combinations for f in FAMILIES]
    total = sum(sizes)
    if n > total:
        raise ValueError(f"at most {total:,} distinct products can be generated")
    picks = []
    for code in rng.sample(range(total), n):
        family = 0
        while code >= sizes[family]:
            code -= sizes[family]
            family += 1
        options = []
        for axis in FAMILIES[family].axes:
            code, option = divmod(code, len(axis))
            options.append(option)
        picks.append((family, tuple(options), code))
    return picks


def generate_catalog(n: int, seed: int = 7) -> pl.DataFrame:
    """`n` distinct catalog products in the dev catalog's columns."""
    rng = random.Random(seed)
    rows = []
    for i, (f, options, maker_pick) in enumerate(_rows(n, seed)):
        family = FAMILIES[f]
        maker = MAKERS[(f * 7 + maker_pick) % len(MAKERS)]
        words = [_catalog_spelling(family, a, family.axes[a][o]) for a, o in enumerate(options)]
        letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(rng.choice((2, 3))))
        part_number = f"{letters}-{rng.randrange(100, 99999)}" if rng.random() < 0.7 else str(rng.randrange(10**5, 10**8))
        rows.append((f"S{i:07d}", " ".join(w for w in words if w), maker, part_number, family.uom, family.conversions))
    return pl.DataFrame(rows, schema=SCHEMA, orient="row").with_columns(
        category=pl.lit(None, pl.Utf8), active=pl.lit(True),
        uom_conversions=pl.col("uom_conversions").str.split(";").list.eval(
            pl.element().filter(pl.element() != "").str.split(":").list.to_struct(fields=["uom", "factor"])
        ).list.eval(pl.struct(pl.element().struct.field("uom"), pl.element().struct.field("factor").cast(pl.Float64))),
    )


def generate_lines(catalog: pl.DataFrame, n: int, seed: int = 11, underspecified: float = 0.1,
                   with_part_number: float = 0.1) -> pl.DataFrame:
    """`n` takeoff lines from catalog products, popular items more often (a takeoff repeats its staples).

    Columns as the dev takeoff, plus `source_sku` and `specified` (False when the line drops one of
    its product's attributes, so that it no longer names one product).
    """
    rng = random.Random(seed)
    picks = _rows(catalog.height, 7)  # the catalog's own picks, in SKU order
    skus = catalog["sku"].to_list()
    part_numbers = catalog["manufacturer_part_number"].to_list()
    makers = catalog["manufacturer"].to_list()
    order = list(range(catalog.height))
    rng.shuffle(order)
    rows = []
    for i in range(n):
        # Half the lines are staples (half of those among 1,000 products), half anything in the catalog.
        rank = int(1000 * (rng.paretovariate(1.0) - 1))
        p = order[rank] if rng.random() < 0.5 and rank < catalog.height else rng.randrange(catalog.height)
        f, options, _ = picks[p]
        family = FAMILIES[f]
        words = [_estimator_spelling(rng, family, a, family.axes[a][o]) for a, o in enumerate(options)]
        droppable = [a for a, o in enumerate(options) if a > 0 and len(family.axes[a]) > 1 and words[a]]
        specified = not (droppable and rng.random() < underspecified)
        if not specified:
            words[rng.choice(droppable)] = ""
        sizes = [words[a] for a in family.size_axes if words[a]]
        rest = [w for a, w in enumerate(words) if w and a not in family.size_axes]
        text = " ".join(sizes + rest) if rng.random() < 0.7 else " ".join(rest[:1] + sizes + rest[1:])
        text = (text.upper() if rng.random() < 0.3 else text) + rng.choice(NOISE)
        part_number = None
        if rng.random() < with_part_number:
            part_number = part_numbers[p].lower() if rng.random() < 0.3 else part_numbers[p].replace("-", " ")
        elif rng.random() < 0.02:
            text = f"{makers[p]} {text}"
        unit = rng.choice(UNIT_SPELLINGS[family.uom])
        rows.append((f"L{i:07d}", text, float(rng.choice((1, 4, 10, 25, 120, 1200))), unit, part_number, skus[p], specified))
    return pl.DataFrame(rows, schema={"line_id": pl.Utf8, "description": pl.Utf8, "quantity": pl.Float64, "uom": pl.Utf8,
                                      "part_number": pl.Utf8, "source_sku": pl.Utf8, "specified": pl.Boolean}, orient="row")
