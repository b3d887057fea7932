"""Validates responses against the definitions of the ICMC reference spec (Swagger 2.0)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

#: A copy of the vendor's published spec, kept in the repository so the tests stand alone.
SPEC = Path(__file__).resolve().parents[1] / "reference" / "icmc-public-api-v1.swagger.json"


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    return json.loads(SPEC.read_text())


def validate(
    definition: str,
    instance: Any,
    *,
    extra: set[str] = frozenset(),
    optional: set[str] = frozenset(),
) -> None:
    """``instance`` matches ``definitions[definition]`` and has exactly its properties
    (plus ``extra``, our documented extensions), except that those in ``optional`` may be
    left out."""
    definitions = spec()["definitions"]
    schema = {"$ref": f"#/definitions/{definition}", "definitions": definitions}
    items = instance if isinstance(instance, list) else [instance]
    for item in items:
        jsonschema.validate(item, schema, cls=jsonschema.Draft4Validator)
        expected = set(definitions[definition]["properties"]) | set(extra)
        present = set(item) | (expected & set(optional))
        assert present == expected, f"{definition}: {sorted(set(item) ^ expected)}"


def success_status(path: str, method: str) -> int:
    responses = spec()["paths"][path][method.lower()]["responses"]
    return int(next(iter(responses)))
