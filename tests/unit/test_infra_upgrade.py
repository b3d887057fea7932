"""Staged index changes for a deployed stack (``infra/upgrade.py``): one index created or
deleted per table and deploy, the running version's code untouched, and the new version's
own deploy left with at most one change per table."""

from __future__ import annotations

import copy
import json

import boto3
import pytest
import yaml
from moto import mock_aws

from infra import upgrade


def _index(name: str, *keys: str, projection: str = "ALL") -> dict:
    schema = [{"AttributeName": keys[0], "KeyType": "HASH"}]
    if len(keys) > 1:
        schema.append({"AttributeName": keys[1], "KeyType": "RANGE"})
    return {"IndexName": name, "KeySchema": schema, "Projection": {"ProjectionType": projection}}


A = _index("a-index", "a")
B = _index("b-index", "b", "sk")
C = _index("c-index", "c")
A_REDEFINED = _index("a-index", "a", "sk")
A_KEYS_ONLY = _index("a-index", "a", projection="KEYS_ONLY")


@pytest.mark.parametrize(
    ("current", "target", "changes"),
    [
        ([], [], []),
        ([A], [A], []),
        ([], [A], ["+a-index"]),
        ([A], [A, C, B], ["+b-index", "+c-index"]),
        ([A, B], [B], ["-a-index"]),
        # a key or projection changed in place is a delete and then a create
        ([A], [A_REDEFINED], ["-a-index", "+a-index"]),
        ([A], [A_KEYS_ONLY], ["-a-index", "+a-index"]),
        # new names first (the running version never reads them), drops last
        ([A, B], [A_REDEFINED, C], ["+c-index", "-a-index", "+a-index", "-b-index"]),
    ],
)
def test_index_changes_in_the_order_the_steps_make_them(current, target, changes):
    assert upgrade.index_changes(current, target) == changes


def test_the_order_of_non_key_attributes_is_not_a_change():
    one = _index("x-index", "x", projection="INCLUDE")
    one["Projection"]["NonKeyAttributes"] = ["p", "q"]
    two = copy.deepcopy(one)
    two["Projection"]["NonKeyAttributes"] = ["q", "p"]
    assert upgrade.index_changes([one], [two]) == []


@pytest.mark.parametrize(
    ("current", "target", "after", "change"),
    [
        ([A], [A], ["a-index"], None),
        ([A], [A, B, C], ["a-index", "b-index"], "+b-index"),
        ([A, B], [A_REDEFINED], ["b-index"], "-a-index"),
        ([B], [A_REDEFINED], ["a-index", "b-index"], "+a-index"),
        ([B], [], [], "-b-index"),
    ],
)
def test_one_step_makes_one_change(current, target, after, change):
    indexes, made = upgrade.next_indexes(current, target)
    assert [i["IndexName"] for i in indexes] == after
    assert made == change
    if change and change.startswith("+"):
        assert next(i for i in indexes if i["IndexName"] == change[1:]) in target


def _table(indexes: list[dict], *extra_attributes: str) -> dict:
    keys = {"id"} | {k["AttributeName"] for i in indexes for k in i["KeySchema"]}
    props = {
        "TableName": {"Fn::Sub": "${AWS::StackName}-things"},
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [
            {"AttributeName": n, "AttributeType": "S"} for n in sorted(keys | set(extra_attributes))
        ],
    }
    if indexes:
        props["GlobalSecondaryIndexes"] = indexes
    return {"Type": "AWS::DynamoDB::Table", "Properties": props}


