"""Writes ``infra/resources.json`` (merged into the packaged template by ``chalice package
--merge-template``) and the per-stage IAM policy files in ``.chalice/``, from the PynamoDB models
and the Chalice app, so the tables CloudFormation creates are exactly the ones the code uses.

    python -m infra.generate          # rewrite the files
    python -m infra.generate --check  # exit 1 if they are out of date (run by the tests)

What the merge template adds to the Chalice-generated stack:
* every DynamoDB table: PAY_PER_REQUEST, point-in-time recovery, deletion protection,
  encryption, TTL where the model has one, ``DeletionPolicy: Retain``;
* the exports bucket: public access blocked, SSE, TLS-only policy, exports expire after 7 days;
* the server secret (Secrets Manager, generated), read by the functions at cold start;
* the environment of every function, log groups with retention, and one least-privilege IAM
  policy (no ``*`` actions; every resource named);
* API Gateway stage throttling, and gateway responses that answer unknown paths and gateway
  errors with the error envelope;
* the export queue (SQS, encrypted) with its dead-letter queue (``maxReceiveCount``), an alarm
  on the dead-letter queue's depth, the export worker wired to the queue, and the worker's own
  least-privilege role (read the tables exports are made of, write export records and files,
  consume the queue; nothing else).
* the usage aggregation's shard queue the same way (dead-letter queue, alarm), the shard worker
  wired to it with its reserved concurrency (parameter ``UsageShardWorkerConcurrency``) and a
  role without the exports' or e-mail's rights, the shard count (parameter ``UsageShards``),
  and the coordinator (the hourly ``usage-aggregation`` function) at reserved concurrency 1,
  so two runs never overlap.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "infra" / "resources.json"
STAGES = ("local", "dev", "prod")
EXPORT_RETENTION_DAYS = 7
LOG_RETENTION_DAYS = 90

DYNAMODB_ACTIONS = [
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
]
#: The tables ``POST /v1/jobs/backfill`` scans (``chalicelib/domain/derived_keys.py``): the API's
#: only Scan right, on those tables alone (not their indexes).
BACKFILLED_TABLES = ("audit-events", "deals", "organizations", "storage-accounts")
S3_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]
#: The S3 + IAM storage backend (``chalicelib/store/backend.py``): IAM users under one path, and
#: the buckets named ``<STORAGE_PREFIX>-<clientAccountId>-*`` it empties, measures and deletes.
STORAGE_IAM_ACTIONS = [
    "iam:CreateUser",
    "iam:DeleteUser",
    "iam:TagUser",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:DeleteLoginProfile",
    "iam:PutUserPolicy",
    "iam:DeleteUserPolicy",
    "iam:ListUserPolicies",
    "iam:ListAttachedUserPolicies",
    "iam:DetachUserPolicy",
    "iam:ListAccessKeys",
    "iam:CreateAccessKey",
    "iam:DeleteAccessKey",
]
STORAGE_S3_ACTIONS = [
    "s3:ListBucket",
    "s3:ListBucketVersions",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:DeleteBucket",
]
STORAGE_PREFIX = "pcs"


#: With ``StorageBackend=rgw`` the functions read the RGW admin user's keys from this secret
#: (``RGW_ADMIN_SECRET_ARN``), and only this one (it exists, unused, with ``s3iam`` too).
RGW_SECRET_STATEMENT = {
    "Sid": "RgwAdminSecret",
    "Effect": "Allow",
    "Action": ["secretsmanager:GetSecretValue"],
    "Resource": {"Ref": "RgwAdminSecret"},
}


def storage_backend_statements(account: str) -> list[dict[str, Any]]:
    buckets = f"arn:aws:s3:::{STORAGE_PREFIX}-*"
    return [
        {
            "Sid": "StorageBackendUsers",
            "Effect": "Allow",
            "Action": STORAGE_IAM_ACTIONS,
            "Resource": f"arn:aws:iam::{account}:user/partner-console/storage-accounts/*",
        },
        {
            "Sid": "StorageBackendBuckets",
            "Effect": "Allow",
            "Action": STORAGE_S3_ACTIONS,
            "Resource": [buckets, f"{buckets}/*"],
        },
        {
            "Sid": "StorageBackendListBuckets",
            "Effect": "Allow",
            "Action": ["s3:ListAllMyBuckets"],
            "Resource": "arn:aws:s3:::*",
        },
    ]


# --- the export queue and worker -------------------------------------------------------------
#: The queue name the ``@app.on_sqs_message`` shim declares; the packaged template points the
#: worker at the queue it creates instead (``ExportsQueue``), named per stack.
EXPORTS_QUEUE_NAME = "partner-console-exports"
#: Worker timeout < the export claim's lease (15 min) < the queue's visibility timeout, so a live
#: worker never loses its claim and a crashed one's message comes back after the lease expired.
EXPORT_WORKER_TIMEOUT = 840
EXPORTS_VISIBILITY_TIMEOUT = 960
EXPORTS_MAX_RECEIVE_COUNT = 3
#: Tables the export rows are read from (short names) and the export records' own table.
EXPORT_SOURCE_TABLES = (
    "organizations",
    "contracts",
    "storage-accounts",
    "usage-days",
    "deals",
    "audit-events",
)
EXPORT_TABLE = "exports"
SQS_CONSUMER_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]

# --- the notification queue and worker (e-mails, webhook deliveries) -------------------------
NOTIFICATIONS_QUEUE_NAME = "partner-console-notifications"
#: One webhook attempt is at most 10 s (its timeout); an e-mail one SES call. Worker timeout <
#: the claims' leases (60 s deliveries, 2 min e-mails) < the queue's visibility timeout.
NOTIFICATION_WORKER_TIMEOUT = 50
NOTIFICATIONS_VISIBILITY_TIMEOUT = 180
NOTIFICATIONS_MAX_RECEIVE_COUNT = 5
#: What the notification worker reads and writes (short names -> actions).
NOTIFICATION_WORKER_TABLES = {
    "outbox": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
    "events": ["dynamodb:GetItem"],
    "webhook-endpoints": ["dynamodb:GetItem", "dynamodb:UpdateItem"],
    "webhook-deliveries": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
    "users": ["dynamodb:Query"],
    "audit-events": ["dynamodb:PutItem"],
}
#: queue name in the ``@app.on_sqs_message`` shim -> (the queue's logical id, worker timeout)
# --- the usage aggregation's shard queue and worker ------------------------------------------
USAGE_QUEUE_NAME = "partner-console-usage-shards"
#: A shard's Lambda may run 15 minutes; its message stays invisible a little longer, so a live
#: shard is never delivered twice at once, and a crashed one comes back after that.
USAGE_WORKER_TIMEOUT = 900
USAGE_VISIBILITY_TIMEOUT = 960
USAGE_MAX_RECEIVE_COUNT = 3
USAGE_COORDINATOR = "UsageAggregation"

QUEUES = {
    EXPORTS_QUEUE_NAME: ("ExportsQueue", 0),
    NOTIFICATIONS_QUEUE_NAME: ("NotificationsQueue", NOTIFICATION_WORKER_TIMEOUT),
    USAGE_QUEUE_NAME: ("UsageShardsQueue", USAGE_WORKER_TIMEOUT),
}


def _sub(text: str) -> dict[str, str]:
    return {"Fn::Sub": text}


def logical_id(short_name: str) -> str:
    return "".join(part.capitalize() for part in short_name.replace("_", "-").split("-")) + "Table"


def _key_schema(keys: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(
        ({"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]} for k in keys),
        key=lambda k: k["KeyType"] != "HASH",
    )


def table_resource(model: Any) -> dict[str, Any]:
    from pynamodb.attributes import TTLAttribute

    schema = model._get_schema()
    props: dict[str, Any] = {
        "TableName": _sub("${AWS::StackName}-" + model.Meta.short_name),
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": sorted(
            schema["attribute_definitions"], key=lambda a: a["AttributeName"]
        ),
        "KeySchema": _key_schema(schema["key_schema"]),
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "DeletionProtectionEnabled": True,
        "SSESpecification": {"SSEEnabled": True},
    }
    indexes = sorted(schema["global_secondary_indexes"], key=lambda i: i["index_name"])
    if indexes:
        props["GlobalSecondaryIndexes"] = [
            {
                "IndexName": index["index_name"],
                "KeySchema": _key_schema(index["key_schema"]),
                "Projection": index["projection"],
            }
            for index in indexes
        ]
    ttl = [n for n, a in model.get_attributes().items() if isinstance(a, TTLAttribute)]
    if ttl:
        props["TimeToLiveSpecification"] = {"AttributeName": ttl[0], "Enabled": True}
    return {
        "Type": "AWS::DynamoDB::Table",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": props,
    }


def function_ids() -> list[str]:
    """Logical ids of every Lambda function chalice generates (API + one per schedule)."""
    sys.path.insert(0, str(ROOT))
    from chalice.app import ScheduledEventConfig
    from chalice.utils import to_cfn_resource_name

    import app

    ids = ["APIHandler"]
    for source in app.app.event_sources:
        if isinstance(source, ScheduledEventConfig):
            ids.append(to_cfn_resource_name(source.name))
    return ids


def all_function_ids() -> list[str]:
    """Every function: the API, the schedules, and the queue workers."""
    return function_ids() + [function for function, _event in queue_workers()]


def queue_workers() -> list[tuple[str, str]]:
    """(function logical id, its SQS event's logical id) for every ``@app.on_sqs_message``."""
    return [(function, event) for function, event, _queue in queue_workers_with_queues()]


def queue_workers_with_queues() -> list[tuple[str, str, str]]:
    """(function logical id, its SQS event's logical id, the queue name it declares)."""
    sys.path.insert(0, str(ROOT))
    from chalice.app import SQSEventConfig
    from chalice.utils import to_cfn_resource_name

    import app

    return [
        (
            to_cfn_resource_name(s.name),
            to_cfn_resource_name(f"{s.name}-sqs-event-source"),
            s.queue,
        )
        for s in app.app.event_sources
        if isinstance(s, SQSEventConfig)
    ]


def _policy(table_ids: list[str]) -> dict[str, Any]:
    table_arns: list[Any] = []
    for table in table_ids:
        table_arns.append({"Fn::GetAtt": [table, "Arn"]})
        table_arns.append(_sub("${" + table + ".Arn}/index/*"))
    return {
        "PolicyName": "PartnerConsole",
        "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "Tables",
                    "Effect": "Allow",
                    "Action": DYNAMODB_ACTIONS,
                    "Resource": table_arns,
                },
                {
                    "Sid": "Exports",
                    "Effect": "Allow",
                    "Action": S3_ACTIONS,
                    "Resource": _sub("${ExportsBucket.Arn}/*"),
                },
                {
                    "Sid": "ExportQueue",
                    "Effect": "Allow",
                    "Action": ["sqs:SendMessage"],
                    "Resource": {"Fn::GetAtt": ["ExportsQueue", "Arn"]},
                },
                {
                    "Sid": "NotificationQueue",
                    "Effect": "Allow",
                    "Action": ["sqs:SendMessage"],
                    "Resource": {"Fn::GetAtt": ["NotificationsQueue", "Arn"]},
                },
                {
                    "Sid": "UsageShardQueue",
                    "Effect": "Allow",
                    "Action": ["sqs:SendMessage"],
                    "Resource": {"Fn::GetAtt": ["UsageShardsQueue", "Arn"]},
                },
                {
                    "Sid": "ServerSecret",
                    "Effect": "Allow",
                    "Action": ["secretsmanager:GetSecretValue"],
                    "Resource": {"Ref": "ServerSecret"},
                },
                RGW_SECRET_STATEMENT,
                {
                    "Sid": "Logs",
                    "Effect": "Allow",
                    "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                    "Resource": _sub(
                        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}"
                        ":log-group:/aws/lambda/${AWS::StackName}-*:*"
                    ),
                },
                *storage_backend_statements("*"),
            ],
        },
    }


