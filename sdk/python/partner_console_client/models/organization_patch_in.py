from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrganizationPatchIn")


@_attrs_define
class OrganizationPatchIn:
    """
    Attributes:
        name (None | str | Unset):
        require_mfa (bool | None | Unset): Members without a second factor may then only enrol one (their admins, or the
            provider's admins, set it).
    """

    name: None | str | Unset = UNSET
    require_mfa: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        require_mfa: bool | None | Unset
        if isinstance(self.require_mfa, Unset):
            require_mfa = UNSET
        else:
            require_mfa = self.require_mfa

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if require_mfa is not UNSET:
            field_dict["requireMfa"] = require_mfa

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_require_mfa(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        require_mfa = _parse_require_mfa(d.pop("requireMfa", UNSET))

        organization_patch_in = cls(
            name=name,
            require_mfa=require_mfa,
        )

        return organization_patch_in
