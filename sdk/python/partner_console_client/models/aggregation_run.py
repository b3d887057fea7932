from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.aggregation_summary import AggregationSummary


T = TypeVar("T", bound="AggregationRun")


@_attrs_define
class AggregationRun:
    """
    Attributes:
        run_id (str):
        status (str): `running` or `finished`.
        created_at (str):
        finished_at (None | str):
        last_complete_hour (None | str): The last hour this run aggregates.
        hours (int): Hours this run aggregates (new and late-sampled).
        shards (int):
        shards_done (int):
        items_written (int): Account days, partials and roll-ups written so far.
        summary (AggregationSummary | None): Once finished.
    """

    run_id: str
    status: str
    created_at: str
    finished_at: None | str
    last_complete_hour: None | str
    hours: int
    shards: int
    shards_done: int
    items_written: int
    summary: AggregationSummary | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.aggregation_summary import AggregationSummary  # noqa: PLC0415

        run_id = self.run_id

        status = self.status

        created_at = self.created_at

        finished_at: None | str
        finished_at = self.finished_at

        last_complete_hour: None | str
        last_complete_hour = self.last_complete_hour

        hours = self.hours

        shards = self.shards

        shards_done = self.shards_done

        items_written = self.items_written

        summary: dict[str, Any] | None
        if isinstance(self.summary, AggregationSummary):
            summary = self.summary.to_dict()
        else:
            summary = self.summary

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "runId": run_id,
                "status": status,
                "createdAt": created_at,
                "finishedAt": finished_at,
                "lastCompleteHour": last_complete_hour,
                "hours": hours,
                "shards": shards,
                "shardsDone": shards_done,
                "itemsWritten": items_written,
                "summary": summary,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aggregation_summary import AggregationSummary  # noqa: PLC0415

        d = dict(src_dict)
        run_id = d.pop("runId")

        status = d.pop("status")

        created_at = d.pop("createdAt")

        def _parse_finished_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        finished_at = _parse_finished_at(d.pop("finishedAt"))

        def _parse_last_complete_hour(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_complete_hour = _parse_last_complete_hour(d.pop("lastCompleteHour"))

        hours = d.pop("hours")

        shards = d.pop("shards")

        shards_done = d.pop("shardsDone")

        items_written = d.pop("itemsWritten")

        def _parse_summary(data: object) -> AggregationSummary | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                summary_type_0 = AggregationSummary.from_dict(data)

                return summary_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AggregationSummary | None, data)

        summary = _parse_summary(d.pop("summary"))

        aggregation_run = cls(
            run_id=run_id,
            status=status,
            created_at=created_at,
            finished_at=finished_at,
            last_complete_hour=last_complete_hour,
            hours=hours,
            shards=shards,
            shards_done=shards_done,
            items_written=items_written,
            summary=summary,
        )

        aggregation_run.additional_properties = d
        return aggregation_run

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
