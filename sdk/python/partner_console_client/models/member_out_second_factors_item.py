from enum import StrEnum


class MemberOutSecondFactorsItem(StrEnum):
    PASSKEY = "passkey"
    TOTP = "totp"

    def __str__(self) -> str:
        return str(self.value)
