from enum import StrEnum


class TargetType(StrEnum):
    CONTRACT = "contract"
    PARTNER = "partner"
    STORAGEACCOUNT = "storageAccount"

    def __str__(self) -> str:
        return str(self.value)
