from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BackfillOut")


@_attrs_define
class BackfillOut:
    """What one page of the backfill did.

    Attributes:
        table (str):
        segment (int):
        total_segments (int):
        examined (int): Records read.
        updated (int): Records written with the keys they lacked.
        unchanged (int): Records that already had their keys.
        changed (int): Records changed since they were read (not overwritten: whoever changed them wrote their keys).
        cursor (None | str): Send it back to continue; null when the segment is done.
        done (bool): The segment is done.
    """

    table: str
    segment: int
    total_segments: int
    examined: int
    updated: int
    unchanged: int
    changed: int
    cursor: None | str
    done: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        table = self.table

        segment = self.segment

        total_segments = self.total_segments

        examined = self.examined

        updated = self.updated

        unchanged = self.unchanged

        changed = self.changed

        cursor: None | str
        cursor = self.cursor

        done = self.done

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "table": table,
                "segment": segment,
                "totalSegments": total_segments,
                "examined": examined,
                "updated": updated,
                "unchanged": unchanged,
                "changed": changed,
                "cursor": cursor,
                "done": done,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        table = d.pop("table")

        segment = d.pop("segment")

        total_segments = d.pop("totalSegments")

        examined = d.pop("examined")

        updated = d.pop("updated")

        unchanged = d.pop("unchanged")

        changed = d.pop("changed")

        def _parse_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cursor = _parse_cursor(d.pop("cursor"))

        done = d.pop("done")

        backfill_out = cls(
            table=table,
            segment=segment,
            total_segments=total_segments,
            examined=examined,
            updated=updated,
            unchanged=unchanged,
            changed=changed,
            cursor=cursor,
            done=done,
        )

        backfill_out.additional_properties = d
        return backfill_out

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
