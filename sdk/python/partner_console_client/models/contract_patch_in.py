from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContractPatchIn")


@_attrs_define
class ContractPatchIn:
    """
    Attributes:
        details (None | str | Unset):
        reserved_capacity (int | None | Unset):
        cost_storage_gb_cents (float | None | Unset):
        currency (None | str | Unset):
        start_date (datetime.date | None | Unset):
        end_date (datetime.date | None | Unset):
    """

    details: None | str | Unset = UNSET
    reserved_capacity: int | None | Unset = UNSET
    cost_storage_gb_cents: float | None | Unset = UNSET
    currency: None | str | Unset = UNSET
    start_date: datetime.date | None | Unset = UNSET
    end_date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        details: None | str | Unset
        if isinstance(self.details, Unset):
            details = UNSET
        else:
            details = self.details

        reserved_capacity: int | None | Unset
        if isinstance(self.reserved_capacity, Unset):
            reserved_capacity = UNSET
        else:
            reserved_capacity = self.reserved_capacity

        cost_storage_gb_cents: float | None | Unset
        if isinstance(self.cost_storage_gb_cents, Unset):
            cost_storage_gb_cents = UNSET
        else:
            cost_storage_gb_cents = self.cost_storage_gb_cents

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        start_date: None | str | Unset
        if isinstance(self.start_date, Unset):
            start_date = UNSET
        elif isinstance(self.start_date, datetime.date):
            start_date = self.start_date.isoformat()
        else:
            start_date = self.start_date

        end_date: None | str | Unset
        if isinstance(self.end_date, Unset):
            end_date = UNSET
        elif isinstance(self.end_date, datetime.date):
            end_date = self.end_date.isoformat()
        else:
            end_date = self.end_date

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if details is not UNSET:
            field_dict["details"] = details
        if reserved_capacity is not UNSET:
            field_dict["reservedCapacity"] = reserved_capacity
        if cost_storage_gb_cents is not UNSET:
            field_dict["costStorageGBCents"] = cost_storage_gb_cents
        if currency is not UNSET:
            field_dict["currency"] = currency
        if start_date is not UNSET:
            field_dict["startDate"] = start_date
        if end_date is not UNSET:
            field_dict["endDate"] = end_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_details(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        details = _parse_details(d.pop("details", UNSET))

        def _parse_reserved_capacity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        reserved_capacity = _parse_reserved_capacity(d.pop("reservedCapacity", UNSET))

        def _parse_cost_storage_gb_cents(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        cost_storage_gb_cents = _parse_cost_storage_gb_cents(d.pop("costStorageGBCents", UNSET))

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_start_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_date_type_0 = datetime.date.fromisoformat(data)

                return start_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        start_date = _parse_start_date(d.pop("startDate", UNSET))

        def _parse_end_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_date_type_0 = datetime.date.fromisoformat(data)

                return end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        end_date = _parse_end_date(d.pop("endDate", UNSET))

        contract_patch_in = cls(
            details=details,
            reserved_capacity=reserved_capacity,
            cost_storage_gb_cents=cost_storage_gb_cents,
            currency=currency,
            start_date=start_date,
            end_date=end_date,
        )

        return contract_patch_in
