"""Rank muscles for a set of pain sites, and say why. Pure functions, no I/O.

For each of the user's sites, a muscle's best zone there gets a *strength* between
0 and 1, the product of three weights:

* the zone's kind: essential (core pattern) 1.0, spillover 0.4;
* how the zone relates to the site: the same region 1.0; a region inside the site
  ("narrower": the user said "back", the zone is "lower back") 0.8; a region around
  the site ("broader": the user said "tailbone", the zone is "sacrum") 0.6;
* how often the references list the muscle there: frequency 3 -> 1.0, 2 -> 0.9, 1 -> 0.8.

A muscle's score is the number of sites it reaches plus the mean strength over those
sites, plus :data:`ACTIVITY_WEIGHT` times the share of the asked activities (``--worse-with``)
its data lists as often aggravating it. A muscle that reaches more of the sites therefore
always ranks higher (the activity bonus, at most 0.1, is below the smallest strength a site
can add, 0.192), and among muscles that reach as many, the stronger evidence wins.

Equal scores are a tie. A region's ``order`` (the order a source gives for how often each
muscle is the cause there) breaks it where one exists; what is still level shares a rank
(``1=``), listed by name, which means nothing. ``top`` never splits a shared rank. The worked
examples are in ``docs/ranking.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .model import Dataset, Evidence, Match, Muscle, Relation, Zone, ZoneKind

KIND_WEIGHT: dict[ZoneKind, float] = {"essential": 1.0, "spillover": 0.4}
RELATION_WEIGHT: dict[Relation, float] = {"exact": 1.0, "narrower": 0.8, "broader": 0.6}
FREQUENCY_WEIGHT: dict[int, float] = {3: 1.0, 2: 0.9, 1: 0.8}
FREQUENCY_WORD: dict[int, str] = {3: "frequent", 2: "common", 1: "occasional"}
# what all the asked activities, matched, add to a score: less than the weakest site can add
# (spillover x broader x occasional = 0.4 x 0.6 x 0.8 = 0.192), so reaching one more of the
# places always counts for more than any activity
ACTIVITY_WEIGHT = 0.1
# scores are compared at this many decimals: sums of products of 0.1-step weights that are
# equal on paper can differ in the last bit of a float
_PLACES = 9


def strength(zone: Zone, relation: Relation) -> float:
    return KIND_WEIGHT[zone.kind] * RELATION_WEIGHT[relation] * FREQUENCY_WEIGHT[zone.frequency]


def _candidates(ds: Dataset, site: str) -> list[tuple[str, Relation]]:
    """The zone regions that can explain pain at ``site``, with how they relate to it."""
    related: list[tuple[str, Relation]] = [(site, "exact")]
    related += [(r, "narrower") for r in ds.descendants(site)]
    related += [(r, "broader") for r in ds.ancestors(site)]
    return related


def smallest_strength() -> float:
    """The least a reached site can add to a score."""
    return (
        min(KIND_WEIGHT.values()) * min(RELATION_WEIGHT.values()) * min(FREQUENCY_WEIGHT.values())
    )


def _order_position(ds: Dataset, site: str, muscle_id: str) -> int:
    """Where a region's ``order`` puts a muscle (0 first); every muscle it does not name
    comes after those it names, level; a region without an order puts all level."""
    order = ds.region_by_id[site].order if site in ds.region_by_id else ()
    for position, tier in enumerate(order):
        if muscle_id in tier:
            return position
    return len(order)


def rank(
    ds: Dataset,
    sites: Sequence[str],
    top: int | None = None,
    activities: Sequence[str] = (),
) -> tuple[Match, ...]:
    """Every muscle that reaches at least one site, best first, each with its rank (shared by
    matches the evidence cannot tell apart). ``top`` limits the count but never splits a
    shared rank: the muscles level with the last one kept come too.

    ``sites`` are region ids; repeats count once, and their order does not matter. ``activities``
    are activity ids that make the pain worse: each one a muscle's data lists adds a little
    (:data:`ACTIVITY_WEIGHT` over all of them); they never add a muscle that reaches no site.
    Works on the dataset's region and activity indexes and builds only the muscles it returns."""
    unique_sites = list(dict.fromkeys(sites))
    asked = list(dict.fromkeys(activities))
    aggravates = {a: frozenset(ds.aggravated_by(a)) for a in asked}
    best: dict[int, dict[str, Evidence]] = {}
    for site in unique_sites:
        for region, relation in _candidates(ds, site):
            relation_weight = RELATION_WEIGHT[relation]
            for position, kind, frequency in ds.zone_refs(region):
                value = KIND_WEIGHT[kind] * relation_weight * FREQUENCY_WEIGHT[frequency]
                current = best.setdefault(position, {}).get(site)
                # On equal strength the first candidate stays: exact, then the nearest
                # regions inside the site (file order), then the nearest around it.
                if current is None or value > current.strength:
                    zone = Zone(region, kind, frequency)
                    best[position][site] = Evidence(site, zone, relation, value)
    ordered_sites = [s for s in unique_sites if s in ds.region_by_id and ds.region_by_id[s].order]
    scored = []
    for position, per_site in best.items():
        evidence = tuple(per_site[s] for s in unique_sites if s in per_site)
        # fsum is exactly rounded, so the order the sites came in cannot tip a tie
        mean = math.fsum(e.strength for e in evidence) / len(evidence)
        score = len(evidence) + mean
        matched: tuple[str, ...] = ()
        if asked:
            matched = tuple(a for a in asked if position in aggravates[a])
            score += ACTIVITY_WEIGHT * len(matched) / len(asked)
        order = 0
        if ordered_sites:  # the sources' order breaks exact ties only, summed over the sites
            muscle_id = ds.muscle_id_at(position)
            order = sum(_order_position(ds, s, muscle_id) for s in ordered_sites)
        key = (-round(score, _PLACES), order)
        scored.append((key, score, position, evidence, matched))
    scored.sort(key=lambda item: item[0])
    ranks: list[int] = []
    for i, item in enumerate(scored):
        ranks.append(ranks[-1] if i and item[0] == scored[i - 1][0] else i + 1)
    if top is not None:
        cut = top
        while cut < len(scored) and ranks[cut] == ranks[cut - 1]:
            cut += 1
        scored, ranks = scored[:cut], ranks[:cut]
    matches = [
        Match(ds.muscle_at(p), round(score, _PLACES), ev, matched, r)
        for (_key, score, p, ev, matched), r in zip(scored, ranks, strict=True)
    ]
    # inside a shared rank the evidence says nothing: list by name, to be found easily
    matches.sort(key=lambda m: (m.rank, m.muscle.name.casefold(), m.muscle.id))
    return tuple(matches)


