"""Storage-account access keys: the S3 keys a storage account's customer uses.

Rules (pure; the store enforces them as conditions on the account's record):

* at most ``MAX_ACCESS_KEYS`` (two) per account, so one can be rotated while the other works;
* a key is made only for an ``active`` account (a pending deletion is read-only: it gets no new
  credentials; revoking stays allowed whatever the status);
* the secret is handed out once, by the creating request, and never stored.
"""

from __future__ import annotations

from chalicelib.domain.account_status import AccountStatus

MAX_ACCESS_KEYS = 2


def refusal_to_create(existing: int, status: str, account_id: str) -> str | None:
    """The sentence that refuses a new key, or None when it may be made."""
    if status != AccountStatus.ACTIVE:
        return (
            f"Storage account {account_id} is {status.replace('_', ' ')}; it gets no new access "
            "keys (restore it first)."
        )
    if existing >= MAX_ACCESS_KEYS:
        return (
            f"Storage account {account_id} already has {existing} access keys, the most it may "
            f"have; revoke one before creating another."
        )
    return None


def page_after(
    keys: dict[str, str], after: str | None, limit: int
) -> tuple[list[tuple[str, str]], str | None]:
    """``keys`` (id → createdAt) oldest first, the ``limit`` after the id ``after``; returns
    them and the id to resume after (None when done)."""
    ordered = sorted(keys.items(), key=lambda item: (item[1], item[0]))
    if after is not None:
        ids = [key_id for key_id, _ in ordered]
        ordered = ordered[ids.index(after) + 1 :] if after in ids else []
    chosen = ordered[:limit]
    more = len(ordered) > limit
    return chosen, (chosen[-1][0] if more and chosen else None)
