"""The ready-made measures for organisations that already exist (new ones get them when created:
outcomes.contributions)."""

from django.db import migrations


def seed(apps, schema_editor):
    from outcomes import standard

    Organisation = apps.get_model("organisations", "Organisation")
    Measure = apps.get_model("outcomes", "Measure")
    Question = apps.get_model("outcomes", "Question")
    for organisation in Organisation.objects.all():
        for spec in standard.MEASURES:
            if Measure.objects.filter(organisation=organisation, key=spec["key"]).exists():
                continue
            measure = Measure.objects.create(
                organisation=organisation,
                key=spec["key"],
                name=spec["name"],
                introduction=spec["introduction"],
                credit=spec["credit"],
            )
            for number, question in enumerate(spec["questions"], start=1):
                kind = question.get("kind", "scale")
                scale = kind == "scale"
                Question.objects.create(
                    organisation=organisation,
                    measure=measure,
                    number=number,
                    short_name=question["short_name"],
                    text=question["text"],
                    kind=kind,
                    min_value=0 if scale else None,
                    max_value=10 if scale else None,
                    min_label=question.get("min_label", "Not at all" if scale else ""),
                    max_label=question.get("max_label", "Completely" if scale else ""),
                    choices=question.get("choices", []),
                    higher_is_better=question.get("higher_is_better", True),
                    bands=question.get("bands", ""),
                )


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
