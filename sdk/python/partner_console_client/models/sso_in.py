from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.sso_in_defaultrole import SsoInDefaultrole
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sso_in_rolemapping import SsoInRolemapping


T = TypeVar("T", bound="SsoIn")


@_attrs_define
class SsoIn:
    """
    Attributes:
        issuer (str): The provider's issuer URL, exactly as its discovery document names it (https; http only on the
            local and test stages).
        client_id (str):
        email_domains (list[str]): People whose email is in one of these domains sign in here. A domain belongs to one
            organization only (409 `domain_claimed`).
        default_role (SsoInDefaultrole): The role of people no mapping matches.
        client_secret (None | str | Unset): Write-only: stored encrypted, never returned. Required the first time; leave
            it out to keep the current one.
        role_claim (None | str | Unset): The ID token claim (a string or a list of strings, e.g. `groups`) that
            `roleMapping` reads.
        role_mapping (SsoInRolemapping | Unset): Claim value -> role; the most powerful mapped value wins.
        jit (bool | Unset): Create unknown people of these domains at first sign-in. Default: False.
        enforce (bool | Unset): Refuse password sign-in for this organization's members; its admins with a second factor
            keep it (break-glass). Default: False.
    """

    issuer: str
    client_id: str
    email_domains: list[str]
    default_role: SsoInDefaultrole
    client_secret: None | str | Unset = UNSET
    role_claim: None | str | Unset = UNSET
    role_mapping: SsoInRolemapping | Unset = UNSET
    jit: bool | Unset = False
    enforce: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        issuer = self.issuer

        client_id = self.client_id

        email_domains = self.email_domains

        default_role = self.default_role.value

        client_secret: None | str | Unset
        if isinstance(self.client_secret, Unset):
            client_secret = UNSET
        else:
            client_secret = self.client_secret

        role_claim: None | str | Unset
        if isinstance(self.role_claim, Unset):
            role_claim = UNSET
        else:
            role_claim = self.role_claim

        role_mapping: dict[str, Any] | Unset = UNSET
        if not isinstance(self.role_mapping, Unset):
            role_mapping = self.role_mapping.to_dict()

        jit = self.jit

        enforce = self.enforce

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "issuer": issuer,
                "clientId": client_id,
                "emailDomains": email_domains,
                "defaultRole": default_role,
            }
        )
        if client_secret is not UNSET:
            field_dict["clientSecret"] = client_secret
        if role_claim is not UNSET:
            field_dict["roleClaim"] = role_claim
        if role_mapping is not UNSET:
            field_dict["roleMapping"] = role_mapping
        if jit is not UNSET:
            field_dict["jit"] = jit
        if enforce is not UNSET:
            field_dict["enforce"] = enforce

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sso_in_rolemapping import SsoInRolemapping  # noqa: PLC0415

        d = dict(src_dict)
        issuer = d.pop("issuer")

        client_id = d.pop("clientId")

        email_domains = cast(list[str], d.pop("emailDomains"))

        default_role = SsoInDefaultrole(d.pop("defaultRole"))

        def _parse_client_secret(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_secret = _parse_client_secret(d.pop("clientSecret", UNSET))

        def _parse_role_claim(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        role_claim = _parse_role_claim(d.pop("roleClaim", UNSET))

        _role_mapping = d.pop("roleMapping", UNSET)
        role_mapping: SsoInRolemapping | Unset
        if isinstance(_role_mapping, Unset):
            role_mapping = UNSET
        else:
            role_mapping = SsoInRolemapping.from_dict(_role_mapping)

        jit = d.pop("jit", UNSET)

        enforce = d.pop("enforce", UNSET)

        sso_in = cls(
            issuer=issuer,
            client_id=client_id,
            email_domains=email_domains,
            default_role=default_role,
            client_secret=client_secret,
            role_claim=role_claim,
            role_mapping=role_mapping,
            jit=jit,
            enforce=enforce,
        )

        return sso_in
