"""Shared cautions (data/cautions.yaml): written once, checked by validate, and shown with
every release and stretch in every view: text, rich, Markdown and JSON."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from backmuscles.core import safety
from backmuscles.core.model import Dataset
from backmuscles.dataset.loader import load
from backmuscles.dataset.store import fingerprint
from backmuscles.present import render_rich
from tests.conftest import REPO, REPO_DATA, TINY, run_cli

from .test_wording import FORBIDDEN, all_messages

REAL = load(REPO_DATA)
PRESSURE = REAL.caution_by_id["pressure"].text


def text_of(caution_id: str) -> str:
    return REAL.caution_by_id[caution_id].text


def draw(renderable: object) -> str:
    buffer = io.StringIO()
    console = render_rich.make_console(width=100, force_terminal=False)
    console.file = buffer
    console.print(renderable)
    # rich wraps at 100 columns: join the lines so a sentence can be searched for
    return " ".join(line.strip(" │╭╮╰╯─-•") for line in buffer.getvalue().splitlines())


def squeeze(text: str) -> str:
    return " ".join(text.split())


# --- the done-when checks -----------------------------------------------------------------------


def test_show_gluteus_medius_prints_the_release_contraindications() -> None:
    result = run_cli(["show", "gluteus-medius"], data=None)
    assert result.exit_code == 0
    out = result.stdout
    assert "Cautions:\n" in out
    assert f"  - {PRESSURE}\n" in out
    # the cross-body stretch and side-lying raises it suggests carry the tendon caution (E1)
    assert f"  - {text_of('gluteal-tendon')}\n" in out
    assert f"  - {text_of('hip-replacement')}\n" in out
    # cautions before techniques: before where to press and what to do
    assert out.index("Cautions:") < out.index("Where to press:")
    assert out.index("Cautions:") < out.index("Self-care:\n")


def test_show_json_carries_the_self_care_cautions() -> None:
    doc = json.loads(run_cli(["show", "gluteus-medius", "--json"], data=None).stdout)
    cautions = doc["muscle"]["self_care"]["cautions"]
    assert cautions[0] == {
        "id": "pressure",
        "text": PRESSURE,
        "kinds": ["release"],
        "sources": list(REAL.caution_by_id["pressure"].sources),
    }
    assert {"gluteal-tendon", "hip-replacement", "nerve"} <= {c["id"] for c in cautions}


def test_exercises_release_prints_the_release_contraindications() -> None:
    result = run_cli(["exercises", "ball-release-glutes"], data=None)
    assert result.exit_code == 0
    out = result.stdout
    cautions = out[out.index("Cautions:") : out.index("Steps:")]
    assert f"  - {PRESSURE}\n" in cautions  # from the vocabulary, for every release
    assert f"  - {text_of('nerve')}\n" in cautions  # named by the exercise
    assert f"  - {text_of('gluteal-tendon')}\n" in cautions
    assert "Stop and get advice if:" in out and all(r in out for r in safety.STOP_RULES)


def test_exercises_release_json() -> None:
    doc = json.loads(run_cli(["exercises", "ball-release-glutes", "--json"], data=None).stdout)
    exercise = doc["exercise"]
    assert [c["id"] for c in exercise["shared_cautions"]] == ["pressure", "nerve", "gluteal-tendon"]
    # `cautions` is every caution to show, as text: the shared ones, then its own
    assert exercise["cautions"][:3] == [c["text"] for c in exercise["shared_cautions"]]
    assert exercise["cautions"][0] == PRESSURE
    assert doc["stop_rules"] == list(safety.STOP_RULES)
    assert doc["safety_net"] == list(safety.SAFETY_NET)


def test_exercises_for_a_muscle_list_their_shared_cautions() -> None:
    out = run_cli(["exercises", "--muscle", "ql"], data=None).stdout
    rows, _, after = out.partition("\n\n")
    assert all(line.count("\t") == 5 for line in rows.splitlines())  # still one row each
    assert f"  - {PRESSURE}\n" in after and f"  - {text_of('flank')}\n" in after
    doc = json.loads(run_cli(["exercises", "--muscle", "ql", "--json"], data=None).stdout)
    release = next(e for e in doc["exercises"] if e["kind"] == "release")
    assert release["shared_cautions"][0]["id"] == "pressure"


def test_a_list_without_releases_or_shared_cautions_is_only_its_rows() -> None:
    out = run_cli(["exercises", "--kind", "strengthen", "--muscle", "ql"], data=None).stdout
    assert "\n\n" not in out and all(line.count("\t") == 5 for line in out.splitlines())


def test_plan_cautions_come_from_the_vocabulary(tmp_path: Path) -> None:
    assert not hasattr(safety, "PRESSURE_CAUTION")  # written once, in data/cautions.yaml
    out = run_cli(["plan", "lower-back", "tailbone"], data=None).stdout
    before = out[out.index("\nBefore you start:") : out.index(" 1. ")]
    assert f"\n  - {PRESSURE}\n" in before  # every release carries it
    back = out[out.index("Ball or roller release beside the spine (") :]
    back = back[: back.index("How:")]  # only the back release carries it: said with it
    assert f"    Cautions:\n      - {text_of('lumbar-rolling')}\n" in back
    doc = json.loads(run_cli(["plan", "lower-back", "tailbone", "--json"], data=None).stdout)
    assert PRESSURE in doc["cautions"]
    step = next(s for s in doc["steps"] if s["exercise"]["kind"] == "release")
    assert step["exercise"]["shared_cautions"][0]["id"] == "pressure"
    page = run_cli(["plan", "lower-back", "tailbone", "--markdown", "-"], data=None).stdout
    assert f"- {PRESSURE}\n" in page


def test_a_plan_without_a_release_has_no_pressure_caution() -> None:
    doc = json.loads(run_cli(["plan", "lower-back", "--minutes", "5", "--json"], data=None).stdout)
    assert doc["steps"] and all(s["exercise"]["kind"] != "release" for s in doc["steps"])
    assert PRESSURE not in doc["cautions"]


def test_rich_show_exercise_and_list_draw_the_contraindications() -> None:
    muscle = REAL.muscle("gluteus-medius")
    assert muscle is not None
    drawn = [
        draw(render_rich.show(REAL, muscle)),
        draw(render_rich.exercise(REAL, REAL.exercise_by_id["ball-release-glutes"])),
        draw(render_rich.exercises(REAL, REAL.exercises)),
    ]
    for page in drawn:
        assert squeeze(PRESSURE) in squeeze(page)


def test_where_and_compare_show_the_self_care_cautions() -> None:
    where = run_cli(["where", "buttock", "--details", "1"], data=None).stdout
    detail = where[where.index("\n1= ") :]  # the buttock's leaders share rank 1
    assert "Cautions:" in detail and PRESSURE in detail
    compare = run_cli(["compare", "gluteus-medius", "piriformis"], data=None).stdout
    assert "Cautions:" in compare and PRESSURE in compare


# --- every release carries the pressure contraindications ------------------------------------


def test_every_release_and_every_release_text_carries_the_pressure_caution() -> None:
    pressure = REAL.caution_by_id["pressure"]
    releases = [e for e in REAL.exercises if e.kind == "release"]
    assert releases
    for exercise in releases:
        assert REAL.exercise_cautions(exercise)[0] == pressure, exercise.id
    for muscle in REAL.muscles:
        if muscle.self_care.release:
            assert pressure in REAL.self_care_cautions(muscle), muscle.id


def test_a_release_added_by_a_user_carries_it_too(tmp_path: Path) -> None:
    """The rule is in the code, not in each exercise: a user's own release needs no id."""
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "exercises.yaml").write_text(
        """exercises:
  - id: my-ball-release
    name: My ball release
    kind: release
    muscles: [beta]
    steps: [Lean on a ball.]
    dose: {hold: 30 seconds, sets: "2", how_often: daily}
    minutes: 2
    easier: A softer ball.
    harder: A harder ball.
    cautions: [Ease off if it is sharp.]
    sources: [Mine.]
""",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    beta = data / "muscles" / "beta.yaml"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace(
            "self_care:", "exercises: [my-ball-release]\nself_care:"
        ),
        encoding="utf-8",
    )
    result = run_cli(
        ["exercises", "my-ball-release"], data=data, env={"BACKMUSCLES_USER_DATA": str(extra)}
    )
    assert result.exit_code == 0, result.stderr
    assert "  - Fixture caution for pressing.\n  - Ease off if it is sharp.\n" in result.stdout


