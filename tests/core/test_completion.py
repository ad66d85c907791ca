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
        Name("low-back", "lower-back", "lower back (lower-back)"),
        Name("lumbar", "lower-back", "lower back (lower-back)"),
        Name("tailbone", "tailbone", "tailbone"),
        Name("coccyx", "tailbone", "tailbone (tailbone)"),
        Name("sacrum", "sacrum", "sacrum"),
        Name("si-joint", "sacrum", "sacrum (sacrum)"),
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
