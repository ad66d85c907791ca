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
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import NotFound, UsageError, did_you_mean
from .model import (
    Correction,
    Dataset,
    MuscleLookup,
    Phrases,
    Query,
    Region,
    Side,
    Site,
    Symptom,
    UnknownRegion,
)
from .text import name_index, normalise, words

if TYPE_CHECKING:
    from .model import Exercise, Muscle

# --- the phrase reader ------------------------------------------------------------------------
# Names (of regions, symptoms, modifiers) and the user's words pass through the same steps (see
# data/phrases.yaml): words split on anything but letters and digits, case folded; the
# ``dropped`` words left out (articles, possessives); each word read as its ``forms`` entry;
# a plural read as its singular. A place is then the longest name at that point, or a
# modifier with a body part after it ("back of" + thigh), read by the modifier's rules.

# Used when a dataset has no phrases.yaml: the filler words of the first reader.
FILLER_WORDS = frozenset(
    "pain pains painful ache aches aching achy sore soreness hurt hurts hurting "
    "my the a in on at and or area".split()
)
_BASIC = Phrases(
    dropped=("the", "my", "a"),
    ignored=tuple(sorted(FILLER_WORDS - {"the", "my", "a"})),
    sides=(("left", ("left",)), ("right", ("right",)), ("both", ("both",))),
)
_SIDE_NOUNS = frozenset(("side", "sided"))


def singular(word: str) -> str:
    """``hips`` -> ``hip``: a final s goes, except after s, u or i (``sacroiliacs`` ->
    ``sacroiliac``, but ``gluteus``, ``pelvis``, ``lass`` stay)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class Lexicon:
    """The reader's tables, built once per dataset from its names and phrases.yaml."""

    __slots__ = (
        "dropped",
        "forms",
        "ignored",
        "joined",
        "longest",
        "mod_longest",
        "modifiers",
        "names",
        "rules",
        "sides",
        "vocabulary",
    )

    def __init__(
        self,
        regions: Iterable[Region],
        symptoms: Iterable[Symptom],
        phrases: Phrases,
    ) -> None:
        phrases = phrases if (phrases.ignored or phrases.modifiers) else _BASIC
        self.dropped = frozenset(phrases.dropped)
        self.forms = dict(phrases.forms)
        self.ignored = frozenset(phrases.ignored)
        self.sides: dict[str, Side] = {}
        for side, side_words in phrases.sides:
            for word in side_words:
                self.sides[self.word(word) or word] = side  # type: ignore[assignment]
        # canonical key ("lower back") -> ("region" | "symptom", id); the first owner wins
        self.names: dict[str, tuple[str, str]] = {}
        for region in regions:
            for text in (region.id, region.label, *region.synonyms):
                self.names.setdefault(self.key(text), ("region", region.id))
        for symptom in symptoms:
            for text in (symptom.id, symptom.label, *symptom.synonyms):
                self.names.setdefault(self.key(text), ("symptom", symptom.id))
        self.names.pop("", None)
        # a name's words typed as one ("lowerback"): joined key -> canonical key
        self.joined: dict[str, str] = {}
        for key in self.names:
            if " " in key:
                self.joined.setdefault(key.replace(" ", ""), key)
        self.longest = max((k.count(" ") + 1 for k in self.names), default=1)
        self.modifiers: dict[str, str] = {}
        self.rules: dict[tuple[str, str], str] = {}
        for modifier in phrases.modifiers:
            for text in modifier.words:
                self.modifiers.setdefault(self.key(text), modifier.id)
            for part, gives in modifier.rules:
                self.rules[(modifier.id, part)] = gives
        self.modifiers.pop("", None)
        self.mod_longest = max((k.count(" ") + 1 for k in self.modifiers), default=1)
        vocabulary = {w for key in (*self.names, *self.modifiers) for w in key.split()}
        self.vocabulary = frozenset(vocabulary | set(self.sides) | _SIDE_NOUNS)

    def plain(self) -> tuple[Any, ...]:
        """The tables as built-in types, for the cache: a warm run reads them back instead
        of reading every name again (about 3 ms on the shipped data)."""
        return tuple(getattr(self, name) for name in self.__slots__)

    @classmethod
    def from_plain(cls, data: tuple[Any, ...]) -> Lexicon:
        lex = cls.__new__(cls)
        for name, value in zip(cls.__slots__, data, strict=True):
            setattr(lex, name, value)
        return lex

    def word(self, raw: str) -> str | None:
        """One word as the reader sees it, or None if it is dropped."""
        if raw in self.dropped:
            return None
        return singular(self.forms.get(raw, raw))

    def key(self, text: str) -> str:
        """The canonical key of a name: its words, read, joined by spaces."""
        return " ".join(w for raw in words(text) if (w := self.word(raw)) is not None)

    def filler(self, token: _Token) -> bool:
        return token.word in self.ignored or token.raw in self.ignored


