from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TransferIn")


@_attrs_define
class TransferIn:
    """
    Attributes:
        distributor_contract_id (str): Another contract of the same distributor.
    """

    distributor_contract_id: str

    def to_dict(self) -> dict[str, Any]:
        distributor_contract_id = self.distributor_contract_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "distributorContractId": distributor_contract_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        distributor_contract_id = d.pop("distributorContractId")

        transfer_in = cls(
            distributor_contract_id=distributor_contract_id,
        )

        return transfer_in
