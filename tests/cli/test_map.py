"""The map and compare commands: what they mark, --svg to a file or stdout, their errors,
--json, and their completion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backmuscles.core import bodymap
from backmuscles.core.bodymap import HEIGHT, MIDDLE, SIDE_BY_SIDE, WIDTH
from backmuscles.core.model import Dataset
from tests.conftest import REPO_DATA, TINY, run_cli
from tests.present.test_bodymap import parse

from .test_completion import complete

# --- the terminal drawing -------------------------------------------------------------------


def plain_map(argv: list[str], data: Path | None = None) -> str:
    result = run_cli(argv, data=data)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_map_of_a_muscle_marks_zones_and_trigger_points(real: Dataset) -> None:
    out = plain_map(["map", "--muscle", "quadratus-lumborum"])
    assert "Quadratus lumborum: pain pattern" in out
    assert "█" in out and "░" in out and "×" in out
    assert "essential zone" in out and "spillover zone" in out and "trigger points" in out
    assert "BACK" in out and "FRONT" in out
    assert "Pain charts only suggest" in out  # the caveat
    views = out.splitlines()[: HEIGHT + 3]  # title, views, sides
    assert max(len(line) for line in views) <= SIDE_BY_SIDE <= 80


def test_map_of_sites_only() -> None:
    out = plain_map(["map", "lower-back", "tailbone"])
    assert "Where it hurts: lower back, tailbone" in out
    assert "▓" in out and "●" in out and "█" not in out and "×" not in out


def test_map_pins_between_the_shoulder_blades(real: Dataset) -> None:
    out = plain_map(["map", "between-shoulder-blades"], data=REPO_DATA)
    assert "Where it hurts: between the shoulder blades" in out
    lines = out.splitlines()
    assert lines[0] == "Read as: between the shoulder blades"
    start = lines.index("Where it hurts: between the shoulder blades") + 2
    rows = lines[start : start + HEIGHT]  # after the title and the views' names
    back = [row[:WIDTH] for row in rows]
    pins = [(r, c) for r, row in enumerate(back) for c, ch in enumerate(row) if ch == "●"]
    assert pins == [(r, MIDDLE) for r, _ in pins] and len(pins) == 1  # one, on the spine
    assert bodymap.region_at("back", pins[0]) == "between-shoulder-blades"
    marked = {(r, c) for r, row in enumerate(back) for c, ch in enumerate(row) if ch in "▓●"}
    assert marked == set(bodymap.cells(real, "back", "between-shoulder-blades"))
    for blade in bodymap.cells(real, "back", "shoulder-blade"):
        assert back[blade[0]][blade[1]] == "·"  # the blades themselves are not marked
    assert not any(ch in "▓●" for row in rows for ch in row[WIDTH:])  # not on the front


def test_show_and_where_include_the_map_unless_told_not_to() -> None:
    assert "pain pattern" in plain_map(["show", "ql"], data=REPO_DATA)
    assert "BACK" not in plain_map(["show", "ql", "--no-map"], data=REPO_DATA)
    out = plain_map(["where", "lower-back", "tailbone"], data=REPO_DATA)
    assert "with where it hurts" in out and "●" in out
    assert "BACK" not in plain_map(["where", "lower-back", "--no-map"], data=REPO_DATA)
    assert "BACK" not in run_cli(["where", "lower-back", "--json"], data=REPO_DATA).stdout


def test_regions_without_a_shape_are_named(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "data"
    shutil.copytree(TINY, root)
    regions = root / "regions.yaml"
    regions.write_text(
        regions.read_text(encoding="utf-8")
        + "  - id: elbow\n    label: elbow\n    synonyms: []\n    description: An arm joint.\n",
        encoding="utf-8",
    )
    out = plain_map(["map", "elbow", "back"], data=root)
    assert "Not on the map: elbow." in out


def test_map_svg_option_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    result = run_cli(["map", "lower-back", "tailbone", "--svg", str(out)], data=REPO_DATA)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"backmuscles: wrote the map to {out}\n"
    root = parse(out.read_text(encoding="utf-8"))
    classes = {p.get("data-region"): p.get("class") for p in root.iter() if p.get("data-region")}
    assert classes["lower-back"] == "region site" and classes["tailbone"] == "region site"


def test_show_svg_to_stdout() -> None:
    result = run_cli(["show", "ql", "--svg", "-"], data=REPO_DATA)
    assert result.exit_code == 0
    assert parse(result.stdout).get("width") == "210mm"


def test_svg_to_an_unwritable_place_is_one_line() -> None:
    result = run_cli(["map", "back", "--svg", "/nonexistent/dir/map.svg"])
    assert result.exit_code == 1
    assert result.stderr.startswith("backmuscles: cannot write '/nonexistent/dir/map.svg'")
    assert result.stderr.count("\n") == 1


# --- the map and compare commands -------------------------------------------------------------


def test_map_needs_regions_or_a_muscle() -> None:
    assert run_cli(["map"]).exit_code == 2  # bare: help
    result = run_cli(["map", "--json"])
    assert result.exit_code == 2 and "give one or more regions" in result.stderr


def test_map_unknown_muscle_and_group() -> None:
    result = run_cli(["map", "--muscle", "alpah"])
    assert result.exit_code == 1 and "did you mean" in result.stderr
    result = run_cli(["map", "--muscle", "erector spinae"], data=REPO_DATA)
    assert result.exit_code == 1 and "group of muscles" in result.stderr


def test_map_json() -> None:
    doc = json.loads(run_cli(["map", "tailbone", "--muscle", "alpha", "--json"]).stdout)
    assert doc["command"] == "map" and doc["muscle"]["id"] == "alpha"
    assert doc["sites"] == [{"id": "tailbone", "label": "tailbone"}]
    assert {"id": "lower-back", "label": "lower back", "fill": "essential"} in doc["regions"]


def test_compare_side_by_side() -> None:
    out = plain_map(["compare", "gluteus", "medius", "gluteus", "minimus"], data=REPO_DATA)
    assert out.startswith("Compare: Gluteus medius, Gluteus minimus\n")
    for aspect in ("Essential zones:", "Only this one:", "Function:", "Where to press:"):
        assert aspect in out
    assert out.count("pain pattern") == 2  # a map each
    assert "BACK" not in plain_map(
        ["compare", "gluteus-medius", "gluteus-minimus", "--no-map"], data=REPO_DATA
    )


def test_compare_tells_them_apart() -> None:
    doc = json.loads(run_cli(["compare", "alpha", "gamma", "--json"]).stdout)
    only = {o["muscle"]: [r["id"] for r in o["regions"]] for o in doc["only_zones"]}
    alpha, gamma = (m for m in doc["muscles"])
    alpha_zones = {
        z["region"] for k in ("essential", "spillover") for z in alpha["pain_pattern"][k]
    }
    gamma_zones = {
        z["region"] for k in ("essential", "spillover") for z in gamma["pain_pattern"][k]
    }
    assert set(only["alpha"]) == alpha_zones - gamma_zones
    assert {s["id"] for s in doc["shared_zones"]} == alpha_zones & gamma_zones


def test_compare_needs_two_muscles() -> None:
    for argv in (["compare", "alpha"], ["compare", "alpha", "AM", "first muscle"]):
        result = run_cli(argv)
        assert result.exit_code == 2 and "two or more" in result.stderr, argv
    result = run_cli(["compare", "alpha", "nosuch"])
    assert result.exit_code == 1 and "no muscle called 'nosuch'" in result.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_for_map_and_compare(shell: str) -> None:
    assert complete(shell, "backmuscles map lower-back t") == ["tailbone"]
    assert complete(shell, "backmuscles map --muscle a") == ["alpha"]
    assert complete(shell, "backmuscles compare alpha ") == ["beta", "gamma"]


# --- muscles where muscles are meant --------------------------------------------------------


@pytest.mark.parametrize("words", [["ql"], ["quadratus", "lumborum"], ["Quadratus-Lumborum"]])
def test_map_takes_a_muscle_as_a_plain_argument(words) -> None:
    plain = run_cli(["map", *words, "--json"], data=REPO_DATA)
    assert plain.exit_code == 0, plain.stderr
    by_option = run_cli(["map", "--muscle", "quadratus-lumborum", "--json"], data=REPO_DATA)
    assert json.loads(plain.stdout) == json.loads(by_option.stdout)


def test_a_name_that_is_a_region_stays_a_region_on_the_map() -> None:
    doc = json.loads(run_cli(["map", "lower-back", "--json"], data=REPO_DATA).stdout)
    assert doc["muscle"] is None and [s["id"] for s in doc["sites"]] == ["lower-back"]


@pytest.mark.parametrize("command", [["where"], ["plan"], ["list", "--region"]])
def test_a_muscle_given_as_a_place_points_to_show_and_map(command) -> None:
    result = run_cli([*command, "ql"], data=REPO_DATA)
    assert result.exit_code == 2
    assert result.stderr == (
        "backmuscles: 'ql' is a muscle (Quadratus lumborum), not a region: see "
        "'backmuscles show quadratus-lumborum' or 'backmuscles map quadratus-lumborum'.\n"
    )


def test_words_that_name_nothing_still_fail_as_regions_on_the_map() -> None:
    result = run_cli(["map", "nosuchplace"], data=REPO_DATA)
    assert result.exit_code == 2 and "unknown region 'nosuchplace'" in result.stderr
