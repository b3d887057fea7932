from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.export_in_format import ExportInFormat
from ..models.export_in_type import ExportInType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExportIn")


@_attrs_define
class ExportIn:
    """
    Attributes:
        type_ (ExportInType):
        contract_id (None | str | Unset): Only partners in this contract.
        partner_id (None | str | Unset): Only this partner.
        from_ (datetime.date | None | Unset): First day (usage, deals, auditEvents).
        to (datetime.date | None | Unset): Last day, inclusive.
        format_ (ExportInFormat | Unset): `csv` (UTF-8 with BOM), `xlsx` (one sheet, typed cells) or `ndjson` (one JSON
            object per line); the same columns in each. Default: ExportInFormat.CSV.
    """

    type_: ExportInType
    contract_id: None | str | Unset = UNSET
    partner_id: None | str | Unset = UNSET
    from_: datetime.date | None | Unset = UNSET
    to: datetime.date | None | Unset = UNSET
    format_: ExportInFormat | Unset = ExportInFormat.CSV

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

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

        from_: None | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        elif isinstance(self.from_, datetime.date):
            from_ = self.from_.isoformat()
        else:
            from_ = self.from_

        to: None | str | Unset
        if isinstance(self.to, Unset):
            to = UNSET
        elif isinstance(self.to, datetime.date):
            to = self.to.isoformat()
        else:
            to = self.to

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if contract_id is not UNSET:
            field_dict["contractId"] = contract_id
        if partner_id is not UNSET:
            field_dict["partnerId"] = partner_id
        if from_ is not UNSET:
            field_dict["from"] = from_
        if to is not UNSET:
            field_dict["to"] = to
        if format_ is not UNSET:
            field_dict["format"] = format_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = ExportInType(d.pop("type"))

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

        def _parse_from_(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_type_0 = datetime.date.fromisoformat(data)

                return from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))

        def _parse_to(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                to_type_0 = datetime.date.fromisoformat(data)

                return to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        to = _parse_to(d.pop("to", UNSET))

        _format_ = d.pop("format", UNSET)
        format_: ExportInFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = ExportInFormat(_format_)

        export_in = cls(
            type_=type_,
            contract_id=contract_id,
            partner_id=partner_id,
            from_=from_,
            to=to,
            format_=format_,
        )

        return export_in
