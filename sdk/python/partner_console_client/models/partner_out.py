from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PartnerOut")


@_attrs_define
class PartnerOut:
    """``api.DistributorPartnerResponse`` plus ``usedCapacity`` and ``usageUpdatedAt``.

    Attributes:
        allocated_capacity (int):
        allow_overdraft (bool):
        details (str):
        distributor_contract_id (str):
        id (str):
        name (str):
        used_capacity (int):
        usage_updated_at (None | str):
        accounts_allocated_capacity (int | Unset): Extension: bytes allocated to its storage accounts. Default: 0.
        left_for_storage_accounts (int | None | Unset): Extension: bytes its storage accounts may still be given
            (`allocatedCapacity − accountsAllocatedCapacity`); null for pay-per-use, which bounds nothing.
    """

    allocated_capacity: int
    allow_overdraft: bool
    details: str
    distributor_contract_id: str
    id: str
    name: str
    used_capacity: int
    usage_updated_at: None | str
    accounts_allocated_capacity: int | Unset = 0
    left_for_storage_accounts: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocated_capacity = self.allocated_capacity

        allow_overdraft = self.allow_overdraft

        details = self.details

        distributor_contract_id = self.distributor_contract_id

        id = self.id

        name = self.name

        used_capacity = self.used_capacity

        usage_updated_at: None | str
        usage_updated_at = self.usage_updated_at

        accounts_allocated_capacity = self.accounts_allocated_capacity

        left_for_storage_accounts: int | None | Unset
        if isinstance(self.left_for_storage_accounts, Unset):
            left_for_storage_accounts = UNSET
        else:
            left_for_storage_accounts = self.left_for_storage_accounts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocatedCapacity": allocated_capacity,
                "allowOverdraft": allow_overdraft,
                "details": details,
                "distributorContractId": distributor_contract_id,
                "id": id,
                "name": name,
                "usedCapacity": used_capacity,
                "usageUpdatedAt": usage_updated_at,
            }
        )
        if accounts_allocated_capacity is not UNSET:
            field_dict["accountsAllocatedCapacity"] = accounts_allocated_capacity
        if left_for_storage_accounts is not UNSET:
            field_dict["leftForStorageAccounts"] = left_for_storage_accounts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allocated_capacity = d.pop("allocatedCapacity")

        allow_overdraft = d.pop("allowOverdraft")

        details = d.pop("details")

        distributor_contract_id = d.pop("distributorContractId")

        id = d.pop("id")

        name = d.pop("name")

        used_capacity = d.pop("usedCapacity")

        def _parse_usage_updated_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        usage_updated_at = _parse_usage_updated_at(d.pop("usageUpdatedAt"))

        accounts_allocated_capacity = d.pop("accountsAllocatedCapacity", UNSET)

        def _parse_left_for_storage_accounts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        left_for_storage_accounts = _parse_left_for_storage_accounts(d.pop("leftForStorageAccounts", UNSET))

        partner_out = cls(
            allocated_capacity=allocated_capacity,
            allow_overdraft=allow_overdraft,
            details=details,
            distributor_contract_id=distributor_contract_id,
            id=id,
            name=name,
            used_capacity=used_capacity,
            usage_updated_at=usage_updated_at,
            accounts_allocated_capacity=accounts_allocated_capacity,
            left_for_storage_accounts=left_for_storage_accounts,
        )

        partner_out.additional_properties = d
        return partner_out

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
