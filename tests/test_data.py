"""The shipped dataset: coverage, completeness, and whether `where REGION` puts the muscles
that the references list for a region at the top (each test names its reference)."""

from __future__ import annotations

import pytest

from backmuscles.loader import load
from backmuscles.ranking import rank

from .conftest import REPO_DATA

REAL = load(REPO_DATA)

# Reference lists. TP3D = TriggerPoints3D region->symptom lists as extracted in
# udayraj0101/triggerpoints-ai-service (backend/app/data/processed/symptoms.json), quoted
# in shared/research/anchors-mission.md section 2; T&S = Travell, Simons & Simons' Trigger
# Point Manual, 3rd ed., chapters named in each muscle's sources.
REFERENCES = {
    # TP3D "Low Back Pain", primary: QL, longissimus thoracis, iliocostalis lumborum,
    # iliocostalis thoracis, multifidi, rectus abdominis.
    "lower-back": {
        "quadratus-lumborum",
        "longissimus-thoracis",
        "iliocostalis-lumborum",
        "iliocostalis-thoracis",
        "multifidus",
        "rectus-abdominis",
    },
    # TP3D "Sacral & Gluteal Pain" (longissimus thoracis, iliocostalis lumborum, multifidi)
    # and "Iliosacral Pain" (levator ani, gluteus medius, QL, gluteus maximus, multifidi).
    "sacrum": {
        "longissimus-thoracis",
        "iliocostalis-lumborum",
        "multifidus",
        "levator-ani",
        "gluteus-medius",
        "quadratus-lumborum",
        "gluteus-maximus",
    },
    # coccyx.org, "Muscle spasm or tightness causing coccyx pain": levator ani, coccygeus,
    # obturator internus, gluteus maximus.
    "tailbone": {"levator-ani", "obturator-internus", "gluteus-maximus"},
    # TP3D "Buttock Pain": gluteus medius, QL, gluteus maximus, piriformis, gluteus minimus.
    "buttock": {
        "gluteus-medius",
        "quadratus-lumborum",
        "gluteus-maximus",
        "piriformis",
        "gluteus-minimus",
    },
    # TP3D "Lateral Thigh & Hip Pain": gluteus minimus, vastus lateralis, piriformis, QL, TFL.
    "outer-hip": {"gluteus-minimus", "piriformis", "quadratus-lumborum", "tensor-fasciae-latae"},
    "side-of-thigh": {"gluteus-minimus", "vastus-lateralis", "tensor-fasciae-latae"},
    # abbottcenter.com groin pain part 4a (after T&S): adductors longus and brevis, adductor
    # magnus and pectineus are the most important muscle sources of groin pain.
    "groin": {"adductor-longus", "adductor-magnus", "pectineus"},
    # T&S abdominal muscles chapter: rectus abdominis and the obliques.
    "lower-abdomen": {"rectus-abdominis", "external-oblique"},
    # massagetoday.com (Kent 2009, after T&S): iliocostalis, latissimus dorsi, serratus
    # posterior inferior and rectus abdominis refer to the lower thoracic back.
    "mid-back": {
        "iliocostalis-thoracis",
        "serratus-posterior-inferior",
        "latissimus-dorsi",
        "rectus-abdominis",
    },
}


def test_coverage_at_least_24_muscles() -> None:
    assert len(REAL.muscles) >= 24


@pytest.mark.parametrize("muscle", REAL.muscles, ids=lambda m: m.id)
def test_every_muscle_is_complete(muscle) -> None:
    assert len(muscle.sources) >= 2, "zones come from at least two sources"
    assert muscle.zones_of("essential")
    assert all(z.frequency in (1, 2, 3) for z in muscle.zones)
    assert muscle.trigger_points and muscle.could_also_be and muscle.aggravating
    assert muscle.group in REAL.group_by_id


@pytest.mark.parametrize("region", sorted(REFERENCES))
def test_where_region_puts_the_references_muscles_first(region: str) -> None:
    expected = REFERENCES[region]
    matches = rank(REAL, [region])
    order = [m.muscle.id for m in matches]
    kinds = [m.evidence[0].zone.kind for m in matches]
    # essential zones first, spillover after
    assert kinds == sorted(kinds), list(zip(order, kinds, strict=True))
    # every muscle the reference lists has an essential zone there ...
    essential = {m.muscle.id for m, k in zip(matches, kinds, strict=True) if k == "essential"}
    assert expected <= essential, expected - essential
    # ... and sits near the top: within the first len(expected) + 3 places
    top = set(order[: len(expected) + 3])
    assert expected <= top, (expected - top, order)


def test_the_erector_spinae_is_split_and_its_names_find_the_parts() -> None:
    group = REAL.group_by_id["erector-spinae"]
    assert {"erector spinae", "paraspinals"} <= {group.label, *group.synonyms}
    assert {m.id for m in REAL.members("erector-spinae")} == {
        "iliocostalis-lumborum",
        "iliocostalis-thoracis",
        "longissimus-thoracis",
    }
