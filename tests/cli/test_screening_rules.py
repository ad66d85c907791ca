"""The screening rules through the CLI: each case found by the adversarial round and the
content audit (answers the age contradicts or overrides, unreadable ages and answers, the
questions asked for the places given, piped answers), run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backmuscles.core.screening import (
    next_question,
)
from backmuscles.dataset.loader import read_red_flags
from tests.conftest import REPO_DATA, run_cli

BANK = read_red_flags(REPO_DATA)[0]


def screen(*args: str, input: str | None = None):
    return run_cli(list(args), data=REPO_DATA, stdin=input)


# --- the cases of the adversarial round ----------------------------------------------------------


def test_an_answer_that_contradicts_the_age_never_lowers_the_level() -> None:
    result = screen("screen", "--age", "12", "--no", "under-16", "--json")
    assert result.exit_code == 5
    doc = json.loads(result.stdout)
    assert doc["level"] == "out-of-scope"
    assert doc["conflicts"] and "12" in doc["conflicts"][0]
    text = screen("screen", "--age", "12", "--no", "under-16", "--plain").stdout
    assert "the more cautious reading" in text


def test_yes_to_a_question_that_says_50_or_over_counts_as_that_age() -> None:
    result = screen("screen", "--yes", "first-episode-age,cough-strain", "--json")
    assert result.exit_code == 3
    doc = json.loads(result.stdout)
    assert doc["level"] == "urgent"
    assert doc["flags"][0]["id"] == "cough-strain" and doc["flags"][0]["escalated_by"] == ["age"]


def test_not_sure_on_a_sign_that_escalates_with_age() -> None:
    assert screen("screen", "--not-sure", "cough-strain", "--age", "70").exit_code == 3


def test_the_soon_panel_never_carries_same_day_advice() -> None:
    result = screen("screen", "--not-sure", "weight-loss", "--age", "55", "--plain")
    assert result.exit_code == 3
    assert result.stdout.startswith("URGENT")
    assert "week or two" not in result.stdout


def test_not_sure_on_an_emergency_sign_is_not_called_a_yes() -> None:
    result = screen("screen", "--not-sure", "saddle-numbness", "--plain")
    assert result.exit_code == 4
    assert "said yes" not in result.stdout and "Not sure" in result.stdout


def test_the_age_alone_can_decide_without_any_answer() -> None:
    result = screen("screen", "--age", "12", input="")
    assert result.exit_code == 5
    assert "OUT-OF-SCOPE" in result.stdout


@pytest.mark.parametrize("typed", ["²", "¹⁵", "99999999999999999999999", "old"])
def test_an_unreadable_age_is_asked_again(typed) -> None:
    result = screen("screen", "--json", input=f"{typed}\n55 years\ny\n")
    assert "internal error" not in result.stderr
    assert "Please type your age as a number" in result.stderr
    assert json.loads(result.stdout)["age"] == 55


def test_an_age_in_words_with_years_escalates_like_the_number() -> None:
    # yes to cough-strain: urgent at 55, whether typed "55" or "55 years"
    ids = []
    answers: dict = {}
    while (flag := next_question(BANK, answers, 55)) is not None:
        ids.append(flag.id)
        answers[flag.id] = "yes" if flag.id == "cough-strain" else "no"
    typed = "".join("y\n" if i == "cough-strain" else "n\n" for i in ids)
    for age in ("55", "55 years"):
        result = screen("screen", "--json", input=f"{age}\n{typed}")
        assert json.loads(result.stdout)["level"] == "urgent", age


def test_questions_the_age_answers_are_not_asked() -> None:
    result = screen("screen", "--age", "42", input="n\n" * 60)
    assert "Are you under 16?" not in result.stderr
    assert "are you 50 or over?" not in result.stderr
    assert result.exit_code == 0


def test_where_and_plan_ask_the_age_when_answers_are_piped() -> None:
    for command in (["where", "lower-back"], ["plan", "lower-back"]):
        result = screen(*command, "--screen", "--json", input="70\n" + "n\n" * 60)
        assert "How old are you" in result.stderr
        assert json.loads(result.stdout)["screening"]["age"] == 70
        given = screen(*command, "--screen", "--age", "70", "--json", input="n\n" * 60)
        assert "How old are you" not in given.stderr
        assert json.loads(given.stdout)["screening"]["age"] == 70


def test_questions_wrap_to_the_terminal_without_splitting_words(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    result = screen("screen", input="\n" + "n\n" * 60)
    lines = result.stderr.splitlines()
    assert all(len(line) <= 40 for line in lines if "Answer y" not in line), lines
    assert result.stderr.count("[y/n/?]") >= 5
    joined = " ".join(result.stderr.split())  # a word split by the wrapping would not rejoin
    asked = [f for f in BANK.flags if " ".join(f.question.split()) + " [y/n/?]" in joined]
    assert len(asked) == result.stderr.count("[y/n/?]")


def test_screen_with_places_asks_their_questions() -> None:
    result = screen("screen", "tailbone", input="\n" + "n\n" * 60)
    assert "calf" not in result.stderr and "hip replacement" not in result.stderr
    assert json.loads(screen("screen", "groin", "--json", input="\n" + "n\n" * 60).stdout)[
        "not_asked"
    ]


def test_an_escalated_sign_shows_the_advice_of_its_new_level() -> None:
    result = screen("screen", "--yes", "one-leg-nerve,cancer-history", "--json")
    assert result.exit_code == 4
    flag = json.loads(result.stdout)["flags"][0]
    assert flag["id"] == "one-leg-nerve" and flag["escalated_by"] == ["cancer-history"]
    assert "emergency" in flag["action"] and "few weeks" not in flag["action"]


def test_routine_findings_are_not_headed_no_warning_signs() -> None:
    result = screen("screen", "--yes", "one-leg-nerve", "--plain")
    assert result.exit_code == 0
    assert "No warning signs reported" not in result.stdout
    assert result.stdout.startswith("ROUTINE - No urgent warning signs reported")


def test_the_markdown_plan_carries_the_screening_result(tmp_path: Path) -> None:
    page = tmp_path / "plan.md"
    answers = "\n" + "n\n" * 60
    result = screen("plan", "lower-back", "--screen", "--markdown", str(page), input=answers)
    assert result.exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert "## Warning signs: ROUTINE - No urgent warning signs reported" in text


def test_a_script_that_pipes_only_answers_still_works() -> None:
    # `echo y | backmuscles where lower-back --screen`: "y" answers no age question, so it
    # answers the first warning-sign question, as it always did
    result = screen("where", "lower-back", "--screen", "--json", input="y\n")
    assert result.exit_code == 4
    doc = json.loads(result.stdout)
    assert doc["screening"]["level"] == "emergency" and doc["screening"]["age"] is None
    assert screen("screen", "--json", input="n\n?\n").exit_code == 4  # not sure: an emergency


def test_three_unreadable_answers_keep_a_result_that_already_withholds() -> None:
    answers: dict = {}
    lines = ["40"]
    while (flag := next_question(BANK, answers, 40)) is not None:
        if flag.id == "fever":
            break
        answers[flag.id] = "no"
        lines.append("n")
    lines += ["y", "x", "x", "x"]  # fever yes, then nonsense three times
    result = screen("screen", "--json", input="\n".join(lines) + "\n")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["level"] == "urgent"


def test_an_unreadable_age_three_times_goes_on_without_it() -> None:
    result = screen("screen", "--json", input="old\nold\nold\n" + "n\n" * 60)
    assert result.exit_code == 0 and "Going on without your age" in result.stderr
    assert json.loads(result.stdout)["age"] is None


def test_an_answer_the_age_overrode_is_not_called_the_persons_yes() -> None:
    doc = json.loads(screen("screen", "--age", "12", "--no", "under-16", "--json").stdout)
    flag = doc["flags"][0]
    assert flag["id"] == "under-16" and flag["from_age"] is True and flag["given"] == "no"
    text = screen("screen", "--age", "12", "--no", "under-16", "--plain").stdout
    assert "From your age (you answered no): Are you under 16?" in text
    assert "Yes: Are you under 16?" not in text