def shared_ranks(matches: Sequence[Match]) -> frozenset[int]:
    """The ranks more than one match holds."""
    seen: set[int] = set()
    shared: set[int] = set()
    for m in matches:
        (shared if m.rank in seen else seen).add(m.rank)
    return frozenset(shared)


def rank_labels(matches: Sequence[Match]) -> list[str]:
    """Each match's rank as shown: ``1``, or ``1=`` when it is shared."""
    shared = shared_ranks(matches)
    return [f"{m.rank}=" if m.rank in shared else str(m.rank) for m in matches]


def explain_activities(ds: Dataset, match: Match) -> list[str]:
    """``sitting for a long time: often aggravates it``, for each matched activity."""
    return [f"{_activity_label(ds, a)}: often aggravates it" for a in match.activities]


def _activity_label(ds: Dataset, activity_id: str) -> str:
    activity = ds.activity_by_id.get(activity_id)
    return activity.label if activity is not None else activity_id


def raised_flags(ds: Dataset, activities: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``(flag id, activity id)`` for each warning-sign question an asked activity raises."""
    pairs = []
    for activity_id in dict.fromkeys(activities):
        activity = ds.activity_by_id.get(activity_id)
        for flag in activity.raises if activity is not None else ():
            pairs.append((flag, activity_id))
    return tuple(dict.fromkeys(pairs))


def explain_evidence(ds: Dataset, e: Evidence, sides: Mapping[str, str] | None = None) -> str:
    """One site's reason, e.g. ``tailbone: inside its essential zone, sacrum and SI joint
    (frequent)``; with the side given for the site, ``lower back (right): ...``."""
    site = ds.label(e.site)
    side = (sides or {}).get(e.site)
    if side:
        site += f" ({'both sides' if side == 'both' else side})"
    how = f"{e.zone.kind} zone"
    if e.relation == "narrower":
        how += f" over part of it, {ds.label(e.zone.region)}"
    elif e.relation == "broader":
        how = f"inside its {how}, {ds.label(e.zone.region)}"
    return f"{site}: {how} ({FREQUENCY_WORD[e.zone.frequency]})"


def explain(
    ds: Dataset, match: Match, sites: Sequence[str], sides: Mapping[str, str] | None = None
) -> str:
    """Why a muscle ranks where it does: each covered site, then the sites it does not reach;
    with ``sides`` (region -> the side given), each site with its side, and a muscle whose
    referral crosses the midline says so where a site has one side."""
    parts = [explain_evidence(ds, e, sides) for e in match.evidence]
    covered = {e.site for e in match.evidence}
    missed = [ds.label(s) for s in dict.fromkeys(sites) if s not in covered]
    if missed:
        parts.append("does not reach " + ", ".join(missed))
    one_sided = any((sides or {}).get(e.site) in ("left", "right") for e in match.evidence)
    if one_sided and match.muscle.crosses_midline:
        parts.append("its referral can cross the midline, so the other side counts too")
    parts += explain_activities(ds, match)
    return "; ".join(parts)


def _the(label: str) -> str:
    """A region label as a place in a sentence: "the outer hip", "between the shoulder blades"."""
    return label if label.startswith(("between ", "the ")) else f"the {label}"


def explain_short(ds: Dataset, match: Match, sites: Sequence[str]) -> str:
    """The reason in a few words, for the compact table: how often the charts show its pain
    at the sites, grouped (``frequent at both sites``, ``common in the outer hip; not tailbone``).
    A zone inside a coarse site is named (it tells the rows apart); a zone around the site
    is not (the site is what the user said). :func:`explain` has the whole of it."""
    unique = list(dict.fromkeys(sites))
    groups: dict[tuple[ZoneKind, int], list[Evidence]] = {}
    for e in match.evidence:
        groups.setdefault((e.zone.kind, e.zone.frequency), []).append(e)
    parts = []
    for (kind, frequency), found in groups.items():
        word = FREQUENCY_WORD[frequency]
        inside = [e.relation == "narrower" for e in found]
        if len(unique) == 1 and not any(inside):  # the one place the user gave
            e = found[0]
            zone = "zone" if kind == "essential" else "spillover"
            if e.relation == "broader":
                parts.append(f"in its {ds.label(e.zone.region)} {zone} ({word})")
            else:
                parts.append(
                    f"spreads here ({word})" if kind == "spillover" else f"main zone, {word}"
                )
            continue
        if len(unique) > 1 and len(found) == len(unique) and not any(inside):
            place = "both sites" if len(unique) == 2 else f"all {len(unique)} sites"
        else:
            place = ", ".join(
                _the(ds.label(e.zone.region)) if e.relation == "narrower" else ds.label(e.site)
                for e in found
            )
        if kind == "spillover":
            parts.append(f"spreads to {place} ({word})")
        elif place.startswith("between "):  # _the() never puts "the" before it
            parts.append(f"{word} {place}")
        else:
            parts.append(f"{word} {'in' if all(inside) else 'at'} {place}")
    covered = {e.site for e in match.evidence}
    missed = [ds.label(s) for s in unique if s not in covered]
    if missed:
        parts.append("not " + ", ".join(missed))
    if match.activities:
        parts.append("worse with " + ", ".join(match.activities))
    return "; ".join(parts)


def muscles_for_region(ds: Dataset, region: str) -> tuple[Muscle, ...]:
    """The muscles whose pattern reaches ``region`` (directly, inside it or around it),
    in file order."""
    ids = {m.muscle.id for m in rank(ds, [region])}
    return tuple(m for m in ds.muscles if m.id in ids)


def unreached_regions(ds: Dataset) -> tuple[str, ...]:
    """Regions that no muscle reaches: ``where`` would find nothing there."""
    return tuple(r.id for r in ds.regions if not rank(ds, [r.id], top=1))
