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
    numbered,
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


def _check_first_panel(section: Section) -> RenderableType:
    """The warning-sign questions an activity given brings forward (views.check_first)."""
    from rich.panel import Panel

    body: list[RenderableType] = [Text(line) for line in section.lines]
    body.append(_Sections([Section("", bullets=section.bullets)]))
    title = Text(section.title, style="bold yellow")
    return Panel(Group(*body), title=title, title_align="left", border_style="yellow")


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
        fit: tuple[str, str] | None = None,
    ) -> None:
        """``headings``: each block's heading on a narrow terminal (the first cell unless
        given); ``in_heading``: the columns the headings already show. ``fit`` (an id
        column and a name column): the table is drawn by :func:`_fitted_table` instead,
        the id under the name, each column as wide as its text needs and no wider (``ratio``
        is then unused)."""
        self.headers, self.rows, self.min_width, self.ratio = headers, rows, min_width, ratio
        self.headings = headings or [row[0] for row in rows]
        self.in_heading = in_heading if headings else {headers[0]}
        self.fit = fit

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(20, options.max_width), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= self.min_width:
            yield self.table() if self.fit is None else self.fitted(options.max_width)
            return
        for heading, row in zip(self.headings, self.rows, strict=True):
            heading = heading.copy()
            heading.stylize("bold")
            yield heading
            for header, cell in zip(self.headers, row, strict=True):
                if not cell.plain or header in self.in_heading:
                    continue
                yield _Labelled(header, cell, 2)
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

    def fitted(self, width: int) -> RenderableType:
        """The table with the id column's text under the name's, dim, and the widths of
        :func:`fit_widths`."""
        from rich.table import Table

        assert self.fit is not None
        ident, name = (self.headers.index(h) for h in self.fit)
        keep = [i for i in range(len(self.headers)) if i != ident]
        rows = []
        for row in self.rows:
            cells = list(row)
            merged = Text()
            merged.append_text(cells[name])
            merged.append(f"\n{cells[ident].plain}", style="dim")
            cells[name] = merged
            rows.append([cells[i] for i in keep])
        headers = [self.headers[i] for i in keep]
        columns = [[header, *(row[n].plain for row in rows)] for n, header in enumerate(headers)]
        widths = fit_widths(columns, width - 3 * len(headers) - 1)
        table = Table()
        for header, column_width in zip(headers, widths, strict=True):
            table.add_column(header, width=column_width)
        for cells in rows:
            table.add_row(*cells)
        return table