def lexicon(ds: Dataset) -> Lexicon:
    """The dataset's reader tables (built on first use, then kept with the dataset)."""
    memo = ds._memo  # the dataset keeps the indices its readers derive
    found = memo.get("lexicon")
    if found is None:
        cached = memo.get("lexicon-plain")  # read from the cache with the dataset
        if cached is not None:
            found = Lexicon.from_plain(cached)
        else:
            found = Lexicon(ds.regions, ds.symptoms, ds.phrases)
        memo["lexicon"] = found
    assert isinstance(found, Lexicon)
    return found


def keep_lexicon(ds: Dataset) -> None:
    """Put the reader's tables where :meth:`Dataset.plain` finds them, so the cache keeps
    them and a warm run does not build them again."""
    ds._memo["lexicon-plain"] = lexicon(ds).plain()


def phrase_problems(
    regions: Sequence[Region], symptoms: Sequence[Symptom], phrases: Phrases
) -> list[tuple[str, str]]:
    """What is wrong with the phrases and symptom names, as ``(field, message)``: rules
    naming unknown regions, names that mean two places once read, a modifier with a part that
    reads as another region than a name saying the same words, side or modifier words that
    are names."""
    problems: list[tuple[str, str]] = []
    lex = Lexicon(regions, (), phrases)
    owner: dict[str, str] = {}
    named: dict[str, list[tuple[str, str]]] = {}  # region id -> (name, its key), read once
    entries: list[tuple[str, str, Region | Symptom]] = [("region", "regions", r) for r in regions]
    entries += [("symptom", "symptoms", s) for s in symptoms]
    for kind, file_key, entry in entries:
        this = f"{kind} {entry.id!r}"
        for text in (entry.id, entry.label, *entry.synonyms):
            key = lex.key(text)
            if kind == "region":
                named.setdefault(entry.id, []).append((text, key))
            first = owner.setdefault(key, this)
            if key and first != this:
                problems.append(
                    (f"{file_key}[{entry.id}]", f"{text!r} reads as {key!r}, which names {first}")
                )
    for modifier in phrases.modifiers:
        field = f"modifiers[{modifier.id}]"
        word_keys = [(text, lex.key(text)) for text in modifier.words]
        for text, key in word_keys:
            if key in owner:
                problems.append((f"{field}.words", f"{text!r} is also a name of {owner[key]}"))
        for part, gives in modifier.rules:
            for region_id in (part, gives):
                if region_id not in named:
                    problems.append((f"{field}.rules.{part}", f"unknown region {region_id!r}"))
            for text, word_key in word_keys:
                for name, name_key in named.get(part, ()):
                    key = f"{word_key} {name_key}".strip()
                    said = owner.get(key)
                    if said is not None and said != f"region {gives!r}":
                        problems.append(
                            (
                                f"{field}.rules.{part}",
                                f"{text!r} with {name!r} would read as {gives!r}, but "
                                f"{key!r} names {said}",
                            )
                        )
    for side, side_words in phrases.sides:
        for text in side_words:
            key = lex.key(text)
            if key in owner:
                problems.append((f"sides.{side}", f"{text!r} is also a name of {owner[key]}"))
    return problems


# The reader's working records are plain classes with slots: a typing.NamedTuple costs about
# 0.15 ms to define, on every run, and these never leave the module.


