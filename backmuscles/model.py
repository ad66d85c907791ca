"""Typed, frozen records of the dataset and of a ranking. No I/O, no third-party imports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ZoneKind = Literal["essential", "spillover"]
Relation = Literal["exact", "narrower", "broader"]

ZONE_KINDS: tuple[ZoneKind, ...] = ("essential", "spillover")
SELF_CARE_KINDS: tuple[str, ...] = ("release", "stretch", "strengthen")
FREQUENCIES: tuple[int, ...] = (1, 2, 3)


@dataclass(frozen=True, slots=True)
class Region:
    """A place on the body a user can name."""

    id: str
    label: str
    synonyms: tuple[str, ...]
    parent: str | None
    description: str


@dataclass(frozen=True, slots=True)
class Group:
    """A family of muscles ("erector spinae"); its names find all its members."""

    id: str
    label: str
    synonyms: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class Zone:
    """One region of a muscle's referral pattern.

    ``frequency`` says how often the references list this muscle for this region:
    3 among the most frequent, 2 commonly, 1 occasionally.
    """

    region: str
    kind: ZoneKind
    frequency: int


@dataclass(frozen=True, slots=True)
class Anatomy:
    location: str
    attachments: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SelfCare:
    release: tuple[str, ...]
    stretch: tuple[str, ...]
    strengthen: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Muscle:
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

    def zones_of(self, kind: ZoneKind) -> tuple[Zone, ...]:
        return tuple(z for z in self.zones if z.kind == kind)


@dataclass(frozen=True, slots=True)
class Dataset:
    """The whole vocabulary and muscle set, in file order, with lookup tables."""

    regions: tuple[Region, ...]
    muscles: tuple[Muscle, ...]
    groups: tuple[Group, ...] = ()
    source: str = ""
    # problems that did not stop the load (a user entry that clashes with a built-in one)
    warnings: tuple[str, ...] = ()
    region_by_id: dict[str, Region] = field(init=False, repr=False, compare=False)
    group_by_id: dict[str, Group] = field(init=False, repr=False, compare=False)
    muscle_by_id: dict[str, Muscle] = field(init=False, repr=False, compare=False)
    # region id -> the (muscle, zone) pairs that refer there, so ranking never scans all muscles
    zones_by_region: dict[str, tuple[tuple[Muscle, Zone], ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "region_by_id", {r.id: r for r in self.regions})
        object.__setattr__(self, "muscle_by_id", {m.id: m for m in self.muscles})
        object.__setattr__(self, "group_by_id", {g.id: g for g in self.groups})
        index: dict[str, list[tuple[Muscle, Zone]]] = {r.id: [] for r in self.regions}
        for muscle in self.muscles:
            for zone in muscle.zones:
                index.setdefault(zone.region, []).append((muscle, zone))
        object.__setattr__(self, "zones_by_region", {k: tuple(v) for k, v in index.items()})

    def ancestors(self, region_id: str) -> tuple[str, ...]:
        """The region's parents, nearest first."""
        chain: list[str] = []
        current = self.region_by_id[region_id].parent
        while current is not None and current not in chain:
            chain.append(current)
            current = self.region_by_id[current].parent
        return tuple(chain)

    def children(self, region_id: str) -> tuple[Region, ...]:
        return tuple(r for r in self.regions if r.parent == region_id)

    def descendants(self, region_id: str) -> tuple[str, ...]:
        """Every region inside this one, at any depth, in file order."""
        return tuple(r.id for r in self.regions if region_id in self.ancestors(r.id))

    def group_label(self, group_id: str) -> str:
        group = self.group_by_id.get(group_id)
        return group.label if group is not None else group_id

    def members(self, group_id: str) -> tuple[Muscle, ...]:
        return tuple(m for m in self.muscles if m.group == group_id)

    def label(self, region_id: str) -> str:
        region = self.region_by_id.get(region_id)
        return region.label if region is not None else region_id


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a muscle matches one of the user's sites."""

    site: str  # the user's region id
    zone: Zone  # the muscle's zone that matched it
    relation: Relation
    strength: float


@dataclass(frozen=True, slots=True)
class Match:
    muscle: Muscle
    score: float
    evidence: tuple[Evidence, ...]  # one per covered site, in the order of the query

    @property
    def sites_matched(self) -> int:
        return len(self.evidence)


@dataclass(frozen=True, slots=True)
class Query:
    """What the user typed, read as regions."""

    words: tuple[str, ...]
    regions: tuple[str, ...]  # region ids, duplicates removed, in the order given
    ignored: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnknownRegion:
    """A part of the input that names no region, with the closest region ids."""

    text: str
    suggestions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MuscleLookup:
    """The result of looking a muscle up by name: one match, several, or none."""

    text: str
    muscle: Muscle | None = None
    candidates: tuple[Muscle, ...] = ()  # several muscles share the word (a group)
    suggestions: tuple[Muscle, ...] = ()  # close spellings when nothing matched
