"""Scoring one client against one coach: hard rules first, then weighted factors, each with the
reason a person can read. Pure functions over plain facts, so they are quick on thousands of
coaches and easy to test with Hypothesis; selectors.py gathers the facts from the database.

The score is 100 x (sum of weight x value) / (sum of the weights that apply to this client).
Each reason carries its points, and the points add up to the score, so what is shown agrees
with the ranking."""

from __future__ import annotations

from dataclasses import dataclass, field

from people.models import Channel, Circumstance

from . import availability, meaning
from .keywords import overlap
from .meaning import Items
from .models import FACTORS

LABELS = dict(FACTORS)
CIRCUMSTANCE = dict(Circumstance.choices)
CHANNEL_WAYS = {
    c: "face to face" if c == Channel.FACE_TO_FACE else "by " + label.lower() for c, label in Channel.choices
}
GENDER_WORDS = {"woman": "a woman", "man": "a man", "non_binary": "non-binary"}


@dataclass(frozen=True)
class ClientFacts:
    id: int
    circumstances: frozenset[str] = frozenset()
    debt_size: int | None = None
    age: int | None = None
    consider_age: bool = True
    language: str = "English"
    channels: frozenset[str] = frozenset()
    area: str = ""
    slots: frozenset[tuple[str, str]] = frozenset()
    words: dict[str, str] = field(default_factory=dict)
    wants_gender: str = ""
    must_speak: str = ""
    # Interests and hopes item by item with their vectors (meaning.py); None without the model.
    interest_items: Items | None = field(default=None, compare=False, repr=False)
    hope_items: Items | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class CoachFacts:
    id: int
    name: str
    circumstances: frozenset[str] = frozenset()
    debt_size: int | None = None
    age: int | None = None
    gender: str = ""
    languages: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    area: str = ""
    slots: frozenset[tuple[str, str]] = frozenset()
    words: dict[str, str] = field(default_factory=dict)
    open_count: int = 0
    capacity: int = 3
    ready: bool = True
    excluded_circumstances: frozenset[str] = frozenset()
    known_clients: frozenset[int] = frozenset()
    exclusion_notes: tuple[str, ...] = ()
    # Interests and lived experience (their line for clients) item by item, as for clients.
    interest_items: Items | None = field(default=None, compare=False, repr=False)
    experience_items: Items | None = field(default=None, compare=False, repr=False)


@dataclass
class Part:
    factor: str
    label: str
    value: float
    points: float
    reason: str


@dataclass
class Candidate:
    coach_id: int
    name: str
    score: float
    parts: list[Part]
    warnings: list[str]

    @property
    def reasons(self) -> list[Part]:
        shown = [p for p in self.parts if p.reason and (p.points >= 0.5 or p.factor == "load")]
        return sorted(shown, key=lambda p: -p.points)


def blocked(client: ClientFacts, coach: CoachFacts) -> str | None:
    """The hard rule this pairing breaks, as a code, or None. Must-haves are checked first, so a
    waiting list can say "no ready coach speaks Arabic" rather than "everyone is full"."""
    if not coach.ready:
        return "not_ready"
    if client.must_speak and client.must_speak.strip().casefold() not in coach.languages:
        return "language"
    if client.wants_gender and coach.gender != client.wants_gender:
        return "gender"
    if client.circumstances & coach.excluded_circumstances:
        return "excluded"
    if client.id in coach.known_clients:
        return "known"
    if coach.open_count >= coach.capacity:
        return "full"
    return None


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _experience(client: ClientFacts, coach: CoachFacts) -> tuple[float, str] | None:
    if not client.circumstances and client.debt_size is None:
        return None
    shared = sorted(client.circumstances & coach.circumstances)
    value = len(shared) / len(client.circumstances) if client.circumstances else 0.0
    reasons = []
    if shared:
        reasons.append("both lived with " + _and([CIRCUMSTANCE.get(c, c).lower() for c in shared[:3]]))
    if client.debt_size is not None and coach.debt_size is not None:
        closeness = 1 - abs(client.debt_size - coach.debt_size) / 4
        value = 0.75 * value + 0.25 * closeness if client.circumstances else closeness
        if closeness >= 0.75 and client.debt_size > 0 and coach.debt_size > 0:
            reasons.append("similar amount of debt")
    return value, "; ".join(reasons)


def _age(client: ClientFacts, coach: CoachFacts) -> tuple[float, str] | None:
    if not client.consider_age or client.age is None:
        return None
    if coach.age is None:
        return 0.0, ""
    gap = abs(client.age - coach.age)
    return max(0.0, 1 - gap / 25), "similar age" if gap <= 8 else ""


