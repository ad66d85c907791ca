"""The body map: a back view and a front view, drawn on a grid of cells, where each region
of the vocabulary owns some cells (on both sides where the region is sided). Pure data and
functions: the terminal drawings (render_plain, render_rich) and the SVG (svg.py) all read
the same grid, so a region has the same shape everywhere.

To give a new region a place: pick an unused code (a lowercase letter or a digit), paint it
into ``BACK`` and/or ``FRONT``, and add ``code: region id`` to ``CODES``. The tests check
that every region of the shipped vocabulary has cells. A parent region ("back", "shoulder",
"leg") is drawn as the union of its children's cells and its own. Our own drawing: nothing
here is traced from a book or a site."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from .model import Dataset, Muscle

# Each view is 29 cells wide and mirror-symmetric about its middle column, so only the left
# half is written (columns 0 to 14; column 14 is the midline). A cell is about twice as tall
# as it is wide, like a character in a terminal. A region's code is a lowercase letter (the
# alphabet ran out, so a few are digits); capital letters are body without a region of its
# own (the face and front of the neck, the upper abdomen, the feet); "." is outside.
# Back view, top down: the back of the head (j) and neck (n); the ridge of the top of the
# shoulder (q) from the neck to the shoulder point, the back of the shoulder (d) over the
# upper arm; the upper back (u) at the base of the neck, between the tops of the blades;
# the shoulder blades (z) and the strip between them beside the spine (w); the side of the
# chest (1) at the outer edges of the trunk, from the armpit to the lowest ribs; the mid
# back (m) below the blades to the lowest ribs; the back of the upper arm (y) and the rest
# of the arm (v); then the lower back and down, as before. Front view: the top of the
# shoulder again, the front of the shoulder (3, the shoulder itself), the front of the
# chest (2), the side of the chest, the arm, and the lower regions.
# fmt: off
_BACK_LEFT = (
    "...........jjjj",  #  0 back of head
    "..........jjjjj",  #  1
    "..........jjjjj",  #  2
    "..........jjjjj",  #  3
    "...........jjjj",  #  4
    "............nnn",  #  5 back of neck
    "............nnn",  #  6
    "........qqqqnnn",  #  7 top of shoulder meets the neck
    ".....qqqqqqquuu",  #  8 upper back at the base of the neck
    "..dddqqqqqquuuu",  #  9 shoulder point, back of shoulder
    ".ddddzzzzzuuuuu",  # 10 tops of the blades
    ".dddzzzzzzwwwww",  # 11 blades, between the blades
    ".yyy1zzzzzwwwww",  # 12 armpit: side of chest begins
    ".yyy.1zzzzwwwww",  # 13
    ".yyy.11zzzwwwww",  # 14
    ".yyy.1mmmmmmmmm",  # 15 mid back, below the blades
    ".yyy.1mmmmmmmmm",  # 16
    "yyy..1mmmmmmmmm",  # 17
    "vvv..1mmmmmmmmm",  # 18
    "vvv...lllllllll",  # 19 lower back
    "vv....lllllllll",  # 20
    "vv....lllllllll",  # 21
    "vv....cccccclll",  # 22 belt line
    "vv...oocccccsss",  # 23 sacrum, outer hip
    "vv...oobbbbbsss",  # 24 buttock
    "v....oobbbbbbss",  # 25
    ".....oobbbbbbbs",  # 26
    ".....oobbbbbbbt",  # 27 tailbone
    "......bbbbbbbbp",  # 28 pelvic floor
    "......hhhhhhhh.",  # 29 back of thigh
    "......xhhhhhhh.",  # 30 side of thigh
    "......xxhhhhhh.",  # 31
    "......xxhhhhhh.",  # 32
    ".......xhhhhh..",  # 33
    ".......55555...",  # 34 back of the knee
    ".......ggggg...",  # 35 lower leg
    ".......ggggg...",  # 36
    "........gggg...",  # 37
    "........ggg....",  # 38
    "........eee....",  # 39 heel
    ".......FFFF....",  # 40 foot
)
_FRONT_LEFT = (
    "...........HHHH",  #  0 face
    "..........HHHHH",  #  1
    "..........HHHHH",  #  2
    "..........HHHHH",  #  3
    "...........HHHH",  #  4
    "............4NN",  #  5 front of neck, its sides
    "............4NN",  #  6
    "........qqqq4NN",  #  7 top of shoulder
    ".....qqqqqqq4NN",  #  8
    "..333qqqq222222",  #  9 front of shoulder, front of chest
    ".33332222222222",  # 10
    ".33322222222222",  # 11
    ".vvv12222222222",  # 12 armpit: side of chest begins
    ".vvv.1222222222",  # 13
    ".vvv.1122222222",  # 14
    ".vvv.1UUUUUUUUU",  # 15 upper abdomen
    ".vvv.1UUUUUUUUU",  # 16
    "vvv..1UUUUUUUUU",  # 17
    "vvv..1UUUUUUUUU",  # 18
    "vvv...UUUUUUUUU",  # 19
    "vv....aaaaaaaaa",  # 20 lower abdomen
    "vv....aaaaaaaaa",  # 21
    "vv....aaaaaaaaa",  # 22
    "vv...ooaaaaaaaa",  # 23 outer hip
    "vv...oorrraaaaa",  # 24 groin
    "v....oofrrraaaa",  # 25 front of thigh
    ".....oofffrrraa",  # 26
    ".....ooffffrrra",  # 27
    "......xffffrrrp",  # 28 side of thigh, pelvic floor
    "......xfffiiii.",  # 29 inner thigh
    "......xfffiiii.",  # 30
    "......xffffiii.",  # 31
    "......xffffiii.",  # 32
    ".......xffffi..",  # 33
    ".......kkkkk...",  # 34 knee
    ".......ggggg...",  # 35 lower leg
    ".......ggggg...",  # 36
    "........gggg...",  # 37
    "........ggg....",  # 38
    "........ggg....",  # 39
    ".......FFFF....",  # 40 foot
)
# fmt: on


def _mirror(left: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(half + half[-2::-1] for half in left)


BACK = _mirror(_BACK_LEFT)
FRONT = _mirror(_FRONT_LEFT)
CODES = {
    "j": "back-of-head",
    "n": "back-of-neck",
    "4": "side-of-neck",
    "q": "top-of-shoulder",
    "d": "back-of-shoulder",
    "3": "shoulder",
    "u": "upper-back",
    "w": "between-shoulder-blades",
    "z": "shoulder-blade",
    "1": "side-of-chest",
    "2": "front-of-chest",
    "y": "back-of-arm",
    "v": "arm",
    "m": "mid-back",
    "l": "lower-back",
    "c": "belt-line",
    "s": "sacrum",
    "t": "tailbone",
    "b": "buttock",
    "o": "outer-hip",
    "p": "pelvic-floor",
    "h": "back-of-thigh",
    "x": "side-of-thigh",
    "k": "knee",
    "5": "back-of-knee",
    "g": "lower-leg",
    "e": "heel",
    "a": "lower-abdomen",
    "r": "groin",
    "f": "front-of-thigh",
    "i": "inner-thigh",
}
VIEWS: dict[str, tuple[str, ...]] = {"back": BACK, "front": FRONT}
WIDTH = len(BACK[0])
HEIGHT = max(len(BACK), len(FRONT))
MIDDLE = WIDTH // 2

Fill = Literal["essential", "spillover", "site"]
FILL_ORDER: dict[Fill, int] = {"site": 0, "spillover": 1, "essential": 2}  # strongest last
Cell = tuple[int, int]  # (row, column)


class Picture(NamedTuple):
    """What one map shows: a fill per region id, where trigger points lie, and pins for the
    user's pain sites (all region ids of the dataset; parents are spread to children)."""

    title: str
    fills: dict[str, Fill]
    triggers: tuple[str, ...] = ()
    pins: tuple[str, ...] = ()
    # the side a pin is on, for the sites given with one ("right lower back"); a pin without
    # a side (or "both") goes on both sides of a sided region
    pin_sides: Mapping[str, str] = {}

    def pin_cells(self, ds: Dataset, view: str, region_id: str) -> list[Cell]:
        """The cells a pinned site covers in one view: one side only when it has a side."""
        which = self.pin_sides.get(region_id)
        if which == "left":
            return side_cells(ds, view, region_id, "left")
        if which == "right":
            return side_cells(ds, view, region_id, "right")
        return cells(ds, view, region_id)


