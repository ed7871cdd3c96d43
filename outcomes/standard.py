"""The ready-made measures every organisation has: ONS personal wellbeing (ONS4), ONS's direct
loneliness question, and a single-item confidence scale. Wording exactly as ONS publishes it."""

from __future__ import annotations

ONS_CREDIT = (
    "Office for National Statistics (ONS), personal well-being questions. "
    "Contains public sector information licensed under the Open Government Licence v3.0."
)

# Thresholds ONS reports by: (label, lowest, highest), both inclusive.
BANDS = {
    "ons_positive": [("Low", 0, 4), ("Medium", 5, 6), ("High", 7, 8), ("Very high", 9, 10)],
    "ons_anxiety": [("Very low", 0, 1), ("Low", 2, 3), ("Medium", 4, 5), ("High", 6, 10)],
}

LONELINESS_ANSWERS = ["Often/always", "Some of the time", "Occasionally", "Hardly ever", "Never"]

MEASURES = [
    {
        "key": "ons4",
        "name": "Personal wellbeing (ONS4)",
        "introduction": "Four questions about how you feel. There are no right or wrong answers.",
        "credit": ONS_CREDIT,
        "questions": [
            {
                "short_name": "Life satisfaction",
                "text": "Overall, how satisfied are you with your life nowadays?",
                "bands": "ons_positive",
            },
            {
                "short_name": "Worthwhile",
                "text": "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
                "bands": "ons_positive",
            },
            {"short_name": "Happiness", "text": "Overall, how happy did you feel yesterday?", "bands": "ons_positive"},
            {
                "short_name": "Anxiety",
                "text": (
                    "On a scale where 0 is 'not at all anxious' and 10 is 'completely anxious', "
                    "overall, how anxious did you feel yesterday?"
                ),
                "bands": "ons_anxiety",
                "higher_is_better": False,
                "min_label": "Not at all anxious",
                "max_label": "Completely anxious",
            },
        ],
    },
    {
        "key": "loneliness",
        "name": "Loneliness (ONS)",
        "introduction": "One question about feeling lonely.",
        "credit": ONS_CREDIT,
        "questions": [
            {
                "short_name": "Loneliness",
                "text": "How often do you feel lonely?",
                "kind": "choice",
                # Stored best last, so a later answer is an improvement.
                "choices": LONELINESS_ANSWERS,
            }
        ],
    },
    {
        "key": "confidence",
        "name": "Confidence",
        "introduction": "One question about how confident you feel.",
        "credit": "",
        "questions": [
            {
                "short_name": "Confidence",
                "text": "How confident do you feel about dealing with what's ahead of you?",
                "min_label": "Not at all confident",
                "max_label": "Completely confident",
            }
        ],
    },
]


def band_of(bands: str, value) -> str | None:
    for label, low, high in BANDS.get(bands, []):
        if low <= value <= high:
            return label
    return None
