"""Reading what the user typed: region words into region ids, names into muscles, a group,
an exercise.

Pure functions over a :class:`~backmuscles.core.model.Dataset`. One reader of several names
(:func:`read_names`, longest name first) serves regions and muscles. The ``parse_`` and
``find_`` functions return "not found" as a value (:class:`UnknownRegion`, an empty
:class:`MuscleLookup`); the ``*_named`` functions, which the commands use, raise the one
failure for it instead (:class:`~backmuscles.core.errors.NotFound` or
:class:`~backmuscles.core.errors.UsageError`), so every command says the same thing, with the
same exit code, for the same mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .errors import NotFound, UsageError, did_you_mean
from .model import Dataset, MuscleLookup, Query, UnknownRegion
from .text import name_index, normalise, words

if TYPE_CHECKING:
    from .model import Exercise, Muscle

# Words people put around a place name that name no place themselves ("pain in my
# lower back"). They are skipped only where they are not part of a region's name.
FILLER_WORDS = frozenset(
    "pain pains painful ache aches aching achy sore soreness hurt hurts hurting "
    "my the a in on at and or area".split()
)


def parse_regions(ds: Dataset, args: Sequence[str]) -> Query | UnknownRegion:
    """Read region words, longest name first: ``["lower", "back", "tailbone"]``,
    ``["lower back", "tailbone"]`` and ``["Lower-Back,", "coccyx"]`` all give
    ``("lower-back", "tailbone")``. Repeats are dropped, the order is kept."""
    keys = ds.region_keys
    tokens = [w for arg in args for w in words(arg)]
    found, ignored, unknown = read_names(tokens, keys, FILLER_WORDS)
    if unknown is not None:
        return UnknownRegion(unknown, suggest(normalise(unknown), keys))
    return Query(tuple(tokens), tuple(found), tuple(ignored))


def read_names(
    tokens: Sequence[str], keys: dict[str, str], skip: frozenset[str] = frozenset()
) -> tuple[list[str], list[str], str | None]:
    """Read names from ``tokens`` (normalised words), longest name first, so several
    names need no quotes: the ids in order without repeats, the ``skip`` words passed over
    (where they are not part of a name), and the first stretch of words that names nothing
    (up to the next word that starts a name), or None."""
    longest = max((key.count("-") + 1 for key in keys), default=1)
    found: list[str] = []
    ignored: list[str] = []
    i = 0
    while i < len(tokens):
        match = _match_at(tokens, i, keys, longest)
        if match is not None:
            name_id, size = match
            if name_id not in found:
                found.append(name_id)
            i += size
        elif tokens[i] in skip:
            ignored.append(tokens[i])
            i += 1
        else:
            end = i + 1
            while (
                end < len(tokens)
                and tokens[end] not in skip
                and _match_at(tokens, end, keys, longest) is None
            ):
                end += 1
            return found, ignored, " ".join(tokens[i:end])
    return found, ignored, None


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


def activity_keys(ds: Dataset) -> dict[str, str]:
    """Every normalised name of every activity (id, label, synonyms) -> activity id."""
    return name_index((a.id, (a.id, a.label, *a.synonyms)) for a in ds.activities)[0]


def activities_named(ds: Dataset, texts: Sequence[str]) -> tuple[str, ...]:
    """The activity ids these texts name (each text one id, label or synonym, in any case
    and spacing), duplicates removed, in the order given; a text that names none is left
    out. Pure, for a reader of phrases ("worse when sitting") to call with what is left
    once the places are read."""
    keys = activity_keys(ds)
    found = (keys.get(normalise(text)) for text in texts)
    return tuple(dict.fromkeys(a for a in found if a is not None))


def activities_given(ds: Dataset, texts: Sequence[str]) -> tuple[str, ...]:
    """The activity ids of ``--worse-with`` values; one that names none is a usage error
    (exit 2) with the closest names."""
    keys = activity_keys(ds)
    for text in texts:
        key = normalise(text)
        if key not in keys:
            close = suggest(key, keys)
            if close:
                raise UsageError(f"unknown activity {text!r}{did_you_mean(close)}")
            known = ", ".join(a.id for a in ds.activities) or "none in this dataset"
            raise UsageError(f"unknown activity {text!r}. The activities: {known}.")
    return activities_named(ds, texts)


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
    if key:  # a whole word of a name beats names that only share letters with it
        groups = _unique(g for name, g in group_keys(ds).items() if key in name.split("-"))
        members = tuple(m for g in groups for m in ds.members(g))
        if members:  # 'erector' is the erector spinae, not the letter-like rectus abdominis
            return MuscleLookup(text, candidates=members)
        worded = _unique(i for name, i in keys.items() if key in name.split("-"))
        if worded:
            chosen = tuple(m for i in worded[:3] if (m := ds.muscle(i)))
            return MuscleLookup(text, suggestions=chosen)
    close = suggest(key, keys) if key else ()
    return MuscleLookup(text, suggestions=tuple(m for i in close if (m := ds.muscle(i))))


def parse_muscles(ds: Dataset, args: Sequence[str]) -> tuple[list[str], MuscleLookup | None]:
    """Read several muscle names, longest name first, so ``gluteus medius gluteus minimus``
    needs no quotes: the muscle ids in order without repeats, and the first word that names
    no muscle (as a lookup with suggestions or a group's members), or None."""
    tokens = [w for arg in args for w in words(arg)]
    found, _, unknown = read_names(tokens, muscle_keys(ds))
    return found, (None if unknown is None else find_muscle(ds, unknown))


# --- the lookups the commands use: a failure is raised, worded once -------------------------


def regions_named(ds: Dataset, args: Sequence[str]) -> Query:
    """The regions ``args`` name, at least one; else a usage error (exit 2)."""
    query = parse_regions(ds, args)
    if isinstance(query, UnknownRegion):
        muscle = find_muscle(ds, " ".join(args)).muscle
        if muscle is not None:  # a muscle where a place was wanted: say where muscles go
            raise UsageError(
                f"{' '.join(args)!r} is a muscle ({muscle.name}), not a region: see "
                f"'backmuscles show {muscle.id}' or 'backmuscles map {muscle.id}'."
            )
        hint = did_you_mean(query.suggestions)
        raise UsageError(
            f"unknown region {query.text!r}{hint} Run 'backmuscles regions' to see them all."
        )
    if not query.regions:
        raise UsageError("no region given. Run 'backmuscles regions' to see them all.")
    return query


def map_named(ds: Dataset, args: Sequence[str]) -> tuple[Query | None, Muscle | None]:
    """What ``map``'s words name: regions, or else (the words as a whole) one muscle.
    A name that is both is a region (``--muscle`` draws the muscle); words that name
    neither fail as regions do."""
    query = parse_regions(ds, args)
    if isinstance(query, UnknownRegion):
        muscle = find_muscle(ds, " ".join(args)).muscle
        if muscle is not None:
            return None, muscle
    return regions_named(ds, args), None


def muscle_failure(lookup: MuscleLookup) -> NotFound:
    """What is said (exit 1) when ``lookup`` found no one muscle: a group's name lists its
    members; anything else gets the closest spellings."""
    if lookup.candidates:
        names = ", ".join(m.id for m in lookup.candidates)
        return NotFound(f"{lookup.text!r} is a group of muscles: {names}. Name one of them.")
    hint = did_you_mean([m.id for m in lookup.suggestions])
    return NotFound(
        f"no muscle called {lookup.text!r}{hint} Run 'backmuscles list' to see them all."
    )


def muscle_named(ds: Dataset, text: str) -> Muscle:
    """The one muscle ``text`` names; else :func:`muscle_failure`."""
    lookup = find_muscle(ds, text)
    if lookup.muscle is None:
        raise muscle_failure(lookup)
    return lookup.muscle


def muscles_named(ds: Dataset, args: Sequence[str]) -> list[str]:
    """The ids of the muscles ``args`` name (see :func:`parse_muscles`); else
    :func:`muscle_failure` for the first part that names none."""
    ids, unknown = parse_muscles(ds, args)
    if unknown is not None:
        raise muscle_failure(unknown)
    return ids


def group_named(ds: Dataset, text: str) -> str:
    """The id of the group ``text`` names; else a usage error (exit 2): it is an option's
    value (``list --group``)."""
    keys = group_keys(ds)
    group_id = keys.get(normalise(text))
    if group_id is None:
        raise UsageError(f"unknown group {text!r}{did_you_mean(suggest(normalise(text), keys))}")
    return group_id


def exercise_named(ds: Dataset, text: str) -> Exercise:
    """The exercise ``text`` names (its id or its name); else not found (exit 1)."""
    key = normalise(text)
    names = {normalise(e.id): e.id for e in ds.exercises}
    names.update({normalise(e.name): e.id for e in ds.exercises})
    if key not in names:
        close = [c for c in suggest(key, names) if c]
        raise NotFound(
            f"no exercise called {text!r}{did_you_mean(close)} "
            "Run 'backmuscles exercises' to see them."
        )
    return ds.exercise_by_id[names[key]]
