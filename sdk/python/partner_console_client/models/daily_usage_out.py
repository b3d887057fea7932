from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DailyUsageOut")


@_attrs_define
class DailyUsageOut:
    """``api.DailyUsage``.

    Attributes:
        allocated_capacity (int):
        date (str):
        usage (int):
    """

    allocated_capacity: int
    date: str
    usage: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocated_capacity = self.allocated_capacity

        date = self.date

        usage = self.usage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocated_capacity": allocated_capacity,
                "date": date,
                "usage": usage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allocated_capacity = d.pop("allocated_capacity")

        date = d.pop("date")

        usage = d.pop("usage")

        daily_usage_out = cls(
            allocated_capacity=allocated_capacity,
            date=date,
            usage=usage,
        )

        daily_usage_out.additional_properties = d
        return daily_usage_out

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
