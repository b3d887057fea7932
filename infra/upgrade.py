"""Stages the index changes an upgrade brings to a deployed stack's DynamoDB tables.

DynamoDB creates or deletes one global secondary index per table update, and CloudFormation
updates a table in one step: deploying a version that adds two indexes to a table fails with
"Cannot perform more than one GSI creation or deletion in a single update" and rolls back. This
tool reads the template the stack runs now (``GetTemplate``, as it was submitted), and writes the
next step: that same template, the same code and settings, with at most one index more (or less)
on each table. Deploy it, run the tool again, and when it says so, deploy the new version as
usual (it makes the last change of each table itself).

    python -m infra.upgrade --stack partner-console-prod          # or: make upgrade-step STACK=...
    aws cloudformation deploy --template-file build/upgrade/next-step.json \\
      --stack-name partner-console-prod --s3-bucket <artifact-bucket> \\
      --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND

The running version keeps running through the steps: a step changes nothing but indexes and
their attribute definitions. New indexes come first; an index the new version drops (or
defines differently, which is a delete and a create) is removed last, and the tool warns
that the running version may still read it.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
from pathlib import Path
from typing import Any

import boto3
import yaml
from botocore.exceptions import BotoCoreError, ClientError

from infra import generate

TABLE_TYPE = "AWS::DynamoDB::Table"
DEFAULT_OUT = generate.ROOT / "build" / "upgrade" / "next-step.json"


def _by_name(indexes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {index["IndexName"]: index for index in indexes}


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two definitions of an index are the same index when keys and projection match (the order
    of non-key attributes aside); anything else is a delete and a create."""

    def shape(index: dict[str, Any]) -> tuple:
        projection = dict(index.get("Projection") or {})
        projection["NonKeyAttributes"] = sorted(projection.get("NonKeyAttributes") or [])
        keys = [(k["AttributeName"], k["KeyType"]) for k in index["KeySchema"]]
        return keys, projection

    return shape(a) == shape(b)


def index_changes(current: list[dict[str, Any]], target: list[dict[str, Any]]) -> list[str]:
    """What is left to do on one table, in the order the steps do it: ``+name`` for an index
    to create, ``-name`` for one to delete. New names first, then redefined ones (delete, then
    create), then the ones the new version drops."""
    now, wanted = _by_name(current), _by_name(target)
    new = sorted(n for n in wanted if n not in now)
    redefined = sorted(n for n in wanted if n in now and not _same(now[n], wanted[n]))
    dropped = sorted(n for n in now if n not in wanted)
    return (
        [f"+{n}" for n in new]
        + [change for n in redefined for change in (f"-{n}", f"+{n}")]
        + [f"-{n}" for n in dropped]
    )


def next_indexes(
    current: list[dict[str, Any]], target: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], str | None]:
    """One step on one table: the indexes it has after at most one change, and that change."""
    changes = index_changes(current, target)
    if not changes:
        return list(current), None
    change = changes[0]
    name = change[1:]
    kept = [index for index in current if index["IndexName"] != name]
    if change.startswith("+"):
        kept.append(_by_name(target)[name])
    return sorted(kept, key=lambda i: i["IndexName"]), change


def _attribute_definitions(
    key_schema: list[dict[str, str]],
    indexes: list[dict[str, Any]],
    known: list[dict[str, str]],
) -> list[dict[str, str]]:
    """DynamoDB wants exactly the attributes some key uses: the table's and its indexes'."""
    types = {a["AttributeName"]: a["AttributeType"] for a in known}
    used = {k["AttributeName"] for k in key_schema}
    for index in indexes:
        used |= {k["AttributeName"] for k in index["KeySchema"]}
    return [{"AttributeName": n, "AttributeType": types[n]} for n in sorted(used)]


