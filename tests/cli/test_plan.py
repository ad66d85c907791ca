"""The exercises and plan commands: listings, one exercise in full, errors, the plan's
output, --markdown, --screen, and validate's exercise references."""

from __future__ import annotations

import json
from pathlib import Path

from backmuscles.core.safety import CAVEAT, EVIDENCE_NOTE, SAFETY_NET, STOP_RULES
from backmuscles.dataset.loader import load
from tests.conftest import REPO_DATA, run_cli

REAL = load(REPO_DATA)
REGION_IDS = [r.id for r in REAL.regions]


def test_done_when_exercises_for_ql() -> None:
    result = run_cli(["exercises", "--muscle", "quadratus-lumborum"], data=None)
    assert result.exit_code == 0
    rows, _, cautions = result.stdout.partition("\n\n")
    names = [line.split("\t")[1] for line in rows.splitlines()]
    assert names == ["Ball release for the quadratus lumborum", *names[1:]]
    assert "Side plank" in names and "Suitcase carry" in names
    # the list has a release, so the pressure contraindications follow it
    assert cautions.startswith("Cautions:\n")
    assert REAL.caution_by_id["pressure"].text in cautions


def test_exercises_filters_and_json() -> None:
    doc = json.loads(run_cli(["exercises", "--kind", "stretch", "--json"], data=None).stdout)
    assert doc["command"] == "exercises" and doc["filter"] == {"muscle": None, "kind": "stretch"}
    assert doc["count"] == len(doc["exercises"]) > 0
    assert {e["kind"] for e in doc["exercises"]} == {"stretch"}
    ql = json.loads(run_cli(["exercises", "-m", "QL", "--json"], data=None).stdout)
    assert ql["filter"]["muscle"] == "quadratus-lumborum"


def test_one_exercise_in_full() -> None:
    result = run_cli(["exercises", "side-plank"], data=None)
    assert result.exit_code == 0
    assert result.stdout.startswith("Side plank\n")
    assert "Easier:" in result.stdout and "Cautions:" in result.stdout
    # cautions come before the steps; the stop rules and the emergency signs they point to
    # are there too
    assert result.stdout.index("Cautions:") < result.stdout.index("Steps:")
    assert all(rule in result.stdout for rule in STOP_RULES)
    assert all(line in result.stdout for line in SAFETY_NET)
    by_name = json.loads(run_cli(["exercises", "Side Plank", "--json"], data=None).stdout)
    assert by_name["exercise"]["id"] == "side-plank"
    assert by_name["exercise"]["dose"]["text"] == "hold 10 seconds, 3 to 5 holds each side, daily"


def test_exercise_errors() -> None:
    unknown = run_cli(["exercises", "side-plnk"], data=None)
    assert unknown.exit_code == 1 and "did you mean side-plank?" in unknown.stderr
    bad_kind = run_cli(["exercises", "--kind", "yoga"], data=None)
    assert bad_kind.exit_code == 2 and "--kind must be one of" in bad_kind.stderr
    bad_muscle = run_cli(["exercises", "--muscle", "zzz"], data=None)
    # a muscle that is not there is not found (1), as in show, map and compare
    assert bad_muscle.exit_code == 1
    assert bad_muscle.stderr == run_cli(["show", "zzz"], data=None).stderr


def test_show_lists_the_muscles_exercises_with_doses() -> None:
    result = run_cli(["show", "ql"], data=None)
    assert "Exercises:" in result.stdout
    assert "  - Side plank (strengthen): hold 10 seconds, 3 to 5 holds each side, daily" in (
        result.stdout
    )
    doc = json.loads(run_cli(["show", "ql", "--json"], data=None).stdout)
    assert "side-plank" in doc["muscle"]["exercises"]


# --- the plan ------------------------------------------------------------------------------------


