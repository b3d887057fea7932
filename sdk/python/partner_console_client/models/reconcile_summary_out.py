from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.partner_sagas_out import PartnerSagasOut
    from ..models.reconcile_summary_out_accounts_item import ReconcileSummaryOutAccountsItem


T = TypeVar("T", bound="ReconcileSummaryOut")


@_attrs_define
class ReconcileSummaryOut:
    """
    Attributes:
        examined (int):
        completed (int):
        rolled_back (int):
        failed (int):
        accounts (list[ReconcileSummaryOutAccountsItem]):
        partners (PartnerSagasOut):
    """

    examined: int
    completed: int
    rolled_back: int
    failed: int
    accounts: list[ReconcileSummaryOutAccountsItem]
    partners: PartnerSagasOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        examined = self.examined

        completed = self.completed

        rolled_back = self.rolled_back

        failed = self.failed

        accounts = []
        for accounts_item_data in self.accounts:
            accounts_item = accounts_item_data.to_dict()
            accounts.append(accounts_item)

        partners = self.partners.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "examined": examined,
                "completed": completed,
                "rolledBack": rolled_back,
                "failed": failed,
                "accounts": accounts,
                "partners": partners,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.partner_sagas_out import PartnerSagasOut  # noqa: PLC0415
        from ..models.reconcile_summary_out_accounts_item import ReconcileSummaryOutAccountsItem  # noqa: PLC0415

        d = dict(src_dict)
        examined = d.pop("examined")

        completed = d.pop("completed")

        rolled_back = d.pop("rolledBack")

        failed = d.pop("failed")

        accounts = []
        _accounts = d.pop("accounts")
        for accounts_item_data in _accounts:
            accounts_item = ReconcileSummaryOutAccountsItem.from_dict(accounts_item_data)

            accounts.append(accounts_item)

        partners = PartnerSagasOut.from_dict(d.pop("partners"))

        reconcile_summary_out = cls(
            examined=examined,
            completed=completed,
            rolled_back=rolled_back,
            failed=failed,
            accounts=accounts,
            partners=partners,
        )

        reconcile_summary_out.additional_properties = d
        return reconcile_summary_out

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
