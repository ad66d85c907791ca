"""Red-flag screening: levels, the stop at the first emergency, escalation, the CLI's
answers and exit codes, `where --screen`, and wording that never diagnoses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from backmuscles.core.safety import CAVEAT, SAFETY_NET
from backmuscles.core.screening import EXIT_BY_LEVEL, evaluate, next_question, ordered, read_answer
from backmuscles.dataset.loader import load, read_red_flags

from .conftest import REPO, REPO_DATA, TINY, run_cli

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
    assert result.stdout.startswith("ROUTINE - No urgent warning signs reported:")
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


# --- wording ------------------------------------------------------------------------------------

FORBIDDEN = [
    (re.compile(r"\bcaus(e|es|ed|ing) (of )?your pain", re.I), "says a muscle causes the pain"),
    (re.compile(r"diagnos(?!is\b)|(?<!not a )diagnosis", re.I), "diagnoses"),
    (re.compile(r"\bcur(e|es|ed|ing)\b", re.I), "promises a cure"),
    (re.compile(r"\brul(e|es|ed|ing) out\b", re.I), "rules something out"),
    (re.compile(r"\d\s*%|\bper ?cent\b", re.I), "gives a percentage"),
    (re.compile(r"\bnothing serious\b", re.I), "says nothing is serious"),
]


# a source citation ("S41: Furlan et al. ...", "S43/S44: ...") or an address: not our wording.
# Only these are skipped: any other text, whatever its first letter, is checked.
SOURCE_TAG = re.compile(r"S\d+[a-z]?(/S\d+[a-z]?)*:|https?://")


def every_string(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in every_string(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in every_string(v)]
    return []


def all_messages() -> list[str]:
    """Every data string (muscles, regions, groups, red flags) and every fixed message."""
    import yaml

    from backmuscles.core import safety

    texts = every_string([v for k, v in vars(safety).items() if k.isupper()])
    for path in sorted((REPO / "data").rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [t for t in every_string(doc) if not SOURCE_TAG.match(t)]
    # the CLI's own messages and help
    for path in sorted((REPO / "backmuscles" / "cli").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        texts += re.findall(r'"([^"\n]{12,})"', source)
    return texts


@pytest.mark.parametrize(("pattern", "why"), FORBIDDEN, ids=[w for _, w in FORBIDDEN])
def test_no_message_or_data_string_uses_forbidden_wording(pattern, why) -> None:
    offending = [t for t in all_messages() if pattern.search(t)]
    assert not offending, f"{why}: {offending[:3]}"


def test_the_wording_check_can_fail() -> None:
    samples = {
        "This muscle causes your pain.": 0,
        "We can diagnose it.": 1,
        "This will cure it.": 2,
        "That rules out a fracture.": 3,
        "80% of people": 4,
    }
    for text, index in samples.items():
        assert FORBIDDEN[index][0].search(text), text
    assert not FORBIDDEN[1][0].search("This is not a diagnosis.")


def test_validate_checks_the_question_bank(tiny_copy: Path) -> None:
    import shutil

    shutil.copy(REPO_DATA / "red_flags.yaml", tiny_copy / "red_flags.yaml")
    text = (tiny_copy / "red_flags.yaml").read_text(encoding="utf-8")
    text = text.replace("level: urgent\n", "level: urgnet\n", 1).replace(
        "with_any: [cancer-history, fever, infection-risk, recent-procedure]",
        "with_any: [cancer-history, nite-pain, infection-risk, recent-procedure]",
    )
    (tiny_copy / "red_flags.yaml").write_text(text, encoding="utf-8")
    result = run_cli(["validate", str(tiny_copy), "--json"])
    assert result.exit_code == 1
    problems = {(p["field"], p["message"]) for p in json.loads(result.stdout)["problems"]}
    assert (
        "flags[fever].level",
        "unknown level 'urgnet' (levels: emergency, urgent, out-of-scope, soon, routine)",
    ) in problems
    assert ("flags[leg-weakness-severe].escalate.with_any", "unknown flag 'nite-pain'") in problems


def test_dataset_without_question_bank_gets_a_validate_warning() -> None:
    result = run_cli(["validate", str(TINY), "--json"])
    doc = json.loads(result.stdout)
    assert result.exit_code == 0 and doc["warnings"] == 1
    assert doc["problems"][0]["file"] == "red_flags.yaml"
    assert load(TINY).muscles  # the rest of the tool works without it
