"""The pure completion functions: each name once to its first owner, any spelling of the
typed word, and candidates that never fail."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from backmuscles.core.completion import Name, candidates, names_of

# --- the pure functions -------------------------------------------------------------------

NAMES = names_of(
    [
        ("lower-back", "lower back", ("low back", "lumbar")),
        ("tailbone", "tailbone", ("coccyx",)),
        ("sacrum", "sacrum", ("si joint", "low back")),  # "low back" is taken: first wins
    ]
)


def test_names_of_gives_each_name_once_to_the_first_owner() -> None:
    assert [
        Name("lower-back", "lower-back", "lower back"),
        Name("low-back", "lower-back", "lower back"),
        Name("lumbar", "lower-back", "lower back"),
        Name("tailbone", "tailbone", "tailbone"),
        Name("coccyx", "tailbone", "tailbone"),
        Name("sacrum", "sacrum", "sacrum"),
        Name("si-joint", "sacrum", "sacrum"),
    ] == NAMES


def test_candidates_accept_any_spelling_of_the_typed_word() -> None:
    assert [n.key for n in candidates(NAMES, "SI J")] == ["si-joint"]
    assert [n.key for n in candidates(NAMES, "", typed=["Lower Back", "coccyx"])] == ["sacrum"]
    assert candidates(NAMES, "--") == []


@given(st.text(max_size=20), st.lists(st.text(max_size=12), max_size=4))
def test_candidates_never_fail_and_offer_one_name_per_untyped_owner(
    incomplete: str, typed: list[str]
) -> None:
    found = candidates(NAMES, incomplete, typed)
    owners = [n.owner for n in found]
    assert len(owners) == len(set(owners))
    by_key = {n.key: n.owner for n in NAMES}
    from backmuscles.core.text import normalise

    assert not {by_key.get(normalise(t)) for t in typed} & set(owners)
    assert all(" " not in n.key for n in found)  # one shell word each


def test_a_label_is_not_repeated_beside_its_own_id() -> None:  # issue 16: fish showed it twice
    (name,) = names_of([("buttock", "buttock", ["lower buttock"])])[1:]
    assert name == Name("lower-buttock", "buttock", "buttock")
    (other,) = names_of([("mid-back", "middle of the back", ["bra line"])])[1:2]
    assert other.help == "middle of the back (mid-back)"  # a label that differs keeps the id


def test_a_word_in_capitals_is_offered_in_the_case_typed() -> None:
    found = candidates(NAMES, "Low")
    assert [n.key for n in found] == ["Lower-back"]
    assert [n.key for n in candidates(NAMES, "SI")] == ["SI-joint"]


def test_names_typed_in_several_words_count_as_typed() -> None:
    found = candidates(NAMES, "", ["lower", "back"])
    assert "lower-back" not in {n.owner for n in found}
