"""Reading region words and muscle names the way people type them."""

from __future__ import annotations

import pytest

from backmuscles.core.model import Query, UnknownRegion
from backmuscles.core.text import normalise
from backmuscles.core.vocab import find_muscle, parse_regions


@pytest.mark.parametrize(
    "args",
    [
        ["lower-back", "tailbone"],
        ["lower", "back", "tailbone"],
        ["lower back", "tailbone"],
        ["Lower_Back,", "COCCYX"],
        ["low back", "tail bone"],
        ["lumbar", "coccyx", "lumbar"],
        ["pain in my lower back and tailbone"],
    ],
)
def test_region_spellings(real, args) -> None:
    query = parse_regions(real, args)
    assert isinstance(query, Query)
    assert query.regions == ("lower-back", "tailbone")


def test_longest_name_wins_over_its_parts(real) -> None:
    query = parse_regions(real, ["back", "of", "thigh", "back"])
    assert isinstance(query, Query)
    assert query.regions == ("back-of-thigh", "back")


def test_filler_words_are_reported_as_ignored(real) -> None:
    query = parse_regions(real, ["sore", "buttock"])
    assert isinstance(query, Query)
    assert query.ignored == ("sore",)


def test_unknown_region_reports_the_unread_words_and_suggestions(real) -> None:
    found = parse_regions(real, ["lowr", "bak", "tailbone"])
    assert isinstance(found, UnknownRegion)
    assert found.text == "lowr bak"  # as typed, though 'lowr' alone could be mended
    assert found.suggestions[0] == "lower-back"


def test_close_misspellings_with_one_answer_are_read_and_reported(real) -> None:
    query = parse_regions(real, ["lowr", "bakc", "tailbone"])
    assert isinstance(query, Query)
    assert query.regions == ("lower-back", "tailbone")
    assert [(c.typed, c.read) for c in query.corrections] == [("lowr", "lower"), ("bakc", "back")]


def test_unknown_region_without_anything_close(real) -> None:
    found = parse_regions(real, ["xqzv"])
    assert found == UnknownRegion("xqzv", ())


def test_only_filler_words_give_an_empty_query(real) -> None:
    query = parse_regions(real, ["pain"])
    assert isinstance(query, Query) and query.regions == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ql", "quadratus-lumborum"),
        ("QL", "quadratus-lumborum"),
        ("Quadratus Lumborum", "quadratus-lumborum"),
        ("quadratus_lumborum", "quadratus-lumborum"),
        ("glute med", "gluteus-medius"),
        ("psoas", "psoas"),
        ("semitendinosus", "hamstrings"),
    ],
)
def test_find_muscle_by_id_name_or_alias(real, text, expected) -> None:
    found = find_muscle(real, text)
    assert found.muscle is not None and found.muscle.id == expected


@pytest.mark.parametrize(
    ("text", "members"),
    [
        ("Hip Flexors", {"psoas", "iliacus"}),
        ("iliopsoas", {"psoas", "iliacus"}),
        # the erector spinae is split into its parts; its old names find all of them
        (
            "erector spinae",
            {"iliocostalis-lumborum", "iliocostalis-thoracis", "longissimus-thoracis"},
        ),
        ("paraspinals", {"iliocostalis-lumborum", "iliocostalis-thoracis", "longissimus-thoracis"}),
    ],
)
def test_group_name_lists_its_members(real, text, members) -> None:
    found = find_muscle(real, text)
    assert found.muscle is None
    assert {m.id for m in found.candidates} == members


def test_misspelling_gets_suggestions(real) -> None:
    found = find_muscle(real, "gluteus medus")
    assert found.muscle is None
    assert found.suggestions[0].id == "gluteus-medius"


def test_nothing_close(real) -> None:
    found = find_muscle(real, "zzzz")
    assert found.muscle is None and not found.suggestions and not found.candidates


def test_normalise() -> None:
    assert normalise("  Lower__Back - ") == "lower-back"
    assert normalise("SI joint") == normalise("si-joint") == "si-joint"
    assert normalise("!!!") == ""


def test_a_word_of_a_group_name_beats_letter_like_muscles() -> None:  # issue 16: 'show erector'
    from backmuscles.dataset.loader import load
    from tests.conftest import REPO_DATA

    ds = load(REPO_DATA)
    erector = find_muscle(ds, "erector")
    assert erector.muscle is None and {m.id for m in erector.candidates} == {
        m.id for m in ds.members("erector-spinae")
    }
    assert not erector.suggestions  # not rectus-abdominis
    lumborum = find_muscle(ds, "lumborum")
    assert {m.id for m in lumborum.suggestions} == {"quadratus-lumborum", "iliocostalis-lumborum"}
    assert [m.id for m in find_muscle(ds, "qll").suggestions] == ["quadratus-lumborum"]