def test_a_step_defines_exactly_the_attributes_its_keys_use():
    deployed = {"Resources": {"ThingsTable": _table([A, B])}}
    step, made, left = upgrade.next_template(deployed, {"ThingsTable": _table([C])})
    props = step["Resources"]["ThingsTable"]["Properties"]
    assert made == ["ThingsTable: +c-index"]
    assert left == 2  # a-index and b-index still to drop
    names = [a["AttributeName"] for a in props["AttributeDefinitions"]]
    assert names == ["a", "b", "c", "id", "sk"]
    # the deployed template itself is not touched
    assert deployed["Resources"]["ThingsTable"]["Properties"]["GlobalSecondaryIndexes"] == [A, B]

    step, made, left = upgrade.next_template(step, {"ThingsTable": _table([C])})
    props = step["Resources"]["ThingsTable"]["Properties"]
    assert (made, left) == (["ThingsTable: -a-index"], 1)
    assert [a["AttributeName"] for a in props["AttributeDefinitions"]] == ["b", "c", "id", "sk"]
    # the last change, dropping b-index, is the new version's deploy's: the running version
    # keeps the index it may read until then
    assert upgrade.next_template(step, {"ThingsTable": _table([C])})[1:] == ([], 0)
    assert upgrade.steps_needed(step, {"ThingsTable": _table([C])}) == 0


def test_everything_but_the_tables_indexes_stays_as_deployed():
    deployed = {
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "ThingsTable": _table([]),
            "Handler": {
                "Type": "AWS::Serverless::Function",
                "Properties": {"CodeUri": "s3://artifacts/old-code.zip"},
            },
        },
    }
    deployed["Resources"]["ThingsTable"]["Properties"]["TimeToLiveSpecification"] = {
        "AttributeName": "old_ttl",
        "Enabled": True,
    }
    target = _table([A, B])
    target["Properties"]["TimeToLiveSpecification"] = {"AttributeName": "new", "Enabled": True}
    step, _, _ = upgrade.next_template(deployed, {"ThingsTable": target, "NewTable": _table([C])})
    assert step["Resources"]["Handler"] == deployed["Resources"]["Handler"]
    assert step["Transform"] == deployed["Transform"]
    props = step["Resources"]["ThingsTable"]["Properties"]
    assert props["TimeToLiveSpecification"]["AttributeName"] == "old_ttl"
    assert props["GlobalSecondaryIndexes"] == [A]
    # a table the new version adds is created by its own deploy, with all its indexes at once
    assert "NewTable" not in step["Resources"]


def _older_version(targets: dict[str, dict]) -> dict:
    """This version's tables as a stack deployed before several indexes existed: the deals'
    per-status and the organizations' contract and channel indexes missing, one index since
    dropped, one defined differently."""
    older = copy.deepcopy(targets)
    added = {
        "DealsTable": {"level1-status-index", "level2-status-index", "level3-status-index"},
        "OrganizationsTable": {
            "contract-allocated-index",
            "contract-name-index",
            "contract-used-index",
            "parent-kind-name-index",
        },
    }
    for table, names in added.items():
        props = older[table]["Properties"]
        assert names <= {i["IndexName"] for i in props["GlobalSecondaryIndexes"]}
        props["GlobalSecondaryIndexes"] = [
            i for i in props["GlobalSecondaryIndexes"] if i["IndexName"] not in names
        ]
    props = older["AuditEventsTable"]["Properties"]
    props["GlobalSecondaryIndexes"].append(_index("retired-index", "retired"))
    props["AttributeDefinitions"].append({"AttributeName": "retired", "AttributeType": "S"})
    props["GlobalSecondaryIndexes"][0]["Projection"] = {"ProjectionType": "KEYS_ONLY"}
    return {"Resources": older}


def _indexes(template: dict, table: str) -> dict[str, dict]:
    props = template["Resources"][table]["Properties"]
    return {i["IndexName"]: i for i in props.get("GlobalSecondaryIndexes", [])}


