from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.purge_summary_out_accounts_item import PurgeSummaryOutAccountsItem


T = TypeVar("T", bound="PurgeSummaryOut")


@_attrs_define
class PurgeSummaryOut:
    """
    Attributes:
        due (int):
        purged (int):
        failed (int):
        skipped (int):
        accounts (list[PurgeSummaryOutAccountsItem]):
    """

    due: int
    purged: int
    failed: int
    skipped: int
    accounts: list[PurgeSummaryOutAccountsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        due = self.due

        purged = self.purged

        failed = self.failed

        skipped = self.skipped

        accounts = []
        for accounts_item_data in self.accounts:
            accounts_item = accounts_item_data.to_dict()
            accounts.append(accounts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "due": due,
                "purged": purged,
                "failed": failed,
                "skipped": skipped,
                "accounts": accounts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.purge_summary_out_accounts_item import PurgeSummaryOutAccountsItem  # noqa: PLC0415

        d = dict(src_dict)
        due = d.pop("due")

        purged = d.pop("purged")

        failed = d.pop("failed")

        skipped = d.pop("skipped")

        accounts = []
        _accounts = d.pop("accounts")
        for accounts_item_data in _accounts:
            accounts_item = PurgeSummaryOutAccountsItem.from_dict(accounts_item_data)

            accounts.append(accounts_item)

        purge_summary_out = cls(
            due=due,
            purged=purged,
            failed=failed,
            skipped=skipped,
            accounts=accounts,
        )

        purge_summary_out.additional_properties = d
        return purge_summary_out

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
