"""Turn the muscles often linked to the user's sites into a self-care routine. Pure.

The candidates are the top matches of ``where``. Each of their exercises is used once, even
when it serves several muscles. Its *usefulness* is the sum of the scores of the candidates it
serves (exercises for higher-ranked muscles, and for more of them, count for more), times a
weight for its kind that follows the evidence (safety brief, section 3): staying active and
strengthening exercise help most (1.0), stretching is an optional comfort measure (0.6), and
self-massage gives short-term relief at best (0.5). Steps run mobility (a warm-up), then
release, stretch, strengthen; within a kind the more useful first. A time budget drops the
least useful steps until the rest fits.
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


class Plan(NamedTuple):
    candidates: tuple[Match, ...]
    steps: tuple[PlanStep, ...]
    budget: float | None  # minutes, if the user gave one
    dropped: tuple[PlanStep, ...]  # left out to fit the budget, least useful first
    cautions: tuple[str, ...]

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
    return Plan(tuple(candidates), steps, minutes, left_out, _cautions(ds, steps))


def _cautions(ds: Dataset, steps: Sequence[PlanStep]) -> tuple[str, ...]:
    """What to know before starting: general cautions first (with those that go with every
    step of a kind in the plan: every release carries the pressure contraindications), then
    each step's shared cautions and its own, each said once."""
    kinds = {s.exercise.kind for s in steps}
    found = [START_SMALL]
    found += [c.text for c in ds.cautions if kinds.intersection(c.kinds)]
    found.append(HEAT_CAUTION)
    for step in steps:
        found += [c.text for c in ds.exercise_cautions(step.exercise)]
        found += step.exercise.cautions
    return tuple(dict.fromkeys(found))
