from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.organization_in_type import OrganizationInType
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrganizationIn")


@_attrs_define
class OrganizationIn:
    """
    Attributes:
        type_ (OrganizationInType): `partner` creates a direct channel partner of the provider.
        name (str):
        parent_id (None | str | Unset): The provider's id, if given.
    """

    type_: OrganizationInType
    name: str
    parent_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        name = self.name

        parent_id: None | str | Unset
        if isinstance(self.parent_id, Unset):
            parent_id = UNSET
        else:
            parent_id = self.parent_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "name": name,
            }
        )
        if parent_id is not UNSET:
            field_dict["parentId"] = parent_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = OrganizationInType(d.pop("type"))

        name = d.pop("name")

        def _parse_parent_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parent_id = _parse_parent_id(d.pop("parentId", UNSET))

        organization_in = cls(
            type_=type_,
            name=name,
            parent_id=parent_id,
        )

        return organization_in
