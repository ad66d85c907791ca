"""Golden output: whole renderings compared byte for byte with files in tests/golden/.

Plain text comes from the CLI as a pipe sees it; rich output is drawn at a fixed width
of 100 columns without colour. After a deliberate change of output, regenerate with
``BACKMUSCLES_UPDATE_GOLDEN=1 pytest tests/present/test_golden.py`` and read the diff.
"""

from __future__ import annotations

import io
import os

import pytest

from backmuscles.core.model import Query
from backmuscles.core.ranking import rank
from backmuscles.core.vocab import find_muscle, parse_regions
from backmuscles.dataset.loader import load
from backmuscles.present import render_rich
from tests.conftest import REPO_DATA, TESTS, TINY, run_cli

GOLDEN = TESTS / "golden"
UPDATE = bool(os.environ.get("BACKMUSCLES_UPDATE_GOLDEN"))


def check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path}; run with BACKMUSCLES_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


PLAIN_CASES = {
    "where-lower-back-tailbone.txt": ["where", "lower-back", "tailbone"],
    "where-back.txt": ["where", "back", "--details", "1"],
    "show-beta.txt": ["show", "beta"],
    "list.txt": ["list"],
    "regions.txt": ["regions"],
}


@pytest.mark.parametrize(("name", "args"), PLAIN_CASES.items())
def test_plain_golden(name: str, args: list[str]) -> None:
    result = run_cli(args)
    assert result.exit_code == 0
    check(f"plain/{name}", result.stdout)


def draw(renderable: object, width: int = 100) -> str:
    buffer = io.StringIO()
    console = render_rich.make_console(width=width, force_terminal=False)
    console.file = buffer
    console.print(renderable)
    # rich pads lines to the width; trailing blanks carry no meaning and editors strip them
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def test_rich_golden_where() -> None:
    ds = load(TINY)
    query = parse_regions(ds, ["lower-back", "tailbone"])
    assert isinstance(query, Query)
    matches = rank(ds, query.regions)
    check("rich/where-lower-back-tailbone.txt", draw(render_rich.where(ds, query, matches, 1)))


@pytest.mark.parametrize("width", [80, 120])
def test_rich_golden_where_compact(width: int) -> None:
    """The compact answer a terminal gets: the map beside the top muscle's table at 120
    columns, left to the long form at 80."""
    from backmuscles.core.bodymap import muscle_picture

    ds = load(REPO_DATA)
    query = parse_regions(ds, ["lower-back", "tailbone"])
    assert isinstance(query, Query)
    matches = rank(ds, query.regions, top=10)
    picture = muscle_picture(ds, matches[0].muscle, query.regions)
    drawn = draw(render_rich.where_compact(ds, query, matches, None, picture), width)
    check(f"rich/where-compact-{width}.txt", drawn)
    assert max(len(line) for line in drawn.splitlines()) <= width
    assert ("BACK" in drawn) == (width >= render_rich.MAP_BESIDE)


def test_rich_golden_where_compact_tiny() -> None:
    ds = load(TINY)
    query = parse_regions(ds, ["lower-back", "tailbone"])
    assert isinstance(query, Query)
    check(
        "rich/where-compact-tiny.txt",
        draw(render_rich.where_compact(ds, query, rank(ds, query.regions)), 80),
    )


def test_rich_golden_show() -> None:
    ds = load(TINY)
    beta = find_muscle(ds, "beta").muscle
    assert beta is not None
    check("rich/show-beta.txt", draw(render_rich.show(ds, beta)))


def test_rich_golden_list_and_regions() -> None:
    ds = load(TINY)
    check("rich/list.txt", draw(render_rich.muscle_list(ds, ds.muscles)))
    check("rich/regions.txt", draw(render_rich.regions(ds)))


def test_rich_output_fits_the_width() -> None:
    ds = load(TINY)
    beta = find_muscle(ds, "beta").muscle
    assert beta is not None
    assert max(len(line) for line in draw(render_rich.show(ds, beta)).splitlines()) <= 100


def test_rich_ranked_table_wraps_a_long_title_and_falls_back_when_narrow() -> None:
    ds = load(REPO_DATA)
    sites = [r.id for r in ds.regions][:8]
    query = parse_regions(ds, sites)
    assert isinstance(query, Query)
    matches = rank(ds, query.regions, top=3)
    wide = draw(render_rich.where(ds, query, matches, 0))
    assert max(len(line) for line in wide.splitlines()) <= 100
    assert "Muscles often linked to pain at: back, upper back, between the shoulder" in wide
    assert wide.count("┏") == 1
    console = render_rich.make_console(width=44, force_terminal=False)
    console.file = io.StringIO()
    console.print(render_rich.where(ds, query, matches, 0))
    narrow = console.file.getvalue()
    assert max(len(line) for line in narrow.splitlines()) <= 44
    assert matches[0].muscle.name.split()[0] in narrow  # rich's own table, folding the cells


def test_rich_compact_is_blocks_on_a_narrow_terminal() -> None:
    ds = load(REPO_DATA)
    query = parse_regions(ds, ["lower-back", "tailbone"])
    assert isinstance(query, Query)
    drawn = draw(render_rich.where_compact(ds, query, rank(ds, query.regions, top=10)), 44)
    assert max(len(line) for line in drawn.splitlines()) <= 44
    assert "1. Gluteus medius  ●●●●●\n   frequent at both sites\n" in drawn
    assert "─" * 44 not in drawn  # no table rule


def test_compact_sections_name_the_exercises_and_keep_the_pressure_caution() -> None:
    from backmuscles.present.views import compact_sections

    ds = load(REPO_DATA)
    glute = ds.muscle_by_id["gluteus-medius"]
    sections = {s.title: s for s in compact_sections(ds, glute)}
    assert list(sections) == ["Anatomy", "Cautions", "Release", "Stretch", "Strengthen"]
    assert sections["Release"].lines == ("Ball release for the glutes and piriformis",)
    cautions = sections["Cautions"].bullets
    assert cautions[0] == ds.caution_by_id["pressure"].text  # in full, first
    assert "nerve symptoms in the leg, sore hip tendons, after a hip replacement" in cautions[1]
    assert "'backmuscles show gluteus-medius'" in cautions[1]
    # a kind with no exercise in the library: the muscle's own advice, whole
    iliacus = {s.title: s for s in compact_sections(ds, ds.muscle_by_id["iliacus"])}
    assert iliacus["Release"].lines == ds.muscle_by_id["iliacus"].self_care.release
