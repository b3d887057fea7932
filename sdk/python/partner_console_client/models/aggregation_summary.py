from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.aggregation_summary_alerts import AggregationSummaryAlerts


T = TypeVar("T", bound="AggregationSummary")


@_attrs_define
class AggregationSummary:
    """What a finished aggregation run did.

    Attributes:
        last_complete_hour (str):
        watermark (None | str):
        usage_updated_at (None | str):
        hours_aggregated (int):
        dirty_hours (int):
        days_recomputed (list[str]):
        accounts (int):
        samples_read (int):
        day_items_written (int):
        rollups_written (int):
        batch_write_calls (int):
        entities_updated (int):
        quota_enforced (list[str]):
        quota_lifted (list[str]):
        run_id (None | str):
        shards (int):
        alerts (AggregationSummaryAlerts | Unset): What the alert rules found: `rules`, `checked`, `crossed` and
            `cleared` (`ruleId:entityId`), `seconds`.
    """

    last_complete_hour: str
    watermark: None | str
    usage_updated_at: None | str
    hours_aggregated: int
    dirty_hours: int
    days_recomputed: list[str]
    accounts: int
    samples_read: int
    day_items_written: int
    rollups_written: int
    batch_write_calls: int
    entities_updated: int
    quota_enforced: list[str]
    quota_lifted: list[str]
    run_id: None | str
    shards: int
    alerts: AggregationSummaryAlerts | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        last_complete_hour = self.last_complete_hour

        watermark: None | str
        watermark = self.watermark

        usage_updated_at: None | str
        usage_updated_at = self.usage_updated_at

        hours_aggregated = self.hours_aggregated

        dirty_hours = self.dirty_hours

        days_recomputed = self.days_recomputed

        accounts = self.accounts

        samples_read = self.samples_read

        day_items_written = self.day_items_written

        rollups_written = self.rollups_written

        batch_write_calls = self.batch_write_calls

        entities_updated = self.entities_updated

        quota_enforced = self.quota_enforced

        quota_lifted = self.quota_lifted

        run_id: None | str
        run_id = self.run_id

        shards = self.shards

        alerts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.alerts, Unset):
            alerts = self.alerts.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lastCompleteHour": last_complete_hour,
                "watermark": watermark,
                "usageUpdatedAt": usage_updated_at,
                "hoursAggregated": hours_aggregated,
                "dirtyHours": dirty_hours,
                "daysRecomputed": days_recomputed,
                "accounts": accounts,
                "samplesRead": samples_read,
                "dayItemsWritten": day_items_written,
                "rollupsWritten": rollups_written,
                "batchWriteCalls": batch_write_calls,
                "entitiesUpdated": entities_updated,
                "quotaEnforced": quota_enforced,
                "quotaLifted": quota_lifted,
                "runId": run_id,
                "shards": shards,
            }
        )
        if alerts is not UNSET:
            field_dict["alerts"] = alerts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aggregation_summary_alerts import AggregationSummaryAlerts  # noqa: PLC0415

        d = dict(src_dict)
        last_complete_hour = d.pop("lastCompleteHour")

        def _parse_watermark(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        watermark = _parse_watermark(d.pop("watermark"))

        def _parse_usage_updated_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        usage_updated_at = _parse_usage_updated_at(d.pop("usageUpdatedAt"))

        hours_aggregated = d.pop("hoursAggregated")

        dirty_hours = d.pop("dirtyHours")

        days_recomputed = cast(list[str], d.pop("daysRecomputed"))

        accounts = d.pop("accounts")

        samples_read = d.pop("samplesRead")

        day_items_written = d.pop("dayItemsWritten")

        rollups_written = d.pop("rollupsWritten")

        batch_write_calls = d.pop("batchWriteCalls")

        entities_updated = d.pop("entitiesUpdated")

        quota_enforced = cast(list[str], d.pop("quotaEnforced"))

        quota_lifted = cast(list[str], d.pop("quotaLifted"))

        def _parse_run_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        run_id = _parse_run_id(d.pop("runId"))

        shards = d.pop("shards")

        _alerts = d.pop("alerts", UNSET)
        alerts: AggregationSummaryAlerts | Unset
        if isinstance(_alerts, Unset):
            alerts = UNSET
        else:
            alerts = AggregationSummaryAlerts.from_dict(_alerts)

        aggregation_summary = cls(
            last_complete_hour=last_complete_hour,
            watermark=watermark,
            usage_updated_at=usage_updated_at,
            hours_aggregated=hours_aggregated,
            dirty_hours=dirty_hours,
            days_recomputed=days_recomputed,
            accounts=accounts,
            samples_read=samples_read,
            day_items_written=day_items_written,
            rollups_written=rollups_written,
            batch_write_calls=batch_write_calls,
            entities_updated=entities_updated,
            quota_enforced=quota_enforced,
            quota_lifted=quota_lifted,
            run_id=run_id,
            shards=shards,
            alerts=alerts,
        )

        aggregation_summary.additional_properties = d
        return aggregation_summary

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
