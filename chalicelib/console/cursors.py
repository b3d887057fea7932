"""A console table that reads one page of an index, with links to the page before and after.

The links carry a cursor (``api.pagination``: encrypted, bound to the page's path, to what
orders and filters the table, and to the person) naming the row to start from and the
direction: the next page starts after the last row shown, the previous one before the first
row shown (the index read backwards, then turned round). ``page=N`` in the link only numbers
the page for people; without a cursor a table always starts at its first page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chalicelib.api.pagination import binding, decode_cursor, encode_cursor
from chalicelib.paging import Page, PageRequest


@dataclass
class Window:
    """One page of a table: its rows, its number, and the query strings of the pages beside
    it (None where there is none)."""

    rows: list
    number: int = 1
    previous: dict[str, str] | None = None
    next: dict[str, str] | None = None
    #: what the page knows of the whole (e.g. a counter), for "Page N of M"
    total: int | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    def pages(self, size: int) -> int | None:
        return None if self.total is None else max(1, -(-self.total // size))


def window(
    page: Any,
    *,
    scope: str,
    params: dict[str, str],
    size: int,
    fetch: Callable[[PageRequest, bool], Page],
    position: Callable[[Any], dict],
    at: str | None = None,
    prefix: str = "",
) -> Window:
    """Read one page for ``page``'s cursor. ``fetch(request, backwards)`` reads ``request`` in
    the table's order (``backwards``: the reverse), ``position(row)`` is a row's start key;
    ``scope`` names what orders and filters the table (a cursor of another scope is a 400);
    ``params`` is the query string the links keep. ``at`` is the page the links lead to when
    the table is also shown by another path (a refused form re-renders the page at the form's
    address; its links still lead to, and are bound to, the page's own). ``prefix`` names
    the table's query parameters (``<prefix>cursor``, ``<prefix>page``) when a page shows two
    paged tables; a link of one keeps ``params`` and starts the other at its first page."""
    bound = binding(f"{at or page.ctx.path}|{scope}", page.principal)
    raw = page.query.get(f"{prefix}cursor")
    where = decode_cursor(raw, bound) if raw else {}
    backwards = "before" in where
    found = fetch(
        PageRequest(limit=size, start_key=where.get("before") or where.get("after")), backwards
    )
    rows = list(reversed(found.items)) if backwards else found.items
    more_before = found.next_key is not None if backwards else raw is not None
    more_after = backwards or found.next_key is not None
    number = _number(page.query.get(f"{prefix}page"), first=not more_before)

    def link(side: str, row: Any, to: int) -> dict[str, str]:
        cursor = encode_cursor({side: position(row)}, bound)
        return {**params, f"{prefix}cursor": cursor, f"{prefix}page": str(to)}

    return Window(
        rows=rows,
        number=number,
        previous=link("before", rows[0], number - 1) if rows and more_before else None,
        next=link("after", rows[-1], number + 1) if rows and more_after else None,
    )


def _number(raw: str | None, *, first: bool) -> int:
    """The page's number for people: 1 on the first page, else the link's (at least 2)."""
    if first:
        return 1
    try:
        return max(2, int(raw or 2))
    except ValueError:
        return 2
