"""Every message the console's templates and page code mark for translation has a German
translation with the same placeholders (fails on a new untranslated message: run
``make messages`` and translate it in ``chalicelib/console/translations/de``)."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "chalicelib/console/translations/de/LC_MESSAGES/messages.po"
METHODS = [
    ("**/translations/**", "ignore"),
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extracted() -> set[str]:
    found = set()
    keywords = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "chalicelib/console", METHODS, OPTIONS, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    for _line, message, _comments, _context in extract_from_file(
        "python", ROOT / "chalicelib/domain/audit_actions.py", keywords=keywords
    ):
        found.add(message)
    return found


def test_every_audit_action_the_console_shows_is_marked():
    from chalicelib.domain.audit_actions import ACTIONS

    assert set(ACTIONS.values()) <= extracted()


def test_every_console_message_has_a_german_translation():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="de")
    german = {}
    for m in catalog:
        if m.id and not m.fuzzy:  # a plural's key is its singular; every form must be there
            forms = m.string if isinstance(m.string, tuple) else (m.string,)
            german[m.id[0] if isinstance(m.id, tuple) else m.id] = forms[0] if all(forms) else ""
    messages = extracted()
    assert len(messages) > 30
    missing = sorted(m for m in messages if not german.get(m))
    assert not missing, f"no German for {missing}: run `make messages`, then translate"
    for message in messages:
        assert set(PLACEHOLDER.findall(message)) == set(PLACEHOLDER.findall(german[message]))


def test_the_page_renders_in_the_negotiated_language():
    from chalicelib.console.web import environment

    template = environment("de").from_string('{{ _("Log in") }} {{ 1234500000000000|tb }}')
    assert template.render() == "Anmelden 1.234,5 TB"
    assert environment("en").from_string('{{ _("Log in") }}').render() == "Log in"
