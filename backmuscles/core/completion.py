"""Shell completion candidates, as pure functions: which names to offer for a partly typed
word. Every TAB runs the whole program, so this module imports nothing but the name
normaliser, and its callers read the names from the cache without building any records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .text import normalise


class Name(NamedTuple):
    """One name a user can type: ``key`` (normalised, a single shell word such as
    ``si-joint``), the ``owner`` it names (a region or muscle id), and a ``help`` text
    that shells able to show one (zsh, fish) print beside it."""

    key: str
    owner: str
    help: str


def names_of(entries: Iterable[tuple[str, str, Sequence[str]]]) -> list[Name]:
    """Every name of every entry ``(id, label, other names)``: the id first, then the other
    names, each once; a name that two owners share goes to the first."""
    out: list[Name] = []
    seen: set[str] = set()
    for owner, label, others in entries:
        for text in (owner, label, *others):
            key = normalise(text)
            if key and key not in seen:
                seen.add(key)
                # the owner in brackets only where the label does not already say it
                plain = key == owner or normalise(label) == owner
                help_text = label if plain else f"{label} ({owner})"
                out.append(Name(key, owner, help_text))
    return out


def _typed_owners(by_key: dict[str, str], typed: Sequence[str]) -> set[str]:
    """The owners the typed words name, alone or as runs of up to four words ("lower back"
    is lower-back, not just back)."""
    keys = [normalise(word) for word in typed]
    owners = set()
    for start in range(len(keys)):
        for end in range(start + 1, min(start + 4, len(keys)) + 1):
            owner = by_key.get("-".join(k for k in keys[start:end] if k))
            if owner is not None:
                owners.add(owner)
    return owners


def candidates(names: Sequence[Name], incomplete: str, typed: Iterable[str] = ()) -> list[Name]:
    """What to offer for ``incomplete``: one name per owner not already ``typed`` (typed
    words may be any of its names, in one word or several). With nothing typed yet, only
    the ids; otherwise the id if it starts with the word, else the first other name that
    does ("coccyx" offers the synonym, "tail" the id ``tailbone``). The word may be in any
    case; a candidate keeps the case it was typed in ("Low" offers ``Lower-back``), since
    shells keep only candidates that start with what was typed."""
    by_key = {n.key: n.owner for n in names}
    taken = _typed_owners(by_key, list(typed))
    prefix = normalise(incomplete)
    if incomplete and not prefix:  # only punctuation typed: nothing can match
        return []
    chosen: dict[str, Name] = {}
    for name in names:
        if name.owner in taken or name.owner in chosen:
            continue
        # an owner's id comes before its other names (see names_of), so it wins when it fits
        if name.key.startswith(prefix) if prefix else name.key == name.owner:
            chosen[name.owner] = name
    if incomplete != prefix and incomplete.casefold() == prefix:  # typed in another case
        return [n._replace(key=incomplete + n.key[len(prefix) :]) for n in chosen.values()]
    return list(chosen.values())