def _pairs_reason(pairs: list[tuple[str, str, float]]) -> list[str]:
    """Close pairs of interests in words: "both into fishing", "sparring at the gym and boxing"."""
    close, used = [], set()
    for a, b, cos in sorted(pairs, key=lambda p: -p[2]):
        # Each of the coach's interests once, with the client's closest to it.
        if cos >= meaning.REASON_AT and b.casefold() not in used and len(close) < 3:
            close.append((a, b, cos))
            used.add(b.casefold())
    same = [a for a, b, _ in close if a.casefold() == b.casefold()]
    alike = [f"{a} and {b}" for a, b, _ in close if a.casefold() != b.casefold()]
    return (["both into " + _and(same)] if same else []) + (["similar interests: " + ", ".join(alike)] if alike else [])


def _interests(client: ClientFacts, coach: CoachFacts) -> tuple[float, str] | None:
    """By meaning where both people's items have vectors, else by shared (not everyday) words."""
    interests = meaning.compare(client.interest_items, coach.interest_items)
    hopes = meaning.compare(client.hope_items, coach.experience_items)
    wrote = [(client.interest_items, interests), (client.hope_items, hopes)]
    similarities = [c.similarity if c else None for items, c in wrote if meaning.present(items)]
    if similarities and (meaning.present(coach.interest_items) or meaning.present(coach.experience_items)):
        reasons = _pairs_reason(interests.pairs) if interests else []
        if hopes:
            hope, lived, cos = max(hopes.pairs, key=lambda p: p[2])
            if cos >= meaning.REASON_AT:
                reasons.append(f"hopes “{hope}”, and {coach.name} has been there: “{lived}”")
        return meaning.value(similarities), "; ".join(reasons)
    if not client.words:
        return None
    value, shared = overlap(client.words, coach.words)
    return value, "both into " + _and(shared[:3]) if shared else ""


def _language(client: ClientFacts, coach: CoachFacts) -> tuple[float, str] | None:
    language = client.language.strip()
    if not language or language.casefold() == "english":
        return None
    if language.casefold() in coach.languages:
        return 1.0, f"speaks {language}"
    return 0.0, ""


def _channels(client: ClientFacts, coach: CoachFacts) -> tuple[float, str] | None:
    if not client.channels:
        return None
    if not coach.channels:
        return 0.5, ""
    shared = sorted(client.channels & coach.channels)
    if not shared:
        return 0.0, ""
    return 1.0, "both happy to meet " + _and([CHANNEL_WAYS.get(c, c) for c in shared])


def _area(client: ClientFacts, coach: CoachFacts) -> tuple[float, str] | None:
    if not client.area:
        return None
    same = bool(coach.area) and coach.area.casefold() == client.area.casefold()
    return (1.0, f"both in {client.area}") if same else (0.0, "")


def _availability(client: ClientFacts, coach: CoachFacts) -> tuple[float, str] | None:
    if not client.slots:
        return None
    common = set(client.slots & coach.slots)
    if not common:
        return 0.0, ""
    return min(1.0, len(common) / 2), "free " + availability.describe(common)


def _load(client: ClientFacts, coach: CoachFacts) -> tuple[float, str]:
    taken = min(coach.open_count, coach.capacity)
    return 1 - taken / coach.capacity, f"{taken} of {coach.capacity} places taken"


def score(client: ClientFacts, coach: CoachFacts, weights: dict[str, int], *, cosine: float | None = None) -> Candidate:
    """`cosine` (one vector per whole profile) is no longer used and is accepted for old callers:
    meaning is compared item by item from the facts' own items."""
    found = {
        "experience": _experience(client, coach),
        "age": _age(client, coach),
        "interests": _interests(client, coach),
        "language": _language(client, coach),
        "channels": _channels(client, coach),
        "area": _area(client, coach),
        "availability": _availability(client, coach),
        "load": _load(client, coach),
    }
    applying = {f: v for f, v in found.items() if v is not None and weights.get(f, 0) > 0}
    total = sum(weights[f] for f in applying)
    parts = [
        Part(f, LABELS[f], round(v, 3), 100 * weights[f] * v / total if total else 0.0, reason)
        for f, (v, reason) in applying.items()
    ]
    warnings = [f"{coach.name} said they would rather not work with: {note}" for note in coach.exclusion_notes]
    return Candidate(coach.id, coach.name, round(sum(p.points for p in parts), 1), parts, warnings)


def rank(candidates: list[Candidate], limit: int | None = None) -> list[Candidate]:
    ordered = sorted(candidates, key=lambda c: (-c.score, c.name, c.coach_id))
    return ordered[:limit] if limit else ordered