def next_template(
    deployed: dict[str, Any], target_tables: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], list[str], int]:
    """The deployed template with one index change on each table that has more than one left
    (the new version's own deploy makes the last one, so an index it drops stays until then).

    Returns the template, the changes it makes (``Table: +index``), and the most changes any
    table still has after it."""
    step = copy.deepcopy(deployed)
    made: list[str] = []
    left = 0
    for logical_id, target in sorted(target_tables.items()):
        resource = step.get("Resources", {}).get(logical_id)
        if not resource or resource.get("Type") != TABLE_TYPE:
            continue  # a table the new version adds: its deploy creates it with every index
        props = resource.setdefault("Properties", {})
        wanted_props = target["Properties"]
        current = props.get("GlobalSecondaryIndexes") or []
        wanted = wanted_props.get("GlobalSecondaryIndexes") or []
        if len(index_changes(current, wanted)) <= 1:
            continue  # the new version's deploy makes the last change (a drop, if any)
        indexes, change = next_indexes(current, wanted)
        made.append(f"{logical_id}: {change}")
        left = max(left, len(index_changes(indexes, wanted)))
        if indexes:
            props["GlobalSecondaryIndexes"] = indexes
        else:
            props.pop("GlobalSecondaryIndexes", None)
        props["AttributeDefinitions"] = _attribute_definitions(
            props["KeySchema"],
            indexes,
            list(wanted_props.get("AttributeDefinitions", []))
            + list(props.get("AttributeDefinitions", [])),
        )
    return step, made, left


def steps_needed(deployed: dict[str, Any], target_tables: dict[str, dict[str, Any]]) -> int:
    """Staged deploys before the new version's own: a table with n changes needs n - 1."""
    most = 0
    for logical_id, target in target_tables.items():
        resource = deployed.get("Resources", {}).get(logical_id)
        if not resource or resource.get("Type") != TABLE_TYPE:
            continue
        current = resource.get("Properties", {}).get("GlobalSecondaryIndexes") or []
        wanted = target["Properties"].get("GlobalSecondaryIndexes") or []
        most = max(most, len(index_changes(current, wanted)))
    return max(0, most - 1)


def target_tables() -> dict[str, dict[str, Any]]:
    """The tables this version's template defines (``infra/resources.json``)."""
    resources = generate.build_template()["Resources"]
    return {k: v for k, v in resources.items() if v.get("Type") == TABLE_TYPE}


def parse_template(body: Any) -> dict[str, Any]:
    """``GetTemplate`` gives a JSON template as a mapping and a YAML one as text (``aws
    cloudformation package`` writes YAML, with the long form of intrinsic functions)."""
    if isinstance(body, dict):
        return json.loads(json.dumps(body))
    try:
        return json.loads(body)
    except ValueError:
        pass
    try:
        loaded = yaml.safe_load(body)
    except yaml.YAMLError as error:
        raise SystemExit(
            "The stack's template is YAML with short-form functions (!Ref, !Sub, ...), "
            f"which this tool does not read: {error}"
        ) from error
    if not isinstance(loaded, dict):
        raise SystemExit("The stack's template is not a CloudFormation template.")
    return loaded


def deployed_template(stack: str, client: Any) -> dict[str, Any]:
    reply = client.get_template(StackName=stack, TemplateStage="Original")
    return parse_template(reply["TemplateBody"])


def run(stack: str, out: Path, client: Any, print_: Any = print) -> int:
    """Writes the next step for ``stack`` to ``out`` when one is needed; returns the staged
    deploys left before the new version's own, this one included."""
    deployed = deployed_template(stack, client)
    targets = target_tables()
    needed = steps_needed(deployed, targets)
    if needed == 0:
        if out.exists():
            out.unlink()
        print_(
            f"{stack}: no table needs more than one index change: deploy the new version as usual."
        )
        return 0
    step, made, left = next_template(deployed, targets)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(step, indent=2) + "\n")
    print_(f"{stack}: {needed} staged deploy(s) before the new version; the next one does:")
    for change in made:
        print_(f"  {change}")
        if change.split(": ", 1)[1].startswith("-"):
            print_(
                "    (the running version may still read this index: requests that need it "
                "fail until the new version is deployed)"
            )
    print_(f"Wrote {out}. Deploy it (the code and settings stay as they are):")
    print_(
        f"  aws cloudformation deploy --template-file {out} --stack-name {stack} "
        "--s3-bucket <artifact-bucket> --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND"
    )
    if left > 1:
        print_("then run this again.")
    else:
        print_("then deploy the new version as usual.")
    return needed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", required=True, help="the deployed stack's name")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the step")
    parser.add_argument(
        "--region",
        default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"),
        help="the stack's region (default: AWS_REGION, else AWS_DEFAULT_REGION)",
    )
    args = parser.parse_args(argv)

    try:
        run(args.stack, args.out, boto3.client("cloudformation", region_name=args.region))
    except (BotoCoreError, ClientError) as error:  # no such stack, no credentials, no region
        print(f"Could not read the stack {args.stack}: {error}", file=sys.stderr)
        raise SystemExit(2) from error


if __name__ == "__main__":
    main()
