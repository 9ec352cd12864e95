"""How estimators write takeoff lines: the messy input the pipeline exists to understand.

A line names a catalog product the way people type it (abbreviations, fraction and inch-mark
variants, "typ." and "F&I" noise, upper or lower case), counts it in whatever unit came to
mind (ea, LF, sticks, boxes, C, M...), writes the quantity as a number or as text ("1,200"),
and sometimes copies a part number with its own casing and dashes. A few lines name things
the catalog does not sell, use a unit nobody should guess, or are plainly broken (no
description, negative or unreadable quantity, no unit) so quarantine has work to do.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any, Sequence

from sync_pipeline.simulator.catalog import DRYWALL, ELECTRICAL, PLUMBING, CatalogItem, inches

UNIT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "EA": ("ea", "each", "EA", "pcs", "pc", "Ea."),
    "PR": ("pr", "pairs", "PR"),
    "FT": ("LF", "lin ft", "linear feet", "L.F.", "ft", "FT", "feet"),
    "SF": ("SF", "sq ft", "sf", "S.F."),
    "STK": ("sticks", "lengths", "STK", "stks", "jts"),
    "BX": ("box", "boxes", "BX", "bx"),
    "CS": ("case", "cases", "CS"),
    "BG": ("bag", "bags", "BG"),
    "RL": ("roll", "rolls", "RL"),
    "SPL": ("spool", "spools", "SPL"),
    "REEL": ("reel", "reels", "REEL"),
    "COIL": ("coil", "coils", "COIL"),
    "JAR": ("jar", "jars"),
    "PL": ("pail", "pails", "bucket"),
    "BDL": ("bundle", "bundles", "bdl"),
    "CTN": ("carton", "ctn", "CTN"),
    "C": ("C", "CFT"),
    "M": ("M", "MFT"),
}
# Units a line is sometimes counted in that no dictionary should map to a stock unit.
UNGUESSABLE_UNITS = ("LOT", "LS", "ASSY", "pallet")

QUANTITIES: dict[str, tuple[int, ...]] = {
    "FT": (50, 75, 100, 120, 150, 200, 250, 300, 400, 500, 750, 1000, 1200, 1500, 2000, 2500, 5000),
    "SF": (320, 480, 960, 1200, 2400, 3200, 4800, 9600, 12000),
    "EA": (1, 2, 4, 6, 8, 10, 12, 16, 20, 24, 25, 30, 40, 50, 60, 75, 100, 120, 150, 200, 250, 300, 500, 1200),
    "C": (1, 2, 3, 5, 10, 12, 15, 20),
    "M": (1, 2, 3, 5, 10),
}
PACKAGE_QUANTITIES = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 30, 40, 50)

NOISE = (" (typ.)", " typ.", " F&I", " f&i", " per spec", " - see dwgs", " furnish & install", " (verify)")
UNREADABLE_QUANTITIES = ("approx ten", "TBD", "see dwg", "10-12", "a few")
NOTES = ("verify in field", "see sheet E-201", "match existing", "coordinate with GC", "alt #2", "per RFI 14")

AREAS = ("Level 1", "Level 2", "Level 3", "Level 2 - East Wing", "Level 2 - West Wing", "Roof", "Garage", "Site",
         "Mechanical Room", "Core")
PHASES = {ELECTRICAL: ("Underground", "Rough-in", "Trim", "Finish"),
          PLUMBING: ("Underground", "Rough-in", "Top-out", "Trim"),
          DRYWALL: ("Framing", "Board", "Taping", "Finish")}
SPEC_REFS = {ELECTRICAL: ("26 05 33", "26 05 19", "26 27 26", "26 05 29", "26 24 16"),
             PLUMBING: ("22 11 16", "22 13 16", "22 05 23", "22 07 19", "22 05 29"),
             DRYWALL: ("09 21 16", "09 22 16", "05 05 19", "09 51 13", "06 10 00")}
NAMES = {ELECTRICAL: ("Level {n} electrical rough-in", "Level {n} lighting and devices trim",
                      "Site feeders and underground", "Parking garage electrical", "Roof mechanical power",
                      "Level {n} branch circuits"),
         PLUMBING: ("Level {n} domestic water rough-in", "Underground sanitary", "Restroom core plumbing",
                    "Mechanical room piping", "Level {n} waste and vent"),
         DRYWALL: ("Level {n} framing and drywall", "Corridor partitions", "Shaft walls and rated assemblies",
                   "Tenant improvement partitions", "Level {n} ceilings")}
NOT_IN_CATALOG = {
    ELECTRICAL: ("Fire caulk 10.1 oz tube", "temp power distribution panel rental", "Lift rental 19 ft scissor",
                 "core drill 4\" thru slab", "Lutron Vive wireless dimmer kit", "pull string 6500 ft"),
    PLUMBING: ("Zurn Z415 floor drain 6\" strainer", "water heater 50 gal gas", "Sioux Chief 660 mini rester",
               "firestop collar 4in", "trap primer valve"),
    DRYWALL: ("Acoustical sealant 28 oz", "Level 5 finish labor", "Scaffold rental", "access panel 24x24 fire rated",
              "1\" foil faced insulation board"),
}

_SLOT = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class KnownProduct:
    """A catalog product together with what an estimator could copy from it."""

    sku: str
    item: CatalogItem
    manufacturer_part_number: str | None
    vendor_part_numbers: tuple[str, ...]


def size_variants(size: str) -> tuple[str, ...]:
    """The ways a trade size gets written: 1-1/4, 1 1/4, 1.25, with or without ", in, inch."""
    forms = [size]
    if "-" in size:
        forms.append(size.replace("-", " "))
    if "/" in size:
        decimal = f"{inches(size):g}"
        forms.append(decimal)
        if decimal.startswith("0."):
            forms.append(decimal[1:])
    return tuple(form + suffix for form in forms for suffix in ("", '"', " in", "in", " inch"))


