"""Console password rules (pure; hashing lives in ``chalicelib.services.credentials``):
8–128 characters, at least 3 of the 4 classes (lower, upper, digit, special), not one of the
20,000 most common passwords, and not the user's own email.
"""

from __future__ import annotations

import gzip
import string
from functools import lru_cache
from pathlib import Path

from chalicelib.errors import ValidationFailed

MIN_LENGTH = 8
MAX_LENGTH = 128
SPECIALS = frozenset(string.punctuation)
_COMMON = Path(__file__).with_name("common-passwords.txt.gz")


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    with gzip.open(_COMMON, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


def _classes(password: str) -> dict[str, bool]:
    return {
        "a lower-case letter": any(c.islower() for c in password),
        "an upper-case letter": any(c.isupper() for c in password),
        "a digit": any(c.isdigit() for c in password),
        "a special character": any(c in SPECIALS for c in password),
    }


def _length_problem(password: str) -> str | None:
    if len(password) < MIN_LENGTH:
        return f"must be at least {MIN_LENGTH} characters long"
    if len(password) > MAX_LENGTH:
        return f"must be at most {MAX_LENGTH} characters long"
    return None


def console_password_problems(password: str, email: str | None = None) -> list[str]:
    """Every rule the password breaks, as phrases ("must be at least 8 characters long")."""
    problems = []
    if length := _length_problem(password):
        problems.append(length)
    classes = _classes(password)
    if sum(classes.values()) < 3:
        missing = [name for name, present in classes.items() if not present]
        problems.append(
            "must contain at least 3 of: lower-case letter, upper-case letter, digit, special "
            f"character (missing {', '.join(missing)})"
        )
    lowered = password.lower()
    if lowered in _common_passwords():
        problems.append("is one of the most commonly used passwords")
    if email:
        local = email.split("@", 1)[0].lower()
        if lowered == email.lower() or (len(local) >= 4 and lowered == local):
            problems.append("must not be your email address")
    return problems


def _reject(problems: list[str], field: str, code: str) -> None:
    if problems:
        raise ValidationFailed(
            f"The password {'; it '.join(problems)}.",
            code=code,
            details=[{"field": field, "location": "body", "message": p} for p in problems],
        )


def require_console_password(password: str, email: str | None, *, field: str = "password") -> None:
    _reject(console_password_problems(password, email), field, "weak_password")


def storage_password_problems(password: str) -> list[str]:
    """The storage (root account) password rule of the backend, as the vendor states it:
    8–128 characters with a lower-case letter, an upper-case letter, a digit and a special
    character (``!"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~``); all four classes are required."""
    problems = []
    if length := _length_problem(password):
        problems.append(length)
    missing = [name for name, present in _classes(password).items() if not present]
    if missing:
        problems.append(f"must contain {', '.join(missing)}")
    return problems


def require_storage_password(password: str, *, field: str = "password") -> None:
    _reject(storage_password_problems(password), field, "weak_password")
