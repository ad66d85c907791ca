"""Follow-up questions (core.narrowing): the questions come from the data, answers re-rank
without removing anyone, the choice of question is pure, and simulated users whose answers
follow one muscle's data bring that muscle to first place."""

from __future__ import annotations

import functools
import itertools

import pytest
import yaml

from backmuscles.core import narrowing as n
from backmuscles.core.ranking import rank
from backmuscles.dataset.loader import load
from tests.conftest import REPO_DATA, TESTS

REAL = load(REPO_DATA)
ACTIVITIES = TESTS / "fixtures" / "activities"
FOUR = load(ACTIVITIES)


def four_facts() -> n.ActivityFacts:
    doc = yaml.safe_load((ACTIVITIES / "narrowing-activities.yaml").read_text())
    labels = {a["id"]: a["label"] for a in doc["activities"]}
    return n.ActivityFacts(labels, {k: tuple(v) for k, v in doc["worse_with"].items()})


def pool(sites: list[str], ds=REAL, facts=None) -> dict[str, n.Question]:  # type: ignore[no-untyped-def]
    return {q.id: q for q in n.questions(ds, rank(ds, sites), sites, facts)}


# --- the questions ------------------------------------------------------------------------


def test_lower_back_questions_are_press_tests_and_spreads_with_readable_ids() -> None:
    found = pool(["lower-back"])
    assert "press:quadratus-lumborum" in found
    assert "spreads:leg" in found
    assert all(qid.split(":")[0] in {"press", "spreads", "worse"} for qid in found)
    ql = found["press:quadratus-lumborum"]
    assert ql.muscles == ("quadratus-lumborum",)
    assert ql.text.startswith("Press where the quadratus lumborum has its trigger points: ")
    assert "soft hollow between the lowest rib and the top of the pelvis" in ql.text
    assert ql.text.endswith("Is it tender, and does it bring on your familiar pain?")
    assert found["spreads:leg"].text == "Does the pain also spread down the leg?"


def test_every_question_separates_the_leading_candidates() -> None:
    for region in REAL.regions:
        matches = rank(REAL, [region.id])
        lead = {m.muscle.id for m in n.leading(matches)}
        for q in n.questions(REAL, matches, [region.id]):
            split = set(q.muscles) & lead
            assert split and split != lead, (region.id, q.id)


def test_spreads_ask_only_about_places_outside_the_sites() -> None:
    found = pool(["lower-back"])
    for qid in found:
        if qid.startswith("spreads:"):
            region = qid.split(":", 1)[1]
            assert region not in {"lower-back", "belt-line", "back"}


def test_spreads_point_to_the_muscles_whose_zones_reach_there() -> None:
    leg = pool(["lower-back"])["spreads:leg"]
    inside = {"leg", *REAL.descendants("leg")}
    for m in rank(REAL, ["lower-back"]):
        reaches = any(z.region in inside for z in m.muscle.zones)
        assert (m.muscle.id in leg.muscles) == reaches, m.muscle.id


def test_no_press_test_where_the_data_leaves_pressing_to_someone_trained() -> None:
    pressed = set()
    skipped = set()
    for m in REAL.muscles:
        refused = any(n.NO_SELF_PRESS.search(text) for text in m.trigger_points)
        (skipped if refused else pressed).add(m.id)
    # the muscles whose trigger-point text says a therapist or doctor should press there
    assert skipped == {
        "iliacus",
        "levator-ani",
        "obturator-internus",
        "pectineus",
        "psoas",
        "scalenes",
    }
    for region in REAL.regions:
        for qid in pool([region.id]):
            assert qid.removeprefix("press:") not in skipped


def test_activity_questions_read_worse_with_when_the_data_has_them() -> None:
    facts = four_facts()
    found = pool(["lower-back"], FOUR, facts)
    assert set(found) == {"worse:sitting", "worse:bending-forward"}  # coughing: no one
    assert found["worse:sitting"].muscles == ("one", "two")
    assert found["worse:sitting"].text == (
        "Does sitting for a long time bring it on or make it worse?"
    )
    # without activities in the data, the kind is skipped
    assert pool(["lower-back"], FOUR) == {}
    assert n.activity_facts(REAL, rank(REAL, ["lower-back"])) is None or hasattr(REAL, "activities")


# --- re-ranking ----------------------------------------------------------------------------


