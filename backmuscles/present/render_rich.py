"""Rich tables and panels for a terminal. The only module that imports rich, and only
the commands that draw for a terminal import it. Every string from the data or the
user goes in as ``Text`` so that brackets like ``[knees bent]`` are never read as markup."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from backmuscles.core.bodymap import Picture
    from backmuscles.core.model import Exercise
    from backmuscles.core.planning import Plan
    from backmuscles.core.screening import QuestionBank, ScreenResult
    from backmuscles.dataset.report import Report

from backmuscles.core.model import Dataset, Match, Muscle, Query
from backmuscles.core.safety import CAVEAT, muscle_regions, safety_net

from .views import (
    Row,
    Section,
    list_rows,
    muscle_sections,
    muscle_title,
    region_tree,
    screening_section,
    validate_summary,
    where_rows,
)


def make_console(width: int | None = None, force_terminal: bool | None = None) -> Console:
    """Built per run, so NO_COLOR, FORCE_COLOR, TERM and COLUMNS are read when it matters."""
    # No markup, emoji or highlighting: every string from us or the data goes in as Text,
    # and parsing for them only costs time (the emoji table alone is a large import).
    return Console(
        width=width,
        force_terminal=force_terminal,
        highlight=False,
        soft_wrap=False,
        markup=False,
        emoji=False,
    )


class _Sections:
    """Titled paragraphs and bullets in two columns, with hanging indents.

    Drawn directly as segments, wrapped with :mod:`textwrap`: rich's grid measures and
    re-renders every cell (measured: about 5 ms per muscle, most of a run's drawing time),
    and this layout needs none of that."""

    def __init__(
        self, sections: Sequence[Section], marker: tuple[str, Style] | None = None
    ) -> None:
        """``marker``: another bullet and its style (the safety net's)."""
        self.sections = sections
        self.marker = marker

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(20, options.max_width), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        import textwrap

        bold = Style(bold=True)
        title_width = max((cell_len(s.title) for s in self.sections), default=0)
        text_width = options.max_width - title_width - 3
        if text_width < 30 and title_width:  # too narrow for two columns: titles on top
            yield from self.stacked(options.max_width)
            return
        for section in self.sections:
            title = section.title
            items = [("", line) for line in section.lines]
            items += [("•", bullet) for bullet in section.bullets]
            for marker, text in items:
                lines = textwrap.wrap(text, text_width, break_on_hyphens=False) or [""]
                gap = " " if title_width else ""
                for i, line in enumerate(lines):
                    yield Segment(title.ljust(title_width), bold)
                    if i == 0 and marker and self.marker:
                        yield Segment(gap)
                        yield Segment(self.marker[0], self.marker[1])
                        yield Segment(f" {line}")
                    else:
                        yield Segment(f"{gap}{marker if i == 0 and marker else ' '} {line}")
                    yield Segment.line()
                    title = ""

    def stacked(self, width: int) -> RenderResult:
        import textwrap

        bold = Style(bold=True)
        for n, section in enumerate(self.sections):
            if n:
                yield Segment.line()
            for line in textwrap.wrap(section.title, width, break_on_hyphens=False):
                yield Segment(line, bold)
                yield Segment.line()
            items = [(" ", line) for line in section.lines]
            items += [("•", bullet) for bullet in section.bullets]
            for marker, text in items:
                wrapped = textwrap.wrap(text, max(10, width - 4), break_on_hyphens=False)
                for i, line in enumerate(wrapped or [""]):
                    yield Segment(f"  {marker if i == 0 else ' '} {line}")
                    yield Segment.line()


def _sections(sections: Sequence[Section]) -> RenderableType:
    return _Sections(sections)


def _footer(lines: Sequence[str]) -> RenderableType:
    """The caveat, and the safety net for the places shown (core.safety.safety_net)."""
    return Group(
        Text(""),
        Text(CAVEAT, style="italic"),
        Text(""),
        Text("When to get help", style="bold yellow"),
        _Sections([Section("", bullets=tuple(lines))]),
    )


LEVEL_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold yellow",
    "out-of-scope": "bold yellow",
    "soon": "bold blue",
    "routine": "bold green",
}


def _screening_panel(bank: QuestionBank, result: ScreenResult) -> RenderableType:
    from rich.panel import Panel

    section = screening_section(bank, result)
    body: list[RenderableType] = [Text(line) for line in section.lines]
    if section.bullets:
        body.append(_Sections([Section("", bullets=section.bullets)]))

    style = LEVEL_STYLE[result.level]
    title = Text(section.title, style=style)
    return Panel(Group(*body), title=title, title_align="left", border_style=style.split()[-1])


def _answers(section: Section | None) -> list[RenderableType]:
    """The follow-up questions and answers (``--ask``, ``--answer``), above the ranking."""
    if section is None:
        return []
    return [Text(section.title, style="bold"), _sections([section._replace(title="")]), Text("")]


def screen(bank: QuestionBank, result: ScreenResult) -> RenderableType:
    """The screen's result. An emergency shows its message and nothing else."""
    panel = _screening_panel(bank, result)
    if result.level == "emergency":
        return panel
    from backmuscles.core.screening import screen_safety_net

    return Group(panel, _safety_net(screen_safety_net(bank, result)))


def _safety_net(lines: Sequence[str]) -> RenderableType:
    return Group(
        Text(""),
        Text("When to get help", style="bold yellow"),
        _Sections([Section("", bullets=tuple(lines))]),
    )


def question_bank(bank: QuestionBank) -> RenderableType:
    from backmuscles.core.screening import ordered

    flags = ordered(bank)
    rows = [
        (Text(f.id), Text(f.level, style=LEVEL_STYLE[f.level]), Text(f.question)) for f in flags
    ]
    return _Records(("Id", "Level", "Question"), rows, min_width=60, ratio={"Question"})


class _Records:
    """A table where there is room for it; on a narrow terminal, each row as a short block
    (the first cell as a heading, the others as "Header: value" lines), so that no column
    is squeezed into one letter per line. The choice is made when drawing, at the real
    width."""

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Text]],
        min_width: int,
        ratio: Mapping[str, int] | set[str] | frozenset[str] = frozenset(),
        headings: Sequence[Text] | None = None,
        in_heading: set[str] | frozenset[str] = frozenset(),
    ) -> None:
        """``headings``: each block's heading on a narrow terminal (the first cell unless
        given); ``in_heading``: the columns the headings already show."""
        self.headers, self.rows, self.min_width, self.ratio = headers, rows, min_width, ratio
        self.headings = headings or [row[0] for row in rows]
        self.in_heading = in_heading if headings else {headers[0]}

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(20, options.max_width), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= self.min_width:
            yield self.table()
            return
        from rich.padding import Padding

        for heading, row in zip(self.headings, self.rows, strict=True):
            heading = heading.copy()
            heading.stylize("bold")
            yield heading
            for header, cell in zip(self.headers, row, strict=True):
                if not cell.plain or header in self.in_heading:
                    continue
                if "\n" in cell.plain:  # a list: the header on its own line, items below
                    yield Padding(Text(f"{header}:", style="dim"), (0, 0, 0, 2))
                    yield Padding(cell, (0, 0, 0, 4))
                    continue
                line = Text()
                if header:
                    line.append(f"{header}: ", style="dim")
                line.append_text(cell)
                yield Padding(line, (0, 0, 0, 2))
            yield Text("")

    def table(self) -> RenderableType:
        from rich.table import Table

        table = Table(expand=True)
        for header in self.headers:
            wide = header in self.ratio
            table.add_column(
                header,
                ratio=(self.ratio[header] if isinstance(self.ratio, Mapping) else 1)
                if wide
                else None,
                min_width=16 if wide else None,
                no_wrap=header == self.headers[0],
            )
        for row in self.rows:
            table.add_row(*row)
        return table


