"""The shipped dataset: coverage, completeness, and whether `where REGION` puts the muscles
that the references list for a region at the top (each test names its reference)."""

from __future__ import annotations

import pytest

from backmuscles.core.ranking import rank
from backmuscles.dataset.loader import load
from tests.conftest import REPO_DATA, run_cli

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


@pytest.mark.parametrize("muscle", REAL.muscles, ids=lambda m: m.id)
def test_every_muscle_says_what_its_frequencies_rest_on(muscle) -> None:
    # No chart gives numbers (data audit, section 2), so every basis so far says "estimate".
    basis = muscle.frequency_basis
    assert basis.startswith("estimate") and "\n" not in basis
    assert len(basis) <= 220, "one short line"


def test_show_and_list_json_carry_the_frequency_basis() -> None:
    import json

    shown = json.loads(run_cli(["show", "pectineus", "--json"], data=None).stdout)
    pattern = shown["muscle"]["pain_pattern"]
    assert pattern["frequency_basis"] == REAL.muscle("pectineus").frequency_basis
    assert "2, not 3" in pattern["frequency_basis"]
    listed = json.loads(run_cli(["list", "--json"], data=None).stdout)
    assert {m["id"]: m["pain_pattern"]["frequency_basis"] for m in listed["muscles"]} == {
        m.id: m.frequency_basis for m in REAL.muscles
    }


# --- the audit's fixes (shared/research/data-audit.md), so they do not come back --------------


def zone(muscle: str, region: str) -> tuple[str, int] | None:
    found = [z for z in REAL.muscle(muscle).zones if z.region == region]
    return (found[0].kind, found[0].frequency) if found else None


def test_sartorius_is_not_filed_as_a_quadriceps_muscle() -> None:  # A1
    assert {m.id for m in REAL.members("quadriceps")} == {
        "rectus-femoris",
        "vastus-lateralis",
        "vastus-intermedius",
    }
    assert REAL.muscle("sartorius").group == "anterior-thigh"


def test_audited_zones() -> None:
    for muscle in ("psoas", "iliacus"):  # R1: the groin and the front of the thigh are core
        assert zone(muscle, "front-of-thigh") == ("essential", 2)
        assert zone(muscle, "groin") == ("essential", 2)
    assert zone("gluteus-minimus", "knee") == ("spillover", 1)  # R2
    assert zone("serratus-posterior-inferior", "mid-back") == ("essential", 2)  # R3
    assert zone("gluteus-medius", "tailbone") is None  # R4
    assert zone("gluteus-maximus", "tailbone") == ("essential", 2)  # R6
    assert zone("quadratus-lumborum", "tailbone") == ("spillover", 1)  # R7
    assert zone("pectineus", "groin") == ("essential", 2)  # R8
    assert zone("piriformis", "outer-hip") == ("essential", 1)  # R9


def all_text(muscle: str) -> str:
    m = REAL.muscle(muscle)
    care = m.self_care
    parts = (m.pattern, *m.function, *m.aggravating, *m.trigger_points)
    return " ".join((*parts, *care.release, *care.stretch, *care.strengthen)).lower()


@pytest.mark.parametrize(
    ("muscle", "absent"),
    [
        ("gluteus-medius", "tip the pelvis backwards"),  # A2
        ("gluteus-medius", "stand on the other leg"),  # A3
        ("psoas", "stays short"),  # A4
        ("iliacus", "stays short"),  # A4
        ("rectus-femoris", "when it is tight"),  # A5
        ("obturator-internus", "sit on a soft ball"),  # E2
        ("obturator-internus", "sitting briefly on a soft ball"),  # E2
        ("iliocostalis-thoracis", "standing forward bends"),  # E3
        ("gluteus-medius", "deep tissue"),  # E4
        ("gluteus-minimus", "deep tissue"),  # E4
        ("quadratus-lumborum", "deep tissue"),  # E4
        ("gluteus-medius", "release it first"),  # E11
        ("gluteus-minimus", "release it first"),  # E11
        ("multifidus", "feeds a cycle"),  # W2
        ("psoas", "a tight psoas makes"),  # W4
        ("rectus-abdominis", "points to it"),  # W5
        ("quadratus-lumborum", "learns to hold"),  # W7
        ("longissimus-thoracis", "may ease when you press"),  # W9
        ("iliacus", "release tool"),  # C14: only the vendor's blog offers one
        ("quadratus-lumborum", "release tool"),  # C14
    ],
)
def test_audited_wording_is_gone(muscle: str, absent: str) -> None:
    assert absent not in all_text(muscle)


@pytest.mark.parametrize(
    ("muscle", "present"),
    [
        ("tensor-fasciae-latae", "bony point at the side of the hip is tender"),  # E1
        ("gluteus-medius", "bony point at the side of the hip"),  # E1
        ("gluteus-minimus", "bony point at the side of the hip"),  # E1
        ("iliocostalis-thoracis", "thin bones"),  # E3
        ("iliocostalis-lumborum", "thin bones"),  # E3
        ("longissimus-thoracis", "thin bones"),  # E3
        ("iliocostalis-lumborum", "tingling down a leg"),  # E3
        ("soleus", "blood clot"),  # E4: on the release itself
        ("adductor-magnus", "pulse"),  # E8
        ("rectus-femoris", "pulse"),  # E8
        ("hamstrings", "tingling"),  # E9
        ("piriformis", "some clinicians think"),  # W6
    ],
)
def test_audited_cautions_are_there(muscle: str, present: str) -> None:
    assert present in all_text(muscle)


def test_soleus_clot_caution_is_in_its_release_text() -> None:  # E4
    assert any("blood clot" in r for r in REAL.muscle("soleus").self_care.release)


@pytest.mark.parametrize("muscle", REAL.muscles, ids=lambda m: m.id)
def test_the_vendor_blog_is_never_a_muscles_only_source(muscle) -> None:  # C14
    others = [s for s in muscle.sources if "Back Muscle Solutions" not in s]
    assert len(others) >= 2


@pytest.mark.parametrize("exercise", REAL.exercises, ids=lambda e: e.id)
def test_the_vendor_blog_is_never_an_exercises_only_public_source(exercise) -> None:  # C14
    others = [s for s in exercise.sources if "Back Muscle Solutions" not in s and "http" in s]
    assert others, exercise.sources


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
