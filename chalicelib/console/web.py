"""How console pages are served: cookie sessions, CSRF, templates, errors, security headers.

A page is registered with ``pages.route(path, method)``; it is authenticated from the session
cookie unless it says ``public=True`` (deny by default, like the API's ``RouteSpec``). The
session is the API's own (``services.auth``): the cookie holds the same opaque token the JSON
API returns from ``POST /v1/auth/login``, so idle timeout, lifetime, revocation and lockout are
one mechanism. Every state-changing request must come from our own origin (``Origin`` or
``Referer``) and carry the session's CSRF token (an HMAC of the session id).

A view receives a ``Page`` (request, principal, form, helpers), then its path parameters, and
returns a ``Response`` (``page.render`` or ``page.redirect``). Errors a view does not handle
render an error page: out of scope is the 404 page, exactly as in the API.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from chalice import Response
from pydantic import BaseModel, ValidationError

from chalicelib import clock, lazy
from chalicelib.api.http import current_context, validation_error
from chalicelib.api.idempotent import checked, respond
from chalicelib.console.i18n import N_, translations
from chalicelib.console.page_table import PAGE_ROUTES
from chalicelib.domain import capacity, invitations, locales
from chalicelib.domain.idempotency import FORM_FIELD as FORM_KEY_FIELD
from chalicelib.domain.locales import DEFAULT as DEFAULT_LOCALE
from chalicelib.domain.locales import SUPPORTED
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action, OrgType
from chalicelib.errors import AppError, Forbidden, NotFound, Unauthorized, ValidationFailed
from chalicelib.observability import log_exception
from chalicelib.services import auth
from chalicelib.services.credentials import server_secret
from chalicelib.services.idempotency import scope_of
from chalicelib.settings import get_settings

HERE = Path(__file__).resolve().parent
PREFIX = "/console"
SESSION_COOKIE = "pc_session"
FLASH_COOKIE = "pc_flash"
#: How long a repeated form post waits for the first one's result before saying it still runs.
FORM_WAIT_SECONDS = 10.0

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@dataclass(frozen=True)
class PageSpec:
    path: str
    method: str
    view: Callable[..., Response]
    public: bool = False


#: What a session that must first enrol a second factor may open (``Principal.enrolment_only``).
ENROLMENT_PAGES = (f"{PREFIX}/profile/security", f"{PREFIX}/logout")
ENROLMENT_TOAST = N_(
    "Your organization requires a second factor: set up an authenticator app or a passkey "
    "to continue."
)
#: Sentences the console itself says when it refuses a request (shown in the page's language).
OTHER_SITE = N_("This form was sent from another site, so it was refused.")
FORM_EXPIRED = N_("The form has expired; reload the page and try again.")
LOG_IN = N_("Log in to continue.")
NOT_TB = N_("Enter a number of TB, e.g. 1.5.")
SENT_TWICE = N_("That form was already sent; it was not sent twice.")
OUR_SIDE = N_("Something went wrong on our side; try again.")

#: (path template, method) -> spec, for every console route (the API's are in ``REGISTRY``).
PAGES: dict[tuple[str, str], PageSpec] = {}


# --- formatting helpers (also template filters) ----------------------------------------------


def tb_number(value: Any) -> str:
    """Bytes as a TB figure for a form field: ``1.5``."""
    return capacity.tb_figure(int(value or 0), grouped=False)


def tb(value: Any) -> str:
    """Bytes as TB for people: ``1.5 TB`` (``capacity.tb``, as the API's sentences say it);
    bytes stay in the ``title`` tooltip. An amount too small to show in TB is ``< 0.001 TB``,
    never ``0 TB``."""
    if 0 < int(value or 0) < capacity.TB // 2000:
        return "< 0.001 TB"
    return capacity.tb(int(value or 0))


def parse_tb(raw: str | None, field_name: str) -> int:
    """A form's TB figure (``1.5``) as bytes; a 400 next to the field when it is not one."""
    try:
        number = Decimal((raw or "").strip().replace(",", "."))
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValidationFailed(
            NOT_TB, details=[{"field": field_name, "location": "body", "message": NOT_TB}]
        ) from None
    return int(number * capacity.TB)


def money(cents: Any, currency: str) -> str:
    return f"{Decimal(int(cents or 0)) / 100:,.2f} {currency}"


def when(iso: str | None) -> str:
    if not iso:
        return "never"  # the German environment says it in German (``_when_local``)
    return iso.replace("T", " ")[:16] + " UTC"


#: Stored values the console shows as words (roles, organization types, statuses, …): each
#: marked for translation here; ``{{ value|word }}`` shows it in the page's language (a value
#: not listed shows as it is).
WORDS = {
    value: value
    for value in (
        N_("admin"),
        N_("staff"),
        N_("viewer"),
        N_("metering"),
        N_("provider"),
        N_("distributor"),
        N_("partner"),
        N_("submitted"),
        N_("approved"),
        N_("rejected"),
        N_("won"),
        N_("lost"),
        N_("withdrawn"),
        N_("pending"),
        N_("running"),
        N_("ready"),
        N_("failed"),
        N_("active"),
        N_("daily"),
        N_("monthly"),
        N_("partners"),
        N_("storage_accounts"),
        N_("usage"),
        N_("deals"),
        N_("audit"),
    )
}

#: The domain's words the console shows (``|t`` translates them; the domain stays free of the
#: console): the report periods of ``domain.billing``.
DOMAIN_WORDS = (
    N_("Today"),
    N_("Last 2 days"),
    N_("Last 7 days"),
    N_("Last 30 days"),
    N_("Last 90 days"),
    N_("This month"),
    N_("Last month"),
)


# --- templates and assets --------------------------------------------------------------------


@lru_cache(maxsize=len(SUPPORTED))
def environment(locale: str = DEFAULT_LOCALE) -> Any:
    """The templates in ``locale``: its catalog (``{% trans %}``, ``_()``) and its formats
    (English keeps the formats the console always had)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    catalog = translations(locale)
    env.install_gettext_translations(catalog, newstyle=True)
    env.filters.update(
        tb=tb,
        tb_number=tb_number,
        money=money,
        when=when,
        word=lambda value: catalog.gettext(str(value)) if str(value) in WORDS else value,
        t=catalog.gettext,
        options=lambda pairs: [(value, catalog.gettext(label)) for value, label in pairs],
        day=_iso_day,
        month=lambda value: locales.month(value, DEFAULT_LOCALE),
        num=str,
        bytes=lambda value: f"{int(value or 0):,}",
    )
    if locale != DEFAULT_LOCALE:
        env.filters.update(
            tb=lambda value: locales.terabytes(value, locale),
            when=lambda iso: _when_local(iso, locale),
            day=lambda iso: locales.day(iso, locale),
            month=lambda value: locales.month(value, locale),
            num=lambda value: locales.number(value, locale),
            bytes=lambda value: locales.number(int(value or 0), locale),
            money=lambda cents, currency: locales.money(cents, currency, locale),
        )
    env.globals.update(
        usage_level=capacity.usage_level,
        unallocated=capacity.unallocated,
        left_for_accounts=capacity.left_for_accounts,
        member_status=_member_status,
    )
    return env


def _iso_day(value: Any) -> str:
    """A day as English pages always showed it: ``2026-12-04``."""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value or "")[:10]


def _member_status(invited_until: str | None) -> str:
    """``active``, ``invited`` or ``invitation_expired`` now (``domain/invitations.py``)."""
    return invitations.member_status(invited_until, clock.now())


def translate(locale: str, message: str, **values: Any) -> str:
    """``message`` in ``locale`` with its ``%(name)s`` placeholders filled."""
    text = translations(locale).gettext(message)
    return text % values if values else text


def _when_local(iso: str | None, locale: str) -> str:
    if not iso:
        return translations(locale).gettext(N_("never"))
    return f"{locales.day(iso, locale)} {iso[11:16]} UTC"


@lru_cache(maxsize=32)
def asset_etag(name: str) -> str:
    return hashlib.sha256((HERE / "static" / name).read_bytes()).hexdigest()[:20]


# --- forms -----------------------------------------------------------------------------------


@dataclass
class FormErrors:
    """An API error shown on a form: the sentence at the top, each detail next to its field
    (field names are the API's, e.g. ``allocatedCapacity``)."""

    message: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    form: str = ""

    @classmethod
    def of(
        cls,
        exc: AppError,
        form: str,
        default_field: str | None = None,
        shown: tuple[str, ...] | None = None,
    ) -> FormErrors:
        """``shown`` names the fields the form has: a problem with any other field (a transfer
        refused for ``allocatedCapacity``, a rename refused for ``payPerUse``) goes next to
        ``default_field``, so no refusal is ever silent."""
        fields: dict[str, str] = {}
        for detail in exc.details:
            name = str(detail.get("field", "")).split(".")[-1]
            if shown is not None and name not in shown:
                name = default_field or ""
            if name and name != "body" and name not in fields:
                # one problem: its sentence goes next to its field; several: each its own
                single = len(exc.details) == 1 or exc.status != 400
                message = exc.message if single else detail.get("message", "")
                fields[name] = str(message)
        if not fields and default_field:
            fields[default_field] = exc.message
        return cls(message=exc.message, fields=fields, form=form)

    @property
    def top(self) -> str:
        """The sentence for the top of the form, unless a field already shows it."""
        return "" if self.message in self.fields.values() else self.message

    def __bool__(self) -> bool:
        return bool(self.message)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


NO_ERRORS = FormErrors()


def validate(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """The API's own request model checks the form (one rule, one place), exactly as the API
    reads a JSON body: strict types, yet a form's ``2026-05-01`` is a date as in JSON."""
    try:
        return model.model_validate_json(json.dumps(data, default=str))
    except ValidationError as exc:
        raise validation_error(exc, "body") from None


# --- the page context ------------------------------------------------------------------------


def _cookies(headers: Any) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie") or "")
    except CookieError:
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


def csrf_token(session_id: str) -> str:
    return hmac.new(server_secret(), f"csrf|{session_id}".encode(), "sha256").hexdigest()


def _cookie(name: str, value: str, *, max_age: int | None = None) -> str:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Strict"]
    if get_settings().stage != "local":
        parts.append("Secure")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts)


@dataclass
class Page:
    ctx: Any
    spec: PageSpec
    cookies: dict[str, str]
    form: dict[str, str] = field(default_factory=dict)
    principal: Principal | None = None
    set_cookies: list[str] = field(default_factory=list)

    # urls
    def url(self, path: str = "/", **query: Any) -> str:
        params = {k: v for k, v in query.items() if v not in (None, "")}
        suffix = f"?{urlencode(params)}" if params else ""
        return f"{self.ctx.stage_prefix}{PREFIX}{path}{suffix}"

    def static(self, name: str) -> str:
        return f"{self.ctx.stage_prefix}{PREFIX}/static/{name}?v={asset_etag(name)}"

    @property
    def query(self) -> dict[str, str]:
        return self.ctx.query

    @property
    def locale(self) -> str:
        """The language of this page: the person's choice (Profile, ``PATCH /v1/me``), else
        the browser's ``Accept-Language``."""
        choice = self.principal.locale if self.principal is not None else None
        return locales.negotiate(choice, self.ctx.headers.get("accept-language"))

    def _(self, message: str, **values: Any) -> str:
        """``message`` in this page's language, its ``%(name)s`` placeholders filled (for the
        sentences page code composes: toasts, refusals, labels)."""
        return translate(self.locale, message, **values)

    @property
    def htmx(self) -> bool:
        return self.ctx.headers.get("hx-request") == "true"

    def new_idempotency_key(self) -> str:
        """A fresh key for one rendered form, so sending that form twice acts once."""
        return uuid.uuid4().hex

    @property
    def csrf(self) -> str:
        if self.principal is None or self.principal.session_id is None:
            return ""
        return csrf_token(self.principal.session_id)

    @property
    def today(self) -> str:
        return clock.now().date().isoformat()

    @property
    def idle_seconds(self) -> int:
        """Seconds of inactivity after which the page warns the session has ended: the idle
        timeout less the minute the server may wait before recording activity."""
        return max(60, get_settings().session_idle_minutes * 60 - 60)

    def can(self, action: Action | str) -> bool:
        """``page.can("MANAGE_RESOURCES")`` in templates: what a role may not do is not offered."""
        if isinstance(action, str) and not isinstance(action, Action):
            action = Action[action]
        return self.principal is not None and self.principal.can(action)

    @property
    def org_type(self) -> str:
        return str(self.principal.org_type) if self.principal else ""

    def nav(self) -> list[tuple[str, str]]:
        p = self.principal
        if p is None:
            return []
        items: list[tuple[str, str]] = []
        if p.org_type in (OrgType.PROVIDER, OrgType.DISTRIBUTOR):
            items.append((N_("Partners"), "/partners"))
        if p.org_type == OrgType.PROVIDER:
            items += [
                (N_("Distributors"), "/distributors"),
                (N_("Direct partners"), "/direct-partners"),
                (N_("Contracts"), "/contracts"),
            ]
        if p.org_type == OrgType.PARTNER:
            items.append((N_("Overview"), f"/partners/{p.org_id}"))
            items.append((N_("Storage accounts"), "/storage-accounts"))
        items += [
            (N_("Deals"), "/deals"),
            (N_("Exports"), "/exports"),
            (N_("Alerts"), "/alerts"),
            (N_("Team members"), "/team"),
            (N_("API keys"), "/api-keys"),
            (N_("Audit log"), "/audit"),
            (N_("Profile"), "/profile"),
        ]
        return items

    def home(self) -> str:
        p = self.principal
        if p is not None and p.org_type == OrgType.PARTNER:
            return f"/partners/{p.org_id}"
        return "/partners"

    # responses
    def render(self, template: str, status: int = 200, **values: Any) -> Response:
        flash = unquote(self.cookies.get(FLASH_COOKIE, ""))
        if flash:
            self.set_cookies.append(_cookie(FLASH_COOKIE, "", max_age=0))
        body = (
            environment(self.locale)
            .get_template(template)
            .render(page=self, flash=flash, errors=values.pop("errors", NO_ERRORS), **values)
        )
        headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
        if status >= 400 and self.htmx:
            headers["HX-Push-Url"] = "false"  # an error page is not a place in the history
        return self._finish(Response(body=body, status_code=status, headers=headers))

    def redirect(self, path: str, toast: str = "", **query: Any) -> Response:
        if toast:
            self.set_cookies.append(_cookie(FLASH_COOKIE, quote(toast), max_age=60))
        location = self.url(path, **query)
        return self._finish(Response(body="", status_code=303, headers={"Location": location}))

    def _finish(self, response: Response) -> Response:
        if self.set_cookies:
            response.headers["Set-Cookie"] = (
                self.set_cookies[0] if len(self.set_cookies) == 1 else self.set_cookies
            )
        return response

    def start_session(self, token: str) -> None:
        self.set_cookies.append(_cookie(SESSION_COOKIE, token))

    def end_session(self) -> None:
        self.set_cookies.append(_cookie(SESSION_COOKIE, "", max_age=0))


# --- dispatch --------------------------------------------------------------------------------


def _same_origin(ctx: Any) -> bool:
    """The request comes from a page of this site: its ``Origin`` (or, lacking one, its
    ``Referer``) names our host (``PUBLIC_BASE_URL``'s when configured, else the ``Host`` the
    browser sent; a browser never lets another site's page forge either)."""
    configured = get_settings().public_base_url
    host = urlsplit(configured).netloc if configured else ctx.headers.get("host", "")
    source = ctx.headers.get("origin") or ctx.headers.get("referer") or ""
    parts = urlsplit(source)
    return bool(host) and parts.scheme in ("http", "https") and parts.netloc == host


#: Where ``next`` may send someone after logging in (``safe_next``): a console path, optionally
#: with a query, of URL-safe ASCII only (RFC 3986 unreserved, sub-delims, ``:@/?%``): no
#: control, space, non-ASCII, backslash or fragment character.
_SAFE_NEXT = re.compile(r"/console/[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*")


def safe_next(target: str) -> str:
    """Only a same-origin path of this console made of safe characters: never an open redirect,
    and nothing a ``Location`` header cannot carry (CR, LF, U+2028, NUL, DEL, Latin-1, …).
    Anything else sends the person to the console home."""
    if _SAFE_NEXT.fullmatch(target) and "//" not in target:
        return target[len("/console") :]
    return ""


def _return_to(ctx: Any) -> str:
    """Where to come back after logging in again: the page asked for with its query string,
    or, for a form sent after the session ended, the page the form was on (its ``Referer``,
    when that is one of ours); console.js keeps what was typed in it."""
    if ctx.method == "GET":
        path, query = ctx.path, urlencode(ctx.query)
    else:
        referer = urlsplit(ctx.headers.get("referer") or "")
        if not _same_origin(ctx) or not referer.path.startswith(ctx.stage_prefix + PREFIX):
            return ""
        path, query = referer.path[len(ctx.stage_prefix) :], referer.query
    return f"{path}?{query}" if query else path


def _parse_form(ctx: Any) -> dict[str, str]:
    if ctx.method == "GET" or not ctx.raw_body:
        return {}
    text = ctx.raw_body.decode("utf-8", errors="replace")
    if "json" in (ctx.headers.get("content-type") or ""):
        try:
            data = json.loads(text)
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    return dict(parse_qsl(text, keep_blank_values=True))


def _error_page(page: Page, exc: AppError) -> Response:
    status = exc.status
    if isinstance(exc, NotFound):
        title = N_("Page not found")
        message = N_("There is nothing here, or it is not yours to see.")
    elif isinstance(exc, Forbidden):
        title, message = N_("Not allowed"), exc.message
    else:
        title, message = N_("Something went wrong"), exc.message
    # the console's own sentences in the page's language; the API's stay English
    return page.render("error.html", status=status, title=page._(title), message=page._(message))


def dispatch(spec: PageSpec, params: dict[str, str]) -> Response:
    ctx = current_context()
    if ctx is None:  # pragma: no cover - the middleware always binds one
        raise RuntimeError("No request context; is the HTTP middleware installed?")
    page = Page(ctx=ctx, spec=spec, cookies=_cookies(ctx.headers))
    try:
        if ctx.method != "GET" and not _same_origin(ctx):
            raise Forbidden(OTHER_SITE)
        page.form = _parse_form(ctx)
        if not spec.public:
            token = page.cookies.get(SESSION_COOKIE)
            try:
                if not token:
                    raise Unauthorized(LOG_IN)
                page.principal = auth.authenticate(f"Bearer {token}", ctx)
            except Unauthorized as exc:
                page.end_session()
                return page.redirect("/login", toast=page._(exc.message), next=_return_to(ctx))
            ctx.principal = page.principal
            if page.principal.enrolment_only and not spec.path.startswith(ENROLMENT_PAGES):
                if ctx.method == "GET":
                    return page.redirect("/profile/security", toast=page._(ENROLMENT_TOAST))
                raise Forbidden(ENROLMENT_TOAST)
            if ctx.method != "GET" and not hmac.compare_digest(
                page.form.get("csrf", ""), page.csrf
            ):
                raise Forbidden(FORM_EXPIRED)
            key = page.form.get(FORM_KEY_FIELD) or None
            if ctx.method != "GET" and key is not None:
                return _once(page, spec, params, key)
        return spec.view(page, **params)
    except AppError as exc:
        return _error_page(page, exc)
    except Exception:
        log_exception("unhandled error", request_id=ctx.request_id, route=spec.path)
        return _error_page(page, AppError(OUR_SIDE))


def _once(page: Page, spec: PageSpec, params: dict[str, str], key: str) -> Response:
    """A form post runs at most once per key its page put in the form (a double click, or a
    resend after a timeout): the second waits for the first and shows the same result."""
    checked(key, FORM_KEY_FIELD, "body")

    def view() -> Response:
        try:
            return spec.view(page, **params)
        except AppError as exc:
            if exc.status >= 500:
                raise
            return _error_page(page, exc)

    def keep(response: Response) -> Response:
        # A page rendered after a success may show a secret once (a new API key): a replay
        # goes back to the page instead of showing it again.
        if 200 <= response.status_code < 300 and response.body:
            return page.redirect(
                page.ctx.path[len(PREFIX) :] or "/",
                toast=page._(SENT_TWICE),
            )
        return response

    scope = scope_of(page.principal.org_id, page.principal.actor_id)
    return respond(page.ctx, scope, key, view, wait_seconds=FORM_WAIT_SECONDS, keep=keep)


class PageRouter:
    """Records the console views of one page module; see the module docstring. Chalice learns
    of them from the page table (``chalicelib/console/page_table.py``, ``make routes``): each
    page's module is imported on its first request (``chalicelib.console.register_pages``)."""

    def __init__(self, import_name: str) -> None:
        self.import_name = import_name

    def route(
        self, path: str, method: str = "GET", *, public: bool = False, root: bool = False
    ) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
        """``path`` is under ``/console`` unless ``root`` (the site's ``/`` redirect)."""
        full = path if root else PREFIX + path

        def register(view: Callable[..., Response]) -> Callable[..., Response]:
            spec = PageSpec(path=full, method=method, view=view, public=public)
            if (full, method) in PAGES:
                raise RuntimeError(f"Page {method} {full} is registered twice.")
            PAGES[(full, method)] = spec
            return view

        return register


def page_for(path: str, method: str) -> PageSpec:
    """The spec of a console page of the page table, importing its module on first use."""
    spec = lazy.declared(PAGES, PAGE_ROUTES, (path, method), f"{method} {path}")
    if spec is None:
        raise KeyError((path, method))  # register_pages installs only the table's pages
    return spec


def load_all() -> dict[tuple[str, str], PageSpec]:
    """Every console page's spec (for the tests and the route table)."""
    lazy.load_all(PAGES, PAGE_ROUTES)
    return PAGES


def serve(path: str, method: str, params: dict[str, str]) -> Response:
    """Answers a request for the console page ``method path``."""
    started = time.perf_counter()
    response = dispatch(page_for(path, method), params)
    response.headers.update(SECURITY_HEADERS)
    response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
    return response