class _RankedTable:
    """The ranked table, drawn as segments with the box characters of rich's default table.

    rich's Table measures every cell before it draws (and importing it pulls in fractions and
    decimal); the ranked table's columns are known, so only "Why" needs wrapping. On a very
    narrow terminal each muscle becomes a short block instead (see :class:`_Records`)."""

    HEADERS = ("#", "Muscle", "Score", "Sites", "Why")
    MIN_WHY = 16

    def __init__(self, title: str, rows: Sequence[Row]) -> None:
        self.title = title
        self.rows = rows

    def cells(self, row: Row) -> tuple[str, str, str, str, str]:
        return (str(row.rank), row.name, f"{row.score:.2f}", row.sites, row.why)

    def widths(self) -> list[int]:
        table = [self.HEADERS, *(self.cells(r) for r in self.rows)]
        return [max(cell_len(line[i]) for line in table) for i in range(4)]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(40, options.max_width), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        import textwrap

        fixed = self.widths()
        why = options.max_width - sum(fixed) - 3 * 5 - 1
        if why < self.MIN_WHY:
            yield self.fallback()
            return
        widths = [*fixed, why]
        bold, name_style = Style(bold=True), Style(bold=True, color="cyan")
        for line in textwrap.wrap(self.title, options.max_width) or [""]:
            yield Segment(line.ljust(options.max_width), bold)
            yield Segment.line()
        yield Segment("┏" + "┳".join("━" * (w + 2) for w in widths) + "┓")
        yield Segment.line()
        for i, (header, width) in enumerate(zip(self.HEADERS, widths, strict=True)):
            yield Segment("┃ " if i == 0 else " ┃ ")
            text = header.rjust(width) if i in (0, 2) else header.ljust(width)
            yield Segment(text, bold)
        yield Segment(" ┃")
        yield Segment.line()
        yield Segment("┡" + "╇".join("━" * (w + 2) for w in widths) + "┩")
        yield Segment.line()
        for row in self.rows:
            cells = self.cells(row)
            lines = textwrap.wrap(cells[4], why, break_on_hyphens=False) or [""]
            for n, why_line in enumerate(lines):
                first = n == 0
                yield Segment("│ " + (cells[0].rjust(widths[0]) if first else " " * widths[0]))
                yield Segment(" │ ")
                yield Segment(cells[1].ljust(widths[1]) if first else " " * widths[1], name_style)
                yield Segment(" │ " + (cells[2].rjust(widths[2]) if first else " " * widths[2]))
                yield Segment(" │ " + (cells[3].ljust(widths[3]) if first else " " * widths[3]))
                yield Segment(" │ " + why_line.ljust(why) + " │")
                yield Segment.line()
        yield Segment("└" + "┴".join("─" * (w + 2) for w in widths) + "┘")
        yield Segment.line()

    def fallback(self) -> RenderableType:
        rows = [tuple(Text(c) for c in self.cells(row)) for row in self.rows]
        headings = [Text(f"{r[0]}. {r[1]}", style="cyan") for r in rows]
        records = _Records(  # always blocks
            self.HEADERS, rows, min_width=10**6, headings=headings, in_heading={"#", "Muscle"}
        )
        return Group(Text(self.title, style="bold"), Text(""), records)


