"""Give records written before a derived key existed the keys their indexes need
(``chalicelib/services/backfill.py``), for operators, against the tables of ``TABLE_PREFIX``:

    TABLE_PREFIX=partner-console-prod- AWS_REGION=eu-central-1 \\
      .venv/bin/python -m tools.backfill --segments 4 --state backfill-state.json

Every table by default (``--table`` for one; repeatable). Each table is split into
``--segments`` parallel Scan segments of ``--limit`` records a page. ``--state`` records after
every page where each segment stopped; run the same command again to resume from there (a
finished table is skipped). Without ``--state`` the run starts at the beginning, which is safe
too: records that have their keys are not written again. Prints one line a page and the totals
per table; exits 1 if a table could not be finished.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from typing import Any

from chalicelib.errors import ValidationFailed
from chalicelib.services import backfill


class State:
    """Where each segment of each table stopped, written to ``path`` after every page."""

    def __init__(self, path: Path | None, total_segments: int) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.data: dict[str, Any] = {"totalSegments": total_segments, "tables": {}}
        if path is not None and path.exists():
            found = json.loads(path.read_text())
            if found.get("totalSegments") != total_segments:
                raise SystemExit(
                    f"{path} was written with --segments {found.get('totalSegments')}; "
                    "resume with the same number, or start over with another state file."
                )
            self.data = found

    def table(self, table: str) -> dict[str, Any]:
        return self.data["tables"].setdefault(table, {"keys": {}, "done": []})

    def record(self, result: backfill.PageResult) -> None:
        with self.lock:
            table = self.table(result.table)
            segment = str(result.segment)
            if result.next_key is None:
                table["keys"].pop(segment, None)
                if result.segment not in table["done"]:
                    table["done"].append(result.segment)
            else:
                table["keys"][segment] = result.next_key
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        partial = self.path.with_suffix(self.path.suffix + ".tmp")
        partial.write_text(json.dumps(self.data, indent=2, sort_keys=True) + "\n")
        partial.replace(self.path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.backfill", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--table", action="append", choices=backfill.TABLES, help="default: all")
    parser.add_argument("--limit", type=int, default=backfill.DEFAULT_LIMIT, help="records a page")
    parser.add_argument("--segments", type=int, default=1, help="parallel Scan segments")
    parser.add_argument("--state", type=Path, help="progress file to resume from")
    args = parser.parse_args(argv)
    try:
        backfill.check(backfill.TABLES[0], args.limit, 0, args.segments)
    except ValidationFailed as refused:
        parser.error(refused.message)

    state = State(args.state, args.segments)

    def progress(result: backfill.PageResult) -> None:
        state.record(result)
        print(
            f"{result.table} segment {result.segment}/{result.total_segments}: {_counts(result)}",
            flush=True,
        )

    failed = False
    for table in args.table or backfill.TABLES:
        saved = state.table(table)
        try:
            totals = backfill.run_table(
                table,
                limit=args.limit,
                total_segments=args.segments,
                start_keys={int(s): key for s, key in saved["keys"].items()},
                done=set(saved["done"]),
                on_page=progress,
            )
        except Exception as error:  # reported; the state file keeps the progress
            print(f"{table}: stopped ({error}); run again to resume", file=sys.stderr)
            failed = True
            continue
        print(f"{table} done: {_counts(totals)}", flush=True)
    return 1 if failed else 0


def _counts(result: backfill.PageResult) -> str:
    """``examined 100, updated 97, unchanged 3, changed 0``"""
    counts = backfill.summary(result)
    return ", ".join(f"{k} {counts[k]}" for k in ("examined", "updated", "unchanged", "changed"))


if __name__ == "__main__":
    sys.exit(main())
