"""Single sign-on (OIDC): settings, domain claims and started sign-ins. (A part of
``chalicelib.store.models``.)
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.models import Model

from chalicelib.store.base import table_meta


class SsoConfigItem(Model):
    """``sso#<organization id>`` in the organizations table: the organization's identity
    provider (``domain/sso.py``). The client secret is sealed with the server secret
    (``services/sealed.py``), bound to the organization. ``role_mapping`` is a JSON object
    (claim value -> role). ``version`` moves on every change (conditional writes)."""

    Meta = table_meta("organizations")
    id = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    issuer = UnicodeAttribute()
    client_id = UnicodeAttribute()
    client_secret = UnicodeAttribute()
    email_domains = ListAttribute(of=UnicodeAttribute)
    role_claim = UnicodeAttribute(null=True)
    role_mapping = UnicodeAttribute(default="{}")
    default_role = UnicodeAttribute()
    jit = BooleanAttribute(default=False)
    enforce = BooleanAttribute(default=False)
    version = NumberAttribute(default=1)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class SsoDomainClaimItem(Model):
    """``sso-domain#<domain>`` in the organizations table -> the organization whose identity
    provider signs in that email domain. Put with a condition in the same transaction as the
    configuration, so a domain is claimed by one organization only."""

    Meta = table_meta("organizations")
    id = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    claimed_at = UnicodeAttribute()


class SsoStateItem(Model):
    """``sso#<keyed hash of the state>`` in the sessions table: a started single sign-on (its
    nonce, the sealed PKCE verifier, the redirect URI it used). Short-lived and single-use:
    deleted with a condition when the provider sends the browser back."""

    Meta = table_meta("sessions")
    id = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    config_version = NumberAttribute()
    nonce = UnicodeAttribute()
    verifier = UnicodeAttribute()
    redirect_uri = UnicodeAttribute()
    email = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    ttl = TTLAttribute(null=True)
