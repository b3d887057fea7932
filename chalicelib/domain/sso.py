"""Single sign-on with OpenID Connect: the rules, as pure functions (no storage, no network).

* An organization connects one identity provider: its issuer (``https://`` except on the local
  and test stages), a client id and secret, the email domains whose people sign in there (a
  domain belongs to one organization only), how a claim of the ID token maps to a console role,
  the role for everyone else, whether unknown people are created at their first sign-in
  ("just in time"), and whether password sign-in is refused for its members ("enforce").
* Break-glass under "enforce": the organization's **admins who have a second factor** (an
  authenticator app or a passkey) may still sign in with their password and that factor, so a
  broken identity provider cannot lock the organization out; staff and viewers, and admins
  without a second factor, must use single sign-on. The provider's admins can also change or
  remove any organization's single sign-on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

#: The roles a person may get from single sign-on (never ``metering``: that is for API keys).
SSO_ROLES = ("admin", "staff", "viewer")
_RANK = {"admin": 3, "staff": 2, "viewer": 1}
MAX_DOMAINS = 20
MAX_MAPPINGS = 50
#: How long a started sign-in (state, nonce, PKCE verifier) may be completed, in seconds.
STATE_SECONDS = 600
#: Clock skew tolerated on the ID token's ``exp``, ``iat`` and ``nbf``, in seconds.
LEEWAY_SECONDS = 30
#: Stages where an identity provider may be reached over plain http (loopback test providers).
HTTP_STAGES = frozenset({"local", "test"})
_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def normalise_domain(raw: str) -> str | None:
    """``Example.COM`` -> ``example.com``; None when it is not a DNS name with a dot."""
    domain = (raw or "").strip().lower().rstrip(".")
    return domain if _DOMAIN.match(domain) else None


def email_domain(email: str) -> str | None:
    """The domain part of an email address (normalised), or None."""
    local, at, domain = (email or "").strip().rpartition("@")
    if not at or not local:
        return None
    return normalise_domain(domain)


def issuer_problem(issuer: str, stage: str) -> str | None:
    """Why ``issuer`` cannot be used on ``stage``, or None. An issuer is an absolute URL without
    query or fragment; https, except http on the local and test stages."""
    parts = urlsplit(issuer or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Must be an absolute URL such as https://login.example.com."
    if parts.query or parts.fragment:
        return "Must not have a query or a fragment."
    if parts.scheme == "http" and stage not in HTTP_STAGES:
        return "Must use https (http is allowed only on the local and test stages)."
    return None


def endpoint_allowed(url: str, stage: str) -> bool:
    """An endpoint named by a discovery document: https, or http where the stage allows it."""
    parts = urlsplit(url or "")
    if not parts.hostname:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and stage in HTTP_STAGES)


def role_for(claim_value: object, mapping: dict[str, str], default_role: str) -> str:
    """The console role for an ID token's role claim (a string or a list of strings): the most
    powerful role any of its values maps to, else ``default_role``."""
    if isinstance(claim_value, str):
        values: Iterable[object] = [claim_value]
    elif isinstance(claim_value, list):
        values = claim_value
    else:
        values = []
    mapped = [mapping[v] for v in values if isinstance(v, str) and v in mapping]
    if not mapped:
        return default_role
    return max(mapped, key=lambda role: _RANK.get(role, 0))


def password_login_allowed(enforced: bool, role: str, has_second_factor: bool) -> bool:
    """Under "enforce", only the break-glass path (an admin with a second factor) keeps password
    sign-in; see the module docstring."""
    if not enforced:
        return True
    return role == "admin" and has_second_factor


def may_manage(role: str, org_type: str, own_organization: bool) -> bool:
    """Who may read or change an organization's single sign-on: its own admins, and the
    provider's admins for any organization in their tree."""
    if role != "admin":
        return False
    return own_organization or org_type == "provider"


def domains_problem(domains: list[str]) -> str | None:
    """Why a list of email domains cannot be used (already normalised), or None."""
    if not domains:
        return "Give at least one email domain."
    if len(domains) > MAX_DOMAINS:
        return f"At most {MAX_DOMAINS} email domains."
    if len(set(domains)) != len(domains):
        return "A domain is listed twice."
    return None
