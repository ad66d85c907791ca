"""Name normalisation: the one place that decides when two spellings are the same word."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Split text into case-folded words; spaces, hyphens, underscores and punctuation separate."""
    return _WORD.findall(text.casefold())


def normalise(text: str) -> str:
    """The lookup key of a name: ``"Lower_Back"``, ``"lower back"`` and ``"LOWER-back"`` agree."""
    return "-".join(words(text))
