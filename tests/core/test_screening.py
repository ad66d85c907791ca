"""Red-flag screening, the pure rules: the question bank, the asking order, levels, exit
codes per level, the stop at the first emergency, and reading answers."""

from __future__ import annotations

import pytest

from backmuscles.core.screening import EXIT_BY_LEVEL, evaluate, next_question, ordered, read_answer
from backmuscles.dataset.loader import read_red_flags
from tests.conftest import REPO_DATA

BANK, _problems = read_red_flags(REPO_DATA)
assert BANK is not None, _problems

REQUIRED = (
    "saddle-numbness bladder-change bowel-change both-legs leg-weakness major-trauma chest-pain "
    "fever infection-risk cancer-history weight-loss night-pain cough-strain fracture-risk "
    "inflammatory not-improving one-leg-nerve pregnant under-16"
).split()


def all_no(**overrides: str) -> dict:
    answers = {f.id: "no" for f in BANK.flags}
    answers.update(overrides)
    return answers


# --- the question bank ------------------------------------------------------------------------


def test_the_bank_has_every_required_question_with_sources() -> None:
    ids = {f.id for f in BANK.flags}
    assert set(REQUIRED) <= ids
    for flag in BANK.flags:
        assert flag.sources and flag.question.endswith("?") and flag.action


def test_questions_are_asked_most_urgent_first() -> None:
    levels = [f.level for f in ordered(BANK)]
    order = ["emergency", "urgent", "out-of-scope", "soon", "routine"]
    assert levels == sorted(levels, key=order.index)
    assert ordered(BANK)[0].id == "saddle-numbness"


# --- levels -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "age", "level"),
    [
        ({}, None, "routine"),
        (all_no(), None, "routine"),
        (all_no(**{"saddle-numbness": "yes"}), None, "emergency"),
        (all_no(**{"bladder-change": "unsure"}), None, "emergency"),  # not sure counts as yes
        (all_no(fever="yes"), None, "urgent"),
        (all_no(fever="unsure"), None, "urgent"),  # not sure never lowers a same-day sign
        (all_no(pregnant="yes"), None, "out-of-scope"),
        (all_no(pregnant="yes", fever="yes"), None, "urgent"),
        (all_no(inflammatory="yes"), None, "soon"),
        (all_no(**{"not-improving": "yes"}), None, "routine"),
        ({}, 12, "out-of-scope"),  # an age under 16 answers under-16
        # cough-strain is urgent only with a past cancer, night pain, or age 50 and over
        (all_no(**{"cough-strain": "yes"}), None, "soon"),
        (all_no(**{"cough-strain": "yes"}), 49, "soon"),
        (all_no(**{"cough-strain": "yes"}), 50, "urgent"),
        (all_no(**{"cough-strain": "yes", "night-pain": "yes"}), 30, "urgent"),
        (all_no(**{"cough-strain": "yes", "cancer-history": "unsure"}), 30, "urgent"),
    ],
)
def test_levels(answers, age, level) -> None:
    assert evaluate(BANK, answers, age).level == level


def test_exit_codes_are_distinct_for_emergency_urgent_and_out_of_scope() -> None:
    codes = [EXIT_BY_LEVEL[level] for level in ("emergency", "urgent", "out-of-scope")]
    assert len(set(codes)) == 3 and not set(codes) & {0, 1, 2, 130}
    assert EXIT_BY_LEVEL["soon"] == EXIT_BY_LEVEL["routine"] == 0


def test_asking_stops_at_the_first_emergency() -> None:
    answers: dict = {}
    asked = []
    while (flag := next_question(BANK, answers)) is not None:
        asked.append(flag.id)
        answers[flag.id] = "yes" if flag.id == "both-legs" else "no"
    assert asked[-1] == "both-legs"
    assert asked == [f.id for f in ordered(BANK)][: len(asked)]
    assert evaluate(BANK, answers).level == "emergency"


def test_asking_goes_through_every_question_when_all_are_no() -> None:
    answers: dict = {}
    while (flag := next_question(BANK, answers)) is not None:
        answers[flag.id] = "no"
    assert set(answers) == {f.id for f in BANK.flags}


def test_reading_answers() -> None:
    assert [read_answer(t) for t in ("y", " YES ", "n", "No", "?", "not sure", "Don't know")] == [
        "yes",
        "yes",
        "no",
        "no",
        "unsure",
        "unsure",
        "unsure",
    ]
    assert read_answer("perhaps") is None
