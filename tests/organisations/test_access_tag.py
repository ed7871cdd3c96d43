from __future__ import annotations

import pytest
from django.template import Context, Template

from tests.factories import UserFactory

TEMPLATE = Template('{% load access %}{% if user|can:"clients.view" %}yes{% else %}no{% endif %}')


@pytest.mark.django_db
def test_templates_ask_the_permission_table():
    assert TEMPLATE.render(Context({"user": UserFactory(role="coordinator")})) == "yes"
    assert TEMPLATE.render(Context({"user": UserFactory(role="facilitator")})) == "no"
