"""The API's document keeps its shape while its routes move between apps.

Each app owns its router now (core.registry point "api.routers"); clients generated from the
OpenAPI document depend on the paths, methods, operation ids and schema names, so those are saved in
openapi_v1_operations.json and must not change by accident. A deliberate change (a new route)
updates the file in the same commit.
"""

from __future__ import annotations

import json
from pathlib import Path

from api.api import api

SAVED = json.loads((Path(__file__).with_name("openapi_v1_operations.json")).read_text())


def _document():
    return api.get_openapi_schema()


def test_every_route_keeps_its_path_method_and_operation_id():
    document = _document()
    operations = sorted(
        [path, method, operation.get("operationId")]
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    )
    assert operations == SAVED["operations"]


def test_every_schema_keeps_its_name():
    assert sorted(_document()["components"]["schemas"]) == SAVED["schemas"]
