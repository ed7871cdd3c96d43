from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("components/field.html")
def field(bound_field, hint: str = ""):
    """One form field, GOV.UK style: label, hint, error, then the input."""
    return {"field": bound_field, "hint": hint or bound_field.help_text}
