"""Structured JSON logs (aws-lambda-powertools Logger), created on first use.

Log lines carry the request id, method, path, status and duration; they never carry request
bodies, headers or anything secret.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chalicelib.settings import get_settings


@lru_cache(maxsize=1)
def _logger() -> Any:
    from aws_lambda_powertools import Logger  # heavy: imported on the first log line

    logger = Logger(service="partner-console", level=get_settings().log_level)
    logger._logger.propagate = False  # one JSON line per event, not a second copy via root
    return logger


def attach_handler(handler: Any) -> None:
    """Send the JSON log lines to one more handler as well (tests read them this way)."""
    logger = _logger()
    handler.setFormatter(logger.registered_formatter)
    logger._logger.addHandler(handler)


def detach_handler(handler: Any) -> None:
    _logger()._logger.removeHandler(handler)


def log_info(message: str, **fields: Any) -> None:
    _logger().info(message, extra=fields)


def log_warning(message: str, **fields: Any) -> None:
    _logger().warning(message, extra=fields)


def log_exception(message: str, **fields: Any) -> None:
    _logger().exception(message, extra=fields)
