"""`make fuzz` reads its counts from the VCR cassette: requests, 5xx, schema violations."""

from __future__ import annotations

import json

from devstack.fuzz import read_cassette, report

CASSETTE = """\
command: 'st run'
recorded_with: 'Schemathesis 4.32.5'
seed: 1
http_interactions:
- id: 'a1'
  status: 'SUCCESS'
  metadata: null
  recorded_at: '2026-11-24T04:41:56+00:00'
  checks:
    - name: 'not_a_server_error'
      status: 'SUCCESS'
      message: ~
  request:
    uri: 'http://127.0.0.1:1/v1/me'
    method: 'GET'
    headers:
      Authorization:
        - '[Filtered]'
  response:
    status:
      code: '200'
      message: "OK"
    elapsed: '0.01'
    headers:
      Content-Type:
        - 'application/json'
    body:
      encoding: 'utf-8'
      string: "{}"
    http_version: '1.1'
- id: 'b2'
  status: 'FAILURE'
  metadata: null
  recorded_at: '2026-11-24T04:41:57+00:00'
  checks:
    - name: 'not_a_server_error'
      status: 'FAILURE'
      message: 'Server error'
    - name: 'status_code_conformance'
      status: 'FAILURE'
      message: 'Undocumented status code'
  request:
    uri: 'http://127.0.0.1:1/v1/contracts'
    method: 'POST'
    headers: {}
    body:
      encoding: 'utf-8'
      string: "{\\"costStorageGBCents\\": 1e-131}"
  response:
    status:
      code: '500'
      message: "Internal Server Error"
    elapsed: '0.01'
    headers: {}
    body:
      encoding: 'utf-8'
      string: "{\\"code\\": \\"internal_error\\"}"
    http_version: '1.1'
- id: 'c3'
  status: 'FAILURE'
  metadata: null
  recorded_at: '2026-11-24T04:41:58+00:00'
  checks:
    - name: 'status_code_conformance'
      status: 'FAILURE'
      message: 'Undocumented status code'
  request:
    uri: 'http://127.0.0.1:1/v1/organizations?parentId=x'
    method: 'GET'
    headers: {}
  response:
    status:
      code: '404'
      message: "Not Found"
    elapsed: '0.01'
    headers: {}
    http_version: '1.1'
"""


def test_counts_requests_5xx_and_schema_violations(tmp_path, capsys):
    path = tmp_path / "vcr-1.yaml"
    path.write_text(CASSETTE)
    outcome = read_cassette(path)
    assert outcome.requests == 3
    assert dict(outcome.statuses) == {200: 1, 500: 1, 404: 1}
    assert outcome.server_errors == [
        {
            "method": "POST",
            "path": "/v1/contracts",
            "status": 500,
            "body": json.dumps({"costStorageGBCents": 1e-131}),
            "response": '{"code": "internal_error"}',
        }
    ]
    # the 500 also broke status_code_conformance; it is counted once, as a 5xx
    assert outcome.schema_violations == 1
    assert outcome.failures["status_code_conformance"][1]["path"] == "/v1/organizations?parentId=x"
    assert report(path, "header") == 1
    printed = capsys.readouterr().out
    assert "requests           3" in printed and "schema violations  1" in printed


def test_a_clean_run_exits_zero(tmp_path, capsys):
    path = tmp_path / "vcr-1.yaml"
    path.write_text(CASSETTE.split("- id: 'b2'")[0])
    assert report(path, "header") == 0
    assert "5xx responses      0" in capsys.readouterr().out