def _worker_policy(tables: dict[str, str]) -> dict[str, Any]:
    """The export worker's role: read the source tables, change export records, write export
    files, consume the export queue, write its logs."""
    sources: list[Any] = []
    for short_name in EXPORT_SOURCE_TABLES:
        table = tables[short_name]
        sources += [{"Fn::GetAtt": [table, "Arn"]}, _sub("${" + table + ".Arn}/index/*")]
    return {
        "PolicyName": "PartnerConsoleExportWorker",
        "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ReadSources",
                    "Effect": "Allow",
                    "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"],
                    "Resource": sources,
                },
                {
                    "Sid": "ExportRecords",
                    "Effect": "Allow",
                    "Action": ["dynamodb:GetItem", "dynamodb:UpdateItem"],
                    "Resource": {"Fn::GetAtt": [tables[EXPORT_TABLE], "Arn"]},
                },
                {
                    "Sid": "ExportFiles",
                    "Effect": "Allow",
                    "Action": ["s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"],
                    "Resource": _sub("${ExportsBucket.Arn}/exports/*"),
                },
                {
                    "Sid": "ExportQueue",
                    "Effect": "Allow",
                    "Action": SQS_CONSUMER_ACTIONS,
                    "Resource": {"Fn::GetAtt": ["ExportsQueue", "Arn"]},
                },
                {
                    "Sid": "Logs",
                    "Effect": "Allow",
                    "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                    "Resource": _sub(
                        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}"
                        ":log-group:/aws/lambda/${AWS::StackName}-*:*"
                    ),
                },
            ],
        },
    }


