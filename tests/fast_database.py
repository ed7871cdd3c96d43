"""Each test database is made from today's models, not by replaying every migration.

Replaying the migrations cost about 20 s of CPU per database (Django re-renders the historical
models after nearly every operation: 14,000 renders for 108 migrations), once per xdist worker and
once per database engine in CI, and grows with every migration we add. Making the tables straight
from the models (what `migrate --run-syncdb` does for an app without migrations) takes about a
second. It gives the same schema because `makemigrations --check` (in CI) proves the migrations
and the models agree; the migrations themselves are still run for real by `make run`,
`make deploy-check` (on PostgreSQL) and the migration tests, which walk them backwards and forwards.

Afterwards every migration is recorded as applied, so a test that drives MigrationExecutor starts
from the latest state as it would on a migrated database. What a migration does beyond the models
must be done here as well: `SCHEMA_BEYOND_MODELS` lists those operations, and
tests/test_fast_database.py fails when a migration with RunPython or RunSQL is not accounted for.
"""

from __future__ import annotations

import importlib

from django.core.management.commands import migrate
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

# (app, migration) -> name of the function in that migration that changes the schema beyond the
# models, called with (apps, schema_editor) after the tables are made; None: the migration only
# changes existing rows (a backfill), which an empty test database does not have.
SCHEMA_BEYOND_MODELS: dict[tuple[str, str], str | None] = {
    ("journeys", "0004_plan_dates_for_existing"): None,
    ("journeys", "0006_relationship_engagement_counts"): None,
    ("meetings", "0007_participants"): None,
    ("meetings", "0008_sweep_open_steps_only"): None,
    ("outcomes", "0002_standard_measures"): None,  # existing organisations; new ones by a signal
    ("people", "0004_client_search_indexes"): "add_trigram_indexes",
}


class _NoMigrations:
    def __contains__(self, app_label: str) -> bool:
        return True

    def __getitem__(self, app_label: str) -> None:
        return None


class FastMigrate(migrate.Command):
    """`migrate` as the test database's creation calls it: the first call for each database makes
    the tables from the models; any later call (a test calling `migrate` itself) is the real one."""

    made: set[str] = set()

    def handle(self, *args, **options):
        database = options.get("database") or "default"
        if database in self.made:
            return super().handle(*args, **options)
        self.made.add(database)
        with override_settings(MIGRATION_MODULES=_NoMigrations()):
            super().handle(*args, **{**options, "run_syncdb": True})
        connection = connections[database]
        loader = MigrationLoader(connection)
        recorder = MigrationRecorder(connection)
        recorder.ensure_schema()
        # As the executor records a squashed migration: itself and every migration it replaces.
        applied = set(loader.graph.nodes)
        for key in loader.graph.nodes:
            applied.update(loader.graph.nodes[key].replaces)
        recorder.migration_qs.bulk_create([recorder.Migration(app=app, name=name) for app, name in sorted(applied)])
        with connection.schema_editor() as schema_editor:
            for (app, name), function in SCHEMA_BEYOND_MODELS.items():
                if function:
                    module = importlib.import_module(f"{app}.migrations.{name}")
                    getattr(module, function)(None, schema_editor)


def install() -> None:
    migrate.Command = FastMigrate
