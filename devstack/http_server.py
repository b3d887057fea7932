"""HTTP framing for the local stack: every request gets the error envelope and correct framing.

Chalice's ``LocalDevServer`` is a thin ``BaseHTTPRequestHandler``: methods it has no ``do_X`` for
(TRACE, CONNECT, PROPFIND, …) get a bare HTML 501, a ``HEAD`` reply carries the GET body (which
the client then reads as the start of the next response on a keep-alive connection), and the
protocol errors (400, 414, 431, 505) are HTML without ``X-Request-Id``. ``Handler`` below replaces
the request loop, not Chalice:

- every method goes to the app, which answers 405 with ``Allow`` (the route's real methods) on a
  known path, and to our 404 envelope on an unknown one;
- ``HEAD`` runs the GET and sends its status and headers (``Content-Length`` included) without
  the body;
- protocol errors are the envelope ``{code, message, details}`` with ``X-Request-Id``; after one,
  the connection closes once the client's unread request has been drained, so the client reads
  the answer instead of a reset.

Limits mirror API Gateway (REST) where it has one: an 8 KiB request line (URL), 10 MiB body.
Headers: at most 100 lines and 64 KiB in total.
"""

from __future__ import annotations

import json
import re
import socket
import time
import traceback
import uuid
from http import HTTPStatus
from typing import Any, ClassVar

from chalice.local import ChaliceRequestHandler, LocalGatewayException, RouteMatcher

MAX_REQUEST_LINE = 8192
MAX_HEADER_BYTES = 64 * 1024
MAX_HEADER_COUNT = 100
MAX_BODY_BYTES = 10 * 1024 * 1024
DRAIN_BYTES = 1024 * 1024
DRAIN_SECONDS = 1.0

# RFC 9110 §5.6.2: a method is a token.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")

_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    411: "length_required",
    413: "payload_too_large",
    414: "uri_too_long",
    431: "request_header_fields_too_large",
    500: "internal_error",
    501: "not_implemented",
    505: "http_version_not_supported",
}
_MESSAGES = {
    400: "The request could not be understood: {reason}.",
    404: "There is no {method} {path} in this API; see /v1/swagger/.",
    408: "The request was not sent in time.",
    411: "Send a Content-Length header (or Transfer-Encoding: chunked) with the body.",
    413: f"The request body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MiB.",
    414: f"The request line (method and URL) is longer than {MAX_REQUEST_LINE} bytes.",
    431: (
        f"The request headers are too large (at most {MAX_HEADER_COUNT} headers and "
        f"{MAX_HEADER_BYTES // 1024} KiB in total, {MAX_HEADER_BYTES} bytes per line): {{reason}}."
    ),
    500: (
        "Something went wrong on our side. If it keeps happening, quote the X-Request-Id header "
        "of this response when you report it."
    ),
    505: "Only HTTP/1.0 and HTTP/1.1 are served here.",
}


class RequestRejected(Exception):
    """A request that cannot be handed to the app; answered with ``status`` and the envelope."""

    def __init__(self, status: int, reason: str = "") -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def envelope(status: int, message: str, details: list[Any] | None = None) -> bytes:
    code = _CODES.get(status, HTTPStatus(status).phrase.lower().replace(" ", "_"))
    return json.dumps({"code": code, "message": message, "details": details or []}).encode()