def _shard_worker_policy(table_ids: list[str]) -> dict[str, Any]:
    """The usage shard worker's role: the API's table, secret, storage-backend and log rights
    (it writes usage rows, account usage and hard quotas, finishes runs, and evaluates alert
    rules, whose notifications it queues), the shard queue as a consumer, and no exports."""
    policy = _policy(table_ids)
    policy["PolicyName"] = "PartnerConsoleUsageShardWorker"
    statements = [
        st
        for st in policy["PolicyDocument"]["Statement"]
        if st["Sid"] not in ("Exports", "ExportQueue", "UsageShardQueue")
    ]
    statements.append(
        {
            "Sid": "UsageShardQueue",
            "Effect": "Allow",
            "Action": SQS_CONSUMER_ACTIONS,
            "Resource": {"Fn::GetAtt": ["UsageShardsQueue", "Arn"]},
        }
    )
    policy["PolicyDocument"]["Statement"] = statements
    return policy


def _usage_queue_resources() -> dict[str, Any]:
    return {
        "UsageShardsDeadLetterQueue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "MessageRetentionPeriod": 14 * 24 * 3600,
                "SqsManagedSseEnabled": True,
            },
        },
        "UsageShardsQueue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "VisibilityTimeout": USAGE_VISIBILITY_TIMEOUT,
                "MessageRetentionPeriod": 4 * 3600,
                "SqsManagedSseEnabled": True,
                "RedrivePolicy": {
                    "deadLetterTargetArn": {"Fn::GetAtt": ["UsageShardsDeadLetterQueue", "Arn"]},
                    "maxReceiveCount": USAGE_MAX_RECEIVE_COUNT,
                },
            },
        },
        "UsageShardsDeadLetterAlarm": {
            "Type": "AWS::CloudWatch::Alarm",
            "Properties": {
                "AlarmDescription": "Usage aggregation shards that failed every try (in the "
                "shard dead-letter queue); their run stays unfinished until the next "
                "coordinator run re-sends them.",
                "Namespace": "AWS/SQS",
                "MetricName": "ApproximateNumberOfMessagesVisible",
                "Dimensions": [
                    {
                        "Name": "QueueName",
                        "Value": {"Fn::GetAtt": ["UsageShardsDeadLetterQueue", "QueueName"]},
                    }
                ],
                "Statistic": "Maximum",
                "Period": 300,
                "EvaluationPeriods": 1,
                "Threshold": 0,
                "ComparisonOperator": "GreaterThanThreshold",
                "TreatMissingData": "notBreaching",
                "AlarmActions": [{"Ref": "AlarmTopic"}],
            },
        },
    }


