"""The exercise library and the self-care plan as pure functions: what the library holds,
order, deduplication, time budget, and the weights of the kinds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from backmuscles.core.model import EXERCISE_KINDS
from backmuscles.core.planning import KIND_VALUE, build_plan
from backmuscles.core.ranking import rank
from backmuscles.dataset.loader import load
from tests.conftest import REPO_DATA, scaled

REAL = load(REPO_DATA)
REGION_IDS = [r.id for r in REAL.regions]


def plan_for(sites, top=3, minutes=None):
    return build_plan(REAL, rank(REAL, sites, top=top), minutes)


# --- the library ---------------------------------------------------------------------------------


def test_library_has_what_the_issue_asks_for() -> None:
    ids = {e.id for e in REAL.exercises}
    assert len(ids) >= 15
    assert {
        "side-plank",
        "suitcase-carry",
        "bird-dog",
        "mcgill-curl-up",
        "half-kneeling-hip-flexor-stretch",
        "gluteus-medius-stretch",
        "ql-side-bend-stretch",
        "clamshell",
        "figure-4-stretch",
        "ball-release-ql",
        "ball-release-glutes",
        "walking",
        "cat-camel",
    } <= ids
    for e in REAL.exercises:
        assert e.kind in EXERCISE_KINDS and e.steps and e.sources
        assert e.cautions or e.caution_ids  # its own, or shared ones from cautions.yaml
        assert e.minutes > 0 and (e.dose.hold or e.dose.reps)


def test_every_exercise_is_reachable_from_a_muscle_and_every_muscle_has_one() -> None:
    listed = {i for m in REAL.muscles for i in m.exercises}
    assert listed == {e.id for e in REAL.exercises}
    assert all(m.exercises for m in REAL.muscles)


def test_an_exercise_serving_several_muscles_appears_once() -> None:
    plan = plan_for(["buttock"])
    ids = [s.exercise.id for s in plan.steps]
    assert len(ids) == len(set(ids))
    glutes = next(s for s in plan.steps if s.exercise.id == "ball-release-glutes")
    assert set(glutes.serves) == {m.muscle.id for m in plan.candidates}


@settings(max_examples=scaled(60), deadline=None)
@given(
    st.lists(st.sampled_from(REGION_IDS), min_size=1, max_size=4),
    st.integers(min_value=1, max_value=5),
    st.one_of(st.none(), st.integers(min_value=1, max_value=60)),
)
def test_plan_properties(sites, top, minutes) -> None:
    plan = plan_for(sites, top, minutes)
    kinds = [EXERCISE_KINDS.index(s.exercise.kind) for s in plan.steps]
    assert kinds == sorted(kinds)  # mobility, release, stretch, strengthen
    for a, b in zip(plan.steps, plan.steps[1:], strict=False):
        if a.exercise.kind == b.exercise.kind:
            assert a.usefulness >= b.usefulness
    ids = [s.exercise.id for s in (*plan.steps, *plan.dropped)]
    assert len(ids) == len(set(ids))  # each exercise once, kept or dropped
    assert [s.number for s in plan.steps] == list(range(1, len(plan.steps) + 1))
    candidate_ids = {m.muscle.id for m in plan.candidates}
    assert all(set(s.serves) <= candidate_ids for s in plan.steps)
    if minutes is not None:
        assert plan.total_minutes <= minutes  # the budget is honoured
        if plan.dropped and plan.steps:  # and only the least useful were left out
            assert max(s.usefulness for s in plan.dropped) <= min(s.usefulness for s in plan.steps)
    else:
        assert not plan.dropped


def test_kind_weights_follow_the_evidence() -> None:
    assert KIND_VALUE["strengthen"] == KIND_VALUE["mobility"] > KIND_VALUE["stretch"]
    assert KIND_VALUE["stretch"] > KIND_VALUE["release"]


def test_a_tight_budget_keeps_exercise_over_massage() -> None:
    plan = plan_for(["lower-back", "tailbone"], minutes=20)
    kinds = {s.exercise.kind for s in plan.steps}
    assert "strengthen" in kinds and "release" not in kinds
    assert plan.total_minutes <= 20