class Page:
    """An answer drawn in two parts: the ``body``, which may go through a pager, and the
    ``tail`` (the caveat and when to get help), which is printed after the pager has closed,
    so quitting the pager early never hides it. Drawn as one, it is the body, then the tail."""

    def __init__(self, body: RenderableType, tail: RenderableType) -> None:
        self.body, self.tail = body, tail

    def __rich__(self) -> RenderableType:
        return Group(self.body, self.tail)


def where(
    ds: Dataset,
    query: Query,
    matches: Sequence[Match],
    detail: int,
    screening: tuple[QuestionBank, ScreenResult] | None = None,
    picture: Picture | None = None,
    answers: Section | None = None,
) -> Page:
    """The long form (``--long``, ``--details N``): the ranked table with every reason, the
    map, then the first ``detail`` muscles in full."""
    labels = ", ".join(ds.label(r) for r in query.regions)
    table = _RankedTable(
        f"Muscles often linked to pain at: {labels}", where_rows(ds, query, matches)
    )
    parts: list[RenderableType] = [_reading(ds, query)]
    parts += [_screening_panel(*screening)] if screening else []
    parts += _answers(answers)
    parts.append(table)
    if picture is not None:
        parts += [Text(""), body_map(ds, picture)]
    for rank, match in enumerate(matches[:detail], start=1):
        parts.append(Text(f"\n{rank}. {muscle_title(match.muscle)}", style="bold cyan"))
        parts.append(_sections(muscle_sections(ds, match.muscle, brief=True)))
    return Page(Group(*parts), _footer(safety_net(ds, query.regions)))


