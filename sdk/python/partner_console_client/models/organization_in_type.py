from enum import StrEnum


class OrganizationInType(StrEnum):
    DISTRIBUTOR = "distributor"
    PARTNER = "partner"

    def __str__(self) -> str:
        return str(self.value)
