from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mfa_required_out_methods_item import MfaRequiredOutMethodsItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="MfaRequiredOut")


@_attrs_define
class MfaRequiredOut:
    """
    Attributes:
        mfa_token (str): Send it to `POST /v1/auth/mfa` with a code, a recovery code or a passkey assertion, from the
            same address, before `expiresAt`; it works once.
        methods (list[MfaRequiredOutMethodsItem]):
        expires_at (str):
        mfa_required (bool | Unset):  Default: True.
    """

    mfa_token: str
    methods: list[MfaRequiredOutMethodsItem]
    expires_at: str
    mfa_required: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mfa_token = self.mfa_token

        methods = []
        for methods_item_data in self.methods:
            methods_item = methods_item_data.value
            methods.append(methods_item)

        expires_at = self.expires_at

        mfa_required = self.mfa_required

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mfaToken": mfa_token,
                "methods": methods,
                "expiresAt": expires_at,
            }
        )
        if mfa_required is not UNSET:
            field_dict["mfaRequired"] = mfa_required

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mfa_token = d.pop("mfaToken")

        methods = []
        _methods = d.pop("methods")
        for methods_item_data in _methods:
            methods_item = MfaRequiredOutMethodsItem(methods_item_data)

            methods.append(methods_item)

        expires_at = d.pop("expiresAt")

        mfa_required = d.pop("mfaRequired", UNSET)

        mfa_required_out = cls(
            mfa_token=mfa_token,
            methods=methods,
            expires_at=expires_at,
            mfa_required=mfa_required,
        )

        mfa_required_out.additional_properties = d
        return mfa_required_out

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
