from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountOut")


@_attrs_define
class AccountOut:
    """``api.StorageAccountResponse`` plus ``usedCapacity``, ``usageUpdatedAt``, ``status``
    and ``partnerId``. ``pendingDeletedAt`` is left out when no deletion is pending.

        Attributes:
            allocated_capacity (int):
            allow_overdraft (bool):
            client_account_id (str):
            contact_email (str):
            name (str):
            used_capacity (int):
            usage_updated_at (None | str):
            status (str): `active`, `suspended` or `pending_deletion`.
            partner_id (str):
            pending_deleted_at (str | Unset): Present only while a deletion is pending.
    """

    allocated_capacity: int
    allow_overdraft: bool
    client_account_id: str
    contact_email: str
    name: str
    used_capacity: int
    usage_updated_at: None | str
    status: str
    partner_id: str
    pending_deleted_at: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocated_capacity = self.allocated_capacity

        allow_overdraft = self.allow_overdraft

        client_account_id = self.client_account_id

        contact_email = self.contact_email

        name = self.name

        used_capacity = self.used_capacity

        usage_updated_at: None | str
        usage_updated_at = self.usage_updated_at

        status = self.status

        partner_id = self.partner_id

        pending_deleted_at = self.pending_deleted_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocatedCapacity": allocated_capacity,
                "allowOverdraft": allow_overdraft,
                "clientAccountId": client_account_id,
                "contactEmail": contact_email,
                "name": name,
                "usedCapacity": used_capacity,
                "usageUpdatedAt": usage_updated_at,
                "status": status,
                "partnerId": partner_id,
            }
        )
        if pending_deleted_at is not UNSET:
            field_dict["pendingDeletedAt"] = pending_deleted_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allocated_capacity = d.pop("allocatedCapacity")

        allow_overdraft = d.pop("allowOverdraft")

        client_account_id = d.pop("clientAccountId")

        contact_email = d.pop("contactEmail")

        name = d.pop("name")

        used_capacity = d.pop("usedCapacity")

        def _parse_usage_updated_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        usage_updated_at = _parse_usage_updated_at(d.pop("usageUpdatedAt"))

        status = d.pop("status")

        partner_id = d.pop("partnerId")

        pending_deleted_at = d.pop("pendingDeletedAt", UNSET)

        account_out = cls(
            allocated_capacity=allocated_capacity,
            allow_overdraft=allow_overdraft,
            client_account_id=client_account_id,
            contact_email=contact_email,
            name=name,
            used_capacity=used_capacity,
            usage_updated_at=usage_updated_at,
            status=status,
            partner_id=partner_id,
            pending_deleted_at=pending_deleted_at,
        )

        account_out.additional_properties = d
        return account_out

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
