"""``/console/static/{name}``: the console's own and vendored assets, from a flat allowlist.

Everything served is text (JS, CSS), so API Gateway's binary handling never applies. Each answer
carries a strong ``ETag`` (the file's SHA-256) and is immutable when asked for with the matching
``?v=`` the templates add, so a browser downloads each version once.
"""

from __future__ import annotations

from functools import lru_cache

from chalice import Response

from chalicelib.console.web import HERE, Page, PageRouter, asset_etag
from chalicelib.errors import NotFound

router = PageRouter(__name__)

TYPES = {".js": "application/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
#: Every file the console may serve; anything else is a 404.
ALLOWED = (
    "htmx.min.js",
    "pico.min.css",
    "uPlot.iife.min.js",
    "uPlot.min.css",
    "console.js",
    "console.css",
    "passkeys.js",
)


@lru_cache(maxsize=len(ALLOWED))
def _read(name: str) -> str:
    return (HERE / "static" / name).read_text(encoding="utf-8")


@router.route("/static/{name}", public=True)
def asset(page: Page, name: str) -> Response:
    if name not in ALLOWED:
        raise NotFound(f"There is no console asset named {name!r}.")
    etag = f'"{asset_etag(name)}"'
    versioned = page.query.get("v") == asset_etag(name)
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=31536000, immutable" if versioned else "no-cache",
        "Content-Type": TYPES[name[name.rindex(".") :]],
    }
    if page.ctx.headers.get("if-none-match") == etag:
        return Response(body="", status_code=304, headers=headers)
    return Response(body=_read(name), status_code=200, headers=headers)
