"""The SDK in ``sdk/python`` is what the generator makes from today's OpenAPI document.
When this fails, run ``make sdk`` (one command) and commit the result."""

from __future__ import annotations

from tools import sdk


def test_the_sdk_is_generated_from_the_current_document():
    stale = sdk.check()
    assert not stale, f"sdk/python is stale; run `make sdk`. Differs: {stale[:20]}"


def test_the_sdk_and_the_cli_are_installed():
    import partner_console_client
    from partner_console_cli import main

    assert partner_console_client.__file__.endswith("sdk/python/partner_console_client/__init__.py")
    assert main.app.info.help
