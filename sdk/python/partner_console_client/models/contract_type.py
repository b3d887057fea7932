from enum import StrEnum


class ContractType(StrEnum):
    PAYPERUSE = "payPerUse"
    RESERVED = "reserved"

    def __str__(self) -> str:
        return str(self.value)
