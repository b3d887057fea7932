"""Pages about the caller's own organization: team members, API keys and the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from chalice import Response

from chalicelib import clock
from chalicelib.api.api_keys import ApiKeyIn
from chalicelib.api.audit_events import AuditQuery
from chalicelib.api.http import parse_query
from chalicelib.api.members import MemberPatchIn
from chalicelib.api.pagination import binding, encode_cursor, parse_page_request
from chalicelib.console.cursors import window
from chalicelib.console.i18n import N_
from chalicelib.console.pages.invitations import added, member_form
from chalicelib.console.web import FormErrors, Page, PageRouter, validate
from chalicelib.domain import audit_actions
from chalicelib.domain.roles import MEMBER_ROLES, Action, Role, key_role_allowed
from chalicelib.errors import AppError, NotFound
from chalicelib.services import api_keys, audit, members

router = PageRouter(__name__)
#: Rows of the team and API key tables shown per page (read as one page of their index).
PAGE_SIZE = 50


# --- Team members ----------------------------------------------------------------------------


def team_page(page: Page, errors: FormErrors | None = None, status: int = 200) -> Response:
    principal = page.principal
    table = window(
        page,
        scope="team",
        params={},
        size=PAGE_SIZE,
        fetch=lambda request, backwards: members.list_members(
            principal, principal.org_id, request, descending=backwards
        ),
        position=members.position,
        at="/team",
    )
    return page.render(
        "team.html",
        status=status,
        current="Team members",
        people=table.rows,
        table=table,
        manages=page.can(Action.MANAGE_TEAM),
        errors=errors or FormErrors(),
        form=page.form,
    )


@router.route("/team")
def team(page: Page) -> Response:
    return team_page(page)


@router.route("/team", "POST")
def add_team_member(page: Page) -> Response:
    try:
        body = member_form(page)
        user = members.create_member(
            page.principal,
            page.principal.org_id,
            base_url=page.ctx.base_url,
            **body.model_dump(),
        )
    except AppError as exc:
        return team_page(page, FormErrors.of(exc, "member", "email"), exc.status)
    return page.redirect("/team", toast=added(page, user, N_("%(email)s was added to your team.")))


@router.route("/team/{member_id}/role", "POST")
def change_role(page: Page, member_id: str) -> Response:
    try:
        body = validate(MemberPatchIn, {"role": page.form.get("role", "")})
        user = members.update_member(
            page.principal, page.principal.org_id, member_id, role=body.role
        )
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        return team_page(page, FormErrors.of(exc, f"role-{member_id}", "role"), exc.status)
    return page.redirect(
        "/team",
        toast=page._("%(email)s is now %(role)s.", email=user.email, role=page._(user.role)),
    )


@router.route("/team/{member_id}/delete", "POST")
def remove(page: Page, member_id: str) -> Response:
    try:
        members.delete_member(page.principal, page.principal.org_id, member_id)
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        return team_page(page, FormErrors.of(exc, f"role-{member_id}", "role"), exc.status)
    return page.redirect("/team", toast=page._("The team member was removed."))


# --- API keys --------------------------------------------------------------------------------


def keys_page(
    page: Page,
    errors: FormErrors | None = None,
    status: int = 200,
    created: tuple | None = None,
) -> Response:
    principal = page.principal
    table = window(
        page,
        scope="keys",
        params={},
        size=PAGE_SIZE,
        fetch=lambda request, backwards: api_keys.list_keys(
            principal, request, oldest_first=backwards
        ),
        position=api_keys.position,
        at="/api-keys",
    )
    roles = [
        r
        for r in (*MEMBER_ROLES, Role.METERING)
        if key_role_allowed(principal.role, principal.org_type, r)
    ]
    default_expiry = (clock.now() + timedelta(days=90)).date().isoformat()
    return page.render(
        "api_keys.html",
        status=status,
        current="API keys",
        keys=table.rows,
        table=table,
        roles=[str(r) for r in roles],
        writable=page.can(Action.MANAGE_API_KEYS),
        created=created,
        default_expiry=default_expiry,
        now=clock.iso(clock.now()),
        errors=errors or FormErrors(),
        form=page.form,
    )


@router.route("/api-keys")
def keys(page: Page) -> Response:
    return keys_page(page)


@router.route("/api-keys", "POST")
def create_key(page: Page) -> Response:
    form = page.form
    try:
        expires = form.get("expiresAt", "").strip()
        try:
            day = date.fromisoformat(expires)
            expires_value: object = datetime.combine(day, time(23, 59, 59), tzinfo=UTC)
        except ValueError:
            expires_value = expires
        body = validate(
            ApiKeyIn,
            {
                "description": form.get("description", ""),
                "expiresAt": expires_value,
                "role": form.get("role") or None,
            },
        )
        role = Role(body.role) if body.role else None
        key, secret = api_keys.create_key(page.principal, body.description, body.expires_at, role)
    except AppError as exc:
        return keys_page(page, FormErrors.of(exc, "key", "description"), exc.status)
    page.form = {}
    return keys_page(page, status=201, created=(key, secret))


@router.route("/api-keys/{key_id}/revoke", "POST")
def revoke_key(page: Page, key_id: str) -> Response:
    api_keys.revoke_key(page.principal, key_id)
    return page.redirect(
        "/api-keys", toast=page._("The API key was revoked; it stops working now.")
    )


# --- Audit log -------------------------------------------------------------------------------

#: The person select's groups (``audit_actions.TEAM``/``KEYS``/``SEEN``), translated when shown.
PERSON_GROUPS = (
    N_("Your team"),
    N_("API keys of your organization"),
    N_("Seen in this log recently"),
)


@router.route("/audit")
def audit_log(page: Page) -> Response:
    query = {k: v for k, v in page.query.items() if v and k != "actorText"}
    typed = page.query.get("actorText", "").strip()
    if typed:  # the free-text fallback for someone the select does not list
        query["actor"] = audit.resolve_actor(page.principal, typed)
    errors = FormErrors()
    events: list = []
    next_cursor = ""
    status = 200
    bound = binding(page.ctx.path, page.principal)
    try:
        filters = parse_query(AuditQuery, query)
        request = parse_page_request({"limit": "50", **query}, bound)
        result = audit.list_events(
            page.principal,
            request,
            since=filters.from_,
            until=filters.to,
            action=filters.action,
            actor=filters.actor,
        )
        events = result.items
        if result.next_key is not None:
            next_cursor = encode_cursor(result.next_key, bound)
    except AppError as exc:
        errors, status = FormErrors.of(exc, "audit", "from"), exc.status
    people = audit.person_choices(page.principal, query.get("actor"))
    return page.render(
        "audit.html",
        status=status,
        current="Audit log",
        events=events,
        filters={k: query.get(k, "") for k in ("from", "to", "action", "actor")},
        typed=typed,
        next_cursor=next_cursor,
        people=people,
        actions=sorted(audit_actions.ACTIONS.items(), key=lambda a: a[1].casefold()),
        audit=audit_actions,
        errors=errors,
    )