class _CompactTable:
    """The ranked table of the compact answer, one line a muscle where there is room: rank,
    name, the score as dots and the reason in a few words. No vertical rules, so the reason
    has the width. Narrower than ``MIN_WHY`` for it, each muscle is a short block."""

    HEADERS = ("#", "Muscle", "Score", "Why")
    MIN_WHY = 16

    def __init__(self, title: str, rows: Sequence[Row]) -> None:
        self.title, self.rows = title, rows

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(40, options.max_width), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        import textwrap

        from .views import SCORE_DOTS, score_dots

        width = options.max_width
        rank_w = max([len(self.HEADERS[0]), *(len(str(r.rank)) for r in self.rows)])
        name_w = max([len(self.HEADERS[1]), *(cell_len(r.name) for r in self.rows)])
        why_w = width - rank_w - name_w - SCORE_DOTS - 2 * 3
        if why_w < self.MIN_WHY:
            yield self.fallback()
            return
        bold, dim = Style(bold=True), Style(dim=True)
        name_style, dots = Style(bold=True, color="cyan"), Style(color="green")
        for line in textwrap.wrap(self.title, width) if self.title else []:
            yield Segment(line, bold)
            yield Segment.line()
        head = "  ".join(
            (
                self.HEADERS[0].rjust(rank_w),
                self.HEADERS[1].ljust(name_w),
                self.HEADERS[2].ljust(SCORE_DOTS),
                self.HEADERS[3],
            )
        )
        yield Segment(head, bold)
        yield Segment.line()
        yield Segment("─" * width, dim)
        yield Segment.line()
        for row in self.rows:
            filled, empty = score_dots(row.share)
            lines = textwrap.wrap(row.short, why_w, break_on_hyphens=False) or [""]
            for n, text in enumerate(lines):
                if n == 0:
                    yield Segment(str(row.rank).rjust(rank_w) + "  ")
                    yield Segment(row.name.ljust(name_w), name_style)
                    yield Segment("  ")
                    yield Segment("●" * filled, dots)
                    yield Segment("○" * empty, dim)
                    yield Segment("  " + text)
                else:
                    yield Segment(" " * (rank_w + name_w + SCORE_DOTS + 6) + text)
                yield Segment.line()

    def fallback(self) -> RenderableType:
        """Two lines or so a muscle: rank, name and dots, then the reason under them."""
        from rich.padding import Padding

        from .views import score_dots

        parts: list[RenderableType] = [Text(self.title, style="bold")] if self.title else []
        for row in self.rows:
            filled, empty = score_dots(row.share)
            line = Text(f"{row.rank}. ")
            line.append(row.name, style="bold cyan")
            line.append("  ")
            line.append("●" * filled, style="green")
            line.append("○" * empty, style="dim")
            parts += [line, Padding(Text(row.short), (0, 0, 0, len(str(row.rank)) + 2))]
        return Group(*parts)


class _Beside:
    """Two drawings side by side, the right one ``right_width`` columns wide, ``gap``
    columns apart; the shorter one is padded with blank lines."""

    def __init__(self, left: RenderableType, right: RenderableType, right_width: int) -> None:
        self.left, self.right, self.right_width = left, right, right_width

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(40, options.max_width), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        gap = 3
        left_width = options.max_width - self.right_width - gap
        left = console.render_lines(self.left, options.update_width(left_width), pad=True)
        right = console.render_lines(self.right, options.update_width(self.right_width), pad=False)
        for n in range(max(len(left), len(right))):
            yield from left[n] if n < len(left) else [Segment(" " * left_width)]
            if n < len(right):
                yield Segment(" " * gap)
                yield from right[n]
            yield Segment.line()


# The compact answer puts the map beside the top muscle's table from this width; narrower,
# the map is in the long form (the table needs about 60 columns to stay short).
MAP_BESIDE = 110


