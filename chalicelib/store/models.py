"""Every DynamoDB table, as PynamoDB models. Each list the API serves is a Query on one of these
keys or indexes; none is a Scan (only the backfill, a maintenance job, scans a table:
``backfill.py``). ``infra/resources.json`` is generated from ``ALL_MODELS``
(``python -m infra.generate``), and a test keeps the two in step.

Timestamps are RFC 3339 strings (``clock.iso``), which sort as text; capacities are bytes.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.domain.account_status import AccountStatus
from chalicelib.store.base import table_meta
from chalicelib.store.idempotency_record import IdempotencyItem


def _index(name: str) -> type:
    return type("Meta", (), {"index_name": name, "projection": AllProjection()})


# --- organizations ---------------------------------------------------------------------------


class OrgsByParent(GlobalSecondaryIndex):
    Meta = _index("parent-index")
    parent_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class PartnersByContract(GlobalSecondaryIndex):
    Meta = _index("contract-index")
    contract_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class OrgsByKindName(GlobalSecondaryIndex):
    """A parent's children of one kind by name (``kind_key`` = ``<parent id>#<type>``,
    ``domain.names.kind_key``; ``name_key``): the provider's Distributors and Direct partners
    pages read one page of it."""

    Meta = _index("parent-kind-name-index")
    kind_key = UnicodeAttribute(hash_key=True)
    name_key = UnicodeAttribute(range_key=True)


class PartnersByName(GlobalSecondaryIndex):
    """A contract's partners by name (``name_key``, ``domain.names.sort_key``): the Partners
    page's default order, and its filter (names starting with what was typed) as a key
    condition, so a page reads one page."""

    Meta = _index("contract-name-index")
    contract_id = UnicodeAttribute(hash_key=True)
    name_key = UnicodeAttribute(range_key=True)


class PartnersByUsed(GlobalSecondaryIndex):
    """A contract's partners by used capacity (the Partners page's "Used" column)."""

    Meta = _index("contract-used-index")
    contract_id = UnicodeAttribute(hash_key=True)
    used_capacity = NumberAttribute(range_key=True)


class PartnersByAllocated(GlobalSecondaryIndex):
    """A contract's partners by allocation (the Partners page's "Allocated" column)."""

    Meta = _index("contract-allocated-index")
    contract_id = UnicodeAttribute(hash_key=True)
    allocated_capacity = NumberAttribute(range_key=True)


class OrgsWithSaga(GlobalSecondaryIndex):
    """Sparse: a deleted partner's tombstone and a transferred partner whose accounts are still
    being re-pointed carry ``saga_queue``; the reconciler reads the stale ones with one Query
    (``domain/partner_sagas.py``)."""

    Meta = _index("org-saga-index")
    saga_queue = UnicodeAttribute(hash_key=True)
    saga_at = UnicodeAttribute(range_key=True)


class OrganizationItem(Model):
    """The provider, distributors and partners. A partner of a distributor also holds its
    allocation in one of the distributor's contracts."""

    Meta = table_meta("organizations")
    id = UnicodeAttribute(hash_key=True)
    type = UnicodeAttribute()
    name = UnicodeAttribute()
    parent_id = UnicodeAttribute(null=True)
    path = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    contract_id = UnicodeAttribute(null=True)
    allocated_capacity = NumberAttribute(default=0)
    allow_overdraft = BooleanAttribute(default=False)
    used_capacity = NumberAttribute(default=0)
    usage_updated_at = UnicodeAttribute(null=True)
    storage_account_count = NumberAttribute(default=0)
    accounts_allocated_capacity = NumberAttribute(default=0)
    #: Members without a second factor get an enrolment-only session (``domain/mfa.py``).
    require_mfa = BooleanAttribute(default=False)
    #: Its single sign-on is on with "enforce" (kept with the ``SsoConfigItem`` in one
    #: transaction): password sign-in is refused for its members but the break-glass admins.
    sso_enforced = BooleanAttribute(default=False)
    #: ``domain.names.sort_key(name)``, written with every name (the name index's key).
    name_key = UnicodeAttribute(null=True)
    #: how many contracts it signed (``domain.contracts.plan_create``); absent on
    #: organizations created before the counter (their count is a Query)
    contract_count = NumberAttribute(null=True)
    #: ``domain.names.kind_key(path, type)``: ``<parent id>#<type>``, written at creation
    #: (neither changes); absent on the provider.
    kind_key = UnicodeAttribute(null=True)
    #: work left after a change (``domain/partner_sagas.py``): ``follow_contract`` on a
    #: transferred partner, ``delete_cascade`` on a deleted partner's tombstone
    saga = UnicodeAttribute(null=True)
    saga_queue = UnicodeAttribute(null=True)
    saga_at = UnicodeAttribute(null=True)

    by_parent = OrgsByParent()
    by_kind_name = OrgsByKindName()
    by_contract = PartnersByContract()
    by_name = PartnersByName()
    by_used = PartnersByUsed()
    by_allocated = PartnersByAllocated()
    with_saga = OrgsWithSaga()


