"""Write the API's OpenAPI document to a file (for the linter and the SDK generator).

python -m tools.openapi build/openapi.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(target: str) -> None:
    import app  # noqa: F401  (registers every route)
    from chalicelib.api.openapi import build_document

    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(build_document(), indent=2, sort_keys=False) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/openapi.json")
