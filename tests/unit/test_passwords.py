import pytest

from chalicelib.domain.passwords import (
    console_password_problems,
    require_console_password,
)
from chalicelib.errors import ValidationFailed


def test_a_good_console_password_passes():
    assert console_password_problems("Blue-Harbor-42", "ops@example.com") == []


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("Ab1!", "at least 8 characters"),
        ("A" * 100 + "b1!" + "x" * 30, "at most 128"),
        ("alllowercase", "at least 3 of"),
        ("lowerandUPPER", "at least 3 of"),
        ("Password1", "most commonly used"),
        ("ops@example.com", "email"),
    ],
)
def test_each_console_rule_names_itself(password, fragment):
    problems = console_password_problems(password, "ops@example.com")
    assert any(fragment in p for p in problems), problems


def test_three_of_four_classes_is_enough():
    assert console_password_problems("lower-and-9999", None) == []
    assert console_password_problems("UPPER lower 1", None) == []


def test_validation_error_lists_every_failed_rule():
    with pytest.raises(ValidationFailed) as err:
        require_console_password("zqxjvk", "a@b.c")
    assert err.value.code == "weak_password"
    assert "at least 8 characters" in err.value.message
    assert len(err.value.details) == 2
