"""``make run DEMO=1`` stays true: a demo account's metering continues its made-up history, so
its "Used" survives any metering and aggregation run (the buckets hold only a few kilobytes)."""

from __future__ import annotations

import pytest

from tests.api.helpers import TB
from tests.api.usage_helpers import aggregate, make_channel


@pytest.fixture
def channel(api, provider_admin):
    return make_channel(api)


def test_demo_used_figures_survive_metering_and_aggregation(api, channel, clock):
    from chalicelib.services import usage
    from chalicelib.store.backend import get_backend
    from chalicelib.store.models import StorageAccountItem
    from devstack.demo import install_volumes

    demo, other = channel.accounts[0], channel.accounts[1]
    backend = get_backend()
    try:
        install_volumes(backend, {demo: (3 * TB, 0.01, clock.current)})
        clock.advance(hours=1)
        assert usage.run_metering()["recorded"] >= 2
        clock.advance(hours=1)  # the measured hour is complete: the next run counts it
        aggregate()
    finally:
        backend.__dict__.pop("measure", None)  # back to the class's own measure
    used = int(StorageAccountItem.get(demo).used_capacity)
    assert 3 * TB < used < int(3.01 * TB)  # the volume, grown for an hour, plus real bytes
    assert int(StorageAccountItem.get(other).used_capacity) < 10**9  # measured as it is