def expand(template: str, sizes: dict[str, str], rng: random.Random) -> str:
    """Fill a phrase template: "{a|b|}" picks an alternative, "{size}" a written size variant."""
    def pick(match: re.Match[str]) -> str:
        body = match.group(1)
        return rng.choice(size_variants(sizes[body])) if body in sizes else rng.choice(body.split("|"))
    return " ".join(_SLOT.sub(pick, template).split())


class TakeoffWriter:
    """Writes takeoff names and line items; one seeded RNG makes every run repeatable."""

    def __init__(self, products: Sequence[KnownProduct], rng: random.Random, first_line_number: int):
        self._by_trade: dict[str, list[KnownProduct]] = {}
        for product in products:
            self._by_trade.setdefault(product.item.trade, []).append(product)
        self._rng = rng
        self._next_line_number = first_line_number

    @property
    def next_line_number(self) -> int:
        return self._next_line_number

    def name(self, trade: str) -> str:
        return self._rng.choice(NAMES[trade]).format(n=self._rng.randint(1, 4))

    def lines(self, trade: str, count: int) -> list[dict[str, Any]]:
        """`count` lines of one trade, with a few foreign items and, often, one or two broken lines."""
        rng = self._rng
        areas = rng.sample(AREAS, k=rng.randint(1, 3))
        lines = [self._new_line(trade, areas) for _ in range(count)]
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 2)):
                lines.insert(rng.randrange(len(lines) + 1), self._broken(self._new_line(trade, areas)))
        return lines

    def copied(self, line: dict[str, Any]) -> dict[str, Any]:
        """A line written again in another takeoff, as estimators copy lines: same text, a new line id."""
        self._next_line_number += 1
        return {"area": None, "phase": None, "quantity": 1, "uom": "EA", "part_number": None, "spec_ref": None,
                "notes": None, **line, "id": f"LI-{self._next_line_number:06d}"}

    def revise(self, trade: str, lines: Sequence[Any]) -> list[Any]:
        """The next revision: some quantities changed, some lines dropped, a few added (ids kept for the rest).
        Lines planted as bad (`malformed.BAD_LINES`) may not be objects; they are kept or dropped as they are."""
        rng = self._rng
        revised = []
        for line in lines:
            roll = rng.random()
            if roll < 0.08:
                continue
            if not isinstance(line, dict):
                revised.append(line)
                continue
            quantity = _numeric(line.get("quantity"))
            if roll < 0.3 and quantity is not None and quantity > 0:
                changed = max(1, round(quantity * rng.choice((0.5, 0.75, 1.25, 1.5, 2))))
                line = {**line, "quantity": f"{changed:,}" if isinstance(line["quantity"], str) else changed}
            revised.append(dict(line))
        areas = self._areas(lines)
        revised += [self._new_line(trade, areas) for _ in range(rng.randint(2, 6))]
        return revised

    def another_line(self, trade: str, lines: Sequence[Any]) -> dict[str, Any]:
        """One more well-formed line for a takeoff that has `lines`, in one of their areas."""
        return self._new_line(trade, self._areas(lines))

    def _areas(self, lines: Sequence[Any]) -> list[str]:
        areas = {line.get("area") for line in lines if isinstance(line, dict)}
        return sorted(area for area in areas if isinstance(area, str) and area) or [self._rng.choice(AREAS)]

    def _new_line(self, trade: str, areas: Sequence[str]) -> dict[str, Any]:
        rng = self._rng
        if rng.random() < 0.04:
            line = {"description": rng.choice(NOT_IN_CATALOG[trade]), "quantity": rng.choice(PACKAGE_QUANTITIES),
                    "uom": rng.choice(("ea", "LS", "each", "LOT")), "part_number": None}
        else:
            line = self._catalog_line(rng.choice(self._by_trade[trade]))
        self._next_line_number += 1
        return {"id": f"LI-{self._next_line_number:06d}", "area": None if rng.random() < 0.05 else rng.choice(areas),
                "phase": rng.choice(PHASES[trade]), **line,
                "spec_ref": rng.choice(SPEC_REFS[trade]) if rng.random() < 0.25 else None,
                "notes": rng.choice(NOTES) if rng.random() < 0.08 else None}

    def _catalog_line(self, product: KnownProduct) -> dict[str, Any]:
        rng = self._rng
        item = product.item
        description = expand(rng.choice(item.phrases), dict(item.sizes), rng)
        if rng.random() < 0.15:
            description += rng.choice(NOISE)
        case = rng.random()
        description = description.upper() if case < 0.2 else description.lower() if case < 0.35 else description
        units = [item.uom, *(code for code, _ in item.conversions)]
        unit = item.uom if rng.random() < 0.55 else rng.choice(units)
        written_unit = rng.choice(UNGUESSABLE_UNITS) if rng.random() < 0.02 else rng.choice(UNIT_SPELLINGS[unit])
        quantity = rng.choice(QUANTITIES.get(unit, PACKAGE_QUANTITIES))
        return {"description": description, "quantity": self._written_quantity(quantity), "uom": written_unit,
                "part_number": self._written_part_number(product) if rng.random() < 0.15 else None}

    def _written_quantity(self, quantity: int) -> int | float | str:
        roll = self._rng.random()
        if roll < 0.12:
            return f"{quantity:,}"
        if roll < 0.2:
            return float(quantity)
        return quantity

    def _written_part_number(self, product: KnownProduct) -> str | None:
        rng = self._rng
        choices = [p for p in (product.manufacturer_part_number,) if p] * 3 + list(product.vendor_part_numbers)
        if not choices:
            return None
        part = rng.choice(choices)
        style = rng.random()
        if style < 0.25:
            return part.lower()
        if style < 0.4:
            return part.replace("-", " ")
        if style < 0.55:
            return part.replace("-", "")
        return part

    def _broken(self, line: dict[str, Any]) -> dict[str, Any]:
        rng = self._rng
        fault = rng.choice(("description", "negative", "unreadable", "uom"))
        if fault == "description":
            return {**line, "description": rng.choice(("", "  "))}
        if fault == "negative":
            return {**line, "quantity": -round(abs(_numeric(line["quantity"]) or 10))}
        if fault == "unreadable":
            return {**line, "quantity": rng.choice(UNREADABLE_QUANTITIES)}
        return {**line, "uom": None}


def _numeric(quantity: Any) -> float | None:
    if isinstance(quantity, bool):
        return None
    if isinstance(quantity, (int, float)):
        return quantity
    try:
        return float(str(quantity).replace(",", ""))
    except ValueError:
        return None
