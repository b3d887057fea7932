from enum import StrEnum


class UserOutLocaleType0(StrEnum):
    DE = "de"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