def fit_widths(columns: Sequence[Sequence[str]], room: int) -> list[int]:
    """Column widths for a table of ``columns`` (each a header, then its cells; a cell may
    have several lines) in ``room`` columns of text. Each is at least its longest word and
    at most its longest line. The rows are made as short as the room allows: the fewest
    lines ``h`` such that every column can be wide enough for nine in ten of its cells to
    take at most ``h`` lines (wrapped at spaces, as rich wraps them); what room is
    left goes a few columns at a time to the column that saves the most lines of the table
    (a row is as tall as its tallest cell). Room no column needs is left: the table is no
    wider than its text."""
    # each cell as its lines, each line as the widths of its words
    cells = [
        [[[cell_len(w) for w in line.split()] for line in cell.split("\n")] for cell in column]
        for column in columns
    ]
    natural = [
        max(sum(line) + len(line) - 1 for cell in column for line in cell if line) or 1
        for column in cells
    ]
    longest = [max((w for cell in c for line in cell for w in line), default=1) for c in cells]
    floor = [min(n, w) for n, w in zip(natural, longest, strict=True)]
    known: dict[tuple[int, int], list[int]] = {}

    def heights(c: int, width: int) -> list[int]:
        """How many lines each cell of column c takes at ``width`` (wrapped at spaces)."""
        if (c, width) not in known:
            out = []
            for cell in cells[c]:
                count = 0
                for line in cell:
                    count += 1
                    used = -1
                    for word in line:
                        if used + 1 + word > width and used >= 0:
                            count += 1
                            used = -1
                        used += 1 + word
                out.append(count)
            known[c, width] = out
        return known[c, width]

    def needed(c: int, lines: int) -> int:
        """The narrowest width at which nine in ten of column c's cells fit in ``lines``."""
        low, high = floor[c], natural[c]
        while low < high:
            mid = (low + high) // 2
            over = sum(h > lines for h in heights(c, mid))
            low, high = (low, mid) if over * 10 <= len(cells[c]) else (mid + 1, high)
        return low

    widths = floor
    for lines in range(1, 12):
        wanted = [needed(c, lines) for c in range(len(columns))]
        if sum(wanted) <= room:
            widths = wanted
            break
    tall = [heights(c, w) for c, w in enumerate(widths)]
    spare = room - sum(widths)
    step = max(1, spare // 16)
    while spare > 0:
        best: tuple[tuple[int, int], int, int, list[int]] | None = None
        for c, width in enumerate(widths):
            if width >= natural[c]:
                continue
            wider = min(natural[c], width + min(step, spare))
            new = heights(c, wider)
            others = [max(h[r] for o, h in enumerate(tall) if o != c) for r in range(len(new))]
            cost = (sum(max(a, b) for a, b in zip(new, others, strict=True)), sum(new))
            if best is None or cost < best[0]:
                best = (cost, c, wider, new)
        if best is None:
            break
        _, c, wider, tall[c] = best
        spare -= wider - widths[c]
        widths[c] = wider
    return widths


class _Labelled:
    """``Header: value`` in a block, ``indent`` columns in, with the value's wrapped lines
    under its first word. Where that would leave the value fewer than ``MIN_VALUE`` columns,
    or the value is a list (one item a line), the header is on its own line and the value
    under it, two columns further in."""

    MIN_VALUE = 20

    def __init__(self, header: str, value: Text, indent: int) -> None:
        self.header, self.value, self.indent = header, value, indent

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(20, options.max_width), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label = f"{self.header}: " if self.header else ""
        hang = self.indent + cell_len(label)
        dim = Style(dim=True)
        beside = options.max_width - hang >= self.MIN_VALUE and "\n" not in self.value.plain
        if not beside:  # the header on its own line, the value below it
            yield Segment(" " * self.indent)
            yield Segment(label.rstrip(), dim)
            yield Segment.line()
            hang = self.indent + 2
        first = beside
        for item in self.value.split("\n"):  # a list: each item's lines under its text
            bullet = item.plain.startswith("• ")
            under = hang + 2 if bullet else hang
            width = max(1, options.max_width - under)
            body = item[2:] if bullet else item
            lines = console.render_lines(body, options.update_width(width), pad=False)
            for n, line in enumerate(lines):
                if first:
                    yield Segment(" " * self.indent)
                    yield Segment(label, dim)
                    first = False
                else:
                    yield Segment(" " * (hang if n == 0 else under))
                if n == 0 and bullet:
                    yield Segment("• ")
                yield from line
                yield Segment.line()


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
    check_first: Section | None = None,
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
    parts += [_check_first_panel(check_first)] if check_first else []
    parts += _answers(answers)
    parts.append(table)
    if picture is not None:
        parts += [Text(""), body_map(ds, picture)]
    for row, match in zip(table.rows[:detail], matches, strict=False):
        parts.append(
            Text(f"\n{numbered(row.rank)} {muscle_title(match.muscle)}", style="bold cyan")
        )
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
            line = Text(f"{numbered(row.rank)} ")
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
    check_first: Section | None = None,
    top: int | None = None,
    answers: Section | None = None,
    close_call: bool = False,
) -> Page:
    """The answer on one screen: the ranking with a short reason and the score as dots,
    the top muscle's anatomy, exercises and cautions (its map beside them on a wide
    terminal), what to type next, then the caveat and when to get help. The long form is
    :func:`where`."""
    from .views import CLOSE_CALL_HINT, SCORE_LEGEND, compact_ranking, compact_sections, next_steps

    shown, more = compact_ranking(matches, top)
    rows = where_rows(ds, query, shown)
    # the "Read as" line says the places, so the table needs no title of its own
    parts: list[RenderableType] = [_reading(ds, query, gap=False, style="bold")]
    parts += [_screening_panel(*screening)] if screening else []
    parts += [_check_first_panel(check_first)] if check_first else []
    parts += _answers(answers)
    parts.append(_CompactTable("", rows))
    if matches:
        parts += [Text(more, style="dim")] if more else []
        parts.append(Text(SCORE_LEGEND, style="dim"))
        first = matches[0].muscle
        parts.append(Text(f"\n{numbered(rows[0].rank)} {muscle_title(first)}", style="bold cyan"))
        card: RenderableType = _sections(compact_sections(ds, first))
        beside = body_map(ds, picture, cropped=True) if picture is not None else None
        parts.append(_Wide(card, beside) if beside is not None else card)
        hint = CLOSE_CALL_HINT if close_call else ""  # the offer of --ask, on the same line
        parts.append(Text(next_steps(first, query) + hint, style="bold"))
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
    sections, sources = _without_sources(muscle_sections(ds, muscle))
    panel = Panel(_sections(sections), title=title, subtitle=subtitle, title_align="left")
    parts: list[RenderableType] = [panel, *sources]
    if picture is not None:
        parts += [Text(""), body_map(ds, picture)]
    return Group(*parts, _footer(safety_net(ds, muscle_regions([muscle]))))