def test_this_versions_upgrade_converges_one_index_per_table_and_deploy():
    targets = upgrade.target_tables()
    template = _older_version(targets)
    first = upgrade.steps_needed(template, targets)
    assert first == 3  # the organizations gain four indexes: three staged, the fourth on deploy
    steps = 0
    while upgrade.steps_needed(template, targets):
        step, made, _ = upgrade.next_template(template, targets)
        for table in targets:
            before, after = _indexes(template, table), _indexes(step, table)
            created = [n for n in after if n not in before]
            deleted = [n for n in before if n not in after]
            assert len(created) + len(deleted) <= 1, (table, created, deleted)
            assert all(before[n] == after[n] for n in after if n in before), table
            # each step defines exactly the attributes its keys use
            props = step["Resources"][table]["Properties"]
            used = {k["AttributeName"] for k in props["KeySchema"]} | {
                k["AttributeName"] for i in after.values() for k in i["KeySchema"]
            }
            assert {a["AttributeName"] for a in props["AttributeDefinitions"]} == used
        assert made
        template = step
        steps += 1
    assert steps == first
    # what the new version's own deploy still changes: at most one index per table
    for table, target in targets.items():
        current = template["Resources"][table]["Properties"].get("GlobalSecondaryIndexes", [])
        wanted = target["Properties"].get("GlobalSecondaryIndexes", [])
        assert len(upgrade.index_changes(current, wanted)) <= 1, table


def test_a_stack_already_current_needs_no_step():
    targets = upgrade.target_tables()
    assert upgrade.steps_needed({"Resources": copy.deepcopy(targets)}, targets) == 0


def _stack_template(targets: dict[str, dict]) -> dict:
    """An older stack of this version's tables (small enough for an inline template body)."""
    older = _older_version(targets)["Resources"]
    keep = ("DealsTable", "OrganizationsTable", "AuditEventsTable", "UsersTable")
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {"NotificationSender": {"Type": "String", "Default": "x@example.com"}},
        "Resources": {name: older[name] for name in keep},
    }


@pytest.mark.parametrize("as_yaml", [False, True], ids=["json", "yaml"])
def test_the_tool_walks_a_deployed_stack_to_the_new_version(tmp_path, monkeypatch, as_yaml):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    targets = upgrade.target_tables()
    body = _stack_template(targets)
    text = yaml.safe_dump(body) if as_yaml else json.dumps(body)
    out = tmp_path / "next-step.json"
    with mock_aws():
        client = boto3.client("cloudformation")
        client.create_stack(
            StackName="pc-prod",
            TemplateBody=text,
            Parameters=[{"ParameterKey": "NotificationSender", "ParameterValue": "ops@x.example"}],
        )
        printed: list[str] = []
        rounds = 0
        while upgrade.run("pc-prod", out, client, printed.append):
            rounds += 1
            step = json.loads(out.read_text())
            assert set(step["Resources"]) == set(body["Resources"])
            client.update_stack(
                StackName="pc-prod",
                TemplateBody=out.read_text(),
                Parameters=[{"ParameterKey": "NotificationSender", "UsePreviousValue": True}],
            )
            assert rounds < 10
        assert rounds == 3
        assert not out.exists()
    text = "\n".join(printed)
    assert "pc-prod: 3 staged deploy(s) before the new version; the next one does:" in text
    assert "  OrganizationsTable: +contract-allocated-index" in text
    # the redefined index is deleted and created again; the dropped one is left to the deploy
    assert "  AuditEventsTable: -level1-action-index" in text
    assert "  AuditEventsTable: +level1-action-index" in text
    assert "retired-index" not in text
    assert "the running version may still read this index" in text
    assert "--stack-name pc-prod" in text
    assert printed[-2] == "then deploy the new version as usual."
    assert printed[-1] == (
        "pc-prod: no table needs more than one index change: deploy the new version as usual."
    )


def test_a_short_form_yaml_template_is_refused_with_a_sentence():
    with pytest.raises(SystemExit, match="short-form functions"):
        upgrade.parse_template("Resources:\n  T:\n    Properties:\n      Name: !Ref X\n")


def test_an_unknown_stack_is_a_sentence_and_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws(), pytest.raises(SystemExit) as exit_:
        upgrade.main(["--stack", "nowhere", "--out", str(tmp_path / "x.json")])
    assert exit_.value.code == 2
    assert "Could not read the stack nowhere" in capsys.readouterr().err
