"""Row counts of every table in two PostgreSQL databases, compared (scripts/restore_check.sh).

scripts/restore_check.py ORIGINAL_URL COPY_URL
"""

from __future__ import annotations

import sys

import psycopg


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "select tablename from pg_tables where schemaname = 'public' order by tablename"
            )
        ]
        return {
            table: connection.execute(f'select count(*) from "{table}"').fetchone()[0]  # noqa: S608 - names from pg_tables
            for table in tables
        }


def main() -> None:
    original, copy = counts(sys.argv[1]), counts(sys.argv[2])
    tables = original.keys() | copy.keys()
    differ = {t: (original.get(t), copy.get(t)) for t in tables if original.get(t) != copy.get(t)}
    rows = sum(original.values())
    if differ:
        for table, (was, now) in sorted(differ.items()):
            print(f"FAIL  {table}: {was} rows in the original, {now} in the copy")
        raise SystemExit(1)
    print(f"ok    {len(original)} tables, {rows:,} rows, the same in the copy")


if __name__ == "__main__":
    main()
