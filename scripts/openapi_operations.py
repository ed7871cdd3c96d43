"""Write tests/api/openapi_v1_operations.json from the API as it is now. A new route is a deliberate
change: run this, read the diff, and commit it with the route.

    .venv/bin/python scripts/openapi_operations.py
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAVED = ROOT / "tests" / "api" / "openapi_v1_operations.json"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    from api.api import api

    document = api.get_openapi_schema()
    operations = sorted(
        [path, method, operation.get("operationId")]
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    )
    before = json.loads(SAVED.read_text())
    saved = {"operations": operations, "schemas": sorted(document["components"]["schemas"])}
    SAVED.write_text(json.dumps(saved, indent=1) + "\n")
    print(f"{len(before['operations'])} -> {len(operations)} operations written to {SAVED.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
