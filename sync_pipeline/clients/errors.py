"""How an external call failed, classified the way the contracts tell clients to react."""

from __future__ import annotations


class ApiError(Exception):
    """A call to an external system failed; `transient` says whether retrying may help."""

    transient = False

    def __init__(self, message: str, *, status: int | None = None, error_code: str | None = None,
                 retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.retry_after = retry_after


class TransientError(ApiError):
    """429, 500/502/503/504, timeouts, connection errors, truncated bodies: worth retrying later."""

    transient = True


class PermanentError(ApiError):
    """Any other 4xx, or a body that does not follow the contract: retrying the same request will not help."""


class MalformedResponse(PermanentError):
    """The answer parsed as JSON but does not have the shape the contract promises."""
