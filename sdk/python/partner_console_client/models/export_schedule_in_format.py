from enum import StrEnum


class ExportScheduleInFormat(StrEnum):
    CSV = "csv"
    NDJSON = "ndjson"
    XLSX = "xlsx"

    def __str__(self) -> str:
        return str(self.value)
