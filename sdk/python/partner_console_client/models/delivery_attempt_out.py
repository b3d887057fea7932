from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DeliveryAttemptOut")


@_attrs_define
class DeliveryAttemptOut:
    """
    Attributes:
        event_id (str):
        event_type (str):
        attempt (int):
        http_status (int | None):
        error (None | str):
        latency_ms (int):
        at (str):
    """

    event_id: str
    event_type: str
    attempt: int
    http_status: int | None
    error: None | str
    latency_ms: int
    at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_id = self.event_id

        event_type = self.event_type

        attempt = self.attempt

        http_status: int | None
        http_status = self.http_status

        error: None | str
        error = self.error

        latency_ms = self.latency_ms

        at = self.at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "eventId": event_id,
                "eventType": event_type,
                "attempt": attempt,
                "httpStatus": http_status,
                "error": error,
                "latencyMs": latency_ms,
                "at": at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_id = d.pop("eventId")

        event_type = d.pop("eventType")

        attempt = d.pop("attempt")

        def _parse_http_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        http_status = _parse_http_status(d.pop("httpStatus"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        latency_ms = d.pop("latencyMs")

        at = d.pop("at")

        delivery_attempt_out = cls(
            event_id=event_id,
            event_type=event_type,
            attempt=attempt,
            http_status=http_status,
            error=error,
            latency_ms=latency_ms,
            at=at,
        )

        delivery_attempt_out.additional_properties = d
        return delivery_attempt_out

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
