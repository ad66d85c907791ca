"""Turn the muscles often linked to the user's sites into a self-care routine. Pure.

The candidates are the top matches of ``where``. Each of their exercises is used once, even
when it serves several muscles. Its *usefulness* is the sum of the scores of the candidates it
serves (exercises for higher-ranked muscles, and for more of them, count for more), times a
weight for its kind that follows the evidence (safety brief, section 3): staying active and
strengthening exercise help most (1.0), stretching is an optional comfort measure (0.6), and
self-massage gives short-term relief at best (0.5). Steps run mobility (a warm-up), then
release, stretch, strengthen; within a kind the more useful first. A time budget drops the
least useful steps until the rest fits.

Each caution is said once: what concerns the whole plan or more than one of its steps (the
general ones, those every step of a kind carries, and a shared caution two steps carry)
goes before the steps (``Plan.before``); a caution only one step carries goes with that
step (``PlanStep.cautions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .model import EXERCISE_KINDS, Dataset, Exercise, ExerciseKind, Match
from .safety import HEAT_CAUTION, START_SMALL

KIND_VALUE: dict[ExerciseKind, float] = {
    "mobility": 1.0,
    "strengthen": 1.0,
    "stretch": 0.6,
    "release": 0.5,
}


class PlanStep(NamedTuple):
    number: int
    exercise: Exercise
    serves: tuple[str, ...]  # candidate muscle ids it serves, in rank order
    usefulness: float
    cautions: tuple[str, ...] = ()  # the cautions only this step of the plan carries


class Plan(NamedTuple):
    candidates: tuple[Match, ...]
    steps: tuple[PlanStep, ...]
    budget: float | None  # minutes, if the user gave one
    dropped: tuple[PlanStep, ...]  # left out to fit the budget, least useful first
    cautions: tuple[str, ...]  # every caution, each once: ``before``, then the steps' own
    before: tuple[str, ...] = ()  # what to know before starting: see the module's docstring

    @property
    def total_minutes(self) -> float:
        return sum(step.exercise.minutes for step in self.steps)


def build_plan(ds: Dataset, candidates: Sequence[Match], minutes: float | None = None) -> Plan:
    serves: dict[str, list[str]] = {}
    usefulness: dict[str, float] = {}
    for match in candidates:
        for exercise_id in match.muscle.exercises:
            if exercise_id in ds.exercise_by_id:
                serves.setdefault(exercise_id, []).append(match.muscle.id)
                weight = KIND_VALUE[ds.exercise_by_id[exercise_id].kind]
                usefulness[exercise_id] = usefulness.get(exercise_id, 0.0) + match.score * weight
    chosen = [ds.exercise_by_id[i] for i in serves]
    dropped: list[Exercise] = []
    if minutes is not None:
        # least useful first; among equals the longer one goes first, then by id
        for exercise in sorted(chosen, key=lambda e: (usefulness[e.id], -e.minutes, e.id)):
            if sum(e.minutes for e in chosen) <= minutes:
                break
            chosen.remove(exercise)
            dropped.append(exercise)
    order = sorted(chosen, key=lambda e: (EXERCISE_KINDS.index(e.kind), -usefulness[e.id], e.id))
    steps = tuple(
        PlanStep(n, e, tuple(serves[e.id]), usefulness[e.id]) for n, e in enumerate(order, 1)
    )
    left_out = tuple(PlanStep(0, e, tuple(serves[e.id]), usefulness[e.id]) for e in dropped)
    before, steps = _cautions(ds, steps)
    every = (*before, *(c for s in steps for c in s.cautions))
    return Plan(tuple(candidates), steps, minutes, left_out, every, before)


def _cautions(
    ds: Dataset, steps: Sequence[PlanStep]
) -> tuple[tuple[str, ...], tuple[PlanStep, ...]]:
    """What to know before starting, and the steps with their own cautions (the module's
    docstring). Before starting: the general cautions, with those that go with every step
    of a kind in the plan (every release carries the pressure contraindications), then the
    cautions more than one step carries, in the order of the steps."""
    kinds = {s.exercise.kind for s in steps}
    general = [START_SMALL]
    general += [c.text for c in ds.cautions if kinds.intersection(c.kinds)]
    general.append(HEAT_CAUTION)
    carried = [
        tuple(
            dict.fromkeys(
                [*(c.text for c in ds.exercise_cautions(s.exercise)), *s.exercise.cautions]
            )
        )
        for s in steps
    ]
    count: dict[str, int] = {}
    for texts in carried:
        for text in texts:
            count[text] = count.get(text, 0) + 1
    before = dict.fromkeys(general)
    before.update(dict.fromkeys(t for texts in carried for t in texts if count[t] > 1))
    own = [tuple(t for t in texts if t not in before) for texts in carried]
    return tuple(before), tuple(s._replace(cautions=c) for s, c in zip(steps, own, strict=True))
