"""The conventions every route follows, written once.

* ``Router.route`` records a view's ``RouteSpec`` (models, status, visibility) that the
  middleware, the OpenAPI document and the tests all read; ``register_routes`` installs the route
  table on the Chalice app, each route importing its module on first use (``spec_for``).
* Request bodies and query strings are parsed with pydantic; any problem is a 400 envelope with
  one detail per bad field.
* Results are rendered from pydantic models; lists are JSON arrays with a ``Link`` header.
* Every error, expected or not, is the envelope ``{"code", "message", "details"}``.

A view receives the ``RequestContext`` first, then its path parameters, then ``body``/``query``
when the route declares them, calls one service function and returns what it got.
"""

from __future__ import annotations

import contextvars
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chalice import Response
from pydantic import BaseModel, ValidationError

from chalicelib import lazy
from chalicelib.api.pagination import binding, encode_cursor, next_link, parse_page_request
from chalicelib.api.route_table import ROUTES
from chalicelib.domain.idempotency import METHODS as IDEMPOTENT_METHODS
from chalicelib.errors import AppError, ValidationFailed
from chalicelib.observability import log_exception
from chalicelib.paging import Page, PageRequest
from chalicelib.settings import get_settings

if TYPE_CHECKING:
    from chalicelib.domain.principal import Principal

JSON = "application/json"
INTERNAL_ERROR = AppError(
    "Something went wrong on our side. If it keeps happening, quote the X-Request-Id header "
    "of this response when you report it."
)
_PATH_PARAM = re.compile(r"{([^}]+)}")


@dataclass(frozen=True)
class RouteSpec:
    path: str
    method: str
    view: Callable[..., Any]
    summary: str
    tags: tuple[str, ...]
    response: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    status: int = 200
    paginated: bool = False
    public: bool = False
    errors: tuple[int, ...] = ()
    description: str = ""
    produces: str = JSON

    @property
    def path_params(self) -> list[str]:
        return _PATH_PARAM.findall(self.path)

    @property
    def idempotent(self) -> bool:
        """Takes ``Idempotency-Key`` (every authenticated POST, PUT, PATCH and DELETE)."""
        return not self.public and self.method in IDEMPOTENT_METHODS


#: (path template, method) -> spec, for every route of the application.
REGISTRY: dict[tuple[str, str], RouteSpec] = {}


@dataclass
class RequestContext:
    """What a view needs to know about the request it is serving."""

    method: str
    resource: str
    path: str
    stage_prefix: str
    base_url: str
    query: dict[str, str]
    headers: Any
    request_id: str
    source_ip: str
    raw_body: bytes
    started: float = field(default_factory=time.perf_counter)
    principal: Principal | None = None
    page: PageRequest = field(default_factory=PageRequest)

    @classmethod
    def from_request(cls, request: Any) -> RequestContext:
        context = request.context or {}
        resource = request.path
        params = request.uri_params or {}
        path = _PATH_PARAM.sub(lambda m: str(params.get(m.group(1), m.group(0))), resource)
        full_path = context.get("path") or path
        stage_prefix = full_path[: -len(path)] if full_path.endswith(path) else ""
        headers = request.headers
        query = {}
        if request.query_params:
            query = {k: request.query_params.getlist(k)[0] for k in request.query_params}
        raw = request.raw_body or b""
        return cls(
            method=request.method,
            resource=resource,
            path=path,
            stage_prefix=stage_prefix,
            base_url=public_base_url(headers.get("host"), stage_prefix),
            query=query,
            headers=headers,
            request_id=context.get("requestId") or str(uuid.uuid4()),
            source_ip=(context.get("identity") or {}).get("sourceIp") or "unknown",
            raw_body=raw if isinstance(raw, bytes) else raw.encode(),
        )


_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")


def public_base_url(host_header: str | None, stage_prefix: str) -> str:
    """Where absolute links (``Link`` headers, the OpenAPI ``servers``) point.

    ``PUBLIC_BASE_URL`` when it is configured. Otherwise links are relative to the API's own
    root (the stage prefix), except on the local stack, where the request's ``Host`` (checked
    to be a plain host[:port]) is used with http. ``X-Forwarded-Proto`` and ``Host`` are never
    trusted on a deployed stage: a client must not be able to point our links elsewhere.
    """
    settings = get_settings()
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/")
    if settings.stage == "local" and host_header and _HOST.match(host_header):
        return f"http://{host_header}{stage_prefix}"
    return stage_prefix


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "request_context", default=None
)


def current_context() -> RequestContext | None:
    return _current.get()


def bind_context(ctx: RequestContext) -> contextvars.Token:
    return _current.set(ctx)


def unbind_context(token: contextvars.Token) -> None:
    _current.reset(token)


# --- rendering -------------------------------------------------------------------------------


