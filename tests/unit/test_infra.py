"""The CloudFormation merge template is generated from the models and keeps its promises."""

from __future__ import annotations

from chalicelib.domain.derived_keys import TABLES as DERIVING_TABLES
from chalicelib.store.models import ALL_MODELS
from infra import generate


def test_committed_files_match_the_generator():
    for path, text in generate.outputs().items():
        assert path.read_text() == text, f"{path.name} is stale: run python -m infra.generate"


def test_every_table_is_durable_and_matches_its_model():
    resources = generate.build_template()["Resources"]
    for model in ALL_MODELS:
        table = resources[generate.logical_id(model.Meta.short_name)]
        props = table["Properties"]
        assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain"
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert props["DeletionProtectionEnabled"] is True
        schema = model._get_schema()
        indexes = {i["IndexName"] for i in props.get("GlobalSecondaryIndexes", [])}
        assert indexes == {i["index_name"] for i in schema["global_secondary_indexes"]}
        assert props["KeySchema"][0]["KeyType"] == "HASH"


def test_exports_bucket_is_private_encrypted_tls_only_and_expiring():
    resources = generate.build_template()["Resources"]
    bucket = resources["ExportsBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    (rule,) = bucket["LifecycleConfiguration"]["Rules"]
    assert rule["ExpirationInDays"] == 7
    (deny,) = resources["ExportsBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {
        "Bool": {"aws:SecureTransport": "false"}
    }


def test_iam_policy_names_every_action_and_resource():
    template = generate.build_template()
    (policy,) = template["Resources"]["ApiHandlerRole"]["Properties"]["Policies"]
    for statement in policy["PolicyDocument"]["Statement"]:
        assert all("*" not in action for action in statement["Action"]), statement
        resources = statement["Resource"]
        assert "*" not in (resources if isinstance(resources, list) else [resources]), statement


def test_the_api_may_scan_only_the_tables_the_backfill_reads():
    template = generate.build_template()
    (policy,) = template["Resources"]["ApiHandlerRole"]["Properties"]["Policies"]
    scans = [st for st in policy["PolicyDocument"]["Statement"] if "dynamodb:Scan" in st["Action"]]
    assert [st["Sid"] for st in scans] == ["Backfill"]
    assert scans[0]["Action"] == ["dynamodb:Scan"]
    assert sorted(generate.BACKFILLED_TABLES) == sorted(DERIVING_TABLES)
    assert scans[0]["Resource"] == [
        {"Fn::GetAtt": [generate.logical_id(name), "Arn"]} for name in generate.BACKFILLED_TABLES
    ]
    for stage in generate.STAGES:
        stage_scans = [
            st
            for st in generate.stage_policy(stage)["Statement"]
            if "dynamodb:Scan" in st["Action"]
        ]
        assert [st["Sid"] for st in stage_scans] == ["Backfill"]
        assert all(
            r.endswith(("organizations", "storage-accounts", "audit-events", "deals"))
            for r in stage_scans[0]["Resource"]
        )


def test_every_function_gets_the_environment():
    template = generate.build_template()
    for function in generate.all_function_ids():
        variables = template["Resources"][function]["Properties"]["Environment"]["Variables"]
        assert {"TABLE_PREFIX", "EXPORTS_BUCKET", "SECRET_KEY_ARN"} <= set(variables)
        assert {"STORAGE_BACKEND", "RGW_ENDPOINT", "RGW_ADMIN_SECRET_ARN"} <= set(variables)
        assert variables["RGW_ADMIN_SECRET_ARN"] == {"Ref": "RgwAdminSecret"}


def test_export_queue_has_a_dead_letter_queue_an_alarm_and_a_least_privilege_worker():
    from infra import generate

    resources = generate.build_template()["Resources"]
    queue = resources["ExportsQueue"]["Properties"]
    assert queue["RedrivePolicy"]["maxReceiveCount"] == generate.EXPORTS_MAX_RECEIVE_COUNT
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {
        "Fn::GetAtt": ["ExportsDeadLetterQueue", "Arn"]
    }
    assert queue["VisibilityTimeout"] > generate.EXPORT_WORKER_TIMEOUT
    from chalicelib.store.exports import LEASE

    assert generate.EXPORT_WORKER_TIMEOUT < LEASE.total_seconds() < queue["VisibilityTimeout"]
    alarm = resources["ExportsDeadLetterAlarm"]["Properties"]
    assert alarm["Dimensions"][0]["Value"] == {
        "Fn::GetAtt": ["ExportsDeadLetterQueue", "QueueName"]
    }
    (worker, event) = generate.queue_workers()[0]
    assert resources[worker]["Properties"]["Events"][event]["Properties"]["Queue"] == {
        "Fn::Sub": "${ExportsQueue.Arn}"
    }
    statements = resources[f"{worker}Role"]["Properties"]["Policies"][0]["PolicyDocument"][
        "Statement"
    ]
    for statement in statements:
        assert all("*" not in action for action in statement["Action"])
    by_sid = {s["Sid"]: s for s in statements}
    assert by_sid["ExportQueue"]["Resource"] == {"Fn::GetAtt": ["ExportsQueue", "Arn"]}
    assert set(by_sid["ExportFiles"]["Action"]) == {
        "s3:PutObject",
        "s3:AbortMultipartUpload",
        "s3:DeleteObject",
    }
    assert by_sid["ExportFiles"]["Resource"] == {"Fn::Sub": "${ExportsBucket.Arn}/exports/*"}
    assert "dynamodb:PutItem" not in str(statements) and "dynamodb:DeleteItem" not in str(
        statements
    )


def test_the_queue_name_is_one_name_everywhere():
    import ast
    from pathlib import Path

    from chalicelib.settings import DEFAULTS
    from infra import generate

    source = (Path(__file__).resolve().parents[2] / "app.py").read_text()
    names = [
        kw.value.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "on_sqs_message"
        for kw in node.keywords
        if kw.arg == "queue"
    ]
    expected = {
        generate.EXPORTS_QUEUE_NAME,
        generate.NOTIFICATIONS_QUEUE_NAME,
        generate.USAGE_QUEUE_NAME,
    }
    assert set(names) == expected == set(generate.QUEUES) and len(names) == len(expected)
    assert expected == {
        DEFAULTS["EXPORTS_QUEUE_NAME"],
        DEFAULTS["NOTIFICATIONS_QUEUE_NAME"],
        DEFAULTS["USAGE_QUEUE_NAME"],
    }


def test_the_usage_fan_out_has_its_queue_dead_letters_alarm_and_concurrency_limits():
    template = generate.build_template()
    resources = template["Resources"]
    queue = resources["UsageShardsQueue"]["Properties"]
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {
        "Fn::GetAtt": ["UsageShardsDeadLetterQueue", "Arn"]
    }
    assert queue["VisibilityTimeout"] > generate.USAGE_WORKER_TIMEOUT
    alarm = resources["UsageShardsDeadLetterAlarm"]["Properties"]
    assert alarm["Dimensions"][0]["Value"] == {
        "Fn::GetAtt": ["UsageShardsDeadLetterQueue", "QueueName"]
    }
    worker = resources["UsageShardWorker"]["Properties"]
    assert worker["ReservedConcurrentExecutions"] == {"Ref": "UsageShardWorkerConcurrency"}
    (event,) = worker["Events"].values()
    assert event["Properties"] == {"Queue": {"Fn::Sub": "${UsageShardsQueue.Arn}"}, "BatchSize": 1}
    # two coordinators never overlap
    assert resources["UsageAggregation"]["Properties"]["ReservedConcurrentExecutions"] == 1
    (policy,) = resources["UsageShardWorkerRole"]["Properties"]["Policies"]
    by_sid = {s["Sid"]: s for s in policy["PolicyDocument"]["Statement"]}
    assert set(by_sid["UsageShardQueue"]["Action"]) == set(generate.SQS_CONSUMER_ACTIONS)
    assert not {"Exports", "ExportQueue", "Notifications"} & set(by_sid)
    # the API (the on-demand route) and the coordinator may send shards, nobody else needs to
    (api_policy,) = resources["ApiHandlerRole"]["Properties"]["Policies"]
    sends = [s for s in api_policy["PolicyDocument"]["Statement"] if s["Sid"] == "UsageShardQueue"]
    assert sends[0]["Action"] == ["sqs:SendMessage"]
    assert template["Parameters"]["UsageShards"]["Default"] == "8"


def test_the_notification_worker_has_its_own_least_privilege_role():
    template = generate.build_template()
    resources = template["Resources"]
    role = resources["NotificationWorkerRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    sids = {s["Sid"]: s for s in role["Statement"]}
    assert sids["SendMail"]["Action"] == ["ses:SendEmail", "ses:SendRawEmail"]
    assert "NotificationSenderIdentity" in sids["SendMail"]["Resource"]["Fn::Sub"]
    assert sids["NotificationQueue"]["Resource"] == {"Fn::GetAtt": ["NotificationsQueue", "Arn"]}
    assert not any(a.startswith("s3:") for s in role["Statement"] for a in s["Action"])
    event = resources["NotificationWorker"]["Properties"]["Events"]
    (source,) = event.values()
    assert source["Properties"]["Queue"] == {"Fn::Sub": "${NotificationsQueue.Arn}"}
    queue = resources["NotificationsQueue"]["Properties"]
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {
        "Fn::GetAtt": ["NotificationsDeadLetterQueue", "Arn"]
    }
    alarm = resources["NotificationsDeadLetterAlarm"]["Properties"]
    assert alarm["Dimensions"][0]["Value"] == {
        "Fn::GetAtt": ["NotificationsDeadLetterQueue", "QueueName"]
    }
    api = resources["ApiHandlerRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    assert not any("ses:SendEmail" in s["Action"] for s in api["Statement"])  # the worker sends


def test_scheduled_jobs_get_the_exact_policy_and_keep_their_failures():
    template = generate.build_template()
    resources = template["Resources"]
    scheduled = generate.function_ids()[1:]
    assert {"StorageAccountPurge", "StorageAccountReconciler"} <= set(scheduled)
    for function in scheduled:
        (policy,) = resources[f"{function}Role"]["Properties"]["Policies"]
        sids = {s["Sid"] for s in policy["PolicyDocument"]["Statement"]}
        assert {"Tables", "StorageBackendUsers", "JobFailures", "RgwAdminSecret"} <= sids
        props = resources[function]["Properties"]
        assert props["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]["Type"] == "SQS"
        assert props["Events"][f"{function}Event"]["Properties"]["DeadLetterConfig"]
