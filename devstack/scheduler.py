"""Runs the application's ``@app.schedule`` handlers on a timer (``chalice local`` runs none).

Reads the schedules straight from the Chalice app, so a job registered in ``app.py`` runs here
with the same handler and the same rate as in AWS. ``LOCAL_JOB_INTERVAL_SECONDS`` shortens every
interval for demonstrations.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
_RATE = re.compile(r"^rate\((\d+)\s+(minute|hour|day)s?\)$")


@dataclass
class Job:
    name: str
    interval_seconds: int
    handler: Any


def interval_seconds(expression: Any) -> int:
    """Seconds between runs for a chalice Rate or a ``rate(...)`` string; cron is not supported."""
    text = expression if isinstance(expression, str) else expression.to_string()
    match = _RATE.match(text.strip().lower())
    if not match:
        raise ValueError(f"The local timer only runs rate(...) schedules, not {text!r}.")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def scheduled_jobs(app: Any, app_module: Any) -> list[Job]:
    from chalice.app import ScheduledEventConfig

    jobs = []
    for source in app.event_sources:
        if isinstance(source, ScheduledEventConfig):
            handler = getattr(app_module, source.handler_string.rsplit(".", 1)[-1])
            jobs.append(Job(source.name, interval_seconds(source.schedule_expression), handler))
    return jobs


def scheduled_event(job: Job) -> dict[str, Any]:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "local",
        "resources": [f"arn:aws:events:local:123456789012:rule/{job.name}"],
        "detail": {},
    }


def pause(stopped: threading.Event, seconds: float, step: float = 0.2) -> None:
    """Wait ``seconds`` or until ``stopped`` is set, in short sleeps. Not ``stopped.wait``:
    timed condition waits never return under libfaketime (``make timeshift``), plain sleeps do."""
    deadline = time.monotonic() + seconds
    while not stopped.is_set():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        time.sleep(min(step, remaining))


class Scheduler(threading.Thread):
    def __init__(self, jobs: list[Job], *, override_seconds: int | None = None, log=print) -> None:
        super().__init__(daemon=True, name="local-scheduler")
        self.jobs = jobs
        self.override = override_seconds
        self.log = log
        self.stopped = threading.Event()

    def run(self) -> None:
        due = {job.name: time.monotonic() for job in self.jobs}
        while not self.stopped.is_set():
            for job in self.jobs:
                if time.monotonic() >= due[job.name]:
                    started = time.perf_counter()
                    try:
                        result = job.handler(scheduled_event(job), None)
                        took = time.perf_counter() - started
                        self.log(f"[scheduler] {job.name} finished in {took:.2f}s: {result}")
                    except Exception as exc:  # keep the timer alive; the error is printed
                        self.log(f"[scheduler] {job.name} failed: {exc!r}")
                    due[job.name] = time.monotonic() + (self.override or job.interval_seconds)
            pause(self.stopped, 1.0)

    def stop(self) -> None:
        self.stopped.set()