class Handler(ChaliceRequestHandler):
    """Chalice's local request handler with a request loop that always answers with framing."""

    # A malformed request line is answered as HTTP/1.1 (status line and headers), never as 0.9.
    default_request_version = "HTTP/1.1"
    _route_matchers: ClassVar[dict[int, RouteMatcher]] = {}

    # -- the request loop ------------------------------------------------------------------------

    def handle_one_request(self) -> None:
        self._linger = False
        self.command = None
        self.request_version = self.default_request_version
        self.requestline = ""
        try:
            self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
            if len(self.raw_requestline) > MAX_REQUEST_LINE:
                self._linger = True
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            self._handle()
            self.wfile.flush()
        except TimeoutError as exc:
            self.log_error("Request timed out: %r", exc)
            self.close_connection = True

    def parse_request(self) -> bool:
        line = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = line.split()
        if not words:  # a stray empty line: nothing to answer
            self.close_connection = True
            return False
        self.requestline = line
        if len(words) != 3 or not _TOKEN.fullmatch(words[0]):
            self._linger = True
            self.send_error(HTTPStatus.BAD_REQUEST, reason="expected 'METHOD /path HTTP/1.1'")
            return False
        if not super().parse_request():
            self._linger = True
            return False
        if len(self.headers) > MAX_HEADER_COUNT:
            self._linger = True
            self.send_error(431, reason=f"{len(self.headers)} headers")
            return False
        size = sum(len(k) + len(v) + 4 for k, v in self.headers.items())
        if size > MAX_HEADER_BYTES:
            self._linger = True
            self.send_error(431, reason=f"{size} bytes of headers")
            return False
        return True

    def _handle(self) -> None:
        try:
            headers, body = self._parse_payload()
        except RequestRejected as exc:
            self._linger = True
            self.send_error(exc.status, reason=exc.reason)
            return
        method = "GET" if self.command == "HEAD" else self.command
        try:
            response = self.local_gateway.handle_request(
                method=method, path=self.path, headers=headers, body=body
            )
        except LocalGatewayException as exc:
            self._send_error_response(exc)
            return
        except Exception:  # the app answers its own errors; this is the dev server failing
            self.log_error("%s", traceback.format_exc())
            self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR)
            return
        out_headers = {**response["headers"], **response["multiValueHeaders"]}
        out_headers.setdefault("X-Request-Id", str(uuid.uuid4()))
        if self.command == "OPTIONS" and response["statusCode"] == 200:
            out_headers.setdefault("Allow", self._allow())
        response = self._handle_binary(response)
        self._send_http_response(response["statusCode"], out_headers, response["body"])

    # -- request body ----------------------------------------------------------------------------

    def _parse_payload(self) -> tuple[dict[str, Any], bytes | None]:
        encoding = self.headers.get("Transfer-Encoding", "").strip().lower()
        length = self.headers.get("Content-Length")
        if encoding and encoding != "chunked":
            raise RequestRejected(400, f"Transfer-Encoding {encoding!r} is not supported")
        if encoding == "chunked":
            if length is not None:
                raise RequestRejected(400, "both Content-Length and Transfer-Encoding were sent")
            body = self._read_chunked()
        elif length is not None:
            if not length.strip().isdigit():
                raise RequestRejected(400, f"Content-Length {length!r} is not a number")
            size = int(length)
            if size > MAX_BODY_BYTES:
                raise RequestRejected(413)
            body = self.rfile.read(size) if size else None
            if body is not None and len(body) < size:
                raise RequestRejected(400, "the body is shorter than its Content-Length")
        else:
            body = None
        headers = dict(self.headers)
        headers.pop("Transfer-Encoding", None)
        if body is not None:
            headers["Content-Length"] = str(len(body))
        return headers, body or None

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise RequestRejected(400, "a chunk size is not hexadecimal") from None
            if size == 0:
                break
            total += size
            if total > MAX_BODY_BYTES:
                raise RequestRejected(413)
            chunk = self.rfile.read(size)
            if len(chunk) < size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise RequestRejected(400, "a chunk is shorter than its size")
            chunks.append(chunk)
        while self.rfile.readline(MAX_HEADER_BYTES) not in (b"\r\n", b"\n", b""):
            pass  # trailers are ignored
        return b"".join(chunks)

    # -- responses -------------------------------------------------------------------------------

    def _allow(self) -> str:
        """The methods of the route ``self.path`` matches (for OPTIONS), as ``Allow`` lists them."""
        app = self.local_gateway._app_object
        matcher = self._route_matchers.get(id(app))
        if matcher is None:
            matcher = self._route_matchers[id(app)] = RouteMatcher(list(app.routes))
        try:
            route = matcher.match_route(self.path).route
        except ValueError:
            return "OPTIONS"
        methods = [m for m in app.routes[route] if m != "OPTIONS"]
        return ", ".join([*methods, "OPTIONS"])

    def _send_http_response_with_body(self, code: int, headers: dict[str, Any], body: Any) -> None:
        if not isinstance(body, bytes):
            body = body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
        self._send_headers(headers)
        if self.command != "HEAD":  # HEAD: the GET's headers, Content-Length included, no body
            self.wfile.write(body)

    def _send_error_response(self, error: Any) -> None:
        """An unknown path (Chalice's gateway answers API Gateway's 403 there): the 404 envelope."""
        path = self.path.split("?", 1)[0]
        body = envelope(404, _MESSAGES[404].format(method=self.command, path=path))
        headers = {"Content-Type": "application/json", "X-Request-Id": str(uuid.uuid4())}
        self._send_http_response_with_body(404, headers, body)

    def send_error(
        self, code: int, message: str | None = None, explain: str | None = None, reason: str = ""
    ) -> None:
        """Every protocol error as the envelope, with ``X-Request-Id``; the connection closes."""
        code = int(code)
        template = _MESSAGES.get(code)
        if not reason:
            reason = explain or message or HTTPStatus(code).phrase.lower()
        text = template.format(reason=reason) if template else f"{reason}."
        if self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.1"
        self.log_error("code %d, %s", code, text)
        body = envelope(code, text)
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Request-Id", str(uuid.uuid4()))
        self.send_header("Connection", "close")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def finish(self) -> None:
        """After a rejected request, read what the client still sends before closing: closing
        with unread data makes the kernel reset the connection, and the client loses the answer."""
        super().finish()
        if not getattr(self, "_linger", False):
            return
        sock = self.connection
        try:
            sock.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + DRAIN_SECONDS
            drained = 0
            while drained < DRAIN_BYTES and time.monotonic() < deadline:
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                data = sock.recv(65536)
                if not data:
                    break
                drained += len(data)
        except OSError:
            pass
