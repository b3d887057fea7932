from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MfaStatusOut")


@_attrs_define
class MfaStatusOut:
    """
    Attributes:
        methods (list[str]):
        totp (bool):
        recovery_codes_left (int):
        passkeys (int):
    """

    methods: list[str]
    totp: bool
    recovery_codes_left: int
    passkeys: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        methods = self.methods

        totp = self.totp

        recovery_codes_left = self.recovery_codes_left

        passkeys = self.passkeys

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "methods": methods,
                "totp": totp,
                "recoveryCodesLeft": recovery_codes_left,
                "passkeys": passkeys,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        methods = cast(list[str], d.pop("methods"))

        totp = d.pop("totp")

        recovery_codes_left = d.pop("recoveryCodesLeft")

        passkeys = d.pop("passkeys")

        mfa_status_out = cls(
            methods=methods,
            totp=totp,
            recovery_codes_left=recovery_codes_left,
            passkeys=passkeys,
        )

        mfa_status_out.additional_properties = d
        return mfa_status_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