def _notification_worker_policy(tables: dict[str, str]) -> dict[str, Any]:
    """The notification worker's role: its records, SES for one identity, its queue (consume,
    and send retries back to it), the server secret (webhook secrets are sealed with it)."""
    statements: list[dict[str, Any]] = []
    for short_name, actions in sorted(NOTIFICATION_WORKER_TABLES.items()):
        table = tables[short_name]
        resources: list[Any] = [{"Fn::GetAtt": [table, "Arn"]}]
        if "dynamodb:Query" in actions:
            resources.append(_sub("${" + table + ".Arn}/index/*"))
        statements.append(
            {
                "Sid": "Table" + table,
                "Effect": "Allow",
                "Action": sorted({*actions, "dynamodb:ConditionCheckItem"})
                if short_name != "users"
                else actions,
                "Resource": resources,
            }
        )
    statements += [
        {
            "Sid": "Transactions",
            "Effect": "Allow",
            "Action": ["dynamodb:TransactWriteItems"],
            "Resource": "*",
        },
        {
            "Sid": "NotificationQueue",
            "Effect": "Allow",
            "Action": [*SQS_CONSUMER_ACTIONS, "sqs:SendMessage"],
            "Resource": {"Fn::GetAtt": ["NotificationsQueue", "Arn"]},
        },
        {
            "Sid": "SendMail",
            "Effect": "Allow",
            "Action": ["ses:SendEmail", "ses:SendRawEmail"],
            "Resource": _sub(
                "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}"
                ":identity/${NotificationSenderIdentity}"
            ),
        },
        {
            "Sid": "ServerSecret",
            "Effect": "Allow",
            "Action": ["secretsmanager:GetSecretValue"],
            "Resource": {"Ref": "ServerSecret"},
        },
        {
            "Sid": "Logs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": _sub(
                "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}"
                ":log-group:/aws/lambda/${AWS::StackName}-*:*"
            ),
        },
    ]
    return {
        "PolicyName": "PartnerConsoleNotificationWorker",
        "PolicyDocument": {"Version": "2012-10-17", "Statement": statements},
    }


