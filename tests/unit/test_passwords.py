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


# --- the storage (root account) password rule: all four classes ------------------------------


def test_a_good_storage_password_passes():
    from chalicelib.domain.passwords import storage_password_problems

    assert storage_password_problems("Blue-Harbor-42") == []


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("Ab1!", "at least 8 characters"),
        ("Ab1!" * 33, "at most 128"),
        ("Blue-Harbor", "a digit"),
        ("BlueHarbor42", "a special character"),
        ("blue-harbor-42", "an upper-case letter"),
        ("BLUE-HARBOR-42", "a lower-case letter"),
    ],
)
def test_each_storage_rule_names_itself(password, fragment):
    from chalicelib.domain.passwords import storage_password_problems

    problems = storage_password_problems(password)
    assert any(fragment in p for p in problems), problems


def test_three_classes_are_not_enough_for_storage():
    from chalicelib.domain.passwords import require_storage_password

    require_storage_password("Aa1!aaaa")
    with pytest.raises(ValidationFailed) as caught:
        require_storage_password("Aa1aaaaa", field="clientAccount.password")
    assert caught.value.details[0]["field"] == "clientAccount.password"
