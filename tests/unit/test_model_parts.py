"""``chalicelib.store.models`` loads each part on first use: its name table must name every
model, index and attribute class the parts define, and only those."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from pynamodb.models import Model

from chalicelib.store import models


def defined_in_parts() -> dict[str, str]:
    found = {}
    for info in pkgutil.iter_modules(models.__path__, f"{models.__name__}."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == info.name and name[0] != "_":
                found[name] = info.name
    return found


def test_the_name_table_is_exactly_what_the_parts_define():
    expected = defined_in_parts()
    expected["IdempotencyItem"] = "chalicelib.store.idempotency_record"
    assert expected == models.MODULES


def test_every_table_model_is_listed_once_and_every_listed_name_is_a_model():
    assert len(set(models.TABLE_MODELS)) == len(models.TABLE_MODELS)
    assert all(issubclass(m, Model) for m in models.ALL_MODELS)
    tables = {m.Meta.table_name for m in models.ALL_MODELS}
    every = {getattr(models, name) for name in models.MODULES}
    sharing = {m for m in every if inspect.isclass(m) and issubclass(m, Model)}
    assert {m.Meta.table_name for m in sharing} == tables  # every model's table is created


def test_an_unknown_name_is_an_attribute_error():
    try:
        models.NoSuchItem  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchItem" in str(exc)
    else:
        raise AssertionError("models.NoSuchItem should not exist")