def _notification_queue_resources() -> dict[str, Any]:
    return {
        "NotificationsDeadLetterQueue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "MessageRetentionPeriod": 14 * 24 * 3600,
                "SqsManagedSseEnabled": True,
            },
        },
        "NotificationsQueue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "VisibilityTimeout": NOTIFICATIONS_VISIBILITY_TIMEOUT,
                "MessageRetentionPeriod": 4 * 24 * 3600,
                "SqsManagedSseEnabled": True,
                "RedrivePolicy": {
                    "deadLetterTargetArn": {"Fn::GetAtt": ["NotificationsDeadLetterQueue", "Arn"]},
                    "maxReceiveCount": NOTIFICATIONS_MAX_RECEIVE_COUNT,
                },
            },
        },
        "NotificationsDeadLetterAlarm": {
            "Type": "AWS::CloudWatch::Alarm",
            "Properties": {
                "AlarmDescription": "E-mails or webhook deliveries the notification worker "
                "failed on repeatedly (in its dead-letter queue); the sweep retries the records.",
                "Namespace": "AWS/SQS",
                "MetricName": "ApproximateNumberOfMessagesVisible",
                "Dimensions": [
                    {
                        "Name": "QueueName",
                        "Value": {"Fn::GetAtt": ["NotificationsDeadLetterQueue", "QueueName"]},
                    }
                ],
                "Statistic": "Maximum",
                "Period": 300,
                "EvaluationPeriods": 1,
                "Threshold": 0,
                "ComparisonOperator": "GreaterThanThreshold",
                "TreatMissingData": "notBreaching",
                "AlarmActions": [{"Ref": "AlarmTopic"}],
            },
        },
    }


def _export_queue_resources() -> dict[str, Any]:
    return {
        "ExportsDeadLetterQueue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "MessageRetentionPeriod": 14 * 24 * 3600,
                "SqsManagedSseEnabled": True,
            },
        },
        "ExportsQueue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "VisibilityTimeout": EXPORTS_VISIBILITY_TIMEOUT,
                "MessageRetentionPeriod": 24 * 3600,
                "SqsManagedSseEnabled": True,
                "RedrivePolicy": {
                    "deadLetterTargetArn": {"Fn::GetAtt": ["ExportsDeadLetterQueue", "Arn"]},
                    "maxReceiveCount": EXPORTS_MAX_RECEIVE_COUNT,
                },
            },
        },
        "AlarmTopic": {
            "Type": "AWS::SNS::Topic",
            "Properties": {"KmsMasterKeyId": "alias/aws/sns"},
        },
        "ExportsDeadLetterAlarm": {
            "Type": "AWS::CloudWatch::Alarm",
            "Properties": {
                "AlarmDescription": "Export requests the worker gave up on "
                "(in the exports dead-letter queue); their exports stay pending.",
                "Namespace": "AWS/SQS",
                "MetricName": "ApproximateNumberOfMessagesVisible",
                "Dimensions": [
                    {
                        "Name": "QueueName",
                        "Value": {"Fn::GetAtt": ["ExportsDeadLetterQueue", "QueueName"]},
                    }
                ],
                "Statistic": "Maximum",
                "Period": 300,
                "EvaluationPeriods": 1,
                "Threshold": 0,
                "ComparisonOperator": "GreaterThanThreshold",
                "TreatMissingData": "notBreaching",
                "AlarmActions": [{"Ref": "AlarmTopic"}],
            },
        },
    }


