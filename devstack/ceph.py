"""A throw-away single-node Ceph with a RADOS Gateway, from Debian's packages.

Debian ships no ``vstart.sh``, so this brings one up by hand: one monitor, one OSD on
``memstore`` (data in memory, pools of size 1), and ``radosgw`` on ``127.0.0.1:<port>``. Every
file (configuration, monitor store, logs, sockets) lives in one temporary directory that is
removed on exit, and every daemon is a child process that is stopped on exit. It comes up in a
few seconds and uses ~150 MB.

Used by ``STORAGE_BACKEND=rgw make run``, the RGW test lane and the benchmarks; on its own::

    python -m devstack.ceph            # prints the endpoint and admin keys, Ctrl-C stops it

The admin user (for the Admin Ops API) gets the caps ``users=*;buckets=*;usage=read;
metadata=read`` (``info=read`` is refused by Pacific), with ``RGW_ADMIN_ACCESS_KEY`` /
``RGW_ADMIN_SECRET_KEY`` when given, else generated.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
PACKAGES = ("ceph-mon", "ceph-osd", "radosgw", "ceph-common")
BINARIES = ("ceph-mon", "ceph-osd", "radosgw", "radosgw-admin", "ceph", "monmaptool")
INSTALL = "apt-get install -y --no-install-recommends " + " ".join(PACKAGES)
ADMIN_UID = "partner-console-admin"
ADMIN_CAPS = "users=*;buckets=*;usage=read;metadata=read"


class CephMissing(RuntimeError):
    """The Ceph binaries are not installed; the message says what to install."""


def _bin(name: str) -> str:
    """The full path of a Ceph (or apt) program; the bare name if it is not installed."""
    return shutil.which(name) or name


def missing_binaries() -> list[str]:
    return [name for name in BINARIES if shutil.which(name) is None]


def install_hint() -> str:
    return f"The RGW backend needs Debian's Ceph packages: {INSTALL}"


def ensure_installed(install: bool = False) -> None:
    """Raise ``CephMissing`` naming the command to run, or (``install`` and root) run it."""
    if not missing_binaries():
        return
    if install and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's Ceph packages (once)…", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([_bin("apt-get"), "update", "-q"], check=True, env=env)
        subprocess.run([_bin("apt-get"), *INSTALL.split()[1:]], check=True, env=env)
        if not missing_binaries():
            return
    raise CephMissing(install_hint())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


def generate_keys() -> tuple[str, str]:
    """An S3-style key pair: 20 upper-case alphanumerics and a 40-character secret."""
    alphabet = string.ascii_uppercase + string.digits
    access = "".join(secrets.choice(alphabet) for _ in range(20))
    return access, secrets.token_urlsafe(30)[:40]


@dataclass
class Ceph:
    """A running single-node cluster; ``stop()`` (or leaving the ``with``) removes everything."""

    directory: Path
    rgw_port: int
    admin_access_key: str
    admin_secret_key: str
    seconds_to_ready: float = 0.0
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self.rgw_port}"

    @property
    def conf(self) -> Path:
        return self.directory / "ceph.conf"

    def environment(self) -> dict[str, str]:
        """The settings that point the console's RGW backend at this cluster."""
        return {
            "STORAGE_BACKEND": "rgw",
            "RGW_ENDPOINT": self.endpoint,
            "RGW_ADMIN_ACCESS_KEY": self.admin_access_key,
            "RGW_ADMIN_SECRET_KEY": self.admin_secret_key,
        }

    def admin(self, *args: str) -> str:
        """``radosgw-admin`` against this cluster (talks to RADOS directly)."""
        done = subprocess.run(
            [_bin("radosgw-admin"), "-c", str(self.conf), "-n", "client.admin", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0:
            raise RuntimeError(f"radosgw-admin {' '.join(args[:2])} failed: {done.stderr[-400:]}")
        return done.stdout

    def log(self, name: str = "client.rgw") -> str:
        path = self.directory / "log" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        for proc in reversed(self.processes):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in reversed(self.processes):
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.processes.clear()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Ceph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _conf(directory: Path, fsid: str, mon_port: int, rgw_port: int) -> str:
    d = str(directory)
    return f"""[global]
fsid = {fsid}
mon host = v1:{HOST}:{mon_port}
mon initial members = a
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
auth allow insecure global id reclaim = false
run dir = {d}/run
admin socket = {d}/run/$name.asok
log file = {d}/log/$name.log
keyring = {d}/keyring
pid file = {d}/run/$name.pid
ms bind ipv4 = true
ms bind ipv6 = false
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
debug ms = 0
debug rgw = 1

[mon]
mon data = {d}/mon.$id
mon cluster log file = {d}/log/cluster.log

[osd]
osd data = {d}/osd.$id
osd objectstore = memstore
memstore device bytes = 2147483648
osd max object name len = 460
osd max object namespace len = 64
osd heartbeat grace = 60
# the OSD is placed in the CRUSH map before it starts: at boot it would ask the monitor itself,
# and that request can race its first monitor map ("wrong fsid") and stop it
osd crush update on start = false
osd class update on start = false

[client.rgw]
rgw frontends = beast endpoint={HOST}:{rgw_port} tcp_nodelay=1
rgw dns name = {HOST}
rgw enable usage log = false
# Quotas: RGW's defaults. The gateway adjusts its cached user figures on every write it serves,
# so a single gateway enforces exactly; zero sync intervals would keep both daemons busy.
rgw thread pool size = 64
"""


def _run(*args: str, directory: Path) -> None:
    done = subprocess.run([_bin(args[0]), *args[1:]], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        tail = done.stderr[-600:] or done.stdout[-600:]
        raise RuntimeError(f"{' '.join(args[:2])} failed: {tail}")


def _die_with_parent() -> None:
    """In the child before exec: the kernel kills the daemon if its parent dies (Linux), so a
    killed test run or ``make run`` never leaves a cluster behind."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _spawn(directory: Path, *args: str) -> subprocess.Popen:
    log = (directory / "log" / f"{Path(args[0]).name}.out").open("ab")
    return subprocess.Popen(
        [_bin(args[0]), *args[1:]],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )


def _wait(what: str, ready, procs: list[subprocess.Popen], timeout: float, directory: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"{what}: {proc.args[0]} exited with {proc.returncode}; see {directory}/log"
                )
        if ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not happen within {timeout:.0f}s; see {directory}/log")


def start(
    rgw_port: int | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    timeout: float = 90.0,
) -> Ceph:
    """Bring a cluster up; returns once RGW answers and the admin user exists."""
    ensure_installed()
    started = time.perf_counter()
    directory = Path(tempfile.mkdtemp(prefix="ceph-"))
    for sub in ("run", "log", "mon.a", "osd.0"):
        (directory / sub).mkdir()
    rgw_port = rgw_port or free_port()
    if _port_open(rgw_port):
        shutil.rmtree(directory, ignore_errors=True)
        raise RuntimeError(f"Port {rgw_port} is in use; set RGW_PORT to a free port.")
    mon_port = free_port()
    generated = generate_keys()
    ceph = Ceph(
        directory=directory,
        rgw_port=rgw_port,
        admin_access_key=access_key or generated[0],
        admin_secret_key=secret_key or generated[1],
    )
    try:
        _bring_up(ceph, mon_port, timeout)
    except BaseException:
        log_tail = ceph.log("mon.a")[-1500:] + ceph.log("osd.0")[-1500:] + ceph.log()[-1500:]
        ceph.stop()
        if log_tail:
            print(log_tail, file=sys.stderr)
        raise
    ceph.seconds_to_ready = time.perf_counter() - started
    return ceph


def _ceph(ceph: Ceph, *args: str, timeout: float = 30) -> str:
    done = subprocess.run(
        [_bin("ceph"), "-c", str(ceph.conf), "--connect-timeout", "10", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"ceph {' '.join(args)} failed: {done.stderr[-400:]}")
    return done.stdout


def _ceph_soon(ceph: Ceph, deadline: float, *args: str) -> str:
    """A ``ceph`` command, retried while the young monitor is not answering yet (`osd new` is
    idempotent for one uuid, `osd crush add` for one item)."""
    while True:
        try:
            return _ceph(ceph, *args)
        except (RuntimeError, subprocess.TimeoutExpired):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _bring_up(ceph: Ceph, mon_port: int, timeout: float) -> None:
    d, conf = ceph.directory, str(ceph.conf)
    fsid = str(uuid.uuid4())
    ceph.conf.write_text(_conf(d, fsid, mon_port, ceph.rgw_port))
    (d / "keyring").write_text("")
    monmap = str(d / "monmap")
    _run(
        "monmaptool",
        "--create",
        "--fsid",
        fsid,
        "--addv",
        "a",
        f"[v1:{HOST}:{mon_port}]",
        monmap,
        directory=d,
    )
    _run("ceph-mon", "-c", conf, "--mkfs", "-i", "a", "--monmap", monmap, directory=d)
    ceph.processes.append(_spawn(d, "ceph-mon", "-f", "-c", conf, "-i", "a"))
    deadline = time.monotonic() + timeout
    _wait("the monitor", lambda: _port_open(mon_port), ceph.processes, 30, d)
    osd_uuid = str(uuid.uuid4())
    osd_id = _ceph_soon(ceph, deadline, "osd", "new", osd_uuid).strip()
    _ceph_soon(ceph, deadline, "osd", "crush", "add", f"osd.{osd_id}", "1.0", "root=default")
    _run("ceph-osd", "-c", conf, "-i", osd_id, "--mkfs", "--osd-uuid", osd_uuid, directory=d)
    ceph.processes.append(_spawn(d, "ceph-osd", "-f", "-c", conf, "-i", osd_id))

    def osd_up() -> bool:
        try:
            return json.loads(_ceph(ceph, "osd", "stat", "-f", "json")).get("num_up_osds", 0) >= 1
        except (RuntimeError, ValueError, subprocess.TimeoutExpired):
            return False

    _wait("the OSD", osd_up, ceph.processes, max(5.0, deadline - time.monotonic()), d)
    ceph.processes.append(
        _spawn(d, "radosgw", "-f", "-c", conf, "-n", "client.rgw", "--no-mon-config")
    )
    _wait(
        "the gateway",
        lambda: _port_open(ceph.rgw_port),
        ceph.processes,
        max(5.0, deadline - time.monotonic()),
        d,
    )
    ceph.admin(
        "user",
        "create",
        f"--uid={ADMIN_UID}",
        "--display-name=Partner Console admin",
        f"--access-key={ceph.admin_access_key}",
        f"--secret={ceph.admin_secret_key}",
        f"--caps={ADMIN_CAPS}",
    )


def main() -> None:
    """Run a cluster in the foreground until Ctrl-C (or SIGTERM), then remove it."""
    try:
        ensure_installed(install=True)
    except CephMissing as missing:
        raise SystemExit(f"{missing}\n(as root; then run this again)") from None
    port = int(os.environ.get("RGW_PORT", "7480"))
    ceph = start(
        port, os.environ.get("RGW_ADMIN_ACCESS_KEY"), os.environ.get("RGW_ADMIN_SECRET_KEY")
    )
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        print(f"Ceph RGW is ready in {ceph.seconds_to_ready:.1f}s at {ceph.endpoint}", flush=True)
        for name, value in ceph.environment().items():
            print(f"  {name}={value}", flush=True)
        while all(p.poll() is None for p in ceph.processes):
            time.sleep(0.5)
        print("A Ceph daemon exited; stopping.", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        ceph.stop()


if __name__ == "__main__":
    main()
