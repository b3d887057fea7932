"""Page containers shared by the store (which fills them) and the API (which renders them)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    limit: int = DEFAULT_LIMIT
    start_key: dict[str, Any] | None = None


@dataclass
class Page(Generic[T]):
    """One page of results; ``next_key`` is the store key to resume after, None when done."""

    items: list[T]
    next_key: dict[str, Any] | None = None

    def map(self, fn: Callable[[T], Any]) -> Page:
        return Page([fn(i) for i in self.items], self.next_key)


def drain(fetch: Callable[[PageRequest], Page[T]], page_size: int = DEFAULT_LIMIT) -> Iterator[T]:
    """Every item of a paged list, page after page until the last (never a silent cut-off).
    For jobs, cascades and lists bounded by design (an organization's contracts or people);
    a request that lists what grows with the tenant serves one page instead."""
    request = PageRequest(limit=page_size)
    while True:
        page = fetch(request)
        yield from page.items
        if page.next_key is None:
            return
        request = PageRequest(limit=page_size, start_key=page.next_key)
