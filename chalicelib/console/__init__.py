"""The web console: server-rendered pages over the same services as the JSON API.

Importing this package is cheap: ``register_pages`` installs every page of the page table
(``page_table.py``, written by ``make routes``) on the Chalice app, and the page machinery
(``console.web``, templates, translations) and the page's own module are imported on the first
request for that page, not at cold start.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from chalicelib.api.http import view_name
from chalicelib.console.page_table import PAGE_ROUTES

#: The content types a console route accepts (form posts; a GET sends none).
FORM_TYPES = ["application/x-www-form-urlencoded", "application/json", "multipart/form-data"]


def _stand_in(path: str, method: str, module: str) -> Callable[..., Any]:
    def handler(**params: str) -> Any:
        # lazy on purpose (not to dodge a cycle): the console is loaded by its first page
        return import_module("chalicelib.console.web").serve(path, method, params)

    handler.__name__ = view_name(module, method, path, prefix="console_")
    return handler


def register_pages(app: Any) -> None:
    """Installs every console page of the page table on ``app``."""
    for (path, method), module in PAGE_ROUTES.items():
        app.route(path, methods=[method], content_types=FORM_TYPES)(_stand_in(path, method, module))
