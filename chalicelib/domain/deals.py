"""Deal registration rules (pure): countries, contract types, and the status machine.

``submitted`` -> ``approved`` | ``rejected`` (the provider reviews, with a reason)
``submitted`` -> ``withdrawn`` (the registering organization takes it back before the review)
``approved`` -> ``won`` | ``lost`` (the registering organization closes it).
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.domain.plans import PUT, After, AuditRecord, Plan, Write, absent, eq
from chalicelib.domain.principal import path_ids
from chalicelib.errors import Conflict, ValidationFailed

#: ISO 3166-1 alpha-2: every officially assigned code.
_ASSIGNED = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW
"""
COUNTRIES = frozenset(_ASSIGNED.split())


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Code -> English short name of every assigned code (``countries.tsv``)."""
    names = {}
    for line in Path(__file__).with_name("countries.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t", 1)
            names[code] = name
    return names


def country_choices() -> list[tuple[str, str]]:
    """(code, "Germany (DE)") for a select, by name: people pick a country by its name."""
    names = country_names()
    return sorted(((c, f"{names[c]} ({c})") for c in COUNTRIES), key=lambda o: o[1].casefold())


class DealStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    WON = "won"
    LOST = "lost"
    WITHDRAWN = "withdrawn"


class ContractType(StrEnum):
    RESERVED = "reserved"
    PAY_PER_USE = "payPerUse"


#: target status -> the only status it may be reached from.
TRANSITIONS: dict[DealStatus, DealStatus] = {
    DealStatus.APPROVED: DealStatus.SUBMITTED,
    DealStatus.REJECTED: DealStatus.SUBMITTED,
    DealStatus.WON: DealStatus.APPROVED,
    DealStatus.LOST: DealStatus.APPROVED,
    DealStatus.WITHDRAWN: DealStatus.SUBMITTED,
}
#: Transitions made by the provider's review (the others by the registering organization).
REVIEW = frozenset({DealStatus.APPROVED, DealStatus.REJECTED})


def check_country(code: str) -> str:
    """``code`` upper-cased if it is an assigned ISO 3166-1 alpha-2 code."""
    upper = code.strip().upper()
    if upper not in COUNTRIES:
        raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 country code (e.g. DE, FR, US)")
    return upper


def required_from(target: DealStatus) -> DealStatus:
    """The status a deal must be in to move to ``target``."""
    if target not in TRANSITIONS:
        raise ValidationFailed(
            f"A deal cannot be moved to '{target}'.",
            details=[{"field": "status", "location": "body", "message": "Not a target status."}],
        )
    return TRANSITIONS[target]


#: The words of a move, for refusals ("can only be withdrawn while it is submitted").
_MOVE_WORDS = {
    DealStatus.APPROVED: "approved",
    DealStatus.REJECTED: "rejected",
    DealStatus.WON: "marked won",
    DealStatus.LOST: "marked lost",
    DealStatus.WITHDRAWN: "withdrawn",
}


def transition_message(deal_id: str, current: str, target: DealStatus, customer: str = "") -> str:
    """Why a deal in ``current`` cannot move to ``target``, in one sentence."""
    which = f"The deal for {customer} ({deal_id})" if customer else f"Deal {deal_id}"
    return (
        f"{which} is {current}; it can only be {_MOVE_WORDS[target]} "
        f"while it is {TRANSITIONS[target]}."
    )


def check_reason(target: DealStatus, reason: str | None) -> None:
    if target in REVIEW and not (reason and reason.strip()):
        raise ValidationFailed(
            f"A reason is required to mark a deal {target}.",
            details=[{"field": "reason", "location": "body", "message": "Required."}],
        )


def snapshot(deal: Any) -> dict[str, Any]:
    return {
        "customerName": deal.customer_name,
        "country": deal.country,
        "expectedCapacity": int(deal.expected_capacity),
        "expectedCloseDate": deal.expected_close_date,
        "contractType": deal.contract_type,
        "specialPricing": bool(deal.special_pricing),
        "status": deal.status,
        "statusReason": deal.status_reason,
    }


#: The deal lists' per-status indexes reach this deep (the level indexes' depth).
STATUS_LEVELS = 3


def status_key(org_id: str, status: str) -> str:
    """Organization ``org_id``'s key of its subtree's deals of one ``status``."""
    return f"{org_id}#{status}"


def status_keys(path: str, status: str) -> dict[str, str]:
    """The keys that put a deal on its per-status lists: for each organization N along the
    registrant's ``path`` (the provider, its distributor, the registrant), ``statusN`` =
    ``<organization N>#<status>``, so organization N lists its subtree's deals of one status,
    newest first, with one Query on ``levelN-status-index``. Written with every status."""
    ids = path_ids(path)[:STATUS_LEVELS]
    return {f"status{n}": status_key(org_id, status) for n, org_id in enumerate(ids, start=1)}


def plan_submit(deal: Any) -> Plan:
    return Plan(
        [Write("deal", "deal", deal.id, PUT, item=deal, when=(absent(),))],
        AuditRecord("deal.submit", "deal", deal.id, deal.path, after=snapshot(deal)),
    )


def plan_transition(deal: Any, target: DealStatus, reason: str | None, now: str) -> Plan:
    """Move ``deal`` (as read; None when it is gone) to ``target``: only from the one status
    that move starts from, checked on what was read and as the write's condition."""
    source = required_from(target)
    if deal.status != source:
        raise Conflict(
            transition_message(deal.id, deal.status, target, deal.customer_name),
            code="invalid_transition",
            details=[{"field": "status", "location": "body", "message": deal.status}],
        )
    changes: dict[str, Any] = {
        "status": str(target),
        "updated_at": now,
        **status_keys(deal.path, str(target)),
    }
    if reason is not None:
        changes["status_reason"] = reason
    write = Write("deal", "deal", deal.id, set=changes, when=(eq("status", str(source)),))
    before = snapshot(deal)
    after = snapshot(After(deal, changes))
    return Plan([write], AuditRecord(f"deal.{target}", "deal", deal.id, deal.path, before, after))
