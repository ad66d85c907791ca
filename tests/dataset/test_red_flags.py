"""`validate` on the question bank (red_flags.yaml): unknown levels, flags, rule actions
and places are named; a dataset without a bank gets a warning and still works."""

from __future__ import annotations

import json
from pathlib import Path

from backmuscles.dataset.loader import load
from tests.conftest import REPO_DATA, TINY, run_cli


def test_validate_checks_the_question_bank(tiny_copy: Path) -> None:
    import shutil

    shutil.copy(REPO_DATA / "red_flags.yaml", tiny_copy / "red_flags.yaml")
    text = (tiny_copy / "red_flags.yaml").read_text(encoding="utf-8")
    text = text.replace("level: urgent\n", "level: urgnet\n", 1).replace(
        "with_any: [cancer-history, fever, infection-risk, recent-procedure]",
        "with_any: [cancer-history, nite-pain, infection-risk, recent-procedure]",
    )
    (tiny_copy / "red_flags.yaml").write_text(text, encoding="utf-8")
    result = run_cli(["validate", str(tiny_copy), "--json"])
    assert result.exit_code == 1
    problems = {(p["field"], p["message"]) for p in json.loads(result.stdout)["problems"]}
    assert (
        "flags[fever].level",
        "unknown level 'urgnet' (levels: emergency, urgent, out-of-scope, soon, routine)",
    ) in problems
    assert ("flags[leg-weakness-severe].escalate.with_any", "unknown flag 'nite-pain'") in problems


def test_dataset_without_question_bank_gets_a_validate_warning() -> None:
    result = run_cli(["validate", str(TINY), "--json"])
    doc = json.loads(result.stdout)
    assert result.exit_code == 0 and doc["warnings"] == 1
    assert doc["problems"][0]["file"] == "red_flags.yaml"
    assert load(TINY).muscles  # the rest of the tool works without it


def test_validate_checks_rule_actions_and_places(tiny_copy: Path) -> None:
    import shutil

    shutil.copy(REPO_DATA / "red_flags.yaml", tiny_copy / "red_flags.yaml")
    path = tiny_copy / "red_flags.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "Call your emergency number or go to an emergency department now: with a past cancer,",
        "Rest: with a past cancer,",
    )
    text = text.replace("regions: [leg]", "regions: [calf-muscle]", 1)
    path.write_text(text, encoding="utf-8")
    result = run_cli(["validate", str(tiny_copy), "--json"])
    assert result.exit_code == 1
    problems = {(p["field"], p["message"]) for p in json.loads(result.stdout)["problems"]}
    rule = ("flags[leg-weakness-severe].escalate.action", "does not read as 'emergency' advice")
    assert rule in problems
    assert ("flags[calf-swelling].regions", "unknown region 'calf-muscle'") in problems


def test_validate_finds_a_rule_that_can_never_change_the_result(tiny_copy: Path) -> None:
    import shutil

    shutil.copy(REPO_DATA / "red_flags.yaml", tiny_copy / "red_flags.yaml")
    path = tiny_copy / "red_flags.yaml"
    text = path.read_text(encoding="utf-8")
    # calf swelling made an emergency by chest pain, which is an emergency on its own already
    text = text.replace(
        "    regions: [leg]\n",
        "    regions: [leg]\n    escalate:\n      to: emergency\n      with_any: [chest-pain]\n"
        "      action: Call your emergency number now.\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    result = run_cli(["validate", str(tiny_copy), "--json"])
    problems = {(p["field"], p["message"]) for p in json.loads(result.stdout)["problems"]}
    assert (
        "flags[calf-swelling].escalate",
        "can never change the result: every flag it names is 'emergency' or more urgent on its own",
    ) in problems
