"""The body map grid: every region has a shape, the views are well made, sided and parent
regions are drawn, anchors, fills take the strongest kind; the upper half's shapes lie where
they should (between the blades, above the blade, ...), and side_cells."""

from __future__ import annotations

import itertools

from backmuscles.core import bodymap
from backmuscles.core.bodymap import BACK, CODES, FRONT, MIDDLE, VIEWS, WIDTH, side
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


# --- the upper half: neck, shoulders, blades, ribs, arms ----------------------------------

UPPER = (
    "back-of-head",
    "back-of-neck",
    "upper-back",
    "between-shoulder-blades",
    "shoulder-blade",
    "top-of-shoulder",
    "back-of-shoulder",
    "back-of-arm",
    "mid-back",
    "side-of-chest",
    "front-of-chest",
    "shoulder",
    "arm",
)


def own(view: str, region_id: str) -> set[tuple[int, int]]:
    return set(bodymap.own_cells(view, region_id))


def rows(found: set[tuple[int, int]]) -> set[int]:
    return {row for row, _ in found}


def left(found: set[tuple[int, int]]) -> set[tuple[int, int]]:
    return {cell for cell in found if cell[1] < MIDDLE}


def test_each_upper_region_has_cells_of_its_own() -> None:
    for region_id in UPPER:
        assert any(own(view, region_id) for view in VIEWS), region_id


def test_a_cell_belongs_to_one_region_only() -> None:
    assert len(set(CODES.values())) == len(CODES)  # one code per region
    for view in VIEWS:
        seen: dict[tuple[int, int], str] = {}
        for region_id in CODES.values():
            for cell in own(view, region_id):
                assert cell not in seen, (view, cell, region_id, seen.get(cell))
                seen[cell] = region_id


def test_head_neck_upper_back_blades_mid_back_top_down() -> None:
    """Back view, top down: each of these lies wholly above the next."""
    order = ("back-of-head", "back-of-neck", "upper-back", "between-shoulder-blades")
    order += ("mid-back", "lower-back")
    for upper, lower in itertools.pairwise(order):
        assert max(rows(own("back", upper))) < min(rows(own("back", lower))), (upper, lower)
    blade = own("back", "shoulder-blade")
    assert max(rows(blade)) < min(rows(own("back", "mid-back")))  # mid back is below them
    assert max(rows(own("back", "top-of-shoulder"))) < min(rows(blade))


def test_between_the_shoulder_blades_lies_between_them() -> None:
    blade = own("back", "shoulder-blade")
    between = own("back", "between-shoulder-blades")
    assert any(col == MIDDLE for _, col in between)  # over the spine
    for row in rows(between):
        blade_cols = [c for r, c in blade if r == row]
        assert blade_cols, row  # beside the blades, not above or below them
        inner = [c for r, c in between if r == row]
        assert max(c for c in blade_cols if c < MIDDLE) < min(inner)
        assert max(inner) < min(c for c in blade_cols if c > MIDDLE)


def test_the_upper_back_is_the_top_of_the_back_between_the_tops_of_the_blades() -> None:
    upper = own("back", "upper-back")
    blade = own("back", "shoulder-blade")
    neck = own("back", "back-of-neck")
    assert min(rows(upper)) == max(rows(neck)) + 1  # at the base of the neck
    assert min(rows(upper)) < min(rows(blade)) <= max(rows(upper))
    for row, col in upper:
        beside = [c for r, c in blade if r == row and c < MIDDLE]
        assert not beside or side(col) == 0 or abs(col - MIDDLE) < abs(max(beside) - MIDDLE)


def test_the_top_of_the_shoulder_runs_from_the_neck_to_the_shoulder_point() -> None:
    ridge = left(own("back", "top-of-shoulder"))
    neck = left(own("back", "back-of-neck"))
    cap = left(own("back", "back-of-shoulder"))
    assert max(c for _, c in ridge) + 1 == min(c for _, c in neck)  # it meets the neck
    assert min(c for _, c in cap) < min(c for _, c in ridge)  # the cap lies outward of it
    assert min(rows(ridge)) < min(rows(cap))
    blade = left(own("back", "shoulder-blade"))
    assert max(rows(cap)) < min(rows(own("back", "back-of-arm")))  # over the upper arm
    assert min(c for _, c in cap) < min(c for _, c in blade)


