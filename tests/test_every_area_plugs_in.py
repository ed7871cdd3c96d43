"""A new area plugs into the house, and a forgotten part fails here (docs/adding-an-area.md).

An app with pages needs: a `urls.py` (alongside/urls.py includes every one of our apps' on its own,
in the layer order, so nothing there names an app), a menu entry (core.registry "menu"), and its
permission-matrix rows in tests/<app>/permission_rows.py (the matrix itself then fails for any page
or route without a row). An app with API routes needs every router it defines registered at
core.api.API_ROUTERS (or hung under another prefix through API_ROUTES_UNDER). An app with demo data
needs its steps registered at core.demo.DEMO_STEPS. The layer order (INSTALLED_APPS and
pyproject.toml) is tests/test_layers.py's.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from django.urls import get_resolver
from ninja import Router

from core import registry
from core.api import API_ROUTERS, API_ROUTES_UNDER
from core.demo import DEMO_STEPS

from .test_layers import LAYERS

ROOT = Path(__file__).resolve().parents[1]
# Apps with pages but no menu entry, and why.
NO_MENU = {"api": "its pages are the signed-in person's own account, linked from every page's header"}


def _with_pages() -> list[str]:
    return [app for app in LAYERS if (ROOT / app / "urls.py").exists()]


def _modules(app: str, prefix: str):
    for module in pkgutil.iter_modules([str(ROOT / app)]):
        if module.name == prefix or module.name.startswith(f"{prefix}_"):
            yield importlib.import_module(f"{app}.{module.name}")


def _included_url_modules() -> set[str]:
    return {
        getattr(pattern.urlconf_module, "__name__", "")
        for pattern in get_resolver().url_patterns
        if hasattr(pattern, "urlconf_module")
    }


def missing_url_includes() -> list[str]:
    included = _included_url_modules()
    return [app for app in _with_pages() if f"{app}.urls" not in included]


def missing_menu_entries() -> list[str]:
    menu_apps = {entry.url_name.split(":")[0] for entry in registry.contributions("menu") if ":" in entry.url_name}
    return [app for app in _with_pages() if app not in menu_apps and app not in NO_MENU]


def missing_permission_rows() -> list[str]:
    return [app for app in _with_pages() if not (ROOT / "tests" / app / "permission_rows.py").exists()]


def unregistered_routers() -> list[str]:
    registered = {id(router) for _, router in registry.contributions(API_ROUTERS)}
    return [
        f"{module.__name__}.{name}"
        for app in LAYERS
        for module in _modules(app, "api")
        for name, router in vars(module).items()
        if isinstance(router, Router) and id(router) not in registered
    ]


def unregistered_route_hooks() -> list[str]:
    """Functions `<name>(router)` in an app's api modules that add routes under another prefix."""
    attached = {attach for _, attach in registry.contributions(API_ROUTES_UNDER)}
    return [
        f"{module.__name__}.{name}"
        for app in LAYERS
        for module in _modules(app, "api")
        for name, hook in vars(module).items()
        if inspect.isfunction(hook)
        and hook.__module__ == module.__name__
        and list(inspect.signature(hook).parameters) == ["router"]
        and hook not in attached
    ]


def unregistered_demo_steps() -> list[str]:
    steps = set(registry.contributions(DEMO_STEPS))
    return [
        f"{module.__name__}.{name}"
        for app in LAYERS
        for module in _modules(app, "demo")
        for name, step in vars(module).items()
        if inspect.isfunction(step) and (name == "step" or name.endswith("_step")) and step not in steps
    ]


def test_every_app_with_pages_is_in_the_url_configuration():
    assert missing_url_includes() == []


def test_the_url_configuration_finds_the_apps_urls_in_the_layer_order_and_names_none():
    from alongside.urls import local_url_modules

    assert local_url_modules() == [f"{app}.urls" for app in _with_pages()]
    # Adding an area must not touch alongside/urls.py: it names no app of ours.
    source = (ROOT / "alongside" / "urls.py").read_text()
    assert [app for app in LAYERS if re.search(rf"""["']{app}\.urls["']""", source)] == []


def test_every_app_with_pages_has_a_menu_entry():
    assert missing_menu_entries() == []


def test_every_app_with_pages_has_its_permission_rows():
    assert missing_permission_rows() == []


def test_every_router_an_app_defines_is_in_the_api():
    assert unregistered_routers() == []
    assert unregistered_route_hooks() == []


def test_every_demo_step_an_app_defines_is_registered():
    assert unregistered_demo_steps() == []


@pytest.fixture
def points():
    saved = {point: list(entries) for point, entries in registry._POINTS.items()}
    yield registry._POINTS
    registry._POINTS.clear()
    registry._POINTS.update(saved)


def test_a_forgotten_menu_entry_router_or_demo_step_is_named(points):
    points["menu"] = [entry for entry in points["menu"] if not entry[2].url_name.startswith("referrals:")]
    points[API_ROUTERS] = [entry for entry in points[API_ROUTERS] if entry[2][0] != "/services"]
    points[API_ROUTES_UNDER] = [entry for entry in points[API_ROUTES_UNDER] if entry[2][0] != "/clients"]
    points[DEMO_STEPS] = [entry for entry in points[DEMO_STEPS] if entry[2].__module__ != "meetings.demo"]
    assert missing_menu_entries() == ["referrals"]
    assert unregistered_routers() == ["referrals.api.services"]
    assert sorted(unregistered_route_hooks()) == [
        "matching.api.client_matching",
        "meetings.api_safeguarding.client_concerns",
        "outcomes.api.client_outcomes",
        "people.api_records.client_records",
    ]
    assert unregistered_demo_steps() == ["meetings.demo.step"]
