# Safeguarding concerns, alerts and meetings are protected: deleting what they hang from fails.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0004_plan_dates_for_existing"),
        ("meetings", "0004_calendars_and_reminders"),
        ("people", "0002_meeting_reminders"),
    ]

    operations = [
        migrations.AlterField(
            model_name="alert",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="alerts", to="meetings.meeting"
            ),
        ),
        migrations.AlterField(
            model_name="concern",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="concerns", to="people.client"
            ),
        ),
        migrations.AlterField(
            model_name="concern",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="concerns",
                to="meetings.meeting",
            ),
        ),
        migrations.AlterField(
            model_name="concernaction",
            name="concern",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="actions", to="meetings.concern"
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="relationship",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="meetings", to="journeys.relationship"
            ),
        ),
    ]