# --- contracts -------------------------------------------------------------------------------


class ContractsByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    organization_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ContractsByProvider(GlobalSecondaryIndex):
    Meta = _index("provider-index")
    provider_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ContractItem(Model):
    """A contract between the provider and a distributor or direct channel partner.
    ``allocated_capacity`` and ``partner_count`` are counters kept in the same transaction as
    every allocation change."""

    Meta = table_meta("contracts")
    id = UnicodeAttribute(hash_key=True)
    organization_id = UnicodeAttribute()
    organization_type = UnicodeAttribute()
    path = UnicodeAttribute()
    provider_id = UnicodeAttribute()
    details = UnicodeAttribute()
    reserved_capacity = NumberAttribute()
    allocated_capacity = NumberAttribute(default=0)
    partner_count = NumberAttribute(default=0)
    cost_storage_gb_cents = NumberAttribute()
    currency = UnicodeAttribute()
    start_date = UnicodeAttribute()
    end_date = UnicodeAttribute()
    used_capacity = NumberAttribute(default=0)
    usage_updated_at = UnicodeAttribute(null=True)
    excess_usage_fee_cents = NumberAttribute(default=0)
    #: the day ``contract.excess_started`` was announced; removed when the excess is over (re-armed)
    excess_since = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    by_organization = ContractsByOrganization()
    by_provider = ContractsByProvider()


# --- storage accounts ------------------------------------------------------------------------


class AccountsByPartner(GlobalSecondaryIndex):
    Meta = _index("partner-index")
    partner_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class AccountsByPartnerName(GlobalSecondaryIndex):
    """A partner's accounts by name (``name_key``): the console's storage accounts table reads
    one page of it."""

    Meta = _index("partner-name-index")
    partner_id = UnicodeAttribute(hash_key=True)
    name_key = UnicodeAttribute(range_key=True)


class AccountsDueForPurge(GlobalSecondaryIndex):
    """Sparse: only accounts pending deletion carry ``purge_queue``; the purge job reads the
    due ones with one Query (``pending_deleted_at <= now``)."""

    Meta = _index("purge-index")
    purge_queue = UnicodeAttribute(hash_key=True)
    pending_deleted_at = UnicodeAttribute(range_key=True)


class AccountsWithSaga(GlobalSecondaryIndex):
    """Sparse: only accounts with a backend change in flight carry ``saga_queue``; the
    reconciler reads the stale ones with one Query (``saga_at <= now - SAGA_STALE_MINUTES``)."""

    Meta = _index("saga-index")
    saga_queue = UnicodeAttribute(hash_key=True)
    saga_at = UnicodeAttribute(range_key=True)


