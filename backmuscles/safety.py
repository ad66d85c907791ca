"""The wording every answer carries. Health information: it never diagnoses, never
promises a cure, and always says when to see a clinician."""

from __future__ import annotations

CAVEAT = (
    "Pain charts only suggest muscles often linked to pain in these areas. The charts "
    "are contested, clinicians often disagree when they look for tender spots, and the "
    "same pain can come from joints, discs or nerves. This is not a diagnosis."
)

SAFETY_NET: tuple[str, ...] = (
    "Get emergency help now if you notice numbness around the genitals, bottom or inner "
    "thighs, new trouble controlling your bladder or bowels, pain or weakness in both "
    "legs, a leg getting weaker, or chest pain.",
    "See a doctor or physiotherapist if the pain is not improving after a few weeks, is "
    "getting worse, or stops you doing everyday things.",
)
