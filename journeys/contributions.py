"""What journeys adds to the pages and reads of the apps below it (see core.registry)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from core import registry
from core.api import API_ROUTERS, API_ROUTES_UNDER
from core.demo import DEMO_STEPS
from core.registry import HOME_CLIENT, HOME_COACH, HOME_STAFF, HomePanel, MenuEntry, Section
from organisations.selectors import PROGRAMME_COUNTS, count_per_programme
from people.selectors import CLIENT_LIST_PREFETCH, CLIENTS_OF_COACH, COACH_LIST_ANNOTATIONS, COACHES_CLIENTS
from people.services import COACH_AWAY_GUARDS, COACH_BACK

from . import api, api_endings, api_process, away, demo, selectors
from .models import Relationship

OPEN = Relationship.OPEN_STATUSES


def coaches_clients(user) -> Q:
    """A coach sees the clients they are working with now."""
    return Q(relationships__coach__user=user, relationships__status__in=OPEN)


def clients_of_coach(coach_id: int) -> Q:
    """The client list filtered to one coach: everyone they have worked with."""
    return Q(relationships__coach_id=coach_id)


def open_relationships() -> Prefetch:
    return Prefetch(
        "relationships",
        queryset=Relationship.objects.filter(status__in=OPEN).select_related("coach", "client", "programme"),
        to_attr="open_relationships",
    )


def open_count() -> dict:
    return {"open_count": Count("relationships", filter=Q(relationships__status__in=OPEN))}


def programme_counts() -> dict:
    open_relationships = Relationship.objects.filter(status__in=OPEN)
    return {
        "active_count": count_per_programme(open_relationships),
        "coach_count": count_per_programme(open_relationships, distinct_on="coach"),
    }


def coach_home(user) -> dict:
    relationships = (
        selectors.with_check_in_awaiting_reply(selectors.relationships_visible_to(user))
        .filter(status__in=OPEN)
        .order_by("check_in_due_on", "client__first_name")
    )
    return {"relationships": relationships}


def client_home(user) -> dict:
    relationship = selectors.relationships_visible_to(user).filter(status__in=OPEN).first()
    if relationship is None:
        return {"relationship": None}
    return {
        "relationship": relationship,
        "steps": list(selectors.open_steps_for_client(user)[:20]),
        "replies": list(selectors.unseen_replies(relationship)[:5]),
    }


# Who needs attention: the counts here, then the reasons each app adds at "home.attention" (people,
# journeys, meetings, training), or a sentence saying nobody does. About the caseload, which group
# facilitators do not see.
ATTENTION = HomePanel(
    "journeys/home/staff_attention.html",
    lambda user: {"attention_counts": selectors.attention_counts(user)},
    capability="relationships.view",
)
ENDING_SOON = HomePanel(
    "journeys/home/attention_ending_soon.html", lambda user: {"ending_soon": selectors.ending_soon()}
)

FEEDBACK_ATTENTION = HomePanel(
    "journeys/home/attention_client_feedback.html",
    lambda user: {"feedback_needing_a_look": selectors.feedback_needing_a_look(user)},
    capability="feedback.view",
)
RELATIONSHIP_FEEDBACK = Section(
    "journeys/sections/relationship_feedback.html",
    lambda context: {"feedback": selectors.relationship_feedback(context["relationship"])},
    capability="feedback.view",
)
# A kind nudge, not an alarm: the programme asks for some face-to-face contact early on.
NOT_MET_FACE_TO_FACE = HomePanel(
    "journeys/home/attention_face_to_face.html",
    lambda user: {"not_met_face_to_face": list(selectors.not_met_face_to_face(user)[:10])},
)

CLIENT_RELATIONSHIPS = Section(
    "journeys/sections/person_relationships.html",
    lambda context: {"relationships": selectors.client_relationships(context["client"]), "show": "coach"},
)
COACH_RELATIONSHIPS = Section(
    "journeys/sections/person_relationships.html",
    lambda context: {"relationships": selectors.coach_relationships(context["coach"]), "show": "client"},
    capability="relationships.view",
)


def register() -> None:
    registry.register(DEMO_STEPS, demo.step, order=20)
    registry.register(DEMO_STEPS, demo.client_voice_step, order=25)
    registry.register(API_ROUTERS, ("/relationships", api.relationships), order=40)
    registry.register(API_ROUTERS, ("/goals", api.goals), order=50)
    registry.register(API_ROUTERS, ("/steps", api.steps), order=60)
    registry.register(API_ROUTES_UNDER, ("/relationships", api_endings.relationship_reviews_and_endings), order=70)
    registry.register(API_ROUTERS, ("/reviews", api_endings.reviews), order=170)
    registry.register(API_ROUTES_UNDER, ("/programmes", api_process.programme_stages), order=50)
    registry.register(API_ROUTES_UNDER, ("/relationships", api_process.relationship_stage), order=75)
    registry.register(API_ROUTERS, ("/case-studies", api_process.case_studies), order=175)
    registry.register("menu", MenuEntry("Relationships", "journeys:relationship_list", "relationships.view"), order=50)
    registry.register(COACHES_CLIENTS, coaches_clients)
    registry.register(CLIENTS_OF_COACH, clients_of_coach)
    registry.register(CLIENT_LIST_PREFETCH, open_relationships)
    registry.register(COACH_LIST_ANNOTATIONS, open_count)
    registry.register(PROGRAMME_COUNTS, programme_counts)
    registry.register("client.actions", Section("journeys/sections/client_pair_link.html"), order=20)
    registry.register("client.sections", CLIENT_RELATIONSHIPS, order=10)
    registry.register("coach.sections", COACH_RELATIONSHIPS, order=10)
    # A coach leaving or taking a break settles each relationship first (journeys.away).
    registry.register(COACH_AWAY_GUARDS, away.away_guard)
    registry.register(COACH_BACK, away.resume_after_break)
    registry.register(DEMO_STEPS, away.demo_step, order=90)
    registry.register(
        "coach.actions", Section("journeys/sections/coach_away_links.html", capability="relationships.edit"), order=20
    )
    registry.register(
        "coach.form", Section("journeys/sections/coach_form_away_note.html", capability="relationships.edit"), order=10
    )
    registry.register(HOME_STAFF, ATTENTION, order=60)
    registry.register("home.attention", ENDING_SOON, order=20)
    registry.register("home.attention", NOT_MET_FACE_TO_FACE, order=25)
    registry.register("programme.manage_links", Section("journeys/sections/programme_process_link.html"), order=50)
    registry.register("home.attention", FEEDBACK_ATTENTION, order=15)
    registry.register("relationship.sections", RELATIONSHIP_FEEDBACK, order=5)
    registry.register("home.programmes.links", Section("journeys/home/case_studies_link.html"))
    registry.register(HOME_COACH, HomePanel("journeys/home/coach_relationships.html", coach_home), order=20)
    # The client's coach and steps; the meetings ("home.client.relationship") and, while they wait,
    # what is on offer ("home.client.waiting") come from the apps above.
    registry.register(HOME_CLIENT, HomePanel("journeys/home/client_relationship.html", client_home), order=10)
