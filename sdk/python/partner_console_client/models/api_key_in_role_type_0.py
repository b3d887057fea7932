from enum import StrEnum


class ApiKeyInRoleType0(StrEnum):
    ADMIN = "admin"
    METERING = "metering"
    STAFF = "staff"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
