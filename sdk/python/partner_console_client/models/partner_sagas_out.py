from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PartnerSagasOut")


@_attrs_define
class PartnerSagasOut:
    """
    Attributes:
        deleted (int): Deleted partners whose people and keys were finished.
        transferred (int): Transferred partners whose accounts now follow.
        accounts_moved (int): Storage accounts re-pointed to their new contract.
    """

    deleted: int
    transferred: int
    accounts_moved: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        deleted = self.deleted

        transferred = self.transferred

        accounts_moved = self.accounts_moved

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deleted": deleted,
                "transferred": transferred,
                "accountsMoved": accounts_moved,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        deleted = d.pop("deleted")

        transferred = d.pop("transferred")

        accounts_moved = d.pop("accountsMoved")

        partner_sagas_out = cls(
            deleted=deleted,
            transferred=transferred,
            accounts_moved=accounts_moved,
        )

        partner_sagas_out.additional_properties = d
        return partner_sagas_out

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
