from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.user_out import UserOut


T = TypeVar("T", bound="LoginOut")


@_attrs_define
class LoginOut:
    """
    Attributes:
        token (str): Opaque bearer token; send it as `Authorization: Bearer …`.
        expires_at (str): Absolute end of the session (RFC 3339, UTC).
        idle_timeout_minutes (int):
        user (UserOut):
    """

    token: str
    expires_at: str
    idle_timeout_minutes: int
    user: UserOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        expires_at = self.expires_at

        idle_timeout_minutes = self.idle_timeout_minutes

        user = self.user.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
                "expiresAt": expires_at,
                "idleTimeoutMinutes": idle_timeout_minutes,
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_out import UserOut  # noqa: PLC0415

        d = dict(src_dict)
        token = d.pop("token")

        expires_at = d.pop("expiresAt")

        idle_timeout_minutes = d.pop("idleTimeoutMinutes")

        user = UserOut.from_dict(d.pop("user"))

        login_out = cls(
            token=token,
            expires_at=expires_at,
            idle_timeout_minutes=idle_timeout_minutes,
            user=user,
        )

        login_out.additional_properties = d
        return login_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
