from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.backfill_in_table import BackfillInTable
from ..types import UNSET, Unset

T = TypeVar("T", bound="BackfillIn")


@_attrs_define
class BackfillIn:
    """
    Attributes:
        table (BackfillInTable): The table to backfill: `organizations` (`nameKey`), `storage-accounts` (`nameKey`, the
            ancestry keys), `audit-events` (the search's action and actor keys) or `deals` (the per-status list keys).
        limit (int | Unset): Records to read in this call (one page of the table's Scan). Default: 100.
        cursor (None | str | Unset): The `cursor` of the previous call, to continue where it stopped (same table,
            segment and totalSegments).
        segment (int | Unset): This caller's segment. Default: 0.
        total_segments (int | Unset): Segments the table is split into, so that several callers work side by side.
            Default: 1.
    """

    table: BackfillInTable
    limit: int | Unset = 100
    cursor: None | str | Unset = UNSET
    segment: int | Unset = 0
    total_segments: int | Unset = 1

    def to_dict(self) -> dict[str, Any]:
        table = self.table.value

        limit = self.limit

        cursor: None | str | Unset
        if isinstance(self.cursor, Unset):
            cursor = UNSET
        else:
            cursor = self.cursor

        segment = self.segment

        total_segments = self.total_segments

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "table": table,
            }
        )
        if limit is not UNSET:
            field_dict["limit"] = limit
        if cursor is not UNSET:
            field_dict["cursor"] = cursor
        if segment is not UNSET:
            field_dict["segment"] = segment
        if total_segments is not UNSET:
            field_dict["totalSegments"] = total_segments

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        table = BackfillInTable(d.pop("table"))

        limit = d.pop("limit", UNSET)

        def _parse_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cursor = _parse_cursor(d.pop("cursor", UNSET))

        segment = d.pop("segment", UNSET)

        total_segments = d.pop("totalSegments", UNSET)

        backfill_in = cls(
            table=table,
            limit=limit,
            cursor=cursor,
            segment=segment,
            total_segments=total_segments,
        )

        return backfill_in
