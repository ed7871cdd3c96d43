# Meetings get participants and an owner kind. Every existing meeting belongs to a relationship:
# it takes that relationship's programme, and its coach and client become its participants (the
# coach the lone worker when they meet face to face), with whether each came read off the outcome.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CANCELLED = ("cancelled_client", "cancelled_coach")


def _attended(outcome, client):
    # A copy of meetings.models.attended_from_outcome as it is today: a migration must not change
    # when the code does.
    if outcome in ("attended", "late"):
        return "yes"
    if outcome in CANCELLED:
        return "no"
    if outcome == "did_not_attend":
        return "no" if client else "yes"
    return "unknown"


def fill_participants(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    MeetingParticipant = apps.get_model("meetings", "MeetingParticipant")
    db = schema_editor.connection.alias
    meetings = Meeting.objects.using(db).select_related("relationship").order_by("pk")
    batch = []
    for meeting in meetings.iterator(chunk_size=500):
        relationship = meeting.relationship
        Meeting.objects.using(db).filter(pk=meeting.pk).update(
            owner_kind="relationship", programme_id=relationship.programme_id
        )
        common = {"organisation_id": meeting.organisation_id, "meeting_id": meeting.pk}
        batch.append(
            MeetingParticipant(
                **common,
                coach_id=relationship.coach_id,
                part="lone_worker" if meeting.channel == "face_to_face" else "attendee",
                attended=_attended(meeting.outcome, False),
            )
        )
        batch.append(
            MeetingParticipant(
                **common, client_id=relationship.client_id, part="attendee", attended=_attended(meeting.outcome, True)
            )
        )
        if len(batch) >= 1000:
            MeetingParticipant.objects.using(db).bulk_create(batch)
            batch = []
    MeetingParticipant.objects.using(db).bulk_create(batch)


def empty_participants(apps, schema_editor):
    # Going back: the relationship still says who met; participants were derived from it.
    apps.get_model("meetings", "MeetingParticipant").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0005_relationship_client_protect"),
        ("meetings", "0006_alert_delivery"),
        ("organisations", "0002_programme_archive"),
        ("people", "0003_archive"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MeetingParticipant",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "part",
                    models.CharField(
                        choices=[
                            ("lone_worker", "Lone worker"),
                            ("attendee", "Attendee"),
                            ("facilitator", "Facilitator"),
                        ],
                        default="attendee",
                        max_length=20,
                    ),
                ),
                (
                    "attended",
                    models.CharField(
                        choices=[("yes", "Came"), ("no", "Did not come"), ("unknown", "Not recorded")],
                        default="unknown",
                        max_length=10,
                    ),
                ),
            ],
            options={
                "ordering": ["pk"],
            },
        ),
        migrations.AddField(
            model_name="meeting",
            name="owner_kind",
            field=models.CharField(
                choices=[
                    ("relationship", "A one-to-one relationship"),
                    ("group", "A group session"),
                    ("supervision", "A supervision session"),
                    ("reciprocal_pair", "A reciprocal peer session"),
                    ("induction", "An induction visit"),
                ],
                default="relationship",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="programme",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.programme",
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="relationship",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meetings",
                to="journeys.relationship",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("owner_kind", "relationship"), ("relationship__isnull", False)),
                    models.Q(models.Q(("owner_kind", "relationship"), _negated=True), ("relationship__isnull", True)),
                    _connector="OR",
                ),
                name="meeting_relationship_iff_owned_by_one",
            ),
        ),
        migrations.AddField(
            model_name="meetingparticipant",
            name="client",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meeting_places",
                to="people.client",
            ),
        ),
        migrations.AddField(
            model_name="meetingparticipant",
            name="coach",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meeting_places",
                to="people.coach",
            ),
        ),
        migrations.AddField(
            model_name="meetingparticipant",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="participants", to="meetings.meeting"
            ),
        ),
        migrations.AddField(
            model_name="meetingparticipant",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation"
            ),
        ),
        migrations.AddField(
            model_name="meetingparticipant",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meeting_places",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="meetingparticipant",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("client__isnull", True), ("coach__isnull", False), ("user__isnull", True)),
                    models.Q(("client__isnull", False), ("coach__isnull", True), ("user__isnull", True)),
                    models.Q(("client__isnull", True), ("coach__isnull", True), ("user__isnull", False)),
                    _connector="OR",
                ),
                name="participant_is_one_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="meetingparticipant",
            constraint=models.UniqueConstraint(fields=("meeting", "coach"), name="participant_coach_once"),
        ),
        migrations.AddConstraint(
            model_name="meetingparticipant",
            constraint=models.UniqueConstraint(fields=("meeting", "client"), name="participant_client_once"),
        ),
        migrations.AddConstraint(
            model_name="meetingparticipant",
            constraint=models.UniqueConstraint(fields=("meeting", "user"), name="participant_user_once"),
        ),
        # Last, after every ALTER TABLE: PostgreSQL refuses to alter a table with rows written in
        # the same transaction whose foreign keys are still to be checked.
        migrations.RunPython(fill_participants, empty_participants),
    ]
