"""`screen` and the safety net for the upper back and neck through the CLI (issue 14): each
place is asked its own questions, a yes to chest pain is an emergency with its exit code, and
every page's "When to get help" fits the places it is about."""

from __future__ import annotations

import json

import pytest

from backmuscles.core.safety import SAFETY_NET
from backmuscles.dataset.loader import read_red_flags
from tests.cli.test_screening import screen
from tests.conftest import REPO_DATA

BANK = read_red_flags(REPO_DATA)[0]
assert BANK is not None
QUESTION = {f.id: " ".join(f.question.split()) for f in BANK.flags}
ALL_NO = "\n" + "n\n" * 80  # no age, then no to everything


def asked(*args: str) -> set[str]:
    result = screen("screen", *args, input=ALL_NO)
    said = " ".join(result.stderr.split())
    return {i for i, q in QUESTION.items() if q in said}


def test_screen_between_the_shoulder_blades_asks_the_chest_and_new_constant_questions() -> None:
    found = asked("between", "shoulder", "blades")
    assert {"chest-pain", "tearing-pain", "breathing-pain", "new-constant"} <= found
    assert {"neck-hands", "both-arms"} <= found


def test_screen_back_of_neck_asks_the_neck_cord_questions() -> None:
    found = asked("back-of-neck")
    assert {"neck-hands", "neck-walking", "neck-shocks", "both-arms", "neck-injury"} <= found
    assert "calf-swelling" not in found and "one-leg-nerve" not in found


def test_screen_tailbone_asks_none_of_the_neck_questions() -> None:
    found = asked("tailbone")
    neck = {"neck-hands", "neck-walking", "neck-shocks", "both-arms", "neck-injury", "arm-nerve"}
    assert not neck & found
    assert "new-constant" not in found and "one-leg-nerve" in found


@pytest.mark.parametrize("places", [[], ["between-shoulder-blades"], ["upper back"]])
def test_a_yes_to_the_chest_question_is_an_emergency(places) -> None:
    result = screen("screen", *places, "--yes", "chest-pain", "--json")
    assert result.exit_code == 4
    doc = json.loads(result.stdout)
    assert doc["level"] == "emergency" and [f["id"] for f in doc["flags"]] == ["chest-pain"]


def test_the_interview_ends_at_a_yes_to_chest_pain() -> None:
    # no age, then the chest question, which comes first for the upper back (emergency
    # questions for the places given lead), answered yes
    result = screen("screen", "upper-back", input="\n" + "y\n")
    assert QUESTION["chest-pain"] in " ".join(result.stderr.split())
    assert QUESTION["saddle-numbness"] not in " ".join(result.stderr.split())
    assert result.exit_code == 4 and "EMERGENCY" in result.stdout
    assert QUESTION["tearing-pain"] not in " ".join(result.stderr.split())


def test_the_screens_safety_net_fits_its_places() -> None:
    upper = screen("screen", "between-shoulder-blades", input=ALL_NO)
    text = " ".join(upper.stdout.split())
    assert "When to get help:" in text and "tearing pain" in text
    assert "new and constant" in text and SAFETY_NET[0] not in text
    tail = screen("screen", "tailbone", input=ALL_NO)
    assert all(line in tail.stdout for line in SAFETY_NET)
    doc = json.loads(screen("screen", "tailbone", "--json", input=ALL_NO).stdout)
    assert doc["safety_net"] == list(SAFETY_NET)


def test_where_an_upper_back_place_names_the_chest_signs() -> None:
    doc = json.loads(screen("where", "between shoulder blades", "--json").stdout)
    net = " ".join(doc["safety_net"])
    assert "chest" in net and "tearing" in net and "breathlessness" in net
    assert "new and constant" in net
    plain = screen("where", "between shoulder blades", "--plain").stdout
    assert all(line in plain for line in doc["safety_net"])
    tail = json.loads(screen("where", "tailbone", "--json").stdout)
    assert tail["safety_net"] == list(SAFETY_NET)


def test_the_question_bank_lists_the_new_questions_with_their_places() -> None:
    doc = json.loads(screen("screen", "--list", "--json").stdout)
    flags = {f["id"]: f for f in doc["flags"]}
    neck = ["neck", "upper-back", "top-of-shoulder", "arm"]
    assert flags["neck-hands"]["regions"] == neck
    # an emergency question is asked for every place; its regions put it first for them
    assert flags["chest-pain"]["level"] == "emergency" and "neck" in flags["chest-pain"]["regions"]
    lower = screen("screen", "tailbone", input=ALL_NO)
    said = " ".join(lower.stderr.split())
    assert QUESTION["chest-pain"] in said
    assert said.index(QUESTION["saddle-numbness"]) < said.index(QUESTION["chest-pain"])


def test_where_screen_stops_at_a_yes_to_chest_pain_with_the_emergency_exit_code() -> None:
    order = [f.id for f in BANK.flags if f.level == "emergency"]
    answers = "n\n" * order.index("chest-pain") + "y\n"
    result = screen("where", "between shoulder blades", "--screen", "--age", "40", input=answers)
    assert result.exit_code == 4
    assert "EMERGENCY" in result.stdout and "Muscles often linked" not in result.stdout
