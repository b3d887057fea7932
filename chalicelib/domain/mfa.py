"""Second-factor rules: TOTP codes (RFC 6238), recovery codes and which methods a person has.

Pure functions (no storage): the services read a person's record, ask these rules, and write
the outcome with conditions that make "each code once" hold under concurrency.

* TOTP: 6 digits, 30-second steps, one step of drift either side. A code is accepted for the
  earliest step in that window that it matches **and** that is later than the last step the
  person already used; the service stores that step with a condition, so a code (or any older
  one) cannot be used twice.
* Recovery codes: ten per enrolment, ``xxxxx-xxxxx`` in lower-case base32 (50 bits each), shown
  once; compared case-insensitively and without spaces or dashes.
"""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import datetime
from urllib.parse import quote, urlsplit

TOTP_DIGITS = 6
TOTP_PERIOD_SECONDS = 30
TOTP_DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
#: How long a started (unconfirmed) TOTP enrolment stays confirmable.
TOTP_PENDING_MINUTES = 15
_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
_CODE = re.compile(r"^\d{6}$")


def new_totp_secret() -> str:
    """160 random bits in base32 (what authenticator apps expect)."""
    import pyotp

    return pyotp.random_base32(32)


def time_step(moment: datetime) -> int:
    return int(moment.timestamp()) // TOTP_PERIOD_SECONDS


def code_at(secret: str, step: int) -> str:
    import pyotp

    return pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_PERIOD_SECONDS).generate_otp(step)


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "")


def is_code_shaped(code: str) -> bool:
    return bool(_CODE.match(normalise_code(code)))


def accepted_step(
    secret: str, code: str, moment: datetime, last_used_step: int | None
) -> int | None:
    """The time step ``code`` is accepted for at ``moment``, or None.

    Steps ``now - 1 … now + 1`` are tried oldest first; steps at or before ``last_used_step``
    are never accepted again (replay, or an older code after a newer one was used)."""
    code = normalise_code(code)
    if not _CODE.match(code):
        return None
    now_step = time_step(moment)
    floor = -1 if last_used_step is None else int(last_used_step)
    for step in range(now_step - TOTP_DRIFT_STEPS, now_step + TOTP_DRIFT_STEPS + 1):
        if step > floor and hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def otpauth_uri(secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://totp/…`` URI an authenticator app reads from the QR code."""
    label = quote(f"{issuer}:{account}", safe="@:")
    return (
        f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}"
        f"&algorithm=SHA1&digits={TOTP_DIGITS}&period={TOTP_PERIOD_SECONDS}"
    )


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_BASE32) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def normalise_recovery_code(code: str) -> str:
    return re.sub(r"[\s-]", "", (code or "").lower())


def methods(totp_enabled: bool, passkey_count: int) -> list[str]:
    """The second-factor methods a person can complete a login with, in a stable order."""
    found = []
    if totp_enabled:
        found += ["totp", "recovery_code"]
    if passkey_count > 0:
        found.append("passkey")
    return found


def has_second_factor(totp_enabled: bool, passkey_count: int) -> bool:
    return bool(methods(totp_enabled, passkey_count))


def enrolment_only(require_mfa: bool, totp_enabled: bool, passkey_count: int) -> bool:
    """A session of a person whose organization requires a second factor and who has none may
    only enrol one."""
    return require_mfa and not has_second_factor(totp_enabled, passkey_count)


def may_set_policy(role: str, org_type: str, own_organization: bool) -> bool:
    """Who may switch an organization's "require a second factor": its own admins, and the
    provider's admins for any organization in their tree."""
    if role != "admin":
        return False
    return own_organization or org_type == "provider"


def factor_names(totp_enabled: bool, passkey_count: int) -> list[str]:
    """The factors a team list shows for a person (recovery codes go with the app)."""
    return [m for m in methods(totp_enabled, passkey_count) if m != "recovery_code"]


# --- passkeys (WebAuthn) ---------------------------------------------------------------------

#: Passkeys one person may register.
MAX_PASSKEYS = 10
#: How long a WebAuthn challenge can be answered (it is also deleted when answered).
CHALLENGE_MINUTES = 5
LOCAL_RP_ID = "localhost"


def relying_party(public_base_url: str, request_origin: str) -> tuple[str, str]:
    """``(rp id, expected origin)`` for a ceremony.

    With ``PUBLIC_BASE_URL`` both come from it (its host, its scheme and host). Without it (the
    local stack) the RP id is ``localhost`` and the origin is the one the request came to,
    which must then be ``http(s)://localhost[:port]`` (a WebAuthn RP id cannot be an IP
    address). Raises ``ValueError`` with a sentence for people otherwise."""
    if public_base_url:
        parts = urlsplit(public_base_url)
        return parts.hostname or "", f"{parts.scheme}://{parts.netloc}"
    parts = urlsplit(request_origin)
    if parts.hostname != LOCAL_RP_ID or parts.scheme not in ("http", "https"):
        raise ValueError(
            "Passkeys work at http://localhost:<port>/console/ on the local stack (a passkey "
            "needs a host name, not an IP address); open the console there."
        )
    return LOCAL_RP_ID, f"{parts.scheme}://{parts.netloc}"


def valid_passkey_name(name: str) -> bool:
    return 1 <= len(name.strip()) <= 60


# --- links that set a password ---------------------------------------------------------------

#: How long a "forgot password" link works.
RESET_LINK_MINUTES = 60
#: How long an invitation link works.
INVITE_LINK_DAYS = 7
#: "Forgot password?" requests per email and address in the login counting window.
RESET_REQUESTS_PER_WINDOW = 3
