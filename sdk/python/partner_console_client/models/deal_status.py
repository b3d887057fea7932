from enum import StrEnum


class DealStatus(StrEnum):
    APPROVED = "approved"
    LOST = "lost"
    REJECTED = "rejected"
    SUBMITTED = "submitted"
    WON = "won"

    def __str__(self) -> str:
        return str(self.value)
