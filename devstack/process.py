"""Starting and stopping the embedded local stack as a child process (integration tests and
benchmarks use it; ``make run`` is the same program in the foreground)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY = "Partner Console is ready"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningStack:
    process: subprocess.Popen
    base_url: str
    aws_url: str
    admin_email: str
    admin_password: str
    seconds_to_ready: float
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, timeout: float = 15.0) -> int:
        """Ctrl-C, as a person would; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_stack(extra_env: dict[str, str] | None = None, timeout: float = 60.0) -> RunningStack:
    port, aws_port = free_port(), free_port()
    email, password = "admin@example.com", "Integration-Passw0rd!"
    env = {
        **os.environ,
        "PORT": str(port),
        "AWS_PORT": str(aws_port),
        "CONSOLE_ADMIN_EMAIL": email,
        "CONSOLE_ADMIN_PASSWORD": password,
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    for name in ("AWS_ENDPOINT_URL", "REGIONS", "TABLE_PREFIX"):
        env.pop(name, None)
    log = Path(tempfile.mkstemp(prefix="devstack-", suffix=".log")[1])
    started = time.perf_counter()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "devstack"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    deadline = started + timeout
    while READY not in log.read_text(errors="replace"):
        if process.poll() is not None or time.perf_counter() > deadline:
            process.kill()
            raise RuntimeError(f"the local stack did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)
    return RunningStack(
        process=process,
        base_url=f"http://127.0.0.1:{port}",
        aws_url=f"http://127.0.0.1:{aws_port}",
        admin_email=email,
        admin_password=password,
        seconds_to_ready=time.perf_counter() - started,
        log_path=log,
    )