def where_compact(
    ds: Dataset,
    query: Query,
    matches: Sequence[Match],
    screening: tuple[QuestionBank, ScreenResult] | None = None,
    picture: Picture | None = None,
    answers: Section | None = None,
    close_call: bool = False,
) -> Page:
    """The answer on one screen: the ranking with a short reason and the score as dots,
    the top muscle's anatomy, exercises and cautions (its map beside them on a wide
    terminal), what to type next, then the caveat and when to get help. The long form is
    :func:`where`."""
    from .views import CLOSE_CALL_HINT, SCORE_LEGEND, compact_sections, next_steps

    rows = where_rows(ds, query, matches)
    # the "Read as" line says the places, so the table needs no title of its own
    parts: list[RenderableType] = [_reading(ds, query, gap=False, style="bold")]
    parts += [_screening_panel(*screening)] if screening else []
    parts += _answers(answers)
    parts.append(_CompactTable("", rows))
    if matches:
        parts.append(Text(SCORE_LEGEND, style="dim"))
        top = matches[0].muscle
        parts.append(Text(f"\n1. {muscle_title(top)}", style="bold cyan"))
        card: RenderableType = _sections(compact_sections(ds, top))
        beside = body_map(ds, picture, cropped=True) if picture is not None else None
        parts.append(_Wide(card, beside) if beside is not None else card)
        hint = CLOSE_CALL_HINT if close_call else ""  # the offer of --ask, on the same line
        parts.append(Text(next_steps(top, query) + hint, style="bold"))
    return Page(Group(*parts), _short_footer(safety_net(ds, query.regions)))


class _Wide:
    """``main`` with ``extra`` beside it where the width allows (``MAP_BESIDE``), else
    ``main`` alone."""

    def __init__(self, main: RenderableType, extra: RenderableType) -> None:
        from backmuscles.core.bodymap import SIDE_BY_SIDE

        self.main, self.extra, self.extra_width = main, extra, SIDE_BY_SIDE

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(20, options.max_width), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= MAP_BESIDE:
            # the map's legend gets what the table can spare, so it wraps less
            width = max(self.extra_width, options.max_width - 68)
            yield _Beside(self.main, self.extra, width)
        else:
            yield self.main


def _short_footer(lines: Sequence[str]) -> RenderableType:
    """The caveat and when to get help (the safety net for the places shown), in full and
    without headings: the safety net's sentences flagged so they stand out."""
    return Group(
        Text(CAVEAT, style="italic dim"),
        _Sections(
            [Section("", bullets=tuple(lines))],
            marker=("!", Style(bold=True, color="yellow")),
        ),
    )


def show(ds: Dataset, muscle: Muscle, picture: Picture | None = None) -> RenderableType:
    from rich.panel import Panel

    title = Text(muscle_title(muscle), style="bold cyan")
    subtitle = Text(ds.group_label(muscle.group))
    body = _sections(muscle_sections(ds, muscle))
    panel = Panel(body, title=title, subtitle=subtitle, title_align="left")
    parts: list[RenderableType] = [panel]
    if picture is not None:
        parts += [Text(""), body_map(ds, picture)]
    return Group(*parts, _footer(safety_net(ds, muscle_regions([muscle]))))


MAP_STYLE = {
    "essential": Style(color="red"),
    "spillover": Style(color="yellow"),
    "site": Style(color="magenta"),
    "trigger": Style(bold=True, color="bright_white", bgcolor="red"),
    "pin": Style(bold=True, color="cyan"),
    "body": Style(dim=True),
    "dim": Style(dim=True),
    "title": Style(bold=True),
    "text": Style(),
    "": Style(),
}


class _BodyMap:
    """The body map, drawn from :func:`backmuscles.bodymap.drawing`: the two views side by
    side where there is room (``SIDE_BY_SIDE`` columns), one above the other below that."""

    def __init__(self, ds: Dataset, picture: Picture, cropped: bool = False) -> None:
        self.ds, self.picture, self.cropped = ds, picture, cropped

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(20, options.max_width), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        import textwrap

        from backmuscles.core.bodymap import SIDE_BY_SIDE, drawing

        stacked = options.max_width < SIDE_BY_SIDE
        for line in drawing(self.ds, self.picture, stacked, self.cropped):
            if len(line) == 1 or line[0][1] in ("trigger", "essential", "spillover", "site", "pin"):
                # a title, note or legend line: wrapped to the width, with a hanging indent
                text = "".join(t for t, _ in line)
                indent = "  " if line[0][1] not in ("title", "dim") else ""
                wrapped = textwrap.wrap(text, options.max_width, subsequent_indent=indent)
                for i, part in enumerate(wrapped or [""]):
                    if i == 0 and len(line) > 1:
                        glyph, kind = line[0]
                        yield Segment(glyph, MAP_STYLE[kind])
                        yield Segment(part[len(glyph) :])
                    else:
                        yield Segment(part, MAP_STYLE[line[0][1]] if len(line) == 1 else None)
                    yield Segment.line()
                continue
            for text, kind in line:
                yield Segment(text, MAP_STYLE[kind])
            yield Segment.line()


