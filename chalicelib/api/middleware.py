"""The one HTTP middleware: request context, authentication, ``Idempotency-Key``, error
envelope, request id, log line.

Authentication is deny-by-default: a route is public only if its ``RouteSpec`` says so. Chalice's
own error bodies (405, 415, …) are rewritten into the envelope here, so no client ever sees a
body shape other than ours.
"""

from __future__ import annotations

import time
from typing import Any

from chalice import Chalice, Response

from chalicelib.api import idempotent
from chalicelib.api.http import (
    INTERNAL_ERROR,
    RequestContext,
    RouteSpec,
    bind_context,
    error_response,
    spec_for,
    unbind_context,
)
from chalicelib.domain.idempotency import METHODS as IDEMPOTENT_METHODS
from chalicelib.errors import AppError, MethodNotAllowed, ValidationFailed
from chalicelib.observability import log_exception, log_info
from chalicelib.services.idempotency import scope_of

_CHALICE_ERRORS: dict[int, tuple[type[AppError], str, str]] = {
    400: (ValidationFailed, "bad_request", "The request could not be understood."),
    405: (MethodNotAllowed, "method_not_allowed", "{method} is not allowed on {path}."),
    415: (
        ValidationFailed,
        "unsupported_media_type",
        "Send the request body as JSON with Content-Type: application/json.",
    ),
}


def _authenticate(ctx: RequestContext) -> None:
    from chalicelib.services.auth import authenticate, require_enrolled

    ctx.principal = authenticate(ctx.headers.get("authorization"), ctx)
    require_enrolled(ctx.principal, ctx.resource, ctx.method)


def _run_once(ctx: RequestContext, spec: RouteSpec | None, call: Any) -> Response:
    """An authenticated POST/PUT/PATCH/DELETE that sends ``Idempotency-Key`` runs at most once
    per key within the caller's organization and credential (``api/idempotent.py``)."""
    principal = ctx.principal
    if spec is None or principal is None or ctx.method not in IDEMPOTENT_METHODS:
        return call()
    key = idempotent.header_key(ctx)
    if key is None:
        return call()
    scope = scope_of(principal.org_id, principal.actor_id)
    return idempotent.respond(ctx, scope, key, call)


def _normalise_chalice_error(response: Response, ctx: RequestContext) -> Response:
    body = response.body
    if not (isinstance(body, dict) and set(body) == {"Code", "Message"}):
        return response
    exc_cls, code, template = _CHALICE_ERRORS.get(response.status_code, (AppError, "", ""))
    if not template:
        return error_response(INTERNAL_ERROR)
    exc = exc_cls(template.format(method=ctx.method, path=ctx.path), code=code)
    allow = response.headers.get("Allow")
    if allow:
        exc.headers["Allow"] = allow
        exc.message += f" Allowed: {allow}."
    return error_response(exc)


def http_middleware(request: Any, get_response: Any) -> Response:
    ctx = RequestContext.from_request(request)
    token = bind_context(ctx)
    try:
        try:
            spec = spec_for(ctx.resource, ctx.method)
            if spec is not None and not spec.public:
                _authenticate(ctx)
            response = _run_once(ctx, spec, lambda: get_response(request))
        except AppError as exc:
            response = error_response(exc)
        except Exception:
            log_exception("unhandled error", request_id=ctx.request_id, route=ctx.resource)
            response = error_response(INTERNAL_ERROR)
        response = _normalise_chalice_error(response, ctx)
        response.headers["X-Request-Id"] = ctx.request_id
        principal = ctx.principal
        log_info(
            "request",
            request_id=ctx.request_id,
            method=ctx.method,
            path=ctx.path,
            route=ctx.resource,
            status=response.status_code,
            duration_ms=round((time.perf_counter() - ctx.started) * 1000, 1),
            org_id=principal.org_id if principal else None,
            actor=principal.actor_id if principal else None,
        )
        return response
    finally:
        unbind_context(token)


def install(app: Chalice) -> None:
    app.register_middleware(http_middleware, "http")
