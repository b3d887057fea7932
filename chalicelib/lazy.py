"""Calling a function by name, importing its module on the first call.

``app.py``'s schedule and queue shims use it, so that a Lambda started for one job (or one
request) imports only the modules that job needs: every Lambda of the application loads
``app.py``, and importing every service at cold start was most of the project's import time.
Each target is checked by a unit test (``tests/unit/test_lazy_targets.py``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any


def call(target: str, *args: Any) -> Any:
    """Calls ``"package.module:function"`` with ``args``."""
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)(*args)
