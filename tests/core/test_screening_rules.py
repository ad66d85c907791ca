"""The screening rules that keep it safe, as properties of the pure functions: the level
never falls when an answer is added or turned towards yes (or the age moves into a risk band),
every message agrees with the level it is shown under, the age is read robustly, and only the
questions for the places given are asked."""

from __future__ import annotations

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
from tests.conftest import REPO_DATA, scaled

BANK = read_red_flags(REPO_DATA)[0]
assert BANK is not None
IDS = [f.id for f in BANK.flags]
RANK = {"no": 0, "unsure": 1, "yes": 2}
DS = load(REPO_DATA)


def level_of(answers: dict, age: int | None = None) -> str:
    return evaluate(BANK, answers, age).level


# --- monotone: nothing added or made more precise lowers the level -----------------------------

answers_strategy = st.dictionaries(st.sampled_from(IDS), st.sampled_from(ANSWERS), max_size=12)
ages = st.one_of(st.none(), st.integers(min_value=0, max_value=130))


@settings(max_examples=scaled(400), deadline=None)
@given(answers_strategy, ages, st.sampled_from(IDS), st.sampled_from(ANSWERS))
def test_adding_or_raising_an_answer_never_lowers_the_level(answers, age, flag_id, answer) -> None:
    before = evaluate(BANK, answers, age)
    current = answers.get(flag_id)
    if current is not None and RANK[answer] < RANK[current]:
        return  # only additions and changes towards yes
    after = evaluate(BANK, {**answers, flag_id: answer}, age)
    assert severity(after.level) <= severity(before.level), (answers, age, flag_id, answer)


@settings(max_examples=scaled(300), deadline=None)
@given(answers_strategy, st.integers(min_value=0, max_value=130))
def test_giving_an_age_never_lowers_the_level(answers, age) -> None:
    without = evaluate(BANK, answers, None)
    assert severity(evaluate(BANK, answers, age).level) <= severity(without.level)


@settings(max_examples=scaled(300), deadline=None)
@given(answers_strategy, st.integers(16, 49), st.integers(50, 130), st.integers(0, 15))
def test_an_age_moved_into_a_risk_band_never_lowers_the_level(answers, adult, older, child):
    middle = severity(evaluate(BANK, answers, adult).level)
    assert severity(evaluate(BANK, answers, older).level) <= middle
    assert severity(evaluate(BANK, answers, child).level) <= middle


@settings(max_examples=scaled(300), deadline=None)
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


@settings(max_examples=scaled(300), deadline=None)
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


@pytest.mark.parametrize("flag", [f.id for f in BANK.flags if f.level == "urgent"])
def test_not_sure_never_lowers_a_same_day_question_below_same_day(flag) -> None:
    assert level_of({flag: "unsure"}) == "urgent"


@pytest.mark.parametrize(
    ("typed", "age"),
    [("55", 55), ("55 years", 55), ("I'm 55", 55), ("55 yrs old", 55), ("  7\n", 7), ("", SKIP_AGE),
     ("skip", SKIP_AGE), ("²", None), ("¹⁵", None), ("\u0665\u0665", 55),
     ("99999999999999999999999", None), ("131", None), ("fifty", None), ("5 5", None),
     ("-3", None)],
)  # fmt: skip
def test_reading_an_age(typed, age) -> None:
    assert read_age(typed) == age


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


# --- the independent review's cases ------------------------------------------------------------

regions_strategy = st.one_of(
    st.none(), st.sets(st.sampled_from([r.id for r in DS.regions]), min_size=1, max_size=3)
)


@settings(max_examples=scaled(400), deadline=None)
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


def test_advice_questions_are_asked_while_self_care_may_be_shown() -> None:
    # one "soon" answer must not skip the hip-replacement question for hip pain
    where = places_of(DS, ["hip"])
    answers: dict = {}
    while (flag := next_question(BANK, answers, 40, where)) is not None:
        answers[flag.id] = "yes" if flag.id == "inflammatory" else "no"
    assert "hip-surgery" in answers and "one-leg-nerve" in answers


def test_full_width_digits_are_an_age_like_the_option_takes() -> None:
    assert read_age("\uff15\uff15") == 55  # what the --age option takes (int() reads them)