def _index() -> dict[str, dict[str, list[Cell]]]:
    """view -> region id -> its own cells, from one pass over each grid."""
    index: dict[str, dict[str, list[Cell]]] = {}
    for view, lines in VIEWS.items():
        by_region: dict[str, list[Cell]] = {}
        for row, line in enumerate(lines):
            for col, letter in enumerate(line):
                region_id = CODES.get(letter)
                if region_id is not None:
                    by_region.setdefault(region_id, []).append((row, col))
        index[view] = by_region
    return index


_OWN = _index()


def own_cells(view: str, region_id: str) -> list[Cell]:
    """The cells painted with this region's own letter in one view."""
    return list(_OWN[view].get(region_id, ()))


def cells(ds: Dataset, view: str, region_id: str) -> list[Cell]:
    """A region's cells in one view: its own and all its descendants'."""
    found = own_cells(view, region_id)
    for child in ds.descendants(region_id):
        found += own_cells(view, child)
    return sorted(set(found))


def shaped(ds: Dataset, region_id: str) -> bool:
    return any(cells(ds, view, region_id) for view in VIEWS)


def anchors(found: Sequence[Cell]) -> list[Cell]:
    """Where to put a marker on a region: one cell in the middle of each side for a region
    drawn on both sides, one in its middle for a region on the midline."""
    if not found:
        return []
    if any(col == MIDDLE for _, col in found) or not all(
        any(side(c) == s for _, c in found) for s in (-1, 1)
    ):
        return [_central(found)]
    return [_central([cell for cell in found if side(cell[1]) == s]) for s in (-1, 1)]