def json_response(
    payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        body=json.dumps(payload, separators=(",", ":"), ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": JSON, **(headers or {})},
    )


def error_response(exc: AppError) -> Response:
    body = {"code": exc.code, "message": exc.message, "details": exc.details}
    return json_response(body, exc.status, exc.headers)


def _dump(item: Any) -> Any:
    if isinstance(item, BaseModel):
        return item.model_dump(mode="json", by_alias=True)
    return item


def render(spec: RouteSpec, ctx: RequestContext, result: Any) -> Response:
    if isinstance(result, Response):
        return result
    if result is None:
        return Response(body="", status_code=spec.status if spec.status != 200 else 204)
    if isinstance(result, Page):
        headers = {}
        if result.next_key is not None:
            cursor = encode_cursor(result.next_key, binding(ctx.path, ctx.principal))
            headers["Link"] = next_link(ctx.base_url, ctx.path, ctx.query, cursor)
        return json_response([_dump(i) for i in result.items], spec.status, headers)
    if isinstance(result, list):
        return json_response([_dump(i) for i in result], spec.status)
    return json_response(_dump(result), spec.status)


# --- parsing ---------------------------------------------------------------------------------


def _field_name(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "body"


def validation_error(exc: ValidationError, location: str) -> ValidationFailed:
    details = []
    for err in exc.errors(include_url=False, include_context=False, include_input=False):
        if err["type"] == "json_invalid":
            return ValidationFailed(
                "The request body is not valid JSON.",
                code="invalid_json",
                details=[{"field": "body", "location": location, "message": err["msg"]}],
            )
        if err["type"] == "model_type" and not err["loc"]:
            return ValidationFailed(
                "The request body must be a JSON object.",
                details=[{"field": "body", "location": location, "message": err["msg"]}],
            )
        msg = "Unknown field." if err["type"] == "extra_forbidden" else err["msg"]
        details.append({"field": _field_name(err["loc"]), "location": location, "message": msg})
    fields = ", ".join(f"{d['field']} ({d['message'].rstrip('.')})" for d in details)
    noun = "field is" if len(details) == 1 else "fields are"
    return ValidationFailed(f"{len(details)} {noun} invalid: {fields}.", details=details)


def parse_body(model: type[BaseModel], raw: bytes) -> BaseModel:
    if not raw.strip():
        raise ValidationFailed(
            "A JSON request body is required.",
            details=[{"field": "body", "location": "body", "message": "Missing request body."}],
        )
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise validation_error(exc, "body") from None


def parse_query(model: type[BaseModel], query: dict[str, str]) -> BaseModel:
    params = {k: v for k, v in query.items() if k not in ("limit", "cursor")}
    try:
        return model.model_validate(params)
    except ValidationError as exc:
        raise validation_error(exc, "query") from None


# --- registration ----------------------------------------------------------------------------


class Router:
    """Records the views of one API module with their specs; see the module docstring.

    Chalice does not learn of them here: ``register_routes`` installs every route of the route
    table (``chalicelib/api/route_table.py``, written by ``make routes``) with a stand-in that
    imports the route's module on its first request, so a cold start imports no route module
    that request does not need."""

    def __init__(self, import_name: str, tag: str) -> None:
        self.import_name = import_name
        self.tag = tag

    def route(
        self,
        path: str,
        method: str,
        *,
        summary: str,
        response: type[BaseModel] | None = None,
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        status: int = 200,
        paginated: bool = False,
        public: bool = False,
        errors: tuple[int, ...] = (),
        description: str = "",
        produces: str = JSON,
        tags: tuple[str, ...] | None = None,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(view: Callable[..., Any]) -> Callable[..., Any]:
            spec = RouteSpec(
                path=path,
                method=method,
                view=view,
                summary=summary,
                tags=tags or (self.tag,),
                response=response,
                body=body,
                query=query,
                status=status,
                paginated=paginated,
                public=public,
                errors=errors,
                description=description,
                produces=produces,
            )
            if (path, method) in REGISTRY:
                raise RuntimeError(f"Route {method} {path} is registered twice.")
            REGISTRY[(path, method)] = spec
            return view

        return register


def spec_for(path: str, method: str) -> RouteSpec | None:
    """The spec of an API route, importing its module the first time it is asked for; None
    when no API route has that path and method (a console page, or nothing)."""
    return lazy.declared(REGISTRY, ROUTES, (path, method), f"{method} {path}")


def load_all() -> dict[tuple[str, str], RouteSpec]:
    """Every API route's spec (the OpenAPI document and the tests need all of them)."""
    lazy.load_all(REGISTRY, ROUTES)
    return REGISTRY


def _stand_in(path: str, method: str, module: str) -> Callable[..., Response]:
    def handler(**path_params: str) -> Response:
        spec = spec_for(path, method)
        assert spec is not None  # the route table names it
        return dispatch(spec, path_params)

    handler.__name__ = view_name(module, method, path)
    return handler


def view_name(module: str, method: str, path: str, prefix: str = "") -> str:
    """A unique Python name for the stand-in view of ``method path`` (Chalice names views)."""
    slug = re.sub(r"[^0-9a-zA-Z]+", "_", path).strip("_")
    return f"{prefix}{module.rsplit('.', 1)[-1]}_{method.lower()}_{slug}"


def register_routes(app: Any) -> None:
    """Installs every API route of the route table on ``app``, each importing its module on its
    first request."""
    for (path, method), module in ROUTES.items():
        app.route(path, methods=[method], content_types=[JSON])(_stand_in(path, method, module))


def dispatch(spec: RouteSpec, path_params: dict[str, str]) -> Response:
    ctx = current_context()
    if ctx is None:  # pragma: no cover - the middleware always binds one
        raise RuntimeError("No request context; is the HTTP middleware installed?")
    try:
        kwargs: dict[str, Any] = dict(path_params)
        if spec.body is not None:
            kwargs["body"] = parse_body(spec.body, ctx.raw_body)
        if spec.query is not None:
            kwargs["query"] = parse_query(spec.query, ctx.query)
        if spec.paginated:
            ctx.page = parse_page_request(ctx.query, binding(ctx.path, ctx.principal))
        return render(spec, ctx, spec.view(ctx, **kwargs))
    except AppError as exc:
        return error_response(exc)
    except Exception:
        log_exception("unhandled error", request_id=ctx.request_id, route=spec.path)
        return error_response(INTERNAL_ERROR)
