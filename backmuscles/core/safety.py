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

# --- self-care: what to print with any exercise (safety brief, sections 3.1 to 3.7) -------------

EVIDENCE_NOTE = (
    "What helps most is staying active and regular exercise you can keep up; no one type of "
    "exercise clearly beats the others. Stretching and self-massage are optional comfort "
    "measures: they may ease pain for a while, and the evidence for them is modest."
)

START_SMALL = (
    "Start small: short holds and few repetitions, building up over a few weeks. Some "
    "discomfort while exercising is fine."
)

# The contraindications for pressing on tender spots (shown with every release) and the other
# cautions that several exercises share are data, each written once: data/cautions.yaml.

HEAT_CAUTION = "Do not put heat packs or hot-water bottles on skin that feels numb."

STOP_RULES: tuple[str, ...] = (
    "Pain spreads down a leg, or is much worse and still worse the next day: stop, and get "
    "advice from a GP or physiotherapist.",
    "New numbness, tingling or weakness: stop, and get advice.",
    "Any of the emergency signs below: stop, and get emergency help.",
)
