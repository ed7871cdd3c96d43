"""Checks that every new pairing must pass, registered by the apps that know them.

journeys starts relationships but sits below matching, which knows the hard rules (must-haves,
known connections, exclusions). Rather than journeys importing matching, matching registers its
check here when it loads, and journeys runs every registered check before it pairs anyone, so a
pair made by hand keeps the same hard rules as a suggestion."""

from __future__ import annotations

from collections.abc import Callable

_CHECKS: list[Callable[..., None]] = []


def register(check: Callable[..., None]) -> None:
    if check not in _CHECKS:
        _CHECKS.append(check)


def check(*, client, coach, programme) -> None:
    """Raise ValidationError (naming the coach field) if any registered rule refuses the pair."""
    for each in _CHECKS:
        each(client=client, coach=coach, programme=programme)
