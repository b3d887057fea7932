"""A storage account's lifecycle vocabulary: its statuses and the sagas that make it busy.

The rules over them (who may move an account from one to the other, and when) are in
``domain.storage_accounts``; this module holds only the names, so that the table models can use
them without loading the rules.
"""

from __future__ import annotations

from enum import StrEnum


class AccountStatus(StrEnum):
    ACTIVE = "active"
    PENDING_DELETION = "pending_deletion"


class Saga(StrEnum):
    """What the backend has been asked to do and not yet confirmed."""

    PROVISIONING = "provisioning"
    QUOTA = "quota"
    SUSPENDING = "suspending"
    RESTORING = "restoring"
    PURGING = "purging"
