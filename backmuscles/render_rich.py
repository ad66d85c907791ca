"""Rich tables and panels for a terminal. The only module that imports rich, and only
the commands that draw for a terminal import it. Every string from the data or the
user goes in as ``Text`` so that brackets like ``[knees bent]`` are never read as markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from .loader import Report
    from .screening import QuestionBank, ScreenResult

from .model import Dataset, Match, Muscle, Query
from .safety import CAVEAT, SAFETY_NET
from .views import (
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


def where(
    ds: Dataset,
    query: Query,
    matches: Sequence[Match],
    detail: int,
    screening: tuple[QuestionBank, ScreenResult] | None = None,
) -> RenderableType:
    labels = ", ".join(ds.label(r) for r in query.regions)
    table = Table(
        title=Text(f"Muscles often linked to pain at: {labels}", style="bold"),
        title_justify="left",
        expand=True,
    )
    rows = where_rows(ds, query, matches)
    # Fixed widths where the content's width is known, so rich measures only "Why".
    table.add_column("#", justify="right", no_wrap=True, width=len(str(len(rows))) or 1)
    table.add_column(
        "Muscle", style="bold cyan", no_wrap=True, width=max([6, *(len(r.name) for r in rows)])
    )
    table.add_column("Score", justify="right", no_wrap=True, width=5)
    table.add_column("Sites", no_wrap=True, width=max([5, *(len(r.sites) for r in rows)]))
    table.add_column("Why", ratio=1)
    for row in rows:
        table.add_row(str(row.rank), Text(row.name), f"{row.score:.2f}", row.sites, Text(row.why))
    parts: list[RenderableType] = [_screening_panel(*screening)] if screening else []
    parts.append(table)
    for rank, match in enumerate(matches[:detail], start=1):
        # a titled grid, not a panel: each layer of boxes costs another full render pass
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
