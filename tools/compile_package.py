"""Compile the Lambda zip's Python modules into bytecode, in place (``make package`` runs it).

Lambda unpacks the zip into a read-only ``/var/task``: without ``__pycache__`` in the zip, every
cold start compiles every module it imports and cannot keep the result. The bytecode is written
with the Lambda's own Python (the runtime named in the packaged template must be the one running
this) and as *unchecked-hash* ``.pyc`` files: valid whatever timestamps unzipping gives the
sources (the package is immutable once built).

    python -m tools.compile_package build/package
"""

from __future__ import annotations

import compileall
import json
import py_compile
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path


def runtimes(template: Path) -> set[str]:
    resources = json.loads(template.read_text()).get("Resources", {})
    found = {r.get("Properties", {}).get("Runtime") for r in resources.values()}
    globals_ = json.loads(template.read_text()).get("Globals", {}).get("Function", {})
    found.add(globals_.get("Runtime"))
    return {r for r in found if r}


def compile_zip(zip_path: Path) -> int:
    """Adds ``__pycache__/*.pyc`` for every module in ``zip_path``; answers how many."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pkg"
        with zipfile.ZipFile(zip_path) as z:
            infos = z.infolist()
            z.extractall(root)
        ok = compileall.compile_dir(
            root,
            quiet=2,
            workers=0,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
        if not ok:
            raise SystemExit(f"compileall failed for some module of {zip_path}")
        modes = {i.filename: i.external_attr for i in infos}
        rebuilt = zip_path.with_suffix(".tmp")
        count = 0
        with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                name = path.relative_to(root).as_posix()
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = modes.get(name, 0o644 << 16)
                out.writestr(info, path.read_bytes())
                count += name.endswith(".pyc")
        shutil.move(rebuilt, zip_path)
    return count


def main(argv: list[str] | None = None) -> None:
    package = Path((argv or sys.argv[1:] or ["build/package"])[0])
    wanted = f"python{sys.version_info.major}.{sys.version_info.minor}"
    found = runtimes(package / "sam.json")
    if found != {wanted}:
        raise SystemExit(
            f"The packaged functions run {sorted(found)}, but this is {wanted}: bytecode must be "
            "compiled by the Lambda's own Python version."
        )
    count = compile_zip(package / "deployment.zip")
    print(f"compiled {count} modules into {package / 'deployment.zip'} ({wanted})")


if __name__ == "__main__":
    main()
