from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.export_schedule_out_parameters import ExportScheduleOutParameters


T = TypeVar("T", bound="ExportScheduleOut")


@_attrs_define
class ExportScheduleOut:
    """
    Attributes:
        id (str):
        type_ (str):
        format_ (str):
        frequency (str):
        parameters (ExportScheduleOutParameters):
        next_run_at (str): When the scheduled jobs produce the next file.
        last_period (None | str): The day (`YYYY-MM-DD`) or month (`YYYY-MM`) of the last file.
        last_export_id (None | str): That file's export (`GET /v1/exports/{id}`).
        created_by (str):
        created_at (str):
    """

    id: str
    type_: str
    format_: str
    frequency: str
    parameters: ExportScheduleOutParameters
    next_run_at: str
    last_period: None | str
    last_export_id: None | str
    created_by: str
    created_at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        format_ = self.format_

        frequency = self.frequency

        parameters = self.parameters.to_dict()

        next_run_at = self.next_run_at

        last_period: None | str
        last_period = self.last_period

        last_export_id: None | str
        last_export_id = self.last_export_id

        created_by = self.created_by

        created_at = self.created_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "format": format_,
                "frequency": frequency,
                "parameters": parameters,
                "nextRunAt": next_run_at,
                "lastPeriod": last_period,
                "lastExportId": last_export_id,
                "createdBy": created_by,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.export_schedule_out_parameters import ExportScheduleOutParameters  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        format_ = d.pop("format")

        frequency = d.pop("frequency")

        parameters = ExportScheduleOutParameters.from_dict(d.pop("parameters"))

        next_run_at = d.pop("nextRunAt")

        def _parse_last_period(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_period = _parse_last_period(d.pop("lastPeriod"))

        def _parse_last_export_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_export_id = _parse_last_export_id(d.pop("lastExportId"))

        created_by = d.pop("createdBy")

        created_at = d.pop("createdAt")

        export_schedule_out = cls(
            id=id,
            type_=type_,
            format_=format_,
            frequency=frequency,
            parameters=parameters,
            next_run_at=next_run_at,
            last_period=last_period,
            last_export_id=last_export_id,
            created_by=created_by,
            created_at=created_at,
        )

        export_schedule_out.additional_properties = d
        return export_schedule_out

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
