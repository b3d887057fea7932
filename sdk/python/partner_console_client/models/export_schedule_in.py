from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.export_schedule_in_format import ExportScheduleInFormat
from ..models.export_schedule_in_frequency import ExportScheduleInFrequency
from ..models.export_schedule_in_type import ExportScheduleInType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExportScheduleIn")


@_attrs_define
class ExportScheduleIn:
    """
    Attributes:
        type_ (ExportScheduleInType):
        frequency (ExportScheduleInFrequency): `daily`: each run exports the previous day; `monthly`: the previous
            calendar month. Types without a date range (partners, storageAccounts) are exported as they are at the run.
        format_ (ExportScheduleInFormat | Unset): File format. Default: ExportScheduleInFormat.CSV.
        contract_id (None | str | Unset): Only partners in this contract.
        partner_id (None | str | Unset): Only this partner.
    """

    type_: ExportScheduleInType
    frequency: ExportScheduleInFrequency
    format_: ExportScheduleInFormat | Unset = ExportScheduleInFormat.CSV
    contract_id: None | str | Unset = UNSET
    partner_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        frequency = self.frequency.value

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        contract_id: None | str | Unset
        if isinstance(self.contract_id, Unset):
            contract_id = UNSET
        else:
            contract_id = self.contract_id

        partner_id: None | str | Unset
        if isinstance(self.partner_id, Unset):
            partner_id = UNSET
        else:
            partner_id = self.partner_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "frequency": frequency,
            }
        )
        if format_ is not UNSET:
            field_dict["format"] = format_
        if contract_id is not UNSET:
            field_dict["contractId"] = contract_id
        if partner_id is not UNSET:
            field_dict["partnerId"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = ExportScheduleInType(d.pop("type"))

        frequency = ExportScheduleInFrequency(d.pop("frequency"))

        _format_ = d.pop("format", UNSET)
        format_: ExportScheduleInFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = ExportScheduleInFormat(_format_)

        def _parse_contract_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contract_id = _parse_contract_id(d.pop("contractId", UNSET))

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partnerId", UNSET))

        export_schedule_in = cls(
            type_=type_,
            frequency=frequency,
            format_=format_,
            contract_id=contract_id,
            partner_id=partner_id,
        )

        return export_schedule_in
