"""What a name (of a partner, storage account, organization, person, deal customer or contract)
may be made of: text a person can read. An outside probe created partners, accounts, members and
deals named only with zero-width spaces, RTL marks or C0/C1 control characters; those look empty
or garble every list, CSV and e-mail they appear in.

* No control characters (Unicode ``Cc``: C0, DEL, C1) and no line or paragraph separators
  (U+2028, U+2029): a name is one line.
* At least one visible character once whitespace and invisible format characters (``Cf``:
  zero-width spaces and joiners, direction marks and overrides, the BOM, …) are set aside.
  Format characters inside a real name stay (a ZWJ in an emoji, an RTL mark in Arabic text).
"""

from __future__ import annotations

import unicodedata

_SEPARATORS = {"Zl", "Zp"}


def name_problem(text: str, *, optional: bool = False) -> str | None:
    """Why ``text`` cannot be a name, or None. ``optional``: the empty string means "no name"."""
    if optional and text == "":
        return None
    for ch in text:
        if unicodedata.category(ch) == "Cc" or unicodedata.category(ch) in _SEPARATORS:
            return "must not contain control characters or line breaks"
    visible = [
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Zs")
    ]
    if not visible:
        return "must contain at least one visible character"
    return None


def sort_key(name: str) -> str:
    """How a name sorts and is searched (the name indexes' key): case and runs of whitespace
    do not matter, so "acme  gmbh" sorts with and is found as "ACME GmbH"."""
    return " ".join(name.split()).casefold()


def kind_key(path: str, org_type: str) -> str | None:
    """An organization's key on its parent's list of one kind by name
    (``parent-kind-name-index``): ``<parent id>#<type>``, from its ``path``; None for the
    provider, which has no parent. The provider's Distributors and Direct partners pages read
    one page of it."""
    ids = [part for part in path.split("/") if part]
    return parent_kind_key(ids[-2], org_type) if len(ids) > 1 else None


def parent_kind_key(parent_id: str, org_type: str) -> str:
    """The key of ``parent_id``'s list of its children of one kind (what ``kind_key`` writes
    and ``parent-kind-name-index`` is queried by)."""
    return f"{parent_id}#{org_type}"