class _Token:
    __slots__ = ("raw", "word")

    def __init__(self, word: str, raw: str) -> None:
        self.word = word  # as the reader sees it
        self.raw = raw  # as typed (case folded)


class _Place:
    __slots__ = ("id", "kind", "sides", "words")

    def __init__(self, kind: str, id: str, words: tuple[str, ...], sides: tuple[Side, ...]):
        self.kind = kind  # "region" or "symptom"
        self.id = id
        self.words = words
        self.sides = sides  # said inside the phrase ("lower right back")


class _SideSaid:
    __slots__ = ("after", "side", "words")

    def __init__(self, side: Side, after: bool, words: tuple[str, ...]) -> None:
        self.side = side
        self.after = after  # "on the left": goes with the place before it
        self.words = words


class Refused(NamedTuple):
    """Words the reader will not read: an unknown stretch, or a modifier it cannot honour
    with the part after it (``reason`` says which), with plausible suggestions."""

    text: str
    suggestions: tuple[str, ...]
    reason: str = ""
    start: int = 0  # index of its first word among the words read


def _tokens(lex: Lexicon, args: Sequence[str]) -> tuple[list[_Token], list[str]]:
    tokens: list[_Token] = []
    dropped: list[str] = []
    for arg in args:
        for raw in words(arg):
            word = lex.word(raw)
            if word is None:
                dropped.append(raw)
            else:
                tokens.append(_Token(word, raw))
    return tokens, dropped


def _name_at(lex: Lexicon, tokens: Sequence[_Token], start: int) -> tuple[str, str, int] | None:
    """The longest name starting at ``start``: (kind, id, size)."""
    for size in range(min(lex.longest, len(tokens) - start), 0, -1):
        found = lex.names.get(" ".join(t.word for t in tokens[start : start + size]))
        if found is not None:
            return (*found, size)
    return None


def _sides_at(lex: Lexicon, tokens: Sequence[_Token], start: int) -> tuple[list[Side], int]:
    """Side words at ``start`` ("right", "left and right", "right hand side of"): the sides
    and the index after them."""
    sides: list[Side] = []
    i = start
    while i < len(tokens) and tokens[i].word in lex.sides:
        sides.append(lex.sides[tokens[i].word])
        i += 1
        if (
            i + 1 < len(tokens)
            and tokens[i].word in ("and", "or")
            and tokens[i + 1].word in lex.sides
        ):
            i += 1
    if sides:
        if i < len(tokens) and tokens[i].word == "hand":
            i += 1
        if i < len(tokens) and tokens[i].word in _SIDE_NOUNS:
            i += 1
            if i < len(tokens) and tokens[i].word == "of":
                i += 1
    return sides, i


def _modified_at(
    lex: Lexicon, tokens: Sequence[_Token], start: int
) -> tuple[str, str | None, int, list[Side], str] | None:
    """A modifier at ``start`` with the part after it: (modifier id, region read or None when
    no rule honours it, index after, sides said between, the part's region). None: no
    modifier with a part."""
    for size in range(min(lex.mod_longest, len(tokens) - start), 0, -1):
        modifier = lex.modifiers.get(" ".join(t.word for t in tokens[start : start + size]))
        if modifier is None:
            continue
        sides, after = _sides_at(lex, tokens, start + size)
        part = _name_at(lex, tokens, after)
        if part is None or part[0] != "region":
            continue
        gives = lex.rules.get((modifier, part[1]))
        return modifier, gives if gives else None, after + part[2], sides, part[1]
    return None


def _joined_at(lex: Lexicon, tokens: Sequence[_Token], start: int) -> tuple[str, str, int] | None:
    """A name typed joined ("lowerback") or a joined name typed apart ("sacro iliac")."""
    key = lex.joined.get(tokens[start].word)
    if key is not None:
        return (*lex.names[key], 1)
    if start + 1 < len(tokens):
        together = tokens[start].word + tokens[start + 1].word
        found = lex.names.get(together)
        if found is None and together in lex.joined:
            found = lex.names[lex.joined[together]]
        if found is not None:
            return (*found, 2)
    return None


