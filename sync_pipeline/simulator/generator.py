"""Deterministic, realistic data for both simulated systems, from one seed.

`generate(seed)` gives the inventory platform's side (unit codes, a catalog of about three
thousand products with conversions and part numbers, stock in three warehouses, vendors
and what they sell) and the PM side (projects, takeoffs in every status, revisions, webhook
history). Records are already shaped like the API answers in the contracts. Every section
draws from its own RNG stream, so the same seed always gives the same data, and tuning one
section does not reshuffle the others. Times sit before a fixed anchor, so they are in the
past whenever the simulator runs and identical on every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from string import ascii_uppercase
from typing import Any

from sync_pipeline.simulator.catalog import (DEVICE, DIGITS_DASH, DRYWALL, ELECTRICAL, LETTERS_DASH, NUMERIC6,
                                             NUMERIC8, PLUMBING, TRADES, UOM_CODES, CatalogItem, catalog_items)
from sync_pipeline.simulator.estimators import KnownProduct, TakeoffWriter
from sync_pipeline.simulator.timestamps import format_time

ANCHOR = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
WAREHOUSES = ("WH-EAST", "WH-WEST", "WH-CENTRAL")
PACKAGE_UNITS = frozenset(code for code, _, kind in UOM_CODES if kind == "package")

# (vendor id, name, trades served, quote email or None, part number prefix)
VENDORS = (
    ("V-0012", "Graybar Electric", (ELECTRICAL,), "quotes@graybar.example", "GB"),
    ("V-0017", "Consolidated Electrical Distributors", (ELECTRICAL,), "bids@ced.example", "CED"),
    ("V-0023", "Rexel USA", (ELECTRICAL,), None, "RX"),
    ("V-0031", "Border States", (ELECTRICAL,), "quotes@borderstates.example", "BSE"),
    ("V-0038", "Crescent Electric Supply", (ELECTRICAL,), None, "CES"),
    ("V-0042", "Ferguson Enterprises", (PLUMBING,), "quotes@ferguson.example", "FERG"),
    ("V-0047", "Hajoca", (PLUMBING,), None, "HJ"),
    ("V-0051", "Winsupply", (PLUMBING,), "rfq@winsupply.example", "WIN"),
    ("V-0056", "Core & Main", (PLUMBING,), None, "CM"),
    ("V-0063", "L&W Supply", (DRYWALL,), "quotes@lwsupply.example", "LW"),
    ("V-0068", "GMS Building Supply", (DRYWALL,), "estimating@gms.example", "GMS"),
    ("V-0074", "Foundation Building Materials", (DRYWALL,), None, "FBM"),
    ("V-0080", "HD Supply Pro", TRADES, "pro-quotes@hdsupply.example", "HDS"),
    ("V-0086", "Metro Trade Supply (closed account)", (ELECTRICAL, PLUMBING), None, "MTS"),
)
INACTIVE_VENDORS = frozenset({"V-0086"})

PROJECTS = (
    ("Riverside Medical Office Building", "active", "America/Chicago"),
    ("Harbor Point Apartments", "active", "America/New_York"),
    ("Northgate Elementary School Addition", "active", "America/Chicago"),
    ("Cedar Ridge Distribution Center", "active", "America/Denver"),
    ("Lakeview Parking Structure", "on_hold", "America/Chicago"),
    ("Civic Center Library Renovation", "active", "America/Los_Angeles"),
    ("Summit Tech Campus Building C", "active", "America/Denver"),
    ("Oak Street Mixed-Use Tower", "closed", "America/New_York"),
)
APPROVERS = ("Dana Whitfield", "Marcus Oyelaran", "Priya Raman", "Tom Brezinski", "Alicia Montoya")


@dataclass
class SimulatorData:
    """Everything both systems hold at start, shaped like the contract's JSON."""

    seed: int
    uom_codes: list[dict[str, Any]]
    products: list[dict[str, Any]]
    warehouses: tuple[str, ...]
    stock: list[dict[str, Any]]
    vendors: list[dict[str, Any]]
    vendor_items: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    takeoffs: list[dict[str, Any]]
    """Every revision of every takeoff (contract Takeoff objects)."""
    takeoff_trades: dict[str, str]
    webhook_events: list[dict[str, Any]]
    webhook_deliveries: list[dict[str, Any]]
    known_products: list[KnownProduct]
    """Active products with their phrasing, for writing more takeoffs while the simulator runs."""
    next_line_number: int


