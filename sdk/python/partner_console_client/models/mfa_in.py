from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mfa_in_credential_type_0 import MfaInCredentialType0


T = TypeVar("T", bound="MfaIn")


@_attrs_define
class MfaIn:
    """
    Attributes:
        mfa_token (str):
        code (None | str | Unset):
        recovery_code (None | str | Unset):
        credential (MfaInCredentialType0 | None | Unset): A WebAuthn assertion (`PublicKeyCredential` as JSON).
    """

    mfa_token: str
    code: None | str | Unset = UNSET
    recovery_code: None | str | Unset = UNSET
    credential: MfaInCredentialType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.mfa_in_credential_type_0 import MfaInCredentialType0  # noqa: PLC0415

        mfa_token = self.mfa_token

        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        recovery_code: None | str | Unset
        if isinstance(self.recovery_code, Unset):
            recovery_code = UNSET
        else:
            recovery_code = self.recovery_code

        credential: dict[str, Any] | None | Unset
        if isinstance(self.credential, Unset):
            credential = UNSET
        elif isinstance(self.credential, MfaInCredentialType0):
            credential = self.credential.to_dict()
        else:
            credential = self.credential

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mfaToken": mfa_token,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code
        if recovery_code is not UNSET:
            field_dict["recoveryCode"] = recovery_code
        if credential is not UNSET:
            field_dict["credential"] = credential

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mfa_in_credential_type_0 import MfaInCredentialType0  # noqa: PLC0415

        d = dict(src_dict)
        mfa_token = d.pop("mfaToken")

        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        def _parse_recovery_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recovery_code = _parse_recovery_code(d.pop("recoveryCode", UNSET))

        def _parse_credential(data: object) -> MfaInCredentialType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                credential_type_0 = MfaInCredentialType0.from_dict(data)

                return credential_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MfaInCredentialType0 | None | Unset, data)

        credential = _parse_credential(d.pop("credential", UNSET))

        mfa_in = cls(
            mfa_token=mfa_token,
            code=code,
            recovery_code=recovery_code,
            credential=credential,
        )

        return mfa_in