def _read(
    ds: Dataset, lex: Lexicon, tokens: Sequence[_Token]
) -> tuple[list[_Place | _SideSaid], list[str], list[Correction]] | Refused:
    events: list[_Place | _SideSaid] = []
    ignored: list[str] = []
    joined: list[Correction] = []
    said = [t.raw for t in tokens]
    i = 0
    while i < len(tokens):
        sides, after = _sides_at(lex, tokens, i)
        if sides:
            side: Side = sides[0] if len(set(sides)) == 1 else "both"
            after_place = i > 0 and tokens[i - 1].word in ("on", "to")
            events.append(_SideSaid(side, after_place, tuple(said[i:after])))
            i = after
            continue
        direct = _name_at(lex, tokens, i)
        modified = _modified_at(lex, tokens, i)
        if modified is not None and (direct is None or modified[2] - i > direct[2]):
            modifier, gives, end, inner, part = modified
            if gives is None:
                return _refuse_modifier(ds, lex, tokens, i, end, modifier, part)
            events.append(_Place("region", gives, tuple(said[i:end]), tuple(inner)))
            i = end
            continue
        if direct is not None:
            kind, name_id, size = direct
            events.append(_Place(kind, name_id, tuple(said[i : i + size]), ()))
            i += size
            continue
        together = _joined_at(lex, tokens, i)
        if together is not None:
            kind, name_id, size = together
            label = ds.label(name_id) if kind == "region" else ds.symptom_by_id[name_id].label
            joined.append(Correction(" ".join(said[i : i + size]), label))
            events.append(_Place(kind, name_id, tuple(said[i : i + size]), ()))
            i += size
            continue
        if lex.filler(tokens[i]) or tokens[i].word in ("of", "side", "hand"):
            ignored.append(tokens[i].raw)
            i += 1
            continue
        size = _modifier_size(lex, tokens, i)
        if size:
            unknown = i + size
            while unknown < len(tokens) and tokens[unknown].word in lex.sides:
                unknown += 1
            if unknown < len(tokens) and not _known_at(lex, tokens, unknown):
                i = unknown  # the word after it names nothing: mend that one first
            else:
                return _refuse_modifier(ds, lex, tokens, i, None, None, None)
        end = i + 1
        while end < len(tokens) and not _known_at(lex, tokens, end):
            end += 1
        return Refused(" ".join(said[i:end]), (), start=i)
    return events, ignored, joined


def _modifier_size(lex: Lexicon, tokens: Sequence[_Token], i: int) -> int:
    """The number of words of the longest modifier at ``i`` (0: none)."""
    for size in range(min(lex.mod_longest, len(tokens) - i), 0, -1):
        if " ".join(t.word for t in tokens[i : i + size]) in lex.modifiers:
            return size
    return 0


def _known_at(lex: Lexicon, tokens: Sequence[_Token], i: int) -> bool:
    token = tokens[i]
    return (
        lex.filler(token)
        or token.word in lex.sides
        or token.word in ("of", "side", "hand")
        or _name_at(lex, tokens, i) is not None
        or _modifier_size(lex, tokens, i) > 0
    )


def _refuse_modifier(
    ds: Dataset,
    lex: Lexicon,
    tokens: Sequence[_Token],
    start: int,
    end: int | None,
    modifier: str | None,
    part: str | None,
) -> Refused:
    """A modifier the reader cannot honour: with a part no rule covers ("upper knee": the
    part is suggested, to be chosen knowingly), or with no part after it ("upper": the places
    it is read with are suggested)."""
    if modifier is None:
        for size in range(min(lex.mod_longest, len(tokens) - start), 0, -1):
            found = lex.modifiers.get(" ".join(t.word for t in tokens[start : start + size]))
            if found is not None:
                modifier, word_end = found, start + size
                break
        else:  # pragma: no cover - only called where a modifier starts
            modifier, word_end = "", start + 1
        text = " ".join(t.raw for t in tokens[start:word_end])
        parts = [part for (m, part), _gives in lex.rules.items() if m == modifier]
        said = [f"{text} {ds.label(part).split(' / ')[0]}" for part in parts[:3]]
        return Refused(text, tuple(said), "it names no place on its own", start)
    text = " ".join(t.raw for t in tokens[start:end])
    first = " ".join(t.raw for t in tokens[start : start + _modifier_size(lex, tokens, start)])
    label = ds.label(part) if part else "that place"
    reason = f"no rule says which place {first!r} means with the {label}"
    return Refused(text, (part,) if part else (), reason, start)


