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
    """429, 500/502/503/504, timeouts, connection errors, and success bodies that cannot be read (cut
    short, not JSON, not UTF-8): the answer was damaged on its way, so asking again may well work."""

    transient = True


class PermanentError(ApiError):
    """Any other 4xx, or a body that does not follow the contract: retrying the same request will not help."""


class MalformedResponse(PermanentError):
    """The answer is readable JSON but breaks the contract: a field missing or of the wrong type, or text
    that is not valid Unicode. The same request would get the same answer, so it is never retried; the
    entity fails (or, in a list, is left out and reported) and the rest of the work goes on."""

    def __init__(self, endpoint: str, problem: str, *, entity: str | None = None, field: str | None = None):
        super().__init__(f"{endpoint}{f' ({entity})' if entity else ''}: {problem}", error_code="malformed_response")
        self.endpoint, self.entity, self.field = endpoint, entity, field
