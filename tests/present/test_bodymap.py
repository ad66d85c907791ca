"""The body map drawn: golden maps with and without colour, 80 and 40 columns, and the SVG
page (well-formed, every region, fills by kind, escaped, and rendered where a renderer is
installed); compare on a narrow terminal."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from backmuscles.core import bodymap
from backmuscles.core.model import Dataset
from backmuscles.dataset.loader import load
from backmuscles.present import render_rich, svg
from tests.conftest import REPO_DATA

from .test_golden import check as golden

SVG_NS = {"s": "http://www.w3.org/2000/svg"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def real() -> Dataset:
    return load(REPO_DATA)


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


def test_side_by_side_at_80_columns_stacked_below_the_two_views_width(real: Dataset) -> None:
    assert bodymap.SIDE_BY_SIDE <= 80 and bodymap.WIDTH <= 40
    picture = bodymap.sites_picture(real, ["between-shoulder-blades"])
    for width, together in ((80, True), (bodymap.SIDE_BY_SIDE, True), (60, False), (40, False)):
        out = draw(render_rich.body_map(real, picture), width, False).splitlines()
        assert any("BACK" in line and "FRONT" in line for line in out) == together, width


def test_colour_marks_the_kinds(real: Dataset) -> None:
    ql = real.muscle("quadratus-lumborum")
    assert ql is not None
    out = draw(render_rich.body_map(real, bodymap.muscle_picture(real, ql)), 80, True)
    assert "\x1b[31m█" in out  # essential: red
    assert "\x1b[33m░" in out  # spillover: yellow


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
    cell = (19, 19)  # lower back, right of the spine: no marker or leader line there
    assert bodymap.region_at("back", cell) == "lower-back"
    x, y = svg._centre("back", cell)
    pixel = image.getpixel((int(x), int(y)))
    assert pixel == (0xB3, 0x26, 0x1E), pixel
    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_compare_on_a_narrow_terminal_is_blocks() -> None:
    from backmuscles.dataset.store import load_dataset

    ds = load_dataset(str(REPO_DATA))
    muscles = [m for m in (ds.muscle("gluteus-medius"), ds.muscle("gluteus-minimus")) if m]
    wide = draw(render_rich.compare(ds, muscles, []), 100, False)
    narrow = draw(render_rich.compare(ds, muscles, []), 50, False)
    assert "┃" in wide and "┃" not in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 50
    assert "Gluteus minimus: lower leg" in narrow
