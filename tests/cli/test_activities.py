"""`where --worse-with ACTIVITY`: the activities in the query, the ranking, the JSON, the
warning-sign questions they raise, and the errors; `show` lists them."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_completion import SHELLS, complete
from tests.conftest import run_cli


def where_json(*args: str) -> dict:
    result = run_cli(["where", *args, "--json"], data=None)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_json_carries_the_activities_and_uses_them() -> None:
    doc = where_json("lower back", "--worse-with", "sitting", "-w", "Rolling over")
    assert doc["query"]["activities"] == [
        {"id": "sitting", "label": "sitting for a long time"},
        {"id": "rolling-over", "label": "rolling over in bed"},
    ]
    first = doc["results"][0]
    assert first["muscle"]["id"] == "quadratus-lumborum" and first["rank"] == 1
    assert [a["id"] for a in first["activities"]] == ["sitting", "rolling-over"]
    assert first["activities_why"] == [
        "sitting for a long time: often aggravates it",
        "rolling over in bed: often aggravates it",
    ]
    assert "sitting for a long time: often aggravates it" in first["why"]
    assert doc["check_first"] == []


def test_ties_share_a_rank_in_the_json_and_the_table() -> None:
    doc = where_json("buttock")
    ranks = [(r["rank"], r["muscle"]["id"]) for r in doc["results"]]
    assert ranks[:3] == [(1, "gluteus-maximus"), (1, "gluteus-medius"), (1, "piriformis")]
    assert ranks[3][0] == 4
    table = run_cli(["where", "buttock", "--details", "0", "--no-map"], data=None).stdout
    assert "\n1=    Gluteus maximus" in table and "\n4=    Gluteus minimus" in table


def test_coughing_raises_its_warning_question() -> None:
    doc = where_json("lower back", "--worse-with", "cough")
    assert [(c["flag"], c["raised_by"]["id"]) for c in doc["check_first"]] == [
        ("cough-strain", "coughing")
    ]
    assert "coughing" in doc["check_first"][0]["question"]
    text = run_cli(
        ["where", "lower back", "-w", "coughing", "--details", "0", "--no-map"], data=None
    ).stdout
    assert text.startswith("Read as: lower back; worse with coughing or sneezing\n\nCheck first:\n")
    breath = where_json("between the shoulder blades", "-w", "deep breath")
    assert [c["flag"] for c in breath["check_first"]] == ["breathing-pain"]
    assert breath["check_first"][0]["level"] == "emergency"


def test_an_unknown_activity_is_one_line_and_exit_2() -> None:
    result = run_cli(["where", "lower back", "--worse-with", "sittin"], data=None)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "backmuscles: unknown activity 'sittin'; did you mean sitting?\n"
    nothing = run_cli(["where", "lower back", "-w", "xyzzy"], data=None)
    assert nothing.exit_code == 2 and len(nothing.stderr.splitlines()) == 1
    assert "The activities: sitting, standing" in nothing.stderr


def test_an_activity_alone_adds_no_muscle() -> None:
    plain = {r["muscle"]["id"] for r in where_json("lower back")["results"]}
    both = {r["muscle"]["id"] for r in where_json("lower back", "-w", "pulling")["results"]}
    assert plain == both


def test_show_lists_what_makes_it_worse() -> None:
    result = run_cli(["show", "quadratus-lumborum"], data=None)
    assert "Often worse with:\n  lifting, twisting, carrying on one side" in result.stdout
    doc = json.loads(run_cli(["show", "ql", "--json"], data=None).stdout)
    assert doc["muscle"]["worse_with"][0] == {"id": "lifting", "label": "lifting"}


@pytest.mark.parametrize("shell", SHELLS)
def test_worse_with_completes_activity_ids(shell: str) -> None:
    found = complete(shell, "backmuscles where lower-back --worse-with roll", data=None)
    assert found == ["rolling-over"]
    found = complete(shell, "backmuscles where lower-back --worse-with ", data=None)
    assert "sitting" in found and "deep-breath" in found and "lower-back" not in found


@pytest.mark.parametrize(
    ("words", "regions", "activities"),
    [
        ("lower back worse when sitting", ["lower-back"], ["sitting"]),
        ("buttock after running", ["buttock"], ["running"]),
        ("pain in my lower back when I cough", ["lower-back"], ["coughing"]),
        ("lower back worse when sitting and tailbone", ["lower-back", "tailbone"], ["sitting"]),
        ("hip worse when lying on my side", ["hip"], ["lying-on-sore-side"]),
    ],
)
def test_what_makes_it_worse_is_read_from_the_words(
    words: str, regions: list[str], activities: list[str]
) -> None:
    # issue 17: "where lower back worse when sitting --json" carries the activity and uses it
    doc = where_json(words)
    assert [r["id"] for r in doc["query"]["regions"]] == regions
    assert [a["id"] for a in doc["query"]["activities"]] == activities
    assert "worse with" in doc["query"]["read_as"]
    top = doc["results"][0]
    assert top["activities"] and "often aggravates it" in top["why"]


def test_an_activity_word_with_no_activity_after_it_is_still_refused() -> None:
    result = run_cli(["where", "worse", "lower", "back"], data=None)
    assert result.exit_code == 2 and "'worse'" in result.stderr


def test_worse_with_takes_a_comma_separated_list() -> None:
    doc = where_json("lower back", "-w", "sitting,coughing")
    assert [a["id"] for a in doc["query"]["activities"]] == ["sitting", "coughing"]
