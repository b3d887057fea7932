"""HTTP framing of the local stack (`make run`): every method on a few paths, HEAD on a keep-alive
connection, and the protocol errors (400, 414, 431) all answer the envelope with X-Request-Id.

The matrix runs over ONE keep-alive connection: a response framed wrongly (a body after HEAD, a
missing Content-Length) would make every later response on it unreadable, and the test fails.
"""

from __future__ import annotations

import http.client
import json
import socket

import pytest
import requests

from devstack.process import start_stack

pytestmark = pytest.mark.integration

METHODS = [
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "OPTIONS",
    "TRACE",
    "CONNECT",
    "PROPFIND",
    "MKCOL",
    "BREW",
]
KNOWN_PATHS = {
    # path as sent -> path as documented in openapi.json (its methods are the route's methods)
    "/v1/integration/regions/list": "/v1/integration/regions/list",
    "/v1/auth/login": "/v1/auth/login",
    "/v1/contracts/nope": "/v1/contracts/{id}",
}
UNKNOWN_PATHS = ["/v1/nowhere", "/elsewhere/deep/path"]


@pytest.fixture(scope="module")
def stack():
    running = start_stack()
    yield running
    assert running.stop() == 0, running.log()[-3000:]


@pytest.fixture(scope="module")
def address(stack) -> tuple[str, int]:
    host, port = stack.base_url.removeprefix("http://").split(":")
    return host, int(port)


@pytest.fixture(scope="module")
def documented_methods(stack) -> dict[str, set[str]]:
    document = requests.get(f"{stack.base_url}/v1/openapi.json", timeout=10).json()
    return {
        sent: {m.upper() for m in document["paths"][documented]}
        for sent, documented in KNOWN_PATHS.items()
    }


def _assert_envelope(status: int, headers: http.client.HTTPMessage, body: bytes, code: str):
    assert headers["Content-Type"] == "application/json", (status, body)
    assert headers["X-Request-Id"], (status, body)
    data = json.loads(body)
    assert set(data) == {"code", "message", "details"}, data
    assert data["code"] == code, (status, data)
    assert data["message"].strip(), data
    return data


def _raw(address: tuple[str, int], data: bytes, timeout: float = 10.0) -> bytes:
    """Send bytes, read until the server closes the connection."""
    with socket.create_connection(address, timeout=timeout) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


def _read_response(sock_file, method: str) -> tuple[int, dict[str, str], bytes]:
    """Parse one response off a raw socket, trusting only its framing (Content-Length)."""
    status_line = sock_file.readline().decode("latin-1")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while (line := sock_file.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = 0 if method == "HEAD" else int(headers.get("content-length", "0"))
    return status, headers, sock_file.read(length)


def _parse_raw(reply: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = reply.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:])}
    assert int(headers["Content-Length"]) == len(body), reply
    return int(lines[0].split()[1]), headers, body


def test_every_method_on_every_path_over_one_keep_alive_connection(address, documented_methods):
    conn = http.client.HTTPConnection(*address, timeout=10)
    seen = 0
    try:
        for path in [*KNOWN_PATHS, *UNKNOWN_PATHS]:
            for method in METHODS:
                conn.request(method, path, headers={"Connection": "keep-alive"})
                reply = conn.getresponse()
                body = reply.read()
                status, headers = reply.status, reply.headers
                assert not reply.will_close, (method, path, status)
                assert headers["X-Request-Id"], (method, path, status)
                where = (method, path, status, body)
                seen += 1
                if path in UNKNOWN_PATHS:
                    assert status == 404, where
                    if method != "HEAD":
                        _assert_envelope(status, headers, body, "not_found")
                    continue
                allowed = documented_methods[path]
                if method == "HEAD":
                    assert body == b"" and int(headers["Content-Length"]) > 0, where
                    assert status != 405 or "GET" not in allowed, where
                elif method == "OPTIONS":
                    assert status == 200, where
                    assert set(headers["Allow"].split(", ")) == allowed | {"OPTIONS"}, where
                elif method in allowed:
                    assert status not in (404, 405), where
                    if status >= 400:
                        _assert_envelope(status, headers, body, json.loads(body)["code"])
                else:
                    assert status == 405, where
                    _assert_envelope(status, headers, body, "method_not_allowed")
                    assert set(headers["Allow"].split(", ")) == allowed, where
    finally:
        conn.close()
    assert seen == len(METHODS) * (len(KNOWN_PATHS) + len(UNKNOWN_PATHS))