def test_yes_raises_no_lowers_unsure_changes_nothing_and_no_one_is_removed() -> None:
    matches = rank(REAL, ["lower-back"])
    found = pool(["lower-back"])
    start = n.placed(matches, found)
    yes = n.placed(matches, found, [("press:quadratus-lumborum", "yes")])
    no = n.placed(matches, found, [("press:quadratus-lumborum", "no")])
    unsure = n.placed(matches, found, [("press:quadratus-lumborum", "unsure")])
    assert [p.match for p in unsure] == [p.match for p in start]
    assert yes[0].match.muscle.id == "quadratus-lumborum" and yes[0].points == n.YES_POINTS
    assert no[-1].match.muscle.id == "quadratus-lumborum" and no[-1].points == -n.NO_POINTS
    for ranking in (yes, no, unsure):
        assert {p.match.muscle.id for p in ranking} == {m.muscle.id for m in matches}
    # the place score itself is unchanged
    assert {p.match.score for p in yes} == {m.score for m in matches}


def test_answers_never_lift_a_muscle_above_one_reaching_more_places() -> None:
    sites = ["lower-back", "tailbone"]
    matches = rank(REAL, sites)
    found = {q.id: q for q in n.questions(REAL, matches, sites)}
    answers = [(qid, "no") for qid in found]
    ranking = n.placed(matches, found, answers)
    reached = [p.match.sites_matched for p in ranking]
    assert reached == sorted(reached, reverse=True)


def test_ties_share_a_rank_and_changes_say_what_moved() -> None:
    matches = rank(REAL, ["lower-back"])
    found = pool(["lower-back"])
    start = n.placed(matches, found)
    assert [p.rank for p in start[:3]] == [1, 1, 1]  # three muscles at 2.00
    after = n.placed(matches, found, [("press:quadratus-lumborum", "yes")])
    said = n.changes(start, after)
    assert "Quadratus lumborum is now first on its own (it was level with others)" in said
    assert "Gluteus medius moved down from 1 (joint) to 2 (joint)" in said
    assert n.is_clear(after) and not n.is_clear(start)


def test_close_call_on_places_alone() -> None:
    assert n.close_call(rank(REAL, ["lower-back"]))
    assert not n.close_call(rank(REAL, ["heel"]))  # one muscle
    assert not n.close_call(rank(REAL, ["side-of-neck"]))


# --- the choice of question ----------------------------------------------------------------


def test_the_choice_is_pure_and_deterministic() -> None:
    first = n.simulate(REAL, ["lower-back"], "quadratus-lumborum")
    again = n.simulate(REAL, ["lower-back"], "quadratus-lumborum")
    assert first == again
    assert [s.question.id for s in first.steps] == [s.question.id for s in again.steps]


def test_a_quadratus_lumborum_user_reaches_a_clear_leader_within_three_questions() -> None:
    result = n.simulate(REAL, ["lower-back"], "quadratus-lumborum")
    assert 1 <= len(result.steps) <= n.MAX_QUESTIONS
    assert result.ending == "clear"
    assert n.sole_first(result.ranking, "quadratus-lumborum")


def test_activities_tell_apart_what_the_place_cannot() -> None:
    facts = four_facts()
    for muscle in ("one", "two", "three", "four"):
        result = n.simulate(FOUR, ["lower-back"], muscle, facts)
        assert len(result.steps) <= 2
        assert n.sole_first(result.ranking, muscle), muscle


def test_replayed_answers_reproduce_a_session_in_any_order() -> None:
    asked = n.simulate(REAL, ["lower-back"], "quadratus-lumborum")
    given = [(s.question.id, s.answer) for s in asked.steps]
    for order in itertools.permutations(given):
        session = n.Session(REAL, rank(REAL, ["lower-back"]), ["lower-back"])
        n.replay(session, list(order))
        assert session.result() == asked


def test_an_unknown_question_id_is_refused() -> None:
    session = n.Session(REAL, rank(REAL, ["lower-back"]), ["lower-back"])
    with pytest.raises(KeyError):
        n.replay(session, [("press:nobody", "yes")])


# --- simulated users -------------------------------------------------------------------------


@functools.cache
def simulated_share(region: str) -> tuple[int, int]:
    """(muscles brought to sole first place within three questions, candidates)."""
    matches = rank(REAL, [region])
    won = 0
    for m in matches:
        result = n.simulate(REAL, [region], m.muscle.id, matches=matches)
        assert len(result.steps) <= n.MAX_QUESTIONS
        won += n.sole_first(result.ranking, m.muscle.id)
    return won, len(matches)


