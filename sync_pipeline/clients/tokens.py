"""OAuth access tokens shared by every client of a process.

Every run step opens its own PM client; without a shared cache each one fetched a new token (a
round trip per step, and load on the PM system's token endpoint). A token is kept per token URL
and client (the secret's fingerprint too, so a client with other credentials never borrows it)
until shortly before it expires; a 401 replaces it once for everyone. Tokens are held as `Secret`,
so no repr or log line shows one.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from sync_pipeline.config import Secret

# Ask for a new token this many seconds before the old one expires, so calls never race the expiry.
EXPIRY_MARGIN_SECONDS = 30.0

# Fetches a token: (access token, lifetime in seconds as the server gave it).
Fetch = Callable[[], tuple[str, float]]


@dataclass
class _Entry:
    lock: threading.Lock = field(default_factory=threading.Lock)
    token: Secret | None = None
    expires: float = 0.0   # time.monotonic() after which it is not used


class TokenCache:
    def __init__(self) -> None:
        self._entries: dict[tuple[str, str, str], _Entry] = {}
        self._lock = threading.Lock()

    def token(self, token_url: str, client_id: str, secret: Secret, fetch: Fetch,
              rejected: Secret | None = None) -> Secret:
        """The cached token, else a new one from `fetch`; `rejected` is the token a server just refused (401):
        it is replaced unless another caller already did. Callers of one key fetch one at a time."""
        key = (token_url, client_id, hashlib.sha256(secret.reveal().encode()).hexdigest())
        with self._lock:
            entry = self._entries.setdefault(key, _Entry())
        with entry.lock:
            stale = entry.token is None or time.monotonic() >= entry.expires
            if stale or (rejected is not None and entry.token.reveal() == rejected.reveal()):
                token, lifetime = fetch()
                entry.token = Secret(token)
                entry.expires = time.monotonic() + max(lifetime - EXPIRY_MARGIN_SECONDS, lifetime / 2)
            return entry.token


# The one cache of this process.
TOKENS = TokenCache()
