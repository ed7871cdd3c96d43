from django import template

register = template.Library()


@register.filter
def hm(minutes) -> str:
    """Minutes as people say them: "3 h 15 min", "45 min", "0 h"."""
    try:
        minutes = int(minutes or 0)
    except (TypeError, ValueError):
        return ""
    sign = "−" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if not hours:
        return f"{sign}{rest} min" if rest else "0 h"
    return f"{sign}{hours} h {rest:02d} min" if rest else f"{sign}{hours} h"


# Colours for the absence chart, each with 3:1 contrast against white (WCAG 1.4.11); the legend
# and the table name each kind too, so colour is never the only way to tell them apart.
KIND_COLOURS = {
    "sickness": "#1d70b8",
    "leave": "#00703c",
    "cancelled_shift": "#6f3d99",
    "lateness": "#8a5a00",
}


@register.simple_tag
def cycle_kind(kind: str) -> str:
    return KIND_COLOURS.get(kind, "#505a5f")
