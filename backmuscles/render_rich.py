"""Rich tables and panels for a terminal. The only module that imports rich, and only
the commands that draw for a terminal import it. Every string from the data or the
user goes in as ``Text`` so that brackets like ``[knees bent]`` are never read as markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from .loader import Report
    from .model import Exercise
    from .planning import Plan
    from .screening import QuestionBank, ScreenResult

from .model import Dataset, Match, Muscle, Query
from .safety import CAVEAT, SAFETY_NET
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

    def __init__(self, sections: Sequence[Section]) -> None:
        self.sections = sections

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(20, options.max_width), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        import textwrap

        bold = Style(bold=True)
        title_width = max((len(s.title) for s in self.sections), default=0)
        text_width = max(10, options.max_width - title_width - 3)
        for section in self.sections:
            title = section.title
            items = [("", line) for line in section.lines]
            items += [("•", bullet) for bullet in section.bullets]
            for marker, text in items:
                lines = textwrap.wrap(text, text_width, break_on_hyphens=False) or [""]
                gap = " " if title_width else ""
                for i, line in enumerate(lines):
                    yield Segment(title.ljust(title_width), bold)
                    yield Segment(f"{gap}{marker if i == 0 and marker else ' '} {line}")
                    yield Segment.line()
                    title = ""


def _sections(sections: Sequence[Section]) -> RenderableType:
    return _Sections(sections)


def _footer() -> RenderableType:
    return Group(
        Text(""),
        Text(CAVEAT, style="italic"),
        Text(""),
        Text("When to get help", style="bold yellow"),
        _Sections([Section("", bullets=SAFETY_NET)]),
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


def screen(bank: QuestionBank, result: ScreenResult) -> RenderableType:
    """The screen's result. An emergency shows its message and nothing else."""
    panel = _screening_panel(bank, result)
    if result.level == "emergency":
        return panel
    net = Group(
        Text(""),
        Text("When to get help", style="bold yellow"),
        _Sections([Section("", bullets=SAFETY_NET)]),
    )
    return Group(panel, net)


def question_bank(bank: QuestionBank) -> RenderableType:
    from rich.table import Table

    from .screening import ordered

    table = Table(expand=True)
    table.add_column("Id", no_wrap=True)
    table.add_column("Level", no_wrap=True)
    table.add_column("Question", ratio=1)
    for flag in ordered(bank):
        table.add_row(
            Text(flag.id), Text(flag.level, style=LEVEL_STYLE[flag.level]), Text(flag.question)
        )
    return table


class _RankedTable:
    """The ranked table, drawn as segments with the box characters of rich's default table.

    rich's Table measures every cell before it draws (and importing it pulls in fractions and
    decimal); the ranked table's columns are known, so only "Why" needs wrapping. On a very
    narrow terminal it falls back to rich's Table, which copes with anything."""

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
        from rich.table import Table

        table = Table(title=Text(self.title, style="bold"), title_justify="left", expand=True)
        for header in self.HEADERS:
            table.add_column(
                header, overflow="fold", style="bold cyan" if header == "Muscle" else None
            )
        for row in self.rows:
            table.add_row(*(Text(c) for c in self.cells(row)))
        return table


def where(
    ds: Dataset,
    query: Query,
    matches: Sequence[Match],
    detail: int,
    screening: tuple[QuestionBank, ScreenResult] | None = None,
) -> RenderableType:
    labels = ", ".join(ds.label(r) for r in query.regions)
    table = _RankedTable(
        f"Muscles often linked to pain at: {labels}", where_rows(ds, query, matches)
    )
    parts: list[RenderableType] = [_screening_panel(*screening)] if screening else []
    parts.append(table)
    for rank, match in enumerate(matches[:detail], start=1):
        parts.append(Text(f"\n{rank}. {muscle_title(match.muscle)}", style="bold cyan"))
        parts.append(_sections(muscle_sections(ds, match.muscle, brief=True)))
    parts.append(_footer())
    return Group(*parts)


def show(ds: Dataset, muscle: Muscle) -> RenderableType:
    from rich.panel import Panel

    title = Text(muscle_title(muscle), style="bold cyan")
    subtitle = Text(ds.group_label(muscle.group))
    body = _sections(muscle_sections(ds, muscle))
    panel = Panel(body, title=title, subtitle=subtitle, title_align="left")
    return Group(panel, _footer())


def muscle_list(ds: Dataset, muscles: Sequence[Muscle]) -> RenderableType:
    from rich.table import Table

    table = Table(expand=True)
    for name in ("Id", "Muscle", "Also called", "Group"):
        table.add_column(name, no_wrap=name == "Id")
    table.add_column("Zones", ratio=1)
    for mid, name, aliases, group, zones in list_rows(ds, muscles):
        table.add_row(
            Text(mid), Text(name, style="bold cyan"), Text(aliases), Text(group), Text(zones)
        )
    return table


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
    return root


def validate(report: Report) -> RenderableType:
    from rich.table import Table

    summary = Text(validate_summary(report), style="bold red" if report.errors else "bold green")
    if not report.problems:
        return summary
    table = Table(expand=True)
    for name in ("", "File", "Line", "Field"):
        table.add_column(name, no_wrap=True)
    table.add_column("Problem", ratio=1)
    for p in report.problems:
        style = "red" if p.severity == "error" else "yellow"
        table.add_row(
            Text(p.severity, style=style),
            Text(p.file),
            str(p.line or ""),
            Text(p.field),
            Text(p.message),
        )
    return Group(table, summary)


def print_to_terminal(renderable: RenderableType, console: Console | None = None) -> None:
    (console or make_console()).print(renderable)


def exercises(ds: Dataset, items: Sequence[Exercise]) -> RenderableType:
    from rich.table import Table

    from .views import exercise_rows

    table = Table(expand=True)
    for name in ("Id", "Exercise", "Kind", "For", "Dose", "Min"):
        table.add_column(name, overflow="fold", ratio=1 if name in ("For", "Dose") else None)
    for row in exercise_rows(ds, items):
        table.add_row(Text(row[0]), Text(row[1], style="bold cyan"), *(Text(c) for c in row[2:]))
    return table


def exercise(ds: Dataset, item: Exercise) -> RenderableType:
    from rich.panel import Panel

    from .views import exercise_sections

    body = _sections(exercise_sections(ds, item))
    return Panel(body, title=Text(item.name, style="bold cyan"), title_align="left")


def plan(
    ds: Dataset,
    query: Query,
    item: Plan,
    screening: tuple[QuestionBank, ScreenResult] | None = None,
) -> RenderableType:
    from rich.table import Table

    from .views import plan_heading, plan_rows, plan_sections, plan_total

    title, subtitle = plan_heading(ds, query, item)
    parts: list[RenderableType] = [_screening_panel(*screening)] if screening else []
    parts += [Text(title, style="bold"), Text(subtitle)]
    table = Table(expand=True)
    for name in ("#", "Kind", "Exercise", "Dose", "Min", "For"):
        table.add_column(name, overflow="fold", ratio=1 if name in ("Dose", "For") else None)
    for row in plan_rows(ds, item):
        table.add_row(
            row[0], Text(row[1]), Text(row[2], style="bold cyan"), *(Text(c) for c in row[3:])
        )
    parts += [table, Text(plan_total(item), style="bold"), Text("")]
    parts.append(_sections(plan_sections(ds, item)))
    parts.append(_footer())
    return Group(*parts)