class AccountsByLevel1(GlobalSecondaryIndex):
    """Every account below the organization at depth 1 (the provider), oldest first."""

    Meta = _index("level1-index")
    anc1 = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class AccountsByLevel2(GlobalSecondaryIndex):
    """Every account below the organization at depth 2 (a distributor, or a direct channel
    partner itself), oldest first."""

    Meta = _index("level2-index")
    anc2 = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class StorageAccountItem(Model):
    """A partner's storage account (an end customer) on the storage backend. ``id`` is the
    12-digit ``clientAccountId``; ``path`` is the owning partner's path, so scope checks are
    the same as for every other record. ``contract_id`` is the contract the account's partner
    draws on (a distributor's contract, or a direct channel partner's own). ``saga`` names a
    backend change recorded but not yet confirmed (``provisioning``, ``suspending``, …; absent
    when nothing is in flight); ``saga_queue``/``saga_at`` put it on the sparse ``saga-index``
    the reconciler reads, and ``purge_queue`` puts a pending deletion on ``purge-index``.
    ``counted_in_contract``: the allocation is counted in ``contract_id``'s ``allocated_capacity``
    (a direct channel partner's account); otherwise it is counted in the partner's
    ``accounts_allocated_capacity`` only."""

    Meta = table_meta("storage-accounts")
    id = UnicodeAttribute(hash_key=True)
    partner_id = UnicodeAttribute()
    path = UnicodeAttribute()
    contract_id = UnicodeAttribute(null=True)
    name = UnicodeAttribute()
    #: ``domain.names.sort_key(name)``, written with every name (``partner-name-index``).
    name_key = UnicodeAttribute(null=True)
    contact_email = UnicodeAttribute()
    allocated_capacity = NumberAttribute(default=0)
    allow_overdraft = BooleanAttribute(default=False)
    status = UnicodeAttribute(default=str(AccountStatus.ACTIVE))
    pending_deleted_at = UnicodeAttribute(null=True)
    saga = UnicodeAttribute(null=True)
    used_capacity = NumberAttribute(default=0)
    usage_updated_at = UnicodeAttribute(null=True)
    quota_enforced = BooleanAttribute(default=False)
    #: ``quota_enforced`` was recorded but the backend has not yet confirmed it (a saga step).
    quota_pending = BooleanAttribute(default=False)
    #: Since when ``quota_enforced`` holds (``None`` while it doesn't).
    quota_enforced_at = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    counted_in_contract = BooleanAttribute(default=False)
    purge_queue = UnicodeAttribute(null=True)
    saga_queue = UnicodeAttribute(null=True)
    saga_at = UnicodeAttribute(null=True)
    #: The ids of the first two organizations on ``path`` (provider; distributor or direct
    #: channel partner): everything one of them sees is one Query on ``levelN-index``.
    anc1 = UnicodeAttribute(null=True)
    anc2 = UnicodeAttribute(null=True)
    #: The customer's S3 access keys: id -> createdAt (at most two; never their secrets), and
    #: the key an access-key saga (``key_creating``/``key_revoking``) is about.
    access_keys = MapAttribute(null=True)
    saga_key = UnicodeAttribute(null=True)

    by_partner = AccountsByPartner()
    by_partner_name = AccountsByPartnerName()
    by_level1 = AccountsByLevel1()
    by_level2 = AccountsByLevel2()
    due_for_purge = AccountsDueForPurge()
    with_saga = AccountsWithSaga()


class AccountIdClaimItem(Model):
    """``claim#<clientAccountId>`` in the storage-accounts table: put with a condition in the
    same transaction as the account and never deleted, so an id is used once, system-wide,
    even after its account was purged (usage history stays unambiguous)."""

    Meta = table_meta("storage-accounts")
    id = UnicodeAttribute(hash_key=True)
    claimed_at = UnicodeAttribute()


# --- people and credentials ------------------------------------------------------------------


class UsersByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    org_id = UnicodeAttribute(hash_key=True)
    email_lower = UnicodeAttribute(range_key=True)


class UserItem(Model):
    """A console user. ``session_epoch`` is bumped to revoke every session at once."""

    Meta = table_meta("users")
    id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    email_lower = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    role = UnicodeAttribute()
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    org_type = UnicodeAttribute()
    password_hash = UnicodeAttribute()
    session_epoch = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    # second factor (see ``domain/mfa.py``): the TOTP secret sealed with the server secret, the
    # last time step used (a code is accepted once), a started enrolment awaiting its first
    # code, keyed hashes of the unused recovery codes, and how many passkeys the person has.
    totp_secret = UnicodeAttribute(null=True)
    totp_last_step = NumberAttribute(null=True)
    totp_enabled_at = UnicodeAttribute(null=True)
    totp_pending = UnicodeAttribute(null=True)
    totp_pending_at = UnicodeAttribute(null=True)
    recovery_codes = UnicodeSetAttribute(null=True)
    passkey_count = NumberAttribute(default=0)
    # invited (see ``domain/invitations.py``): the expiry of the invitation link in force and
    # that link's id; both removed when the person sets their password.
    invited_until = UnicodeAttribute(null=True)
    invitation_link = UnicodeAttribute(null=True)
    #: the console language the person chose (``domain.locales.SUPPORTED``); absent: the
    #: browser's ``Accept-Language`` decides
    locale = UnicodeAttribute(null=True)

    by_organization = UsersByOrganization()


class EmailClaimItem(Model):
    """``email#<lower-cased email>`` -> user id, in the users table: makes emails unique
    system-wide (a conditional put in the same transaction as the user)."""

    Meta = table_meta("users")
    id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()


class SessionItem(Model):
    """A console session, keyed by the SHA-256 of its token (the token itself is never stored)."""

    Meta = table_meta("sessions")
    id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    epoch = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    last_seen_at = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    source_ip = UnicodeAttribute(default="")
    ttl = TTLAttribute(null=True)
    #: Opened while the organization required a second factor the person did not have: it may
    #: only enrol one (until the person has one).
    enrol_only = BooleanAttribute(default=False)


