import datetime

from django.db import migrations


def set_plan_dates(apps, schema_editor):
    """Relationships made before check-ins and reviews existed get the dates their plan implies."""
    Relationship = apps.get_model("journeys", "Relationship")
    for relationship in Relationship._base_manager.filter(midpoint_review_on__isnull=True).select_related(
        "programme"
    ):
        length = relationship.planned_end_on - relationship.started_on
        relationship.midpoint_review_on = relationship.started_on + length / 2
        relationship.end_review_on = max(
            relationship.planned_end_on - datetime.timedelta(days=14), relationship.started_on
        )
        relationship.check_in_due_on = relationship.started_on + datetime.timedelta(
            days=relationship.programme.contact_every_days
        )
        relationship.save(update_fields=["midpoint_review_on", "end_review_on", "check_in_due_on"])


class Migration(migrations.Migration):
    dependencies = [("journeys", "0003_working_together")]

    operations = [migrations.RunPython(set_plan_dates, migrations.RunPython.noop)]