def body_map(ds: Dataset, picture: Picture, cropped: bool = False) -> RenderableType:
    """The body map; ``cropped``: only the rows the picture marks (the compact answer)."""
    return _BodyMap(ds, picture, cropped)


def body_map_page(ds: Dataset, picture: Picture, query: Query | None = None) -> RenderableType:
    """What ``map`` prints: how the places were read, the map, then the caveat and when to
    get help."""
    head = [_reading(ds, query)] if query is not None else []
    return Group(*head, body_map(ds, picture), _footer(safety_net(ds, picture.fills)))


def _reading(ds: Dataset, query: Query, gap: bool = True, style: str = "dim") -> RenderableType:
    """How the words were read (and what to check first), one line each, above the answer;
    ``gap``: a blank line after them; ``style``: the "Read as" line's."""
    from .views import reading_lines

    lines = reading_lines(ds, query)
    texts = [Text(lines[0], style=style)]
    texts += [Text(line, style="bold" if line.startswith("Check") else "") for line in lines[1:]]
    return Group(*texts, *([Text("")] if gap else []))


def compare(ds: Dataset, muscles: Sequence[Muscle], pictures: Sequence[Picture]) -> RenderableType:
    """A column per muscle where there is room, else one block per aspect; then the maps."""
    from .views import compare_rows

    rows = []
    for aspect, cells in compare_rows(ds, muscles):
        texts = [
            Text(lines[0] if len(lines) == 1 else "\n".join(f"• {line}" for line in lines))
            for lines in cells
        ]
        rows.append((Text(aspect, style="bold"), *texts))
    names = [m.name for m in muscles]
    table = _Records(("", *names), rows, min_width=20 + 30 * len(muscles), ratio=set(names))
    title = Text(f"Compare: {', '.join(names)}", style="bold")
    parts: list[RenderableType] = [title, table]
    for picture in pictures:
        parts += [Text(""), body_map(ds, picture)]
    parts.append(_footer(safety_net(ds, muscle_regions(muscles))))
    return Group(*parts)


def muscle_list(ds: Dataset, muscles: Sequence[Muscle]) -> RenderableType:
    rows = [
        (Text(mid), Text(name, style="bold cyan"), Text(aliases), Text(group), Text(zones))
        for mid, name, aliases, group, zones in list_rows(ds, muscles)
    ]
    headers = ("Id", "Muscle", "Also called", "Group", "Zones")
    return _Records(
        headers,
        rows,
        min_width=110,
        ratio={"Muscle": 2, "Also called": 2, "Zones": 3},
        headings=[_named(row[1], row[0]) for row in rows],
        in_heading={"Id", "Muscle"},
    )


def _named(name: Text, ident: Text) -> Text:
    """A block heading on a narrow terminal: the name, then the id to type."""
    heading = name.copy()
    heading.append(f"  {ident.plain}", style="dim")
    return heading


def regions(ds: Dataset) -> RenderableType:
    from rich.tree import Tree

    root = Tree(Text("Regions", style="bold"), guide_style="dim")
    nodes: dict[str, Tree] = {}
    for _depth, region in region_tree(ds):
        label = Text(region.id, style="bold cyan")
        label.append(f"  {region.label}", style="bold")
        if region.synonyms:
            label.append(f"  ({', '.join(region.synonyms)})", style="dim")
        parent = nodes.get(region.parent or "", root)
        nodes[region.id] = parent.add(label)
    if not ds.symptoms:
        return root
    symptoms = Tree(Text("Symptom words (read as the places after the arrow)", style="bold"))
    for symptom in ds.symptoms:
        label = Text(symptom.id, style="bold cyan")
        label.append(f"  {symptom.label}", style="bold")
        if symptom.synonyms:
            label.append(f"  ({', '.join(symptom.synonyms)})", style="dim")
        label.append(f" -> {', '.join(symptom.regions) or 'the place given with it'}")
        symptoms.add(label)
    return Group(root, Text(""), symptoms)


