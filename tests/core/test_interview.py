"""The screening interview as a pure state machine: what it asks, what it makes of each
typed line, and how it ends, with no terminal involved."""

from __future__ import annotations

from backmuscles.core.screening import (
    AGE_AGAIN,
    AGE_GIVEN_UP,
    ANSWER_AGAIN,
    GAVE_UP,
    Interview,
    next_question,
)
from backmuscles.dataset.loader import read_red_flags
from tests.conftest import REPO_DATA

BANK = read_red_flags(REPO_DATA)[0]
assert BANK is not None


def run(lines: list[str | None], **kwargs) -> tuple[Interview, list[str]]:
    """Feed ``lines`` (None: end of input) while the interview asks; the messages it gave."""
    interview = Interview(BANK, **kwargs)
    said = []
    feed = iter(lines)
    while interview.prompt() is not None:
        typed = interview.take_pending()
        message = interview.feed(typed if typed is not None else next(feed, None))
        if message:
            said.append(message)
    return interview, said


def test_the_age_comes_first_then_the_most_urgent_question() -> None:
    interview = Interview(BANK)
    first = interview.prompt()
    assert first is not None and first.number == 0 and "How old" in first.text
    interview.feed("55 years")
    second = interview.prompt()
    assert interview.age == 55
    assert second is not None and second.number == 1 and second.flag is not None
    assert second.flag.id == "saddle-numbness"


def test_no_age_is_asked_when_it_is_given() -> None:
    prompt = Interview(BANK, age=40).prompt()
    assert prompt is not None and prompt.number == 1


def test_all_no_ends_done_routine_after_every_question() -> None:
    interview, said = run(["40", *["n"] * 60])
    assert interview.ending == "done" and not said
    result = interview.result()
    assert result.level == "routine" and not result.unanswered


def test_a_yes_to_an_emergency_ends_it_at_once() -> None:
    interview, _ = run(["", "n", "y"])
    assert interview.ending == "done"
    assert interview.result().level == "emergency"
    assert set(interview.answers) == {"saddle-numbness", "bladder-change"}


def test_a_piped_answer_where_the_age_is_asked_answers_question_one() -> None:
    interview, _ = run(["y"], piped=True)
    assert interview.age is None and interview.answers == {"saddle-numbness": "yes"}
    assert interview.result().level == "emergency"
    on_a_terminal, said = run(["y", "y", "y", *["n"] * 60])
    assert said[:2] == [AGE_AGAIN, AGE_AGAIN] and AGE_GIVEN_UP in said
    assert on_a_terminal.answers.get("saddle-numbness") == "no"


def test_unreadable_answers_are_asked_again_then_end_it() -> None:
    interview, said = run(["40", "x", "x", "x"])
    assert said == [ANSWER_AGAIN, ANSWER_AGAIN, GAVE_UP]
    assert interview.ending == "no-valid-answer"


def test_the_end_of_input_before_any_answer_or_half_way() -> None:
    assert run([])[0].ending == "no-answers"
    assert run(["40", "n", "n"])[0].ending == "stopped"


def test_what_already_withholds_is_the_answer_when_input_ends() -> None:
    interview, _ = run([], age=12)  # the age alone: out of scope
    assert interview.ending == "done" and interview.result().level == "out-of-scope"
    lines = ["40"]
    answers: dict = {}
    while (flag := next_question(BANK, answers, 40)) is not None and flag.id != "fever":
        answers[flag.id] = "no"
        lines.append("n")
    fever, said = run([*lines, "y", "x", "x", "x"])
    assert fever.ending == "done" and fever.result().level == "urgent"
    assert said[-1] == GAVE_UP


def test_feeding_after_the_end_changes_nothing() -> None:
    interview, _ = run(["", "y"])
    before = dict(interview.answers)
    assert interview.feed("n") is None and interview.answers == before
