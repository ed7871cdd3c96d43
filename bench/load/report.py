"""The load benchmark's table, from locust's CSV files (run by bench/load/run.sh).

    .venv/bin/python bench/load/report.py bench/load/results/<run> 30 5,10,20   # the table
    .venv/bin/python bench/load/report.py sweep-state                           # what the sweep did

Per page: requests, requests a second, p50/p95/p99 and errors, for the steady run and the run
with meetings in progress; the static file and the sign-in page are the ceiling (what the server
answers with no page code behind it). Then each capacity step's request rate and p95.
"""

from __future__ import annotations

import csv
import os
import statistics
import sys
from pathlib import Path

GOAL_P95 = 300
GOAL_RATIO = 4
CEILING = ("static file", "sign-in page")
NOT_A_PAGE = ("sign in (POST)",)  # once per person, at the start
# Every page the mix asks for (names as in locustfile.py), to tell a page nobody reached from one
# that never answered.
PAGES = (
    "home (coordinator)",
    "home (supervisor)",
    "home (coach)",
    "home (client)",
    "client list",
    "client list: search",
    "client list: filter",
    "client page",
    "relationship list",
    "relationship page",
    "waiting list",
    "suggestions",
    "check-in (POST)",
    "meeting (POST)",
    "meeting record (POST)",
    "API clients",
    "API relationships",
)


def rows(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    with path.open() as f:
        return {row["Name"]: row for row in csv.DictReader(f)}


def run_table(title: str, stats: dict[str, dict], failures: Path) -> list[str]:
    if not stats:
        return [f"### {title}", "", "(no figures: the run did not happen)", ""]
    total = stats.pop("Aggregated")
    static_p50 = float(stats.get("static file", {}).get("50%", 0) or 0)
    lines = [
        f"### {title}",
        "",
        f"{int(total['Request Count']):,} requests, {float(total['Requests/s']):.1f} a second, "
        f"{int(total['Failure Count'])} errors; static file p50 {static_p50:.0f} ms.",
        "",
        "| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | p95 < 300 | p50 <= 4x static |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    missing = [name for name in PAGES if name not in stats]
    if missing:
        lines[3:3] = [f"No answer recorded (not reached, or slower than the run): {', '.join(missing)}.", ""]
    order = sorted(stats, key=lambda n: (n in CEILING, -float(stats[n]["95%"] or 0)))
    for name in order:
        row = stats[name]
        p50, p95, p99 = (float(row[k] or 0) for k in ("50%", "95%", "99%"))
        ceiling = name in CEILING
        ok_p95 = "" if ceiling or name in NOT_A_PAGE else ("yes" if p95 < GOAL_P95 else "**no**")
        ratio = p50 / static_p50 if static_p50 else 0
        ok_ratio = (
            "" if ceiling or name in NOT_A_PAGE else (f"{ratio:.0f}x " + ("yes" if ratio <= GOAL_RATIO else "**no**"))
        )
        label = f"*{name}* (ceiling)" if ceiling else name
        lines.append(
            f"| {label} | {int(row['Request Count']):,} | {float(row['Requests/s']):.2f} | {p50:.0f} | {p95:.0f} "
            f"| {p99:.0f} | {int(row['Failure Count'])} | {ok_p95} | {ok_ratio} |"
        )
    errors = [f"- {e['Name']}: {e['Error'][:200]} ({e['Occurrences']})" for e in read(failures)]
    if errors:
        lines += ["", "Errors:", "", *errors]
    crashed = failures.with_name(failures.name.replace("_failures", "_exceptions"))
    errors = [f"- {e['Message'][:200]} ({e['Count']})" for e in read(crashed)]
    if errors:
        lines += ["", "Errors in the load generator itself (a task that raised):", "", *errors]
    return [*lines, ""]


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open() as f:
        return list(csv.DictReader(f))


def capacity(log: Path, step_seconds: int, steps: list[int], settle: float = 5.0) -> list[str]:
    if not log.exists():
        return []
    records = []
    with log.open() as f:
        for line in f:
            start, name, ms, ok = line.rstrip("\n").split("\t")
            records.append((float(start), name, float(ms), ok == "1"))
    if not records:
        return []
    began = min(r[0] for r in records)
    lines = [
        "### Capacity: no think time, users added step by step",
        "",
        f"Each step {step_seconds} s; its first {settle:.0f} s (new people signing in) left out; "
        "sign-ins and the ceiling requests are not counted.",
        "",
        "| users | req/s | p50 ms | p95 ms | p99 ms | errors | p95 < 300 |",
        "|---|---|---|---|---|---|---|",
    ]
    best = None
    for n, users in enumerate(steps):
        low, high = began + n * step_seconds + settle, began + (n + 1) * step_seconds
        step = [r for r in records if low <= r[0] < high and r[1] not in NOT_A_PAGE + CEILING]
        if not step:
            continue
        times = sorted(r[2] for r in step)
        rate = len(step) / (high - low)
        q = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
        errors = sum(1 for r in step if not r[3])
        ok = q[94] < GOAL_P95
        if ok and (best is None or rate > best):
            best = rate
        lines.append(
            f"| {users} | {rate:.1f} | {q[49]:.0f} | {q[94]:.0f} | {q[98]:.0f} | {errors} | {'yes' if ok else 'no'} |"
        )
    lines += ["", f"Highest request rate with p95 under {GOAL_P95} ms: **{best or 0:.1f} a second**.", ""]
    return lines


def sweep_state() -> None:
    """How far the sweep and the worker got with the benchmark's meetings in progress."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.production")
    import django

    django.setup()
    from django.db.models import Max
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from bench.load.generate import SWEEP_PLACE
    from meetings.models import Alert, Meeting

    with scopes_disabled():
        now = timezone.now()
        meetings = Meeting.objects.filter(place=SWEEP_PLACE, left_at__isnull=True)
        due = meetings.filter(checkout_due_at__lte=now).count()
        alerts = Alert.objects.filter(meeting__in=meetings, level=0)
        late = [
            (a.raised_at - a.meeting.checkout_due_at).total_seconds()
            for a in alerts.select_related("meeting")
            if a.meeting.checkout_due_at
        ]
        delivered = alerts.filter(delivered_at__isnull=False)
        print(
            f"meetings in progress: {meetings.count():,}; check-outs fallen due: {due:,}; "
            f"first alerts raised: {alerts.count():,}; delivered: {delivered.count():,}; "
            f"worst raise delay: {max(late, default=0):.0f} s; "
            f"last delivery: {delivered.aggregate(Max('delivered_at'))['delivered_at__max']}"
        )


def main() -> None:
    if sys.argv[1] == "sweep-state":
        sweep_state()
        return
    out = Path(sys.argv[1])
    step_seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    steps = [int(n) for n in (sys.argv[3] if len(sys.argv) > 3 else "").split(",") if n]
    lines = ["## Load benchmark", ""]
    lines += run_table("Run 1: steady, 1-3 s think time", rows(out / "steady_stats.csv"), out / "steady_failures.csv")
    sweep = rows(out / "sweep_stats.csv")
    lines += run_table("Run 2: the same, the sweep watching meetings in progress", sweep, out / "sweep_failures.csv")
    state = out / "sweep-state.txt"
    if state.exists():
        lines += ["Sweep at the end of run 2: " + state.read_text().strip(), ""]
    lines += capacity(out / "capacity.log", step_seconds, steps)
    errors = out / "server-errors.txt"
    if errors.exists():
        lines += [f"Worker timeouts and tracebacks in gunicorn's log: {errors.read_text().strip() or 0}", ""]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