def side(col: int) -> int:
    return (col > MIDDLE) - (col < MIDDLE)


Side = Literal["left", "right"]


def side_cells(ds: Dataset, view: str, region_id: str, which: Side) -> list[Cell]:
    """A region's cells on one side of the body: the person's left is drawn on the left of
    the back view and on the right of the front view. A region drawn only on the midline
    (the tailbone) has no sides, so either side gives all of it."""
    found = cells(ds, view, region_id)
    drawn_left = (which == "left") == (view == "back")
    wanted = -1 if drawn_left else 1
    sided = [cell for cell in found if side(cell[1]) == wanted]
    if not sided and all(col == MIDDLE for _, col in found):
        return found
    return sided


def _central(found: Sequence[Cell]) -> Cell:
    row = sum(r for r, _ in found) / len(found)
    col = sum(c for _, c in found) / len(found)
    return min(found, key=lambda cell: ((cell[0] - row) * 2) ** 2 + (cell[1] - col) ** 2)


def fills_by_cell(ds: Dataset, picture: Picture, view: str) -> dict[Cell, Fill]:
    """Each cell's fill: the strongest fill of any region covering it (a zone on a parent
    region fills all its children's cells)."""
    out: dict[Cell, Fill] = {}
    for region_id, fill in picture.fills.items():
        # a site given with a side is marked on that side only
        found = (
            picture.pin_cells(ds, view, region_id) if fill == "site" else cells(ds, view, region_id)
        )
        for cell in found:
            if cell not in out or FILL_ORDER[fill] > FILL_ORDER[out[cell]]:
                out[cell] = fill
    return out


Marker = Literal["trigger", "pin"]


def markers(ds: Dataset, picture: Picture, view: str) -> dict[Cell, Marker]:
    """Trigger points (×) and pins (●) on their regions' anchor cells; a pin moves one cell
    up when a trigger point already sits there, so both stay visible."""
    out: dict[Cell, Marker] = {}
    for region_id in picture.triggers:
        for cell in anchors(cells(ds, view, region_id)):
            out[cell] = "trigger"
    for region_id in picture.pins:
        region_cells = set(picture.pin_cells(ds, view, region_id))
        for cell in anchors(sorted(region_cells)):
            if cell in out:
                above = (cell[0] - 1, cell[1])
                cell = above if above in region_cells else cell
            out.setdefault(cell, "pin")
    return out


def region_at(view: str, cell: Cell) -> str | None:
    row, col = cell
    lines = VIEWS[view]
    return CODES.get(lines[row][col]) if row < len(lines) else None


# --- the pictures the commands draw ------------------------------------------------------


def sites_picture(
    ds: Dataset, sites: Iterable[str], sides: Mapping[str, str] | None = None
) -> Picture:
    """The user's sites, marked (on one side for a site given with a side)."""
    ids = tuple(dict.fromkeys(sites))
    sided = dict(sides or {})
    labels = ", ".join(
        f"{sided[r]} {ds.label(r)}" if sided.get(r) in ("left", "right") else ds.label(r)
        for r in ids
    )
    fills: dict[str, Fill] = dict.fromkeys(ids, "site")
    return Picture(f"Where it hurts: {labels}", fills, (), ids, sided)


def muscle_picture(
    ds: Dataset,
    muscle: Muscle,
    sites: Iterable[str] = (),
    sides: Mapping[str, str] | None = None,
) -> Picture:
    """A muscle's pattern: essential zones strong, spillover light, its trigger points;
    ``sites`` (the user's) as pins on top, on one side for a site given with one."""
    fills: dict[str, Fill] = {}
    for zone in sorted(muscle.zones, key=lambda z: FILL_ORDER[z.kind]):
        fills[zone.region] = zone.kind
    pins = tuple(dict.fromkeys(sites))
    title = f"{muscle.name}: pain pattern"
    if pins:
        title = f"{muscle.name}, with where it hurts"
    return Picture(title, fills, muscle.trigger_point_regions, pins, dict(sides or {}))


def unshaped(ds: Dataset, picture: Picture) -> list[str]:
    """Regions the picture names that have no place on the map (a user's own regions)."""
    named = [*picture.fills, *picture.triggers, *picture.pins]
    return [r for r in dict.fromkeys(named) if not shaped(ds, r)]


