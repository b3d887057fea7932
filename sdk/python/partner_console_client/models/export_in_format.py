from enum import StrEnum


class ExportInFormat(StrEnum):
    CSV = "csv"
    NDJSON = "ndjson"
    XLSX = "xlsx"

    def __str__(self) -> str:
        return str(self.value)
