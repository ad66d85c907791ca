"""The body map: every region has a shape (terminal and SVG), the grid is well made, the
SVG is well-formed and fills each marked region by its kind (and renders, where a renderer
is installed), golden maps with and without colour, 80 and 40 columns; the map and compare
commands and their completion."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from backmuscles.core import bodymap
from backmuscles.core.bodymap import BACK, CODES, FRONT, MIDDLE, VIEWS, WIDTH
from backmuscles.core.model import Dataset
from backmuscles.dataset.loader import load
from backmuscles.present import render_rich, svg

from .conftest import REPO_DATA, TINY, run_cli
from .test_completion import complete
from .test_golden import check as golden

SVG_NS = {"s": "http://www.w3.org/2000/svg"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def real() -> Dataset:
    return load(REPO_DATA)


# --- the grid -------------------------------------------------------------------------------


def test_views_are_rectangular_and_mirror_symmetric() -> None:
    for rows in (BACK, FRONT):
        assert len(rows) == len(BACK)
        for row in rows:
            assert len(row) == WIDTH and row == row[::-1], row


def test_every_letter_means_something() -> None:
    for rows in VIEWS.values():
        for row in rows:
            for letter in row:
                assert letter == "." or letter.isupper() or letter in CODES, letter


def test_every_region_of_the_vocabulary_has_a_shape(real: Dataset) -> None:
    assert set(CODES.values()) <= {r.id for r in real.regions}
    for region in real.regions:
        assert bodymap.shaped(real, region.id), f"{region.id} has no place on the map"


def test_sided_regions_are_drawn_on_both_sides(real: Dataset) -> None:
    midline = {"sacrum", "tailbone", "pelvic-floor"}
    for region in real.regions:
        for view in VIEWS:
            cells = bodymap.cells(real, view, region.id)
            if not cells or region.id in midline:
                continue
            sides = {bodymap.side(col) for _, col in cells}
            assert {-1, 1} <= sides, (region.id, view)


def test_a_parent_region_is_drawn_as_its_children(real: Dataset) -> None:
    thigh = set(bodymap.cells(real, "front", "thigh"))
    children = {"front-of-thigh", "side-of-thigh", "inner-thigh", "back-of-thigh"}
    assert thigh == {c for child in children for c in bodymap.cells(real, "front", child)}


def test_anchors_one_on_the_midline_two_for_sided_regions(real: Dataset) -> None:
    assert len(bodymap.anchors(bodymap.cells(real, "back", "sacrum"))) == 1
    both = bodymap.anchors(bodymap.cells(real, "back", "buttock"))
    assert sorted(bodymap.side(col) for _, col in both) == [-1, 1]
    for cell in both:
        assert bodymap.region_at("back", cell) == "buttock"
    assert all(c[1] != MIDDLE for c in both)


def test_fills_take_the_strongest_kind(real: Dataset) -> None:
    ql = real.muscle("quadratus-lumborum")
    assert ql is not None
    picture = bodymap.muscle_picture(real, ql)
    fills = bodymap.fills_by_cell(real, picture, "back")
    for zone in ql.zones:
        for cell in bodymap.cells(real, "back", zone.region):
            if zone.kind == "essential":
                assert fills[cell] == "essential", zone


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
    assert max(len(line) for line in out.splitlines()[:30]) <= 44  # title, views, sides


def test_map_of_sites_only() -> None:
    out = plain_map(["map", "lower-back", "tailbone"])
    assert "Where it hurts: lower back, tailbone" in out
    assert "▓" in out and "●" in out and "█" not in out and "×" not in out


def test_without_colour_the_zones_stay_distinct() -> None:
    """Piped, NO_COLOR and TERM=dumb all give these characters: the picture reads in
    black and white. The fill characters of the three kinds differ."""
    kinds = {bodymap.GLYPHS[k] for k in ("essential", "spillover", "site", "trigger", "pin")}
    assert len(kinds) == 5 and bodymap.GLYPHS["body"] not in kinds


def test_show_and_where_include_the_map_unless_told_not_to() -> None:
    assert "pain pattern" in plain_map(["show", "ql"], data=REPO_DATA)
    assert "BACK" not in plain_map(["show", "ql", "--no-map"], data=REPO_DATA)
    out = plain_map(["where", "lower-back", "tailbone"], data=REPO_DATA)
    assert "with where it hurts" in out and "●" in out
    assert "BACK" not in plain_map(["where", "lower-back", "--no-map"], data=REPO_DATA)
    assert "BACK" not in run_cli(["where", "lower-back", "--json"], data=REPO_DATA).stdout


def draw(renderable: object, width: int, colour: bool) -> str:
    buffer = io.StringIO()
    console = render_rich.make_console(width=width, force_terminal=colour)
    console.file = buffer
    console.print(renderable)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def test_golden_maps(real: Dataset) -> None:
    ql = real.muscle("quadratus-lumborum")
    assert ql is not None
    picture = bodymap.muscle_picture(real, ql, ["lower-back", "tailbone"])
    golden("plain/map-ql-sites.txt", "\n".join(bodymap.plain_lines(real, picture)) + "\n")
    golden("rich/map-ql-sites-colour.txt", draw(render_rich.body_map(real, picture), 80, True))
    golden("rich/map-ql-sites-40.txt", draw(render_rich.body_map(real, picture), 40, False))


@pytest.mark.parametrize("width", [80, 60, 44, 40])
def test_the_map_fits_the_terminal(real: Dataset, width: int) -> None:
    ql = real.muscle("quadratus-lumborum")
    assert ql is not None
    out = ANSI.sub(
        "", draw(render_rich.body_map(real, bodymap.muscle_picture(real, ql)), width, True)
    )
    assert max(len(line) for line in out.splitlines()) <= width
    assert "BACK" in out and "FRONT" in out


def test_colour_marks_the_kinds(real: Dataset) -> None:
    ql = real.muscle("quadratus-lumborum")
    assert ql is not None
    out = draw(render_rich.body_map(real, bodymap.muscle_picture(real, ql)), 80, True)
    assert "\x1b[31m█" in out  # essential: red
    assert "\x1b[33m░" in out  # spillover: yellow


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


# --- the SVG --------------------------------------------------------------------------------


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def test_svg_is_a_standalone_a4_page_with_every_region(real: Dataset) -> None:
    ql = real.muscle("quadratus-lumborum")
    assert ql is not None
    picture = bodymap.muscle_picture(real, ql, ["lower-back", "tailbone"])
    root = parse(svg.document(real, picture))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("210mm", "297mm")
    assert root.find("s:title", SVG_NS) is not None
    drawn = {p.get("data-region") for p in root.iter("{http://www.w3.org/2000/svg}path")}
    for region in real.regions:
        family = {region.id, *real.descendants(region.id)}
        assert family & drawn, f"{region.id} has no shape in the SVG"
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for wanted in ("BACK", "FRONT", "essential zone", "spillover zone", "trigger points"):
        assert wanted in texts
    for zone in ql.zones:  # every marked region is labelled
        assert real.label(zone.region) in texts


def test_svg_fills_each_marked_region_by_its_kind(real: Dataset) -> None:
    ql = real.muscle("quadratus-lumborum")
    assert ql is not None
    root = parse(svg.document(real, bodymap.muscle_picture(real, ql)))
    paths = {
        (p.get("data-region"), p.get("class")): p.get("fill")
        for p in root.iter("{http://www.w3.org/2000/svg}path")
        if p.get("data-region")
    }
    kinds = {region: cls.split()[1] for region, cls in paths if cls}
    for zone in ql.zones:
        own = [r for r in (zone.region, *real.descendants(zone.region)) if r in kinds]
        assert own and all(kinds[r] == zone.kind or kinds[r] == "essential" for r in own), zone
    assert paths[("lower-back", "region essential")] == svg.FILL["essential"]
    assert any(cls == "region spillover" for _, cls in paths)
    assert len(list(root.iter("{http://www.w3.org/2000/svg}circle"))) == 0  # no sites, no pins


def test_svg_escapes_what_it_prints(real: Dataset) -> None:
    picture = bodymap.Picture('<script>alert("x")</script> & [bold]', {"back": "site"})
    text = svg.document(real, picture)
    parse(text)
    assert "<script>" not in text


def test_svg_renders(real: Dataset, tmp_path: Path) -> None:
    """A real renderer draws it: cairosvg (in the test extra) turns the page into pixels,
    and the pixel in the middle of an essential region is the essential colour."""
    try:
        import cairosvg  # type: ignore[import-untyped]
    except (ImportError, OSError):  # not installed, or no libcairo on this machine
        pytest.skip("cairosvg cannot run here")
    ql = real.muscle("quadratus-lumborum")
    assert ql is not None
    page = svg.document(real, bodymap.muscle_picture(real, ql))
    png = tmp_path / "ql.png"
    cairosvg.svg2png(bytestring=page.encode(), write_to=str(png), output_width=svg.PAGE_W)
    from PIL import Image

    image = Image.open(png).convert("RGB")
    cell = (10, 13)  # lower back, right of the spine: no marker or leader line there
    assert bodymap.region_at("back", cell) == "lower-back"
    x, y = svg._centre("back", cell)
    pixel = image.getpixel((int(x), int(y)))
    assert pixel == (0xB3, 0x26, 0x1E), pixel
    assert image.getpixel((5, 5)) == (255, 255, 255)


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


def test_compare_on_a_narrow_terminal_is_blocks() -> None:
    from backmuscles.dataset.store import load_dataset

    ds = load_dataset(str(REPO_DATA))
    muscles = [m for m in (ds.muscle("gluteus-medius"), ds.muscle("gluteus-minimus")) if m]
    wide = draw(render_rich.compare(ds, muscles, []), 100, False)
    narrow = draw(render_rich.compare(ds, muscles, []), 50, False)
    assert "┃" in wide and "┃" not in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 50
    assert "Gluteus minimus: lower leg" in narrow


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_for_map_and_compare(shell: str) -> None:
    assert complete(shell, "backmuscles map lower-back t") == ["tailbone"]
    assert complete(shell, "backmuscles map --muscle a") == ["alpha"]
    assert complete(shell, "backmuscles compare alpha ") == ["beta", "gamma"]