def _gateway_responses() -> dict[str, Any]:
    def response(kind: str, status: str | None, code: str, message: str) -> dict[str, Any]:
        props: dict[str, Any] = {
            "RestApiId": {"Ref": "RestAPI"},
            "ResponseType": kind,
            "ResponseParameters": {
                "gatewayresponse.header.X-Request-Id": "context.requestId",
                "gatewayresponse.header.Content-Type": "'application/json'",
            },
            "ResponseTemplates": {
                "application/json": '{"code": "'
                + code
                + '", "message": '
                + message
                + ', "details": []}'
            },
        }
        if status:
            props["StatusCode"] = status
        return {"Type": "AWS::ApiGateway::GatewayResponse", "Properties": props}

    return {
        "UnknownRouteResponse": response(
            "MISSING_AUTHENTICATION_TOKEN",
            "404",
            "not_found",
            '"There is no $context.httpMethod $context.path in this API; see /v1/swagger/."',
        ),
        "Default4xxResponse": response(
            "DEFAULT_4XX", None, "gateway_error", "$context.error.messageString"
        ),
        "Default5xxResponse": response(
            "DEFAULT_5XX", None, "gateway_error", "$context.error.messageString"
        ),
    }


def build_template() -> dict[str, Any]:
    from chalicelib.store.models import ALL_MODELS

    resources: dict[str, Any] = {}
    tables = {}
    for model in ALL_MODELS:
        tables[model.Meta.short_name] = logical_id(model.Meta.short_name)
        resources[logical_id(model.Meta.short_name)] = table_resource(model)

    resources["ExportsBucket"] = {
        "Type": "AWS::S3::Bucket",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [
                    {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                ]
            },
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
            "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
            "VersioningConfiguration": {"Status": "Suspended"},
            "LifecycleConfiguration": {
                "Rules": [
                    {
                        "Id": "ExpireExports",
                        "Status": "Enabled",
                        "ExpirationInDays": EXPORT_RETENTION_DAYS,
                        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
                    }
                ]
            },
        },
    }
    resources["ExportsBucketPolicy"] = {
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {
            "Bucket": {"Ref": "ExportsBucket"},
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "DenyInsecureTransport",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": [
                            {"Fn::GetAtt": ["ExportsBucket", "Arn"]},
                            _sub("${ExportsBucket.Arn}/*"),
                        ],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    }
                ],
            },
        },
    }
    resources["ServerSecret"] = {
        "Type": "AWS::SecretsManager::Secret",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            "Description": "Partner Console server secret (API-key HMAC, cursor signatures)",
            "GenerateSecretString": {"PasswordLength": 64, "ExcludePunctuation": True},
        },
    }
    resources["RgwAdminSecret"] = {
        "Type": "AWS::SecretsManager::Secret",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            "Description": "Partner Console: the RGW admin user's S3 keys (Admin Ops API), as "
            '{"accessKey": ..., "secretKey": ...}; put the real pair in after the first deploy',
            "GenerateSecretString": {
                "SecretStringTemplate": '{"accessKey": "replace-me"}',
                "GenerateStringKey": "secretKey",
                "PasswordLength": 40,
                "ExcludePunctuation": True,
            },
        },
    }
    environment = {
        "STORAGE_BACKEND": {"Ref": "StorageBackend"},
        "RGW_ENDPOINT": {"Ref": "RgwEndpoint"},
        "RGW_ADMIN_SECRET_ARN": {"Ref": "RgwAdminSecret"},
        "TABLE_PREFIX": _sub("${AWS::StackName}-"),
        "EXPORTS_BUCKET": {"Ref": "ExportsBucket"},
        "SECRET_KEY_ARN": {"Ref": "ServerSecret"},
        "NOTIFICATION_SENDER": {"Ref": "NotificationSender"},
        "EXPORTS_QUEUE_URL": {"Ref": "ExportsQueue"},
        "NOTIFICATIONS_QUEUE_URL": {"Ref": "NotificationsQueue"},
        "USAGE_QUEUE_URL": {"Ref": "UsageShardsQueue"},
        "USAGE_SHARDS": {"Ref": "UsageShards"},
    }
    for function in all_function_ids():
        resources[function] = {"Properties": {"Environment": {"Variables": environment}}}
        resources[f"{function}LogGroup"] = {
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {
                "LogGroupName": _sub("/aws/lambda/${" + function + "}"),
                "RetentionInDays": LOG_RETENTION_DAYS,
            },
        }
    api_policy = _policy(sorted(tables.values()))
    api_policy["PolicyDocument"]["Statement"].append(
        {
            "Sid": "Backfill",
            "Effect": "Allow",
            "Action": ["dynamodb:Scan"],
            "Resource": [{"Fn::GetAtt": [tables[name], "Arn"]} for name in BACKFILLED_TABLES],
        }
    )
    resources["ApiHandlerRole"] = {"Properties": {"Policies": [api_policy]}}
    add_scheduled_job_resources(resources, sorted(tables.values()))
    resources.update(_export_queue_resources())
    resources.update(_notification_queue_resources())
    resources.update(_usage_queue_resources())
    for function, event, queue_name in queue_workers_with_queues():
        queue_id = QUEUES[queue_name][0]
        if queue_id == "UsageShardsQueue":
            resources[function]["Properties"].update(
                {
                    "Timeout": USAGE_WORKER_TIMEOUT,
                    "ReservedConcurrentExecutions": {"Ref": "UsageShardWorkerConcurrency"},
                    "Events": {
                        event: {
                            "Properties": {"Queue": _sub("${UsageShardsQueue.Arn}"), "BatchSize": 1}
                        }
                    },
                }
            )
            resources[f"{function}Role"] = {
                "Properties": {"Policies": [_shard_worker_policy(sorted(tables.values()))]}
            }
            continue
        notifications = queue_id == "NotificationsQueue"
        resources[function]["Properties"].update(
            {
                "Timeout": NOTIFICATION_WORKER_TIMEOUT if notifications else EXPORT_WORKER_TIMEOUT,
                "Events": {event: {"Properties": {"Queue": _sub("${" + queue_id + ".Arn}")}}},
            }
        )
        policy = _notification_worker_policy(tables) if notifications else _worker_policy(tables)
        resources[f"{function}Role"] = {"Properties": {"Policies": [policy]}}
    resources[USAGE_COORDINATOR]["Properties"]["ReservedConcurrentExecutions"] = 1
    resources["RestAPI"] = {
        "Properties": {
            "MethodSettings": [
                {
                    "ResourcePath": "/*",
                    "HttpMethod": "*",
                    "ThrottlingBurstLimit": 200,
                    "ThrottlingRateLimit": 100,
                }
            ]
        }
    }
    resources.update(_gateway_responses())
    return {
        "Parameters": {
            "StorageBackend": {
                "Type": "String",
                "Description": "Where storage accounts live: s3iam (IAM users and S3 of this "
                "AWS account) or rgw (a Ceph RADOS Gateway, see docs/storage-backends.md).",
                "AllowedValues": ["s3iam", "rgw"],
                "Default": "s3iam",
            },
            "RgwEndpoint": {
                "Type": "String",
                "Description": "With StorageBackend=rgw: the gateway's URL, e.g. "
                "https://rgw.example.com (its admin keys go into the RgwAdminSecret secret).",
                "Default": "",
            },
            "NotificationSender": {
                "Type": "String",
                "Description": "From address of notification emails (an SES-verified identity).",
                "Default": "no-reply@example.com",
            },
            "NotificationSenderIdentity": {
                "Type": "String",
                "Description": "The SES identity (domain or address) that sender belongs to.",
                "Default": "example.com",
            },
            "UsageShards": {
                "Type": "String",
                "Description": "Shards the usage aggregation fans out to (clientAccountId mod N).",
                "Default": "8",
                "AllowedValues": ["1", "2", "4", "8", "16", "32", "64"],
            },
            "UsageShardWorkerConcurrency": {
                "Type": "Number",
                "Description": "Reserved concurrency of the usage shard worker (shards at once).",
                "Default": 8,
                "MinValue": 1,
            },
        },
        "Resources": resources,
        "Outputs": {
            "ExportsBucketName": {"Value": {"Ref": "ExportsBucket"}},
            "TablePrefix": {"Value": _sub("${AWS::StackName}-")},
            "ExportsQueueUrl": {"Value": {"Ref": "ExportsQueue"}},
            "UsageShardsQueueUrl": {"Value": {"Ref": "UsageShardsQueue"}},
            "NotificationsQueueUrl": {"Value": {"Ref": "NotificationsQueue"}},
        },
    }


