"""The errors the application raises on purpose, each with its HTTP status and stable code.

Pure Python: domain and service code raise these; the API layer renders every one of them as
the error envelope ``{"code", "message", "details"}`` (see ``chalicelib.api.http``).
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status = 500
    code = "internal_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details or []
        self.headers = headers or {}


class ValidationFailed(AppError):
    status = 400
    code = "validation_error"


class Unauthorized(AppError):
    status = 401
    code = "unauthorized"


class Forbidden(AppError):
    status = 403
    code = "forbidden"


class NotFound(AppError):
    status = 404
    code = "not_found"

    @classmethod
    def of(cls, what: str, key: str) -> NotFound:
        """The one wording for a missing record, and for one outside the caller's tree: the two
        must be indistinguishable."""
        return cls(f"{what} {key} was not found.")


class MethodNotAllowed(AppError):
    status = 405
    code = "method_not_allowed"


class Conflict(AppError):
    status = 409
    code = "conflict"


class CapacityExceeded(Conflict):
    code = "capacity_exceeded"


class TooManyRequests(AppError):
    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message, headers={"Retry-After": str(max(1, retry_after_seconds))})
        self.retry_after_seconds = retry_after_seconds


class ConfigurationError(AppError):
    status = 500
    code = "configuration_error"


class BackendFailed(AppError):
    """The storage backend refused or failed a change; nothing was changed on our side."""

    status = 502
    code = "storage_backend_error"


class BackendUnavailable(BackendFailed):
    """The storage backend could not be reached or is throttling; try again later."""

    status = 503
    code = "storage_backend_unavailable"


class Unprocessable(AppError):
    """Well-formed, but cannot be done as asked (e.g. an idempotency key reused for another
    request)."""

    status = 422
    code = "unprocessable"
