"""Password hashing: Argon2id at OWASP's current minimum (m=19 MiB, t=2, p=1).

Django's own Argon2 parameters (m=100 MiB, t=2, p=8) cost about five times the memory and CPU of
OWASP's minimum for the same algorithm. On a small server every sign-in held a worker that long,
and under load sign-ins queued behind each other for seconds (bench/README.md, "Signing in").
OWASP's Password Storage Cheat Sheet lists m=19 MiB, t=2, p=1 as the minimum it recommends for
Argon2id; we use exactly that. The algorithm name is Django's ("argon2"), so every hash made with
the older parameters still verifies, and Django rehashes it with these on the next sign-in
(`must_update` compares the parameters stored in the hash with these)."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