def _without_sources(sections: Sequence[Section]) -> tuple[list[Section], list[RenderableType]]:
    """The sections but "Sources", and the sources drawn below the panel (:class:`_Sources`:
    a panel would have to cut an address longer than its width)."""
    kept = [s for s in sections if s.title != "Sources"]
    found = [s.bullets for s in sections if s.title == "Sources"]
    return kept, [_Sources(found[0])] if found and found[0] else []


# An address, without the punctuation that may follow it in a sentence; printable ASCII
# only, so nothing from the data can end the hyperlink's escape sequence early.
_ADDRESS = r"(?:https?|ftp)://[!-~]*[^\s.,;:!?)\]'\"]"


class _Sources:
    """ "Sources" and a bullet a source, wrapped at spaces only: an address is never split.
    One longer than the width has a line of its own, whole, and runs past the edge (the
    terminal wraps it; :func:`print_to_terminal` does not cut it). Each address is a
    hyperlink (OSC 8) where the console draws styles on a terminal; off a terminal, and in
    the plain text, there are no escape codes."""

    def __init__(self, sources: Sequence[str]) -> None:
        self.sources = sources

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(20, options.max_width), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        import re
        import textwrap

        yield Segment("Sources", Style(bold=True))
        yield Segment.line()
        width = max(10, options.max_width - 2)
        for source in self.sources:
            wrapped = textwrap.wrap(source, width, break_long_words=False, break_on_hyphens=False)
            for n, line in enumerate(wrapped or [""]):
                yield Segment("• " if n == 0 else "  ")
                start = 0
                for found in re.finditer(_ADDRESS, line):
                    yield Segment(line[start : found.start()])
                    yield Segment(found[0], Style(link=found[0]))
                    start = found.end()
                yield Segment(line[start:])
                yield Segment.line()


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
        min_width=100,
        headings=[_named(row[1], row[0]) for row in rows],
        in_heading={"Id", "Muscle"},
        fit=("Id", "Muscle"),
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
    # crop=False: the one line wider than the terminal is an address (_Sources), which
    # the terminal wraps; every other drawing is made to the width
    if pager is None or not isinstance(page, Page):
        console.print(page, crop=False)
        return True
    with console.capture() as body:
        console.print(page.body, crop=False)
    text = body.get()
    with console.capture() as tail:
        console.print(page.tail, crop=False)
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
        min_width=100,
        headings=[_named(row[1], row[0]) for row in rows],
        in_heading={"Id", "Exercise"},
        fit=("Id", "Exercise"),
    )
    cautions = exercises_cautions_section(ds, items)
    if cautions is None:
        return table
    return Group(table, Text(""), _sections([cautions]))


def exercise(ds: Dataset, item: Exercise) -> RenderableType:
    from rich.panel import Panel

    from .views import exercise_regions, exercise_sections

    sections, sources = _without_sources(exercise_sections(ds, item))
    title = Text(item.name, style="bold cyan")
    panel = Panel(_sections(sections), title=title, title_align="left")
    lines = safety_net(ds, exercise_regions(ds, item))
    return Group(panel, *sources, _safety_net(lines))  # the stop rules point to the emergency signs


def plan(
    ds: Dataset,
    query: Query,
    item: Plan,
    screening: tuple[QuestionBank, ScreenResult] | None = None,
    answers: Section | None = None,
) -> RenderableType:
    """The plan as one numbered list: what to know before starting, then each step once,
    its dose, own cautions and how-to under its name; then when to stop."""
    from rich.padding import Padding

    from .views import (
        plan_before,
        plan_closing,
        plan_heading,
        plan_step_heading,
        plan_step_sections,
        plan_total,
    )

    title, subtitle = plan_heading(ds, query, item)
    parts: list[RenderableType] = [_reading(ds, query)]
    parts += [_screening_panel(*screening)] if screening else []
    parts += _answers(answers)
    parts += [Text(title, style="bold"), Text(subtitle), Text("")]
    parts += [Text(plan_total(item), style="bold"), Text("")]
    if not item.steps:
        parts += [Text("No exercise in the library is linked to these muscles yet."), Text("")]
    before = plan_before(item)
    parts += [Text(before.title, style="bold"), _sections([before._replace(title="")])]
    parts.append(Text(""))
    digits = len(str(len(item.steps)))
    for step in item.steps:
        heading, kind = plan_step_heading(step)
        line = Text(" " * (digits - len(str(step.number))))
        line.append(heading, style="bold cyan")
        line.append(f"  {kind}", style="dim")
        parts.append(line)
        body = _sections(plan_step_sections(ds, step))
        parts += [Padding(body, (0, 0, 0, digits + 2)), Text("")]
    for n, section in enumerate(plan_closing()):
        parts += [Text("")] if n else []
        parts += [Text(section.title, style="bold"), _sections([section._replace(title="")])]
    parts.append(_footer(safety_net(ds, query.regions)))
    return Group(*parts)
