from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.sso_out_rolemapping import SsoOutRolemapping


T = TypeVar("T", bound="SsoOut")


@_attrs_define
class SsoOut:
    """
    Attributes:
        organization_id (str):
        issuer (str):
        client_id (str):
        client_secret_set (bool): The secret itself is never returned.
        email_domains (list[str]):
        role_claim (None | str):
        role_mapping (SsoOutRolemapping):
        default_role (str):
        jit (bool):
        enforce (bool):
        callback_url (str): Register this redirect URI for the client at the identity provider.
        created_at (str):
        updated_at (str):
    """

    organization_id: str
    issuer: str
    client_id: str
    client_secret_set: bool
    email_domains: list[str]
    role_claim: None | str
    role_mapping: SsoOutRolemapping
    default_role: str
    jit: bool
    enforce: bool
    callback_url: str
    created_at: str
    updated_at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organization_id = self.organization_id

        issuer = self.issuer

        client_id = self.client_id

        client_secret_set = self.client_secret_set

        email_domains = self.email_domains

        role_claim: None | str
        role_claim = self.role_claim

        role_mapping = self.role_mapping.to_dict()

        default_role = self.default_role

        jit = self.jit

        enforce = self.enforce

        callback_url = self.callback_url

        created_at = self.created_at

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organizationId": organization_id,
                "issuer": issuer,
                "clientId": client_id,
                "clientSecretSet": client_secret_set,
                "emailDomains": email_domains,
                "roleClaim": role_claim,
                "roleMapping": role_mapping,
                "defaultRole": default_role,
                "jit": jit,
                "enforce": enforce,
                "callbackUrl": callback_url,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sso_out_rolemapping import SsoOutRolemapping  # noqa: PLC0415

        d = dict(src_dict)
        organization_id = d.pop("organizationId")

        issuer = d.pop("issuer")

        client_id = d.pop("clientId")

        client_secret_set = d.pop("clientSecretSet")

        email_domains = cast(list[str], d.pop("emailDomains"))

        def _parse_role_claim(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        role_claim = _parse_role_claim(d.pop("roleClaim"))

        role_mapping = SsoOutRolemapping.from_dict(d.pop("roleMapping"))

        default_role = d.pop("defaultRole")

        jit = d.pop("jit")

        enforce = d.pop("enforce")

        callback_url = d.pop("callbackUrl")

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        sso_out = cls(
            organization_id=organization_id,
            issuer=issuer,
            client_id=client_id,
            client_secret_set=client_secret_set,
            email_domains=email_domains,
            role_claim=role_claim,
            role_mapping=role_mapping,
            default_role=default_role,
            jit=jit,
            enforce=enforce,
            callback_url=callback_url,
            created_at=created_at,
            updated_at=updated_at,
        )

        sso_out.additional_properties = d
        return sso_out

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
