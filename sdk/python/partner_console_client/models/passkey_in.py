from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.passkey_in_credential import PasskeyInCredential


T = TypeVar("T", bound="PasskeyIn")


@_attrs_define
class PasskeyIn:
    """
    Attributes:
        name (str): e.g. 'Work laptop'.
        credential (PasskeyInCredential): The `PublicKeyCredential` the browser returned, as JSON
            (`credential.toJSON()`).
    """

    name: str
    credential: PasskeyInCredential

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        credential = self.credential.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "credential": credential,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.passkey_in_credential import PasskeyInCredential  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        credential = PasskeyInCredential.from_dict(d.pop("credential"))

        passkey_in = cls(
            name=name,
            credential=credential,
        )

        return passkey_in
