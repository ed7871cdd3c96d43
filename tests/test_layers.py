"""The layer order is true: an app uses only the apps below it (README, "Layout").

import-linter checks every import, inside functions too (pyproject.toml, [tool.importlinter]).
What imports cannot show is checked here as well: templates that link to or load a higher app,
and code that walks into a higher app's tables through a reverse relation (`coach.checks`,
`relationships__coach`). A lower app reaches higher content only through core.registry.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def _layers() -> list[str]:
    """Our apps, lowest first, as the import-linter contract lists them (highest first there)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return [layer for layer in reversed(contract["layers"]) if layer != "alongside"]


LAYERS = _layers()
RANK = {app: i for i, app in enumerate(LAYERS)}


def _app_files(app: str, suffixes: tuple[str, ...]):
    for path in sorted((ROOT / app).rglob("*")):
        if path.suffix in suffixes and "migrations" not in path.parts:
            yield path


def test_the_settings_list_the_apps_in_the_layer_order():
    ours = [app for app in settings.INSTALLED_APPS if app in RANK or (ROOT / app / "apps.py").exists()]
    assert ours == LAYERS, "INSTALLED_APPS and [tool.importlinter] in pyproject.toml must list the same order"


def test_no_app_imports_one_above_it():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]


def _template_libraries() -> dict[str, str]:
    """Template tag library name -> the app that defines it."""
    return {path.stem: app for app in LAYERS for path in (ROOT / app).glob("templatetags/*.py")}


def test_no_app_template_links_to_or_loads_a_higher_app():
    libraries = _template_libraries()
    url = re.compile(r"""\{%\s*url\s+['"]([a-z_]+):""")
    load = re.compile(r"""\{%\s*load\s+([^%]+?)\s*%\}""")
    upward = []
    for app in LAYERS:
        for path in _app_files(app, (".html", ".txt")):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                used = set(url.findall(line))
                used |= {libraries[name] for names in load.findall(line) for name in names.split() if name in libraries}
                upward += [
                    f"{path.relative_to(ROOT)}:{number} uses {other}"
                    for other in used
                    if RANK.get(other, -1) > RANK[app]
                ]
    assert not upward, "Templates reaching above their app (use a core.registry point):\n" + "\n".join(upward)


def _reverse_names_by_app() -> dict[str, dict[str, str]]:
    """For each app, the reverse relation names its models add to other apps' models (and where)."""
    names: dict[str, dict[str, str]] = {}
    for model in apps.get_models():
        high = model._meta.app_label
        if high not in RANK:
            continue
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model is not None):
                continue
            target = field.related_model._meta.app_label
            if target == high or target not in RANK or (field.remote_field.related_name or "").endswith("+"):
                continue
            where = f"{high}.{model.__name__}.{field.name}"
            names.setdefault(high, {})[field.remote_field.get_accessor_name()] = where
            names[high][field.related_query_name()] = where
    return names


def test_no_app_walks_into_a_higher_app_through_a_reverse_relation():
    by_app = _reverse_names_by_app()
    walks = []
    for app in LAYERS:
        found = {
            name: where for high, names in by_app.items() if RANK[high] > RANK[app] for name, where in names.items()
        }
        if not found:
            continue
        pattern = re.compile(r"(?<!\w)(?:\.(%s)\b|(%s)__|[\"'](%s)[\"'])" % (("|".join(map(re.escape, found)),) * 3))
        for path in _app_files(app, (".py", ".html")):
            text = path.read_text()
            for match in pattern.finditer(text):
                name = next(group for group in match.groups() if group)
                line = text[: match.start()].count("\n") + 1
                walks.append(f"{path.relative_to(ROOT)}:{line} uses {name} ({found[name]})")
    assert not walks, "Reads of a higher app's tables from below it (use a core.registry point):\n" + "\n".join(walks)
