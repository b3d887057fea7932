"""How the local stack's processes live and die together.

``make run`` is one main process with children (the embedded AWS server, and any other program
the stack runs). However the main process is stopped, nothing it started may survive it:

* SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal closed) all stop it the same orderly way
  (``stop_on_signals``): the ``finally`` of ``devstack.__main__`` stops every child;
* a parent that dies (``make`` killed, the terminal gone) sends the main process SIGTERM
  (``PR_SET_PDEATHSIG``, Linux), which is the case above;
* if the main process itself is killed outright (SIGKILL, a crash), each child gets SIGTERM from
  the kernel the moment it dies (``die_with_parent``, run in the child before it starts), and a
  child also watches its parent and exits when it is gone (``exit_with_parent``; the portable
  fallback where ``prctl`` does not exist).

A new ``make run`` that finds its port taken looks for the program holding it and says what it
is (``describe_holder``): an embedded AWS server left by an earlier run is named, with its pid
and how to stop it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

PR_SET_PDEATHSIG = 1
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stop(KeyboardInterrupt):
    """Raised in the main thread by a stop signal, so every ``finally`` runs."""


def _prctl_deathsig(sig: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, sig) == 0
    except OSError:
        return False


def die_with_parent() -> None:
    """``preexec_fn`` of every child: the kernel sends it SIGTERM when the stack's main
    process dies, however it dies."""
    _prctl_deathsig(signal.SIGTERM)


_children: list[subprocess.Popen] = []
_state = {"serving": False, "stopping": False}


def adopt(child: subprocess.Popen) -> subprocess.Popen:
    """A child the main process stops if a signal comes before it serves."""
    _children.append(child)
    return child


def serving() -> None:
    """From now on a stop signal raises ``Stop`` in the main thread (waiting in
    ``serve_forever``), and the ``finally`` of ``devstack.__main__`` stops everything."""
    _state["serving"] = True


def stop_children(timeout: float = 5.0) -> None:
    for child in _children:
        if child.poll() is None:
            child.terminate()
    for child in _children:
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()


def stop_on_signals() -> None:
    """In the main process: SIGTERM and SIGHUP stop it as Ctrl-C does, and so does the death
    of its own parent (``make``, the terminal).

    While serving, a signal raises ``Stop`` for the orderly stop. Before that (starting up:
    importing, creating tables, …) an exception could land inside library code that swallows
    it, so the handler stops the children itself and exits. A second signal during a stop
    changes nothing."""

    def stop(signum: int, _frame: Any) -> None:
        if _state["stopping"]:
            return
        _state["stopping"] = True
        name = signal.Signals(signum).name
        if _state["serving"]:
            raise Stop(name)
        print(f"\nStopping ({name}) while starting up.", flush=True)
        stop_children()
        os._exit(128 + signum)

    for sig in STOP_SIGNALS:
        signal.signal(sig, stop)
    parent = os.getppid()
    _prctl_deathsig(signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)


def exit_with_parent(parent_pid: int, interval: float = 0.5) -> threading.Thread:
    """In a child: exit as soon as ``parent_pid`` is no longer our parent (it died and we were
    re-parented), where ``PR_SET_PDEATHSIG`` is not available or was lost."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(interval)
        os._exit(0)

    thread = threading.Thread(target=watch, name="exit-with-parent", daemon=True)
    thread.start()
    return thread


def _cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def _environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    pairs = (part.decode(errors="replace").partition("=") for part in raw.split(b"\0") if part)
    return {name: value for name, _, value in pairs}


def _holds(pid: int, args: list[str], port: int) -> str | None:
    """What part of a local stack process ``pid`` is, if it was started for ``port``."""
    if "devstack.moto_server" in args and "--port" in args:
        with contextlib.suppress(IndexError, ValueError):
            if int(args[args.index("--port") + 1]) == port:
                return "embedded AWS server"
    if args[-2:] == ["-m", "devstack"]:
        env = _environ(pid)
        if port in (int(env.get("PORT", "8000")), int(env.get("AWS_PORT", "4566"))):
            return "main process"
    return None


def stack_processes(port: int) -> list[tuple[int, str]]:
    """Processes of an earlier local stack started for ``port`` (its main process, or its
    embedded AWS server ``devstack.moto_server --port <port>``), found in ``/proc``."""
    found: list[tuple[int, str]] = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        args = _cmdline(int(entry.name))
        with contextlib.suppress(ValueError):
            role = _holds(int(entry.name), args, port) if args else None
            if role:
                found.append((int(entry.name), role))
    return sorted(found)


def describe_holder(port: int, variable: str, what: str) -> str:
    """The sentence ``make run`` prints when ``port`` is taken."""
    stale = stack_processes(port)
    if stale:
        pids = " ".join(str(pid) for pid, _ in stale)
        parts = ", ".join(f"{role} pid {pid}" for pid, role in stale)
        return (
            f"Port {port} is held by an earlier `make run` that is still running or did not "
            f"stop ({parts}). Stop it with `kill {pids}`, or set {variable} to a free port."
        )
    return f"Port {port} ({what}) is in use by another program; set {variable} to a free port."