def add_scheduled_job_resources(resources: dict[str, Any], table_ids: list[str]) -> None:
    """Every ``@app.schedule`` function: the same exact-ARN policy as the API (chalice would
    give it the stage's name-pattern policy file), and failures kept rather than lost: the
    EventBridge rule's dead-letter queue (SAM-managed) for events that could not be delivered,
    and an on-failure destination for runs that failed after their retries."""
    resources["ScheduledJobFailures"] = {
        "Type": "AWS::SQS::Queue",
        "Properties": {"SqsManagedSseEnabled": True, "MessageRetentionPeriod": 1209600},
    }
    failures_arn = {"Fn::GetAtt": ["ScheduledJobFailures", "Arn"]}
    for function in function_ids()[1:]:
        policy = _policy(table_ids)
        policy["PolicyDocument"]["Statement"].append(
            {
                "Sid": "JobFailures",
                "Effect": "Allow",
                "Action": ["sqs:SendMessage"],
                "Resource": failures_arn,
            }
        )
        resources[f"{function}Role"] = {"Properties": {"Policies": [policy]}}
        resources[function]["Properties"].update(
            {
                "EventInvokeConfig": {
                    "MaximumRetryAttempts": 2,
                    "DestinationConfig": {
                        "OnFailure": {"Type": "SQS", "Destination": failures_arn}
                    },
                },
                "Events": {
                    f"{function}Event": {
                        "Properties": {"DeadLetterConfig": {"Type": "SQS"}},
                    }
                },
            }
        )