def test_the_side_of_the_chest_is_the_outer_edge_of_the_trunk_at_rib_level() -> None:
    not_trunk = {"arm", "back-of-arm", "back-of-shoulder", "shoulder", "side-of-chest"}
    for view, lines in VIEWS.items():
        ribs = left(own(view, "side-of-chest"))
        assert ribs, view
        for row in rows(ribs):
            line = lines[row][:MIDDLE]
            others = [
                c for c, ch in enumerate(line) if ch != "." and CODES.get(ch) not in not_trunk
            ]
            assert max(c for rr, c in ribs if rr == row) < min(others), (view, row)
        assert max(rows(ribs)) <= max(rows(own("back", "mid-back")))  # down to the lowest ribs
        assert min(rows(ribs)) > max(rows(own("back", "top-of-shoulder")))  # below the armpit


def test_front_of_chest_and_arms() -> None:
    chest = own("front", "front-of-chest")
    assert chest and not own("back", "front-of-chest")
    assert max(rows(chest)) < min(rows(own("front", "lower-abdomen")))
    assert any(col == MIDDLE for _, col in chest)
    upper_arm = own("back", "back-of-arm")
    forearm = own("back", "arm")
    assert max(rows(upper_arm)) < min(rows(forearm))  # the back of the arm is the upper arm
    front_arm = own("front", "arm")
    assert min(rows(front_arm)) <= min(rows(upper_arm)) and max(rows(front_arm)) >= max(
        rows(forearm)
    )


def test_parents_are_their_children_and_their_own_cells(real: Dataset) -> None:
    for parent in ("back", "upper-back", "shoulder", "arm"):
        for view in VIEWS:
            family = {parent, *real.descendants(parent)}
            wanted = {cell for r in family for cell in own(view, r)}
            assert set(bodymap.cells(real, view, parent)) == wanted, (parent, view)
    back = set(bodymap.cells(real, "back", "back"))
    for child in ("upper-back", "between-shoulder-blades", "shoulder-blade", "mid-back"):
        assert own("back", child) <= back
    assert own("front", "shoulder") and own("back", "top-of-shoulder")
    assert own("back", "top-of-shoulder") <= set(bodymap.cells(real, "back", "shoulder"))


def test_side_cells_follow_the_person_not_the_page(real: Dataset) -> None:
    from backmuscles.core.bodymap import side_cells

    for view, region_id in (("back", "lower-back"), ("front", "lower-abdomen")):
        found = set(bodymap.cells(real, view, region_id))
        mine_left = set(side_cells(real, view, region_id, "left"))
        mine_right = set(side_cells(real, view, region_id, "right"))
        assert mine_left and mine_right and not mine_left & mine_right
        assert mine_left | mine_right == {c for c in found if c[1] != MIDDLE}
        assert {(r, WIDTH - 1 - c) for r, c in mine_left} == mine_right  # mirror images
    back_left = side_cells(real, "back", "shoulder-blade", "left")
    front_left = side_cells(real, "front", "side-of-chest", "left")
    assert all(c < MIDDLE for _, c in back_left)  # back view: your left on the left
    assert all(c > MIDDLE for _, c in front_left)  # front view: your left on the right
    tailbone = bodymap.cells(real, "back", "tailbone")
    assert side_cells(real, "back", "tailbone", "right") == tailbone  # on the midline only


def test_a_site_given_with_a_side_is_marked_on_that_side_only(real: Dataset) -> None:
    # issue 15: "right lower back" is pinned on the person's right only (the right half of
    # the back view, the left half of the front view); without a side, both sides
    from backmuscles.core.bodymap import fills_by_cell, markers, sites_picture

    sided = sites_picture(real, ["lower-back"], {"lower-back": "right"})
    assert sided.title == "Where it hurts: right lower back"
    back = fills_by_cell(real, sided, "back")
    assert back and all(bodymap.side(col) == 1 for _, col in back)
    pins = [cell for cell, kind in markers(real, sided, "back").items() if kind == "pin"]
    assert len(pins) == 1 and bodymap.side(pins[0][1]) == 1
    both = fills_by_cell(real, sites_picture(real, ["lower-back"]), "back")
    assert {bodymap.side(col) for _, col in both} == {-1, 0, 1}
    # a midline place keeps its one pin, whatever the side said
    tail = sites_picture(real, ["tailbone"], {"tailbone": "left"})
    assert list(markers(real, tail, "back").values()) == ["pin"]
