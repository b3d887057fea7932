"""The aggregation fanned out over the shard queue: the same stored rows as one process on the
same samples, whatever crashes or duplicate deliveries happen; the on-demand route answers 202
with a run id and reports progress."""

from __future__ import annotations

import random

import pytest

from tests.api.usage_helpers import (
    aggregate,
    deliver_shards,
    make_channel,
    post_samples,
    reset_usage,
    sample,
    usage_rows,
)


class Crash(Exception):
    pass


@pytest.fixture
def sampled(api, provider_admin, clock):
    """The usage channel with 3 days of random samples on its 4 accounts and a direct partner."""
    channel = make_channel(api)
    rng = random.Random(20)
    accounts = [*channel.accounts, channel.ppu_account, channel.other_account]
    samples = [
        sample(acc, f"2026-11-{d:02d}T{h:02d}:{rng.randrange(60):02d}:00Z", rng.randrange(10**13))
        for acc in accounts
        for d in (21, 22, 23)
        for h in sorted(rng.sample(range(24 if d < 23 else 12), 4))
    ]
    post_samples(api, channel, samples)
    return channel


def single_process(monkeypatch) -> dict:
    """The reference: one shard, in this process."""
    monkeypatch.setenv("USAGE_SHARDS", "1")
    summary = aggregate()
    assert summary.shards == 1 and summary.days_recomputed == [
        "2026-11-21",
        "2026-11-22",
        "2026-11-23",
    ]
    rows = usage_rows()
    reset_usage()
    monkeypatch.setenv("USAGE_SHARDS", "8")
    return rows


def start(api) -> dict:
    reply = api.post("/v1/jobs/usage-aggregation")
    assert reply.status == 202, reply.json
    return reply.json


def progress(api, run_id: str) -> dict:
    reply = api.get(f"/v1/jobs/usage-aggregation/{run_id}")
    assert reply.status == 200, reply.json
    return reply.json


def test_fan_out_writes_every_row_the_single_process_writes(api, sampled, monkeypatch):
    reference = single_process(monkeypatch)
    run = start(api)
    assert run["status"] == "running" and run["shards"] == 8 and run["shardsDone"] == 0
    assert run["lastCompleteHour"] == "2026-11-23T11" and run["summary"] is None
    # asked again while its shards wait in the queue: the same run, not a second one
    assert start(api)["runId"] == run["runId"]
    outcome = deliver_shards(api)
    assert outcome["delivered"] == 8 and outcome["failed"] == 0
    done = progress(api, run["runId"])
    assert done["status"] == "finished" and done["shardsDone"] == 8
    assert done["summary"]["daysRecomputed"] == ["2026-11-21", "2026-11-22", "2026-11-23"]
    assert done["summary"]["accounts"] == 4 and done["itemsWritten"] > 0
    assert usage_rows() == reference

    # a shard message delivered again changes nothing, and a run with nothing to do reads the
    # state and stops
    api.client.lambda_.invoke(
        "usage_shard_worker",
        api.client.events.generate_sqs_event(
            outcome["bodies"][:1], queue_name="partner-console-usage-shards"
        ),
    )
    again = start(api)
    assert again["status"] == "finished" and again["shards"] == 0
    assert deliver_shards(api)["delivered"] == 0
    assert usage_rows() == reference


def test_a_shard_killed_midway_is_redelivered_and_the_rows_are_the_same(api, sampled, monkeypatch):
    from chalicelib.store.usage import days

    reference = single_process(monkeypatch)
    real = days.put_days
    calls = {"n": 0}

    def dies_on_the_fifth(items):
        calls["n"] += 1
        if calls["n"] == 5:  # a shard dies between two of its days
            raise Crash("killed mid-shard")
        return real(items)

    monkeypatch.setattr(days, "put_days", dies_on_the_fifth)
    run = start(api)
    outcome = deliver_shards(api, fail=Crash)
    assert outcome["failed"] == 1 and outcome["delivered"] == 8
    assert progress(api, run["runId"])["status"] == "finished"
    assert usage_rows() == reference


def test_a_coordinator_killed_midway_is_resumed_by_the_next_run(api, sampled, monkeypatch):
    from chalicelib.services import usage as usage_jobs
    from chalicelib.store.aws import client
    from chalicelib.store.usage import runs

    reference = single_process(monkeypatch)
    real = runs.send_shards

    def sends_three_then_dies(run_id, shards):
        real(run_id, shards[:3])
        raise Crash("coordinator killed while sending")

    monkeypatch.setattr(runs, "send_shards", sends_three_then_dies)
    with pytest.raises(Crash):
        usage_jobs.scheduled_aggregation()
    monkeypatch.setattr(runs, "send_shards", real)
    assert deliver_shards(api)["delivered"] == 3
    run_id = runs.read_state()["run_id"]
    assert progress(api, run_id)["shardsDone"] == 3
    assert progress(api, run_id)["status"] == "running"

    # the next coordinator run finds it never finished dispatching: it sends the rest
    assert usage_jobs.scheduled_aggregation()["run_id"] == run_id
    assert deliver_shards(api)["delivered"] == 5
    assert progress(api, run_id)["status"] == "finished"
    assert usage_rows() == reference
    assert (
        client("sqs").get_queue_attributes(
            QueueUrl=runs.queue_url(), AttributeNames=["ApproximateNumberOfMessages"]
        )["Attributes"]["ApproximateNumberOfMessages"]
        == "0"
    )


def test_a_fan_in_that_died_is_finished_by_the_next_coordinator_run(
    api, sampled, monkeypatch, clock
):
    from chalicelib.services import usage as usage_jobs
    from chalicelib.store.usage import checkpoints, runs

    reference = single_process(monkeypatch)
    real = checkpoints.advance_watermark

    def dies(*args):
        raise Crash("fan-in killed before the watermark moved")

    monkeypatch.setattr(checkpoints, "advance_watermark", dies)
    run = start(api)
    assert deliver_shards(api, fail=Crash)["failed"] >= 1
    monkeypatch.setattr(checkpoints, "advance_watermark", real)
    assert progress(api, run["runId"])["status"] == "running"
    # its claim is fresh: the next run waits for it while the run is young ...
    assert usage_jobs.scheduled_aggregation()["status"] == "running"
    # ... and finishes it once the run has outlived its time (USAGE_RUN_STALE_MINUTES)
    clock.advance(minutes=61)
    assert usage_jobs.scheduled_aggregation()["status"] == "finished"
    assert runs.read_state()["watermark"] == "2026-11-23T11"
    assert usage_rows() == reference


def test_the_run_route_is_for_provider_admins_and_404s_unknown_runs(api, sampled):
    run = start(api)
    assert api.get("/v1/jobs/usage-aggregation/no-such-run").status == 404
    token = sampled.dist.admin
    # a run is the provider's record: outside the provider its id is "not found", never 403
    assert api.get(f"/v1/jobs/usage-aggregation/{run['runId']}", token=token).status == 404
    assert api.post("/v1/jobs/usage-aggregation", token=token).status == 403
