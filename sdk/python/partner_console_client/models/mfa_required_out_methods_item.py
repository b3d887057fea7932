from enum import StrEnum


class MfaRequiredOutMethodsItem(StrEnum):
    PASSKEY = "passkey"
    RECOVERY_CODE = "recovery_code"
    TOTP = "totp"

    def __str__(self) -> str:
        return str(self.value)
