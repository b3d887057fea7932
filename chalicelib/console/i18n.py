"""The console's message catalogs: ``translations/<locale>/LC_MESSAGES/messages.po`` (Babel,
``make messages`` extracts and updates them), loaded once per process and compiled in memory."""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

CATALOGS = Path(__file__).resolve().parent / "translations"


@lru_cache(maxsize=4)
def translations(locale: str) -> gettext.NullTranslations:
    """The catalog for ``locale`` (English: the messages as written)."""
    path = CATALOGS / locale / "LC_MESSAGES" / "messages.po"
    if locale == "en" or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where shown."""
    return message
