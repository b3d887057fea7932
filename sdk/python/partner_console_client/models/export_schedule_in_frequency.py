from enum import StrEnum


class ExportScheduleInFrequency(StrEnum):
    DAILY = "daily"
    MONTHLY = "monthly"

    def __str__(self) -> str:
        return str(self.value)
