"""ICMC ``GET /v1/integration/regions/list``: the storage regions, public, from settings."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from chalicelib.api.http import Router
from chalicelib.settings import get_settings

router = Router(__name__, "Integrations")


class RegionOut(BaseModel):
    model_config = ConfigDict(title="api.Region", defer_build=True)
    name: str
    s3_url: str
    iam_url: str
    sts_url: str


class RegionsOut(BaseModel):
    model_config = ConfigDict(title="api.ListRegionsResponse", defer_build=True)
    regions: list[RegionOut]


@router.route(
    "/v1/integration/regions/list",
    "GET",
    summary="Lists the available regions",
    response=RegionsOut,
    public=True,
)
def list_regions(ctx) -> RegionsOut:
    regions = get_settings().regions
    return RegionsOut(
        regions=[
            RegionOut(name=r.name, s3_url=r.s3_url, iam_url=r.iam_url, sts_url=r.sts_url)
            for r in regions
        ]
    )
