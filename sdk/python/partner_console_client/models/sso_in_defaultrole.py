from enum import StrEnum


class SsoInDefaultrole(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
