"""Shared test set-up.

The process environment mirrors the ``local`` stage of ``.chalice/config.json`` (the chalice test
Client applies those variables during each call; code called outside a call must see the same
values), points at nobody's real AWS account, and makes argon2 cheap so the suite stays fast.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_stage = json.loads((ROOT / ".chalice" / "config.json").read_text())
os.environ.update(_stage.get("environment_variables", {}))
os.environ.update(_stage["stages"]["local"]["environment_variables"])
os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-central-1",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_KIB": "1024",
        "ARGON2_PARALLELISM": "1",
        "REGIONS": json.dumps(
            [
                {
                    "name": "eu-central-2",
                    "s3_url": "https://s3.eu-central-2.example.test",
                    "iam_url": "https://iam.eu-central-2.example.test",
                    "sts_url": "https://sts.eu-central-2.example.test",
                }
            ]
        ),
    }
)
for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION"):
    os.environ.pop(name, None)
