from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SamplesInItem")


@_attrs_define
class SamplesInItem:
    """
    Attributes:
        client_account_id (str):
        timestamp (datetime.datetime): RFC 3339 with a time zone; at most 35 days old.
        stored_bytes (int):
    """

    client_account_id: str
    timestamp: datetime.datetime
    stored_bytes: int

    def to_dict(self) -> dict[str, Any]:
        client_account_id = self.client_account_id

        timestamp = self.timestamp.isoformat()

        stored_bytes = self.stored_bytes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "clientAccountId": client_account_id,
                "timestamp": timestamp,
                "storedBytes": stored_bytes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_account_id = d.pop("clientAccountId")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        stored_bytes = d.pop("storedBytes")

        samples_in_item = cls(
            client_account_id=client_account_id,
            timestamp=timestamp,
            stored_bytes=stored_bytes,
        )

        return samples_in_item
