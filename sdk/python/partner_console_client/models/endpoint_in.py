from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EndpointIn")


@_attrs_define
class EndpointIn:
    """
    Attributes:
        url (str): https:// (http:// locally).
        event_types (list[str]): Event types, or `*` for every type.
        description (str | Unset):  Default: ''.
        enabled (bool | Unset):  Default: True.
    """

    url: str
    event_types: list[str]
    description: str | Unset = ""
    enabled: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        event_types = self.event_types

        description = self.description

        enabled = self.enabled

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
                "eventTypes": event_types,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        event_types = cast(list[str], d.pop("eventTypes"))

        description = d.pop("description", UNSET)

        enabled = d.pop("enabled", UNSET)

        endpoint_in = cls(
            url=url,
            event_types=event_types,
            description=description,
            enabled=enabled,
        )

        return endpoint_in
