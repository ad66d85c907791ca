"""The commands read everyday words (issue 15): sides, symptoms, corrections, "Read as"."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli


def where_json(*words: str) -> dict:
    result = run_cli(["where", *words, "--json"], data=None)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_side_is_carried_per_site_into_the_json() -> None:
    doc = where_json("right lower back", "tailbone")
    sites = doc["query"]["sites"]
    assert [(s["region"]["id"], s["side"]) for s in sites] == [
        ("lower-back", "right"),
        ("tailbone", None),
    ]
    assert sites[0]["words"] == ["right", "lower", "back"]
    assert doc["query"]["read_as"] == "right lower back, tailbone"
    why = doc["results"][0]["why"]
    assert "lower back (right)" in why


def test_every_answer_starts_with_how_the_words_were_read() -> None:
    for argv in (
        ["where", "lower back on the left", "--no-map"],
        ["plan", "lower back on the left"],
        ["map", "lower back on the left"],
    ):
        result = run_cli(argv, data=None)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("Read as: left lower back\n"), argv


def test_sciatica_answers_with_the_nerve_questions_above_the_ranking() -> None:
    result = run_cli(["where", "sciatica", "--no-map"], data=None)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Read as: sciatica (buttock, back of thigh, leg)\n")
    check, ranking = out.index("Check first"), out.index("Muscles often linked")
    assert check < ranking
    assert "shoot down one leg below the knee" in out[check:ranking]  # one-leg-nerve
    assert "one leg weak and getting weaker" in out[check:ranking]  # leg-weakness
    doc = where_json("sciatica")
    assert doc["query"]["symptoms"][0]["id"] == "sciatica"
    # most urgent first (the emergency signs before the nerve-root one), as screen asks them
    ids = [c["id"] for c in doc["query"]["check_first"]]
    assert set(ids) == {"saddle-numbness", "both-legs", "leg-weakness", "one-leg-nerve"}
    assert ids[-1] == "one-leg-nerve"


def test_kidney_pain_raises_the_kidney_signs() -> None:
    doc = where_json("kidney pain")
    assert "kidney-signs" in [c["id"] for c in doc["query"]["check_first"]]


def test_a_mended_word_is_said_on_stderr_and_in_the_json() -> None:
    result = run_cli(["where", "lowerback", "--json"], data=None)
    assert result.exit_code == 0
    assert result.stderr == "backmuscles: read 'lowerback' as lower back\n"
    doc = json.loads(result.stdout)
    assert doc["query"]["corrections"] == [{"typed": "lowerback", "read": "lower back"}]


def test_a_side_on_the_midline_is_noted() -> None:
    result = run_cli(["where", "left tailbone", "--json"], data=None)
    assert result.exit_code == 0
    assert "midline" in result.stderr
    assert json.loads(result.stdout)["query"]["sites"][0]["side"] == "left"


def test_the_rectus_abdominis_says_it_refers_across_the_midline() -> None:
    doc = where_json("left lower back", "--top", "30")
    rectus = next(r for r in doc["results"] if r["muscle"]["id"] == "rectus-abdominis")
    assert "cross the midline" in rectus["why"]
    doc = where_json("lower back", "--top", "30")  # no side: nothing to say
    rectus = next(r for r in doc["results"] if r["muscle"]["id"] == "rectus-abdominis")
    assert "midline" not in rectus["why"]


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("hip flexor", "'hip flexor' is a group of muscles (iliacus, psoas), not a region"),
        ("upper knee", "cannot read 'upper knee': no rule says which place 'upper' means"),
        ("front of tailbone", "cannot read 'front of tailbone'"),
        ("upper", "cannot read 'upper': it names no place on its own; did you mean upper back"),
        ("pins and needles", "'pins and needles' names no place of its own"),
    ],
)
def test_what_cannot_be_read_exits_2_naming_the_words(words, said) -> None:
    for argv in (["where", words], ["plan", words], ["map", words], ["list", "--region", words]):
        result = run_cli(argv, data=None)
        assert result.exit_code == 2, argv
        assert said in result.stderr, (argv, result.stderr)


@pytest.mark.parametrize(
    ("words", "region", "side"),
    [
        ("small of my back", "lower-back", None),
        ("back of my thigh", "back-of-thigh", None),
        ("side of my hip", "outer-hip", None),
        ("middle of my back", "mid-back", None),
        ("outside of hip", "outer-hip", None),
        ("behind the knee", "back-of-knee", None),
        ("lowerback", "lower-back", None),
        ("butt cheek", "buttock", None),
        ("hip pocket", "buttock", None),
        ("kidney area", "lower-back", None),
        ("right lower back", "lower-back", "right"),
        ("left buttock", "buttock", "left"),
        ("lower back on the left", "lower-back", "left"),
        ("right side of my lower back", "lower-back", "right"),
    ],
)
def test_the_lower_body_phrases_of_the_issue_answer(words, region, side) -> None:
    site = where_json(words)["query"]["sites"][0]
    assert (site["region"]["id"], site["side"]) == (region, side)


def test_map_json_carries_the_query_with_its_sides() -> None:
    result = run_cli(["map", "left buttock", "--json"], data=None)
    assert result.exit_code == 0
    query = json.loads(result.stdout)["query"]
    assert query["sites"][0]["side"] == "left"
    muscle_only = json.loads(run_cli(["map", "--muscle", "ql", "--json"], data=None).stdout)
    assert muscle_only["query"] is None


def test_list_region_takes_everyday_words() -> None:
    result = run_cli(["list", "--region", "side of my hip", "--json"], data=None)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["filter"]["region"] == "outer-hip"


def test_regions_lists_the_symptom_words() -> None:
    result = run_cli(["regions", "--plain"], data=None)
    assert "sciatica  sciatica" in result.stdout
    doc = json.loads(run_cli(["regions", "--json"], data=None).stdout)
    assert (
        "kidney-signs" in next(s for s in doc["symptoms"] if s["id"] == "kidney-pain")["red_flags"]
    )


def test_the_muscles_the_charts_link_to_a_symptom_say_so() -> None:
    doc = where_json("sciatica", "--top", "10")
    why = {r["muscle"]["id"]: r["why"] for r in doc["results"]}
    assert "charts link sciatica with it" in why["gluteus-minimus"]
    assert "charts link" not in why["hamstrings"]


def test_a_side_of_the_place_between_the_blades_reads_after_it() -> None:
    # the mission's own example: "between my shoulder blades, right side"
    out = run_cli(["where", "between my shoulder blades, right side", "--no-map"], data=None).stdout
    assert out.startswith("Read as: between the shoulder blades (right side)\n")
