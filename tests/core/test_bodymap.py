"""The body map grid: every region has a shape, the views are well made, sided and parent
regions are drawn, anchors, and fills take the strongest kind."""

from __future__ import annotations

from backmuscles.core import bodymap
from backmuscles.core.bodymap import BACK, CODES, FRONT, MIDDLE, VIEWS, WIDTH
from backmuscles.core.model import Dataset

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


def test_without_colour_the_zones_stay_distinct() -> None:
    """Piped, NO_COLOR and TERM=dumb all give these characters: the picture reads in
    black and white. The fill characters of the three kinds differ."""
    kinds = {bodymap.GLYPHS[k] for k in ("essential", "spillover", "site", "trigger", "pin")}
    assert len(kinds) == 5 and bodymap.GLYPHS["body"] not in kinds
