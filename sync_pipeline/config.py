"""Settings from environment variables: the only place the product reads its configuration.

Secrets (client secret, API token) are kept in `Secret` so that printing or logging a
settings object never shows them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sync_pipeline.core.purchasing import PurchasingPolicy
from sync_pipeline.warehouse.store import Warehouse

# Local state of the embedded default lives under data/ in the working directory (the repo root for the
# demo), never inside an installed package.
DATA_DIR = Path("data")
DEFAULT_WAREHOUSE_PATH = DATA_DIR / "warehouse"
DEFAULT_OPS_PATH = DATA_DIR / "run" / "ops.sqlite"


class Secret(str):
    """A string whose repr and str hide the value; `.reveal()` gives it to the one caller that needs it."""

    def __new__(cls, value: str = "") -> "Secret":
        # Wrapping a Secret again must keep the value, not its masked text.
        return value if isinstance(value, Secret) else super().__new__(cls, value)

    def reveal(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return "Secret('***')" if self.reveal() else "Secret('')"

    __str__ = __repr__


class ConfigError(ValueError):
    """A required setting is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    pm_api_url: str
    pm_client_id: str
    pm_client_secret: Secret = field(repr=False)
    inventory_api_url: str
    inventory_api_token: Secret = field(repr=False)
    warehouse: "WarehouseSettings"
    http_timeout_seconds: float = 30.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        missing = [
            name
            for name in ("PM_API_URL", "PM_CLIENT_ID", "PM_CLIENT_SECRET", "INVENTORY_API_URL", "INVENTORY_API_TOKEN")
            if not env.get(name)
        ]
        if missing:
            raise ConfigError(f"missing environment variables: {', '.join(missing)} (see README, Configuration)")
        return cls(
            pm_api_url=env["PM_API_URL"].rstrip("/"),
            pm_client_id=env["PM_CLIENT_ID"],
            pm_client_secret=Secret(env["PM_CLIENT_SECRET"]),
            inventory_api_url=env["INVENTORY_API_URL"].rstrip("/"),
            inventory_api_token=Secret(env["INVENTORY_API_TOKEN"]),
            warehouse=warehouse_settings_from_env(env),
            http_timeout_seconds=http_timeout_from_env(env),
        )


def http_timeout_from_env(env: dict[str, str] | None = None) -> float:
    env = os.environ if env is None else env
    try:
        return float(env.get("SYNC_HTTP_TIMEOUT_SECONDS", "30"))
    except ValueError as exc:
        raise ConfigError(f"SYNC_HTTP_TIMEOUT_SECONDS must be a number of seconds: {exc}") from None


def step_retry_seconds_from_env(env: dict[str, str] | None = None) -> float:
    """The first wait before a takeoff step that failed on a transient error is tried again (then doubled)."""
    env = os.environ if env is None else env
    try:
        seconds = float(env.get("SYNC_STEP_RETRY_SECONDS", "10"))
    except ValueError as exc:
        raise ConfigError(f"SYNC_STEP_RETRY_SECONDS must be a number of seconds: {exc}") from None
    if seconds < 0:
        raise ConfigError("SYNC_STEP_RETRY_SECONDS must not be negative")
    return seconds


def purchasing_policy_from_env(env: dict[str, str] | None = None) -> PurchasingPolicy:
    """Spend thresholds above which a quote request goes out instead of a draft."""
    env = os.environ if env is None else env
    defaults = PurchasingPolicy()
    try:
        return PurchasingPolicy(
            quote_threshold_per_line=Decimal(env.get("SYNC_QUOTE_THRESHOLD_PER_LINE",
                                                     defaults.quote_threshold_per_line)),
            quote_threshold_per_draft=Decimal(env.get("SYNC_QUOTE_THRESHOLD_PER_DRAFT",
                                                      defaults.quote_threshold_per_draft)),
        )
    except InvalidOperation:
        raise ConfigError("SYNC_QUOTE_THRESHOLD_PER_LINE and SYNC_QUOTE_THRESHOLD_PER_DRAFT must be amounts "
                          "such as 5000 or 12500.00") from None


@dataclass(frozen=True)
class BreakerSettings:
    failure_threshold: int
    cooldown_seconds: float


