from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.daily_usage_out import DailyUsageOut


T = TypeVar("T", bound="ClientUsageOut")


@_attrs_define
class ClientUsageOut:
    """``api.ClientUsage`` (snake_case, as the vendor has it).

    Attributes:
        allocated_capacity (int):
        client_id (str):
        daily_usage (list[DailyUsageOut]):
        name (str):
    """

    allocated_capacity: int
    client_id: str
    daily_usage: list[DailyUsageOut]
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocated_capacity = self.allocated_capacity

        client_id = self.client_id

        daily_usage = []
        for daily_usage_item_data in self.daily_usage:
            daily_usage_item = daily_usage_item_data.to_dict()
            daily_usage.append(daily_usage_item)

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocated_capacity": allocated_capacity,
                "client_id": client_id,
                "daily_usage": daily_usage,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.daily_usage_out import DailyUsageOut  # noqa: PLC0415

        d = dict(src_dict)
        allocated_capacity = d.pop("allocated_capacity")

        client_id = d.pop("client_id")

        daily_usage = []
        _daily_usage = d.pop("daily_usage")
        for daily_usage_item_data in _daily_usage:
            daily_usage_item = DailyUsageOut.from_dict(daily_usage_item_data)

            daily_usage.append(daily_usage_item)

        name = d.pop("name")

        client_usage_out = cls(
            allocated_capacity=allocated_capacity,
            client_id=client_id,
            daily_usage=daily_usage,
            name=name,
        )

        client_usage_out.additional_properties = d
        return client_usage_out

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