# --- the findings of the content audit (section 3) -----------------------------------------------


def cautions_of(exercise_id: str) -> set[str]:
    return {c.id for c in REAL.exercise_cautions(REAL.exercise_by_id[exercise_id])}


def self_care_of(muscle_id: str) -> set[str]:
    muscle = REAL.muscle(muscle_id)
    assert muscle is not None
    return {c.id for c in REAL.self_care_cautions(muscle)}


def test_e1_outer_hip_stretches_and_side_lying_raises_carry_the_tendon_caution() -> None:
    for exercise in ("gluteus-medius-stretch", "side-lying-hip-abduction", "ql-side-bend-stretch"):
        assert "gluteal-tendon" in cautions_of(exercise), exercise
    for muscle in ("gluteus-medius", "gluteus-minimus", "tensor-fasciae-latae"):
        assert "gluteal-tendon" in self_care_of(muscle), muscle  # their cross-over stretches
    raise_ = REAL.exercise_by_id["side-lying-hip-abduction"]
    assert "ankle weight" not in raise_.harder.replace("rather than adding an ankle weight", "")
    assert "without moving" in raise_.easier and "hold" in raise_.harder.lower()


def test_e3_flexion_carries_the_leg_symptom_and_thin_bones_caution() -> None:
    text = text_of("forward-bending")
    assert "down a leg" in text and "thin bones" in text
    assert {"forward-bending"} <= cautions_of("knees-to-chest") & cautions_of("cat-camel")
    for muscle in ("iliocostalis-thoracis", "iliocostalis-lumborum", "longissimus-thoracis"):
        assert "forward-bending" in self_care_of(muscle), muscle
    assert "forward-bending" in self_care_of("serratus-posterior-inferior")  # rounds the mid back
    cat_camel = REAL.exercise_by_id["cat-camel"]
    assert any(
        "suits the first hour after getting up, unlike knees to chest" in c
        for c in cat_camel.cautions
    )


