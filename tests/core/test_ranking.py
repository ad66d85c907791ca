"""Ranking: worked examples, the founding article's facts, and properties (Hypothesis)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backmuscles.core.model import Dataset, Evidence, Zone
from backmuscles.core.ranking import (
    ACTIVITY_WEIGHT,
    explain,
    raised_flags,
    rank,
    rank_labels,
    smallest_strength,
    strength,
)
from backmuscles.dataset.loader import load
from tests.conftest import REPO_DATA, TINY

REAL = load(REPO_DATA)
SMALL = load(TINY)


def ids(ds: Dataset, sites: list[str]) -> list[str]:
    return [m.muscle.id for m in rank(ds, sites)]


# --- worked examples ---------------------------------------------------------------------------


def test_main_job_ranks_ql_and_gluteus_medius_first() -> None:
    # The founding article gives both the lower back and the tailbone for these two.
    assert set(ids(REAL, ["lower-back", "tailbone"])[:2]) == {
        "quadratus-lumborum",
        "gluteus-medius",
    }


def test_worked_example_in_docs() -> None:
    # docs/ranking.md walks through this one by hand.
    (alpha, beta) = rank(SMALL, ["lower-back", "tailbone"])
    assert alpha.muscle.id == "alpha"
    assert [(e.site, e.zone.kind, e.relation) for e in alpha.evidence] == [
        ("lower-back", "essential", "exact"),
        ("tailbone", "spillover", "exact"),
    ]
    assert alpha.score == pytest.approx(2 + (1.0 + 0.4 * 0.9) / 2)
    assert beta.muscle.id == "beta"
    assert [(e.site, e.zone.kind, e.relation) for e in beta.evidence] == [
        ("lower-back", "spillover", "exact"),
        ("tailbone", "essential", "broader"),
    ]
    assert beta.score == pytest.approx(2 + (0.4 * 0.8 + 1.0 * 0.6 * 0.9) / 2)


def test_coarse_site_finds_zones_inside_it() -> None:
    (match, *_rest) = rank(SMALL, ["back"])
    assert match.muscle.id == "alpha"
    assert match.evidence[0].relation == "narrower"
    assert match.evidence[0].zone.region == "lower-back"


def test_muscles_of_the_founding_article_for_their_regions() -> None:
    # Article: multifidus pain stays right beside the muscle; gluteus minimus refers to the
    # outer buttock and down the leg; psoas and iliacus refer to the lower back.
    assert "multifidus" in ids(REAL, ["lower-back"])
    assert ids(REAL, ["side-of-thigh"])[0] == "gluteus-minimus"
    assert "gluteus-minimus" in ids(REAL, ["lower-leg"])
    assert {"psoas", "iliacus"} <= set(ids(REAL, ["lower-back"]))


def test_founding_article_pain_patterns_are_in_the_data() -> None:
    def zones(mid: str) -> set[str]:
        return {z.region for z in REAL.muscle_by_id[mid].zones}

    assert {"lower-back", "tailbone", "buttock"} <= zones("quadratus-lumborum")
    # The article also gives the tailbone for gluteus medius, but no other source does
    # (data audit R4, C14): it reaches the tailbone only through its sacrum zone.
    assert {"lower-back", "buttock", "sacrum"} <= zones("gluteus-medius")
    assert "tailbone" not in zones("gluteus-medius")
    assert {"buttock", "outer-hip", "lower-leg"} <= zones("gluteus-minimus")
    assert "lower-back" in zones("psoas") and "lower-back" in zones("iliacus")
    assert "lower-back" in zones("multifidus")


def test_founding_article_advice_is_in_the_data() -> None:
    def care(mid: str) -> str:
        c = REAL.muscle_by_id[mid].self_care
        return " ".join(c.release + c.stretch + c.strengthen).lower()

    # "deep tissue massage" is offered as massage by a trained therapist (data audit E4)
    assert "massage by a trained therapist" in care("quadratus-lumborum")
    assert "side plank" in care("quadratus-lumborum") and "suitcase carry" in care(
        "quadratus-lumborum"
    )
    for hip_flexor in ("psoas", "iliacus"):
        assert "hip-flexor stretch" in care(hip_flexor) and "walking" in care(hip_flexor)
    assert "bird dog" in care("multifidus")
    # "release it first" became an option, not a first step (data audit E11)
    assert "release it first" not in care("gluteus-medius")
    assert "gentle pressure may ease it" in care("gluteus-medius")


def test_explanation_names_each_site_and_the_missed_ones() -> None:
    (alpha, *_rest) = rank(SMALL, ["lower-back", "outer-hip"])
    assert explain(SMALL, alpha, ["lower-back", "outer-hip"]) == (
        "lower back: essential zone (frequent); does not reach outer hip"
    )


def test_top_limits_the_count() -> None:
    assert len(rank(REAL, ["mid-back", "lower-back"], top=2)) == 2


def test_top_never_splits_a_shared_rank() -> None:
    """Three muscles share rank 1 for the lower back: top=2 keeps all three, so none falls
    out because of its name."""
    ranked = rank(REAL, ["lower-back"], top=2)
    assert [m.rank for m in ranked] == [1, 1, 1]
    full = rank(REAL, ["lower-back"])
    assert {m.muscle.id for m in ranked} == {m.muscle.id for m in full if m.rank == 1}


def test_no_match_is_an_empty_result() -> None:
    assert rank(SMALL, []) == ()


# --- properties -----------------------------------------------------------------------------

datasets = st.sampled_from([REAL, SMALL])


@st.composite
def queries(draw: st.DrawFn) -> tuple[Dataset, list[str]]:
    ds = draw(datasets)
    sites = draw(st.lists(st.sampled_from([r.id for r in ds.regions]), min_size=1, max_size=6))
    return ds, sites


@given(queries(), st.randoms())
def test_the_order_of_the_sites_does_not_matter(query, random) -> None:
    ds, sites = query
    shuffled = list(sites)
    random.shuffle(shuffled)
    assert [(m.muscle.id, round(m.score, 9)) for m in rank(ds, sites)] == [
        (m.muscle.id, round(m.score, 9)) for m in rank(ds, shuffled)
    ]


@given(queries())
def test_every_listed_muscle_covers_a_queried_site(query) -> None:
    ds, sites = query
    for match in rank(ds, sites):
        assert match.evidence
        assert {e.site for e in match.evidence} <= set(sites)


@given(queries())
def test_scores_never_rise_down_the_list(query) -> None:
    ds, sites = query
    scores = [m.score for m in rank(ds, sites)]
    assert scores == sorted(scores, reverse=True)


@given(queries())
def test_more_sites_covered_always_ranks_higher(query) -> None:
    ds, sites = query
    covered = [m.sites_matched for m in rank(ds, sites)]
    assert covered == sorted(covered, reverse=True)


@given(queries())
def test_ranking_is_deterministic(query) -> None:
    ds, sites = query
    assert rank(ds, sites) == rank(ds, sites)


@given(
    st.sampled_from([1, 2, 3]),
    st.sampled_from([1, 2, 3]),
    st.sampled_from(["exact", "narrower", "broader"]),
    st.sampled_from(["exact", "narrower", "broader"]),
)
def test_essential_counts_more_than_spillover(f_essential, f_spill, r_essential, r_spill) -> None:
    # Whatever the frequency and however the zone relates to the site.
    essential = strength(Zone("r", "essential", f_essential), r_essential)
    spill = strength(Zone("r", "spillover", f_spill), r_spill)
    assert essential > spill


@given(queries())
def test_evidence_strength_is_between_zero_and_one(query) -> None:
    ds, sites = query
    evidence: list[Evidence] = [e for m in rank(ds, sites) for e in m.evidence]
    assert all(0 < e.strength <= 1 for e in evidence)


def test_docs_ranking_example() -> None:
    # The numbers worked by hand in docs/ranking.md.
    scores = {m.muscle.id: round(m.score, 2) for m in rank(REAL, ["lower-back", "tailbone"])}
    assert scores["quadratus-lumborum"] == scores["gluteus-medius"] == 2.80
    assert scores["multifidus"] == 2.72
    assert "gluteus-minimus" not in scores
    matches = rank(REAL, ["lower-back", "outer-hip"])
    minimus = next(m for m in matches if m.muscle.id == "gluteus-minimus")
    assert minimus.score == 2.0 and minimus.sites_matched == 1
    both = [m for m in matches if m.sites_matched == 2]
    assert both and all(m.score > minimus.score for m in both)


def test_docs_activity_example() -> None:
    # docs/ranking.md, "What makes it worse"
    matches = rank(REAL, ["lower-back"], activities=["coughing", "rolling-over"])
    by_id = {m.muscle.id: m for m in matches}
    ql = by_id["quadratus-lumborum"]
    assert round(ql.score, 2) == 2.10 and ql.rank == 1
    assert ql.activities == ("coughing", "rolling-over")
    assert explain(REAL, ql, ["lower-back"]) == (
        "lower back: essential zone (frequent); coughing or sneezing: often aggravates it; "
        "rolling over in bed: often aggravates it"
    )
    assert by_id["gluteus-medius"].score == by_id["iliocostalis-lumborum"].score == 2.0
    assert by_id["gluteus-medius"].rank == by_id["iliocostalis-lumborum"].rank == 2
    assert round(by_id["rectus-abdominis"].score, 2) == 1.95
    assert by_id["rectus-abdominis"].rank == 4
    assert by_id["multifidus"].score == 1.9
    # the latissimus dorsi lists both activities but does not reach the lower back
    assert set(REAL.muscle("latissimus-dorsi").worse_with) >= {"coughing", "rolling-over"}
    assert "latissimus-dorsi" not in by_id
    assert raised_flags(REAL, ["coughing", "rolling-over"]) == (("cough-strain", "coughing"),)


def test_docs_tie_example() -> None:
    # docs/ranking.md, "Ties": the buttock's order breaks the six-way tie at 2.00 in two
    matches = rank(REAL, ["buttock"])
    groups: dict[int, set[str]] = {}
    for m in matches:
        groups.setdefault(m.rank, set()).add(m.muscle.id)
    assert groups[1] == {"gluteus-maximus", "gluteus-medius", "piriformis"}
    assert groups[4] == {"gluteus-minimus", "iliocostalis-lumborum", "longissimus-thoracis"}
    assert groups[7] == {"hamstrings", "quadratus-lumborum"}
    assert all(m.score == 2.0 for m in matches if m.rank in (1, 4))
    assert rank_labels(matches)[:4] == ["1=", "1=", "1=", "4="]
    assert len(rank(REAL, ["buttock"], top=2)) == 3
    # the lower back (lumbar) has no order: the ties stand, the multifidus shares rank 4
    lumbar = {m.muscle.id: m.rank for m in rank(REAL, ["lower-back"], top=5)}
    assert lumbar["multifidus"] == 4 and list(lumbar.values()).count(1) == 3
    # and the worked example at the top of the page: a tie, shared
    both = {m.muscle.id: m.rank for m in rank(REAL, ["lower-back", "tailbone"])}
    assert both["quadratus-lumborum"] == both["gluteus-medius"] == 1


# --- activities and ties: properties ---------------------------------------------------------


@st.composite
def queries_with_activities(draw: st.DrawFn) -> tuple[Dataset, list[str], list[str]]:
    ds, sites = draw(queries())
    activities = draw(st.lists(st.sampled_from([a.id for a in REAL.activities]), max_size=5))
    return ds, sites, activities


def test_the_activity_weight_is_below_the_weakest_site() -> None:
    assert 0 < ACTIVITY_WEIGHT < smallest_strength()
    assert smallest_strength() == pytest.approx(0.192)


@given(queries_with_activities())
def test_a_place_always_counts_more_than_an_activity(query) -> None:
    """A muscle that reaches more of the places ranks above one that reaches fewer, whatever
    the activities; the activities never add a muscle, and add at most ACTIVITY_WEIGHT."""
    ds, sites, activities = query
    with_activities = rank(ds, sites, activities=activities)
    covered = [m.sites_matched for m in with_activities]
    assert covered == sorted(covered, reverse=True)
    for better, worse in itertools.pairwise(with_activities):
        if better.sites_matched > worse.sites_matched:
            assert better.rank < worse.rank
    plain = {m.muscle.id: m.score for m in rank(ds, sites)}
    assert {m.muscle.id for m in with_activities} == set(plain)
    asked = set(activities)
    for m in with_activities:
        assert 0 <= m.score - plain[m.muscle.id] <= ACTIVITY_WEIGHT + 1e-9
        assert set(m.activities) <= asked
        assert set(m.activities) == asked & set(m.muscle.worse_with)


@given(queries_with_activities())
def test_ranks_are_shared_exactly_by_equal_evidence(query) -> None:
    ds, sites, activities = query
    matches = rank(ds, sites, activities=activities)
    for i, m in enumerate(matches):
        assert m.rank == 1 + sum(1 for other in matches if other.rank < m.rank)
        assert m.rank <= i + 1
    for a, b in itertools.pairwise(matches):
        assert a.rank <= b.rank
        if a.rank == b.rank:
            assert a.score == b.score  # a shared rank is never a hidden difference
        else:
            assert a.score >= b.score


@given(queries_with_activities(), st.integers(min_value=1, max_value=8))
def test_top_keeps_whole_shared_ranks(query, top) -> None:
    ds, sites, activities = query
    full = rank(ds, sites, activities=activities)
    cut = rank(ds, sites, top=top, activities=activities)
    assert cut == full[: len(cut)]
    assert len(cut) >= min(top, len(full))
    if len(cut) < len(full):
        assert full[len(cut)].rank != cut[-1].rank
    if len(cut) > top:
        assert all(m.rank == cut[top - 1].rank for m in cut[top - 1 :])


def test_a_tie_is_never_broken_by_name() -> None:
    """Renaming muscles does not change any rank (only the listing inside a shared rank)."""
    renamed = Dataset(
        REAL.regions,
        tuple(m._replace(name=f"{len(REAL.muscles) - i:03d}") for i, m in enumerate(REAL.muscles)),
        REAL.groups,
        activities=REAL.activities,
    )
    for region in REAL.regions:
        before = {m.muscle.id: m.rank for m in rank(REAL, [region.id])}
        after = {m.muscle.id: m.rank for m in rank(renamed, [region.id])}
        assert before == after, region.id


# --- the short reason (the compact `where`) ----------------------------------------------------


def short_reasons(ds: Dataset, sites: list[str]) -> dict[str, str]:
    from backmuscles.core.ranking import explain_short

    return {m.muscle.id: explain_short(ds, m, sites) for m in rank(ds, sites)}


def test_the_short_reason_groups_sites_and_says_what_is_missed() -> None:
    reasons = short_reasons(REAL, ["lower-back", "tailbone"])
    assert reasons["gluteus-medius"] == "frequent at both sites"
    assert reasons["iliocostalis-lumborum"] == "frequent at lower back; common at tailbone"
    assert reasons["levator-ani"] == "frequent at tailbone; not lower back"
    assert reasons["soleus"] == "spreads to tailbone (occasional); not lower back"
    # the zone around the site (sacrum for tailbone) is the long reason's, not the short's
    assert not any("sacrum" in r for r in reasons.values())
    three = short_reasons(REAL, ["lower-back", "tailbone", "outer-hip"])
    assert three["gluteus-minimus"] == "frequent at outer hip; not lower back, tailbone"


def test_the_short_reason_names_a_zone_inside_a_coarse_site() -> None:
    reasons = short_reasons(REAL, ["hip"])
    assert reasons["gluteus-minimus"] == "frequent in the outer hip"
    assert reasons["adductor-longus"] == "frequent in the groin / front of hip"


def test_the_short_reason_is_short() -> None:
    """A few words, where the long reason is a sentence a site (the compact golden at 80
    columns shows each of the main job's top ten on one line)."""
    for site_list in (["lower-back", "tailbone"], ["buttock"], ["hip"]):
        assert max(len(r) for r in short_reasons(REAL, site_list).values()) <= 50


# --- the activities' names, for the phrase reader ---------------------------------------------


def test_activities_named_reads_ids_labels_and_synonyms() -> None:
    from backmuscles.core.vocab import activities_named

    assert activities_named(REAL, ["Sitting", "rolling over in bed", "cough", "sitting"]) == (
        "sitting",
        "rolling-over",
        "coughing",
    )
    assert activities_named(REAL, ["lower back", "nonsense", ""]) == ()
    assert activities_named(SMALL, ["sitting"]) == ()  # a dataset without activities
