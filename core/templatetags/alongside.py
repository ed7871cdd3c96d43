from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from core import registry

register = template.Library()


@register.inclusion_tag("components/field.html")
def field(bound_field, hint: str = ""):
    """One form field, GOV.UK style: label, hint, error, then the input."""
    return {"field": bound_field, "hint": hint or bound_field.help_text}


@register.simple_tag(takes_context=True)
def sections(context, point: str):
    """Draw every `core.registry.Section` registered at `point`, in order, with this page's context.

    A lower app's template names the point; the higher apps that registered there supply the
    templates (and their data), so the lower template never names a higher app's URLs or tags.
    `{% sections "point" as drawn %}` keeps the result, for a page that says something else when
    nothing was drawn."""
    engine = context.template.engine
    drawn = []
    user = context.get("user")
    for section in registry.contributions(point):
        if not registry.allowed(user, section.capability):
            continue
        values = section.values(context)
        with context.push(**values):
            drawn.append(engine.get_template(section.template).render(context).rstrip("\n"))
    return mark_safe("".join(drawn))  # noqa: S308 - each part is a template rendered with autoescaping