def breaker_settings_from_env(env: dict[str, str] | None = None) -> BreakerSettings:
    """How many consecutive failures open a breaker, and how long an open breaker waits."""
    env = os.environ if env is None else env
    try:
        return BreakerSettings(
            failure_threshold=int(env.get("SYNC_BREAKER_FAILURES", "5")),
            cooldown_seconds=float(env.get("SYNC_BREAKER_COOLDOWN_SECONDS", "60")),
        )
    except ValueError as exc:
        raise ConfigError(f"SYNC_BREAKER_FAILURES / SYNC_BREAKER_COOLDOWN_SECONDS must be numbers: {exc}") from None


@dataclass(frozen=True)
class WarehouseSettings:
    """Embedded: a local directory. Production: a PostgreSQL catalog URL and a data path every host reaches."""

    location: Secret = field(repr=False)   # a directory, or a postgresql:// URL that may hold a password
    data_path: str | None = None

    def __str__(self) -> str:
        return repr(Warehouse(self.location.reveal(), self.data_path))

    def store(self) -> Warehouse:
        return Warehouse(self.location.reveal(), self.data_path)


def warehouse_settings_from_env(env: dict[str, str] | None = None) -> WarehouseSettings:
    env = os.environ if env is None else env
    catalog_url = env.get("SYNC_WAREHOUSE_CATALOG_URL")
    data_path = env.get("SYNC_WAREHOUSE_DATA_PATH") or None
    if catalog_url:
        if not catalog_url.startswith(("postgresql://", "postgres://")):
            raise ConfigError("SYNC_WAREHOUSE_CATALOG_URL must be a postgresql:// URL")
        if not data_path:
            raise ConfigError("SYNC_WAREHOUSE_CATALOG_URL needs SYNC_WAREHOUSE_DATA_PATH: where every host "
                              "reads and writes the table files (a shared directory or object storage)")
        return WarehouseSettings(Secret(catalog_url), data_path)
    return WarehouseSettings(Secret(str(Path(env.get("SYNC_WAREHOUSE_PATH") or DEFAULT_WAREHOUSE_PATH).resolve())),
                             data_path)


DEFAULT_RECONCILIATION_MAX_DRIFT = 0.02


def reconciliation_max_drift_from_env(env: dict[str, str] | None = None) -> float:
    """Share of approved revisions allowed to be missing from the platform before the drift check fails."""
    env = os.environ if env is None else env
    text = env.get("SYNC_RECONCILIATION_MAX_DRIFT", str(DEFAULT_RECONCILIATION_MAX_DRIFT))
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"SYNC_RECONCILIATION_MAX_DRIFT must be a share between 0 and 1 (e.g. 0.02), got {text!r}")
    return value


@dataclass(frozen=True)
class Threshold:
    """Warn and fail levels of one monitored figure (None: that level is off).

    `name` is the asset check's name and the stem of its variables, SYNC_MONITOR_<NAME>_WARN / _FAIL.
    """

    name: str
    warn: float | None
    fail: float | None
    low_is_bad: bool = False    # a share that should stay high: the levels are floors, not ceilings

    @property
    def variables(self) -> tuple[str, str]:
        stem = f"SYNC_MONITOR_{self.name.upper()}"
        return f"{stem}_WARN", f"{stem}_FAIL"

    def verdict(self, value: float | None) -> str:
        """"ok", "warn" or "fail"; a figure with no data yet (None) is ok."""
        def crossed(level: float | None) -> bool:
            return value is not None and level is not None and (value < level if self.low_is_bad else value > level)
        return "fail" if crossed(self.fail) else "warn" if crossed(self.warn) else "ok"


# Defaults: approval to written "well under 60 s"; the PM change feed is polled every few seconds while
# the inventory platform is only called when there is work; a dead letter is worth a look at once; the
# matcher sends ambiguous lines to people, so only a collapse of automatic matches means breakage.
MONITOR_THRESHOLDS = (
    Threshold("latency_p95_seconds", warn=60, fail=300),
    Threshold("error_rate", warn=0.05, fail=0.25),
    Threshold("pending_approvals", warn=50, fail=200),
    Threshold("review_queue", warn=1000, fail=None),
    Threshold("open_dead_letters", warn=0, fail=10),
    Threshold("pm_hours_since_success", warn=1, fail=6),
    Threshold("inventory_hours_since_success", warn=24, fail=72),
    Threshold("auto_match_share", warn=0.30, fail=0.10, low_is_bad=True),
    Threshold("quarantine_share", warn=0.10, fail=None),   # per takeoff revision
    Threshold("review_share", warn=0.30, fail=None),       # per takeoff revision
)
DEFAULT_MONITOR_WINDOW_HOURS = 24.0


