from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from journeys.models import ActionStep, CheckIn, Goal, Relationship, Review
from organisations.models import Organisation, Programme, Role, User
from people.models import Client, Coach, StaffMember


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COORDINATOR
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "alongside-demo")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Programme {n}")
    kind = Programme.Kind.COACHING
    min_months = 3
    max_months = 12
    coach_capacity = 3


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    user = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("user.organisation")
    first_name = factory.SelfAttribute("user.first_name")
    last_name = factory.SelfAttribute("user.last_name")
    email = factory.SelfAttribute("user.email")


class CoachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coach

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"coach{n}@example.org")
    lived_experience = "Managed rent arrears after redundancy."
    interests = "cycling, cooking"


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    organisation = factory.SubFactory(OrganisationFactory)
    programme = factory.SubFactory(ProgrammeFactory, organisation=factory.SelfAttribute("..organisation"))
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"client{n}@example.net")
    referral_source = Client.ReferralSource.SELF
    referral_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    consent_given_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    circumstances = "Rent arrears of about £900."
    hopes = "Clear my arrears."
    staff_notes = "Staff-only note: prefers mornings."


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    organisation = factory.SelfAttribute("client.organisation")
    client = factory.SubFactory(ClientFactory)
    coach = factory.SubFactory(CoachFactory, organisation=factory.SelfAttribute("..client.organisation"))
    programme = factory.SelfAttribute("client.programme")
    status = Relationship.Status.ACTIVE
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    planned_end_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=150))
    check_in_due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    midpoint_review_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    end_review_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=136))


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    organisation = factory.SelfAttribute("relationship.organisation")
    relationship = factory.SubFactory(RelationshipFactory)
    title = "I'll have cleared my rent arrears"
    category = Goal.Category.ARREARS
    starting_point = "£900 behind on rent."
    target = "Arrears cleared."
    baseline_score = 1
    agreed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=20))


class ActionStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionStep

    organisation = factory.SelfAttribute("goal.organisation")
    goal = factory.SubFactory(GoalFactory)
    description = "Open the post"
    who = ActionStep.Who.CLIENT
    frequency = "every Sunday"


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    organisation = factory.SelfAttribute("relationship.organisation")
    relationship = factory.SubFactory(RelationshipFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    completed_by = CheckIn.CompletedBy.COACH
    went_well = "Opened all the post."
    coach_feedback = "Well done."
    coach_notes = "Coach-only note: seemed tired."


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    organisation = factory.SelfAttribute("relationship.organisation")
    relationship = factory.SubFactory(RelationshipFactory)
    kind = Review.Kind.MIDPOINT
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))
    summary = "Good progress."
