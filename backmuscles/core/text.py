"""Name normalisation: the one place that decides when two spellings are the same word."""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Split text into case-folded words; spaces, hyphens, underscores and punctuation separate."""
    return _WORD.findall(text.casefold())


def normalise(text: str) -> str:
    """The lookup key of a name: ``"Lower_Back"``, ``"lower back"`` and ``"LOWER-back"`` agree."""
    return "-".join(words(text))


def name_index(
    entries: Iterable[tuple[str, Iterable[str]]],
) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Index owners by every normalised name: ``[(owner_id, names), ...]`` gives
    ``{key: owner_id}`` (the first owner wins) and the clashes, as
    ``(key, first_owner, later_owner)``, where two owners share a name."""
    index: dict[str, str] = {}
    clashes: list[tuple[str, str, str]] = []
    for owner, names in entries:
        for key in sorted({normalise(n) for n in names} - {""}):
            first = index.setdefault(key, owner)
            if first != owner:
                clashes.append((key, first, owner))
    return index, clashes
