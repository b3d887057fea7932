from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.partner_day_out import PartnerDayOut


T = TypeVar("T", bound="ContractDayOut")


@_attrs_define
class ContractDayOut:
    """
    Attributes:
        date (str):
        usage (int): Σ of the partners' daily usage.
        peak (int):
        billable (int): Reserved partners' usage + pay-per-use max(usage, 1 TB).
        excess (int): max(0, billable − reserved capacity).
        reserved_capacity (int):
        partners (list[PartnerDayOut]):
    """

    date: str
    usage: int
    peak: int
    billable: int
    excess: int
    reserved_capacity: int
    partners: list[PartnerDayOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date

        usage = self.usage

        peak = self.peak

        billable = self.billable

        excess = self.excess

        reserved_capacity = self.reserved_capacity

        partners = []
        for partners_item_data in self.partners:
            partners_item = partners_item_data.to_dict()
            partners.append(partners_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "usage": usage,
                "peak": peak,
                "billable": billable,
                "excess": excess,
                "reservedCapacity": reserved_capacity,
                "partners": partners,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.partner_day_out import PartnerDayOut  # noqa: PLC0415

        d = dict(src_dict)
        date = d.pop("date")

        usage = d.pop("usage")

        peak = d.pop("peak")

        billable = d.pop("billable")

        excess = d.pop("excess")

        reserved_capacity = d.pop("reservedCapacity")

        partners = []
        _partners = d.pop("partners")
        for partners_item_data in _partners:
            partners_item = PartnerDayOut.from_dict(partners_item_data)

            partners.append(partners_item)

        contract_day_out = cls(
            date=date,
            usage=usage,
            peak=peak,
            billable=billable,
            excess=excess,
            reserved_capacity=reserved_capacity,
            partners=partners,
        )

        contract_day_out.additional_properties = d
        return contract_day_out

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
