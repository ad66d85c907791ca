"""Reading what the user typed: region words into region ids, a name into a muscle.

Pure functions over a :class:`~backmuscles.model.Dataset`. "Not found" is a value
(:class:`UnknownRegion`, an empty :class:`MuscleLookup`), never an exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .model import Dataset, MuscleLookup, Query, UnknownRegion
from .text import name_index, normalise, words

# Words people put around a place name that name no place themselves ("pain in my
# lower back"). They are skipped only where they are not part of a region's name.
FILLER_WORDS = frozenset(
    "pain pains painful ache aches aching achy sore soreness hurt hurts hurting "
    "my the a in on at and or area".split()
)


def region_keys(ds: Dataset) -> dict[str, str]:
    """Every normalised name of every region (id, label, synonyms) -> region id."""
    return ds.region_keys


def parse_regions(ds: Dataset, args: Sequence[str]) -> Query | UnknownRegion:
    """Read region words, longest name first: ``["lower", "back", "tailbone"]``,
    ``["lower back", "tailbone"]`` and ``["Lower-Back,", "coccyx"]`` all give
    ``("lower-back", "tailbone")``. Repeats are dropped, the order is kept."""
    keys = region_keys(ds)
    longest = max((key.count("-") + 1 for key in keys), default=1)
    tokens = [w for arg in args for w in words(arg)]
    found: list[str] = []
    ignored: list[str] = []
    i = 0
    while i < len(tokens):
        match = _match_at(tokens, i, keys, longest)
        if match is not None:
            region_id, size = match
            if region_id not in found:
                found.append(region_id)
            i += size
        elif tokens[i] in FILLER_WORDS:
            ignored.append(tokens[i])
            i += 1
        else:
            end = i + 1  # the unknown part runs to the next word that starts a name
            while (
                end < len(tokens)
                and tokens[end] not in FILLER_WORDS
                and _match_at(tokens, end, keys, longest) is None
            ):
                end += 1
            text = " ".join(tokens[i:end])
            return UnknownRegion(text, suggest(normalise(text), keys))
    return Query(tuple(tokens), tuple(found), tuple(ignored))


def _match_at(
    tokens: Sequence[str], start: int, keys: dict[str, str], longest: int
) -> tuple[str, int] | None:
    for size in range(min(longest, len(tokens) - start), 0, -1):
        region_id = keys.get("-".join(tokens[start : start + size]))
        if region_id is not None:
            return region_id, size
    return None


def suggest(key: str, names: dict[str, str], limit: int = 3) -> tuple[str, ...]:
    """The ids whose names are closest to ``key``, best first, unique. Only names nearly
    as close as the best one are kept, so a clear typo gets one answer, not three."""
    import difflib

    def ratio(name: str) -> float:
        return difflib.SequenceMatcher(None, key, name).ratio()

    close = difflib.get_close_matches(key, list(names), n=12, cutoff=0.6)
    if not close and "-" in key:  # a typo in one word of several: try each word alone
        for part in key.split("-"):
            close += difflib.get_close_matches(part, list(names), n=3, cutoff=0.75)
    if close:
        best = max(ratio(c) for c in close)
        close = [c for c in close if ratio(c) >= best - 0.1]
    return tuple(_unique(names[c] for c in close))[:limit]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def muscle_keys(ds: Dataset) -> dict[str, str]:
    """Every normalised name of every muscle (id, name, aliases) -> muscle id."""
    return name_index((m.id, (m.id, m.name, *m.aliases)) for m in ds.muscles)[0]


def group_keys(ds: Dataset) -> dict[str, str]:
    """Every normalised name of every group (id, label, synonyms) -> group id."""
    return name_index((g.id, (g.id, g.label, *g.synonyms)) for g in ds.groups)[0]


def find_muscle(ds: Dataset, text: str) -> MuscleLookup:
    """Look a muscle up by id, name or alias in any case and spelling of separators.
    A group's name ("erector spinae", "hip flexors") gives its members as candidates;
    otherwise close spellings come back as suggestions."""
    key = normalise(text)
    keys = muscle_keys(ds)
    if key in keys:
        return MuscleLookup(text, muscle=ds.muscle(keys[key]))
    group = group_keys(ds).get(key)
    members = ds.members(group) if group else ()
    if len(members) == 1:
        return MuscleLookup(text, muscle=members[0])
    if members:
        return MuscleLookup(text, candidates=members)
    close = suggest(key, keys) if key else ()
    return MuscleLookup(text, suggestions=tuple(m for i in close if (m := ds.muscle(i))))


def parse_muscles(ds: Dataset, args: Sequence[str]) -> tuple[list[str], MuscleLookup | None]:
    """Read several muscle names, longest name first, so ``gluteus medius gluteus minimus``
    needs no quotes: the muscle ids in order without repeats, and the first word that names
    no muscle (as a lookup with suggestions or a group's members), or None."""
    keys = muscle_keys(ds)
    longest = max((key.count("-") + 1 for key in keys), default=1)
    tokens = [w for arg in args for w in words(arg)]
    found: list[str] = []
    i = 0
    while i < len(tokens):
        match = _match_at(tokens, i, keys, longest)
        if match is None:
            end = i + 1  # the unknown part runs to the next word that starts a name
            while end < len(tokens) and _match_at(tokens, end, keys, longest) is None:
                end += 1
            return found, find_muscle(ds, " ".join(tokens[i:end]))
        muscle_id, size = match
        if muscle_id not in found:
            found.append(muscle_id)
        i += size
    return found, None