def test_done_when_plan_lower_back_tailbone() -> None:
    result = run_cli(["plan", "lower-back", "tailbone"], data=None)
    assert result.exit_code == 0
    out = result.stdout
    for kind in ("release", "stretch", "strengthen"):
        assert f" ({kind}, about " in out
    assert "About 36 minutes in all." in out
    assert "Before you start:" in out and STOP_RULES[0] in out and EVIDENCE_NOTE in out
    assert CAVEAT in out and all(line in out for line in SAFETY_NET)
    doc = json.loads(run_cli(["plan", "lower-back", "tailbone", "--json"], data=None).stdout)
    assert doc["command"] == "plan" and doc["total_minutes"] == 36
    assert [m["id"] for m in doc["muscles"]][:2] == ["gluteus-medius", "quadratus-lumborum"]
    assert {s["exercise"]["kind"] for s in doc["steps"]} >= {"release", "stretch", "strengthen"}
    assert all(s["exercise"]["dose"]["text"] and s["minutes"] > 0 for s in doc["steps"])
    assert doc["cautions"] and doc["stop_rules"] == list(STOP_RULES)
    assert doc["caveat"] == CAVEAT and doc["safety_net"] == list(SAFETY_NET)


def test_markdown_page(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    result = run_cli(["plan", "buttock", "--markdown", str(target)], data=None)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"backmuscles: wrote the plan to {target}\n"
    page = target.read_text(encoding="utf-8")
    assert page.startswith("# Self-care plan for pain at: buttock\n")
    assert (
        "## 1. Ball release for the glutes and piriformis\n\n*release, about 4 minutes*\n" in page
    )
    assert "\nDose: hold 30 to 60 seconds a spot" in page
    assert "## Stop and get advice if" in page and "## When to get help" in page
    to_stdout = run_cli(["plan", "buttock", "--markdown", "-"], data=None)
    assert to_stdout.stdout == page


def _numbered_names(text: str, names: list[str]) -> list[str]:
    """The step headings among ``text``'s lines: a number, a dot and an exercise's name."""
    import re

    found = []
    for line in text.splitlines():
        m = re.match(r"^[#\s]*(\d+)\. (.+?)(?:  | \(|$)", line)
        if m and m[2] in names:
            found.append(m[2])
    return found


def test_each_exercise_is_shown_once_in_every_form() -> None:
    """One listing: each step's name once, with its dose and minutes, its how-to and its
    own cautions under it, and no second table or detail list, in the plain text, the rich
    drawing and the Markdown page alike; the JSON says the same in the same order."""
    import io

    from backmuscles.core.planning import build_plan
    from backmuscles.core.ranking import rank
    from backmuscles.core.vocab import parse_regions
    from backmuscles.present import render_rich

    doc = json.loads(run_cli(["plan", "lower-back", "--json"], data=None).stdout)
    names = [s["exercise"]["name"] for s in doc["steps"]]
    plain = run_cli(["plan", "lower-back"], data=None).stdout
    page = run_cli(["plan", "lower-back", "--markdown", "-"], data=None).stdout
    query = parse_regions(REAL, ["lower-back"])
    routine = build_plan(REAL, rank(REAL, query.regions, top=3))
    console = render_rich.make_console(width=100, force_terminal=False)
    console.file = io.StringIO()
    console.print(render_rich.plan(REAL, query, routine))
    drawn = console.file.getvalue()
    for text in (plain, page, drawn):
        assert _numbered_names(text, names) == names
        for name in names:  # the name nowhere else (not in a table, not in a detail list)
            assert text.count(name) == 1 or name in "".join(doc["cautions"]), name
    # the dose and minutes come with the step's name, its how-to follows
    assert " 1. Cat-camel (mobility, about 2 minutes)\n    Dose: 8 slow cycles" in plain
    step = plain[plain.index("1. Cat-camel") : plain.index(" 2. ")]
    assert "    How:\n      - On hands and knees" in step
    # each caution once, and where it is shown is what the JSON says
    before = plain[plain.index("Before you start:") : plain.index(" 1. Cat-camel")]
    for caution in doc["cautions"]:
        assert plain.count(caution) == 1, caution
        assert (caution in before) == (caution in doc["before_you_start"])
    for s in doc["steps"]:
        assert set(s["cautions"]) <= set(s["exercise"]["cautions"])
        n = s["step"]
        following = f"{n + 1}. {names[n]}" if n < len(names) else "Stop and get"
        end = plain.index(following)
        section = plain[plain.index(f"{n}. {s['exercise']['name']}") : end]
        assert all(c in section for c in s["cautions"])
    assert doc["cautions"] == doc["before_you_start"] + [
        c for s in doc["steps"] for c in s["cautions"]
    ]
    # a caution two steps carry is said before the first, not under either
    ridge = REAL.caution_by_id["flank"].text
    assert ridge in doc["before_you_start"]
    assert all(ridge not in s["cautions"] for s in doc["steps"])


def test_markdown_to_an_unwritable_place(tmp_path: Path) -> None:
    result = run_cli(
        ["plan", "buttock", "--markdown", str(tmp_path / "no" / "such" / "x.md")], data=None
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("backmuscles: cannot write")


def test_plan_screen_emergency_withholds_the_routine() -> None:
    from typer.testing import CliRunner

    from backmuscles.cli import app

    env = {"BACKMUSCLES_DATA": str(REPO_DATA), "BACKMUSCLES_USER_DATA": ""}
    result = CliRunner().invoke(
        app, ["plan", "lower-back", "--screen", "--json"], env=env, input="\ny\n"
    )
    assert result.exit_code == 4
    doc = json.loads(result.stdout)
    assert doc["withheld"] is True and doc["steps"] == [] and doc["muscles"] == []
    assert doc["screening"]["level"] == "emergency"


def test_plan_unknown_region_and_help() -> None:
    assert run_cli(["plan", "nowhere"], data=None).exit_code == 2
    assert run_cli(["plan"], data=None).exit_code == 2


def test_validate_checks_exercise_references_both_ways(tiny_copy: Path) -> None:
    (tiny_copy / "exercises.yaml").write_text(
        """exercises:
  - id: side-plank
    name: Side plank
    kind: strengthen
    muscles: [alpha, nobody]
    steps: [Lift the hips.]
    dose: {hold: 10 seconds, sets: "3", how_often: daily}
    minutes: 3
    easier: From the knees.
    harder: From the feet.
    cautions: [Stop if it hurts.]
    sources: [Fixture.]
""",
        encoding="utf-8",
    )
    beta = tiny_copy / "muscles" / "beta.yaml"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace(
            "self_care:", "exercises: [side-plank, no-such-exercise]\nself_care:"
        ),
        encoding="utf-8",
    )
    result = run_cli(["validate", str(tiny_copy), "--json"])
    assert result.exit_code == 1
    found = {(p["file"], p["field"], p["message"]) for p in json.loads(result.stdout)["problems"]}
    assert ("exercises.yaml", "exercises[side-plank].muscles", "unknown muscle 'nobody'") in found
    assert (
        "exercises.yaml",
        "exercises[side-plank].muscles",
        "names 'alpha', but that muscle does not list this exercise",
    ) in found
    assert ("muscles/beta.yaml", "exercises", "unknown exercise 'no-such-exercise'") in found
    assert (
        "muscles/beta.yaml",
        "exercises",
        "lists 'side-plank', but that exercise does not name this muscle",
    ) in found


def test_a_budget_too_small_for_any_step_says_so_and_exits_1() -> None:
    for extra in ([], ["--json"], ["--markdown", "-"]):
        result = run_cli(["plan", "lower-back", "--minutes", "1", *extra], data=REPO_DATA)
        assert result.exit_code == 1 and result.stdout == "", extra
        assert result.stderr == (
            "backmuscles: no step of this plan fits in 1 minute; the shortest takes about 2: "
            "try --minutes 2.\n"
        )
    assert run_cli(["plan", "lower-back", "--minutes", "2"], data=REPO_DATA).exit_code == 0