def money(value: float) -> str:
    """A decimal string: cents from a dollar up, tenths of a cent below (wire is sold by the foot)."""
    step = Decimal("0.01") if value >= 1 else Decimal("0.001")
    return str(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))


def _rng(seed: int, section: str) -> random.Random:
    return random.Random(f"{seed}:{section}")


def _part_number(rng: random.Random, style: str, used: set[str]) -> str:
    while True:
        letters = "".join(rng.choices(ascii_uppercase, k=rng.choice((2, 3))))
        if style == NUMERIC6:
            candidate = str(rng.randint(100000, 999999))
        elif style == NUMERIC8:
            candidate = str(rng.randint(10_000_000, 99_999_999))
        elif style == LETTERS_DASH:
            candidate = f"{letters}-{rng.randint(10, 9999)}"
        elif style == DEVICE:
            candidate = f"{''.join(rng.choices(ascii_uppercase, k=3))}{rng.randint(1000, 9999)}{rng.choice('WIGB')}"
        elif style == DIGITS_DASH:
            candidate = f"{rng.randint(10, 99)}-{rng.randint(100, 9999)}"
        else:
            raise ValueError(f"unknown part number style {style!r}")
        if candidate not in used:
            used.add(candidate)
            return candidate


def _upc(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(11)]
    check = (10 - (sum(digits[0::2]) * 3 + sum(digits[1::2])) % 10) % 10
    return "".join(map(str, digits)) + str(check)


def _products(seed: int, anchor: datetime) -> tuple[list[dict[str, Any]], list[CatalogItem]]:
    rng = _rng(seed, "products")
    next_number: dict[str, int] = {}
    used_parts: set[str] = set()
    products, items = [], catalog_items()
    for item in items:
        number = next_number.get(item.prefix, 10000) + rng.randint(1, 4)
        next_number[item.prefix] = number
        pack = max((factor for code, factor in item.conversions if code in PACKAGE_UNITS), default=1)
        reorder_point = rng.choice((0, 250, 500, 1000, 2500) if item.uom in ("FT", "SF") else
                                   (0, 10, 25, 50, 100, 500) if item.uom == "EA" else (0, 2, 5, 10))
        products.append({
            "sku": f"{item.prefix}-{number}",
            "description": item.description,
            "category": item.category,
            "manufacturer": rng.choice(item.makers),
            "manufacturer_part_number": _part_number(rng, item.part_style, used_parts) if rng.random() < 0.97 else None,
            "upc": _upc(rng) if rng.random() < 0.6 else None,
            "uom": item.uom,
            "uom_conversions": [{"uom": code, "factor": factor} for code, factor in item.conversions],
            "unit_cost": money(item.cost * rng.uniform(0.9, 1.1)),
            "reorder_point": reorder_point,
            "reorder_qty": max(reorder_point, pack) * 2 if rng.random() < 0.9 else None,
            "active": rng.random() >= 0.02,
            "updated_at": format_time(anchor - timedelta(seconds=rng.randint(3600, 120 * 86400))),
        })
    return products, items


