from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ContractIn")


@_attrs_define
class ContractIn:
    """
    Attributes:
        organization_id (str): The distributor or direct channel partner.
        details (str): The contract's name.
        reserved_capacity (int): Bytes (1 TB = 10^12).
        cost_storage_gb_cents (float): Excess-usage price in cents per GB-month.
        currency (str): ISO 4217 code, e.g. EUR.
        start_date (datetime.date):
        end_date (datetime.date):
    """

    organization_id: str
    details: str
    reserved_capacity: int
    cost_storage_gb_cents: float
    currency: str
    start_date: datetime.date
    end_date: datetime.date

    def to_dict(self) -> dict[str, Any]:
        organization_id = self.organization_id

        details = self.details

        reserved_capacity = self.reserved_capacity

        cost_storage_gb_cents = self.cost_storage_gb_cents

        currency = self.currency

        start_date = self.start_date.isoformat()

        end_date = self.end_date.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "organizationId": organization_id,
                "details": details,
                "reservedCapacity": reserved_capacity,
                "costStorageGBCents": cost_storage_gb_cents,
                "currency": currency,
                "startDate": start_date,
                "endDate": end_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        organization_id = d.pop("organizationId")

        details = d.pop("details")

        reserved_capacity = d.pop("reservedCapacity")

        cost_storage_gb_cents = d.pop("costStorageGBCents")

        currency = d.pop("currency")

        start_date = datetime.date.fromisoformat(d.pop("startDate"))

        end_date = datetime.date.fromisoformat(d.pop("endDate"))

        contract_in = cls(
            organization_id=organization_id,
            details=details,
            reserved_capacity=reserved_capacity,
            cost_storage_gb_cents=cost_storage_gb_cents,
            currency=currency,
            start_date=start_date,
            end_date=end_date,
        )

        return contract_in
