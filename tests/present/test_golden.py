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
    console.print(renderable, crop=False)  # as print_to_terminal: a long address runs on
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
    drawn = draw(render_rich.where_compact(ds, query, matches, None, picture, top=10), width)
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
    # a shared rank says so ("1="), and the reason sits under the name
    assert "1= Gluteus medius  ●●●●●\n    frequent at both sites\n" in drawn
    assert "3. Iliocostalis lumborum" in drawn
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


def test_plain_and_rich_golden_plan() -> None:
    """The plan, each step once: plain as a pipe sees it, and rich at 80 columns."""
    from backmuscles.core.planning import build_plan

    result = run_cli(["plan", "buttock", "--minutes", "10"], data=REPO_DATA)
    assert result.exit_code == 0
    check("plain/plan-buttock-10.txt", result.stdout)
    ds = load(REPO_DATA)
    query = parse_regions(ds, ["buttock"])
    assert isinstance(query, Query)
    routine = build_plan(ds, rank(ds, query.regions, top=3), 10)
    drawn = draw(render_rich.plan(ds, query, routine), 80)
    check("rich/plan-buttock-10-80.txt", drawn)
    assert max(len(line) for line in drawn.splitlines()) <= 80


@pytest.mark.parametrize("width", [40, 60, 90])
def test_card_mode_keeps_wrapped_lines_under_their_label(width: int) -> None:
    """On a terminal too narrow for the table, each row is a card of "Header: value" lines;
    a value that wraps goes on under its own first word, never back under the label, and
    a list's items wrap under their text, not under the bullet."""
    import re

    ds = load(REPO_DATA)
    muscles = [ds.muscle_by_id[i] for i in ("quadratus-lumborum", "gluteus-medius")]
    pages = [
        draw(render_rich.muscle_list(ds, ds.muscles), width),
        draw(render_rich.exercises(ds, ds.exercises[:8]), width),
        draw(render_rich.compare(ds, muscles, []), width),
    ]
    wrapped = 0
    for page in pages:
        assert max(len(line) for line in page.splitlines()) <= width
        hang = None
        for line in page.splitlines():
            label = re.match(r"^(  (?:[A-Z][\w ]*|    )?: |    • )", line)
            if not line.startswith(" ") or not line.strip():
                hang = None  # a heading or the gap between cards
            elif label or (line.startswith("  ") and not line.startswith("   ")):
                hang = len(label[0]) if label else None
            elif hang is not None:
                assert line.startswith(" " * hang) and line[hang] != " ", (line, hang)
                wrapped += 1
    assert wrapped > 10  # the widths do make values wrap
    narrow = draw(render_rich.muscle_list(ds, ds.muscles), 60)
    assert "  Zones: essential: lower back, belt line / iliac crest,\n         " in narrow


def _table_rows(drawn: str) -> list[list[list[str]]]:
    """A rich table's body as rows of cells, each cell its lines (rows start where the
    first cell's line starts with a capital: a name)."""
    rows: list[list[list[str]]] = []
    for line in drawn.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip("│").split("│")]
        named = rows and any(t[:1].islower() for t in rows[-1][0])  # its id is drawn
        if cells[0][:1].isupper() and (not rows or named):
            rows.append([[c] for c in cells])
        else:
            for cell, text in zip(rows[-1], cells, strict=True):
                cell.append(text)
    return [[[t for t in cell if t] for cell in row] for row in rows]


