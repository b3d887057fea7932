"""Sending one webhook request: resolve the host, refuse addresses the rules forbid (link-local
and metadata always; loopback and private unless the stage allows them), POST with a timeout,
never follow a redirect. Answers the HTTP status or the error, and the latency."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from chalicelib.domain.delivery import address_problem

USER_AGENT = "PartnerConsole-Webhooks/1.0"


@dataclass(frozen=True)
class Outcome:
    status: int | None
    error: str | None
    latency_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def _resolve(host: str, port: int, allow_private: bool) -> str:
    """The first permitted address of ``host``; raises when any address is forbidden (a name
    that resolves to a mix must not be a way in)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [info[4][0] for info in infos]
    for text in addresses:
        problem = address_problem(
            ipaddress.ip_address(text.split("%")[0]), allow_private=allow_private
        )
        if problem:
            raise PermissionError(f"{host} resolves to {text}: {problem}")
    return addresses[0]


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a checked address, with the certificate checked against the URL's host."""

    def __init__(self, address: str, host: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, address: str, host: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def post(
    url: str, body: bytes, headers: dict[str, str], *, timeout: float, allow_private: bool
) -> Outcome:
    started = time.perf_counter()

    def done(status: int | None, error: str | None) -> Outcome:
        return Outcome(status, error, int((time.perf_counter() - started) * 1000))

    parts = urlsplit(url)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    host = parts.hostname or ""
    try:
        address = _resolve(host, port, allow_private)
    except PermissionError as exc:
        return done(None, f"refused: {exc}")
    except OSError as exc:
        return done(None, f"DNS: {exc}")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    connection_cls = _PinnedHTTPS if https else _PinnedHTTP
    connection = connection_cls(address, host, port, timeout)
    try:
        connection.request(
            "POST",
            target,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
        )
        response = connection.getresponse()
        response.read(64 * 1024)  # a bounded read: we keep only the status
        return done(response.status, None)
    except TimeoutError:
        return done(None, f"timeout after {timeout:g} s")
    except (OSError, http.client.HTTPException) as exc:
        return done(None, f"{type(exc).__name__}: {exc}"[:300])
    finally:
        connection.close()
