"""The body map as a standalone SVG page (A4 portrait): the same grid as the terminal map,
each region a vector shape of its own (``data-region``, ``class`` = its fill), with a title,
the two views, labels with leader lines for every region the map marks, a legend, and the
caveat. Spillover is hatched as well as coloured, so a black-and-white print still reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from backmuscles.core import bodymap
from backmuscles.core.bodymap import CODES, HEIGHT, VIEWS, WIDTH, Cell, Picture

from .escaping import xml_attr, xml_text

if TYPE_CHECKING:
    from backmuscles.core.model import Dataset

PAGE_W, PAGE_H = 1000, 1414  # A4's proportions (210 x 297 mm)
CELL_W, CELL_H = 8, 18  # a cell about twice as tall as wide, as in the terminal
VIEW_W, VIEW_H = WIDTH * CELL_W, HEIGHT * CELL_H
TOP = 170  # y of the views' first row
VIEW_X = {"back": 250, "front": PAGE_W - 250 - VIEW_W}  # room for the labels beside them
LABEL_GAP = 22  # minimum vertical distance between two labels

FILL = {
    "body": "#ebe6e0",
    "region": "#ddd5cc",
    "essential": "#b3261e",
    "spillover": "url(#spillover)",
    "site": "#6b4fa0",
}
STYLE = """
  text { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; fill: #222; }
  .title { font-size: 30px; font-weight: bold; }
  .subtitle { font-size: 15px; fill: #555; }
  .view { font-size: 16px; font-weight: bold; letter-spacing: 3px; fill: #555; }
  .side { font-size: 14px; fill: #777; }
  .label { font-size: 14px; }
  .legend { font-size: 16px; }
  .note { font-size: 13px; fill: #444; }
  .leader { stroke: #666; stroke-width: 1; fill: none; }
  path.region, path.body { shape-rendering: crispEdges; }
"""


def _x(view: str, col: float) -> float:
    return VIEW_X[view] + col * CELL_W


def _y(row: float) -> float:
    return TOP + row * CELL_H


def _centre(view: str, cell: Cell) -> tuple[float, float]:
    return _x(view, cell[1] + 0.5), _y(cell[0] + 0.5)


def _path(view: str, cells: Sequence[Cell]) -> str:
    """One subpath per horizontal run of cells."""
    parts = []
    rows: dict[int, list[int]] = {}
    for row, col in cells:
        rows.setdefault(row, []).append(col)
    for row, cols in sorted(rows.items()):
        cols.sort()
        runs: list[list[int]] = []
        for col in cols:
            if runs and col == runs[-1][1] + 1:
                runs[-1][1] = col
            else:
                runs.append([col, col])
        for start, end in runs:
            width = (end - start + 1) * CELL_W
            parts.append(f"M{_x(view, start):g} {_y(row):g}h{width:g}v{CELL_H:g}h{-width:g}z")
    return "".join(parts)


def _shapes(ds: Dataset, picture: Picture, view: str) -> list[str]:
    out = []
    body = [
        (row, col)
        for row, line in enumerate(VIEWS[view])
        for col, letter in enumerate(line)
        if letter != "." and letter not in CODES
    ]
    out.append(f'<path class="body" fill="{FILL["body"]}" d="{_path(view, body)}"/>')
    fills = bodymap.fills_by_cell(ds, picture, view)
    for region_id in dict.fromkeys(CODES.values()):
        cells = bodymap.own_cells(view, region_id)
        if not cells:
            continue
        kind = fills.get(cells[0], "region")
        sided = picture.fills.get(region_id) == "site" and picture.pin_sides.get(region_id) in (
            "left",
            "right",
        )
        if sided:  # a site given with a side: the region plain, that side marked over it
            kind = "region"
        label = ds.label(region_id)
        out.append(
            f'<path class="region {kind}" data-region={xml_attr(region_id)} fill="{FILL[kind]}" '
            f'd="{_path(view, cells)}"><title>{xml_text(label)}</title></path>'
        )
        if sided:
            own = set(cells)
            half = [c for c in picture.pin_cells(ds, view, region_id) if c in own]
            if half:
                out.append(
                    f'<path class="region site" data-region={xml_attr(region_id)} '
                    f'fill="{FILL["site"]}" d="{_path(view, half)}"><title>'
                    f"{xml_text(picture.pin_sides[region_id] + ' ' + label)}</title></path>"
                )
    return out


def _mark(marker: str, x: float, y: float) -> list[str]:
    """A trigger point's cross (with a white halo) or a pin, centred on (x, y): the same on
    the map and in the legend."""
    if marker == "trigger":
        d = f"M{x - 6:g} {y - 6:g}l12 12M{x + 6:g} {y - 6:g}l-12 12"
        return [
            f'<path class="trigger" d="{d}" stroke="#fff" stroke-width="6"/>',
            f'<path class="trigger" d="{d}" stroke="#111" stroke-width="3"/>',
        ]
    return [
        f'<circle class="pin" cx="{x:g}" cy="{y:g}" r="7" fill="#1565c0" '
        'stroke="#fff" stroke-width="2"/>'
    ]


def _markers(ds: Dataset, picture: Picture, view: str) -> list[str]:
    out = []
    for cell, marker in bodymap.markers(ds, picture, view).items():
        out += _mark(marker, *_centre(view, cell))
    return out


def _labels(ds: Dataset, picture: Picture) -> list[str]:
    """A label for each region the picture marks, beside the view that shows it (left of the
    back view, right of the front view), joined to the region by a leader line."""
    marked = list(dict.fromkeys([*picture.fills, *picture.pins, *picture.triggers]))
    placed: dict[str, list[tuple[float, str, tuple[float, float]]]] = {"back": [], "front": []}
    for region_id in marked:
        for view in ("back", "front"):
            cells = bodymap.cells(ds, view, region_id)
            if cells:
                spots = [_centre(view, c) for c in bodymap.anchors(cells)]
                spot = min(spots) if view == "back" else max(spots)
                placed[view].append((spot[1], ds.label(region_id), spot))
                break
    out = []
    for view, items in placed.items():
        last = -1e9
        for wanted_y, text, (sx, sy) in sorted(items):
            y = max(wanted_y, last + LABEL_GAP)
            last = y
            if view == "back":
                x, anchor, end = VIEW_X["back"] - 30, "end", VIEW_X["back"] - 24
            else:
                x, anchor, end = (
                    VIEW_X["front"] + VIEW_W + 30,
                    "start",
                    VIEW_X["front"] + VIEW_W + 24,
                )
            out.append(f'<polyline class="leader" points="{end:g},{y - 5:g} {sx:g},{sy:g}"/>')
            out.append(
                f'<text class="label" x="{x:g}" y="{y:g}" text-anchor="{anchor}">'
                f"{xml_text(text)}</text>"
            )
    return out


def _legend(picture: Picture, top: float) -> list[str]:
    out = []
    y = top
    x = VIEW_X["back"]  # under the back view's left edge
    for kind, text in bodymap.legend(picture):
        if kind in FILL:
            out.append(
                f'<rect x="{x:g}" y="{y - 14:g}" width="30" height="18" fill="{FILL[kind]}" '
                'stroke="#888" stroke-width="0.6"/>'
            )
        else:
            out += _mark(kind, x + 15, y - 5)
        out.append(f'<text class="legend" x="{x + 45:g}" y="{y:g}">{xml_text(text)}</text>')
        y += 30
    return out


def _wrapped(text: str, x: float, top: float, width: int, css: str) -> tuple[list[str], float]:
    import textwrap

    out = []
    y = top
    for line in textwrap.wrap(text, width):
        out.append(f'<text class="{css}" x="{x:g}" y="{y:g}">{xml_text(line)}</text>')
        y += 19
    return out, y


def document(ds: Dataset, picture: Picture) -> str:
    """The SVG page for ``picture``."""
    from backmuscles.core.safety import CAVEAT

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" '
        f'viewBox="0 0 {PAGE_W} {PAGE_H}" role="img" aria-label={xml_attr(picture.title)}>',
        f"<title>{xml_text(picture.title)}</title>",
        f"<style>{STYLE}</style>",
        "<defs>",
        '<pattern id="spillover" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">',
        '<rect width="8" height="8" fill="#f4c09a"/>',
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#c8643b" stroke-width="3"/>',
        "</pattern>",
        "</defs>",
        f'<rect width="{PAGE_W}" height="{PAGE_H}" fill="#fff"/>',
        f'<text class="title" x="60" y="70">{xml_text(picture.title)}</text>',
        '<text class="subtitle" x="60" y="100">Muscles often linked to pain in an area; '
        "referral charts are a guide, not a diagnosis.</text>",
    ]
    for view in ("back", "front"):
        centre = VIEW_X[view] + VIEW_W / 2
        parts.append(
            f'<text class="view" x="{centre:g}" y="{TOP - 20:g}" text-anchor="middle">'
            f"{view.upper()}</text>"
        )
        parts.append(f'<g class="view-{view}">')
        parts += _shapes(ds, picture, view)
        parts += _markers(ds, picture, view)
        parts.append("</g>")
        left, right = ("left", "right") if view == "back" else ("right", "left")
        bottom = TOP + VIEW_H + 24
        parts.append(f'<text class="side" x="{VIEW_X[view]:g}" y="{bottom:g}">{left}</text>')
        parts.append(
            f'<text class="side" x="{VIEW_X[view] + VIEW_W:g}" y="{bottom:g}" '
            f'text-anchor="end">{right}</text>'
        )
    parts += _labels(ds, picture)
    legend_top = TOP + VIEW_H + 80
    parts += _legend(picture, legend_top)
    y: float = legend_top + 30 * len(bodymap.legend(picture)) + 20
    missing = bodymap.unshaped(ds, picture)
    if missing:
        names = ", ".join(ds.label(r) for r in missing)
        lines, y = _wrapped(f"Not on the map: {names}.", VIEW_X["back"], y, 90, "note")
        parts += lines
    lines, y = _wrapped(bodymap.SIDES_NOTE, 60, y + 20, 110, "note")
    parts += lines
    lines, y = _wrapped(CAVEAT, 60, y + 10, 110, "note")
    parts += lines
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