def test_list_and_exercises_use_a_wide_terminal() -> None:
    """At 120 columns: the id under the name instead of a column of its own, no column
    wider than its longest line, and the long columns given the room, so that a row is
    two or three lines (26 muscles took 113 lines in 60-column-wide boxes before)."""
    ds = load(REPO_DATA)
    drawn = draw(render_rich.muscle_list(ds, ds.muscles), 120)
    assert max(len(line) for line in drawn.splitlines()) <= 120
    header = drawn.splitlines()[1]
    assert [h.strip() for h in header.strip("┃").split("┃")] == [
        "Muscle",
        "Also called",
        "Group",
        "Zones",
    ]
    rows = _table_rows(drawn)
    assert len(rows) == len(ds.muscles)
    for muscle, row in zip(ds.muscles, rows, strict=True):
        assert row[0][:2] == [*muscle.name.split("\n"), muscle.id] or muscle.id in row[0]
    widths = [len(c) for c in header.strip("┃").split("┃")]
    groups = max(len(ds.group_label(m.group)) for m in ds.muscles)
    assert widths[2] <= groups + 2  # Group: no wider than its longest label
    assert widths[3] >= 40  # Zones: the room goes where the text is
    zone_lines = sorted(len(row[3]) for row in rows)
    assert zone_lines[len(zone_lines) // 2] <= 2  # most zones in two lines (four before)
    assert zone_lines[len(zone_lines) * 17 // 20 - 1] <= 3  # and 85 in 100 in three
    assert len(drawn.splitlines()) <= 3.1 * len(ds.muscles)
    exercises = draw(render_rich.exercises(ds, ds.exercises), 120)
    table = exercises[: exercises.index("┘") + 1]
    assert max(len(line) for line in table.splitlines()) <= 120
    assert "┃ Exercise " in table and "┃ Id " not in table
    assert len(table.splitlines()) <= 3.8 * len(ds.exercises)
    # narrower than 100 columns, each row is a card instead
    assert "┏" not in draw(render_rich.muscle_list(ds, ds.muscles), 99)


def test_fit_widths_gives_the_room_to_the_long_column() -> None:
    short = ["Kind", "release", "stretch"]
    long = ["Dose", "hold 30 to 60 seconds a spot, 3 spots a side", "hold 30 seconds, 3 a side"]
    assert render_rich.fit_widths([short, long], 200) == [7, 44]  # no wider than the text
    kind, dose = render_rich.fit_widths([short, long], 30)
    assert kind == 7 and dose == 23  # the short column as it needs, the rest to the long
    # never narrower than the longest word, even when the room is short
    assert render_rich.fit_widths([short, long], 5) == [7, 8]  # "seconds,"


def test_source_addresses_are_whole_hyperlinks_on_a_terminal() -> None:
    """show and exercises ID draw each source address as an OSC 8 hyperlink on a terminal,
    never split across lines: one longer than the width has a line of its own and runs
    past the edge (print_to_terminal does not cut it). Off a terminal, and piped, there
    are no escape codes."""
    import re

    ds = load(REPO_DATA)
    ql = ds.muscle_by_id["quadratus-lumborum"]
    addresses = [a for s in ql.sources for a in re.findall(r"https?://\S+", s)]
    assert any(len(a) > 60 for a in addresses)  # the case that used to break
    linked = []
    for drawing in (render_rich.show(ds, ql), render_rich.exercise(ds, ds.exercises[0])):
        console = render_rich.make_console(width=60, force_terminal=True)
        console.file = io.StringIO()
        assert render_rich.print_to_terminal(lambda d=drawing: d, console)
        raw = console.file.getvalue()
        links = re.findall(r"\x1b\]8;id=[^;]*;([^\x1b]*)\x1b\\", raw)
        shown = re.sub(r"\x1b\]8;[^\x1b]*\x1b\\|\x1b\[[0-9;]*m", "", raw)
        assert links and all(any(link in line for line in shown.splitlines()) for link in links)
        for line in shown.splitlines():  # only a whole address runs past the edge
            assert len(line) <= 60 or re.fullmatch(r"[•\s] (?:https?|ftp)://\S+", line), line
        linked.append(links)
    assert set(addresses) <= set(linked[0])
    drawn = draw(render_rich.show(ds, ql), 60)
    assert "\x1b" not in drawn
    for address in addresses:
        assert any(address in line for line in drawn.splitlines())  # whole, on one line
    piped = run_cli(["show", "ql"], data=REPO_DATA).stdout
    assert "\x1b" not in piped and all(a in piped for a in addresses)