class MfaTicketItem(Model):
    """``mfa#<SHA-256 of the token>`` in the sessions table: a password was right and the
    person must now prove a second factor. Short-lived, single-use (deleted with a condition
    when used), bound to the person and the source address. ``challenge`` is the WebAuthn
    challenge offered for it, if any."""

    Meta = table_meta("sessions")
    id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    source_ip = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    challenge = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)


class WebAuthnChallengeItem(Model):
    """``webauthn#<challenge>`` in the sessions table: a passkey ceremony the server started
    (``purpose`` ``register`` for ``user_id``, or ``login`` for anyone: discoverable sign-in).
    Deleted with a condition when answered (single use), short-lived."""

    Meta = table_meta("sessions")
    id = UnicodeAttribute(hash_key=True)
    purpose = UnicodeAttribute()
    user_id = UnicodeAttribute(null=True)
    expires_at = UnicodeAttribute()
    ttl = TTLAttribute(null=True)


class ApiKeysByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    org_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ApiKeyItem(Model):
    """An organization's API key; only an HMAC of its secret is stored."""

    Meta = table_meta("api-keys")
    id = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    org_type = UnicodeAttribute()
    role = UnicodeAttribute()
    description = UnicodeAttribute()
    secret_hash = UnicodeAttribute()
    created_by = UnicodeAttribute()
    created_by_label = UnicodeAttribute()
    owner_user_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    last_used_at = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)

    by_organization = ApiKeysByOrganization()


class LoginAttemptItem(Model):
    """Failed-login counters (``fail#<pair>#<window>``) and lockouts (``lock#<pair>``) for one
    email + source address pair, hashed."""

    Meta = table_meta("login-attempts")
    id = UnicodeAttribute(hash_key=True)
    failures = NumberAttribute(default=0)
    locked_until = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)


class OutboxDue(GlobalSecondaryIndex):
    """Sparse: only messages still to send carry ``queue``; the sweep re-queues the due ones
    (``due_at <= now``) with one Query, so a lost queue message never loses an e-mail."""

    Meta = _index("due-index")
    queue = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class OutboxItem(Model):
    """An e-mail to a person, recorded before it is sent (in the same transaction as its cause
    where there is one). ``status``: ``pending`` -> ``sending`` (a worker's claim, with
    ``claim_token`` and a lease: ``due_at`` is then the lease's end) -> ``sent`` once, or back
    to ``pending`` with ``due_at`` = the next attempt after a failure; ``failed`` after
    ``MAIL_MAX_ATTEMPTS``. ``queue`` is set exactly while it still has to be sent."""

    Meta = table_meta("outbox")
    id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    recipient = UnicodeAttribute()
    user_id = UnicodeAttribute(null=True)
    subject = UnicodeAttribute()
    body = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    sent_at = UnicodeAttribute(null=True)
    queue = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    attempts = NumberAttribute(default=0)
    claim_token = UnicodeAttribute(null=True)
    last_error = UnicodeAttribute(null=True)
    message_id = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)

    due = OutboxDue()


# --- audit -----------------------------------------------------------------------------------


class _AuditByLevel(GlobalSecondaryIndex):
    sk = UnicodeAttribute(range_key=True)


class AuditByLevel1(_AuditByLevel):
    Meta = _index("level1-index")
    anc1 = UnicodeAttribute(hash_key=True)


class AuditByLevel2(_AuditByLevel):
    Meta = _index("level2-index")
    anc2 = UnicodeAttribute(hash_key=True)


class AuditByLevel3(_AuditByLevel):
    Meta = _index("level3-index")
    anc3 = UnicodeAttribute(hash_key=True)


def _audit_filter_index(level: int, kind: str) -> type:
    """``level{N}-{kind}-index``: hash ``{kind}{N}`` = ``<ancestor N>#<action or actor>``."""
    attrs = {
        "Meta": _index(f"level{level}-{kind}-index"),
        f"{kind}{level}": UnicodeAttribute(hash_key=True),
    }
    return type(f"AuditBy{kind.title()}{level}", (_AuditByLevel,), attrs)


AuditByAction1, AuditByAction2, AuditByAction3 = (
    _audit_filter_index(n, "action") for n in (1, 2, 3)
)
AuditByActor1, AuditByActor2, AuditByActor3 = (_audit_filter_index(n, "actor") for n in (1, 2, 3))