# --- misspellings ----------------------------------------------------------------------------


def _distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from a to b; limit + 1 if more."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = ca != cb
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def _close_words(lex: Lexicon, word: str) -> list[str]:
    """The words of the vocabulary closest to ``word``: one edit for a word of up to six
    letters, two for longer ones; nothing for words shorter than four letters (too many
    words are one edit from "leg")."""
    if len(word) < 4:
        return []
    limit = 1 if len(word) <= 6 else 2
    scored = [(_distance(word, w, limit), w) for w in lex.vocabulary | lex.ignored]
    best = min((d for d, _ in scored), default=limit + 1)
    if best > limit:
        return []
    return sorted(w for d, w in scored if d == best)


def _split(lex: Lexicon, word: str) -> list[str] | None:
    """A word that is two words of the vocabulary typed together ("rightbuttock")."""
    for cut in range(2, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        if head in lex.vocabulary | lex.sides.keys() and singular(tail) in lex.vocabulary:
            return [head, singular(tail)]
    return None


def _owners_with(lex: Lexicon, word: str) -> list[str]:
    """Region ids whose names hold ``word`` as a whole word ("cheek": buttock)."""
    return _unique(
        owner
        for key, (kind, owner) in lex.names.items()
        if kind == "region" and word in key.split()
    )


class _Correcting:
    __slots__ = ("correction", "suggestions", "tokens")

    def __init__(
        self, tokens: list[_Token], correction: Correction | None, suggestions: tuple[str, ...]
    ) -> None:
        self.tokens = tokens
        self.correction = correction
        self.suggestions = suggestions


def _correct(lex: Lexicon, tokens: list[_Token], at: int) -> _Correcting:
    """Try to read the word at ``at`` as something known: split in two, or one clear close
    spelling. Else plausible suggestions (region ids)."""
    token = tokens[at]
    if token.word in lex.vocabulary:  # a word of a name, alone: the places it is part of
        return _Correcting(tokens, None, tuple(_owners_with(lex, token.word))[:3])
    parts = _split(lex, token.word)
    if parts is not None:
        fixed = [*tokens[:at], *(_Token(p, p) for p in parts), *tokens[at + 1 :]]
        return _Correcting(fixed, Correction(token.raw, " ".join(parts)), ())
    close = _close_words(lex, token.word)
    if len(close) > 1:  # ties: the spelling sharing most letters in order, if one does
        import difflib

        ratios = {w: difflib.SequenceMatcher(None, token.word, w).ratio() for w in close}
        top = max(ratios.values())
        close = [w for w in close if ratios[w] == top]
    if len(close) == 1:
        fixed = [*tokens[:at], _Token(close[0], close[0]), *tokens[at + 1 :]]
        return _Correcting(fixed, Correction(token.raw, close[0]), ())
    suggestions = [o for w in close for o in _owners_with(lex, w)]
    if not close and token.word in lex.vocabulary:
        suggestions = _owners_with(lex, token.word)
    return _Correcting(tokens, None, tuple(_unique(suggestions))[:3])


def _unread(
    ds: Dataset, lex: Lexicon, typed: list[_Token], read: Refused, found: tuple[str, ...]
) -> Refused:
    """The refusal as typed, when mending some words still left one unread: the words
    named are the user's own ("lowr bak"), not the mended ones."""
    first = _read(ds, lex, typed)
    text = first.text if isinstance(first, Refused) else read.text
    return read._replace(text=text, suggestions=found or _near_names(ds, text))


def _near_names(ds: Dataset, text: str) -> tuple[str, ...]:
    """Regions whose whole name is spelt much like ``text`` ("lowr bak": lower back); a
    high bar, so that a word sharing only letters with a name gets nothing."""
    import difflib

    key = normalise(text)
    keys = ds.region_keys
    close = difflib.get_close_matches(key, list(keys), n=6, cutoff=0.75)
    return tuple(_unique(keys[c] for c in close))[:3]


# --- reading a whole query ---------------------------------------------------------------


ACTIVITY_NAME_WORDS = 6  # the longest activity name read, in words


def split_activities(
    ds: Dataset, args: Sequence[str]
) -> tuple[list[str], tuple[str, ...], list[str]]:
    """What makes it worse, said with the places ("lower back worse when sitting", "buttock
    after running"): from the first of the phrases' ``activity_words`` that has an activity
    name after it, activity names are read as activities, the activity words and filler
    as ignored, and any other word is left for the place reader (so a place named after the
    activity still counts). Returns (the args for the place reader, activity ids, ignored
    words). Without activity words in the data, or an activity after one, nothing changes."""
    markers = set(ds.phrases.activity_words)
    if not markers or not ds.activities:
        return list(args), (), []
    keys = activity_keys(ds)
    skip = markers | set(ds.phrases.dropped) | set(ds.phrases.ignored)
    flat = [(n, w) for n, arg in enumerate(args) for w in words(arg)]
    for start, (_, word) in enumerate(flat):
        if word not in markers:
            continue
        tail = [w for _, w in flat[start + 1 :]]
        found: list[str] = []
        ignored = [word]
        leftover: list[str] = []
        i = 0
        while i < len(tail):
            for n in range(min(ACTIVITY_NAME_WORDS, len(tail) - i), 0, -1):
                activity = keys.get(normalise(" ".join(tail[i : i + n])))
                if activity is not None:
                    found.append(activity)
                    i += n
                    break
            else:
                (ignored if tail[i] in skip else leftover).append(tail[i])
                i += 1
        if not found:
            continue
        head: dict[int, list[str]] = {}
        for n, w in flat[:start]:
            head.setdefault(n, []).append(w)
        places = [" ".join(ws) for ws in head.values()]
        if leftover:
            places.append(" ".join(leftover))
        return places, tuple(dict.fromkeys(found)), ignored
    return list(args), (), []


def read_query(ds: Dataset, args: Sequence[str]) -> Query | Refused:
    """Read everyday words as sites: ``["right side of my lower back", "tailbone"]`` gives
    lower-back (right) and tailbone. Filler words are skipped and reported; a close
    misspelling with one clear answer is read as it and reported as a correction; anything
    else that names no place is refused (:class:`Refused`), never dropped. What makes it
    worse, said after the places ("worse when sitting"), is read as activities
    (:func:`split_activities`)."""
    args, activities, activity_ignored = split_activities(ds, args)
    query = _read_query(ds, args)
    if activities and isinstance(query, Query):
        query = query._replace(activities=activities, ignored=(*query.ignored, *activity_ignored))
    return query


def _read_query(ds: Dataset, args: Sequence[str]) -> Query | Refused:
    lex = lexicon(ds)
    tokens, dropped = _tokens(lex, args)
    typed = tokens
    corrections: list[Correction] = []
    for _ in range(12):  # each round mends one word
        read = _read(ds, lex, tokens)
        if not isinstance(read, Refused):
            break
        if read.reason:
            return read
        mended = _correct(lex, tokens, read.start)
        if mended.correction is None:
            return (
                _unread(ds, lex, typed, read, mended.suggestions)
                if corrections
                else (read._replace(suggestions=mended.suggestions or _near_names(ds, read.text)))
            )
        corrections.append(mended.correction)
        tokens = mended.tokens
    else:  # every round mended a word and something is still unread
        assert isinstance(read, Refused)
        return read
    assert not isinstance(read, Refused)
    events, ignored, joined = read
    said = [raw for arg in args for raw in words(arg)]
    return _query(ds, said, events, _in_order(said, [*dropped, *ignored]), [*joined, *corrections])


def _in_order(typed: Sequence[str], skipped: Sequence[str]) -> list[str]:
    """The skipped words in the order they were typed (each as often as it was skipped)."""
    left = {word: skipped.count(word) for word in skipped}
    out = []
    for word in typed:
        if left.get(word):
            left[word] -= 1
            out.append(word)
    return out


def _query(
    ds: Dataset,
    typed: list[str],
    events: list[_Place | _SideSaid],
    ignored: list[str],
    corrections: list[Correction],
) -> Query:
    places = [e for e in events if isinstance(e, _Place)]
    sides: dict[int, list[Side]] = {i: list(p.sides) for i, p in enumerate(places)}
    words_of: dict[int, list[str]] = {i: list(p.words) for i, p in enumerate(places)}
    seen = 0  # places before the current event
    for event in events:
        if isinstance(event, _Place):
            seen += 1
            continue
        if event.after and seen:
            target = seen - 1
        elif seen < len(places):
            target = seen
        elif seen:
            target = seen - 1
        else:
            continue  # a side with no place at all: the query has no region anyway
        sides[target].append(event.side)
        words_of[target] = (
            [*event.words, *words_of[target]]
            if target == seen
            else [
                *words_of[target],
                *event.words,
            ]
        )
    sites: dict[str, Site] = {}
    symptoms: list[str] = []
    for i, place in enumerate(places):
        side = _merge_sides(sides[i])
        if place.kind == "symptom":
            symptoms.append(place.id)
            regions = ds.symptom_by_id[place.id].regions
            via: str | None = place.id
        else:
            regions, via = (place.id,), None
        for region in regions:
            site = Site(region, side, tuple(words_of[i]), via)
            old = sites.get(region)
            if old is not None:
                site = old._replace(
                    side=_merge_sides([s for s in (old.side, side) if s is not None]),
                    words=(*old.words, *site.words),
                )
            sites[region] = site
    notes = [
        f"{ds.label(s.region)} lies on the midline: the side given ({s.side}) is noted"
        for s in sites.values()
        if s.side in ("left", "right") and _midline(ds, s.region)
    ]
    return Query(
        tuple(typed),
        tuple(sites),
        tuple(ignored),
        tuple(sites.values()),
        tuple(_unique(symptoms)),
        tuple(corrections),
        tuple(notes),
    )


def _merge_sides(sides: Sequence[Side]) -> Side | None:
    if not sides:
        return None
    return sides[0] if len(set(sides)) == 1 else "both"


def _midline(ds: Dataset, region_id: str) -> bool:
    region = ds.region_by_id.get(region_id)
    return bool(region is not None and region.midline)


def site_label(ds: Dataset, site: Site) -> str:
    """``right lower back``, ``hip (both sides)``; without a side, the label alone."""
    label = ds.label(site.region)
    if site.side == "both":
        return f"{label} (both sides)"
    if site.side and label.startswith("between "):  # not "right between the shoulder blades"
        return f"{label} (right side)" if site.side == "right" else f"{label} (left side)"
    return f"{site.side} {label}" if site.side else label


def read_as(ds: Dataset, query: Query) -> str:
    """How the words were read, in one line: ``right lower back, tailbone``; a symptom
    with the places it stands for: ``sciatica (buttock, back of thigh, leg)``."""
    parts: list[str] = []
    done: set[str] = set()
    for site in query.sites:
        if site.symptom is None:
            parts.append(site_label(ds, site))
        elif site.symptom not in done:
            done.add(site.symptom)
            symptom = ds.symptom_by_id[site.symptom]
            places = [site_label(ds, s) for s in query.sites if s.symptom == site.symptom]
            parts.append(f"{symptom.label} ({', '.join(places)})")
    for symptom_id in query.symptoms:  # a symptom naming no place of its own
        if symptom_id not in done:
            parts.append(ds.symptom_by_id[symptom_id].label)
    text = ", ".join(parts)
    if query.activities:
        labels = [ds.activity_by_id[a].label for a in query.activities if a in ds.activity_by_id]
        text += "; worse with " + ", ".join(labels)
    return text


def reading_notes(query: Query) -> list[str]:
    """What to tell the user about the reading: each word read as another, each note."""
    notes = [f"read {c.typed!r} as {c.read}" for c in query.corrections]
    return [*notes, *query.notes]


def parse_regions(ds: Dataset, args: Sequence[str]) -> Query | UnknownRegion:
    """Read region words (see :func:`read_query`): ``["lower", "back", "tailbone"]``,
    ``["lower back", "tailbone"]`` and ``["Lower-Back,", "coccyx"]`` all give
    ``("lower-back", "tailbone")``. Repeats are dropped, the order is kept."""
    query = read_query(ds, args)
    if isinstance(query, Refused):
        return UnknownRegion(query.text, query.suggestions, query.reason)
    return query


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
    """Every normalised name of every activity (id, label, synonyms) -> activity id (worked
    out once per dataset: the reader and ``--worse-with`` both ask)."""
    keys = ds._memo.get("activity-keys")
    if keys is None:
        keys = name_index((a.id, (a.id, a.label, *a.synonyms)) for a in ds.activities)[0]
        ds._memo["activity-keys"] = keys
    return keys


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
    texts = [part for text in texts for part in text.split(",") if part.strip()]  # -w a,b
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
    group_table = group_keys(ds)
    key = next((v for v in _variants(key) if v in group_table), key)  # "hip flexor": the group
    group = group_table.get(key)
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
        _muscle_hint(ds, args, query.text)
        hint = did_you_mean(query.suggestions)
        if query.reason:
            raise UsageError(
                f"cannot read {query.text!r}: {query.reason}{hint} "
                "Run 'backmuscles regions' to see the places."
            )
        raise UsageError(
            f"unknown region {query.text!r}{hint} Run 'backmuscles regions' to see them all."
        )
    if not query.regions and query.symptoms:
        said = ", ".join(ds.symptom_by_id[s].label for s in query.symptoms)
        raise UsageError(
            f"{said!r} names no place of its own: say where too (as in '{said} in my leg')."
        )
    if not query.regions:
        raise UsageError("no region given. Run 'backmuscles regions' to see them all.")
    return query


def _muscle_hint(ds: Dataset, args: Sequence[str], unknown: str) -> None:
    """A muscle or a group of muscles where a place was wanted ("hip flexor"): say where
    muscles go (a usage error), tried on the whole words and on the unknown part with up to
    two words before it."""
    typed = [w for arg in args for w in words(arg)]
    tried = [" ".join(typed)]
    unknown_words = words(unknown)
    for start in range(len(typed) - len(unknown_words) + 1):
        if typed[start : start + len(unknown_words)] == unknown_words:
            tried += [
                " ".join(typed[max(0, start - back) : start + len(unknown_words)])
                for back in (0, 1, 2)
            ]
            break
    for text in _unique(tried):
        lookup = find_muscle(ds, text)
        if lookup.muscle is not None and normalise(text) in _muscle_and_group_keys(ds):
            raise UsageError(
                f"{text!r} is a muscle ({lookup.muscle.name}), not a region: see "
                f"'backmuscles show {lookup.muscle.id}' or 'backmuscles map {lookup.muscle.id}'."
            )
        if lookup.candidates and _is_group_name(ds, text):
            names = ", ".join(m.id for m in lookup.candidates)
            raise UsageError(
                f"{text!r} is a group of muscles ({names}), not a region: see "
                f"'backmuscles show {lookup.candidates[0].id}' or "
                f"'backmuscles list --group {_group_of(ds, text)}'."
            )


def _variants(key: str) -> list[str]:
    """A key and its plural or singular ("hip-flexor", "hip-flexors")."""
    return [key, key[:-1] if key.endswith("s") else key + "s"]


def _muscle_and_group_keys(ds: Dataset) -> set[str]:
    return {*muscle_keys(ds), *(v for k in group_keys(ds) for v in _variants(k))}


def _is_group_name(ds: Dataset, text: str) -> bool:
    keys = group_keys(ds)
    return any(v in keys for v in _variants(normalise(text)))


def _group_of(ds: Dataset, text: str) -> str:
    keys = group_keys(ds)
    return next(keys[v] for v in _variants(normalise(text)) if v in keys)


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
