"""Standard Webhooks signatures (https://www.standardwebhooks.com), checked with the `standardwebhooks`
package, with several secrets during a rotation.

A delivery carries webhook-id, webhook-timestamp (unix seconds) and webhook-signature ("v1,<base64
HMAC-SHA256 of id.timestamp.body>", several space-separated). It passes when its timestamp is within
5 minutes of now and any one v1 signature matches any one configured secret.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Mapping, Sequence

from standardwebhooks import Webhook, WebhookVerificationError

from sync_pipeline.config import Secret

TOLERANCE_SECONDS = 5 * 60   # what the standard (and the library) allow either side of now
REQUIRED_HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


@dataclass(frozen=True)
class Rejection:
    """Why a delivery failed verification, in words safe to log (no secret, no signature)."""

    reason: str


class SignatureVerifier:
    def __init__(self, secrets: Sequence[Secret | str]):
        if not secrets:
            raise ValueError("at least one webhook secret is needed")
        self._webhooks = [Webhook(Secret(s).reveal()) for s in secrets]

    def verify(self, body: bytes, headers: Mapping[str, str]) -> Rejection | None:
        """None when the delivery is authentic and fresh; else why not."""
        lowered = {k.lower(): v for k, v in headers.items()}
        missing = [name for name in REQUIRED_HEADERS if not lowered.get(name)]
        if missing:
            return Rejection(f"missing header(s) {', '.join(missing)}")
        try:
            stamp = int(lowered["webhook-timestamp"])
        except ValueError:
            return Rejection("webhook-timestamp is not whole unix seconds")
        skew = stamp - time.time()
        if abs(skew) > TOLERANCE_SECONDS:
            return Rejection(f"webhook-timestamp is {abs(skew):.0f} s in the {'future' if skew > 0 else 'past'} "
                             f"(more than {TOLERANCE_SECONDS} s off)")
        if not any(part.startswith("v1,") for part in lowered["webhook-signature"].split()):
            return Rejection("webhook-signature has no v1 signature")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return Rejection("body is not UTF-8 text, so no signature over it can be checked")
        signature = " ".join(p for p in lowered["webhook-signature"].split() if p.count(",") == 1)
        checked = {**lowered, "webhook-signature": signature}
        for webhook in self._webhooks:
            try:
                webhook.verify(text, checked, json_parse=False)
                return None
            except WebhookVerificationError:
                continue
            except ValueError:   # a signature that is not base64
                continue
        return Rejection("no valid v1 signature for any configured secret")


def sign(secret: Secret | str, webhook_id: str, body: bytes, timestamp: float | None = None) -> dict[str, str]:
    """The three headers of a signed delivery (senders: the simulator, benchmarks, tests)."""
    moment = datetime.fromtimestamp(int(time.time() if timestamp is None else timestamp), timezone.utc)
    signature = Webhook(Secret(secret).reveal()).sign(webhook_id, moment, body.decode("utf-8"))
    return {"webhook-id": webhook_id, "webhook-timestamp": str(int(moment.timestamp())),
            "webhook-signature": signature}