class AuditEventItem(Model):
    """One change. ``anc1..anc3`` are the ids along the owning organization's path, so the
    organization at depth N lists its whole subtree's events with one Query on ``levelN-index``;
    ``actionN``/``actorN`` (``<ancestor N>#<action>``, ``<ancestor N>#<actor id>``) serve the
    audit search's filters with one Query on ``levelN-action-index``/``levelN-actor-index``."""

    Meta = table_meta("audit-events")
    id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute()
    at = UnicodeAttribute()
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    anc1 = UnicodeAttribute(null=True)
    anc2 = UnicodeAttribute(null=True)
    anc3 = UnicodeAttribute(null=True)
    actor_type = UnicodeAttribute()
    actor_id = UnicodeAttribute()
    actor_label = UnicodeAttribute()
    action = UnicodeAttribute()
    target_type = UnicodeAttribute()
    target_id = UnicodeAttribute()
    before = UnicodeAttribute(null=True)
    after = UnicodeAttribute(null=True)
    request_id = UnicodeAttribute(default="")
    source_ip = UnicodeAttribute(default="")

    action1 = UnicodeAttribute(null=True)
    action2 = UnicodeAttribute(null=True)
    action3 = UnicodeAttribute(null=True)
    actor1 = UnicodeAttribute(null=True)
    actor2 = UnicodeAttribute(null=True)
    actor3 = UnicodeAttribute(null=True)

    by_level1 = AuditByLevel1()
    by_level2 = AuditByLevel2()
    by_level3 = AuditByLevel3()
    by_action1 = AuditByAction1()
    by_action2 = AuditByAction2()
    by_action3 = AuditByAction3()
    by_actor1 = AuditByActor1()
    by_actor2 = AuditByActor2()
    by_actor3 = AuditByActor3()


# --- usage -----------------------------------------------------------------------------------


class UsageSampleItem(Model):
    """One raw sample. ``bucket`` = ``<hour>#<shard>`` (``2026-11-23T12#3``), so one aggregation
    run reads exactly the samples of the hours it aggregates with a Query per hour and shard;
    ``sk`` = ``<clientAccountId>#<timestamp>`` makes a sample idempotent per (account, time)."""

    Meta = table_meta("usage-samples")
    bucket = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    account_id = UnicodeAttribute()
    at = UnicodeAttribute()
    stored_bytes = NumberAttribute()
    received_at = UnicodeAttribute()
    ttl = TTLAttribute(null=True)


class UsageHoursByDirty(GlobalSecondaryIndex):
    Meta = _index("dirty-index")
    dirty = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)


class UsageHourItem(Model):
    """The aggregation's checkpoints. ``hour#<hour>``: ``version`` counts the sample batches the
    hour received and ``dirty`` (sparse, indexed) is set until an aggregation has taken them in;
    ``state``: ``watermark`` = the last hour aggregated."""

    Meta = table_meta("usage-hours")
    id = UnicodeAttribute(hash_key=True)
    version = NumberAttribute(default=0)
    aggregated_version = NumberAttribute(null=True)
    dirty = UnicodeAttribute(null=True)
    watermark = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)

    by_dirty = UsageHoursByDirty()


class UsageDaysByAccount(GlobalSecondaryIndex):
    Meta = _index("account-index")
    account_id = UnicodeAttribute(hash_key=True)
    date = UnicodeAttribute(range_key=True)


class UsageDayItem(Model):
    """One account's day: its hourly values so far, daily usage (rounded mean), peak and the
    allocation in force. ``bucket`` = ``<date>#<shard>``; the account index serves reports."""

    Meta = table_meta("usage-days")
    bucket = UnicodeAttribute(hash_key=True)
    account_id = UnicodeAttribute(range_key=True)
    date = UnicodeAttribute()
    partner_id = UnicodeAttribute()
    contract_id = UnicodeAttribute(null=True)
    path = UnicodeAttribute()
    carry_in = NumberAttribute(default=0)
    hourly = ListAttribute(of=NumberAttribute, default=list)
    usage = NumberAttribute(default=0)
    peak = NumberAttribute(default=0)
    allocated_capacity = NumberAttribute(default=0)

    by_account = UsageDaysByAccount()


class UsageRollupItem(Model):
    """A partner's, contract's or distributor's day, recomputed from its accounts' days.
    Contracts also keep billable and excess usage, the usage per partner (JSON) and the partners
    billed as pay-per-use that day (JSON list)."""

    Meta = table_meta("usage-rollups")
    entity_id = UnicodeAttribute(hash_key=True)
    date = UnicodeAttribute(range_key=True)
    entity_type = UnicodeAttribute()
    path = UnicodeAttribute()
    hourly = ListAttribute(of=NumberAttribute, default=list)
    usage = NumberAttribute(default=0)
    peak = NumberAttribute(default=0)
    allocated_capacity = NumberAttribute(default=0)
    billable = NumberAttribute(null=True)
    excess = NumberAttribute(null=True)
    partners = UnicodeAttribute(null=True)
    pay_per_use = UnicodeAttribute(null=True)


