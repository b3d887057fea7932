from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.export_out_parameters import ExportOutParameters


T = TypeVar("T", bound="ExportOut")


@_attrs_define
class ExportOut:
    """
    Attributes:
        id (str):
        type_ (str):
        format_ (str): `csv`, `xlsx` or `ndjson`.
        status (str): `pending` (queued or being written), `ready` or `failed`.
        parameters (ExportOutParameters):
        row_count (int | None): Data rows (the header row not counted).
        size_bytes (int | None):
        download_url (None | str): Presigned GET link (SigV4), fresh on every read while ready.
        expires_at (None | str): When `downloadUrl` stops working.
        error (None | str):
        requested_by (str):
        created_at (str):
        updated_at (str):
    """

    id: str
    type_: str
    format_: str
    status: str
    parameters: ExportOutParameters
    row_count: int | None
    size_bytes: int | None
    download_url: None | str
    expires_at: None | str
    error: None | str
    requested_by: str
    created_at: str
    updated_at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        format_ = self.format_

        status = self.status

        parameters = self.parameters.to_dict()

        row_count: int | None
        row_count = self.row_count

        size_bytes: int | None
        size_bytes = self.size_bytes

        download_url: None | str
        download_url = self.download_url

        expires_at: None | str
        expires_at = self.expires_at

        error: None | str
        error = self.error

        requested_by = self.requested_by

        created_at = self.created_at

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "format": format_,
                "status": status,
                "parameters": parameters,
                "rowCount": row_count,
                "sizeBytes": size_bytes,
                "downloadUrl": download_url,
                "expiresAt": expires_at,
                "error": error,
                "requestedBy": requested_by,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.export_out_parameters import ExportOutParameters  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        format_ = d.pop("format")

        status = d.pop("status")

        parameters = ExportOutParameters.from_dict(d.pop("parameters"))

        def _parse_row_count(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        row_count = _parse_row_count(d.pop("rowCount"))

        def _parse_size_bytes(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        size_bytes = _parse_size_bytes(d.pop("sizeBytes"))

        def _parse_download_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        download_url = _parse_download_url(d.pop("downloadUrl"))

        def _parse_expires_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        expires_at = _parse_expires_at(d.pop("expiresAt"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        requested_by = d.pop("requestedBy")

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        export_out = cls(
            id=id,
            type_=type_,
            format_=format_,
            status=status,
            parameters=parameters,
            row_count=row_count,
            size_bytes=size_bytes,
            download_url=download_url,
            expires_at=expires_at,
            error=error,
            requested_by=requested_by,
            created_at=created_at,
            updated_at=updated_at,
        )

        export_out.additional_properties = d
        return export_out

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
