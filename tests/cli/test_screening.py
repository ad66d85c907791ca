"""Red-flag screening through the CLI: `screen`'s answers and exit codes, the interview,
`where --screen`, and the caveat and safety net on every result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backmuscles.core.safety import CAVEAT, SAFETY_NET
from backmuscles.core.screening import EXIT_BY_LEVEL, next_question, ordered
from backmuscles.dataset.loader import load, read_red_flags
from tests.conftest import REPO_DATA, TINY, run_cli

BANK, _problems = read_red_flags(REPO_DATA)
assert BANK is not None, _problems


# --- the command ------------------------------------------------------------------------------


def screen(*args: str, data: Path | None = None, input: str | None = None):
    from typer.testing import CliRunner

    from backmuscles.cli import app

    env = {"BACKMUSCLES_DATA": str(data or REPO_DATA), "BACKMUSCLES_USER_DATA": ""}
    return CliRunner().invoke(app, list(args), prog_name="backmuscles", env=env, input=input)


def test_done_when_saddle_numbness_is_an_emergency_with_its_exit_code() -> None:
    result = screen("screen", "--yes", "saddle-numbness", "--json")
    assert result.exit_code == 4
    doc = json.loads(result.stdout)
    assert doc["level"] == "emergency" and doc["exit_code"] == 4
    assert [f["id"] for f in doc["flags"]] == ["saddle-numbness"]
    assert "Call your local emergency number" in doc["message"]
    assert "Do not drive yourself" in doc["message"]
    assert doc["withholds_content"] is True


def test_emergency_text_is_the_message_and_nothing_else() -> None:
    result = screen("screen", "--yes", "saddle-numbness")
    assert result.exit_code == 4
    assert result.stdout.startswith("EMERGENCY - Get emergency help now:")
    for example in ("999", "112", "911", "000"):
        assert example in result.stdout
    assert "When to get help" not in result.stdout and "Muscle" not in result.stdout


def test_urgent_gives_same_day_advice_and_the_emergency_signs() -> None:
    result = screen("screen", "--yes", "fever")
    assert result.exit_code == 3
    assert result.stdout.startswith("URGENT - Get medical advice today:")
    assert "same-day appointment" in result.stdout
    assert SAFETY_NET[0] in result.stdout


def test_answers_may_be_comma_separated_and_repeated() -> None:
    result = screen(
        "screen",
        "--no",
        "fever,night-pain",
        "--no",
        "cancer-history",
        "--yes",
        "cough-strain",
        "--json",
    )
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["level"] == "soon"
    assert "fever" not in doc["unanswered"] and "saddle-numbness" in doc["unanswered"]


def test_unknown_question_id_is_a_usage_error_with_a_suggestion() -> None:
    result = screen("screen", "--yes", "sadle-numbness")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown question 'sadle-numbness'; did you mean saddle-numbness?" in result.stderr


def test_contradictory_answers_are_a_usage_error() -> None:
    result = screen("screen", "--yes", "fever", "--no", "fever")
    assert result.exit_code == 2
    assert "'fever' is answered twice" in result.stderr


def test_list_prints_the_bank_in_asking_order() -> None:
    result = screen("screen", "--list")
    assert result.exit_code == 0
    ids = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert ids == [f.id for f in ordered(BANK)]
    doc = json.loads(screen("screen", "--list", "--json").stdout)
    assert {level["id"]: level["exit_code"] for level in doc["levels"]} == EXIT_BY_LEVEL


def test_interactive_screen_reads_answers_and_stops_at_an_emergency() -> None:
    result = screen("screen", "--json", input="\nno\n?\n")  # Enter skips the age
    assert result.exit_code == 4
    doc = json.loads(result.stdout)
    assert doc["level"] == "emergency"
    assert doc["flags"][0] == {**doc["flags"][0], "id": "bladder-change", "answer": "unsure"}
    assert "1. Since the pain began" in result.stderr and "2. Have you noticed" in result.stderr
    assert "3." not in result.stderr  # stopped
    assert "How old are you" in result.stderr


def test_interactive_screen_asks_again_after_a_bad_answer() -> None:
    answers = "\nmaybe not\n" + "n\n" * len(BANK.flags)
    result = screen("screen", "--json", input=answers)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["level"] == "routine"
    assert "Please answer y (yes), n (no) or ? (not sure)." in result.stderr


def test_interactive_screen_without_any_answer() -> None:
    result = screen("screen", input="")
    assert result.exit_code == 2
    assert "no answers to the screening questions" in result.stderr


def test_interactive_screen_stopped_half_way() -> None:
    result = screen("screen", input="\nn\nn\n")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "the screening stopped before it finished; nothing is shown without it.\n"
    )
    assert result.stdout == ""


def test_screen_without_a_question_bank(tmp_path: Path) -> None:
    result = screen("screen", "--yes", "fever", data=TINY)
    assert result.exit_code == 1
    assert result.stderr.startswith("backmuscles: bad data: red_flags.yaml: cannot read")


# --- where --screen -----------------------------------------------------------------------------


def where_screen(answers: str, *extra: str):
    return screen("where", "lower-back", "--screen", "--age", "40", *extra, input=answers)


def scripted(places: str, yes: set[str], age: int = 40) -> str:
    """The piped input that answers yes to ``yes`` and no to every other question the screen
    asks for ``places`` (at ``age``), in the order it asks them."""
    from backmuscles.core.screening import places_of

    ds = load(REPO_DATA)
    where = places_of(ds, [places])
    answers: dict = {}
    lines = []
    while (flag := next_question(BANK, answers, age, where)) is not None:
        answers[flag.id] = "yes" if flag.id in yes else "no"
        lines.append("y" if flag.id in yes else "n")
    return "".join(f"{line}\n" for line in lines)


def test_where_screen_emergency_withholds_everything() -> None:
    result = where_screen("y\n")
    assert result.exit_code == 4
    assert "EMERGENCY" in result.stdout and "Muscles often linked" not in result.stdout
    doc = json.loads(where_screen("y\n", "--json").stdout)
    assert doc["withheld"] is True and doc["results"] == []
    assert doc["screening"]["level"] == "emergency"


def test_where_screen_urgent_withholds_muscles_but_shows_the_emergency_signs() -> None:
    answers = scripted("lower-back", {"fever"})
    result = where_screen(answers)
    assert result.exit_code == 3
    assert "URGENT" in result.stdout and SAFETY_NET[0] in result.stdout
    assert "Muscles often linked" not in result.stdout


def test_where_screen_soon_puts_the_appointment_above_the_muscles() -> None:
    answers = scripted("lower-back", {"inflammatory"})
    result = where_screen(answers)
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("SOON - Book an appointment") < out.index("Muscles often linked")
    doc = json.loads(where_screen(answers, "--json").stdout)
    assert doc["screening"]["level"] == "soon" and doc["results"] and doc["withheld"] is False


def test_where_screen_routine_says_no_warning_signs_were_reported() -> None:
    result = where_screen("n\n" * len(BANK.flags))
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Read as: lower back\n\nROUTINE - No urgent warning signs reported:"
    )
    assert "Muscles often linked to pain at: lower back" in result.stdout


def test_where_without_screen_has_null_screening() -> None:
    doc = json.loads(run_cli(["where", "back", "--json"]).stdout)
    assert doc["screening"] is None and doc["withheld"] is False


# --- every answer carries the caveat and the safety net ----------------------------------------


@pytest.mark.parametrize("args", [["where", "lower-back"], ["show", "alpha"]])
def test_where_and_show_carry_the_caveat_and_safety_net(args) -> None:
    text = run_cli(args).stdout
    assert CAVEAT in text and all(line in text for line in SAFETY_NET)
    doc = json.loads(run_cli([*args, "--json"]).stdout)
    assert doc["caveat"] == CAVEAT and doc["safety_net"] == list(SAFETY_NET)
