"""The schemas of the routes the api app keeps itself (`/me`). Each area's schemas live in its own
`api.py`; the shared ones (Input, ErrorOut) in core/api.py."""

from __future__ import annotations

from ninja import Schema


class Me(Schema):
    username: str
    role: str
    role_label: str
    organisation: str
    organisation_id: int
