"""The OpenAPI 3.1 document, built from the route registry and the pydantic models.

Chalice's own export is Swagger 2.0 without schemas; this one carries every route with its
request and response schemas, its parameters and its error responses. Built on first request
and cached for the life of the process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chalicelib.api.http import JSON, RouteSpec, load_all
from chalicelib.api.models import ErrorOut
from chalicelib.api.raises import statuses_raised
from chalicelib.domain import idempotency as rules
from chalicelib.paging import DEFAULT_LIMIT, MAX_LIMIT

REF = "#/components/schemas/{model}"

_STATUS_TEXT = {
    200: "OK",
    201: "Created",
    204: "No Content",
    302: "Found: the browser is sent on (see `Location`).",
    400: "The request is invalid; `details` names each bad field.",
    401: "Missing, invalid, expired or revoked credentials.",
    403: "Authenticated, but the role does not allow this action.",
    404: "Not found, or outside the caller's organization.",
    405: "Method not allowed on this path.",
    409: "Conflicts with the current state (e.g. capacity exceeded), or a request with the "
    "same `Idempotency-Key` is still running (`idempotency_in_progress`).",
    422: "The `Idempotency-Key` was already used for a different request "
    "(`idempotency_key_reused`).",
    429: "Too many attempts; retry after the `Retry-After` seconds.",
    502: "An upstream service (e.g. the organization's identity provider) failed.",
}


def _schemas(specs: list[RouteSpec]) -> tuple[dict[tuple[type[BaseModel], str], Any], dict]:
    inputs: set[type[BaseModel]] = set()
    outputs: set[type[BaseModel]] = {ErrorOut}
    for spec in specs:
        if spec.body:
            inputs.add(spec.body)
        if spec.response:
            outputs.add(spec.response)
    pairs = [(m, "validation") for m in sorted(inputs, key=lambda m: m.__name__)]
    pairs += [(m, "serialization") for m in sorted(outputs, key=lambda m: m.__name__)]
    refs, top = models_json_schema(pairs, ref_template=REF, by_alias=True)
    return refs, top.get("$defs", {})


def _query_parameters(spec: RouteSpec) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = []
    if spec.query is not None:
        schema = spec.query.model_json_schema(by_alias=True)
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            prop = dict(prop)
            description = prop.pop("description", "")
            params.append(
                {
                    "name": name,
                    "in": "query",
                    "required": name in required,
                    "description": description,
                    "schema": prop,
                }
            )
    if spec.paginated:
        params += [
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "description": f"Page size (default {DEFAULT_LIMIT}, at most {MAX_LIMIT}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            },
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": 'Opaque cursor from the previous page\'s `Link: <…>; rel="next"`.',
                "schema": {"type": "string"},
            },
        ]
    return params


IDEMPOTENCY_KEY = {
    "name": rules.HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Makes the request safe to retry: 1-255 printable ASCII characters (a UUID is a good "
        "choice), scoped to your organization and credential. The first request's status and "
        "body are kept for 24 hours; a retry with the same key, method, path and body gets "
        "them again with `Idempotent-Replayed: true` and does nothing twice (a secret shown "
        "once is not repeated). The same key with another request is 422 "
        "`idempotency_key_reused`; while the first is still running, 409 "
        "`idempotency_in_progress`. 5xx answers are not kept."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": rules.MAX_LENGTH},
}
REPLAYED = {
    rules.REPLAYED_HEADER: {
        "description": "`true` when this is the stored answer to an earlier request with the "
        "same `Idempotency-Key`.",
        "schema": {"type": "string", "enum": ["true"]},
    }
}


def operation_ids(specs: list[RouteSpec]) -> dict[tuple[str, str], str]:
    """Stable, meaningful operation ids (the SDK's function names): the view function's name
    (``request_export``), prefixed with its module when that name is one word or is used by
    more than one module (``auth_login``, ``events_list_events``)."""
    names = [spec.view.__name__ for spec in specs]
    ids = {}
    for spec in specs:
        name = spec.view.__name__
        if "_" not in name or names.count(name) > 1:
            name = f"{spec.view.__module__.rsplit('.', 1)[-1]}_{name}"
        ids[(spec.path, spec.method)] = name
    return ids


#: Every operation can answer 400: a body that is not JSON, or a Content-Type other than JSON,
#: is refused before the route runs (the middleware's envelope, ``unsupported_media_type``).
ALWAYS = frozenset({400})


def _operation(spec: RouteSpec, refs: dict, operation_id: str) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": operation_id,
        "summary": spec.summary,
        "tags": list(spec.tags),
        "parameters": [
            {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
            for p in spec.path_params
        ]
        + _query_parameters(spec)
        + ([IDEMPOTENCY_KEY] if spec.idempotent else []),
        "responses": {},
    }
    if spec.description:
        op["description"] = spec.description
    if spec.public:
        op["security"] = []
    if spec.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {JSON: {"schema": refs[(spec.body, "validation")]}},
        }
    success: dict[str, Any] = {"description": _STATUS_TEXT.get(spec.status, "OK")}
    if spec.paginated:
        success["headers"] = {
            "Link": {
                "description": 'Present when there is a next page: `<url>; rel="next"`.',
                "schema": {"type": "string"},
            }
        }
    if spec.response is not None:
        schema = refs[(spec.response, "serialization")]
        if spec.paginated:
            schema = {"type": "array", "items": schema}
        success["content"] = {JSON: {"schema": schema}}
    elif spec.produces != JSON:
        success["content"] = {spec.produces: {"schema": {"type": "string"}}}
    if spec.status == 302:
        success["headers"] = {
            "Location": {
                "description": "Where the browser goes next.",
                "schema": {"type": "string"},
            }
        }
    if spec.idempotent:
        success["headers"] = {**success.get("headers", {}), **REPLAYED}
    op["responses"][str(spec.status)] = success
    error_ref = refs[(ErrorOut, "serialization")]
    for status in sorted(set(error_statuses(spec)) | ALWAYS):
        op["responses"][str(status)] = {
            "description": _STATUS_TEXT.get(status, "Error"),
            "content": {JSON: {"schema": error_ref}},
        }
    return op


@lru_cache(maxsize=1)
def error_statuses(spec: RouteSpec) -> tuple[int, ...]:
    """Every error status a route can answer: what its code can raise
    (``raises.statuses_raised``), plus parsing, authentication and path ids."""
    statuses = set(spec.errors) | statuses_raised(spec.view)
    if spec.body or spec.query or spec.paginated:
        statuses.add(400)
    if not spec.public:
        statuses.add(401)
    if spec.idempotent:
        statuses |= {400, 409, 422}
    if spec.path_params:
        statuses.add(404)
    return tuple(sorted(statuses))


def build_document() -> dict[str, Any]:
    specs = sorted(load_all().values(), key=lambda s: (s.path, s.method))
    refs, components = _schemas(specs)
    ids = operation_ids(specs)
    paths: dict[str, dict[str, Any]] = {}
    for spec in specs:
        operation = _operation(spec, refs, ids[(spec.path, spec.method)])
        paths.setdefault(spec.path, {})[spec.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Partner Console API",
            "version": "1.0",
            "description": (
                "Partner management console for an S3-compatible storage provider. Every "
                "operation of the ICMC public API v1 is served on the same path with the same "
                "fields; the rest are console extensions under the same conventions. Send "
                "`Authorization: Bearer <session token or API key>`."
            ),
        },
        # served with the API's own base URL (``docs.openapi_document``); "/" on its own
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }
