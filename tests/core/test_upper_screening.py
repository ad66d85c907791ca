"""The warning signs of the upper back, chest wall and neck (issue 14): which questions a
place gets, what a yes to them gives, and the safety net each place is shown."""

from __future__ import annotations

import pytest

from backmuscles.core.safety import SAFETY_NET, safety_lines, safety_net
from backmuscles.core.screening import action_fits, evaluate, next_question, places_of
from backmuscles.dataset.loader import load, read_red_flags
from tests.conftest import REPO_DATA

BANK = read_red_flags(REPO_DATA)[0]
assert BANK is not None
DS = load(REPO_DATA)
BY_ID = BANK.by_id()

CHEST = {"chest-pain", "tearing-pain", "breathing-pain"}
NECK_CORD = {"neck-hands", "neck-walking", "neck-shocks", "both-arms"}
NECK = NECK_CORD | {"neck-injury", "arm-nerve"}
UPPER_ONLY = NECK | {"new-constant", "gallbladder-signs", "gallbladder-meals"}
LEG_ONLY = {"leg-weakness-severe", "one-leg-nerve", "calf-swelling", "hip-surgery", "hot-joint"}


def asked_for(*regions: str, age: int = 40) -> list[str]:
    """The questions asked, in order, when every answer is no."""
    where = places_of(DS, list(regions))
    answers: dict = {}
    asked = []
    while (flag := next_question(BANK, answers, age, where)) is not None:
        asked.append(flag.id)
        answers[flag.id] = "no"
    return asked


def test_between_the_shoulder_blades_asks_the_chest_breathing_and_new_constant_questions() -> None:
    asked = asked_for("between-shoulder-blades")
    assert CHEST | {"new-constant", "cancer-history", "thoracic-pain"} <= set(asked)
    assert set(asked) >= NECK_CORD  # an upper-back place asks the neck questions too
    # the emergencies come first, and the chest question before the other new ones
    assert asked.index("chest-pain") < asked.index("tearing-pain") < asked.index("breathing-pain")
    assert max(asked.index(i) for i in CHEST) < asked.index("new-constant")
    assert not LEG_ONLY & set(asked)


@pytest.mark.parametrize("region", ["upper-back", "shoulder-blade", "back"])
def test_every_upper_back_place_asks_the_chest_and_neck_questions(region) -> None:
    assert CHEST | NECK_CORD | {"new-constant"} <= set(asked_for(region))


def test_the_back_of_the_neck_asks_the_neck_cord_questions() -> None:
    asked = set(asked_for("back-of-neck"))
    assert NECK | {"meningism"} <= asked
    assert not LEG_ONLY & asked
    assert "new-constant" not in asked  # that one is for the upper back


def test_tailbone_pain_asks_none_of_the_neck_or_upper_back_questions() -> None:
    asked = set(asked_for("tailbone"))
    assert not UPPER_ONLY & asked
    assert "one-leg-nerve" in asked  # the lower-body questions still are
    assert asked >= CHEST  # the emergencies are asked for every place


def test_a_neck_query_does_not_ask_the_leg_questions_and_the_reverse() -> None:
    assert not LEG_ONLY & set(asked_for("back-of-neck", "top-of-shoulder"))
    assert not NECK & set(asked_for("knee", "buttock"))


@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_a_yes_to_the_chest_question_is_an_emergency(answer) -> None:
    result = evaluate(BANK, {"chest-pain": answer}, places=places_of(DS, ["upper-back"]))
    assert result.level == "emergency" and result.exit_code == 4
    assert next_question(BANK, {"chest-pain": answer}, 40, places_of(DS, ["upper-back"])) is None


@pytest.mark.parametrize(
    ("flag", "level"),
    [
        ("tearing-pain", "emergency"),
        ("breathing-pain", "emergency"),
        ("meningism", "emergency"),
        ("new-constant", "urgent"),
        ("gallbladder-signs", "urgent"),
        ("neck-hands", "urgent"),
        ("neck-walking", "urgent"),
        ("neck-shocks", "urgent"),
        ("both-arms", "urgent"),
        ("neck-injury", "urgent"),
        ("gallbladder-meals", "soon"),
        ("arm-nerve", "soon"),
    ],
)
def test_each_new_sign_has_its_level_and_advice_that_fits_it(flag, level) -> None:
    assert BY_ID[flag].level == level
    result = evaluate(BANK, {flag: "yes"})
    assert result.level == level
    assert all(action_fits(level, f.action) for f in result.deciding)
    assert all(action_fits(r.to, r.action) for r in BY_ID[flag].escalate)
    assert BY_ID[flag].sources and BY_ID[flag].regions


def test_nerve_or_cord_signs_after_a_neck_injury_or_with_a_past_cancer_are_an_emergency() -> None:
    assert evaluate(BANK, {"neck-injury": "yes", "arm-nerve": "yes"}).level == "emergency"
    assert evaluate(BANK, {"neck-injury": "yes", "both-arms": "unsure"}).level == "emergency"
    assert evaluate(BANK, {"neck-hands": "yes", "cancer-history": "yes"}).level == "emergency"
    assert evaluate(BANK, {"arm-nerve": "yes", "fever": "yes"}).level == "emergency"
    assert evaluate(BANK, {"neck-injury": "yes"}).level == "urgent"
    # after a yes to the injury, the questions that would make it an emergency are still asked
    where = places_of(DS, ["back-of-neck"])
    answers: dict = {"neck-injury": "yes"}
    asked = []
    while (flag := next_question(BANK, answers, 40, where)) is not None:
        asked.append(flag.id)
        answers[flag.id] = "no"
    assert NECK_CORD | {"arm-nerve"} <= set(asked)


# --- the safety net ------------------------------------------------------------------------------


def test_the_safety_net_for_an_upper_back_place_names_the_chest_signs() -> None:
    lines = safety_net(DS, ["between-shoulder-blades"])
    text = " ".join(lines)
    assert "emergency" in lines[0].casefold() and "chest" in lines[0]
    assert "tearing" in text and "breathlessness" in text
    assert any("same-day" in line and "new and constant" in line for line in lines)
    assert lines[-1] == SAFETY_NET[1]  # "see someone if it is not improving" for every place


def test_the_tailbone_keeps_todays_safety_net() -> None:
    assert safety_net(DS, ["tailbone"]) == SAFETY_NET
    assert safety_net(DS, ["lower-back", "buttock"]) == SAFETY_NET


def test_the_neck_safety_net_names_the_cord_and_meningitis_signs() -> None:
    text = " ".join(safety_net(DS, ["back-of-neck"]))
    assert "clumsy" in text and "electric shocks" in text and "stiff neck" in text
    assert "genitals" not in text  # the saddle area is a low-back sign


def test_no_places_shows_every_line_and_each_place_gets_an_emergency_line() -> None:
    assert safety_net(DS) == tuple(line.text for line in DS.safety_net)
    for region in DS.regions:
        lines = safety_net(DS, [region.id])
        assert any(line.startswith("Get emergency help now") for line in lines), region.id


def test_the_safety_net_falls_back_to_the_built_in_wording() -> None:
    assert safety_lines((), None) == SAFETY_NET
    assert safety_lines((), frozenset({"tailbone"})) == SAFETY_NET
