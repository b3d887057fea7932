"""Tenant isolation, in one place: every read by id and every list goes through here.

* ``get_in_scope`` reads one record and answers "not found" unless the record's ``path`` lies
  inside the principal's organization tree (404, never 403: existence must not leak).
* ``query_page`` runs one bounded Query (the caller supplies a key that is itself in scope, e.g.
  the principal's organization id or a record fetched with ``get_in_scope``) and pages it.

Repositories use nothing else to read, so a route cannot reach a record outside its tenant.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from pynamodb.exceptions import QueryError
from pynamodb.models import Model

from chalicelib.domain.principal import Principal
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.paging import Page, PageRequest, drain

M = TypeVar("M", bound=Model)
MAX_KEY_LENGTH = 200


def get_unscoped(model_cls: type[M], key: str) -> M | None:
    """A consistent read by key with no scope check: only for authentication and jobs."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    try:
        return model_cls.get(key, consistent_read=True)
    except model_cls.DoesNotExist:
        return None


def get_in_scope(model_cls: type[M], key: str, principal: Principal, what: str) -> M:
    item = get_unscoped(model_cls, key)
    if item is None or not principal.sees(item.path):
        raise NotFound.of(what, key)
    return item


def every_item(query: Any, hash_key: str, page_size: int = 100) -> Iterator[Any]:
    """Every item under ``hash_key``, page by page (for cascades, never for a request's list)."""
    return drain(lambda page: query_page(query, hash_key, page), page_size)


def query_page(
    query: Any,
    hash_key: str,
    page: PageRequest,
    *,
    range_key_condition: Any = None,
    filter_condition: Any = None,
    newest_first: bool = False,
) -> Page:
    """One page of ``query(hash_key, …)`` (a Model or index ``query``), ``page.limit`` items,
    and the key to resume from when — and only when — there is more."""
    results = query(
        hash_key,
        range_key_condition=range_key_condition,
        filter_condition=filter_condition,
        scan_index_forward=not newest_first,
        limit=page.limit + 1,
        page_size=page.limit + 1,
        last_evaluated_key=page.start_key,
    )
    items: list[Any] = []
    resume = None
    try:
        for item in results:
            if len(items) == page.limit:
                return Page(items, resume)
            items.append(item)
            if len(items) == page.limit:
                resume = results.last_evaluated_key
    except QueryError as exc:
        if page.start_key is not None and exc.cause_response_code == "ValidationException":
            raise ValidationFailed(
                "The cursor does not belong to this list.", code="invalid_cursor"
            ) from None
        raise
    return Page(items, None)