def test_e5_the_ql_release_stays_off_the_flank() -> None:
    release = REAL.exercise_by_id["ball-release-ql"]
    assert "not out in the soft flank" in release.steps[1]
    assert "soft area" not in release.steps[1]
    assert {"flank", "nerve"} <= cautions_of("ball-release-ql")
    assert "deep, sickening pain" in text_of("flank")


def test_e6_no_roller_across_the_lower_back() -> None:
    release = REAL.exercise_by_id["ball-release-back"]
    assert "never roll the lower back" in release.steps[0]
    assert "lumbar-rolling" in cautions_of("ball-release-back")


def test_e7_hip_replacement_caution_on_the_risky_hip_positions() -> None:
    for exercise in ("gluteus-medius-stretch", "figure-4-stretch", "knees-to-chest"):
        assert "hip-replacement" in cautions_of(exercise), exercise
    # the deep supported squat: in pelvic-floor breathing and the levator ani's stretch
    assert "hip-replacement" in cautions_of("pelvic-floor-breathing")
    assert "hip-replacement" in self_care_of("levator-ani")


def test_e8_pressure_near_the_thigh_vessels_is_cautioned() -> None:
    for muscle in ("adductor-magnus", "rectus-femoris", "adductor-longus", "pectineus"):
        assert "vessels" in self_care_of(muscle), muscle
    assert "pulse" in text_of("vessels")


def test_e4_the_soleus_and_hamstring_releases_carry_the_clot_caution() -> None:
    assert {"pressure", "clot"} <= self_care_of("soleus")
    assert "clot" in self_care_of("hamstrings")
    assert "clot" in cautions_of("calf-stretch")


def test_e10_suitcase_carry_uses_a_light_weight() -> None:
    carry = REAL.exercise_by_id["suitcase-carry"]
    assert "light weight" in carry.steps[0] and "moderate" not in " ".join(carry.steps)


def test_c10_and_c12_sources() -> None:
    cat_camel = REAL.exercise_by_id["cat-camel"]
    assert not any("bchd.org" in s for s in cat_camel.sources)
    assert any("cat-camel" in s for s in cat_camel.sources)
    trial = "PMC8316530"
    citing = [e.id for e in REAL.exercises if any(trial in s for s in e.sources)]
    assert citing == ["half-kneeling-hip-flexor-stretch"]  # the stretch it tested
    cited = next(s for s in REAL.exercise_by_id[citing[0]].sources if trial in s)
    assert "not significantly more than in the control group" in cited


# --- validate ------------------------------------------------------------------------------------


def problems(root: Path) -> set[tuple[str, str, str, str]]:
    doc = json.loads(run_cli(["validate", str(root), "--json"]).stdout)
    return {(p["severity"], p["file"], p["field"], p["message"]) for p in doc["problems"]}


def with_exercise(root: Path, cautions: str) -> None:
    (root / "exercises.yaml").write_text(
        f"""exercises:
  - id: side-plank
    name: Side plank
    kind: strengthen
    muscles: [beta]
    steps: [Lift the hips.]
    dose: {{hold: 10 seconds, sets: "3", how_often: daily}}
    minutes: 3
    easier: From the knees.
    harder: From the feet.
    cautions: {cautions}
    sources: [Fixture.]
""",
        encoding="utf-8",
    )
    beta = root / "muscles" / "beta.yaml"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace(
            "self_care:", "exercises: [side-plank]\nself_care:"
        ),
        encoding="utf-8",
    )


