from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ApiRegion")


@_attrs_define
class ApiRegion:
    """
    Attributes:
        name (str):
        s3_url (str):
        iam_url (str):
        sts_url (str):
    """

    name: str
    s3_url: str
    iam_url: str
    sts_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        s3_url = self.s3_url

        iam_url = self.iam_url

        sts_url = self.sts_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "s3_url": s3_url,
                "iam_url": iam_url,
                "sts_url": sts_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        s3_url = d.pop("s3_url")

        iam_url = d.pop("iam_url")

        sts_url = d.pop("sts_url")

        api_region = cls(
            name=name,
            s3_url=s3_url,
            iam_url=iam_url,
            sts_url=sts_url,
        )

        api_region.additional_properties = d
        return api_region

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
