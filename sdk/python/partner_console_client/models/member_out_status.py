from enum import StrEnum


class MemberOutStatus(StrEnum):
    ACTIVE = "active"
    INVITATION_EXPIRED = "invitation_expired"
    INVITED = "invited"

    def __str__(self) -> str:
        return str(self.value)
