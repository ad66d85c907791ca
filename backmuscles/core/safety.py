"""The wording every answer carries. Health information: it never diagnoses, never
promises a cure, and always says when to see a clinician."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Dataset, Muscle, SafetyLine

CAVEAT = (
    "Pain charts only suggest muscles often linked to pain in these areas. The charts "
    "are contested, clinicians often disagree when they look for tender spots, and the "
    "same pain can come from joints, discs or nerves. This is not a diagnosis."
)

# The safety net: when to get help, printed with every answer. Its lines are data
# (``safety_net`` in data/red_flags.yaml), each for the places it belongs to; this is the
# wording used when a dataset has none (or its question bank cannot be read).
SAFETY_NET: tuple[str, ...] = (
    "Get emergency help now if you notice numbness around the genitals, bottom or inner "
    "thighs, new trouble controlling your bladder or bowels, pain or weakness in both "
    "legs, a leg getting weaker, or chest pain.",
    "See a doctor or physiotherapist if the pain is not improving after a few weeks, is "
    "getting worse, or stops you doing everyday things.",
)


def safety_lines(
    lines: Sequence[SafetyLine], places: Collection[str] | None = None
) -> tuple[str, ...]:
    """The safety net for these places (the query's regions with their parents and parts,
    as :func:`places_of` gives them; None: no places, every
    line): the lines that name no place, and those whose places the query touches. With
    no line to show, the built-in :data:`SAFETY_NET`."""
    chosen = tuple(
        line.text
        for line in lines
        if places is None or not line.regions or any(r in places for r in line.regions)
    )
    return chosen or SAFETY_NET


def places_of(ds: Dataset, regions: Iterable[str]) -> frozenset[str]:
    """The regions a screen asks about (and a safety net is for): the query's, with their
    parents and parts, so a question for the leg is asked for the heel and a question for
    the mid back for the back."""
    out: set[str] = set()
    for region in regions:
        out.update((region, *ds.ancestors(region), *ds.descendants(region)))
    return frozenset(out)


def safety_net(ds: Dataset, regions: Iterable[str] = ()) -> tuple[str, ...]:
    """The safety net for pain at these regions (none given: every line)."""
    sites = tuple(dict.fromkeys(regions))
    return safety_lines(ds.safety_net, places_of(ds, sites) if sites else None)


def muscle_regions(muscles: Iterable[Muscle]) -> tuple[str, ...]:
    """The places these muscles' pain patterns reach, each once: what the safety net of a
    page about muscles (``show``, ``compare``, an exercise) is for."""
    return tuple(dict.fromkeys(z.region for m in muscles for z in m.zones))


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