def stage_policy(stage: str) -> dict[str, Any]:
    """The policy file ``chalice deploy`` would use for a stage whose tables are named
    ``partner-console-<stage>-*`` (the packaged template replaces it with exact ARNs)."""
    prefix = f"partner-console-{stage}-"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Tables",
                "Effect": "Allow",
                "Action": DYNAMODB_ACTIONS,
                "Resource": [
                    f"arn:aws:dynamodb:*:*:table/{prefix}*",
                    f"arn:aws:dynamodb:*:*:table/{prefix}*/index/*",
                ],
            },
            {
                "Sid": "Backfill",
                "Effect": "Allow",
                "Action": ["dynamodb:Scan"],
                "Resource": [
                    f"arn:aws:dynamodb:*:*:table/{prefix}{name}" for name in BACKFILLED_TABLES
                ],
            },
            {
                "Sid": "Exports",
                "Effect": "Allow",
                "Action": S3_ACTIONS,
                "Resource": f"arn:aws:s3:::{prefix}exports/*",
            },
            {
                "Sid": "ExportQueue",
                "Effect": "Allow",
                "Action": ["sqs:SendMessage", "sqs:GetQueueUrl", *SQS_CONSUMER_ACTIONS],
                "Resource": f"arn:aws:sqs:*:*:{EXPORTS_QUEUE_NAME}",
            },
            {
                "Sid": "NotificationQueue",
                "Effect": "Allow",
                "Action": ["sqs:SendMessage", "sqs:GetQueueUrl", *SQS_CONSUMER_ACTIONS],
                "Resource": f"arn:aws:sqs:*:*:{NOTIFICATIONS_QUEUE_NAME}",
            },
            {
                "Sid": "UsageShardQueue",
                "Effect": "Allow",
                "Action": ["sqs:SendMessage", "sqs:GetQueueUrl", *SQS_CONSUMER_ACTIONS],
                "Resource": f"arn:aws:sqs:*:*:{USAGE_QUEUE_NAME}",
            },
            {
                "Sid": "SendMail",
                "Effect": "Allow",
                "Action": ["ses:SendEmail", "ses:SendRawEmail"],
                "Resource": "arn:aws:ses:*:*:identity/*",
            },
            {
                "Sid": "Logs",
                "Effect": "Allow",
                "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": f"arn:aws:logs:*:*:log-group:/aws/lambda/partner-console-{stage}-*",
            },
            *storage_backend_statements("*"),
        ],
    }


def outputs() -> dict[Path, str]:
    files = {TEMPLATE: json.dumps(build_template(), indent=2, sort_keys=True) + "\n"}
    for stage in STAGES:
        path = ROOT / ".chalice" / f"policy-{stage}.json"
        files[path] = json.dumps(stage_policy(stage), indent=2) + "\n"
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the files are stale")
    args = parser.parse_args()
    stale = []
    for path, text in outputs().items():
        current = path.read_text() if path.exists() else None
        if current != text:
            stale.append(path.relative_to(ROOT))
            if not args.check:
                path.write_text(text)
    if args.check and stale:
        print(f"Out of date (run `python -m infra.generate`): {', '.join(map(str, stale))}")
        raise SystemExit(1)
    print("infra is up to date" if not stale else f"wrote {', '.join(map(str, stale))}")


if __name__ == "__main__":
    main()
