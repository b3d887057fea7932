"""Functions for ``test_raise_analysis_follows_calls_callbacks_and_helpers`` (the analysis
reads source code, so the samples live in a module of their own)."""

from __future__ import annotations

from chalicelib.errors import Conflict, NotFound, TooManyRequests
from chalicelib.services import partners


def _limited() -> TooManyRequests:
    return TooManyRequests("slow down", retry_after_seconds=1)


def _missing() -> None:
    raise NotFound.of("Thing", "x")


def _run(callback) -> None:
    callback()


def view(principal, flag: bool) -> None:
    def conflict() -> None:
        raise Conflict("taken")

    if flag:
        raise _limited()
    _run(_missing)
    principal.require(None)  # Principal.require raises Forbidden (403)
    _run(conflict)


def quiet() -> int:
    return len(partners.__name__)