@dataclass(frozen=True)
class MonitorSettings:
    window_hours: float                 # errors and latency are measured over this many recent hours
    thresholds: dict[str, Threshold]    # by check name


def monitor_settings_from_env(env: dict[str, str] | None = None) -> MonitorSettings:
    """The monitoring window and every threshold; a level set to "off" (or empty) is disabled."""
    env = os.environ if env is None else env

    def level(variable: str, default: float | None) -> float | None:
        text = env.get(variable)
        if text is None:
            return default
        if text.strip().lower() in ("", "off"):
            return None
        try:
            return float(text)
        except ValueError:
            raise ConfigError(f"{variable} must be a number or 'off', got {text!r}") from None

    thresholds = {}
    for default in MONITOR_THRESHOLDS:
        warn_var, fail_var = default.variables
        threshold = Threshold(default.name, level(warn_var, default.warn), level(fail_var, default.fail),
                              default.low_is_bad)
        if threshold.warn is not None and threshold.fail is not None and threshold.verdict(threshold.warn) == "fail":
            raise ConfigError(f"{warn_var} ({threshold.warn:g}) is past {fail_var} ({threshold.fail:g}): "
                              "a figure must reach the warning level before the failing one")
        thresholds[default.name] = threshold
    window = level("SYNC_MONITOR_WINDOW_HOURS", DEFAULT_MONITOR_WINDOW_HOURS)
    if window is None or window <= 0:
        raise ConfigError("SYNC_MONITOR_WINDOW_HOURS must be a positive number of hours")
    return MonitorSettings(window_hours=window, thresholds=thresholds)


@dataclass(frozen=True)
class OpsStoreSettings:
    """Where the shared operational state lives: PostgreSQL when `database_url` is set, else the SQLite file."""

    path: Path
    database_url: Secret | None = field(default=None, repr=False)


def ops_store_settings_from_env(env: dict[str, str] | None = None) -> OpsStoreSettings:
    """SYNC_OPS_DATABASE_URL (postgresql://...; may hold a password, so it is kept as a Secret), else
    SYNC_OPS_PATH (a SQLite file, default data/run/ops.sqlite)."""
    env = os.environ if env is None else env
    url = (env.get("SYNC_OPS_DATABASE_URL") or "").strip()
    if url and not url.startswith(("postgresql://", "postgres://")):
        raise ConfigError("SYNC_OPS_DATABASE_URL must be a postgresql:// URL (leave it unset for the embedded "
                          "SQLite file at SYNC_OPS_PATH)")
    return OpsStoreSettings(path=Path(env.get("SYNC_OPS_PATH") or DEFAULT_OPS_PATH),
                            database_url=Secret(url) if url else None)


WEBHOOK_SECRET_PREFIX = "whsec_"


def webhook_secrets_from_env(env: dict[str, str] | None = None) -> tuple[Secret, ...]:
    """SYNC_PM_WEBHOOK_SECRETS: the PM webhook signing secrets, comma-separated ("whsec_" + base64), several
    while a secret is being rotated. Raises ConfigError when none is set or one is malformed (never showing it)."""
    import base64
    import binascii

    env = os.environ if env is None else env
    secrets = [part.strip() for part in (env.get("SYNC_PM_WEBHOOK_SECRETS") or "").split(",") if part.strip()]
    if not secrets:
        raise ConfigError("SYNC_PM_WEBHOOK_SECRETS is not set: the PM webhook signing secret(s), comma-separated, "
                          "each \"whsec_\" followed by base64")
    for position, secret in enumerate(secrets, start=1):
        body = secret[len(WEBHOOK_SECRET_PREFIX):] if secret.startswith(WEBHOOK_SECRET_PREFIX) else None
        try:
            valid = body is not None and len(base64.b64decode(body + "==", validate=False)) > 0 \
                and all(c.isalnum() or c in "+/=" for c in body)
        except (binascii.Error, ValueError):
            valid = False
        if not valid:
            raise ConfigError(f"SYNC_PM_WEBHOOK_SECRETS: secret {position} of {len(secrets)} is not \"whsec_\" "
                              "followed by base64")
    return tuple(Secret(s) for s in secrets)
