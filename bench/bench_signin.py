"""How many sign-ins a second the password hasher allows: Django's Argon2 defaults (m=100 MiB,
t=2, p=8) against the project's (OWASP's minimum, m=19 MiB, t=2, p=1; core/hashers.py).

    .venv/bin/python bench/bench_signin.py

Verifying a password is the whole cost of a sign-in that a hasher decides; each verification is
run alone (CPU ms by time.process_time, so other load does not blur it) and then by 1, 2 and 4
threads at once for a few seconds (argon2-cffi releases the GIL, as separate server workers would
not need to), giving sign-ins per second.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import Argon2PasswordHasher  # noqa: E402

from core.hashers import OwaspArgon2PasswordHasher  # noqa: E402

PASSWORD = "a-long-passphrase-42"  # noqa: S105 (a throwaway to hash, no account)
SECONDS = 4


def per_second(hasher, encoded: str, threads: int) -> float:
    done = [0] * threads
    stop = time.perf_counter() + SECONDS

    def work(i: int) -> None:
        while time.perf_counter() < stop:
            assert hasher.verify(PASSWORD, encoded)
            done[i] += 1

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / SECONDS


def main() -> None:
    print(f"cores: {os.cpu_count()}\n")
    print("| hasher | CPU ms per sign-in | wall ms per sign-in | sign-ins/s, 1 thread | 2 threads | 4 threads |")
    print("|---|---|---|---|---|---|")
    for label, hasher in (
        ("Django's Argon2 (m=100 MiB, t=2, p=8)", Argon2PasswordHasher()),
        ("OWASP minimum (m=19 MiB, t=2, p=1)", OwaspArgon2PasswordHasher()),
    ):
        encoded = hasher.encode(PASSWORD, hasher.salt())
        cpu, wall = [], []
        for _ in range(15):
            c, w = time.process_time(), time.perf_counter()
            hasher.verify(PASSWORD, encoded)
            cpu.append((time.process_time() - c) * 1000)
            wall.append((time.perf_counter() - w) * 1000)
        rates = [per_second(hasher, encoded, n) for n in (1, 2, 4)]
        print(
            f"| {label} | {statistics.median(cpu):.0f} | {statistics.median(wall):.0f} | "
            + " | ".join(f"{rate:.1f}" for rate in rates)
            + " |"
        )


if __name__ == "__main__":
    main()