def validate(report: Report) -> RenderableType:
    summary = Text(validate_summary(report), style="bold red" if report.errors else "bold green")
    if not report.problems:
        return summary
    rows = [
        (
            Text(f"{p.file}:{p.line}" if p.line else p.file),
            Text(p.severity, style="red" if p.severity == "error" else "yellow"),
            Text(p.field),
            Text(p.message),
        )
        for p in report.problems
    ]
    table = _Records(("File", "", "Field", "Problem"), rows, min_width=80, ratio={"Problem"})
    return Group(table, summary)


# The narrowest terminal the layouts here are made for (README: "down to 40 columns").
# Narrower (COLUMNS=0, a window dragged to 4 columns) they would lose words or, below
# about 5 columns, fail; the plain text is always complete, so that is printed instead.
MIN_WIDTH = 40


def print_to_terminal(
    drawing: Callable[[], RenderableType],
    console: Console | None = None,
    pager: Callable[[str], bool] | None = None,
) -> bool:
    """Draw on the terminal; False, drawing nothing, where it is narrower than
    ``MIN_WIDTH`` (the caller then prints the plain text).

    With ``pager``, a :class:`Page` longer than the terminal is drawn first and its body
    handed to ``pager`` (True: it was shown; False: it could not be, and is printed here);
    the tail is printed after the pager has closed, so it is on the screen whatever was
    read in the pager."""
    console = console or make_console()
    if console.width < MIN_WIDTH:
        return False
    page = drawing()
    if pager is None or not isinstance(page, Page):
        console.print(page)
        return True
    with console.capture() as body:
        console.print(page.body)
    text = body.get()
    with console.capture() as tail:
        console.print(page.tail)
    if text.count("\n") + tail.get().count("\n") <= console.height or not pager(text):
        console.file.write(text)
    console.file.write(tail.get())
    console.file.flush()
    return True


def exercises(ds: Dataset, items: Sequence[Exercise]) -> RenderableType:
    from .views import exercise_rows, exercises_cautions_section

    rows = [
        (Text(row[0]), Text(row[1], style="bold cyan"), *(Text(c) for c in row[2:]))
        for row in exercise_rows(ds, items)
    ]
    headers = ("Id", "Exercise", "Kind", "For", "Dose", "Min")
    table = _Records(
        headers,
        rows,
        min_width=120,
        ratio={"Exercise": 2, "For": 2, "Dose": 3},
        headings=[_named(row[1], row[0]) for row in rows],
        in_heading={"Id", "Exercise"},
    )
    cautions = exercises_cautions_section(ds, items)
    if cautions is None:
        return table
    return Group(table, Text(""), _sections([cautions]))


def exercise(ds: Dataset, item: Exercise) -> RenderableType:
    from rich.panel import Panel

    from .views import exercise_regions, exercise_sections

    body = _sections(exercise_sections(ds, item))
    panel = Panel(body, title=Text(item.name, style="bold cyan"), title_align="left")
    lines = safety_net(ds, exercise_regions(ds, item))
    return Group(panel, _safety_net(lines))  # the stop rules point to the emergency signs


def plan(
    ds: Dataset,
    query: Query,
    item: Plan,
    screening: tuple[QuestionBank, ScreenResult] | None = None,
    answers: Section | None = None,
) -> RenderableType:
    from .views import plan_heading, plan_rows, plan_sections, plan_total

    title, subtitle = plan_heading(ds, query, item)
    parts: list[RenderableType] = [_reading(ds, query)]
    parts += [_screening_panel(*screening)] if screening else []
    parts += _answers(answers)
    parts += [Text(title, style="bold"), Text(subtitle), Text("")]
    rows = [
        (Text(row[0]), Text(row[1]), Text(row[2], style="bold cyan"), *(Text(c) for c in row[3:]))
        for row in plan_rows(ds, item)
    ]
    headings = [Text(f"{r[0]}. {r[2]}", style="cyan") for r in rows]
    table = _Records(
        ("#", "Kind", "Exercise", "Dose", "Min", "For"),
        rows,
        min_width=110,
        ratio={"Exercise", "Dose", "For"},
        headings=headings,
        in_heading={"#", "Exercise"},
    )
    parts += [table, Text(plan_total(item), style="bold"), Text("")]
    parts.append(_sections(plan_sections(item)))
    parts.append(_footer(safety_net(ds, query.regions)))
    return Group(*parts)