def _stock(seed: int, products: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rng = _rng(seed, "stock")
    rows = []
    for product in products:
        if not product["active"] or rng.random() < 0.1:
            continue
        scale = {"FT": 3000, "SF": 5000, "EA": 300}.get(product["uom"], 40)
        for warehouse in sorted(rng.sample(WAREHOUSES, k=rng.choices((1, 2, 3), weights=(2, 4, 4))[0])):
            on_hand = 0 if rng.random() < 0.15 else round(rng.uniform(1, scale))
            rows.append({
                "sku": product["sku"],
                "warehouse_code": warehouse,
                "on_hand": on_hand,
                "allocated": round(on_hand * rng.uniform(0, 0.6)) if rng.random() < 0.6 else 0,
                "on_order": round(rng.uniform(0.2, 1) * scale) if rng.random() < 0.3 else 0,
                "bin": f"{rng.choice('ABCDEFGH')}{rng.randint(1, 24):02d}-{rng.randint(1, 5)}"
                if rng.random() < 0.9 else None,
            })
    return rows


def _vendor_items(seed: int, products: list[dict[str, Any]], items: list[CatalogItem]) -> list[dict[str, Any]]:
    rng = _rng(seed, "vendor-items")
    rows = []
    for product, item in zip(products, items):
        pool = [v for v in VENDORS if item.trade in v[2]]
        active_pool = [v for v in pool if v[0] not in INACTIVE_VENDORS]
        chosen = rng.sample(active_pool, k=rng.randint(2, min(4, len(active_pool))))
        if len(pool) > len(active_pool) and rng.random() < 0.1:
            chosen.append(next(v for v in pool if v[0] in INACTIVE_VENDORS))
        packs = [factor for code, factor in item.conversions if code in PACKAGE_UNITS and factor >= 1]
        for rank, (vendor_id, _, _, _, prefix) in enumerate(chosen):
            preferred = rank == 0
            price = float(product["unit_cost"]) * rng.uniform(1.05, 1.4)
            pack = rng.choice([1, *packs]) if packs else 1
            status = rng.choices(("available", "backordered", "discontinued"),
                                 weights=(88, 12, 0) if preferred else (80, 12, 8))[0]
            mpn = product["manufacturer_part_number"]
            vendor_part = (f"{prefix}-{mpn.replace('-', '')}" if mpn and rng.random() < 0.5
                           else f"{prefix}{rng.randint(100000, 9999999)}") if rng.random() < 0.9 else None
            rows.append({
                "vendor_id": vendor_id,
                "sku": product["sku"],
                "vendor_part_number": vendor_part,
                "unit_price": money(price),
                "price_breaks": [{"min_quantity": pack * 10, "unit_price": money(price * 0.95)},
                                 {"min_quantity": pack * 50, "unit_price": money(price * 0.9)}]
                if rng.random() < 0.5 else [],
                "pack_quantity": pack,
                "min_order_quantity": 0 if rng.random() < 0.7 else pack * rng.choice((2, 5, 10)),
                "lead_time_days": rng.choice((1, 2, 3, 5, 7, 10, 14, 21, 30, None)),
                "preferred": preferred,
                "status": status,
            })
    rows.sort(key=lambda r: (r["sku"], r["vendor_id"]))
    return rows


def _projects(seed: int, anchor: datetime) -> list[dict[str, Any]]:
    rng = _rng(seed, "projects")
    numbers = sorted(rng.sample(range(1001, 1999), k=len(PROJECTS)))
    projects = []
    for index, (number, (name, status, timezone)) in enumerate(zip(numbers, PROJECTS)):
        projects.append({
            "id": f"PRJ-{number}",
            "number": f"{rng.choice((24, 25, 26))}-{rng.randint(100, 399)}",
            "name": name,
            "status": status,
            "warehouse_code": None if index == 5 else WAREHOUSES[index % len(WAREHOUSES)],
            "timezone": timezone,
            "updated_at": format_time(anchor - timedelta(seconds=rng.randint(86400, 200 * 86400))),
        })
    return projects


class _TakeoffBook:
    """Builds the PM system's takeoff history: revisions, their events and webhook deliveries."""

    def __init__(self, seed: int, anchor: datetime, known: list[KnownProduct], projects: list[dict[str, Any]]):
        self.rng = _rng(seed, "takeoffs")
        self.anchor = anchor
        self.writer = TakeoffWriter(known, _rng(seed, "takeoff-lines"), first_line_number=551000)
        self.open_projects = [p for p in projects if p["status"] != "closed"]
        self.projects = projects
        self.revisions: list[dict[str, Any]] = []
        self.trades: dict[str, str] = {}
        self.events: list[dict[str, Any]] = []
        self.used_ids: set[str] = set()

    def new_takeoff(self, status: str, when: datetime) -> dict[str, Any]:
        rng = self.rng
        while (takeoff_id := f"TO-{rng.randint(80000, 99999)}") in self.used_ids:
            pass
        self.used_ids.add(takeoff_id)
        trade = rng.choice(TRADES)
        self.trades[takeoff_id] = trade
        project = rng.choice(self.projects if status == "approved" else self.open_projects)
        stamp = format_time(when)
        takeoff = {"id": takeoff_id, "project_id": project["id"], "revision": 1, "status": status,
                   "approved_at": stamp if status == "approved" else None, "updated_at": stamp,
                   "name": self.writer.name(trade),
                   "approved_by": rng.choice(APPROVERS) if status == "approved" else None,
                   "line_items": self.writer.lines(trade, rng.randint(20, 80))}
        self.revisions.append(takeoff)
        if status in ("approved", "rejected"):
            self.event(f"takeoff.{status}", takeoff, when)
        return takeoff

    def revise(self, takeoff: dict[str, Any], when: datetime) -> None:
        stamp = format_time(when)
        takeoff.update(status="superseded", updated_at=stamp)
        self.revisions.append({**takeoff, "revision": takeoff["revision"] + 1, "status": "approved",
                               "approved_at": stamp, "updated_at": stamp, "approved_by": self.rng.choice(APPROVERS),
                               "line_items": self.writer.revise(self.trades[takeoff["id"]], takeoff["line_items"])})
        self.event("takeoff.superseded", takeoff, when)
        self.event("takeoff.approved", self.revisions[-1], when)

    def event(self, event_type: str, takeoff: dict[str, Any], when: datetime) -> None:
        self.events.append({"id": f"evt_{self.rng.getrandbits(40):010x}", "type": event_type,
                            "created_at": format_time(when),
                            "data": {"takeoff_id": takeoff["id"], "project_id": takeoff["project_id"],
                                     "revision": takeoff["revision"]}})

    def moment(self, max_days: float) -> datetime:
        return self.anchor - timedelta(seconds=self.rng.randint(600, int(max_days * 86400)))

    def deliveries(self) -> list[dict[str, Any]]:
        """What the system tried to send: mostly delivered, some retried after a 500, a few never reached."""
        rng = self.rng
        attempts = []
        for event in self.events:
            when = datetime.fromisoformat(event["created_at"])
            outcome = rng.random()
            if outcome < 0.08:
                attempts.append((event, when, 500))
                when += timedelta(seconds=rng.randint(30, 600))
            attempts.append((event, when, None if outcome > 0.95 else 200))
        return [{"event_id": e["id"], "event_type": e["type"], "attempted_at": format_time(t), "response_status": s}
                for e, t, s in sorted(attempts, key=lambda a: (a[1], a[0]["id"]), reverse=True)]


def generate(seed: int = 7, *, anchor: datetime = ANCHOR, approved_takeoffs: int = 25) -> SimulatorData:
    """Both systems' starting data; the same arguments always give the same data."""
    products, items = _products(seed, anchor)
    vendor_items = _vendor_items(seed, products, items)
    vendor_parts: dict[str, list[str]] = {}
    for row in vendor_items:
        if row["vendor_part_number"]:
            vendor_parts.setdefault(row["sku"], []).append(row["vendor_part_number"])
    known = [KnownProduct(p["sku"], item, p["manufacturer_part_number"], tuple(vendor_parts.get(p["sku"], ())))
             for p, item in zip(products, items) if p["active"]]
    projects = _projects(seed, anchor)

    book = _TakeoffBook(seed, anchor, known, projects)
    approved, when = [], book.moment(75)
    for _ in range(approved_takeoffs):
        # Now and then two approvals share one updated_at; clients must page and de-duplicate accordingly.
        when = when if book.rng.random() < 0.15 else book.moment(75)
        approved.append(book.new_takeoff("approved", when))
    for takeoff in book.rng.sample(approved, k=max(1, approved_takeoffs // 4)):
        approved_at = datetime.fromisoformat(takeoff["approved_at"])
        book.revise(takeoff, min(anchor, approved_at + timedelta(seconds=book.rng.randint(3600, 10 * 86400))))
    for status, count in (("draft", 4), ("submitted", 4), ("rejected", 3)):
        for _ in range(count):
            book.new_takeoff(status, book.moment(30))
    book.revisions.sort(key=lambda t: (t["updated_at"], t["id"], t["revision"]))

    return SimulatorData(
        seed=seed,
        uom_codes=[{"code": code, "name": name, "kind": kind} for code, name, kind in UOM_CODES],
        products=products,
        warehouses=WAREHOUSES,
        stock=_stock(seed, products),
        vendors=[{"vendor_id": vid, "name": name, "active": vid not in INACTIVE_VENDORS, "quote_email": email}
                 for vid, name, _, email, _ in VENDORS],
        vendor_items=vendor_items,
        projects=projects,
        takeoffs=book.revisions,
        takeoff_trades=book.trades,
        webhook_events=book.events,
        webhook_deliveries=book.deliveries(),
        known_products=known,
        next_line_number=book.writer.next_line_number,
    )
