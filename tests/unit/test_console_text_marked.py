"""Every sentence a console template shows is marked for translation: text between tags,
human attributes (``title``, ``aria-label``, ``placeholder``, ``alt``, ``data-confirm``) and
label-like string constants (passed to macros) must go through ``_()`` / ``{% trans %}``, so
``test_translations.py`` sees them and the German page has no English left in it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from jinja2 import nodes

from chalicelib.console.web import environment

CONSOLE = Path(__file__).resolve().parents[2] / "chalicelib/console"
TEMPLATES = CONSOLE / "templates"
GETTEXT = {"_", "gettext", "ngettext", "pgettext"}
#: Words that read the same in both languages (names, units, formats).
SAME = {"Partner Console", "TB", "UTC", "CSV", "XLSX", "NDJSON", "ID", "URL", "S3", "—", "·"}
HUMAN_ATTRIBUTE = re.compile(
    r'\b(?:title|aria-label|placeholder|alt|data-confirm|hx-confirm)="([^"]*)"'
)
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{2,}")


def _human(text: str) -> bool:
    text = text.strip(" ·—()")
    if not WORD.search(text) or text in SAME:
        return False
    if text.startswith(("/", "#", ".", "data:", "http")) or re.fullmatch(r"[A-Z_]+", text):
        return False
    # identifiers, field names, CSS classes, autocomplete tokens: one lower-case word
    return " " in text or text[0].isupper()


def unmarked(source: str) -> list[str]:
    tree = environment("en").parse(source)
    found: list[str] = []
    # the raw text is read in document order; a tag may span expressions ({x} stands for one)
    tag: list[str] = []
    in_tag = [False]

    def text_of(data: str) -> str:
        outside = []
        for char in data:
            if char == "<":
                in_tag[0] = True
                tag.clear()
            elif char == ">" and in_tag[0]:
                in_tag[0] = False
                values = HUMAN_ATTRIBUTE.findall("".join(tag))
                found.extend(v for v in values if _human(v.replace("{x}", " ")))
                outside.append("\n")
                continue
            (tag if in_tag[0] else outside).append(char)
        return "".join(outside)

    def walk(node: nodes.Node, translated: bool) -> None:
        if isinstance(node, nodes.TemplateData):
            text = text_of(re.sub(r"<script.*?</script>", "", node.data, flags=re.S))
            found.extend(
                chunk.strip()
                for chunk in re.split(r"\s{2,}|\n", text)
                if _human(chunk) and not chunk.strip().startswith("&")
            )
            return
        if isinstance(node, nodes.Const) and isinstance(node.value, str):
            if not translated and _human(node.value):
                found.append(node.value)
            return
        if (
            isinstance(node, nodes.Call)
            and isinstance(node.node, nodes.Name)
            and node.node.name in GETTEXT
        ):
            for arg in node.args:
                walk(arg, True)
            for kw in node.kwargs:
                walk(kw, False)
            return
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData) and in_tag[0]:
                    tag.append("{x}")
                walk(child, translated)
            return
        if isinstance(node, nodes.Filter) and node.name in ("word", "t"):
            return  # a stored value or an already-marked sentence, translated when shown
        for child in node.iter_child_nodes():
            walk(child, translated)

    walk(tree, False)
    return found


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_every_template_sentence_is_marked_for_translation(name):
    assert unmarked((TEMPLATES / name).read_text()) == []


def test_the_check_finds_unmarked_text():
    assert unmarked("<h1>Partners</h1>") == ["Partners"]
    assert unmarked('<button aria-label="Close menu">x</button>') == ["Close menu"]
    assert unmarked('<form hx-confirm="Remove {{ e }}?">') == ["Remove {x}?"]
    assert unmarked("<form hx-confirm=\"{{ _('Remove %(e)s?', e=e) }}\">") == []
    assert unmarked('{{ input(errors, "f", "name", "Your name") }}') == ["Your name"]
    assert unmarked('<h1>{{ _("Partners") }}</h1>{{ x|word }}') == []
    assert unmarked("{% trans n=1 %}Only {{ n }} left{% endtrans %}") == []
    assert unmarked('<input name="allocatedCapacity" autocomplete="off">') == []


#: Calls whose string arguments are marked (extracted by ``make messages``) or translated.
MARKERS = {"N_", "_", "translate", "gettext", "ngettext"}
#: Page code text that is not for the page: a programming error, and the recovery codes file
#: (a download, like exports, in English).
NOT_FOR_PEOPLE = {
    "No request context; is the HTTP middleware installed?",
    "Partner Console recovery codes (each works once)",
}


def unmarked_in_code(source: str) -> list[str]:
    """Sentence-like string constants in page code outside a marker call (docstrings and the
    ``current=`` navigation key excepted)."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in MARKERS:
                skip.update(id(n) for n in ast.walk(node))
            skip.update(id(kw.value) for kw in node.keywords if kw.arg == "current")
            skip.update(
                id(n) for kw in node.keywords if kw.arg == "current" for n in ast.walk(kw.value)
            )
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and node.value.strip() not in NOT_FOR_PEOPLE
        and node.value[:1].isupper()
        and (" " in node.value.strip() or node.value.endswith("."))
    ]


@pytest.mark.parametrize(
    "path",
    [CONSOLE / "web.py", *sorted((CONSOLE / "pages").glob("*.py"))],
    ids=lambda p: p.name,
)
def test_every_page_code_sentence_is_marked_for_translation(path):
    assert unmarked_in_code(path.read_text()) == []


def test_the_code_check_finds_unmarked_sentences():
    source = """
def view(page):
    \"\"\"A docstring.\"\"\"
    page.render("x.html", current="Team members", title=N_("Partners"))
    return page.redirect("/", toast="It was done.")
"""
    assert unmarked_in_code(source) == ["It was done."]


def test_the_domain_words_the_console_shows_are_marked():
    from datetime import date

    from chalicelib.console.web import DOMAIN_WORDS
    from chalicelib.domain import billing

    day = date(2026, 12, 4)
    labels = {label for label, _a, _b in billing.range_presets(day) + billing.hourly_presets(day)}
    assert labels <= set(DOMAIN_WORDS)
