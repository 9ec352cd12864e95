"""The simulated platform's product families, and how estimators say each product.

Every product is built from a family rule so the catalog is large (thousands of SKUs) yet
coherent: one description style ("CONDUIT EMT 1/2 IN X 10 FT"), real trade sizes, the
conversions a buyer would expect (10 ft sticks, boxes of 25, 500 ft spools, square feet of
board). Next to each product sit the phrase templates estimators use for it, so generated
takeoffs read like real ones. Template syntax: "{a|b|}" picks one alternative (possibly
empty), "{size}" / "{size2}" pick a written variant of the product's trade size.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Iterator

ELECTRICAL, PLUMBING, DRYWALL = "electrical", "plumbing", "drywall"
TRADES = (ELECTRICAL, PLUMBING, DRYWALL)

# (code, name, kind) as served by GET /v2/uom-codes.
UOM_CODES: tuple[tuple[str, str, str], ...] = (
    ("EA", "Each", "count"), ("PR", "Pair", "count"), ("C", "Hundred", "count"), ("M", "Thousand", "count"),
    ("FT", "Foot", "length"), ("IN", "Inch", "length"), ("YD", "Yard", "length"),
    ("SF", "Square foot", "area"), ("SY", "Square yard", "area"),
    ("GAL", "Gallon", "volume"), ("QT", "Quart", "volume"), ("LB", "Pound", "weight"),
    ("BX", "Box", "package"), ("CS", "Case", "package"), ("BG", "Bag", "package"), ("PK", "Pack", "package"),
    ("RL", "Roll", "package"), ("SPL", "Spool", "package"), ("REEL", "Reel", "package"),
    ("COIL", "Coil", "package"), ("STK", "Stick", "package"), ("JAR", "Jar", "package"),
    ("PL", "Pail", "package"), ("BDL", "Bundle", "package"), ("CTN", "Carton", "package"),
)

# Manufacturer part number formats seen in real catalogs; the generator draws one per product.
NUMERIC6, NUMERIC8, LETTERS_DASH, DEVICE, DIGITS_DASH = "numeric6", "numeric8", "letters-dash", "device", "digits-dash"


@dataclass(frozen=True)
class CatalogItem:
    """One product before it gets a SKU: what the platform stores and how estimators say it."""

    trade: str
    prefix: str
    category: str
    description: str
    uom: str
    conversions: tuple[tuple[str, float], ...]
    cost: float
    makers: tuple[str, ...]
    part_style: str
    phrases: tuple[str, ...]
    sizes: tuple[tuple[str, str], ...] = ()


def inches(size: str) -> float:
    """A written trade size as a number: "1-1/4" -> 1.25, "3/4" -> 0.75, "2" -> 2."""
    whole, dash, fraction = size.partition("-")
    return float(int(whole) + Fraction(fraction)) if dash else float(Fraction(size))


def _item(trade: str, prefix: str, category: str, description: str, uom: str, conversions: dict[str, float],
          cost: float, makers: tuple[str, ...], part_style: str, phrases: tuple[str, ...] | list[str],
          **sizes: str) -> CatalogItem:
    return CatalogItem(trade, prefix, category, description, uom, tuple(conversions.items()), round(cost, 4),
                       makers, part_style, tuple(phrases), tuple(sizes.items()))


TRADE_SIZES = ("1/2", "3/4", "1", "1-1/4", "1-1/2", "2", "2-1/2", "3", "3-1/2", "4")
FLEX_SIZES = ("3/8", "1/2", "3/4", "1", "1-1/4", "1-1/2", "2")

CONDUIT_MAKERS = ("Wheatland Tube", "Allied Tube", "Republic Conduit")
PVC_MAKERS = ("Charlotte Pipe", "JM Eagle", "Cantex")
FITTING_MAKERS = ("Bridgeport", "Topaz", "Halex", "Appleton", "RACO")
WIRE_MAKERS = ("Southwire", "Encore Wire", "Cerro Wire")
DEVICE_MAKERS = ("Leviton", "Hubbell", "Pass & Seymour", "Eaton")
BOX_MAKERS = ("Steel City", "RACO", "Orbit Industries")
SUPPORT_MAKERS = ("Unistrut", "B-Line", "Superstrut")
BREAKER_MAKERS = ("Square D", "Eaton", "Siemens")
COPPER_MAKERS = ("Mueller", "Cerro Flow", "Wieland")
COPPER_FITTING_MAKERS = ("Mueller", "NIBCO", "Elkhart")
PEX_MAKERS = ("Uponor", "Viega", "Zurn")
VALVE_MAKERS = ("Apollo", "NIBCO", "Watts", "Milwaukee Valve")
STEEL_PIPE_MAKERS = ("Wheatland Tube", "Ward Manufacturing", "Anvil")
GYPSUM_MAKERS = ("USG", "National Gypsum", "CertainTeed", "Georgia-Pacific")
FRAMING_MAKERS = ("ClarkDietrich", "Marino Ware", "SCAFCO")
LUMBER_MAKERS = ("Weyerhaeuser", "Boise Cascade", "West Fraser")
FASTENER_MAKERS = ("Grabber", "Simpson Strong-Tie", "ITW Buildex")
ANCHOR_MAKERS = ("Hilti", "Simpson Strong-Tie", "Powers", "Red Head")


def _box(size: str, small: int, large: int) -> dict[str, float]:
    return {"BX": small if inches(size) <= 1 else large}


def conduit() -> Iterator[CatalogItem]:
    kinds = (
        ("EMT", 1.1, CONDUIT_MAKERS, {"STK": 10, "C": 100},
         ("{size} EMT", "{size} EMT {conduit|cond|}", "EMT {size}", "{size} {thinwall|thin wall} {conduit|}")),
        ("RIGID GALV STEEL", 4.0, CONDUIT_MAKERS, {"STK": 10},
         ("{size} {rigid|GRC|RGS|galv rigid} {conduit|cond|}", "{GRC|rigid} {size}")),
        ("IMC", 3.2, CONDUIT_MAKERS, {"STK": 10}, ("{size} IMC {conduit|}", "IMC {size}")),
        ("PVC SCH 40", 0.9, PVC_MAKERS, {"STK": 10, "C": 100},
         ("{size} PVC {conduit|cond}", "{size} {sch 40|schedule 40|SCH40} PVC {conduit|cond}")),
        ("PVC SCH 80", 1.1, PVC_MAKERS, {"STK": 10},
         ("{size} {sch 80|SCH80|schedule 80} PVC {conduit|cond}", "{size} PVC {SCH 80|sch80} COND")),
        ("RIGID ALUMINUM", 3.5, CONDUIT_MAKERS, {"STK": 10}, ("{size} {alum|aluminum|AL} rigid {conduit|}",)),
    )
    for size in TRADE_SIZES:
        for kind, cost, makers, conversions, phrases in kinds:
            yield _item(ELECTRICAL, "EC", "Conduit", f"CONDUIT {kind} {size} IN X 10 FT", "FT", conversions,
                        cost * inches(size) ** 0.9, makers, NUMERIC6, phrases, size=size)
    for size in FLEX_SIZES:
        yield _item(ELECTRICAL, "EC", "Conduit", f"CONDUIT FLEX STEEL {size} IN X 100 FT COIL", "FT", {"COIL": 100},
                    0.7 * inches(size) ** 0.9, CONDUIT_MAKERS, NUMERIC6,
                    ("{size} {flex|greenfield|FMC} {conduit|}", "{size} steel flex"), size=size)
        yield _item(ELECTRICAL, "EC", "Conduit", f"CONDUIT LIQUIDTIGHT FLEX STEEL {size} IN X 100 FT COIL", "FT",
                    {"COIL": 100}, 1.3 * inches(size) ** 0.9, CONDUIT_MAKERS, NUMERIC6,
                    ("{size} {sealtite|LFMC|liquidtight|liquid tight flex|LT flex}",), size=size)


def conduit_fittings() -> Iterator[CatalogItem]:
    part_words = {"COUPLING": "{cplg|coupling|cpl}", "CONNECTOR": "{conn|connector|con}"}
    joint_words = {"SET SCREW": "{SS|set screw|setscrew|set-screw}", "COMPRESSION": "{comp|compression|comp.}"}
    material_words = {"STEEL": "{steel |stl |}", "DIE CAST ZINC": "{die cast |zinc |DC }"}
    simple = (
        ("COUPLING RIGID STEEL", 2.0, "{size} {rigid|GRC|RGS} {cplg|coupling}"),
        ("LOCKNUT STEEL", 0.3, "{size} {locknut|lock nut|LN}"),
        ("BUSHING INSULATED PLASTIC", 0.4, "{size} {plastic|insulated|insul} bushing"),
        ("BUSHING GROUNDING INSULATED", 4.5, "{size} {grounding|grnd|ground} bushing"),
        ("ELBOW 90 DEG EMT", 6.0, "{size} EMT {90|90 deg|90 degree} {elbow|ell|sweep}"),
        ("ELBOW 90 DEG RIGID GALV", 14.0, "{size} {rigid|GRC} {90|90 deg} {elbow|ell}"),
        ("ELBOW 90 DEG PVC SCH 40", 2.2, "{size} PVC {90|90 deg|90 degree} {elbow|ell|sweep}"),
        ("ELBOW 45 DEG PVC SCH 40", 1.9, "{size} PVC {45|45 deg} {elbow|ell}"),
        ("COUPLING PVC SCH 40", 0.5, "{size} PVC {cplg|coupling}"),
        ("ADAPTER MALE PVC SCH 40", 0.6, "{size} PVC {male adapter|MA|TA|terminal adapter}"),
        ("COUPLING EXPANSION PVC", 18.0, "{size} PVC {expansion|exp} {cplg|coupling|joint}"),
        ("END BELL PVC", 1.4, "{size} PVC {end bell|bell end}"),
        ("CONDUIT BODY LB MALLEABLE W/COVER", 9.0, "{size} LB {body|cond body|} {w/ cover|w/cvr|}"),
        ("CONDUIT BODY LL MALLEABLE W/COVER", 9.0, "{size} LL {body|cond body|} {w/ cover|}"),
        ("CONDUIT BODY LR MALLEABLE W/COVER", 9.0, "{size} LR {body|cond body|} {w/ cover|}"),
        ("CONDUIT BODY T MALLEABLE W/COVER", 11.0, "{size} {T body|tee body|T cond body}"),
        ("CONDUIT BODY C MALLEABLE W/COVER", 8.5, "{size} {C body|C cond body}"),
        ("CONDUIT BODY LB PVC W/COVER", 4.0, "{size} PVC {LB|LB body}"),
        ("CONDUIT BODY LL PVC W/COVER", 4.0, "{size} PVC {LL|LL body}"),
        ("CONDUIT BODY LR PVC W/COVER", 4.0, "{size} PVC {LR|LR body}"),
        ("CONDUIT BODY T PVC W/COVER", 5.0, "{size} PVC {T body|tee body}"),
        ("CONDUIT BODY C PVC W/COVER", 3.8, "{size} PVC {C body|C cond body}"),
        ("COUPLING EMT COMPRESSION RAINTIGHT STEEL", 1.9,
         "{size} EMT {raintight|RT|rain tight} {comp |}{cplg|coupling}"),
        ("CONNECTOR EMT COMPRESSION RAINTIGHT STEEL", 1.8,
         "{size} EMT {raintight|RT|rain tight} {comp |}{conn|connector}"),
    )
    for size in TRADE_SIZES:
        n = inches(size)
        for part, part_word in part_words.items():
            for joint, joint_word in joint_words.items():
                for material, material_word in material_words.items():
                    cost = (0.5 if part == "COUPLING" else 0.45) * n ** 1.2 * (0.8 if material != "STEEL" else 1)
                    yield _item(ELECTRICAL, "EF", "Fittings", f"{part} EMT {joint} {material} {size} IN", "EA",
                                _box(size, 25, 10), cost, FITTING_MAKERS, LETTERS_DASH,
                                (f"{{size}} EMT {joint_word} {material_word}{part_word}",
                                 f"EMT {material_word}{part_word} {joint_word} {{size}}",
                                 f"{{size}} {material_word}{joint_word} EMT {part_word}"), size=size)
            if part == "CONNECTOR":
                for joint, joint_word in joint_words.items():
                    yield _item(ELECTRICAL, "EF", "Fittings", f"CONNECTOR EMT {joint} STEEL INSULATED THROAT {size} IN",
                                "EA", _box(size, 25, 10), 0.6 * n ** 1.2, FITTING_MAKERS, LETTERS_DASH,
                                (f"{{size}} EMT {joint_word} {{conn|connector}} "
                                 "{insulated|insul|w/ insulated throat}",),
                                size=size)
        for holes, hole_word in (("1", "{1 hole|1-hole|one hole}"), ("2", "{2 hole|2-hole|two hole}")):
            yield _item(ELECTRICAL, "EF", "Fittings", f"STRAP EMT {holes} HOLE STEEL {size} IN", "EA",
                        _box(size, 100, 50), 0.1 * n * int(holes), FITTING_MAKERS, LETTERS_DASH,
                        (f"{{size}} EMT {hole_word} {{strap|straps}}", f"EMT {{strap|strap,}} {hole_word} {{size}}"),
                        size=size)
            yield _item(ELECTRICAL, "EF", "Fittings", f"STRAP RIGID {holes} HOLE MALLEABLE {size} IN", "EA",
                        _box(size, 50, 25), 0.4 * n * int(holes), FITTING_MAKERS, LETTERS_DASH,
                        (f"{{size}} {{rigid|GRC}} {hole_word} {{strap|malleable strap}}",), size=size)
        for description, cost, phrase in simple:
            yield _item(ELECTRICAL, "EF", "Fittings", f"{description} {size} IN", "EA", _box(size, 25, 10),
                        cost * n ** 1.3, FITTING_MAKERS, LETTERS_DASH, (phrase,), size=size)
    for size in FLEX_SIZES:
        for description, cost, phrase in (
            ("CONNECTOR FLEX SQUEEZE STEEL", 1.2, "{size} {flex|FMC|greenfield} {squeeze |}{conn|connector}"),
            ("CONNECTOR LIQUIDTIGHT STRAIGHT", 2.4,
             "{size} {sealtite|LT|liquidtight} {straight |str |}{conn|connector}"),
            ("CONNECTOR LIQUIDTIGHT 90 DEG", 4.1, "{size} {sealtite|LT|liquidtight} {90|90 deg} {conn|connector}"),
        ):
            yield _item(ELECTRICAL, "EF", "Fittings", f"{description} {size} IN", "EA", _box(size, 25, 10),
                        cost * inches(size) ** 1.3, FITTING_MAKERS, LETTERS_DASH, (phrase,), size=size)


WIRE_COLORS = {
    "BLK": "{blk|black|BK}", "WHT": "{wht|white|WH}", "RED": "{red|rd|RD}", "BLU": "{blu|blue|BL}",
    "GRN": "{grn|green|GR}", "YEL": "{yel|yellow|YL}", "ORG": "{org|orange|OR}", "BRN": "{brn|brown|BR}",
    "GRY": "{gry|gray|grey|GY}", "PUR": "{pur|purple|PR}",
}
# Copper cost per foot of THHN by size; aluminum and other insulations scale from it.
AWG_COST = {"14": 0.08, "12": 0.12, "10": 0.19, "8": 0.33, "6": 0.52, "4": 0.8, "3": 1.0, "2": 1.25, "1": 1.6,
            "1/0": 2.0, "2/0": 2.5, "3/0": 3.1, "4/0": 3.9}
KCMIL_COST = {"250": 4.6, "300": 5.5, "350": 6.4, "400": 7.2, "500": 9.0, "600": 10.8, "750": 13.5}


def _awg_words(awg: str) -> str:
    return f"{{#{awg}|{awg}awg|{awg} AWG|No. {awg}|#{awg} AWG}}"


def _kcmil_words(kcmil: str) -> str:
    return f"{{{kcmil}|{kcmil} kcmil|{kcmil}MCM|{kcmil} MCM}}"


def wire() -> Iterator[CatalogItem]:
    thhn = "{THHN|THHN/THWN|THWN-2|THHN/THWN-2|thhn}"
    strand_words = {"STR": "{str|stranded|STR}", "SOL": "{sol|solid|SOL}"}
    small = {"M": 1000, "C": 100, "SPL": 500}
    large = {"C": 100, "REEL": 1000}
    for awg, cost in AWG_COST.items():
        strands = ("STR", "SOL") if awg in ("14", "12", "10") else ("STR",)
        for color, color_word in WIRE_COLORS.items():
            for strand in strands:
                yield _item(ELECTRICAL, "EW", "Wire", f"WIRE THHN/THWN-2 CU {awg} AWG {strand} {color}", "FT",
                            small if awg in ("14", "12", "10") else large, cost, WIRE_MAKERS, NUMERIC8,
                            (f"{_awg_words(awg)} {thhn} {{cu |copper |}}{strand_words[strand]} {color_word}",
                             f"{thhn} {_awg_words(awg)} {color_word} {strand_words[strand]}"))
    for kcmil, cost in KCMIL_COST.items():
        for color, color_word in list(WIRE_COLORS.items())[:3]:
            yield _item(ELECTRICAL, "EW", "Wire", f"WIRE THHN/THWN-2 CU {kcmil} KCMIL STR {color}", "FT", large,
                        cost, WIRE_MAKERS, NUMERIC8,
                        (f"{_kcmil_words(kcmil)} {thhn} {{cu|copper|}} {color_word}",))
    for size, cost in list(AWG_COST.items())[4:] + list(KCMIL_COST.items()):
        words = _kcmil_words(size) if size in KCMIL_COST else _awg_words(size)
        unit = "KCMIL" if size in KCMIL_COST else "AWG"
        yield _item(ELECTRICAL, "EW", "Wire", f"WIRE XHHW-2 AL {size} {unit} STR BLK", "FT", large, cost * 0.3,
                    WIRE_MAKERS, NUMERIC8, (f"{words} {{AL|alum|aluminum}} {{XHHW-2|XHHW}} {{blk|}}",))
    for awg, cost in AWG_COST.items():
        yield _item(ELECTRICAL, "EW", "Wire", f"WIRE XHHW-2 CU {awg} AWG STR BLK", "FT",
                    small if awg in ("14", "12", "10") else large, cost * 1.1, WIRE_MAKERS, NUMERIC8,
                    (f"{_awg_words(awg)} {{XHHW-2|XHHW}} {{cu|copper}} {{blk|black|}}",))
    for awg, strand in (("14", "SOL"), ("12", "SOL"), ("10", "SOL"), ("8", "SOL"), ("6", "SOL"), ("4", "SOL"),
                        ("8", "STR"), ("6", "STR"), ("4", "STR"), ("2", "STR"), ("1/0", "STR"), ("2/0", "STR"),
                        ("4/0", "STR")):
        yield _item(ELECTRICAL, "EW", "Wire", f"WIRE BARE CU {awg} AWG {strand}", "FT", large, AWG_COST[awg] * 0.85,
                    WIRE_MAKERS, NUMERIC8,
                    (f"{_awg_words(awg)} bare {{cu|copper}} {strand_words[strand]}",
                     f"{_awg_words(awg)} {{bare|bare cu}} {{ground|grnd|gnd}}"))
    for gauge in ("14/2", "14/3", "12/2", "12/3", "12/4", "10/2", "10/3", "8/3", "6/3"):
        dash = gauge.replace("/", "-")
        cost = AWG_COST[gauge.split("/")[0]] * int(gauge.split("/")[1]) * 1.6
        yield _item(ELECTRICAL, "EW", "Wire", f"CABLE MC {gauge} AWG CU W/GRD AL ARMOR", "FT", {"COIL": 250},
                    cost, WIRE_MAKERS, NUMERIC8,
                    (f"{{{gauge}|{dash}|{gauge} w/gnd}} MC {{cable|}}", f"MC {{{gauge}|{dash}}} {{alum|AL}} {{cable|}}"))
        yield _item(ELECTRICAL, "EW", "Wire", f"CABLE MC {gauge} AWG CU W/GRD STEEL ARMOR", "FT", {"COIL": 250},
                    cost * 1.2, WIRE_MAKERS, NUMERIC8, (f"{{{gauge}|{dash}}} {{steel MC|MC steel armor|MC stl}}",))
    for gauge in ("14/2", "14/3", "12/2", "12/3", "10/2", "10/3", "8/3", "6/3"):
        coil = 125 if gauge in ("8/3", "6/3") else 250
        yield _item(ELECTRICAL, "EW", "Wire", f"CABLE NM-B {gauge} W/GRD {coil} FT COIL", "FT", {"COIL": coil},
                    AWG_COST[gauge.split("/")[0]] * int(gauge.split("/")[1]) * 1.1, WIRE_MAKERS, NUMERIC8,
                    (f"{{{gauge}|{gauge.replace('/', '-')}}} {{romex|NM-B|NM}} {{w/gnd|w/ground|}}",))
    data_colors = {"BLUE": "{blue|blu}", "WHITE": "{white|wht}", "GRAY": "{gray|grey}", "YELLOW": "{yellow|yel}",
                   "GREEN": "{green|grn}", "ORANGE": "{orange|org}"}
    for category, category_words in (("CAT5E", "{cat5e|CAT 5E|cat-5e}"), ("CAT6", "{cat6|CAT 6|cat-6}"),
                                     ("CAT6A", "{cat6a|CAT 6A|cat-6a}")):
        for jacket, jacket_words in (("CMR", "{riser|CMR}"), ("CMP", "{plenum|CMP}")):
            for color, color_word in data_colors.items():
                yield _item(ELECTRICAL, "EW", "Wire", f"CABLE {category} UTP 23 AWG {jacket} {color} 1000 FT BOX", "FT",
                            {"BX": 1000}, 0.22 if jacket == "CMR" else 0.38, WIRE_MAKERS, NUMERIC8,
                            (f"{category_words} {jacket_words} {{cable|}} {color_word}",))
    for gauge in ("18/2", "16/2", "14/2", "18/4", "16/4"):
        for shield, shield_words in (("SHIELDED", "{shielded|shld}"), ("UNSHIELDED", "{unshielded|}")):
            yield _item(ELECTRICAL, "EW", "Wire", f"CABLE FIRE ALARM FPLP {gauge} SOL {shield} RED 1000 FT", "FT",
                        {"REEL": 1000}, 0.3 if shield == "SHIELDED" else 0.24, WIRE_MAKERS, NUMERIC8,
                        (f"{{{gauge}|{gauge.replace('/', '-')}}} {{FPLP|fire alarm|FA}} {{cable|}} {shield_words}",))


DEVICE_COLORS = {"WHITE": "{white|wht|WH}", "IVORY": "{ivory|IV|ivy}", "GRAY": "{gray|grey|GY}",
                 "BLACK": "{black|blk}", "ALMOND": "{almond|alm}", "BROWN": "{brown|brn}"}
AMP_WORDS = {"15A": "{15A|15 amp|15AMP|15a}", "20A": "{20A|20 amp|20AMP|20a}"}


def devices() -> Iterator[CatalogItem]:
    receptacles = (
        ("DUPLEX", ("", "SPEC GRADE", "HOSPITAL GRADE"), 1.4,
         "{duplex recep|duplex receptacle|dup recep|duplex outlet|recep}"),
        ("GFCI", ("", "WEATHER RESISTANT"), 16.0, "{GFCI|GFI} {recep|receptacle|}"),
        ("DECORA DUPLEX", ("", "SPEC GRADE"), 2.1, "{decora|deco} {duplex|dup} {recep|receptacle}"),
        ("USB DUPLEX TYPE A/C", ("",), 24.0, "{USB|USB A/C} {recep|receptacle|charger recep}"),
    )
    grade_words = {"": "", "SPEC GRADE": "{spec grade |spec |}", "HOSPITAL GRADE": "{hosp grade |hospital grade |HG }",
                   "WEATHER RESISTANT": "{WR |weather resistant |}"}
    for kind, grades, cost, kind_words in receptacles:
        for amps, amp_words in AMP_WORDS.items():
            for grade in grades:
                for color, color_words in DEVICE_COLORS.items():
                    label = f"{kind} {amps} 125V TR {grade + ' ' if grade else ''}{color}"
                    yield _item(ELECTRICAL, "ED", "Devices", f"RECEPTACLE {label}", "EA", {"BX": 10},
                                cost * (1.3 if amps == "20A" else 1) * (2.5 if "HOSPITAL" in grade else 1),
                                DEVICE_MAKERS, DEVICE,
                                (f"{amp_words} {grade_words[grade]}{kind_words} {color_words}",
                                 f"{kind_words} {amp_words} {grade_words[grade]}{color_words}"))
    switches = (
        ("SINGLE POLE", 2.2, "{single pole|SP|1P|1-pole} {sw|switch|toggle}"),
        ("3-WAY", 3.4, "{3-way|3 way|3W} {sw|switch}"),
        ("4-WAY", 9.8, "{4-way|4 way|4W} {sw|switch}"),
        ("DOUBLE POLE", 11.0, "{double pole|DP|2P} {sw|switch}"),
        ("SINGLE POLE PILOT LIGHT", 14.0, "{pilot light|PL} {SP |single pole |}{sw|switch}"),
        ("DECORA SINGLE POLE", 3.1, "{decora|rocker} {SP|single pole} {sw|switch}"),
        ("DECORA 3-WAY", 4.2, "{decora|rocker} {3-way|3 way} {sw|switch}"),
    )
    for kind, cost, kind_words in switches:
        for amps, amp_words in AMP_WORDS.items():
            for grade in ("", "SPEC GRADE"):
                for color, color_words in DEVICE_COLORS.items():
                    label = f"{kind} {amps} 120/277V {grade + ' ' if grade else ''}{color}"
                    yield _item(ELECTRICAL, "ED", "Devices", f"SWITCH {label}", "EA", {"BX": 10},
                                cost * (1.2 if amps == "20A" else 1) * (1.4 if grade else 1), DEVICE_MAKERS, DEVICE,
                                (f"{amp_words} {grade_words[grade]}{kind_words} {color_words}",
                                 f"{kind_words} {amp_words} {color_words}"))
    plate_materials = {"NYLON WHITE": "{nylon |}{white|wht}", "NYLON IVORY": "{nylon |}{ivory|iv}",
                       "NYLON GRAY": "{nylon |}{gray|grey}", "NYLON BLACK": "{nylon |}{black|blk}",
                       "STAINLESS STEEL": "{SS|stainless|stainless steel}", "GALV STEEL": "{steel|galv|stl}"}
    plate_styles = {"DUPLEX": "{duplex|dup}", "TOGGLE": "{toggle|switch|sw}", "DECORA": "{decora|deco|GFI}",
                    "BLANK": "{blank|blk}"}
    for gangs in range(1, 5):
        gang_words = f"{{{gangs} gang|{gangs}G|{gangs}-gang}}"
        for style, style_words in plate_styles.items():
            for material, material_words in plate_materials.items():
                yield _item(ELECTRICAL, "ED", "Devices", f"COVER PLATE {gangs} GANG {style} {material}", "EA",
                            {"BX": 10}, (0.6 if "NYLON" in material else 2.8) * gangs, DEVICE_MAKERS, DEVICE,
                            (f"{gang_words} {style_words} {{plate|cover plate|wallplate}} {material_words}",))


def boxes_and_connectors() -> Iterator[CatalogItem]:
    for square, square_words, cost in (("4 IN SQUARE", "{4 sq|4\" sq|4in square|4 square}", 2.1),
                                       ("4-11/16 IN SQUARE", "{4-11/16|4 11/16|4-11/16\"} {sq|square}", 4.2)):
        for depth in ("1-1/2", "2-1/8"):
            for knockouts in ("1/2 & 3/4", "3/4 & 1") if "11/16" in square else ("1/2 & 3/4", "3/4"):
                yield _item(ELECTRICAL, "EB", "Boxes", f"BOX {square} {depth} IN DEEP KO {knockouts}", "EA",
                            {"CS": 50}, cost * (1.3 if depth == "2-1/8" else 1), BOX_MAKERS, LETTERS_DASH,
                            (f"{square_words} {{box|bx}} {{{depth}|{depth} deep|{depth}\" dp}}",), size=depth)
        for raise_ in ("1/4", "1/2", "5/8", "3/4", "1", "1-1/4"):
            for gangs in ("1", "2"):
                yield _item(ELECTRICAL, "EB", "Boxes", f"MUD RING {square.replace('SQUARE', 'SQ')} {gangs} GANG "
                            f"{raise_} IN RAISED", "EA", {"CS": 50}, cost * 0.55, BOX_MAKERS, LETTERS_DASH,
                            (f"{square_words} {{{gangs}G|{gangs} gang}} {{mud ring|plaster ring|ring}} {{size}}",
                             f"{{{gangs}G|{gangs} gang}} {{size}} {{mud ring|plaster ring}}"), size=raise_)
        yield _item(ELECTRICAL, "EB", "Boxes", f"COVER BLANK {square.replace('SQUARE', 'SQ')}", "EA", {"CS": 50},
                    cost * 0.4, BOX_MAKERS, LETTERS_DASH, (f"{square_words} blank {{cover|cvr}}",))
    for depth in ("1-1/2", "2-1/8"):
        yield _item(ELECTRICAL, "EB", "Boxes", f"BOX OCTAGON 4 IN {depth} IN DEEP", "EA", {"CS": 50}, 2.3, BOX_MAKERS,
                    LETTERS_DASH, ("{4\" octagon|4 oct|octagon} {box|bx} {size}",), size=depth)
    for depth in ("1-7/8", "2-1/8"):
        yield _item(ELECTRICAL, "EB", "Boxes", f"BOX HANDY {depth} IN DEEP", "EA", {"CS": 50}, 1.6, BOX_MAKERS,
                    LETTERS_DASH, ("{handy box|utility box|handy bx} {size}",), size=depth)
    for gangs in ("1", "2", "3"):
        for depth in ("2-1/2", "3-1/2"):
            yield _item(ELECTRICAL, "EB", "Boxes", f"BOX MASONRY {gangs} GANG {depth} IN DEEP", "EA", {"CS": 25},
                        3.5 * int(gangs), BOX_MAKERS, LETTERS_DASH,
                        (f"{{{gangs}G|{gangs} gang}} {{masonry|block}} {{box|bx}} {{size}}",), size=depth)
    for dims in ("6X6X4", "8X8X4", "10X10X4", "12X12X4", "12X12X6", "18X18X6", "24X24X6"):
        a, b, c = dims.split("X")
        yield _item(ELECTRICAL, "EB", "Boxes", f"PULL BOX NEMA 1 SCREW COVER {dims} IN", "EA", {},
                    int(a) * int(b) * int(c) * 0.02 + 8, BOX_MAKERS, LETTERS_DASH,
                    (f"{{{a}x{b}x{c}|{a}\"x{b}\"x{c}\"}} {{pull box|JB|junction box}} {{NEMA 1|}}",))
    for color, cost in (("GRAY", 0.04), ("BLUE", 0.05), ("ORANGE", 0.05), ("YELLOW", 0.06), ("RED", 0.07),
                        ("TAN", 0.06)):
        words = {"GRAY": "{gray|grey|gry}", "BLUE": "{blue|blu|bl}", "ORANGE": "{orange|org}", "YELLOW": "{yellow|yel}",
                 "RED": "{red|rd}", "TAN": "tan"}[color]
        yield _item(ELECTRICAL, "EN", "Connectors", f"WIRE CONNECTOR TWIST-ON {color}", "EA", {"BX": 100, "JAR": 500},
                    cost, ("Ideal", "3M", "King Innovation"), LETTERS_DASH,
                    (f"{words} {{wire nut|wirenut|wire nuts|twist-on connector|twister}}",))
    for ports in ("2", "3", "5"):
        yield _item(ELECTRICAL, "EN", "Connectors", f"WIRE CONNECTOR LEVER {ports} PORT", "EA", {"BX": 50},
                    0.45 + 0.1 * int(ports), ("Wago", "Ideal"), DIGITS_DASH,
                    (f"{{{ports} port|{ports}-port|{ports}P}} {{lever nut|wago|lever connector}}",))
    for ports in ("2", "4", "6", "8"):
        yield _item(ELECTRICAL, "EN", "Connectors", f"WIRE CONNECTOR PUSH-IN {ports} PORT", "EA", {"BX": 100},
                    0.3 + 0.06 * int(ports), ("Ideal", "Wago"), DIGITS_DASH,
                    (f"{{{ports} port|{ports}-port}} {{push-in|push in|in-sure}} {{connector|conn}}",))


def supports_and_breakers() -> Iterator[CatalogItem]:
    for depth, depth_words in (("1-5/8", "{1-5/8 x 1-5/8|1 5/8\"|deep|full height}"), ("13/16", "{13/16|half|shallow}")):
        for gauge in ("12", "14"):
            for finish, finish_words in (("PRE-GALV", "{pre-galv|PG|galv|}"), ("HOT DIP GALV", "{HDG|hot dip}"),
                                         ("PLAIN", "{plain|PL}")):
                for length in ("10", "20"):
                    yield _item(ELECTRICAL, "SU", "Support",
                                f"STRUT CHANNEL 1-5/8 X {depth} IN {gauge} GA {finish} {length} FT", "EA",
                                {"FT": 1 / int(length)}, 2.4 * int(length) * (0.7 if depth == "13/16" else 1),
                                SUPPORT_MAKERS, LETTERS_DASH,
                                (f"{{unistrut|strut|strut channel}} {depth_words} {{{gauge}ga|{gauge} ga}} "
                                 f"{finish_words} {{{length}'|{length} ft|{length}ft}}",))
    for rod in ("1/4-20", "3/8-16", "1/2-13", "5/8-11", "3/4-10"):
        diameter = rod.split("-")[0]
        for length in ("6", "10", "12"):
            for finish, finish_words in (("ZINC", "{zinc|ZP|}"), ("PLAIN", "{plain|}")):
                yield _item(ELECTRICAL, "SU", "Support", f"THREADED ROD {rod} X {length} FT {finish}", "EA",
                            {"FT": 1 / int(length)}, inches(diameter) * int(length) * (1.6 if finish == "ZINC" else 1.2),
                            SUPPORT_MAKERS, LETTERS_DASH,
                            (f"{{size}} {{all thread|threaded rod|ATR}} {{{length}'|{length} ft}} {finish_words}",),
                            size=diameter)
    for size in TRADE_SIZES:
        yield _item(ELECTRICAL, "SU", "Support", f"HANGER CONDUIT W/BOLT {size} IN", "EA", _box(size, 50, 25),
                    0.6 * inches(size), SUPPORT_MAKERS, LETTERS_DASH,
                    ("{size} {conduit hanger|cond hanger|minerallac|hanger} {w/ bolt|}",), size=size)
        yield _item(ELECTRICAL, "SU", "Support", f"CLAMP STRUT CONDUIT {size} IN", "EA", _box(size, 50, 25),
                    0.5 * inches(size) + 0.3, SUPPORT_MAKERS, LETTERS_DASH,
                    ("{size} {strut clamp|unistrut clamp|pipe clamp strut}",), size=size)
    for finish, finish_words in (("ZINC", ""), ("HOT DIP GALV", " {HDG|hot dip}")):
        for part, cost, words in (("FITTING STRUT 90 DEG 2 HOLE", 2.8, "{90 fitting|angle fitting|2 hole 90}"),
                                  ("FITTING STRUT FLAT PLATE 4 HOLE", 3.1, "{flat plate|4 hole plate|splice plate}"),
                                  ("FITTING STRUT POST BASE", 12.5, "{post base|strut base}"),
                                  ("FITTING STRUT Z SHAPE 4 HOLE", 4.4, "{Z fitting|z bracket}"),
                                  ("FITTING STRUT U SHAPE 4 HOLE", 5.2, "{U fitting|u bracket}")):
            yield _item(ELECTRICAL, "SU", "Support", f"{part} {finish}", "EA", {"BX": 10},
                        cost * (1.3 if finish != "ZINC" else 1), SUPPORT_MAKERS, LETTERS_DASH,
                        (f"{{unistrut|strut}} {words}{finish_words}",))
    for rod in ("1/4", "3/8", "1/2", "5/8"):
        for part, cost, words in (("CLAMP BEAM", 2.1, "{beam clamp|BC}"), ("NUT HEX ZINC", 0.05, "{hex nut|nut|nuts}"),
                                  ("WASHER FLAT ZINC", 0.03, "{flat washer|washer|fw}"),
                                  ("NUT CHANNEL SPRING", 0.7, "{spring nut|strut nut|channel nut}")):
            yield _item(ELECTRICAL, "SU", "Support", f"{part} {rod} IN", "EA", {"BX": 100},
                        cost * (1 + inches(rod)), SUPPORT_MAKERS, LETTERS_DASH, (f"{{size}} {words}",), size=rod)
    frames = (("PLUG-ON 120/240V 10KAIC", "{plug-on|plug in|} ", 1.0),
              ("BOLT-ON 120/240V 10KAIC", "{bolt-on|bolt on|BO} ", 1.4),
              ("BOLT-ON 480Y/277V 14KAIC", "{480V|480Y/277|277/480} ", 3.2))
    ratings = {1: (15, 20, 25, 30, 40, 50), 2: (15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100),
               3: (15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100)}
    for frame, frame_words, factor in frames:
        for poles, amps_list in ratings.items():
            for amps in amps_list:
                yield _item(ELECTRICAL, "EP", "Distribution", f"BREAKER {poles} POLE {amps}A {frame}", "EA", {},
                            (9 + amps * 0.25) * poles * factor, BREAKER_MAKERS, DEVICE,
                            (f"{{{poles}P|{poles} pole|{poles}-pole}} {{{amps}A|{amps} amp|{amps}a}} "
                             f"{frame_words}{{breaker|bkr|CB}}",
                             f"{{{amps}A|{amps} amp}}/{poles}P {frame_words}{{breaker|CB}}"))


COPPER_SIZES = ("1/4", "3/8", "1/2", "3/4", "1", "1-1/4", "1-1/2", "2", "2-1/2", "3", "4")
PIPE_SIZES = ("1/2", "3/4", "1", "1-1/4", "1-1/2", "2", "2-1/2", "3", "4")
DWV_SIZES = ("1-1/4", "1-1/2", "2", "3", "4", "6", "8")
PEX_SIZES = ("3/8", "1/2", "5/8", "3/4", "1", "1-1/4")


def copper() -> Iterator[CatalogItem]:
    for pipe_type, factor in (("K", 1.3), ("L", 1.0), ("M", 0.8)):
        for size in COPPER_SIZES[1 if pipe_type == "M" else 0:]:
            yield _item(PLUMBING, "PP", "Pipe", f"PIPE COPPER TYPE {pipe_type} HARD {size} IN X 20 FT", "FT",
                        {"STK": 20}, 3.2 * factor * inches(size) ** 1.1, COPPER_MAKERS, NUMERIC6,
                        (f"{{size}} {{type {pipe_type}|type {pipe_type.lower()}|{pipe_type}}} {{copper|cu}} "
                         "{pipe|tube|tubing} {hard|}",
                         f"{{size}} {{copper|cu}} {{type {pipe_type}|{pipe_type}}} {{hard|rigid|}}"), size=size)
        if pipe_type != "M":
            for size in COPPER_SIZES[:5]:
                for coil in ("60", "100"):
                    yield _item(PLUMBING, "PP", "Pipe", f"TUBE COPPER TYPE {pipe_type} SOFT {size} IN X {coil} FT COIL",
                                "FT", {"COIL": int(coil)}, 2.6 * factor * inches(size) ** 1.1, COPPER_MAKERS,
                                NUMERIC6, (f"{{size}} {{type {pipe_type}|{pipe_type}}} {{soft copper|soft cu}} "
                                           f"{{coil|roll|}}",), size=size)
    fittings = (
        ("ELBOW 90 DEG WROT COPPER CXC", 1.6, "{size} {copper|cu|wrot} {90|90 deg|90 degree} {elbow|ell|el}"),
        ("ELBOW 90 DEG STREET WROT COPPER FTGXC", 1.9, "{size} {copper|cu} {street 90|st 90|street ell}"),
        ("ELBOW 45 DEG WROT COPPER CXC", 1.6, "{size} {copper|cu|wrot} {45|45 deg} {elbow|ell}"),
        ("TEE WROT COPPER CXCXC", 2.4, "{size} {copper|cu|wrot} {tee|T}"),
        ("COUPLING WROT COPPER W/STOP CXC", 0.8, "{size} {copper|cu} {cplg|coupling} {w/ stop|w/stop|}"),
        ("COUPLING WROT COPPER SLIP CXC", 1.0, "{size} {copper|cu} {slip|repair} {cplg|coupling}"),
        ("CAP WROT COPPER", 0.9, "{size} {copper|cu} {cap|end cap}"),
        ("ADAPTER MALE WROT COPPER CXM", 3.1, "{size} {copper|cu} {male adapter|MA|C x M adapter}"),
        ("ADAPTER FEMALE WROT COPPER CXF", 3.4, "{size} {copper|cu} {female adapter|FA|C x F adapter}"),
        ("UNION WROT COPPER CXC", 9.0, "{size} {copper|cu} union"),
    )
    for size in COPPER_SIZES[2:]:
        for description, cost, phrase in fittings:
            yield _item(PLUMBING, "PF", "Pipe Fittings", f"{description} {size} IN", "EA", {"BG": 10},
                        cost * inches(size) ** 1.4, COPPER_FITTING_MAKERS, LETTERS_DASH, (phrase,), size=size)
    for big, small in zip(COPPER_SIZES[3:], COPPER_SIZES[2:]):
        for description, cost, phrase in (
            ("COUPLING REDUCING WROT COPPER CXC", 1.4, "{size} x {size2} {copper|cu} {reducing cplg|reducer|red cplg}"),
            ("TEE REDUCING WROT COPPER CXCXC", 3.0, "{size} x {size} x {size2} {copper|cu} {reducing tee|red tee}"),
        ):
            yield _item(PLUMBING, "PF", "Pipe Fittings", f"{description} {big} X {small} IN", "EA", {"BG": 10},
                        cost * inches(big) ** 1.4, COPPER_FITTING_MAKERS, LETTERS_DASH, (phrase,), size=big,
                        size2=small)
    for size in COPPER_SIZES[2:]:
        for description, cost, phrase in (
            ("ELBOW 90 DEG COPPER PRESS PXP", 6.5, "{size} {propress|press|pro-press} {90|elbow|ell}"),
            ("ELBOW 45 DEG COPPER PRESS PXP", 6.5, "{size} {propress|press} {45|45 elbow}"),
            ("TEE COPPER PRESS PXPXP", 9.0, "{size} {propress|press} tee"),
            ("COUPLING COPPER PRESS W/STOP PXP", 4.5, "{size} {propress|press} {cplg|coupling}"),
        ):
            yield _item(PLUMBING, "PF", "Pipe Fittings", f"{description} {size} IN", "EA", {"BG": 10},
                        cost * inches(size) ** 1.3, ("Viega", "NIBCO", "Mueller"), LETTERS_DASH, (phrase,), size=size)


def plastic_pipe() -> Iterator[CatalogItem]:
    for size in DWV_SIZES:
        for length in ("10", "20"):
            yield _item(PLUMBING, "PP", "Pipe", f"PIPE PVC DWV SCH 40 {size} IN X {length} FT", "FT",
                        {"STK": int(length)}, 0.8 * inches(size) ** 1.1, PVC_MAKERS, NUMERIC6,
                        ("{size} {PVC DWV|DWV PVC|pvc dwv} {pipe|}", "{size} {sch 40|SCH40} {PVC|pvc} {DWV|drain} pipe"),
                        size=size)
        for description, cost, phrase in (
            ("1/4 BEND HXH", 2.0, "{size} {PVC|DWV|pvc dwv} {1/4 bend|quarter bend|90|1/4 bnd}"),
            ("1/8 BEND HXH", 1.8, "{size} {PVC|DWV} {1/8 bend|45|eighth bend}"),
            ("1/4 BEND LONG SWEEP HXH", 3.1, "{size} {PVC|DWV} {long sweep|LS 90|long sweep 1/4 bend}"),
            ("SANITARY TEE HXHXH", 2.8, "{size} {PVC|DWV|pvc dwv} {san tee|sanitary tee|santee}"),
            ("WYE HXHXH", 3.2, "{size} {PVC|DWV} {wye|Y}"),
            ("COMBINATION WYE 1/8 BEND HXHXH", 4.6, "{size} {PVC|DWV} {combo|combination wye|combo wye}"),
            ("COUPLING HXH", 0.9, "{size} {PVC|DWV} {cplg|coupling}"),
            ("CLEANOUT ADAPTER W/PLUG", 3.6, "{size} {PVC|DWV} {cleanout|C/O|CO adapter} {w/ plug|}"),
            ("P-TRAP W/UNION", 5.5, "{size} {PVC|DWV} {p-trap|P trap|ptrap}"),
            ("TEST TEE W/PLUG", 4.8, "{size} {PVC|DWV} test tee"),
        ):
            yield _item(PLUMBING, "PF", "Pipe Fittings", f"FITTING PVC DWV {description} {size} IN", "EA", {},
                        cost * inches(size) ** 1.3, PVC_MAKERS, LETTERS_DASH, (phrase,), size=size)
    for schedule, factor in (("40", 1.0), ("80", 1.4)):
        for size in PIPE_SIZES:
            yield _item(PLUMBING, "PP", "Pipe", f"PIPE PVC PRESSURE SCH {schedule} {size} IN X 20 FT", "FT",
                        {"STK": 20}, 0.7 * factor * inches(size) ** 1.1, PVC_MAKERS, NUMERIC6,
                        (f"{{size}} {{sch {schedule}|SCH{schedule}|schedule {schedule}}} {{PVC|pvc}} "
                         f"{{pressure |water |}}pipe",), size=size)
            fittings = (("ELBOW 90 DEG SXS", 1.1, "{90|90 deg|ell}"), ("ELBOW 45 DEG SXS", 1.2, "{45|45 deg}"),
                        ("TEE SXSXS", 1.4, "{tee|T}"), ("COUPLING SXS", 0.6, "{cplg|coupling}"),
                        ("ADAPTER MALE MPTXS", 0.9, "{male adapter|MA|MIP adapter}"),
                        ("ADAPTER FEMALE FPTXS", 1.0, "{female adapter|FA|FIP adapter}"),
                        ("CAP S", 0.7, "cap"))
            for description, cost, words in fittings if schedule == "40" else fittings[:4]:
                yield _item(PLUMBING, "PF", "Pipe Fittings", f"FITTING PVC SCH {schedule} {description} {size} IN",
                            "EA", {"BG": 10} if inches(size) <= 1 else {}, cost * factor * inches(size) ** 1.3,
                            PVC_MAKERS, LETTERS_DASH,
                            (f"{{size}} {{sch {schedule}|SCH{schedule}|}} PVC {words}",), size=size)
    colors = {"RED": "{red|rd|RD}", "BLUE": "{blue|blu|BL}", "WHITE": "{white|wht}"}
    for pex in ("PEX-A", "PEX-B"):
        for size in PEX_SIZES:
            for color, color_words in colors.items():
                for coil in ("100", "300", "500"):
                    yield _item(PLUMBING, "PP", "Pipe", f"TUBING {pex} {size} IN {color} {coil} FT COIL", "FT",
                                {"COIL": int(coil), "RL": int(coil)}, 0.5 * inches(size) ** 1.2 * (1.1 if pex == "PEX-A"
                                                                                                   else 0.85),
                                PEX_MAKERS, NUMERIC6,
                                (f"{{size}} {{{pex}|{pex.replace('-', '')}|{pex.lower()}}} {color_words} "
                                 f"{{{coil}' coil|{coil} ft|}}",
                                 f"{{size}} {{{pex}|{pex.lower()}}} {{tubing|tube|}} {color_words}"), size=size)
        for size in PEX_SIZES:
            for description, cost, words in (("ELBOW 90 DEG", 1.8, "{90|elbow|ell}"), ("TEE", 2.4, "tee"),
                                             ("COUPLING", 1.3, "{cplg|coupling}"),
                                             ("ADAPTER MALE", 3.6, "{male adapter|MA|MPT adapter}"),
                                             ("ADAPTER FEMALE", 4.2, "{female adapter|FA|FPT adapter}")):
                join = "EXPANSION POLY" if pex == "PEX-A" else "CRIMP BRASS"
                yield _item(PLUMBING, "PF", "Pipe Fittings", f"FITTING {pex} {join} {description} {size} IN", "EA",
                            {"BG": 10}, cost * inches(size) ** 1.2, PEX_MAKERS, LETTERS_DASH,
                            (f"{{size}} {{{pex}|pex}} {{{'expansion|exp|propex' if pex == 'PEX-A' else 'crimp|brass'}}}"
                             f" {words}",), size=size)
        ring = ("RING EXPANSION PEX-A", "{propex ring|expansion ring|PEX-A ring}", 50) if pex == "PEX-A" else \
            ("RING CRIMP COPPER PEX-B", "{crimp ring|crimp rings|cu crimp ring}", 100)
        for size in PEX_SIZES:
            yield _item(PLUMBING, "PF", "Pipe Fittings", f"{ring[0]} {size} IN", "EA", {"BG": ring[2]},
                        0.15 * inches(size) + 0.1, PEX_MAKERS, LETTERS_DASH, (f"{{size}} {ring[1]}",), size=size)


def valves_and_steel() -> Iterator[CatalogItem]:
    ball_ends = {"SWEAT": "{sweat|solder|CxC}", "THREADED": "{threaded|thd|NPT|FIP}", "PRESS": "{press|propress}",
                 "PEX CRIMP": "{pex|crimp|PEX crimp}"}
    for end, end_words in ball_ends.items():
        for size in (PEX_SIZES if end == "PEX CRIMP" else COPPER_SIZES[:8]):
            yield _item(PLUMBING, "PV", "Valves", f"VALVE BALL BRASS FULL PORT {end} {size} IN", "EA", {},
                        9 * inches(size) ** 1.3 + 4, VALVE_MAKERS, LETTERS_DASH,
                        ("{size} {ball valve|BV|ball vlv} {full port|FP|} " + end_words,
                         "{size} " + end_words + " {ball valve|BV}"), size=size)
    for kind, words, cost in (("GATE BRONZE", "{gate valve|GV|gate vlv}", 22.0),
                              ("CHECK SWING BRONZE", "{check valve|swing check|CV}", 26.0)):
        for end in ("SWEAT", "THREADED"):
            for size in PIPE_SIZES:
                yield _item(PLUMBING, "PV", "Valves", f"VALVE {kind} {end} {size} IN", "EA", {},
                            cost * inches(size) ** 1.4, VALVE_MAKERS, LETTERS_DASH,
                            (f"{{size}} {words} {ball_ends[end]}",), size=size)
    for size in ("2", "2-1/2", "3", "4", "6"):
        yield _item(PLUMBING, "PV", "Valves", f"VALVE BUTTERFLY LUG DUCTILE IRON {size} IN", "EA", {},
                    48 * inches(size) ** 1.2, VALVE_MAKERS, LETTERS_DASH,
                    ("{size} {butterfly|BFV|lug butterfly} {valve|vlv|}",), size=size)
    for size in ("1/2", "3/4", "1", "1-1/4", "1-1/2", "2"):
        yield _item(PLUMBING, "PV", "Valves", f"VALVE PRESSURE REDUCING BRONZE {size} IN", "EA", {},
                    85 * inches(size) ** 1.1, VALVE_MAKERS, LETTERS_DASH,
                    ("{size} {PRV|pressure reducing valve|press reducing vlv}",), size=size)
    for finish, finish_words, factor in (("BLACK", "{black|blk|BI|black iron}", 1.0),
                                         ("GALV", "{galv|galvanized|GALV}", 1.25)):
        for size in PIPE_SIZES:
            n = inches(size)
            yield _item(PLUMBING, "PP", "Pipe", f"PIPE STEEL {finish} SCH 40 {size} IN X 21 FT", "FT", {"STK": 21},
                        2.6 * factor * n ** 1.1, STEEL_PIPE_MAKERS, NUMERIC6,
                        (f"{{size}} {finish_words} {{pipe|steel pipe}} {{sch 40|}}",), size=size)
            for description, cost, words in (("ELBOW 90 DEG", 3.0, "{90|elbow|ell}"),
                                             ("ELBOW 45 DEG", 3.4, "{45|45 ell}"),
                                             ("TEE", 4.2, "tee"), ("COUPLING", 2.2, "{cplg|coupling}"),
                                             ("UNION", 9.5, "union"), ("CAP", 2.0, "cap")):
                yield _item(PLUMBING, "PF", "Pipe Fittings", f"FITTING MALLEABLE {finish} 150# {description} {size} IN",
                            "EA", {"BX": 10} if n <= 1 else {}, cost * factor * n ** 1.4, STEEL_PIPE_MAKERS,
                            LETTERS_DASH, (f"{{size}} {finish_words} {{mall|malleable|}} {words}",), size=size)
    for size in ("1-1/2", "2", "3", "4", "6"):
        n = inches(size)
        yield _item(PLUMBING, "PP", "Pipe", f"PIPE CAST IRON NO-HUB {size} IN X 10 FT", "FT", {"STK": 10},
                    4.5 * n, ("Charlotte Pipe", "AB&I", "Tyler Pipe"), NUMERIC6,
                    ("{size} {no-hub|no hub|NH|CI no hub} {pipe|}", "{size} {cast iron|CI} {no-hub|NH} pipe"), size=size)
        for description, cost, words in (("COUPLING", 5.0, "{coupling|band|cplg}"), ("1/4 BEND", 8.0, "{1/4 bend|90}"),
                                         ("SANITARY TEE", 14.0, "{san tee|sanitary tee}"), ("WYE", 15.0, "{wye|Y}")):
            yield _item(PLUMBING, "PF", "Pipe Fittings", f"FITTING CAST IRON NO-HUB {description} {size} IN", "EA", {},
                        cost * n, ("Charlotte Pipe", "AB&I", "Tyler Pipe"), LETTERS_DASH,
                        (f"{{size}} {{no-hub|no hub|NH}} {words}",), size=size)
    for size in PIPE_SIZES + ("6",):
        yield _item(PLUMBING, "SU", "Support", f"HANGER CLEVIS GALV {size} IN", "EA", _box(size, 25, 10),
                    1.8 * inches(size) ** 0.8, SUPPORT_MAKERS, LETTERS_DASH,
                    ("{size} {clevis|clevis hanger|clev hgr}",), size=size)
        yield _item(PLUMBING, "SU", "Support", f"CLAMP RISER GALV {size} IN", "EA", {}, 4.2 * inches(size) ** 0.8,
                    SUPPORT_MAKERS, LETTERS_DASH, ("{size} {riser clamp|riser clmp}",), size=size)
        for finish, finish_words in (("GALV", "{galv|}"), ("COPPER PLATED", "{copper plated|CP|cu plated}")):
            yield _item(PLUMBING, "SU", "Support", f"HANGER SPLIT RING {finish} {size} IN", "EA", _box(size, 25, 10),
                        1.2 * inches(size) ** 0.8, SUPPORT_MAKERS, LETTERS_DASH,
                        (f"{{size}} {{split ring|split ring hanger|ring hgr}} {finish_words}",), size=size)
            yield _item(PLUMBING, "SU", "Support", f"STRAP PIPE 2 HOLE {finish} {size} IN", "EA", _box(size, 100, 50),
                        0.3 * inches(size) ** 0.8, SUPPORT_MAKERS, LETTERS_DASH,
                        (f"{{size}} {{2 hole|2-hole}} {{pipe strap|strap}} {finish_words}",), size=size)
    for wall in ("3/8", "1/2"):
        for size in PIPE_SIZES:
            yield _item(PLUMBING, "PP", "Insulation", f"INSULATION PIPE ELASTOMERIC {wall} IN WALL X {size} IN X 6 FT",
                        "FT", {"STK": 6}, 1.4 * inches(size) ** 0.7, ("Armacell", "K-Flex"), NUMERIC6,
                        (f"{{size}} {{armaflex|rubatex|elastomeric insul}} {{{wall} wall|{wall}\" wall}}",), size=size)
    for wall, wall_words in (("1/2", "{1/2 wall|1/2\" thick|1/2in}"), ("1", "{1 wall|1\" thick|1in}")):
        for size in COPPER_SIZES[2:]:
            yield _item(PLUMBING, "PP", "Insulation", f"INSULATION PIPE FIBERGLASS ASJ {wall} IN WALL X {size} IN X 3 FT",
                        "FT", {"STK": 3}, 1.1 * inches(size) ** 0.7 * (1.6 if wall == "1" else 1), ("Johns Manville",
                                                                                                   "Owens Corning"),
                        NUMERIC6, (f"{{size}} {{pipe insulation|fiberglass insul|FG insulation}} {wall_words}",),
                        size=size)


def drywall() -> Iterator[CatalogItem]:
    boards = (
        ("1/4", "REGULAR", ("8",), "{regular|reg|}", 14.0),
        ("3/8", "REGULAR", ("8",), "{regular|reg|}", 14.5),
        ("1/2", "REGULAR", ("8", "9", "10", "12", "14", "16"), "{regular|reg|}", 15.0),
        ("1/2", "ULTRALIGHT", ("8", "10", "12"), "{ultralight|UL|lightweight}", 16.0),
        ("1/2", "TYPE C", ("8", "10", "12"), "{type C|C}", 18.5),
        ("5/8", "TYPE X", ("8", "9", "10", "12", "14"), "{type X|type x|X|FC}", 17.4),
        ("1/2", "MOISTURE RESISTANT", ("8", "10", "12"), "{moisture resistant|MR|green board|greenboard}", 17.4),
        ("5/8", "MOISTURE RESISTANT TYPE X", ("8", "10", "12"), "{MR type X|moisture resistant type x|MR X}", 19.2),
        ("1/2", "MOLD RESISTANT", ("8", "10", "12"), "{mold resistant|mold res|purple}", 18.8),
        ("5/8", "MOLD RESISTANT TYPE X", ("8", "10", "12"), "{mold resistant type X|mold X}", 20.6),
        ("5/8", "ABUSE RESISTANT TYPE X", ("8", "10", "12"), "{abuse resistant|AR|abuse res} {type X|X|}", 27.0),
        ("5/8", "IMPACT RESISTANT TYPE X", ("8", "10"), "{impact resistant|IR|hi-impact} {type X|X|}", 33.0),
        ("5/8", "GLASS MAT SHEATHING TYPE X", ("8", "9", "10"), "{glass mat|densglass|ext sheathing} {type X|X|}",
         24.0),
        ("1/2", "GLASS MAT SHEATHING", ("8", "9"), "{glass mat|densglass|ext sheathing}", 22.0),
    )
    board_words = "{gyp bd|GWB|gypsum board|drywall|sheetrock|gyp board|gyp}"
    for thickness, kind, lengths, kind_words, cost in boards:
        for length in lengths:
            area = 4 * int(length)
            yield _item(DRYWALL, "DW", "Drywall", f"GYPSUM BOARD {thickness} IN {kind} 4X{length} FT", "EA",
                        {"SF": round(1 / area, 7), "BDL": 2}, cost * int(length) / 8, GYPSUM_MAKERS, NUMERIC6,
                        (f"{{size}} {kind_words} {board_words} {{4x{length}|4'x{length}'|4 x {length}|48\"x{length}'}}",
                         f"{{size}} {board_words} {kind_words} {{4x{length}|4'x{length}'}}"), size=thickness)
    for thickness, kind, kind_words in (("1/2", "REGULAR", "{regular|reg|}"), ("5/8", "TYPE X", "{type X|X}")):
        for length in ("10", "12", "14"):
            yield _item(DRYWALL, "DW", "Drywall", f"GYPSUM BOARD {thickness} IN {kind} 54 IN X {length} FT", "EA",
                        {"SF": round(1 / (4.5 * int(length)), 7), "BDL": 2}, 2.1 * int(length), GYPSUM_MAKERS, NUMERIC6,
                        (f"{{size}} {kind_words} {board_words} {{54\"x{length}'|54 in x {length}|4.5x{length}}}",),
                        size=thickness)
    for length in ("8", "10", "12"):
        yield _item(DRYWALL, "DW", "Drywall", f"GYPSUM SHAFTLINER 1 IN TYPE X 2X{length} FT", "EA",
                    {"SF": round(1 / (2 * int(length)), 7)}, 2.9 * int(length), GYPSUM_MAKERS, NUMERIC6,
                    (f"{{1\"|1 in|1in}} {{shaftliner|shaft liner|SL}} {{2x{length}|2'x{length}'}}",))
    for thickness in ("1/4", "1/2"):
        for dims, area in (("3X5", 15), ("4X8", 32)):
            yield _item(DRYWALL, "DW", "Drywall", f"CEMENT BOARD {thickness} IN {dims} FT", "EA",
                        {"SF": round(1 / area, 7)}, 0.6 * area, ("USG", "James Hardie", "National Gypsum"), NUMERIC6,
                        (f"{{size}} {{cement board|durock|hardibacker|CBU}} {{{dims.lower()}|{dims}}}",),
                        size=thickness)
    finishing = (
        ("JOINT COMPOUND ALL PURPOSE 4.5 GAL PAIL", "PL", 18.0,
         "{all purpose mud|AP mud|joint compound|JC} {pail|bucket|}"),
        ("JOINT COMPOUND LIGHTWEIGHT 4.5 GAL PAIL", "PL", 19.0, "{lightweight|lite|LW} {mud|joint compound} {pail|}"),
        ("JOINT COMPOUND TOPPING 4.5 GAL PAIL", "PL", 18.5, "{topping mud|topping compound|topping}"),
        ("JOINT COMPOUND ALL PURPOSE 3.5 GAL CARTON", "CTN", 14.0, "{all purpose mud|joint compound} {box|carton}"),
        ("JOINT COMPOUND SETTING 20 MIN 18 LB BAG", "BG", 13.0, "{hot mud|setting compound|easy sand} {20|20 min}"),
        ("JOINT COMPOUND SETTING 45 MIN 18 LB BAG", "BG", 13.0, "{hot mud|setting compound|easy sand} {45|45 min}"),
        ("JOINT COMPOUND SETTING 90 MIN 18 LB BAG", "BG", 13.0, "{hot mud|setting compound|easy sand} {90|90 min}"),
        ("JOINT TAPE PAPER 2-1/16 IN X 250 FT", "RL", 3.5, "{paper tape|joint tape|drywall tape} {250'|250 ft}"),
        ("JOINT TAPE PAPER 2-1/16 IN X 500 FT", "RL", 6.0, "{paper tape|joint tape|drywall tape} {500'|500 ft}"),
        ("JOINT TAPE MESH 2 IN X 300 FT", "RL", 5.5, "{mesh tape|fiberglass tape|FG mesh tape}"),
    )
    for description, uom, cost, words in finishing:
        yield _item(DRYWALL, "DW", "Drywall", description, uom, {"CS": 12} if uom == "RL" else {}, cost,
                    ("USG", "National Gypsum", "CertainTeed"), NUMERIC6, (words,))
    for bead, words in (("CORNER BEAD METAL", "{metal corner bead|corner bead|CB}"),
                        ("CORNER BEAD PAPER FACED", "{paper faced bead|PF bead|paper corner bead}"),
                        ("J-BEAD VINYL 1/2 IN", "{1/2 J bead|1/2\" J-mold|J-bead 1/2}"),
                        ("J-BEAD VINYL 5/8 IN", "{5/8 J bead|5/8\" J-mold|J-bead 5/8}"),
                        ("CONTROL JOINT ZINC", "{control joint|CJ|expansion joint}")):
        for length in ("8", "10"):
            yield _item(DRYWALL, "DW", "Drywall", f"{bead} {length} FT", "EA", {"BDL": 50, "FT": 1 / int(length)},
                        0.3 * int(length), ("ClarkDietrich", "Trim-Tex", "USG"), NUMERIC6,
                        (f"{words} {{{length}'|{length} ft|{length}ft}}",))


STUD_WIDTHS = ("1-5/8", "2-1/2", "3-5/8", "4", "6")
STUD_GAUGES = {"25": 1.0, "20": 1.7, "18": 2.3, "16": 2.9}


def framing() -> Iterator[CatalogItem]:
    for width in STUD_WIDTHS:
        for gauge, factor in STUD_GAUGES.items():
            ga = f"{{{gauge}ga|{gauge} ga|{gauge} GA|{gauge}-ga}}"
            for length in ("8", "9", "10", "12", "14", "16") + (("20",) if gauge in ("18", "16") else ()):
                yield _item(DRYWALL, "FR", "Framing", f"STUD STEEL {width} IN {gauge} GA X {length} FT", "EA",
                            {"FT": round(1 / int(length), 7)}, 0.55 * factor * inches(width) ** 0.6 * int(length),
                            FRAMING_MAKERS, LETTERS_DASH,
                            (f"{{size}} {ga} {{mtl stud|metal stud|stl stud|stud}}{{s|}} {{{length}'|{length} ft}}",
                             f"{{size}} {{metal stud|stud}} {ga} x {{{length}'|{length} ft|{length}ft}}"), size=width)
            for length in ("10", "12"):
                yield _item(DRYWALL, "FR", "Framing", f"TRACK STEEL {width} IN {gauge} GA X {length} FT", "EA",
                            {"FT": round(1 / int(length), 7)}, 0.45 * factor * inches(width) ** 0.6 * int(length),
                            FRAMING_MAKERS, LETTERS_DASH,
                            (f"{{size}} {ga} {{mtl track|metal track|track|runner}} {{{length}'|{length} ft|}}",),
                            size=width)
        yield _item(DRYWALL, "FR", "Framing", f"TRACK DEFLECTION SLOTTED {width} IN 20 GA X 10 FT", "EA", {"FT": 0.1},
                    14 * inches(width) ** 0.6, FRAMING_MAKERS, LETTERS_DASH,
                    ("{size} {deflection track|slip track|slotted track|DT}",), size=width)
    for description, cost, words in (
        ("FURRING CHANNEL HAT 7/8 IN 25 GA X 12 FT", 4.2, "{7/8 hat channel|7/8\" furring|hat chnl} {25ga|}"),
        ("FURRING CHANNEL HAT 7/8 IN 20 GA X 12 FT", 6.1, "{7/8 hat channel|7/8\" furring|furring channel} {20ga|20 ga}"),
        ("RESILIENT CHANNEL 1/2 IN 25 GA X 12 FT", 4.8, "{RC channel|resilient channel|RC-1|res chan}"),
        ("CHANNEL COLD ROLLED 1-1/2 IN 16 GA X 16 FT", 9.5, "{1-1/2 CRC|1 1/2\" cold rolled|1-1/2 cold rolled channel}"),
        ("CHANNEL COLD ROLLED 3/4 IN 16 GA X 16 FT", 6.8, "{3/4 CRC|3/4\" cold rolled|3/4 cold rolled channel}"),
        ("FLAT STRAP 3 IN 20 GA X 10 FT", 5.2, "{3\" flat strap|3in strap|flat strap 3}"),
        ("FLAT STRAP 4 IN 18 GA X 10 FT", 7.4, "{4\" flat strap|4in strap|flat strap 4}"),
    ):
        length = int(description.rsplit("X ", 1)[1].split()[0])
        yield _item(DRYWALL, "FR", "Framing", description, "EA", {"FT": round(1 / length, 7)}, cost, FRAMING_MAKERS,
                    LETTERS_DASH, (words,))
    for nominal, cost in (("2X4", 0.55), ("2X6", 0.85), ("2X8", 1.15), ("2X10", 1.5), ("2X12", 1.9)):
        nominal_words = f"{{{nominal.lower()}|{nominal}|{nominal.replace('X', ' x ')}}}"
        for length in ("8", "10", "12", "14", "16"):
            yield _item(DRYWALL, "FR", "Lumber", f"LUMBER SPF #2 {nominal} X {length} FT", "EA",
                        {"FT": round(1 / int(length), 7)}, cost * int(length), LUMBER_MAKERS, NUMERIC6,
                        (f"{nominal_words} {{x |}}{{{length}'|{length} ft}} {{SPF|#2|}}",))
        for length in ("8", "12", "16"):
            yield _item(DRYWALL, "FR", "Lumber", f"LUMBER PRESSURE TREATED {nominal} X {length} FT", "EA",
                        {"FT": round(1 / int(length), 7)}, cost * 1.4 * int(length), LUMBER_MAKERS, NUMERIC6,
                        (f"{{{nominal.lower()}|{nominal}}} {{PT|pressure treated|treated}} {{{length}'|{length} ft}}",))
    for panel, words, cost in (("PLYWOOD CDX 1/2 IN 4X8 FT", "{1/2 CDX|1/2\" plywood|1/2 ply}", 38.0),
                               ("PLYWOOD CDX 5/8 IN 4X8 FT", "{5/8 CDX|5/8\" plywood|5/8 ply}", 45.0),
                               ("PLYWOOD CDX 3/4 IN 4X8 FT", "{3/4 CDX|3/4\" plywood|3/4 ply}", 55.0),
                               ("PLYWOOD FIRE RETARDANT 3/4 IN 4X8 FT", "{3/4 FRT ply|3/4 fire treated plywood|FRT}",
                                78.0),
                               ("OSB 7/16 IN 4X8 FT", "{7/16 OSB|OSB 7/16}", 18.0),
                               ("OSB 23/32 IN 4X8 FT", "{23/32 OSB|3/4 OSB}", 34.0)):
        yield _item(DRYWALL, "FR", "Lumber", panel, "EA", {"SF": 0.03125}, cost, LUMBER_MAKERS, NUMERIC6, (words,))


def fasteners_and_anchors() -> Iterator[CatalogItem]:
    for length in ("1", "1-1/4", "1-5/8", "2", "2-1/2", "3"):
        for thread in ("FINE", "COARSE"):
            yield _item(DRYWALL, "FA", "Fasteners", f"SCREW DRYWALL #6 X {length} IN {thread} THREAD", "BX", {},
                        12 + 4 * inches(length), FASTENER_MAKERS, LETTERS_DASH,
                        (f"#6 x {{size}} {{{thread.lower()}|{thread[0]}|{thread.lower()} thread}} {{drywall screws|"
                         "DW screws|screws}",), size=length)
    for head, words in (("PAN HEAD FRAMING", "{pan head|framing|pan hd}"),
                        ("MODIFIED TRUSS", "{mod truss|K-lath|truss hd}"),
                        ("WAFER HEAD", "{wafer|wafer head}")):
        for point in ("SHARP POINT", "SELF DRILLING"):
            for length in ("1/2", "3/4", "1"):
                yield _item(DRYWALL, "FA", "Fasteners", f"SCREW {head} #8 X {length} IN {point}", "BX", {"CS": 10},
                            16.0, FASTENER_MAKERS, LETTERS_DASH,
                            (f"#8 x {{size}} {words} {{{'sharp|SP' if point == 'SHARP POINT' else 'tek|self drill|SD'}}}"
                             " {screws|}",), size=length)
    for gauge in ("10", "12", "14"):
        for length in ("3/4", "1", "1-1/2", "2"):
            yield _item(DRYWALL, "FA", "Fasteners", f"SCREW HEX WASHER HEAD SELF DRILLING #{gauge} X {length} IN",
                        "BX", {}, 14 + 2 * int(gauge) * inches(length), FASTENER_MAKERS, LETTERS_DASH,
                        (f"#{gauge} x {{size}} {{hex tek|HWH tek|hex self drill}} {{screws|}}",), size=length)
    for length in ("1/2", "3/4", "1", "1-1/4", "1-1/2", "2", "2-1/2", "3"):
        yield _item(DRYWALL, "FA", "Fasteners", f"PIN POWDER ACTUATED {length} IN", "BX", {},
                    28 + 6 * inches(length), ("Hilti", "Ramset", "Simpson Strong-Tie"), LETTERS_DASH,
                    ("{size} {PAF pins|shot pins|powder pins|drive pins}",), size=length)
    wedge_lengths = {"1/4": ("1-3/4", "2-1/4", "3-1/4"), "3/8": ("2-1/4", "3", "3-3/4", "5"),
                     "1/2": ("2-3/4", "3-3/4", "4-1/2", "5-1/2"), "5/8": ("3-1/2", "4-1/2", "6"),
                     "3/4": ("4-1/4", "5-1/2", "7")}
    finishes = {"ZINC": "{zinc|ZP|}", "HOT DIP GALV": "{HDG|hot dip|galv}", "304 SS": "{SS|stainless|304 SS}"}
    for diameter, lengths in wedge_lengths.items():
        for length in lengths:
            for finish, finish_words in finishes.items():
                yield _item(DRYWALL, "AN", "Anchors", f"ANCHOR WEDGE {diameter} X {length} IN {finish}", "EA",
                            {"BX": 50 if inches(diameter) <= 0.5 else 25},
                            0.4 * inches(diameter) * inches(length) * (3 if "SS" in finish else 1), ANCHOR_MAKERS,
                            LETTERS_DASH,
                            (f"{{size}} x {{size2}} {{wedge anchor|wedge anchors|kwik bolt|wedge}} {finish_words}",
                             f"{{wedge anchor|wedge}} {{size}} x {{size2}} {finish_words}"), size=diameter, size2=length)
    for diameter, lengths in (("1/4", ("1-3/8", "2-1/4")), ("3/8", ("1-7/8", "3")), ("1/2", ("2-1/4", "3", "4"))):
        for length in lengths:
            yield _item(DRYWALL, "AN", "Anchors", f"ANCHOR SLEEVE {diameter} X {length} IN ZINC", "EA", {"BX": 50},
                        0.35 * inches(diameter) * inches(length), ANCHOR_MAKERS, LETTERS_DASH,
                        ("{size} x {size2} {sleeve anchor|sleeve anchors|sleeve}",), size=diameter, size2=length)
    for diameter in ("1/4", "3/8", "1/2", "5/8", "3/4"):
        for material, words in (("STEEL", "{steel|zinc|}"), ("304 SS", "{SS|stainless}")):
            yield _item(DRYWALL, "AN", "Anchors", f"ANCHOR DROP-IN {diameter} IN {material}", "EA", {"BX": 100},
                        0.5 * inches(diameter) * (3 if "SS" in material else 1), ANCHOR_MAKERS, LETTERS_DASH,
                        (f"{{size}} {{drop-in|drop in|DI}} {{anchor|anchors}} {words}",), size=diameter)
    for diameter in ("3/16", "1/4"):
        for length in ("1-1/4", "1-3/4", "2-1/4", "2-3/4", "3-1/4", "3-3/4"):
            for head, words in (("HEX", "{hex|hex head|HWH}"), ("FLAT", "{flat|flat head|FH}")):
                yield _item(DRYWALL, "AN", "Anchors", f"ANCHOR SCREW CONCRETE {head} {diameter} X {length} IN", "EA",
                            {"BX": 100}, 0.18 * inches(length), ANCHOR_MAKERS, LETTERS_DASH,
                            (f"{{size}} x {{size2}} {{tapcon|tapcons|concrete screw|tap con}} {words}",), size=diameter,
                            size2=length)
    for diameter in ("1/8", "3/16", "1/4"):
        for length in ("3", "4"):
            yield _item(DRYWALL, "AN", "Anchors", f"ANCHOR TOGGLE BOLT {diameter} X {length} IN", "EA", {"BX": 50},
                        0.35 + inches(diameter), ANCHOR_MAKERS, LETTERS_DASH,
                        ("{size} x {size2} {toggle bolt|toggles|toggle}",), size=diameter, size2=length)


def nipples_and_accessories() -> Iterator[CatalogItem]:
    nipple_lengths = {"CLOSE": "{close|cls}", "2": "{2\"|2 in|x 2}", "3": "{3\"|3 in|x 3}", "4": "{4\"|4 in|x 4}",
                      "6": "{6\"|6 in|x 6}", "12": "{12\"|12 in|x 12}"}
    for size in TRADE_SIZES:
        for length, length_words in nipple_lengths.items():
            label = "CLOSE" if length == "CLOSE" else f"{length} IN"
            yield _item(ELECTRICAL, "EF", "Fittings", f"NIPPLE RIGID GALV {size} IN X {label}", "EA", {},
                        1.5 * inches(size) * (1 if length == "CLOSE" else int(length) ** 0.5), FITTING_MAKERS,
                        LETTERS_DASH, (f"{{size}} {{rigid|GRC}} {{nipple|nip}} {length_words}",), size=size)
        yield _item(ELECTRICAL, "EF", "Fittings", f"CONNECTOR EMT OFFSET SET SCREW {size} IN", "EA", _box(size, 25, 10),
                    2.2 * inches(size) ** 1.2, FITTING_MAKERS, LETTERS_DASH,
                    ("{size} EMT {offset|box offset} {conn|connector}",), size=size)
    for big, small in zip(TRADE_SIZES[2:], TRADE_SIZES):
        for step_small in (small, TRADE_SIZES[TRADE_SIZES.index(small) + 1]):
            yield _item(ELECTRICAL, "EF", "Fittings", f"WASHER REDUCING {big} X {step_small} IN", "PR", {"BX": 25},
                        0.4 * inches(big), FITTING_MAKERS, LETTERS_DASH,
                        ("{size} x {size2} {reducing washers|reducing washer|RW}",), size=big, size2=step_small)
    for size in ("5", "6"):
        for schedule in ("40", "80"):
            yield _item(ELECTRICAL, "EC", "Conduit", f"CONDUIT PVC SCH {schedule} {size} IN X 10 FT", "FT",
                        {"STK": 10}, (0.9 if schedule == "40" else 1.1) * inches(size) ** 0.9, PVC_MAKERS, NUMERIC6,
                        (f"{{size}} {{sch {schedule}|SCH{schedule}}} PVC {{conduit|cond}}",), size=size)
        for description, cost, words in (("ELBOW 90 DEG PVC SCH 40", 2.2, "{90|90 deg|sweep}"),
                                         ("COUPLING PVC SCH 40", 0.5, "{cplg|coupling}"),
                                         ("ADAPTER MALE PVC SCH 40", 0.6, "{male adapter|TA}"),
                                         ("END BELL PVC", 1.4, "{end bell|bell end}")):
            yield _item(ELECTRICAL, "EF", "Fittings", f"{description} {size} IN", "EA", {}, cost * inches(size) ** 1.3,
                        FITTING_MAKERS, LETTERS_DASH, (f"{{size}} PVC {words}",), size=size)
    for kind, words, cost in (("DIMMER LED 600W SINGLE POLE/3-WAY", "{LED dimmer|dimmer|600W dimmer}", 28.0),
                              ("DIMMER 0-10V 120/277V", "{0-10V dimmer|0-10v dim|low voltage dimmer}", 46.0),
                              ("OCCUPANCY SENSOR WALL SWITCH 120/277V", "{occ sensor|occupancy sensor|OS} {sw|switch|}",
                               39.0),
                              ("VACANCY SENSOR WALL SWITCH 120/277V", "{vacancy sensor|VS} {sw|switch|}", 41.0)):
        for color, color_words in DEVICE_COLORS.items():
            yield _item(ELECTRICAL, "ED", "Devices", f"{kind} {color}", "EA", {}, cost, DEVICE_MAKERS, DEVICE,
                        (f"{words} {color_words}",))
    brass_sizes = ("1/4", "3/8", "1/2", "3/4", "1", "1-1/4", "1-1/2", "2")
    for size in brass_sizes:
        for length, length_words in list(nipple_lengths.items())[:5]:
            label = "CLOSE" if length == "CLOSE" else f"{length} IN"
            for metal, metal_words, factor in (("BRASS", "{brass|brs}", 2.0), ("BLACK STEEL", "{black|blk|BI}", 1.0),
                                               ("GALV STEEL", "{galv|galvanized}", 1.2)):
                yield _item(PLUMBING, "PF", "Pipe Fittings", f"NIPPLE {metal} SCH 40 {size} IN X {label}", "EA", {},
                            factor * inches(size) * (1 if length == "CLOSE" else int(length) ** 0.5), STEEL_PIPE_MAKERS,
                            LETTERS_DASH, (f"{{size}} {metal_words} {{nipple|nip}} {length_words}",), size=size)
        for description, cost, words in (("ELBOW 90 DEG", 4.0, "{90|elbow|ell}"), ("TEE", 5.5, "tee"),
                                         ("COUPLING", 3.0, "{cplg|coupling}"), ("PLUG HEX HEAD", 2.0, "{plug|hex plug}"),
                                         ("CAP", 2.6, "cap"), ("BUSHING HEX", 2.4, "{bushing|hex bushing}"),
                                         ("UNION", 11.0, "union")):
            yield _item(PLUMBING, "PF", "Pipe Fittings", f"FITTING BRASS LEAD FREE {description} {size} IN", "EA", {},
                        cost * inches(size) ** 1.3, ("Merit Brass", "Mueller", "NIBCO"), LETTERS_DASH,
                        (f"{{size}} {{brass|LF brass|lead free brass}} {words}",), size=size)
    for gauge in ("18", "16"):
        for length in ("10", "12", "14", "16", "20"):
            yield _item(DRYWALL, "FR", "Framing", f"STUD STEEL 8 IN {gauge} GA X {length} FT", "EA",
                        {"FT": round(1 / int(length), 7)}, 0.55 * STUD_GAUGES[gauge] * 3.5 * int(length),
                        FRAMING_MAKERS, LETTERS_DASH,
                        (f"{{8\"|8 in|8in}} {{{gauge}ga|{gauge} ga}} {{metal stud|stud}} {{{length}'|{length} ft}}",))
    for description, uom, conversions, cost, words in (
        ("CEILING GRID MAIN TEE 15/16 IN X 12 FT", "EA", {"CTN": 20}, 6.5, "{main tee|mains|main runner} {12'|12 ft|}"),
        ("CEILING GRID CROSS TEE 15/16 IN X 4 FT", "EA", {"CTN": 60}, 1.9, "{4' cross tee|4 ft tee|4' tee}"),
        ("CEILING GRID CROSS TEE 15/16 IN X 2 FT", "EA", {"CTN": 60}, 1.0, "{2' cross tee|2 ft tee|2' tee}"),
        ("CEILING GRID WALL ANGLE 7/8 IN X 12 FT", "EA", {"CTN": 30}, 3.2, "{wall angle|wall mold|angle mold}"),
        ("CEILING TILE MINERAL FIBER 2X2 FT SQUARE EDGE", "EA", {"CTN": 16, "SF": 0.25}, 2.4,
         "{2x2 ACT|2x2 ceiling tile|2'x2' tile} {sq edge|square edge|}"),
        ("CEILING TILE MINERAL FIBER 2X4 FT SQUARE EDGE", "EA", {"CTN": 8, "SF": 0.125}, 4.6,
         "{2x4 ACT|2x4 ceiling tile|2'x4' tile} {sq edge|square edge|}"),
        ("CEILING TILE MINERAL FIBER 2X2 FT TEGULAR", "EA", {"CTN": 16, "SF": 0.25}, 3.1,
         "{2x2 tegular|2x2 ACT tegular|2'x2' reveal edge tile}"),
        ("WIRE HANGER 12 GA GALV X 12 FT", "EA", {"BDL": 100}, 0.45, "{12ga hanger wire|hanger wire|12 ga wire}"),
    ):
        yield _item(DRYWALL, "DW", "Ceilings", description, uom, conversions, cost, ("Armstrong", "USG", "CertainTeed"),
                    NUMERIC6, (words,))
    for thickness, r_value in (("2-1/2", "R-8"), ("3-1/2", "R-15"), ("6", "R-23")):
        for width in ("16", "24"):
            yield _item(DRYWALL, "DW", "Insulation",
                        f"INSULATION MINERAL WOOL BATT {thickness} IN {r_value} X {width} IN", "BG",
                        {"SF": round(1 / 60, 7)}, 48.0 * inches(thickness) / 3.5,
                        ("Rockwool", "Owens Corning", "Johns Manville"), NUMERIC6,
                        (f"{{size}} {{mineral wool|sound batts|SAB|safe n sound}} {{{width}\"|{width} in}}",),
                        size=thickness)


FAMILIES = (conduit, conduit_fittings, wire, devices, boxes_and_connectors, supports_and_breakers, copper,
            plastic_pipe, valves_and_steel, drywall, framing, fasteners_and_anchors, nipples_and_accessories)


def catalog_items() -> list[CatalogItem]:
    """Every product the simulated platform sells, in a stable order."""
    return [item for family in FAMILIES for item in family()]
