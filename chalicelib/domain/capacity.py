"""Capacity rules (pure). All capacities are bytes, decimal units: 1 TB = 10**12 bytes.

* The partners' allocations in a contract never add up to more than its reserved capacity.
* A contract's reserved capacity can't be lowered below what is allocated from it.
* A partner's allocation can't be lowered below what its storage accounts hold.
* ``allocatedCapacity`` 0 means Pay-per-Use (billed on actual usage).

These functions decide and explain; the store enforces the same bounds atomically with
DynamoDB conditions, so a concurrent change can never slip between the check and the write.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from chalicelib.errors import CapacityExceeded, Conflict

TB = 10**12
#: Upper bound for any capacity we accept (1 zettabyte): keeps arithmetic far from overflow.
MAX_CAPACITY = 10**21


def tb_figure(n: int, grouped: bool = True) -> str:
    """Bytes as a TB figure, exact to 3 places: ``1234500000000000`` -> ``"1,234.5"``
    (``grouped=False``: ``"1234.5"``, as a form field holds it)."""
    number = Decimal(int(n)) / TB
    text = f"{number:,.3f}" if grouped else f"{number:.3f}"
    return text.rstrip("0").rstrip(".")


def tb(n: int) -> str:
    """The one TB formatter for people (API sentences and the console): ``"1,012.5 TB"``."""
    return f"{tb_figure(n)} TB"


def describe(n: int) -> str:
    """Bytes for a sentence: ``"12.5 TB"``; the exact bytes follow only when the TB figure
    rounds (``"0.001 TB (1,234,567,890 bytes)"``), and an amount too small for TB is in bytes
    (``"1 byte"``), never ``"0 TB (1 bytes)"``."""
    if n and abs(n) < TB // 2000:
        return f"{n:,} byte{'' if abs(n) == 1 else 's'}"
    if n % (TB // 1000) == 0:
        return tb(n)
    return f"{tb(n)} ({n:,} bytes)"


def allocation_bound(reserved: int, delta: int) -> int:
    """The highest ``allocated`` a contract may have *before* adding ``delta`` bytes."""
    return reserved - delta


def _detail(field: str, message: str, remaining: int) -> dict:
    return {"field": field, "location": "body", "message": message, "remainingCapacity": remaining}


def check_allocation(
    contract_name: str, reserved: int, allocated: int, delta: int, field: str = "allocatedCapacity"
) -> None:
    """Raise unless ``delta`` more bytes fit in the contract."""
    if delta <= 0 or allocated + delta <= reserved:
        return
    remaining = max(0, reserved - allocated)
    raise CapacityExceeded(
        f"Contract '{contract_name}' has {describe(remaining)} left to allocate; this change "
        f"needs {describe(delta)} more.",
        details=[_detail(field, "Exceeds the contract's remaining capacity.", remaining)],
    )


def check_reserved(contract_name: str, new_reserved: int, allocated: int) -> None:
    if new_reserved >= allocated:
        return
    raise CapacityExceeded(
        f"The reserved capacity of contract '{contract_name}' can't be lowered below the "
        f"{describe(allocated)} already allocated to its partners.",
        details=[_detail("reservedCapacity", "Below the allocated capacity.", 0)],
    )


def reservation_bounded(old: int, new: int) -> bool:
    """Whether a partner's change must fit what its storage accounts hold: only a real change
    of reservation to a reserved allocation. Under pay-per-use (0) the accounts' allocations
    are quotas the partner does not bound, so a rename, an overdraft switch, the same
    allocation again, or a move to pay-per-use is never refused for them."""
    return new != old and new > 0


def check_partner_floor(partner_name: str, new_allocation: int, held_by_accounts: int) -> None:
    if new_allocation >= held_by_accounts:
        return
    raise CapacityExceeded(
        f"Partner '{partner_name}' can't be lowered below the {describe(held_by_accounts)} its "
        "storage accounts already hold.",
        details=[_detail("allocatedCapacity", "Below what storage accounts hold.", 0)],
    )


def check_contract_open(contract_name: str, end_date: str, today: date) -> None:
    if date.fromisoformat(end_date) < today:
        raise Conflict(
            f"Contract '{contract_name}' ended on {end_date}; it takes no new partners.",
            code="contract_ended",
        )


def account_room(limit: int, held: int) -> int:
    """What is left for storage accounts under an allocation of ``limit`` of which ``held`` is
    taken (never negative)."""
    return max(0, limit - held)


def check_account_allocation(owner: str, limit: int, held: int, delta: int) -> None:
    """Raise unless ``delta`` more bytes of storage-account allocation fit under ``owner``'s
    ``limit`` (a reserved partner's allocation, or a direct channel partner's contract), of
    which its accounts already hold ``held``. ``limit`` 0 (Pay-per-Use) bounds nothing: the
    account's allocation is then a quota only."""
    if delta <= 0 or limit == 0 or held + delta <= limit:
        return
    remaining = account_room(limit, held)
    raise CapacityExceeded(
        f"{owner} has {describe(remaining)} left for storage accounts; this change needs "
        f"{describe(delta)} more.",
        details=[
            _detail("allocatedCapacity", "Exceeds the remaining capacity.", remaining)
            | {"remainingCapacityTB": remaining / TB}
        ],
    )


def unallocated(reserved: int, allocated: int) -> int:
    """A contract's capacity not yet allocated to partners (its headroom; never negative)."""
    return max(0, reserved - allocated)


def left_for_accounts(allocation: int, held: int) -> int | None:
    """What a partner's storage accounts may still be given: ``None`` for a pay-per-use
    partner (allocation 0), whose accounts are bounded by nothing but their own quotas."""
    return None if allocation == 0 else account_room(allocation, held)


#: From this share of its allocation on, usage is shown as close to the limit.
WARN_RATIO = 0.9


def usage_level(used: int, allocation: int) -> tuple[str, int | None]:
    """How full an allocation is, for people: (``"ok"``/``"warn"``/``"over"``, whole percent),
    or (``"none"``, ``None``) for pay-per-use, which has no allocation to be full of."""
    if allocation <= 0:
        return "none", None
    percent = int(used * 100 // allocation)
    if used > allocation:
        return "over", percent
    return ("warn" if used >= allocation * WARN_RATIO else "ok"), percent