# --- the legend ----------------------------------------------------------------------------

GLYPHS: dict[str, str] = {
    "essential": "█",
    "spillover": "░",
    "site": "▓",
    "trigger": "×",
    "pin": "●",
    "body": "·",
}
LEGEND: dict[str, str] = {
    "essential": "essential zone: where its pain is most often felt",
    "spillover": "spillover zone: where its pain sometimes spreads",
    "site": "where it hurts",
    "trigger": "where its trigger points usually lie",
    "pin": "where it hurts",
}


def legend(picture: Picture) -> list[tuple[str, str]]:
    """(kind, text) for what this picture uses, in a fixed order."""
    used: set[str] = set(picture.fills.values())
    if picture.triggers:
        used.add("trigger")
    if picture.pins and "site" not in used:
        used.add("pin")
    return [(kind, LEGEND[kind]) for kind in LEGEND if kind in used]


SIDES_NOTE = "Back view: your left is on the left. Front view: your left is on the right."


# --- the drawing, as lines of (text, kind) runs: plain text joins the text, rich styles
# each run by its kind ----------------------------------------------------------------------

Run = tuple[str, str]  # (text, kind): a fill or marker kind, "body", "text" or "dim"
GAP = 6  # columns between the two views
SIDE_BY_SIDE = 2 * WIDTH + GAP


def _view_marks(ds: Dataset, picture: Picture, view: str) -> dict[Cell, str]:
    """What each marked cell of one view shows: a marker over a fill."""
    return {**fills_by_cell(ds, picture, view), **markers(ds, picture, view)}


def _view_rows(view: str, marks: dict[Cell, str]) -> list[list[Run]]:
    rows = []
    for row, line in enumerate(VIEWS[view]):
        runs: list[Run] = []
        for col, letter in enumerate(line):
            cell = (row, col)
            kind = marks.get(cell) or ("body" if letter != "." else "")
            glyph = GLYPHS[kind] if kind else " "
            if runs and runs[-1][1] == kind:
                runs[-1] = (runs[-1][0] + glyph, kind)
            else:
                runs.append((glyph, kind))
        rows.append(runs)
    return rows


def _centred(text: str, width: int) -> Run:
    return (text.center(width), "dim")


def _sides(view: str) -> Run:
    left, right = ("L", "R") if view == "back" else ("R", "L")
    return (f"{left:<3}{'':{WIDTH - 6}}{right:>3}", "dim")


def marked_rows(marked: Iterable[Cell], margin: int = 1) -> range:
    """The rows holding these marked cells (fills, trigger points, pins, of either view),
    widened by ``margin`` rows each side; every row when nothing is marked."""
    rows = [row for row, _col in marked]
    if not rows:
        return range(HEIGHT)
    return range(max(0, min(rows) - margin), min(HEIGHT, max(rows) + 1 + margin))


def drawing(
    ds: Dataset, picture: Picture, stacked: bool = False, cropped: bool = False
) -> list[list[Run]]:
    """The whole map: title, the back and front views (side by side, ``SIDE_BY_SIDE``
    columns, or one above the other, ``WIDTH`` columns), the sides, the legend and any
    regions not drawn. ``cropped`` keeps only the rows the picture marks (with a row of
    margin), for a page that has no room for the whole body."""
    lines: list[list[Run]] = [[(picture.title, "title")]]
    marks = {view: _view_marks(ds, picture, view) for view in ("back", "front")}
    back, front = (_view_rows(view, marks[view]) for view in ("back", "front"))
    if cropped:
        keep = marked_rows([*marks["back"], *marks["front"]])
        back, front = back[keep.start : keep.stop], front[keep.start : keep.stop]
    if stacked:
        for view, rows in (("back", back), ("front", front)):
            lines.append([_centred(view.upper(), WIDTH)])
            lines += rows
            lines.append([_sides(view)])
    else:
        gap = (" " * GAP, "")
        lines.append([_centred("BACK", WIDTH), gap, _centred("FRONT", WIDTH)])
        lines += [[*b, gap, *f] for b, f in zip(back, front, strict=True)]
        lines.append([_sides("back"), gap, _sides("front")])
    for kind, text in legend(picture):
        lines.append([(GLYPHS[kind], kind), (f" {text}", "text")])
    missing = unshaped(ds, picture)
    if missing:
        names = ", ".join(ds.label(r) for r in missing)
        lines.append([(f"Not on the map: {names}.", "dim")])
    return lines


def plain_lines(ds: Dataset, picture: Picture, stacked: bool = False) -> list[str]:
    return ["".join(text for text, _ in line).rstrip() for line in drawing(ds, picture, stacked)]
