"""Typed, immutable records of the dataset and of a ranking. No I/O, no third-party imports.

The records are ``typing.NamedTuple``: typed and immutable like frozen dataclasses, but a
``@dataclass`` generates its methods with ``exec`` when the module is imported, about 1 ms
per class on our machines, on every run (measured: 16 ms for this module). A NamedTuple
class costs about a tenth of that. :class:`Dataset` is a small read-only class with slots.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

ZoneKind = Literal["essential", "spillover"]
Relation = Literal["exact", "narrower", "broader"]

ExerciseKind = Literal["mobility", "release", "stretch", "strengthen"]

Side = Literal["left", "right", "both"]

ZONE_KINDS: tuple[ZoneKind, ...] = ("essential", "spillover")
SIDES: tuple[Side, ...] = ("left", "right", "both")
# the order of a plan: warm up, release, then lengthen, then build
EXERCISE_KINDS: tuple[ExerciseKind, ...] = ("mobility", "release", "stretch", "strengthen")
SELF_CARE_KINDS: tuple[str, ...] = ("release", "stretch", "strengthen")
FREQUENCIES: tuple[int, ...] = (1, 2, 3)


class Region(NamedTuple):
    """A place on the body a user can name."""

    id: str
    label: str
    synonyms: tuple[str, ...]
    parent: str | None
    description: str
    midline: bool = False  # on the body's midline (the tailbone): a side given is only noted
    # optional: muscle ids in the order a source lists them for this place (most often the
    # cause first; muscles in one tier are level), used only to break exact ties in the
    # ranking; ``order_sources`` say which source gives it
    order: tuple[tuple[str, ...], ...] = ()
    order_sources: tuple[str, ...] = ()


class Symptom(NamedTuple):
    """A word people use that is not a place ("sciatica"): the places it implies, the
    muscles the charts link to it, and the warning-sign questions it raises."""

    id: str
    label: str
    synonyms: tuple[str, ...]
    regions: tuple[str, ...]  # region ids
    muscles: tuple[str, ...]  # muscle ids
    red_flags: tuple[str, ...]  # question ids in red_flags.yaml
    description: str
    sources: tuple[str, ...]


class Modifier(NamedTuple):
    """A word that composes a place with a body part ("back of" + thigh): its phrases, and
    the rules ``(part region, region read)``."""

    id: str
    words: tuple[str, ...]
    rules: tuple[tuple[str, str], ...]


class Phrases(NamedTuple):
    """How everyday phrases are read (data/phrases.yaml); empty when the dataset has none."""

    dropped: tuple[str, ...] = ()  # articles and possessives, left out inside names too
    ignored: tuple[str, ...] = ()  # filler words, skipped where they are not part of a name
    forms: tuple[tuple[str, str], ...] = ()  # word -> the word it is read as
    sides: tuple[tuple[str, tuple[str, ...]], ...] = ()  # side -> the words that say it
    modifiers: tuple[Modifier, ...] = ()
    sources: tuple[str, ...] = ()


NO_PHRASES = Phrases()


class Group(NamedTuple):
    """A family of muscles ("erector spinae"); its names find all its members."""

    id: str
    label: str
    synonyms: tuple[str, ...]
    description: str


class Activity(NamedTuple):
    """Something people do that can make the pain worse ("sitting for a long time")."""

    id: str
    label: str
    synonyms: tuple[str, ...]
    description: str
    sources: tuple[str, ...]
    # warning-sign questions (red-flag ids) this activity brings forward: pain on coughing
    # can point to pressure in the spinal canal, pain on breathing in to a lung problem
    raises: tuple[str, ...] = ()


class Zone(NamedTuple):
    """One region of a muscle's referral pattern.

    ``frequency`` says how often the references link this muscle with this region:
    3 most often, 2 commonly, 1 occasionally (the muscle's ``frequency_basis`` says what
    that rests on).
    """

    region: str
    kind: ZoneKind
    frequency: int


class Anatomy(NamedTuple):
    location: str
    attachments: tuple[str, ...]


class SelfCare(NamedTuple):
    release: tuple[str, ...]
    stretch: tuple[str, ...]
    strengthen: tuple[str, ...]


class Muscle(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    group: str
    anatomy: Anatomy
    function: tuple[str, ...]
    pattern: str
    zones: tuple[Zone, ...]
    aggravating: tuple[str, ...]
    trigger_points: tuple[str, ...]
    self_care: SelfCare
    could_also_be: tuple[str, ...]
    sources: tuple[str, ...]
    exercises: tuple[str, ...] = ()  # exercise ids, from data/exercises.yaml
    trigger_point_regions: tuple[str, ...] = ()  # where its trigger points lie, for the map
    # what the zones' 1-3 frequencies rest on, one line ("estimate: ..."): no chart gives
    # numbers, so most say they are the authors' estimates
    frequency_basis: str = ""
    # its referral can cross the body's midline (the rectus abdominis), so a one-sided
    # site does not rule out the other side
    crosses_midline: bool = False
    # activity ids (data/activities.yaml) that often make it worse, from its own text and sources
    worse_with: tuple[str, ...] = ()

    def zones_of(self, kind: ZoneKind) -> tuple[Zone, ...]:
        return tuple(z for z in self.zones if z.kind == kind)


class Dose(NamedTuple):
    """How much of an exercise: a hold or a number of repetitions, sets, how often."""

    hold: str | None
    reps: str | None
    sets: str
    how_often: str

    def text(self) -> str:
        """e.g. "hold 10 seconds, 3 to 5 holds each side, daily" or "10 to 15 times, 2 sets"."""
        amount = f"hold {self.hold}" if self.hold else _counted(self.reps or "", "times")
        return f"{amount}, {_counted(self.sets, 'sets')}, {self.how_often}"


def _counted(text: str, unit: str) -> str:
    """A bare count gets its unit ("2 to 3" -> "2 to 3 sets"); anything else is kept."""
    bare = text.replace("to", " ").replace("-", " ").split()
    if bare and all(word.isdigit() for word in bare):
        return f"{text} {unit[:-1] if text.strip() == '1' else unit}"
    return text


class Exercise(NamedTuple):
    id: str
    name: str
    kind: ExerciseKind
    muscles: tuple[str, ...]  # the muscle ids it serves
    steps: tuple[str, ...]
    dose: Dose
    minutes: float  # one session, both sides
    easier: str
    harder: str
    cautions: tuple[str, ...]  # its own, in words
    sources: tuple[str, ...]
    caution_ids: tuple[str, ...] = ()  # shared cautions it names, from data/cautions.yaml


class Caution(NamedTuple):
    """A caution written once and shown wherever it applies (data/cautions.yaml): with the
    exercises that name it, with every exercise of its ``kinds`` (every release carries the
    pressure contraindications), and with the self-care of those exercises' muscles, of
    muscles whose advice includes those kinds, and of the ``muscles`` it names."""

    id: str
    text: str
    kinds: tuple[str, ...]  # exercise kinds that always carry it
    muscles: tuple[str, ...]  # muscles whose own self-care text it goes with
    sources: tuple[str, ...]
    title: str = ""  # a few words naming it where there is no room for the text

    @property
    def topic(self) -> str:
        return self.title or self.id.replace("-", " ")


class SafetyLine(NamedTuple):
    """One line of the safety net printed with every answer (``safety_net`` in
    data/red_flags.yaml): the warning signs it sums up (``flags``, all of one level) and the
    places it belongs to (``regions``; none: every place)."""

    text: str
    flags: tuple[str, ...]
    regions: tuple[str, ...] = ()


class Dataset:
    """The whole vocabulary and muscle set, in file order, with lookup tables. Read-only.

    Muscles are built on demand: a dataset read back from the cache holds each muscle as
    its own small marshalled record and builds only those a command touches (``where``
    builds the ones that reach the user's sites), so a warm run stays flat as the dataset
    grows. :meth:`zone_refs` is the index from a region to the muscles that refer there.
    """

    __slots__ = (
        "_activity_refs",
        "_all",
        "_ancestors",
        "_blobs",
        "_built",
        "_ids",
        "_memo",
        "_positions",
        "_region_keys",
        "_zone_refs",
        "activities",
        "activity_by_id",
        "caution_by_id",
        "cautions",
        "exercise_by_id",
        "exercises",
        "group_by_id",
        "groups",
        "phrases",
        "region_by_id",
        "regions",
        "safety_net",
        "source",
        "symptom_by_id",
        "symptoms",
        "warnings",
    )
    regions: tuple[Region, ...]
    groups: tuple[Group, ...]
    source: str
    # problems that did not stop the load (a user entry that clashes with a built-in one)
    warnings: tuple[str, ...]
    region_by_id: dict[str, Region]
    group_by_id: dict[str, Group]
    exercises: tuple[Exercise, ...]
    exercise_by_id: dict[str, Exercise]
    cautions: tuple[Caution, ...]
    caution_by_id: dict[str, Caution]
    # the safety-net lines of the question bank (empty: the built-in wording is used)
    safety_net: tuple[SafetyLine, ...]
    symptoms: tuple[Symptom, ...]
    symptom_by_id: dict[str, Symptom]
    phrases: Phrases
    _memo: dict[str, Any]  # indices derived on first use (the phrase reader's lexicon)
    activities: tuple[Activity, ...]
    activity_by_id: dict[str, Activity]
    # activity id -> the positions of the muscles it often aggravates (no muscle built)
    _activity_refs: dict[str, tuple[int, ...]]
    _ids: tuple[str, ...]  # muscle ids in file order
    _positions: dict[str, int]
    _blobs: list[bytes] | None  # each muscle as marshalled plain tuples (from the cache)
    _built: list[Muscle | None]  # the muscles built so far
    _all: tuple[Muscle, ...] | None
    # region id -> (muscle position, zone kind, frequency) for every zone there (or those
    # packed as bytes, as read from the cache, until first used)
    _zone_refs: dict[str, Any]
    _region_keys: dict[str, str] | None
    _ancestors: dict[str, tuple[str, ...]]

    def __init__(
        self,
        regions: tuple[Region, ...],
        muscles: tuple[Muscle, ...],
        groups: tuple[Group, ...] = (),
        source: str = "",
        warnings: tuple[str, ...] = (),
        exercises: tuple[Exercise, ...] = (),
        cautions: tuple[Caution, ...] = (),
        safety_net: tuple[SafetyLine, ...] = (),
        symptoms: tuple[Symptom, ...] = (),
        phrases: Phrases = NO_PHRASES,
        activities: tuple[Activity, ...] = (),
    ) -> None:
        muscles = tuple(muscles)
        refs: dict[str, list[tuple[int, ZoneKind, int]]] = {r.id: [] for r in regions}
        worse: dict[str, list[int]] = {}
        for position, muscle in enumerate(muscles):
            for zone in muscle.zones:
                refs.setdefault(zone.region, []).append((position, zone.kind, zone.frequency))
            for activity in dict.fromkeys(muscle.worse_with):
                worse.setdefault(activity, []).append(position)
        self._setup(
            regions,
            groups,
            source,
            warnings,
            exercises,
            cautions,
            safety_net,
            symptoms,
            phrases,
            tuple(activities),
            ids=tuple(m.id for m in muscles),
            blobs=None,
            built=list(muscles),
            zone_refs={k: tuple(v) for k, v in refs.items()},
            region_keys=None,
            activity_refs={k: tuple(v) for k, v in worse.items()},
        )

    def _setup(
        self,
        regions: tuple[Region, ...],
        groups: tuple[Group, ...],
        source: str,
        warnings: tuple[str, ...],
        exercises: tuple[Exercise, ...],
        cautions: tuple[Caution, ...],
        safety_net: tuple[SafetyLine, ...],
        symptoms: tuple[Symptom, ...],
        phrases: Phrases,
        activities: tuple[Activity, ...],
        *,
        ids: tuple[str, ...],
        blobs: list[bytes] | None,
        built: list[Muscle | None],
        zone_refs: dict[str, tuple[tuple[int, ZoneKind, int], ...]],
        region_keys: dict[str, str] | None,
        activity_refs: dict[str, tuple[int, ...]],
    ) -> None:
        by_id = {r.id: r for r in regions}
        ancestors: dict[str, tuple[str, ...]] = {}
        for region in regions:
            chain: list[str] = []
            current = region.parent
            while current is not None and current not in chain and current in by_id:
                chain.append(current)
                current = by_id[current].parent
            ancestors[region.id] = tuple(chain)
        values = {
            "regions": tuple(regions),
            "groups": tuple(groups),
            "source": source,
            "warnings": tuple(warnings),
            "region_by_id": by_id,
            "group_by_id": {g.id: g for g in groups},
            "exercises": tuple(exercises),
            "exercise_by_id": {e.id: e for e in exercises},
            "cautions": tuple(cautions),
            "caution_by_id": {c.id: c for c in cautions},
            "safety_net": tuple(safety_net),
            "symptoms": tuple(symptoms),
            "symptom_by_id": {s.id: s for s in symptoms},
            "phrases": phrases,
            "_memo": {},
            "activities": tuple(activities),
            "activity_by_id": {a.id: a for a in activities},
            "_activity_refs": activity_refs,
            "_ids": ids,
            "_positions": {muscle_id: i for i, muscle_id in enumerate(ids)},
            "_blobs": blobs,
            "_built": built,
            "_all": None,
            "_zone_refs": zone_refs,
            "_region_keys": region_keys,
            "_ancestors": ancestors,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Dataset is read-only ({name})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Dataset is read-only ({name})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        mine = (
            self.regions,
            self.muscles,
            self.groups,
            self.source,
            self.warnings,
            self.exercises,
            self.cautions,
            self.safety_net,
            self.symptoms,
            self.phrases,
            self.activities,
        )
        theirs = (
            other.regions,
            other.muscles,
            other.groups,
            other.source,
            other.warnings,
            other.exercises,
            other.cautions,
            other.safety_net,
            other.symptoms,
            other.phrases,
            other.activities,
        )
        return mine == theirs

    def __hash__(self) -> int:
        return hash((self.regions, self._ids, self.groups))

    def __repr__(self) -> str:
        return (
            f"Dataset({len(self.regions)} regions, {len(self._ids)} muscles, "
            f"{len(self.groups)} groups, source={self.source!r})"
        )

    def with_warnings(self, warnings: tuple[str, ...]) -> Dataset:
        return Dataset(
            self.regions,
            self.muscles,
            self.groups,
            self.source,
            warnings,
            self.exercises,
            self.cautions,
            self.safety_net,
            self.symptoms,
            self.phrases,
            self.activities,
        )

    # --- shared cautions ------------------------------------------------------------------

    def exercise_cautions(self, exercise: Exercise) -> tuple[Caution, ...]:
        """The shared cautions an exercise carries: those of every exercise of its kind
        (every release: the pressure contraindications), then those it names."""
        general = [c for c in self.cautions if exercise.kind in c.kinds]
        named = [self.caution_by_id[i] for i in exercise.caution_ids if i in self.caution_by_id]
        return tuple(dict.fromkeys([*general, *named]))

    def self_care_cautions(self, muscle: Muscle) -> tuple[Caution, ...]:
        """The shared cautions that go with a muscle's self-care: those of every kind its
        advice includes (its own release, stretch and strengthening text, and its
        exercises), those that name the muscle, then those its exercises name."""
        exercises = [self.exercise_by_id[i] for i in muscle.exercises if i in self.exercise_by_id]
        kinds = {k for k, items in zip(SELF_CARE_KINDS, muscle.self_care, strict=True) if items}
        kinds.update(e.kind for e in exercises)
        general = [c for c in self.cautions if kinds.intersection(c.kinds)]
        named = [c for c in self.cautions if muscle.id in c.muscles]
        listed = [
            self.caution_by_id[i]
            for e in exercises
            for i in e.caution_ids
            if i in self.caution_by_id
        ]
        return tuple(dict.fromkeys([*general, *named, *listed]))

    # --- muscles, built on demand -------------------------------------------------------

    def muscle_at(self, position: int) -> Muscle:
        muscle = self._built[position]
        if muscle is None:
            import marshal

            assert self._blobs is not None
            muscle = _muscle_from_plain(marshal.loads(self._blobs[position]))
            self._built[position] = muscle
        return muscle

    def muscle(self, muscle_id: str) -> Muscle | None:
        position = self._positions.get(muscle_id)
        return None if position is None else self.muscle_at(position)

    @property
    def muscles(self) -> tuple[Muscle, ...]:
        """Every muscle, in file order (builds them all)."""
        if self._all is None:
            object.__setattr__(self, "_all", tuple(map(self.muscle_at, range(len(self._ids)))))
        assert self._all is not None
        return self._all

    @property
    def muscle_by_id(self) -> dict[str, Muscle]:
        return {m.id: m for m in self.muscles}

    def muscle_id_at(self, position: int) -> str:
        return self._ids[position]

    def zone_refs(self, region_id: str) -> tuple[tuple[int, ZoneKind, int], ...]:
        """(muscle position, kind, frequency) for every zone on this region, no muscle built."""
        refs = self._zone_refs.get(region_id, ())
        if isinstance(refs, bytes):  # packed in the cache; unpacked on first use
            refs = _unpack_refs(refs)
            self._zone_refs[region_id] = refs
        unpacked: tuple[tuple[int, ZoneKind, int], ...] = refs
        return unpacked

    def aggravated_by(self, activity_id: str) -> tuple[int, ...]:
        """The positions of the muscles this activity often aggravates, no muscle built."""
        return self._activity_refs.get(activity_id, ())

    @property
    def region_keys(self) -> dict[str, str]:
        """Every normalised name of every region (id, label, synonyms) -> region id."""
        if self._region_keys is None:
            from .text import name_index

            keys = name_index((r.id, (r.id, r.label, *r.synonyms)) for r in self.regions)[0]
            object.__setattr__(self, "_region_keys", keys)
        assert self._region_keys is not None
        return self._region_keys

    # --- plain data, for the cache (marshal handles only built-in types) ------------------

    def plain(self) -> tuple[Any, ...]:
        """The dataset as built-in types: each muscle as its own marshalled blob, so that a
        reader can build only the muscles it needs."""
        import marshal

        return (
            [tuple(r) for r in self.regions],
            [tuple(g) for g in self.groups],
            self.source,
            self.warnings,
            self._ids,
            [marshal.dumps(_plain_muscle(m)) for m in self.muscles],
            {region: _pack_refs(self.zone_refs(region)) for region in self._zone_refs},
            self.region_keys,
            # names and aliases for completion, in one blob: a run that ranks never unpacks it
            marshal.dumps([(m.name, m.aliases) for m in self.muscles]),
            [(*e[:5], tuple(e.dose), *e[6:]) for e in self.exercises],  # Dose as a plain tuple
            [tuple(c) for c in self.cautions],
            [tuple(line) for line in self.safety_net],
            [tuple(s) for s in self.symptoms],
            _plain_phrases(self.phrases),
            # the phrase reader's tables, when it has put them here (core.vocab.keep_lexicon)
            self._memo.get("lexicon-plain"),
            [tuple(a) for a in self.activities],
            dict(self._activity_refs),  # tuples of positions: marshal keeps them as they are
        )

    @classmethod
    def from_plain(cls, data: tuple[Any, ...]) -> Dataset:
        regions, groups, source, warnings, ids, blobs, zone_refs, region_keys, _names, *rest = data
        ex, cau, net, sym, phr, lexicon_plain, acts, worse = rest
        if len(blobs) != len(ids):
            raise ValueError("muscle records and ids do not match")
        dataset = cls.__new__(cls)
        dataset._setup(
            tuple(Region(*r) for r in regions),
            tuple(Group(*g) for g in groups),
            source,
            tuple(warnings),
            tuple(_exercise_from_plain(e) for e in ex),
            tuple(Caution(*c) for c in cau),
            tuple(SafetyLine(*line) for line in net),
            tuple(Symptom(*s) for s in sym),
            _phrases_from_plain(phr),
            tuple(Activity(*a) for a in acts),
            ids=tuple(ids),
            blobs=list(blobs),
            built=[None] * len(ids),
            zone_refs=zone_refs,
            region_keys=region_keys,
            activity_refs=worse,
        )
        dataset._memo["lexicon-plain"] = lexicon_plain
        return dataset

    # --- the region tree ------------------------------------------------------------------

    def ancestors(self, region_id: str) -> tuple[str, ...]:
        """The region's parents, nearest first."""
        return self._ancestors.get(region_id, ())

    def children(self, region_id: str) -> tuple[Region, ...]:
        return tuple(r for r in self.regions if r.parent == region_id)

    def descendants(self, region_id: str) -> tuple[str, ...]:
        """Every region inside this one, at any depth, in file order."""
        return tuple(r.id for r in self.regions if region_id in self._ancestors.get(r.id, ()))

    def group_label(self, group_id: str) -> str:
        group = self.group_by_id.get(group_id)
        return group.label if group is not None else group_id

    def members(self, group_id: str) -> tuple[Muscle, ...]:
        return tuple(m for m in self.muscles if m.group == group_id)

    def label(self, region_id: str) -> str:
        region = self.region_by_id.get(region_id)
        return region.label if region is not None else region_id


# The zone index in the cache: per region, 6 bytes a zone (position, kind, frequency), so a
# warm run does not rebuild thousands of small tuples it will never look at.
_KINDS: tuple[ZoneKind, ...] = ZONE_KINDS


def _pack_refs(refs: tuple[tuple[int, ZoneKind, int], ...]) -> bytes:
    return b"".join(p.to_bytes(4, "big") + bytes((_KINDS.index(k), f)) for p, k, f in refs)


def _unpack_refs(packed: bytes) -> tuple[tuple[int, ZoneKind, int], ...]:
    return tuple(
        (int.from_bytes(packed[i : i + 4], "big"), _KINDS[packed[i + 4]], packed[i + 5])
        for i in range(0, len(packed), 6)
    )


def _plain_phrases(p: Phrases) -> tuple[Any, ...]:
    return (*p[:4], tuple(tuple(m) for m in p.modifiers), p.sources)


def _phrases_from_plain(p: tuple[Any, ...]) -> Phrases:
    dropped, ignored, forms, sides, modifiers, sources = p
    return Phrases(dropped, ignored, forms, sides, tuple(Modifier(*m) for m in modifiers), sources)


def _exercise_from_plain(e: tuple[Any, ...]) -> Exercise:
    return Exercise(e[0], e[1], e[2], e[3], e[4], Dose(*e[5]), *e[6:])


def _plain_muscle(m: Muscle) -> tuple[Any, ...]:
    return (
        *m[:4],
        tuple(m.anatomy),
        m.function,
        m.pattern,
        tuple(tuple(z) for z in m.zones),
        m.aggravating,
        m.trigger_points,
        tuple(m.self_care),
        m.could_also_be,
        m.sources,
        m.exercises,
        m.trigger_point_regions,
        m.frequency_basis,
        m.crosses_midline,
        m.worse_with,
    )


def _muscle_from_plain(p: tuple[Any, ...]) -> Muscle:
    return Muscle(
        p[0],
        p[1],
        p[2],
        p[3],
        Anatomy(*p[4]),
        p[5],
        p[6],
        tuple(Zone(*z) for z in p[7]),
        p[8],
        p[9],
        SelfCare(*p[10]),
        p[11],
        p[12],
        p[13],
        p[14],
        p[15],
        p[16],
        p[17],
    )


class Evidence(NamedTuple):
    """Why a muscle matches one of the user's sites."""

    site: str  # the user's region id
    zone: Zone  # the muscle's zone that matched it
    relation: Relation
    strength: float


class Match(NamedTuple):
    muscle: Muscle
    score: float
    evidence: tuple[Evidence, ...]  # one per covered site, in the order of the query
    activities: tuple[str, ...] = ()  # the asked activity ids that often aggravate it
    # its place in the ranking, shared by matches the evidence cannot tell apart (1, 1, 3...)
    rank: int = 1

    @property
    def sites_matched(self) -> int:
        return len(self.evidence)


class Site(NamedTuple):
    """One place the user named: the region, the side given (None: no side said), the
    words that gave it, and the symptom it comes from ("sciatica"), if any."""

    region: str
    side: Side | None = None
    words: tuple[str, ...] = ()
    symptom: str | None = None


class Correction(NamedTuple):
    """A word read as another: a close misspelling or joined words ("lowerback")."""

    typed: str
    read: str


class Query(NamedTuple):
    """What the user typed, read as regions (and sites: a region with its side; and the
    activities that make it worse)."""

    words: tuple[str, ...]
    regions: tuple[str, ...]  # region ids, duplicates removed, in the order given
    ignored: tuple[str, ...] = ()
    sites: tuple[Site, ...] = ()  # one per region, in the same order
    symptoms: tuple[str, ...] = ()  # symptom ids
    corrections: tuple[Correction, ...] = ()
    notes: tuple[str, ...] = ()  # what was accepted but is worth saying (a side on the midline)
    # the warning-sign questions its symptoms raise, (id, question), filled in by the command
    # from red_flags.yaml: shown above the ranking
    checks: tuple[tuple[str, str], ...] = ()

    def sides(self) -> dict[str, Side]:
        """Region id -> the side given, for the sites that have one."""
        return {s.region: s.side for s in self.sites if s.side is not None}

    activities: tuple[str, ...] = ()  # activity ids, duplicates removed, in the order given


class UnknownRegion(NamedTuple):
    """A part of the input that names no region, with the closest region ids, and why it
    was refused when it is a word the reader knows ("upper" with no place after it)."""

    text: str
    suggestions: tuple[str, ...]
    reason: str = ""


class MuscleLookup(NamedTuple):
    """The result of looking a muscle up by name: one match, several, or none."""

    text: str
    muscle: Muscle | None = None
    candidates: tuple[Muscle, ...] = ()  # several muscles share the word (a group)
    suggestions: tuple[Muscle, ...] = ()  # close spellings when nothing matched
