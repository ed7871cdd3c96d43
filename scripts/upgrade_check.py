"""Row counts before and after an upgrade (scripts/upgrade_check.sh).

scripts/upgrade_check.py snapshot DATABASE_URL FILE   # every table's rows, written to FILE
scripts/upgrade_check.py compare DATABASE_URL FILE    # every table in FILE still there, no fewer rows
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from restore_check import counts


def main() -> None:
    action, url, path = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    if action == "snapshot":
        before = counts(url)
        path.write_text(json.dumps(before))
        print(f"ok    the old database: {len(before)} tables, {sum(before.values()):,} rows")
        return
    before, after = json.loads(path.read_text()), counts(url)
    # More rows is fine (migrations record themselves, new permissions, backfills); fewer is not.
    lost = {table: (rows, after.get(table)) for table, rows in before.items() if (after.get(table) or 0) < rows}
    for table, (was, now) in sorted(lost.items()):
        print(f"FAIL  {table}: {was} rows before the upgrade, {'no table' if now is None else now} after")
    if lost:
        raise SystemExit(1)
    new = len(after) - len(before)
    print(f"ok    all {len(before)} old tables kept their rows ({sum(before.values()):,}); {new} new tables")


if __name__ == "__main__":
    main()
