from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
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


def field_label(model, name: str) -> str:
    """A field's label as its form shows it ("Date they agreed we can store their details"), or the
    name in words when it is not one of the model's fields."""
    words = capfirst(name.replace("_", " "))
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return words
    # A reverse relation ("members" on a group) has no label of its own: the name in words.
    return capfirst(str(field.verbose_name)) if getattr(field, "verbose_name", None) else words


def _with_article(noun: str) -> str:
    if noun.startswith(("the ", "suggested ")):
        return noun
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


# What an action is about, where its name is not a model's ("people.staff" is a StaffMember).
_NOUNS = {
    "staff": "staff member",
    "bulk": "bulk matching run",
    "suggestions": "suggested coaches",
    "waiting_list": "waiting lists",
    "coach_training": "coach's checks and training",
    "on_call": "on-call shift",
    "follow_up": "follow-up",
    "token": "API key",
    "reciprocal": "reciprocal match",
    "calendar_feed": "calendar feed",
}

# Verbs that do not read well as "<Verb> a <thing>".
_ACTION_PHRASES = {
    "created": "Added {a}",
    "changed": "Changed {a}",
    "viewed": "Looked at {a}",
    "deleted": "Deleted {a}",
    "status_changed": "Changed the status of {a}",
    "role_changed": "Changed the role of {a}",
    "kind_changed": "Changed the kind of {a}",
    "sign_in_given": "Gave sign-in access to {a}",
    "certificate_viewed": "Looked at the certificate number of {a}",
    "certificate_changed": "Changed the certificate number of {a}",
    "acknowledged_on_paper": "Recorded a paper acknowledgement for {a}",
    "signed_copy_viewed": "Looked at the signed copy of {a}",
    "review_set": "Set the review date of {a}",
    "version_published": "Published a new version of {a}",
    "action_added": "Added an action to {a}",
    "outcome": "Recorded the outcome of {a}",
    "done": "Marked {a} done",
    "undone": "Undid {a}",
    "left": "Left {a}",
    "arrived": "Arrived at {a}",
}


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

    # --- in words, for people reading the trail (never a dotted action or a field's name) ---

    def _model(self):
        """The model the action is about, from its name (`people.client.deleted`), if there is one."""
        parts = self.action.split(".")
        if len(parts) < 3:
            return None
        try:
            return apps.get_model(parts[0], parts[1].replace("_", ""))
        except LookupError:
            return None

    @property
    def actor_name(self) -> str:
        """Who, by name: the sign-in's person if it still exists, else the name kept with the entry."""
        if self.actor_id and self.actor is not None:
            return self.actor.display_name()
        return "The system" if self.actor_label == "system" else self.actor_label

    @property
    def action_words(self) -> str:
        """`people.client.deleted` as "Deleted a client"."""
        parts = self.action.split(".")
        if len(parts) < 3:
            return self.action.replace("_", " ").replace(".", " ").capitalize()
        thing, verb = parts[1], parts[-1]
        model = self._model()
        noun = _NOUNS.get(thing) or (str(model._meta.verbose_name) if model else thing.replace("_", " "))
        if verb == "listed":
            plural = str(model._meta.verbose_name_plural) if model and thing not in _NOUNS else noun
            return f"Looked at a list of {plural}"
        phrase = _ACTION_PHRASES.get(verb)
        if phrase is None:
            phrase = verb.replace("_", " ").capitalize() + " {a}"
        return phrase.format(a=_with_article(noun))

    @property
    def record_label(self) -> str:
        """The record's name; one without a name of its own ("BulkRun object (2)") by its kind."""
        model = apps.get_model(*self.object_type.split(".", 1)) if self.object_type.count(".") == 1 else None
        if model is not None and self.object_label == f"{model.__name__} object ({self.object_id})":
            return str(model._meta.verbose_name).capitalize()
        return self.object_label

    @property
    def changed_fields(self) -> list[tuple[str, list]]:
        """Each change as (the field's label, [before, after])."""
        model = apps.get_model(*self.object_type.split(".", 1)) if self.object_type.count(".") == 1 else None
        return [(field_label(model, name), change) for name, change in self.changes.items()]

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


class Heartbeat(models.Model):
    """When a background process last showed it was alive: the scheduler each time it queues the
    sweep, the worker each time it runs it. The health endpoint reads them (core/health.py); one
    row per process kind, written over, so it never grows."""

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"