def test_validate_checks_every_named_caution_exists(tiny_copy: Path) -> None:
    with_exercise(tiny_copy, "[no-such-caution, Stop if it hurts.]")
    found = problems(tiny_copy)
    assert (
        "error",
        "exercises.yaml",
        "exercises[side-plank].cautions",
        "unknown caution 'no-such-caution' (known cautions: pressure)",
    ) in found


def test_validate_warns_about_an_unused_caution(tiny_copy: Path) -> None:
    with (tiny_copy / "cautions.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: lonely\n    text: Never shown.\n    sources: [Fixture.]\n")
    found = problems(tiny_copy)
    assert (
        "warning",
        "cautions.yaml",
        "cautions[lonely]",
        "no exercise names this caution and it has no kinds or muscles, so it is never shown",
    ) in found
    with_exercise(tiny_copy, "[lonely]")  # named by an exercise: used
    assert not any(p[2] == "cautions[lonely]" for p in problems(tiny_copy))


def test_validate_checks_kinds_muscles_and_duplicates(tiny_copy: Path) -> None:
    (tiny_copy / "cautions.yaml").write_text(
        """cautions:
  - id: pressure
    kinds: [release, yoga]
    text: Fixture caution for pressing.
    sources: [Fixture.]
  - id: pressure
    muscles: [beta, nobody]
    text: Again.
    sources: [Fixture.]
""",
        encoding="utf-8",
    )
    found = problems(tiny_copy)
    assert (
        "error",
        "cautions.yaml",
        "cautions[pressure].kinds[1]",
        "expected one of mobility, release, stretch, strengthen, got 'yoga'",
    ) in found
    assert ("error", "cautions.yaml", "cautions[pressure].id", "duplicate caution id") in found
    assert (
        "error",
        "cautions.yaml",
        "cautions[pressure].muscles[1]",
        "unknown muscle 'nobody'",
    ) in found


def test_validate_fails_while_releases_have_no_contraindications(tiny_copy: Path) -> None:
    (tiny_copy / "cautions.yaml").unlink()
    result = run_cli(["validate", str(tiny_copy)])
    assert result.exit_code == 1
    assert (
        "error: cautions.yaml: no caution has 'kinds: [release]', so release advice "
        "(alpha, beta) would be shown without the contraindications for pressing\n"
    ) in result.stdout
    assert load(tiny_copy).muscles  # the other commands still run on such a dataset


def test_the_built_in_data_validates_without_warnings_about_cautions() -> None:
    doc = json.loads(run_cli(["validate", "--json"], data=None).stdout)
    assert doc["ok"] and not [p for p in doc["problems"] if p["file"] == "cautions.yaml"]
    assert len(REAL.cautions) >= 9
    for caution in REAL.cautions:
        assert caution.sources and all("http" in s for s in caution.sources), caution.id


# --- the wording scan covers cautions.yaml ---------------------------------------------------


def test_the_wording_scan_reads_every_caution() -> None:
    scanned = set(all_messages())
    for caution in REAL.cautions:
        assert caution.text in scanned, caution.id
    for exercise in REAL.exercises:  # own cautions too, whatever letter they start with
        assert set(exercise.cautions) <= scanned, exercise.id


@pytest.mark.parametrize(
    "bad", ["This release will cure it.", "Skip it if the muscle causes your pain."]
)
def test_the_wording_scan_would_catch_a_bad_caution(tmp_path: Path, monkeypatch, bad) -> None:
    """A forbidden phrase written into cautions.yaml fails the scan."""
    from . import test_wording

    repo = tmp_path / "repo"
    (repo / "backmuscles").mkdir(parents=True)
    shutil.copytree(REPO / "backmuscles" / "cli", repo / "backmuscles" / "cli")
    shutil.copytree(REPO_DATA, repo / "data")
    path = repo / "data" / "cautions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Never press deep\n      into the belly.", bad), encoding="utf-8")
    assert bad in path.read_text(encoding="utf-8").replace("\n      ", " ")
    monkeypatch.setattr(test_wording, "REPO", repo)
    offending = [t for t in test_wording.all_messages() if any(p.search(t) for p, _ in FORBIDDEN)]
    assert offending and all(bad in t for t in offending)


# --- the cache keeps them ------------------------------------------------------------------------


def test_the_cache_round_trip_keeps_cautions() -> None:
    back = Dataset.from_plain(REAL.plain())
    assert back == REAL
    assert back.cautions == REAL.cautions
    assert [e.caution_ids for e in back.exercises] == [e.caution_ids for e in REAL.exercises]


def test_an_edited_cautions_file_changes_the_cache_key(tiny_copy: Path) -> None:
    before = fingerprint(tiny_copy, None)
    with (tiny_copy / "cautions.yaml").open("a", encoding="utf-8") as f:
        f.write("# edited\n")
    assert fingerprint(tiny_copy, None) != before
