# Alert delivery: each step is claimed, its channels recorded, and retried until sent.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_protect_safeguarding_records"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # An alert already notified under the old sweep counts as delivered: it is not sent again.
        migrations.RenameField(model_name="alert", old_name="notified_at", new_name="delivered_at"),
        migrations.CreateModel(
            name="AlertDelivery",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("channel", models.CharField(choices=[("email", "Email"), ("sms", "Text message")], max_length=10)),
                ("address", models.CharField(max_length=254)),
                (
                    "status",
                    models.CharField(
                        choices=[("sending", "Sending"), ("sent", "Sent"), ("failed", "Not sent yet, trying again")],
                        default="sending",
                        max_length=10,
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("last_error", models.CharField(blank=True, max_length=500)),
                ("delivered_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "ordering": ["channel"],
            },
        ),
        migrations.AddField(
            model_name="alert",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="alert",
            name="delivery_attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="alert",
            name="delivery_due_at",
            field=models.DateTimeField(blank=True, default=django.utils.timezone.now, null=True),
        ),
        migrations.AddField(
            model_name="alert",
            name="due_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="alert",
            name="raised_late",
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name="alert",
            index=models.Index(
                condition=models.Q(("delivered_at__isnull", True)),
                fields=["delivery_due_at"],
                name="alert_delivery_owed",
            ),
        ),
        migrations.AddIndex(
            model_name="alert",
            index=models.Index(
                condition=models.Q(("acknowledged_at__isnull", True), ("resolved_at__isnull", True)),
                fields=["raised_at"],
                name="alert_awaiting_acknowledgement",
            ),
        ),
        migrations.AddField(
            model_name="alertdelivery",
            name="alert",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="deliveries", to="meetings.alert"
            ),
        ),
        migrations.AddField(
            model_name="alertdelivery",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation"
            ),
        ),
        migrations.AddConstraint(
            model_name="alertdelivery",
            constraint=models.UniqueConstraint(fields=("alert", "channel"), name="alert_delivery_per_channel"),
        ),
    ]
