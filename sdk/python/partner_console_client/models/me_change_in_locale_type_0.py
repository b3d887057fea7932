from enum import StrEnum


class MeChangeInLocaleType0(StrEnum):
    DE = "de"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
