from __future__ import annotations

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OrganisationOwned(TimeStamped):
    """A record that belongs to one organisation.

    Its default manager is scoped: a query outside `scope(organisation=...)` raises instead of
    quietly returning every organisation's rows. The scope middleware enters the signed-in
    user's organisation for each request.
    """

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(organisation="organisation")

    class Meta:
        abstract = True


class _Unarchived(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)


class Archivable(models.Model):
    """A record that is archived, never deleted by an ordinary action (only the erasure and
    retention process removes people).

    `objects` leaves archived rows out, so every list, search, matching pool, count and choice
    drops them without each query having to remember; `with_archived` is for the few pages that
    show or restore them. List this base before OrganisationOwned so its `objects` wins.
    """

    archived_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = ScopedManager(_manager_class=_Unarchived, organisation="organisation")
    with_archived = ScopedManager(organisation="organisation")

    class Meta:
        abstract = True

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


class Versioned(models.Model):
    """Optimistic locking: every save through a service bumps `version`; a form or API call that
    started from an older version is refused, so two editors never silently overwrite each other."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One line of the audit trail. Written by core.audit.record(); never changed afterwards."""

    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too, so the trail still says who it was after an account is deleted.
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "object_type", "object_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    _VERBS = {
        "created": "added this record",
        "changed": "changed",
        "viewed": "looked at this record",
        "listed": "looked at a list",
        "deleted": "deleted this record",
        "archived": "archived this record",
        "restored": "restored this record",
        "status_changed": "changed the status",
        "started": "started this",
        "sign_in_given": "gave sign-in access",
        "role_changed": "changed the role",
    }

    @property
    def list_summary(self) -> str:
        """For a list read (core.audit.listed): "12 rows of 40; filter: q=Jade, page=1"."""
        if not self.action.endswith(".listed"):
            return ""
        rows = self.changes.get("rows")
        total = self.changes.get("total")
        counted = f"{rows} row{'' if rows == 1 else 's'}" + (f" of {total}" if total is not None else "")
        filters = ", ".join(f"{name}={value}" for name, value in self.changes.get("filter", {}).items())
        return f"{counted}; filter: {filters or 'none'}"

    def get_verb(self) -> str:
        return self._VERBS.get(self.action.rsplit(".", 1)[-1], self.action)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")


class FormSubmission(models.Model):
    """A page's form that was saved, by its one-time token (core.views.form_page): the same form
    sent twice (a double click, a resend after a slow answer) goes where the first went instead of
    saving twice. Kept for a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="core_form_token_once_per_person")]

    def __str__(self) -> str:
        return f"{self.token[:8]}… → {self.result_url}"
