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
            quota_enforced (bool | Unset): Extension: `true` while the storage backend holds the account read-only for using
                more than its allocation with overdraft off (writes are refused; reads and deletes work). Lifted by the usage
                aggregation once it is back under. Default: False.
            quota_enforced_at (None | str | Unset): Extension: since when `quotaEnforced` holds (else null).
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
    quota_enforced: bool | Unset = False
    quota_enforced_at: None | str | Unset = UNSET
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

        quota_enforced = self.quota_enforced

        quota_enforced_at: None | str | Unset
        if isinstance(self.quota_enforced_at, Unset):
            quota_enforced_at = UNSET
        else:
            quota_enforced_at = self.quota_enforced_at

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
        if quota_enforced is not UNSET:
            field_dict["quotaEnforced"] = quota_enforced
        if quota_enforced_at is not UNSET:
            field_dict["quotaEnforcedAt"] = quota_enforced_at

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

        quota_enforced = d.pop("quotaEnforced", UNSET)

        def _parse_quota_enforced_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quota_enforced_at = _parse_quota_enforced_at(d.pop("quotaEnforcedAt", UNSET))

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
            quota_enforced=quota_enforced,
            quota_enforced_at=quota_enforced_at,
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
