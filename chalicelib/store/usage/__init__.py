"""Usage tables, one module per job:

* ``samples``: raw samples in (``usage-samples``);
* ``checkpoints``: which hours have samples not yet aggregated, and the watermark
  (``usage-hours``);
* ``days``: one item per account per day (``usage-days``);
* ``rollups``: partner, contract and distributor days (``usage-rollups``);
* ``channel``: the organizations, contracts and accounts the aggregation reads, and its writes
  on them (``usedCapacity``, the hard-quota saga).

Bulk writes and batch reads go through ``chalicelib.store.batch`` (retries, then raises). The
names below are re-exported for the callers that read usage (reports, exports, metering);
``rollups`` is the module (``rollups.rollups(entity, first, last)``).
"""

from chalicelib.domain.aggregation import AccountDay, Rollup
from chalicelib.store.batch import batch_put
from chalicelib.store.usage.channel import Channel, read_channel
from chalicelib.store.usage.checkpoints import mark_hours_dirty
from chalicelib.store.usage.days import account_days, read_day
from chalicelib.store.usage.samples import PUT_WORKERS, Sample, put_samples, sample_item

__all__ = [
    "PUT_WORKERS",
    "AccountDay",
    "Channel",
    "Rollup",
    "Sample",
    "account_days",
    "batch_put",
    "mark_hours_dirty",
    "put_samples",
    "read_channel",
    "read_day",
    "sample_item",
]
