"""The fast test database (tests/fast_database.py) must build what the migrations build."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython, RunSQL

from tests.fast_database import SCHEMA_BEYOND_MODELS


def test_every_migration_that_runs_code_is_accounted_for():
    """A migration with RunPython or RunSQL may change the schema beyond the models; the fast
    set-up must then do the same (SCHEMA_BEYOND_MODELS names its function), or say it only
    changes existing rows (None)."""
    ours = {
        config.label
        for config in apps.get_app_configs()
        if config.path.startswith(str(settings.BASE_DIR)) and "site-packages" not in config.path
    }
    loader = MigrationLoader(None, ignore_no_migrations=True)
    running_code = {
        key
        for key, migration in loader.disk_migrations.items()
        if key[0] in ours and any(isinstance(operation, RunPython | RunSQL) for operation in migration.operations)
    }
    assert running_code == set(SCHEMA_BEYOND_MODELS)


@pytest.mark.django_db
def test_the_test_database_has_every_migration_recorded_and_nothing_left_to_apply():
    loader = MigrationLoader(connection)
    assert set(loader.applied_migrations) >= set(loader.graph.nodes)
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
