from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.me_change_in_locale_type_0 import MeChangeInLocaleType0

T = TypeVar("T", bound="MeChangeIn")


@_attrs_define
class MeChangeIn:
    """
    Attributes:
        locale (MeChangeInLocaleType0 | None): The console language: `de` or `en`; null to follow the browser's `Accept-
            Language`. API messages and exports stay English.
    """

    locale: MeChangeInLocaleType0 | None

    def to_dict(self) -> dict[str, Any]:
        locale: None | str
        if isinstance(self.locale, MeChangeInLocaleType0):
            locale = self.locale.value
        else:
            locale = self.locale

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "locale": locale,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_locale(data: object) -> MeChangeInLocaleType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                locale_type_0 = MeChangeInLocaleType0(data)

                return locale_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MeChangeInLocaleType0 | None, data)

        locale = _parse_locale(d.pop("locale"))

        me_change_in = cls(
            locale=locale,
        )

        return me_change_in
