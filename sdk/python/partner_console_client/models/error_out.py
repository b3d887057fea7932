from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_detail import ErrorDetail
    from ..models.error_out_details_item_type_1 import ErrorOutDetailsItemType1


T = TypeVar("T", bound="ErrorOut")


@_attrs_define
class ErrorOut:
    """The error envelope every error response carries.

    Attributes:
        code (str): Stable machine-readable code, e.g. `capacity_exceeded`.
        message (str): A sentence for humans saying what went wrong.
        details (list[ErrorDetail | ErrorOutDetailsItemType1] | Unset):
    """

    code: str
    message: str
    details: list[ErrorDetail | ErrorOutDetailsItemType1] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.error_detail import ErrorDetail  # noqa: PLC0415

        code = self.code

        message = self.message

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item: dict[str, Any]
                if isinstance(details_item_data, ErrorDetail):
                    details_item = details_item_data.to_dict()
                else:
                    details_item = details_item_data.to_dict()

                details.append(details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_detail import ErrorDetail  # noqa: PLC0415
        from ..models.error_out_details_item_type_1 import ErrorOutDetailsItemType1  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        _details = d.pop("details", UNSET)
        details: list[ErrorDetail | ErrorOutDetailsItemType1] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:

                def _parse_details_item(data: object) -> ErrorDetail | ErrorOutDetailsItemType1:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        details_item_type_0 = ErrorDetail.from_dict(data)

                        return details_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    details_item_type_1 = ErrorOutDetailsItemType1.from_dict(data)

                    return details_item_type_1

                details_item = _parse_details_item(details_item_data)

                details.append(details_item)

        error_out = cls(
            code=code,
            message=message,
            details=details,
        )

        error_out.additional_properties = d
        return error_out

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
