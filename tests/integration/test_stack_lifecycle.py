"""``make run`` stops all its children however it is stopped (SIGTERM, SIGINT, SIGHUP, SIGKILL
of the main process, death of its parent), and a new one reports a stale stack clearly. Before,
killing only the main process left the embedded AWS on its port and the next run refused to
start with "Port … is in use"."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import requests

from devstack.lifecycle import stack_processes
from devstack.process import ROOT, free_port, start_stack

pytestmark = pytest.mark.integration


def aws_port_of(stack) -> int:
    return int(stack.aws_url.rsplit(":", 1)[1])


def gone(port: int, timeout: float = 15.0) -> bool:
    """Nothing answers on ``port`` and no local stack process holds it, within ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=1)
        except requests.ConnectionError:
            if not stack_processes(port):
                return True
        time.sleep(0.2)
    return False


def answers(port: int) -> bool:
    try:
        requests.get(f"http://127.0.0.1:{port}/v1/integration/regions/list", timeout=2)
    except requests.RequestException:
        return False
    return True


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL])
def test_no_child_outlives_the_main_process(sig):
    stack = start_stack()
    port = aws_port_of(stack)
    assert stack_processes(port), "the embedded AWS runs as a child"
    stack.process.send_signal(sig)
    stack.process.wait(timeout=20)
    assert gone(port), stack.log()[-2000:]
    if sig != signal.SIGKILL:
        assert "Stopping" in stack.log()


def test_the_stack_stops_when_its_parent_dies():
    """``make`` (here a shell) killed outright: the stack stops with it."""
    port, aws_port = free_port(), free_port()
    env = {**os.environ, "PORT": str(port), "AWS_PORT": str(aws_port)}
    for name in ("AWS_ENDPOINT_URL", "REGIONS", "TABLE_PREFIX"):
        env.pop(name, None)
    parent = subprocess.Popen(
        ["/bin/sh", "-c", f"{sys.executable} -m devstack; true"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Killed once the stack runs: its embedded AWS server is up (the main process matches
    # ``aws_port`` by its environment from its first instant, before it has armed anything, so
    # that alone is not "running") and its API answers.
    deadline = time.monotonic() + 90
    while not (
        any(role == "embedded AWS server" for _, role in stack_processes(aws_port))
        and answers(port)
    ):
        assert time.monotonic() < deadline, "the stack did not start"
        time.sleep(0.2)
    parent.kill()
    parent.wait()
    assert gone(aws_port, timeout=60)  # the workers finish what they hold first
    assert gone(port, timeout=60)


def test_a_new_run_reports_a_stale_stack_clearly():
    """An embedded AWS left over (here started on its own, as an earlier version's was left):
    the next run names it, its pid and how to stop it."""
    aws_port = free_port()
    stale = subprocess.Popen(
        [sys.executable, "-m", "devstack.moto_server", "--port", str(aws_port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"http://127.0.0.1:{aws_port}/", timeout=1)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        with pytest.raises(RuntimeError) as failed:
            start_stack({"AWS_PORT": str(aws_port)})
        message = str(failed.value)
        assert f"Port {aws_port} is held by an earlier `make run`" in message
        assert f"embedded AWS server pid {stale.pid}" in message
        assert f"kill {stale.pid}" in message
    finally:
        stale.terminate()
        stale.wait(timeout=10)
