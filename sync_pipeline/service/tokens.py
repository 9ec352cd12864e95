"""API tokens: who may use the operations web app and its JSON API, and at which role.

A token reads `spt_<token_id>_<secret>`; it is shown once, when created. The operational store keeps
only the SHA-256 of the secret (the secret is 256 random bits, so a plain hash cannot be guessed back),
so every process and host checks tokens against the same table and a leaked store reveals no token.
Roles are ordered: a viewer reads, a reviewer also decides review lines, an operator also replays
dead letters and re-runs work.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sync_pipeline.opstore import OpStore, now_text, open_opstore

ROLES = ("viewer", "reviewer", "operator")   # each role may do what the ones before it may
PREFIX = "spt"
_TOKEN = re.compile(r"^spt_([0-9a-f]{12})_([A-Za-z0-9_-]{20,100})$")
MAX_NAME_LENGTH = 100


class TokenError(ValueError):
    """A token that cannot be created or revoked; the message says why."""


@dataclass(frozen=True)
class TokenRecord:
    token_id: str
    name: str
    role: str
    created_by: str
    created_at: str
    revoked_at: str | None


@dataclass(frozen=True)
class Principal:
    """Who a request is from: the token's name is recorded as the decider."""

    token_id: str
    name: str
    role: str

    def may(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(name: str, role: str, created_by: str, store: OpStore | None = None) -> tuple[TokenRecord, str]:
    """A new token; the plaintext is returned here and never again."""
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH or any(not c.isprintable() for c in name):
        raise TokenError(f"a token name is 1 to {MAX_NAME_LENGTH} printable characters")
    if role not in ROLES:
        raise TokenError(f"role {role!r} is not one of {', '.join(ROLES)}")
    token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    record = TokenRecord(token_id, name, role, created_by, now_text(), None)
    with (store or open_opstore()).transaction() as tx:
        if tx.query("SELECT 1 FROM api_tokens WHERE name = ? AND revoked_at IS NULL", [name]):
            raise TokenError(f"there is already an active token named {name!r}; revoke it first or pick another name")
        tx.execute("INSERT INTO api_tokens (token_id, name, role, secret_sha256, created_by, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   [token_id, name, role, _digest(secret), created_by, record.created_at])
    return record, f"{PREFIX}_{token_id}_{secret}"


def authenticate(plaintext: str, store: OpStore | None = None) -> Principal | None:
    """The principal of an active token, or None for anything else (malformed, unknown, revoked, wrong secret)."""
    found = _TOKEN.match(plaintext or "")
    if found is None:
        return None
    token_id, secret = found.groups()
    with (store or open_opstore()).transaction() as tx:
        rows = tx.query("SELECT token_id, name, role, secret_sha256 FROM api_tokens "
                        "WHERE token_id = ? AND revoked_at IS NULL", [token_id])
    if not rows or not hmac.compare_digest(rows[0]["secret_sha256"], _digest(secret)):
        return None
    return Principal(rows[0]["token_id"], rows[0]["name"], rows[0]["role"])


def list_tokens(include_revoked: bool = False, store: OpStore | None = None) -> list[TokenRecord]:
    where = "" if include_revoked else "WHERE revoked_at IS NULL"
    with (store or open_opstore()).transaction() as tx:
        rows = tx.query("SELECT token_id, name, role, created_by, created_at, revoked_at FROM api_tokens "
                        f"{where} ORDER BY created_at, token_id")
    return [TokenRecord(**row) for row in rows]


def revoke(token_id_or_name: str, store: OpStore | None = None) -> TokenRecord:
    """Revoke the active token with this id or name; it stops working at its next request."""
    with (store or open_opstore()).transaction() as tx:
        rows = tx.query("SELECT token_id, name, role, created_by, created_at, revoked_at FROM api_tokens "
                        "WHERE (token_id = ? OR name = ?) AND revoked_at IS NULL", [token_id_or_name] * 2)
        if len(rows) != 1:
            raise TokenError(f"no active token has the id or name {token_id_or_name!r}" if not rows else
                             f"{token_id_or_name!r} names several tokens; revoke by id")
        revoked_at = now_text()
        tx.execute("UPDATE api_tokens SET revoked_at = ? WHERE token_id = ?", [revoked_at, rows[0]["token_id"]])
    return TokenRecord(**{**rows[0], "revoked_at": revoked_at})
