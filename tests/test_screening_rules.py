"""The screening rules that keep it safe: the level never falls when an answer is added or
turned towards yes (or the age moves into a risk band), every message agrees with the level
it is shown under, the age is read robustly, and only the questions for the places given
are asked. Each case found by the adversarial round and the content audit is a test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backmuscles.core.screening import (
    ANSWERS,
    LEVELS,
    SKIP_AGE,
    action_fits,
    evaluate,
    next_question,
    places_of,
    read_age,
    severity,
)
from backmuscles.dataset.loader import load, read_red_flags
from backmuscles.present.views import screening_section

from .conftest import REPO_DATA, run_cli

BANK = read_red_flags(REPO_DATA)[0]
assert BANK is not None
IDS = [f.id for f in BANK.flags]
RANK = {"no": 0, "unsure": 1, "yes": 2}
DS = load(REPO_DATA)


def screen(*args: str, input: str | None = None):
    return run_cli(list(args), data=REPO_DATA, stdin=input)


def level_of(answers: dict, age: int | None = None) -> str:
    return evaluate(BANK, answers, age).level


# --- monotone: nothing added or made more precise lowers the level -----------------------------

answers_strategy = st.dictionaries(st.sampled_from(IDS), st.sampled_from(ANSWERS), max_size=12)
ages = st.one_of(st.none(), st.integers(min_value=0, max_value=130))


@settings(max_examples=400, deadline=None)
@given(answers_strategy, ages, st.sampled_from(IDS), st.sampled_from(ANSWERS))
def test_adding_or_raising_an_answer_never_lowers_the_level(answers, age, flag_id, answer) -> None:
    before = evaluate(BANK, answers, age)
    current = answers.get(flag_id)
    if current is not None and RANK[answer] < RANK[current]:
        return  # only additions and changes towards yes
    after = evaluate(BANK, {**answers, flag_id: answer}, age)
    assert severity(after.level) <= severity(before.level), (answers, age, flag_id, answer)


@settings(max_examples=300, deadline=None)
@given(answers_strategy, st.integers(min_value=0, max_value=130))
def test_giving_an_age_never_lowers_the_level(answers, age) -> None:
    without = evaluate(BANK, answers, None)
    assert severity(evaluate(BANK, answers, age).level) <= severity(without.level)


@settings(max_examples=300, deadline=None)
@given(answers_strategy, st.integers(16, 49), st.integers(50, 130), st.integers(0, 15))
def test_an_age_moved_into_a_risk_band_never_lowers_the_level(answers, adult, older, child):
    middle = severity(evaluate(BANK, answers, adult).level)
    assert severity(evaluate(BANK, answers, older).level) <= middle
    assert severity(evaluate(BANK, answers, child).level) <= middle


@settings(max_examples=300, deadline=None)
@given(answers_strategy, ages)
def test_not_sure_is_never_below_no_or_above_yes(answers, age) -> None:
    for flag_id in IDS:
        levels = [severity(evaluate(BANK, {**answers, flag_id: a}, age).level) for a in ANSWERS]
        no, unsure, yes = (levels[ANSWERS.index(a)] for a in ("no", "unsure", "yes"))
        assert yes <= unsure <= no


# --- every message agrees with the level it is shown under -----------------------------------


def contexts() -> list[tuple[dict, int | None]]:
    """Every flag answered yes and not sure: alone, and with each of its escalations."""
    out: list[tuple[dict, int | None]] = []
    for flag in BANK.flags:
        for answer in ("yes", "unsure"):
            out.append(({flag.id: answer}, None))
            for rule in flag.escalate:
                for other in rule.with_any:
                    out.append(({flag.id: answer, other: "yes"}, None))
                if rule.min_age is not None:
                    out.append(({flag.id: answer}, rule.min_age))
    return out


@pytest.mark.parametrize(("answers", "age"), contexts())
def test_every_answer_of_every_question_gets_advice_that_fits_its_level(answers, age) -> None:
    result = evaluate(BANK, answers, age)
    for finding in result.deciding:
        assert finding.level == result.level
        assert action_fits(result.level, finding.action), (answers, finding.action)
    section = screening_section(BANK, result)
    shown = " ".join((section.title, *section.lines, *section.bullets)).casefold()
    if result.level in ("soon", "routine"):
        assert "same-day" not in shown.split("also tell the clinician")[0] or any(
            "same-day advice if" in f.action for f in result.deciding
        )
    if result.level in ("emergency", "urgent"):
        assert "week or two" not in shown
    assert "said yes" not in shown  # "not sure" is not a yes the person said


@settings(max_examples=300, deadline=None)
@given(answers_strategy, ages)
def test_the_deciding_advice_always_fits_the_level(answers, age) -> None:
    result = evaluate(BANK, answers, age)
    assert all(action_fits(result.level, f.action) for f in result.deciding)
    assert all(f.level == result.level for f in result.deciding)
    assert result.level in LEVELS


def test_the_level_check_can_fail() -> None:
    assert not action_fits("emergency", "Book an appointment with your GP.")
    assert not action_fits("soon", "Get a same-day appointment.")
    assert not action_fits("urgent", "Book an appointment in the next week or two.")
    assert action_fits("soon", "Book an appointment; get same-day advice if it gets worse.")


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


@pytest.mark.parametrize("flag", [f.id for f in BANK.flags if f.level == "urgent"])
def test_not_sure_never_lowers_a_same_day_question_below_same_day(flag) -> None:
    assert level_of({flag: "unsure"}) == "urgent"


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


@pytest.mark.parametrize(
    ("typed", "age"),
    [("55", 55), ("55 years", 55), ("I'm 55", 55), ("55 yrs old", 55), ("  7\n", 7), ("", SKIP_AGE),
     ("skip", SKIP_AGE), ("²", None), ("¹⁵", None), ("\u0665\u0665", 55),
     ("99999999999999999999999", None), ("131", None), ("fifty", None), ("5 5", None),
     ("-3", None)],
)  # fmt: skip
def test_reading_an_age(typed, age) -> None:
    assert read_age(typed) == age


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


# --- questions by place -------------------------------------------------------------------------


def asked_for(place: str) -> set[str]:
    where = places_of(DS, [place])
    answers: dict = {}
    while (flag := next_question(BANK, answers, 40, where)) is not None:
        answers[flag.id] = "no"
    return set(answers)


def test_only_the_questions_for_the_places_given_are_asked() -> None:
    tailbone = asked_for("tailbone")
    groin = asked_for("groin")
    calf = asked_for("lower-leg")
    always = {f.id for f in BANK.flags if not f.regions or f.level == "emergency"}
    always -= {"under-16", "first-episode-age"}  # answered by the age (40)
    assert always <= tailbone and always <= groin and always <= calf
    assert "testicle-pain" in tailbone  # an emergency question is asked for every place
    assert "hot-joint" in groin and "hot-joint" not in tailbone  # the groin lies in the hip
    assert "calf-swelling" in calf and "calf-swelling" not in tailbone
    assert "calf-swelling" not in groin
    assert "thoracic-pain" in asked_for("mid-back") and "thoracic-pain" not in tailbone
    assert "thoracic-pain" in asked_for("back")  # the back holds the mid back
    assert "calf-swelling" in asked_for("heel")  # the heel lies in the leg
    assert "hip-surgery" in asked_for("hip") and "hip-surgery" not in tailbone


def test_screen_with_places_asks_their_questions() -> None:
    result = screen("screen", "tailbone", input="\n" + "n\n" * 60)
    assert "calf" not in result.stderr and "hip replacement" not in result.stderr
    assert json.loads(screen("screen", "groin", "--json", input="\n" + "n\n" * 60).stdout)[
        "not_asked"
    ]


def test_asking_stops_when_no_question_left_could_change_the_result() -> None:
    answers: dict = {}
    asked = []
    while (flag := next_question(BANK, answers, 40)) is not None:
        asked.append(flag.id)
        answers[flag.id] = "yes" if flag.id == "fever" else "no"
    # after a same-day sign only questions that could make it an emergency are asked
    after = asked[asked.index("fever") + 1 :]
    by_id = BANK.by_id()
    assert all(severity(by_id[i].highest) < severity("urgent") for i in after), after
    assert "one-leg-nerve" in after  # with a fever, nerve symptoms are an emergency


# --- the content audit's warning signs -------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "age", "level"),
    [
        ({"leg-weakness-severe": "yes"}, None, "urgent"),  # F3: severe but stable weakness
        ({"leg-weakness-severe": "yes", "cancer-history": "yes"}, None, "emergency"),
        ({"thoracic-pain": "yes"}, 30, "soon"),  # F1
        ({"thoracic-pain": "yes"}, 55, "urgent"),
        ({"thoracic-pain": "yes", "cancer-history": "unsure"}, 30, "urgent"),
        ({"one-leg-nerve": "yes", "cancer-history": "yes"}, None, "emergency"),  # F4
        ({"one-leg-nerve": "yes", "fever": "yes"}, None, "emergency"),
        ({"one-leg-nerve": "yes", "infection-risk": "unsure"}, None, "emergency"),
        ({"one-leg-nerve": "yes"}, None, "routine"),
        ({"fever": "unsure"}, None, "urgent"),  # F2
        ({"calf-swelling": "yes"}, None, "urgent"),  # F6
        ({"testicle-pain": "yes"}, None, "emergency"),
        ({"hernia-stuck": "yes"}, None, "emergency"),
        ({"cannot-bear-weight": "yes"}, None, "emergency"),
        ({"hot-joint": "yes"}, None, "urgent"),
        ({"hip-surgery": "yes"}, None, "routine"),  # E7: a finding with its advice
    ],
)
def test_warning_sign_levels(answers, age, level) -> None:
    assert level_of(answers, age) == level


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


def test_validate_checks_rule_actions_and_places(tiny_copy: Path) -> None:
    import shutil

    shutil.copy(REPO_DATA / "red_flags.yaml", tiny_copy / "red_flags.yaml")
    path = tiny_copy / "red_flags.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "Call your emergency number or go to an emergency department now: with a past cancer,",
        "Rest: with a past cancer,",
    )
    text = text.replace("regions: [leg]", "regions: [calf-muscle]", 1)
    path.write_text(text, encoding="utf-8")
    result = run_cli(["validate", str(tiny_copy), "--json"])
    assert result.exit_code == 1
    problems = {(p["field"], p["message"]) for p in json.loads(result.stdout)["problems"]}
    rule = ("flags[leg-weakness-severe].escalate.action", "does not read as 'emergency' advice")
    assert rule in problems
    assert ("flags[calf-swelling].regions", "unknown region 'calf-muscle'") in problems


def test_a_script_that_pipes_only_answers_still_works() -> None:
    # `echo y | backmuscles where lower-back --screen`: "y" answers no age question, so it
    # answers the first warning-sign question, as it always did
    result = screen("where", "lower-back", "--screen", "--json", input="y\n")
    assert result.exit_code == 4
    doc = json.loads(result.stdout)
    assert doc["screening"]["level"] == "emergency" and doc["screening"]["age"] is None
    assert screen("screen", "--json", input="n\n?\n").exit_code == 4  # not sure: an emergency


# --- the independent review's cases ------------------------------------------------------------

regions_strategy = st.one_of(
    st.none(), st.sets(st.sampled_from([r.id for r in DS.regions]), min_size=1, max_size=3)
)


@settings(max_examples=400, deadline=None)
@given(
    # mostly "no", and never an emergency (which ends the asking at once, so it proves nothing)
    st.fixed_dictionaries(
        {
            f.id: st.just("no")
            if f.level == "emergency"
            else st.sampled_from(["no"] * 5 + ["yes", "unsure"])
            for f in BANK.flags
        }
    ),
    ages,
    regions_strategy,
)
def test_asking_never_stops_before_the_answers_would_raise_the_level(truth, age, regions):
    """Whatever the person's true answers, the questions asked give the level that all their
    answers (for these places) give: stopping early never under-calls."""
    places = places_of(DS, sorted(regions)) if regions is not None else None
    answers: dict = {}
    while (flag := next_question(BANK, answers, age, places)) is not None:
        answers[flag.id] = truth[flag.id]
    asked = evaluate(BANK, answers, age, places).level
    # the true answers to the questions for these places that the age does not answer
    # (a person of 16 is not asked "are you under 16?", and cannot truly say yes to it)
    by_id = BANK.by_id()
    relevant = {
        i: a
        for i, a in truth.items()
        if relevant_to(i, places) and not (by_id[i].age and by_id[i].age.says(age) is not None)
    }
    assert asked == evaluate(BANK, relevant, age, places).level or asked == "emergency"


def relevant_to(flag_id: str, places) -> bool:
    from backmuscles.core.screening import relevant

    return relevant(BANK.by_id()[flag_id], places)


def test_a_yes_to_the_50_or_over_question_is_asked_for_when_the_age_is_unknown() -> None:
    # no age; thoracic pain yes: "first bout at 50 or over" can still make it urgent
    answers: dict = {}
    while (flag := next_question(BANK, answers, None)) is not None:
        answers[flag.id] = "yes" if flag.id in ("thoracic-pain", "first-episode-age") else "no"
    assert "first-episode-age" in answers
    assert evaluate(BANK, answers).level == "urgent"


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


def test_an_endless_line_of_input_is_read_in_bounded_pieces() -> None:
    import subprocess
    import sys

    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "from backmuscles.__main__ import main; sys.argv = ['backmuscles', 'where',"
        " 'lower-back', '--screen']; main()"
    )
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-c", code], stdin=zero, capture_output=True, text=True, timeout=60,
            env={"BACKMUSCLES_DATA": str(REPO_DATA), "BACKMUSCLES_NO_CACHE": "1", "PATH": ""},
        )  # fmt: skip
    assert done.returncode == 2, done.stderr[-500:]
    assert "internal error" not in done.stderr and "MemoryError" not in done.stderr


def test_an_answer_the_age_overrode_is_not_called_the_persons_yes() -> None:
    doc = json.loads(screen("screen", "--age", "12", "--no", "under-16", "--json").stdout)
    flag = doc["flags"][0]
    assert flag["id"] == "under-16" and flag["from_age"] is True and flag["given"] == "no"
    text = screen("screen", "--age", "12", "--no", "under-16", "--plain").stdout
    assert "From your age (you answered no): Are you under 16?" in text
    assert "Yes: Are you under 16?" not in text


def test_advice_questions_are_asked_while_self_care_may_be_shown() -> None:
    # one "soon" answer must not skip the hip-replacement question for hip pain
    where = places_of(DS, ["hip"])
    answers: dict = {}
    while (flag := next_question(BANK, answers, 40, where)) is not None:
        answers[flag.id] = "yes" if flag.id == "inflammatory" else "no"
    assert "hip-surgery" in answers and "one-leg-nerve" in answers


def test_full_width_digits_are_an_age_like_the_option_takes() -> None:
    assert read_age("\uff15\uff15") == 55  # what the --age option takes (int() reads them)
