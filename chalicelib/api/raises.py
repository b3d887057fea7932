"""Which error statuses a route can answer, read from the code it runs, so the OpenAPI document
cannot drift from what the route really does.

Starting from a view function, this follows every call into ``chalicelib`` (module functions,
functions nested in them, callbacks passed as arguments, and the methods of ``Principal``) and
collects every ``raise`` of an ``AppError`` subclass: ``raise NotFound.of(...)``,
``raise Conflict(...)``, or ``raise helper(...)`` where ``helper`` is annotated to return one.
It is an over-approximation (a branch that cannot be taken still counts), which is the safe
side for a document that tells clients what to handle. Server errors (5xx) are left out.

It runs once per route, when the OpenAPI document is first built, never on a request path.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from functools import cache
from types import FunctionType, ModuleType
from typing import Any

from chalicelib.domain.principal import Principal
from chalicelib.errors import AppError

_PACKAGES = ("chalicelib",)
_MAX_DEPTH = 25


def _method_table() -> dict[str, FunctionType]:
    """Methods called on objects whose class the source does not name (``principal.require``)."""
    return {
        name: member
        for name, member in vars(Principal).items()
        if isinstance(member, FunctionType) and not name.startswith("__")
    }


def _ours(obj: Any, packages: tuple[str, ...] = _PACKAGES) -> bool:
    return isinstance(obj, FunctionType) and (obj.__module__ or "").startswith(packages)


def _resolve(node: ast.expr, scope: dict[str, Any]) -> Any:
    """The object an expression like ``name`` or ``module.attr.attr`` names, or None."""
    if isinstance(node, ast.Name):
        return scope.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, scope)
        if isinstance(base, ModuleType | type):
            return getattr(base, node.attr, None)
    return None


def _error_class(obj: Any) -> type[AppError] | None:
    if isinstance(obj, type) and issubclass(obj, AppError):
        return obj
    if isinstance(obj, FunctionType):  # a helper that builds the error: its return annotation
        annotation = obj.__annotations__.get("return")
        if isinstance(annotation, str):
            found = obj.__globals__.get(annotation)
            return found if isinstance(found, type) and issubclass(found, AppError) else None
        if isinstance(annotation, type) and issubclass(annotation, AppError):
            return annotation
    return None


def _raised(node: ast.Raise, scope: dict[str, Any]) -> type[AppError] | None:
    target = node.exc
    if isinstance(target, ast.Call):
        target = target.func
        if isinstance(target, ast.Attribute) and target.attr == "of":  # NotFound.of(...)
            target = target.value
    if target is None:
        return None
    return _error_class(_resolve(target, scope))


def _callees(
    node: ast.Call, scope: dict[str, Any], methods: dict[str, FunctionType], packages: tuple
) -> list:
    found = []
    func = _resolve(node.func, scope)
    if func is None and isinstance(node.func, ast.Attribute):
        func = methods.get(node.func.attr)
    if _ours(func, packages):
        found.append(func)
    for arg in [*node.args, *(k.value for k in node.keywords)]:
        callback = _resolve(arg, scope)
        if _ours(callback, packages):
            found.append(callback)
    return found


@cache
def _parsed(fn: FunctionType) -> ast.AST | None:
    try:
        return ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None


def statuses_raised(view: FunctionType, packages: tuple[str, ...] = _PACKAGES) -> frozenset[int]:
    """Every 4xx status an ``AppError`` raised anywhere below ``view`` carries, following
    calls into ``packages``."""
    methods = _method_table()
    statuses: set[int] = set()
    seen: set[FunctionType] = set()
    pending: list[tuple[FunctionType, int]] = [(view, 0)]
    while pending:
        fn, depth = pending.pop()
        fn = inspect.unwrap(fn)
        if fn in seen or depth > _MAX_DEPTH:
            continue
        seen.add(fn)
        tree = _parsed(fn)
        if tree is None:
            continue
        scope = fn.__globals__
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise):
                error = _raised(node, scope)
                if error is not None and error.status < 500:
                    statuses.add(error.status)
            elif isinstance(node, ast.Call):
                callees = _callees(node, scope, methods, packages)
                pending.extend((callee, depth + 1) for callee in callees)
    return frozenset(statuses)
