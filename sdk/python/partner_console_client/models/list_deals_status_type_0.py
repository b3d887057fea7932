from enum import StrEnum


class ListDealsStatusType0(StrEnum):
    APPROVED = "approved"
    LOST = "lost"
    REJECTED = "rejected"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    WON = "won"

    def __str__(self) -> str:
        return str(self.value)