def test_head_has_the_get_headers_and_no_body_on_keep_alive(address):
    path = "/v1/integration/regions/list"
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(
            f"HEAD {path} HTTP/1.1\r\nHost: x\r\n\r\n"
            f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"
            f"HEAD /v1/nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
            f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
        )
        stream = sock.makefile("rb")
        head = _read_response(stream, "HEAD")
        get = _read_response(stream, "GET")
        missing = _read_response(stream, "HEAD")
        again = _read_response(stream, "GET")
        assert stream.read() == b""  # nothing after the last announced body
    assert head[0] == get[0] == again[0] == 200
    assert head[2] == b"" and json.loads(get[2])["regions"]
    assert head[1]["content-length"] == get[1]["content-length"] == str(len(get[2]))
    assert head[1]["content-type"] == get[1]["content-type"] == "application/json"
    assert missing[0] == 404 and missing[2] == b"" and missing[1]["x-request-id"]
    assert again[2] == get[2]


@pytest.mark.parametrize(
    ("request_bytes", "status", "code"),
    [
        (b"GET /v1/" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
        (b"GET /v1/me?q=" + b"a" * 9_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
        (
            b"GET /v1/me HTTP/1.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n",
            431,
            "request_header_fields_too_large",
        ),
        (
            b"GET /v1/me HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(150)) + b"\r\n",
            431,
            "request_header_fields_too_large",
        ),
        (
            b"GET /v1/me HTTP/1.1\r\n"
            + b"".join(b"X-%d: %s\r\n" % (i, b"b" * 1000) for i in range(80))
            + b"\r\n",
            431,
            "request_header_fields_too_large",
        ),
        (b"garbage\r\n\r\n", 400, "bad_request"),
        (b"GET /v1/me\r\n\r\n", 400, "bad_request"),
        (b"GET /v1/me HTTP/1.1 extra\r\n\r\n", 400, "bad_request"),
        (b"G(T /v1/me HTTP/1.1\r\n\r\n", 400, "bad_request"),
        (b"GET /v1/me HTTP/x.y\r\n\r\n", 400, "bad_request"),
        (b"GET /v1/me HTTP/2.0\r\n\r\n", 505, "http_version_not_supported"),
        (b"POST /v1/auth/login HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400, "bad_request"),
        (
            b"POST /v1/auth/login HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n",
            413,
            "payload_too_large",
        ),
    ],
    ids=[
        "long-path",
        "long-query",
        "long-header",
        "many-headers",
        "large-headers",
        "no-words",
        "http-0.9",
        "four-words",
        "bad-method-token",
        "bad-version",
        "http-2",
        "bad-content-length",
        "huge-body",
    ],
)
def test_protocol_errors_answer_the_envelope(address, request_bytes, status, code):
    got, headers, body = _parse_raw(_raw(address, request_bytes))
    assert got == status, body
    assert headers["Connection"] == "close" and headers["X-Request-Id"]
    assert headers["Content-Type"] == "application/json"
    data = json.loads(body)
    assert set(data) == {"code", "message", "details"} and data["code"] == code, data


def test_a_chunked_body_reaches_the_app(stack, address):
    payload = json.dumps({"email": stack.admin_email, "password": stack.admin_password}).encode()
    first, second = payload[:10], payload[10:]
    request = (
        b"POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n"
        % (len(first), first, len(second), second)
    )
    status, _, body = _parse_raw(_raw(address, request))
    assert status == 200 and json.loads(body)["token"], body


def test_ordinary_clients_still_work(stack):
    with requests.Session() as session:
        for _ in range(3):
            reply = session.head(f"{stack.base_url}/v1/integration/regions/list", timeout=10)
            assert reply.status_code == 200 and reply.content == b""
            reply = session.get(f"{stack.base_url}/v1/integration/regions/list", timeout=10)
            assert reply.status_code == 200 and reply.json()["regions"]