SEVERAL = [r.id for r in REAL.regions if len(rank(REAL, [r.id])) > 1]
# Three yes/no answers lead to at most 2**3 = 8 different rankings, so at most 8 muscles of
# a region can be brought to first place: 90% is out of reach where a region has more than 8
# candidates (and for 9, 8 of 9 is 88.9%). For two smaller regions an exhaustive search over
# every tree of three questions from the same pool finds none better than these (one muscle
# short each): knee and back of knee, 7 of 8. Larger regions get 7 or 8.
SHORT_OF_IT = {"knee": 7, "back-of-knee": 7}


@pytest.mark.parametrize("region", SEVERAL)
def test_simulated_users_reach_first_place(region: str) -> None:
    won, total = simulated_share(region)
    if total <= 8 and region not in SHORT_OF_IT:
        assert won / total >= 0.9, (region, won, total)
    else:
        # the most three questions can do, or (two regions) the most the data allows
        assert won >= SHORT_OF_IT.get(region, min(total, 8) - 1), (region, won, total)


def best_tree(region: str) -> int:
    """The most muscles of a region that any tree of three questions from the same pool can
    bring to sole first place, found by exhaustive search (answers worth more than any gap
    in place strength, so a muscle leads when it fits every answer and no other muscle that
    fits them all has as strong a place)."""
    matches = rank(REAL, [region])
    score = {m.muscle.id: m.score for m in matches}
    splits = {frozenset(q.muscles) for q in n.questions(REAL, matches, [region])}

    @functools.cache
    def best(group: frozenset[str], depth: int) -> int:
        top = sorted(group, key=lambda m: -score[m])
        leaf = int(len(top) == 1 or score[top[0]] > score[top[1]] + 1e-9)
        if depth == 0 or len(top) == 1:
            return leaf
        values = [
            best(group & s, depth - 1) + best(group - s, depth - 1)
            for s in splits
            if group & s and not group <= s
        ]
        return max(values, default=leaf)

    return best(frozenset(score), n.MAX_QUESTIONS)


@pytest.mark.parametrize("region", SEVERAL)
def test_the_choice_does_nearly_as_well_as_the_best_tree_of_three_questions(region: str) -> None:
    # the choice values a clear lead above a lead on the place alone (PLACE_LEAD), so where
    # the best tree for first places leaves leads that rest on the place, it may give up one
    # first place for clearer leads (groin and back of shoulder: one short)
    assert best_tree(region) - 1 <= simulated_share(region)[0] <= best_tree(region)


def test_the_readme_table_is_the_computed_one() -> None:
    readme = (TESTS.parent / "README.md").read_text(encoding="utf-8")
    for region in SEVERAL:
        won, total = simulated_share(region)
        label = REAL.label(region)
        share = f"{100 * won / total:.0f}%"
        bound = f"{100 * min(8, total) / total:.0f}%"
        assert f"| {label} | {total} | {won} | {share} | {bound} |" in readme, region


def test_the_worked_example_in_docs_narrowing() -> None:
    result = n.simulate(REAL, ["lower-back"], "quadratus-lumborum")
    assert [(s.question.id, s.answer) for s in result.steps] == [
        ("spreads:hip", "yes"),
        ("spreads:lower-abdomen", "yes"),
        ("spreads:mid-back", "no"),
    ]
    scores = [{p.match.muscle.id: round(p.narrowed, 2) for p in s.ranking} for s in result.steps]
    assert scores[0]["gluteus-medius"] == scores[0]["quadratus-lumborum"] == 3.0
    assert scores[0]["iliacus"] == scores[0]["psoas"] == 2.9
    assert scores[1]["quadratus-lumborum"] == 4.0 and scores[1]["psoas"] == 3.9
    assert not n.is_clear(result.steps[1].ranking)
    assert scores[2]["psoas"] == 2.9 and scores[2]["gluteus-medius"] == 3.0
    assert "Iliocostalis lumborum moved down from 1 (joint) to 5" in result.steps[0].changes


def test_the_real_data_asks_about_activities_from_worse_with() -> None:
    found = pool(["lower-back"])
    worse = {qid: q for qid, q in found.items() if q.kind == "worse"}
    assert worse, "the dataset's activities give activity questions"
    for qid, q in worse.items():
        activity = qid.removeprefix("worse:")
        assert q.text == f"Does {REAL.activity_by_id[activity].label} bring it on or make it worse?"
        for m in rank(REAL, ["lower-back"]):
            assert (m.muscle.id in q.muscles) == (activity in m.muscle.worse_with)
