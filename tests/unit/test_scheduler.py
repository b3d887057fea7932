import threading
import types

import pytest
from chalice import Chalice, Rate

from devstack.scheduler import Scheduler, interval_seconds, scheduled_jobs


@pytest.mark.parametrize(
    ("expression", "seconds"),
    [
        ("rate(1 hour)", 3600),
        ("rate(5 minutes)", 300),
        ("rate(2 days)", 172800),
        (Rate(15, unit=Rate.MINUTES), 900),
    ],
)
def test_rates_become_intervals(expression, seconds):
    assert interval_seconds(expression) == seconds


def test_cron_is_refused_loudly():
    with pytest.raises(ValueError, match="rate"):
        interval_seconds("cron(0 * * * ? *)")


def test_jobs_come_from_the_apps_schedules_and_run_on_the_timer():
    app = Chalice(app_name="timer-test")
    ran = threading.Event()
    seen = {}

    @app.schedule(Rate(1, unit=Rate.HOURS), name="tick")
    def tick(event):
        seen["detail_type"] = event.to_dict()["detail-type"]
        ran.set()
        return {"ok": True}

    module = types.SimpleNamespace(tick=tick)
    jobs = scheduled_jobs(app, module)
    assert [(j.name, j.interval_seconds) for j in jobs] == [("tick", 3600)]
    scheduler = Scheduler(jobs, log=lambda _line: None)
    scheduler.start()
    try:
        assert ran.wait(5), "the job never ran"
    finally:
        scheduler.stop()
    assert seen["detail_type"] == "Scheduled Event"
