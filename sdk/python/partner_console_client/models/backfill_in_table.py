from enum import StrEnum


class BackfillInTable(StrEnum):
    AUDIT_EVENTS = "audit-events"
    DEALS = "deals"
    ORGANIZATIONS = "organizations"
    STORAGE_ACCOUNTS = "storage-accounts"

    def __str__(self) -> str:
        return str(self.value)
