"""Every DynamoDB table, as PynamoDB models. Each list the API serves is a Query on one of these
keys or indexes; none is a Scan (only the backfill, a maintenance job, scans a table:
``backfill.py``). ``infra/resources.json`` is generated from ``ALL_MODELS``
(``python -m infra.generate``), and a test keeps the two in step.

Timestamps are RFC 3339 strings (``clock.iso``), which sort as text; capacities are bytes.

The models live in one submodule per part (``organizations``, ``people``, ``usage``, ...), and
``from chalicelib.store.models import UserItem`` loads only the part that defines it, on first
use (a module ``__getattr__``, PEP 562): PynamoDB's metaclass inspects every model it defines
(~0.5 ms each). The cold start defines none (only the idempotency record, its own module); a
request defines the parts its imports reach (the contracts route: 9 of 11, see
docs/benchmarks.md), a worker only its job's.
``MODULES`` says where each name is; a unit test keeps it complete.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: name -> the module that defines it
MODULES: dict[str, str] = {
    "AccountIdClaimItem": "chalicelib.store.models.storage_accounts",
    "AccountsByLevel1": "chalicelib.store.models.storage_accounts",
    "AccountsByLevel2": "chalicelib.store.models.storage_accounts",
    "AccountsByPartner": "chalicelib.store.models.storage_accounts",
    "AccountsByPartnerName": "chalicelib.store.models.storage_accounts",
    "AccountsDueForPurge": "chalicelib.store.models.storage_accounts",
    "AccountsWithSaga": "chalicelib.store.models.storage_accounts",
    "AlertRuleItem": "chalicelib.store.models.events",
    "AlertStateItem": "chalicelib.store.models.events",
    "ApiKeyItem": "chalicelib.store.models.people",
    "ApiKeysByOrganization": "chalicelib.store.models.people",
    "AuditByAction1": "chalicelib.store.models.audit",
    "AuditByAction2": "chalicelib.store.models.audit",
    "AuditByAction3": "chalicelib.store.models.audit",
    "AuditByActor1": "chalicelib.store.models.audit",
    "AuditByActor2": "chalicelib.store.models.audit",
    "AuditByActor3": "chalicelib.store.models.audit",
    "AuditByLevel1": "chalicelib.store.models.audit",
    "AuditByLevel2": "chalicelib.store.models.audit",
    "AuditByLevel3": "chalicelib.store.models.audit",
    "AuditEventItem": "chalicelib.store.models.audit",
    "ContractItem": "chalicelib.store.models.contracts",
    "ContractsByOrganization": "chalicelib.store.models.contracts",
    "ContractsByProvider": "chalicelib.store.models.contracts",
    "DealItem": "chalicelib.store.models.deals_exports",
    "DealsByLevel1": "chalicelib.store.models.deals_exports",
    "DealsByLevel2": "chalicelib.store.models.deals_exports",
    "DealsByLevel3": "chalicelib.store.models.deals_exports",
    "DealsByStatus1": "chalicelib.store.models.deals_exports",
    "DealsByStatus2": "chalicelib.store.models.deals_exports",
    "DealsByStatus3": "chalicelib.store.models.deals_exports",
    "DeliveriesDue": "chalicelib.store.models.events",
    "EmailClaimItem": "chalicelib.store.models.people",
    "EndpointsByOrganization": "chalicelib.store.models.events",
    "EventItem": "chalicelib.store.models.events",
    "EventsByLevel1": "chalicelib.store.models.events",
    "EventsByLevel2": "chalicelib.store.models.events",
    "EventsByLevel3": "chalicelib.store.models.events",
    "EventsToDispatch": "chalicelib.store.models.events",
    "EveryRule": "chalicelib.store.models.events",
    "ExportItem": "chalicelib.store.models.deals_exports",
    "ExportScheduleItem": "chalicelib.store.models.schedules",
    "ExportsByOrganization": "chalicelib.store.models.deals_exports",
    "IdempotencyItem": "chalicelib.store.idempotency_record",
    "LoginAttemptItem": "chalicelib.store.models.people",
    "MfaTicketItem": "chalicelib.store.models.people",
    "OrganizationItem": "chalicelib.store.models.organizations",
    "OrgsByKindName": "chalicelib.store.models.organizations",
    "OrgsByParent": "chalicelib.store.models.organizations",
    "OrgsWithSaga": "chalicelib.store.models.organizations",
    "OutboxDue": "chalicelib.store.models.people",
    "OutboxItem": "chalicelib.store.models.people",
    "PartnersByAllocated": "chalicelib.store.models.organizations",
    "PartnersByContract": "chalicelib.store.models.organizations",
    "PartnersByName": "chalicelib.store.models.organizations",
    "PartnersByUsed": "chalicelib.store.models.organizations",
    "PasskeyItem": "chalicelib.store.models.passkeys",
    "PasskeysByUser": "chalicelib.store.models.passkeys",
    "RulesByOrganization": "chalicelib.store.models.events",
    "SchedulesByDue": "chalicelib.store.models.schedules",
    "SchedulesByOrganization": "chalicelib.store.models.schedules",
    "SessionItem": "chalicelib.store.models.people",
    "SignInLinkItem": "chalicelib.store.models.schedules",
    "SsoConfigItem": "chalicelib.store.models.sso",
    "SsoDomainClaimItem": "chalicelib.store.models.sso",
    "SsoStateItem": "chalicelib.store.models.sso",
    "StorageAccountItem": "chalicelib.store.models.storage_accounts",
    "UsageDayItem": "chalicelib.store.models.usage",
    "UsageDaysByAccount": "chalicelib.store.models.usage",
    "UsageHourItem": "chalicelib.store.models.usage",
    "UsageHoursByDirty": "chalicelib.store.models.usage",
    "UsagePartialItem": "chalicelib.store.models.usage",
    "UsageRollupItem": "chalicelib.store.models.usage",
    "UsageSampleItem": "chalicelib.store.models.usage",
    "UserItem": "chalicelib.store.models.people",
    "UsersByOrganization": "chalicelib.store.models.people",
    "WebAuthnChallengeItem": "chalicelib.store.models.people",
    "WebhookDeliveryItem": "chalicelib.store.models.events",
    "WebhookEndpointItem": "chalicelib.store.models.events",
}

#: Models that own a table, in the order the infrastructure lists them (the others share a
#: table: e-mail claims the users table, tickets and sign-in states the sessions table, ...).
TABLE_MODELS: tuple[str, ...] = (
    "OrganizationItem",
    "ContractItem",
    "StorageAccountItem",
    "UserItem",
    "SessionItem",
    "ApiKeyItem",
    "LoginAttemptItem",
    "OutboxItem",
    "AuditEventItem",
    "UsageSampleItem",
    "UsageHourItem",
    "UsageDayItem",
    "UsageRollupItem",
    "UsagePartialItem",
    "DealItem",
    "ExportItem",
    "EventItem",
    "AlertRuleItem",
    "AlertStateItem",
    "WebhookEndpointItem",
    "WebhookDeliveryItem",
    "PasskeyItem",
    "IdempotencyItem",
    "ExportScheduleItem",
)


def __getattr__(name: str) -> Any:
    if name == "ALL_MODELS":
        value: Any = tuple(__getattr__(model) for model in TABLE_MODELS)
    elif name in MODULES:
        value = getattr(import_module(MODULES[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *MODULES, "ALL_MODELS"])
