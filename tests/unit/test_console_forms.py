"""How the console turns form input into API values and API errors into field messages."""

from __future__ import annotations

import pytest

from chalicelib.console.web import FormErrors, parse_tb, tb, tb_number
from chalicelib.errors import CapacityExceeded, ValidationFailed


def test_terabytes_in_forms_and_on_screen():
    assert parse_tb("1.5", "allocatedCapacity") == 1_500_000_000_000
    assert parse_tb(" 2,25 ", "allocatedCapacity") == 2_250_000_000_000
    assert parse_tb("0", "allocatedCapacity") == 0
    assert tb(30 * 10**12) == "30 TB" and tb(1_234_600_000_000) == "1.235 TB"
    assert tb_number(1_500_000_000_000) == "1.5"
    for bad in ("", "ten", "nan", "inf"):
        with pytest.raises(ValidationFailed) as caught:
            parse_tb(bad, "allocatedCapacity")
        assert caught.value.details[0]["field"] == "allocatedCapacity"


def test_a_refusal_shows_the_api_sentence_next_to_its_field_once():
    refusal = CapacityExceeded(
        "Contract 'X' has 1 TB left to allocate; this change needs 5 TB more.",
        details=[{"field": "allocatedCapacity", "message": "Exceeds the contract's capacity."}],
    )
    errors = FormErrors.of(refusal, "allocation")
    assert errors.get("allocatedCapacity") == refusal.message
    assert errors.top == ""  # not repeated above the form


def test_several_invalid_fields_each_get_their_own_message():
    problem = ValidationFailed(
        "2 fields are invalid: name (too short), email (not an email).",
        details=[
            {"field": "name", "message": "too short"},
            {"field": "clientAccount.contactEmail", "message": "not an email"},
        ],
    )
    errors = FormErrors.of(problem, "create")
    assert errors.get("name") == "too short"
    assert errors.get("contactEmail") == "not an email"
    assert errors.top == problem.message


def test_an_error_without_a_field_goes_to_the_form_default_field():
    errors = FormErrors.of(ValidationFailed("Nope."), "delete", default_field="confirmName")
    assert errors.get("confirmName") == "Nope." and errors.top == ""


def test_a_refusal_for_a_field_the_form_lacks_goes_next_to_its_main_field():
    # a transfer refused because the partner's allocation does not fit the target contract
    refusal = CapacityExceeded(
        "Contract 'Small' has 5 TB left to allocate; this change needs 20 TB more.",
        details=[{"field": "allocatedCapacity", "message": "Exceeds the contract's capacity."}],
    )
    errors = FormErrors.of(
        refusal, "transfer", "distributorContractId", shown=("distributorContractId",)
    )
    assert errors.get("distributorContractId") == refusal.message
    assert errors.get("allocatedCapacity") == ""


def test_forms_are_validated_as_the_api_reads_json():
    from chalicelib.api.exports import ExportIn
    from chalicelib.console.web import validate

    body = validate(ExportIn, {"type": "usage", "from": "2026-05-01", "to": "2026-05-31"})
    assert str(body.from_) == "2026-05-01" and str(body.to) == "2026-05-31"
    with pytest.raises(ValidationFailed):
        validate(ExportIn, {"type": "usage", "from": "May 1st"})
