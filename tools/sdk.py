"""Generate the Python SDK (``sdk/python``, package ``partner_console_client``) from the API's
OpenAPI document with openapi-python-client (``sdk/config.yaml``), and check it is current.

    python -m tools.sdk            # regenerate sdk/python (make sdk)
    python -m tools.sdk --check    # exit 1 when sdk/python differs from a fresh generation
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SDK = ROOT / "sdk" / "python"
CONFIG = ROOT / "sdk" / "config.yaml"
README = ROOT / "sdk" / "README.md"
#: Left by pip's editable install; not generated.
IGNORED = {"__pycache__", "partner_console_client.egg-info", "build", ".ruff_cache"}


def generate(target: Path) -> None:
    """Write a fresh SDK into ``target`` (replaced): the document, the generator, our README."""
    import app  # noqa: F401  (registers every route)
    from chalicelib.api.openapi import build_document

    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as work:
        document = Path(work) / "openapi.json"
        document.write_text(json.dumps(build_document(), indent=2))
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
        output = Path(work) / "sdk"
        subprocess.run(
            [
                str(bin_dir / "openapi-python-client"),
                "generate",
                "--path",
                str(document),
                "--output-path",
                str(output),
                "--meta",
                "setup",
                "--config",
                str(CONFIG),
                "--overwrite",
                "--fail-on-warning",
            ],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
        shutil.copyfile(README, output / "README.md")
        shutil.rmtree(output / ".ruff_cache", ignore_errors=True)  # left by the format hook
        for name in IGNORED:  # keep what an editable install left beside the code
            if (target / name).exists():
                shutil.move(str(target / name), str(output / name))
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(output, target)


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ, or exist on one side only, ignoring install leftovers."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + n for n in cmp.left_only + cmp.right_only if n not in IGNORED)
        found.extend(prefix + n for n in cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            if name not in IGNORED:
                walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=sorted(IGNORED)), "")
    return sorted(found)


def check() -> list[str]:
    with tempfile.TemporaryDirectory() as work:
        fresh = Path(work) / "python"
        generate(fresh)
        return differences(SDK, fresh)


def main(argv: list[str]) -> int:
    if "--check" in argv:
        stale = check()
        if stale:
            print("sdk/python is stale; run `make sdk`. Differs: " + ", ".join(stale[:20]))
            return 1
        print("sdk/python is current")
        return 0
    generate(SDK)
    print(f"wrote {SDK.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
