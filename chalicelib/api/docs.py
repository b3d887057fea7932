"""The API's own documentation: ``/v1/openapi.json`` and an offline Swagger UI at ``/v1/swagger/``.

The Swagger UI assets (swagger-ui 5, which renders OpenAPI 3.1) are the ones aws-lambda-powertools
already ships inside its package, so they are in the Lambda zip and nothing is fetched from a CDN.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from chalice import Response

from chalicelib.api.http import Router, json_response
from chalicelib.api.openapi import build_document
from chalicelib.errors import NotFound

router = Router(__name__, "Documentation")

ASSETS = {
    "swagger-ui-bundle.js": ("swagger-ui-bundle.min.js", "application/javascript; charset=utf-8"),
    "swagger-ui.css": ("swagger-ui.min.css", "text/css; charset=utf-8"),
}
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Partner Console API</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="{base}/v1/swagger/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{base}/v1/swagger/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: "{base}/v1/openapi.json",
      dom_id: "#swagger-ui",
      deepLinking: true,
      persistAuthorization: false
    }});
  </script>
</body>
</html>
"""


def _asset_dir() -> Path:
    spec = importlib.util.find_spec("aws_lambda_powertools")
    if spec is None or spec.origin is None:  # pragma: no cover - it is a runtime dependency
        raise NotFound("The Swagger UI assets are not installed.")
    return Path(spec.origin).parent / "event_handler" / "openapi" / "swagger_ui"


@lru_cache(maxsize=len(ASSETS))
def _asset(name: str) -> str:
    return (_asset_dir() / ASSETS[name][0]).read_text(encoding="utf-8")


@router.route(
    "/v1/openapi.json",
    "GET",
    summary="This API's OpenAPI 3.1 document",
    public=True,
)
def openapi_document(ctx) -> Response:
    document = dict(build_document(), servers=[{"url": ctx.base_url or "/"}])
    return json_response(document)


@router.route(
    "/v1/swagger",
    "GET",
    summary="Swagger UI for this API (works offline)",
    public=True,
    produces="text/html",
)
def swagger_page(ctx) -> Response:
    return Response(
        body=PAGE.format(base=ctx.stage_prefix),
        status_code=200,
        headers={"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"},
    )


@router.route(
    "/v1/swagger/{asset}",
    "GET",
    summary="Swagger UI static asset",
    public=True,
    produces="text/plain",
)
def swagger_asset(ctx, asset: str) -> Response:
    if asset not in ASSETS:
        raise NotFound(f"There is no Swagger UI asset named {asset!r}.")
    return Response(
        body=_asset(asset),
        status_code=200,
        headers={"Content-Type": ASSETS[asset][1], "Cache-Control": "public, max-age=86400"},
    )
