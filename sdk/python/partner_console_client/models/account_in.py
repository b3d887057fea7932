from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.client_account_in import ClientAccountIn


T = TypeVar("T", bound="AccountIn")


@_attrs_define
class AccountIn:
    """``api.CreateStorageAccountReqBody``.

    Attributes:
        allocated_capacity (int): Under a pay-per-use partner a quota only; otherwise held from the partner's allocation
            (a direct channel partner: from its contract).
        allow_overdraft (bool):
        client_account (ClientAccountIn): ``api.StorageAccountClientAccount``.
        name (str):
    """

    allocated_capacity: int
    allow_overdraft: bool
    client_account: ClientAccountIn
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocated_capacity = self.allocated_capacity

        allow_overdraft = self.allow_overdraft

        client_account = self.client_account.to_dict()

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocatedCapacity": allocated_capacity,
                "allowOverdraft": allow_overdraft,
                "clientAccount": client_account,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.client_account_in import ClientAccountIn  # noqa: PLC0415

        d = dict(src_dict)
        allocated_capacity = d.pop("allocatedCapacity")

        allow_overdraft = d.pop("allowOverdraft")

        client_account = ClientAccountIn.from_dict(d.pop("clientAccount"))

        name = d.pop("name")

        account_in = cls(
            allocated_capacity=allocated_capacity,
            allow_overdraft=allow_overdraft,
            client_account=client_account,
            name=name,
        )

        account_in.additional_properties = d
        return account_in

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
