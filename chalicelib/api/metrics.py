"""``GET /v1/metrics``: the caller's scope for Prometheus, in the OpenMetrics text format (or the
classic Prometheus text format for a scraper that does not ask for OpenMetrics)."""

from __future__ import annotations

from chalice import Response
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4 as CLASSIC
from prometheus_client.exposition import generate_latest as classic_text
from prometheus_client.openmetrics.exposition import CONTENT_TYPE_LATEST as OPENMETRICS
from prometheus_client.openmetrics.exposition import generate_latest as openmetrics_text
from prometheus_client.registry import CollectorRegistry
from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.models import QueryModel
from chalicelib.api.pagination import binding, encode_cursor, next_link
from chalicelib.domain.metrics import PREFIX
from chalicelib.services import metrics

router = Router(__name__, "Metrics")


class MetricsQuery(QueryModel):
    organization_id: str | None = Field(
        default=None,
        max_length=200,
        description="The organization (in your tree) whose level to describe; default: yours. "
        "A distributor's level is its contracts and partners, a partner's its storage accounts.",
    )


class _Collected:
    def __init__(self, families) -> None:
        self.families = families

    def collect(self):
        for family in self.families:
            names = sorted({k for labels, _ in family.samples for k in labels})
            gauge = GaugeMetricFamily(
                f"{PREFIX}_{family.name}", family.help, labels=names, unit=family.unit
            )
            for labels, value in family.samples:
                gauge.add_metric([labels.get(n, "") for n in names], value)
            yield gauge


def render(families, accept: str) -> tuple[bytes, str]:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Collected(families))
    if "application/openmetrics-text" in accept:
        return openmetrics_text(registry), OPENMETRICS
    return classic_text(registry), CLASSIC


@router.route(
    "/v1/metrics",
    "GET",
    summary="Usage and capacity of your organization's level, for Prometheus",
    description="Used, allocated and reserved bytes per contract, partner and storage account "
    "(labels `kind`, `id`, `name`), the last usage update (Unix seconds) and each contract's "
    "month-to-date excess usage fee (cents, label `currency`), from what the usage aggregation "
    "stored. OpenMetrics when the `Accept` header asks for `application/openmetrics-text` (as "
    "Prometheus does), else the Prometheus text format 0.0.4. One organization's level per "
    "request, `limit` records at a time (`Link: rel=next` when there are more).",
    query=MetricsQuery,
    paginated=True,
    produces="application/openmetrics-text",
    errors=(403, 404),
)
def get_metrics(ctx, query: MetricsQuery):
    scraped = metrics.scrape(ctx.principal, query.organization_id, ctx.page)
    body, content_type = render(scraped.families, ctx.headers.get("accept") or "")
    headers = {"Content-Type": content_type}
    if scraped.next_key is not None:
        cursor = encode_cursor(scraped.next_key, binding(ctx.path, ctx.principal))
        headers["Link"] = next_link(ctx.base_url, ctx.path, ctx.query, cursor)
    return Response(body=body.decode("utf-8"), status_code=200, headers=headers)
