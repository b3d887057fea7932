from enum import StrEnum


class ExportScheduleInType(StrEnum):
    AUDITEVENTS = "auditEvents"
    DEALS = "deals"
    PARTNERS = "partners"
    STORAGEACCOUNTS = "storageAccounts"
    USAGE = "usage"

    def __str__(self) -> str:
        return str(self.value)
