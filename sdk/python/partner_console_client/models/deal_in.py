from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.contract_type import ContractType
from ..types import UNSET, Unset

T = TypeVar("T", bound="DealIn")


@_attrs_define
class DealIn:
    """
    Attributes:
        customer_name (str):
        country (str): ISO 3166-1 alpha-2, e.g. DE.
        expected_capacity (int): Bytes (1 TB = 10^12).
        expected_close_date (datetime.date):
        contract_type (ContractType):
        special_pricing (bool | Unset): Special pricing requested. Default: False.
        notes (str | Unset):  Default: ''.
    """

    customer_name: str
    country: str
    expected_capacity: int
    expected_close_date: datetime.date
    contract_type: ContractType
    special_pricing: bool | Unset = False
    notes: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        customer_name = self.customer_name

        country = self.country

        expected_capacity = self.expected_capacity

        expected_close_date = self.expected_close_date.isoformat()

        contract_type = self.contract_type.value

        special_pricing = self.special_pricing

        notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "customerName": customer_name,
                "country": country,
                "expectedCapacity": expected_capacity,
                "expectedCloseDate": expected_close_date,
                "contractType": contract_type,
            }
        )
        if special_pricing is not UNSET:
            field_dict["specialPricing"] = special_pricing
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        customer_name = d.pop("customerName")

        country = d.pop("country")

        expected_capacity = d.pop("expectedCapacity")

        expected_close_date = datetime.date.fromisoformat(d.pop("expectedCloseDate"))

        contract_type = ContractType(d.pop("contractType"))

        special_pricing = d.pop("specialPricing", UNSET)

        notes = d.pop("notes", UNSET)

        deal_in = cls(
            customer_name=customer_name,
            country=country,
            expected_capacity=expected_capacity,
            expected_close_date=expected_close_date,
            contract_type=contract_type,
            special_pricing=special_pricing,
            notes=notes,
        )

        return deal_in
