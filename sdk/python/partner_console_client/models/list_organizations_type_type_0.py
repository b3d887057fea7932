from enum import StrEnum


class ListOrganizationsTypeType0(StrEnum):
    DISTRIBUTOR = "distributor"
    PARTNER = "partner"

    def __str__(self) -> str:
        return str(self.value)
