"""The demo programme, made by the steps each app registers (a point like core.registry's).

`load_demo` (the demo app, at the top of the layers) makes the organisation and its people, then
calls every step registered at `DEMO_STEPS` in order with one `Demo`; each app's step lives beside
its models (`<app>/demo.py`) and is registered from its contributions.py. Steps never import the demo
app, so the layer order holds: what a step needs from the steps before it is on the `Demo`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEMO_STEPS = "demo.steps"
PASSWORD = "alongside-demo"  # noqa: S105 (the published demo password)


@dataclass
class Demo:
    organisation: Any
    today: datetime.date
    programmes: list = field(default_factory=list)
    coaches: list = field(default_factory=list)
    clients: list = field(default_factory=list)
    # Filled by journeys' step: client index (in `clients`) -> that client's relationship.
    relationships: dict = field(default_factory=dict)

    @property
    def active_coaches(self) -> list:
        return [coach for coach in self.coaches if coach.status == "active"]


DemoStep = Callable[[Demo], None]
