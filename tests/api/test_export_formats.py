"""Exports as CSV, XLSX and NDJSON: the same columns and values in each, typed cells where the
format has types, text neutralised, the format on the record and in the link."""

from __future__ import annotations

import io
import json
from datetime import datetime

from tests.api import exports_helpers as ex
from tests.api.helpers import TB, make_contract, make_partner, make_tenant
from tests.api.test_exports import add_account

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def setup_partner(api) -> tuple[object, str]:
    dist = make_tenant(api, "Dist F")
    contract = make_contract(api, dist.org_id)
    partner = make_partner(api, contract, dist.admin, "=Formel GmbH", allocation=2 * TB)
    add_account(partner, "100000000007", "@Bäckerei", contract)
    add_account(partner, "100000000008", "Fine AG", contract)
    return dist, partner


def fetch(api, body: dict, token: str) -> tuple[dict, bytes, str]:
    done = ex.export(api, body, token)
    assert done["status"] == "ready", done
    response = ex.download(done["downloadUrl"])
    return done, response.content, response.headers["Content-Type"]


def test_xlsx_has_the_csv_columns_with_typed_cells(api, provider_admin):
    from openpyxl import load_workbook

    dist, _ = setup_partner(api)
    body = {"type": "storageAccounts"}
    csv_rows = ex.rows_of(api, body, dist.admin)
    done, data, content_type = fetch(api, {**body, "format": "xlsx"}, dist.admin)
    assert done["format"] == "xlsx" and content_type == XLSX
    link = ex.link_params(done["downloadUrl"])
    assert link["response-content-disposition"].endswith('.xlsx"')
    (sheet,) = load_workbook(io.BytesIO(data), read_only=True).worksheets
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(csv_rows[0])
    assert done["rowCount"] == len(rows) - 1 == len(csv_rows) == 2
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    for expected in csv_rows:
        got = by_id[expected["clientAccountId"]]
        assert got["accountName"] == expected["accountName"]  # neutralised the same way
        assert got["partnerName"] == "'=Formel GmbH"
        assert got["allocatedCapacityBytes"] == int(expected["allocatedCapacityBytes"]) == TB // 2
        assert got["allocatedCapacityTB"] == float(expected["allocatedCapacityTB"]) == 0.5
        assert got["usedCapacityBytes"] == 123_456_789
        assert got["allowOverdraft"] is (expected["allowOverdraft"] == "true")
        assert isinstance(got["createdAt"], datetime)
        assert got["createdAt"].isoformat()[:19] == expected["createdAt"][:19]
    assert by_id["100000000007"]["accountName"] == "'@Bäckerei"


def test_ndjson_has_one_typed_object_per_row(api, provider_admin, clock):
    dist, partner = setup_partner(api)
    today = clock().date().isoformat()
    body = {"type": "usage", "partnerId": partner, "from": today, "to": today}
    csv_rows = ex.rows_of(api, body, dist.admin)
    done, data, content_type = fetch(api, {**body, "format": "ndjson"}, dist.admin)
    assert content_type == "application/x-ndjson"
    lines = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert len(lines) == len(csv_rows) == done["rowCount"] == 2
    for line, row in zip(
        sorted(lines, key=lambda r: r["clientAccountId"]),
        sorted(csv_rows, key=lambda r: r["clientAccountId"]),
        strict=True,
    ):
        assert list(line) == list(row)
        assert line["date"] == row["date"] == today  # JSON has no dates: RFC 3339 text
        assert line["partnerName"] == "'=Formel GmbH"
        assert line["hoursRecorded"] == int(row["hoursRecorded"])
        assert line["usageBytes"] is None and row["usageBytes"] == ""


def test_the_format_is_checked_and_listed(api, provider_admin):
    dist, _ = setup_partner(api)
    reply = api.post("/v1/exports", {"type": "partners", "format": "pdf"}, token=dist.admin)
    assert reply.status == 400
    assert [d["field"] for d in reply.json["details"]] == ["format"]
    assert ex.take_messages() == []
    ex.request(api, {"type": "partners", "format": "ndjson"}, dist.admin)
    ex.request(api, {"type": "partners"}, dist.admin)
    listed = api.get("/v1/exports", token=dist.admin).json
    assert [e["format"] for e in listed] == ["csv", "ndjson"]
