"""API for matching suggestions, scoped as the pages are."""

from __future__ import annotations

from django.http import HttpRequest

from matching import selectors

from . import schemas


def client_suggestions(router) -> None:
    @router.get("/{int:client_id}/suggestions", response=schemas.SuggestionsOut, tags=["matching"])
    def suggestions(request: HttpRequest, client_id: int):
        """The best ready coaches for a waiting client, each with a score out of 100, the reasons in
        plain words, and every factor's points (which add up to the score); or why nobody suits."""
        _, result = selectors.suggestions_for(request.user, client_id)
        return {
            "suggestions": [
                {
                    "coach_id": c.coach_id,
                    "first_name": c.name,
                    "score": c.score,
                    "reasons": [
                        {"factor": r.factor, "text": r.reason, "points": round(r.points, 1)} for r in c.reasons
                    ],
                    "factors": [
                        {"factor": p.factor, "label": p.label, "value": p.value, "points": round(p.points, 1)}
                        for p in c.parts
                    ],
                    "warnings": c.warnings,
                }
                for c in result.candidates
            ],
            "why_none": result.why_none,
        }