class UsagePartialItem(Model):
    """What one shard of the aggregation's fan-out adds to a (partner, contract) on a day.
    ``bucket`` = ``<date>#<shards>.<shard>``; ``part`` = ``<partner>#<contract>``, or ``~`` for
    the header whose ``digest`` says the shard's partials of the day are complete."""

    Meta = table_meta("usage-partials")
    bucket = UnicodeAttribute(hash_key=True)
    part = UnicodeAttribute(range_key=True)
    hourly = ListAttribute(of=NumberAttribute, null=True)
    usage = NumberAttribute(null=True)
    closing = NumberAttribute(null=True)
    digest = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)


#: Models that own a table (EmailClaimItem shares the users table).
ALL_MODELS: tuple[type[Model], ...] = (
    OrganizationItem,
    ContractItem,
    StorageAccountItem,
    UserItem,
    SessionItem,
    ApiKeyItem,
    LoginAttemptItem,
    OutboxItem,
    AuditEventItem,
    UsageSampleItem,
    UsageHourItem,
    UsageDayItem,
    UsageRollupItem,
    UsagePartialItem,
)


# --- deals and exports -----------------------------------------------------------------------


class _DealsByLevel(GlobalSecondaryIndex):
    sk = UnicodeAttribute(range_key=True)


class DealsByLevel1(_DealsByLevel):
    Meta = _index("level1-index")
    anc1 = UnicodeAttribute(hash_key=True)


class DealsByLevel2(_DealsByLevel):
    Meta = _index("level2-index")
    anc2 = UnicodeAttribute(hash_key=True)


class DealsByLevel3(_DealsByLevel):
    Meta = _index("level3-index")
    anc3 = UnicodeAttribute(hash_key=True)


class DealsByStatus1(_DealsByLevel):
    Meta = _index("level1-status-index")
    status1 = UnicodeAttribute(hash_key=True)


class DealsByStatus2(_DealsByLevel):
    Meta = _index("level2-status-index")
    status2 = UnicodeAttribute(hash_key=True)


class DealsByStatus3(_DealsByLevel):
    Meta = _index("level3-status-index")
    status3 = UnicodeAttribute(hash_key=True)


class DealItem(Model):
    """A registered deal. ``path`` is the registering organization's; ``anc1..anc3`` are the ids
    along it, so the organization at depth N lists its subtree's deals with one Query on
    ``levelN-index`` (newest first by ``sk`` = ``created_at#id``), as the audit log does;
    ``status1..status3`` (``<ancestor N>#<status>``, ``domain.deals.status_keys``, written with
    every status) list one status of that subtree with one Query on ``levelN-status-index``."""

    Meta = table_meta("deals")
    id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute()
    org_id = UnicodeAttribute()
    org_name = UnicodeAttribute(default="")
    path = UnicodeAttribute()
    anc1 = UnicodeAttribute(null=True)
    anc2 = UnicodeAttribute(null=True)
    anc3 = UnicodeAttribute(null=True)
    customer_name = UnicodeAttribute()
    country = UnicodeAttribute()
    expected_capacity = NumberAttribute()
    expected_close_date = UnicodeAttribute()
    contract_type = UnicodeAttribute()
    special_pricing = BooleanAttribute(default=False)
    notes = UnicodeAttribute(default="")
    status = UnicodeAttribute()
    status_reason = UnicodeAttribute(null=True)
    registered_by = UnicodeAttribute()
    registered_by_label = UnicodeAttribute()
    registered_by_user_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    status1 = UnicodeAttribute(null=True)
    status2 = UnicodeAttribute(null=True)
    status3 = UnicodeAttribute(null=True)

    by_level1 = DealsByLevel1()
    by_level2 = DealsByLevel2()
    by_level3 = DealsByLevel3()
    by_status1 = DealsByStatus1()
    by_status2 = DealsByStatus2()
    by_status3 = DealsByStatus3()


ALL_MODELS += (DealItem,)


class ExportsByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    org_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ExportItem(Model):
    """An export (CSV, XLSX or NDJSON: ``file_format``, absent = CSV) an organization asked
    for. ``status`` goes ``pending`` -> ``running`` (a
    worker's conditional claim, with ``claim_token`` and a lease) -> ``ready`` | ``failed``.
    ``upload_id`` is the multipart upload in flight, so a worker that takes over an expired
    lease aborts its predecessor's upload. ``params`` is the request as JSON."""

    Meta = table_meta("exports")
    id = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    org_type = UnicodeAttribute()
    path = UnicodeAttribute()
    type = UnicodeAttribute()
    params = UnicodeAttribute(default="{}")
    file_format = UnicodeAttribute(null=True)
    schedule_id = UnicodeAttribute(null=True)
    #: What the file's name names besides its type and day (the contract or partner asked for).
    file_label = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    requested_by = UnicodeAttribute()
    requested_by_label = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    claim_token = UnicodeAttribute(null=True)
    lease_until = UnicodeAttribute(null=True)
    attempts = NumberAttribute(default=0)
    upload_id = UnicodeAttribute(null=True)
    object_key = UnicodeAttribute(null=True)
    row_count = NumberAttribute(null=True)
    size_bytes = NumberAttribute(null=True)
    error = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)

    by_organization = ExportsByOrganization()


ALL_MODELS += (ExportItem,)


# --- events, alerts, webhooks ----------------------------------------------------------------


class _EventsByLevel(GlobalSecondaryIndex):
    sk = UnicodeAttribute(range_key=True)


class EventsByLevel1(_EventsByLevel):
    Meta = _index("level1-index")
    anc1 = UnicodeAttribute(hash_key=True)


class EventsByLevel2(_EventsByLevel):
    Meta = _index("level2-index")
    anc2 = UnicodeAttribute(hash_key=True)


class EventsByLevel3(_EventsByLevel):
    Meta = _index("level3-index")
    anc3 = UnicodeAttribute(hash_key=True)


class EventsToDispatch(GlobalSecondaryIndex):
    """Sparse: only events not yet handed to their webhook endpoints and mailboxes carry
    ``dispatch``; the dispatcher reads them oldest first with one Query."""

    Meta = _index("dispatch-index")
    dispatch = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class EventItem(Model):
    """A fact the system announces (``usage.threshold_crossed``, ``quota.enforced``, …),
    written in the same transaction as its cause. ``path`` is the owning organization's;
    ``anc1..anc3`` the ids along it, so the organization at depth N lists its subtree's events
    with one Query on ``levelN-index`` (``sk`` = ``at#id``). ``data`` is JSON; ``recipients``
    (JSON list) overrides who is e-mailed (an alert rule's recipients)."""

    Meta = table_meta("events")
    id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute()
    at = UnicodeAttribute()
    type = UnicodeAttribute()
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    anc1 = UnicodeAttribute(null=True)
    anc2 = UnicodeAttribute(null=True)
    anc3 = UnicodeAttribute(null=True)
    data = UnicodeAttribute(default="{}")
    recipients = UnicodeAttribute(null=True)
    dispatch = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)

    by_level1 = EventsByLevel1()
    by_level2 = EventsByLevel2()
    by_level3 = EventsByLevel3()
    to_dispatch = EventsToDispatch()


ALL_MODELS += (EventItem,)


class RulesByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    org_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class EveryRule(GlobalSecondaryIndex):
    """``kind`` = ``rule`` on every rule: the aggregation reads all rules with one Query."""

    Meta = _index("kind-index")
    kind = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class AlertRuleItem(Model):
    """A threshold of an organization: ``target_type`` (contract | partner | storageAccount),
    one ``target_id`` or every entity of that type in its scope (``target_id`` absent),
    ``threshold_percent`` of allocation, and who is e-mailed (absent: the organization's
    admins)."""

    Meta = table_meta("alert-rules")
    id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(default="rule")
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    target_type = UnicodeAttribute()
    target_id = UnicodeAttribute(null=True)
    threshold_percent = NumberAttribute()
    email_recipients = ListAttribute(of=UnicodeAttribute, null=True)
    created_by = UnicodeAttribute()
    created_at = UnicodeAttribute()

    by_organization = RulesByOrganization()
    every = EveryRule()


class AlertStateItem(Model):
    """A rule that has crossed on an entity (present = crossed, absent = armed): put with the
    ``usage.threshold_crossed`` event and deleted with ``usage.threshold_cleared``, each in one
    transaction with a condition, so a crossing is announced once whatever reruns."""

    Meta = table_meta("alert-states")
    rule_id = UnicodeAttribute(hash_key=True)
    entity_id = UnicodeAttribute(range_key=True)
    crossed_at = UnicodeAttribute()
    event_id = UnicodeAttribute()


class EndpointsByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    org_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class WebhookEndpointItem(Model):
    """Where an organization wants its events. The signing secret is stored sealed
    (``secret_box``: AES-GCM, ``services/sealed.py``); after a rotation the previous one keeps
    signing until ``previous_until``. ``failing_since``: the first failure since the last
    success."""

    Meta = table_meta("webhook-endpoints")
    id = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    url = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    event_types = ListAttribute(of=UnicodeAttribute, default=list)
    enabled = BooleanAttribute(default=True)
    disabled_reason = UnicodeAttribute(null=True)
    secret_box = UnicodeAttribute()
    previous_secret_box = UnicodeAttribute(null=True)
    previous_until = UnicodeAttribute(null=True)
    failing_since = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    by_organization = EndpointsByOrganization()


class DeliveriesDue(GlobalSecondaryIndex):
    """Sparse: deliveries still to attempt carry ``queue``; the sweep re-queues due ones."""

    Meta = _index("due-index")
    queue = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class WebhookDeliveryItem(Model):
    """Per endpoint (``endpoint_id``): ``sk`` = ``d#<eventId>`` is the delivery of one event
    (status, attempts made, next attempt), ``sk`` = ``a#<time>#<eventId>#<n>`` one attempt of
    it in the log (HTTP status or error, latency)."""

    Meta = table_meta("webhook-deliveries")
    endpoint_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    event_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    path = UnicodeAttribute()
    status = UnicodeAttribute(null=True)
    attempts = NumberAttribute(default=0)
    claim_token = UnicodeAttribute(null=True)
    queue = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    attempt = NumberAttribute(null=True)
    http_status = NumberAttribute(null=True)
    error = UnicodeAttribute(null=True)
    latency_ms = NumberAttribute(null=True)
    at = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)

    due = DeliveriesDue()


ALL_MODELS += (AlertRuleItem, AlertStateItem, WebhookEndpointItem, WebhookDeliveryItem)
# --- passkeys --------------------------------------------------------------------------------


class PasskeysByUser(GlobalSecondaryIndex):
    Meta = _index("user-index")
    user_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class PasskeyItem(Model):
    """A person's WebAuthn credential, keyed by its credential id (base64url), so a
    discoverable sign-in finds it with one read; listed per person on ``user-index``.
    ``sign_count`` only grows (a lower count means a cloned authenticator)."""

    Meta = table_meta("passkeys")
    id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    path = UnicodeAttribute()
    name = UnicodeAttribute()
    public_key = UnicodeAttribute()
    sign_count = NumberAttribute(default=0)
    transports = ListAttribute(of=UnicodeAttribute, default=list)
    created_at = UnicodeAttribute()
    last_used_at = UnicodeAttribute(null=True)

    by_user = PasskeysByUser()


ALL_MODELS += (PasskeyItem,)


# --- requests that are safe to retry ---------------------------------------------------------


# In its own module: the middleware needs it on every cold start, the rest only when a request
# reads or writes its table.
ALL_MODELS += (IdempotencyItem,)


class SchedulesByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    org_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class SchedulesByDue(GlobalSecondaryIndex):
    """The scheduled job's read: schedules whose ``next_run_at`` has come (one Query on the
    constant ``due_key``, bounded by time)."""

    Meta = _index("due-index")
    due_key = UnicodeAttribute(hash_key=True)
    next_run_at = UnicodeAttribute(range_key=True)


class ExportScheduleItem(Model):
    """A daily or monthly export an organization asked for: each run produces an ordinary
    export (``ExportItem.schedule_id``). ``next_run_at`` moves forward in the same transaction
    that records a run's export, so a period is exported once."""

    Meta = table_meta("export-schedules")
    id = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    org_type = UnicodeAttribute()
    path = UnicodeAttribute()
    type = UnicodeAttribute()
    file_format = UnicodeAttribute()
    frequency = UnicodeAttribute()
    params = UnicodeAttribute(default="{}")
    created_by = UnicodeAttribute()
    created_by_label = UnicodeAttribute()
    created_at = UnicodeAttribute()
    due_key = UnicodeAttribute(default="due")
    next_run_at = UnicodeAttribute()
    last_period = UnicodeAttribute(null=True)
    last_export_id = UnicodeAttribute(null=True)

    by_organization = SchedulesByOrganization()
    by_due = SchedulesByDue()


ALL_MODELS += (ExportScheduleItem,)


class SignInLinkItem(Model):
    """``link#<keyed hash of the token>`` in the users table: a single-use link that lets a
    person set their password (``purpose`` ``reset``: 1 hour; ``invite``: 7 days). Only the
    hash is stored; the link is deleted with a condition when used."""

    Meta = table_meta("users")
    id = UnicodeAttribute(hash_key=True)
    purpose = UnicodeAttribute()
    user_id = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    ttl = TTLAttribute(null=True)


# --- single sign-on (OIDC) -------------------------------------------------------------------


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
