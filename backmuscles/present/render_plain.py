"""Plain text and JSON: what goes to a pipe, a file or a script. No rich, no colour,
no box drawing and no wrapping, so ``grep``, ``cut`` and ``less`` see every word."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from backmuscles.core.model import Dataset, Exercise, Match, Muscle, Query
from backmuscles.core.safety import CAVEAT, muscle_regions, safety_net

from .views import (
    Section,
    list_rows,
    muscle_sections,
    muscle_title,
    numbered,
    plan_heading,
    plan_total,
    region_tree,
    screening_section,
    validate_summary,
    where_rows,
)

if TYPE_CHECKING:
    from backmuscles.core.bodymap import Picture
    from backmuscles.core.planning import Plan
    from backmuscles.core.screening import QuestionBank, ScreenResult
    from backmuscles.dataset.report import Report


def _sections(sections: Sequence[Section], indent: str = "") -> list[str]:
    out: list[str] = []
    for section in sections:
        out.append(f"{indent}{section.title}:")
        out += [f"{indent}  {line}" for line in section.lines]
        out += [f"{indent}  - {item}" for item in section.bullets]
    return out


def _safety_net(lines: Sequence[str]) -> list[str]:
    return ["When to get help:", *(f"  - {line}" for line in lines)]


def _footer(lines: Sequence[str]) -> list[str]:
    """The caveat, and the safety net for the places shown (core.safety.safety_net)."""
    return ["", f"Note: {CAVEAT}", *_safety_net(lines)]


def screen_text(bank: QuestionBank, result: ScreenResult) -> str:
    """The screen's result. An emergency shows its message and nothing else."""
    from backmuscles.core.screening import screen_safety_net

    out = _sections([screening_section(bank, result)])
    if result.level != "emergency":
        out += ["", *_safety_net(screen_safety_net(bank, result))]
    return "\n".join(out) + "\n"


def screen_markdown(bank: QuestionBank, result: ScreenResult) -> str:
    """The printable page of ``plan --markdown`` when the screening withholds the plan: the
    result, and the safety net unless it is an emergency (escaped like every page)."""
    from .escaping import markdown_inline as md

    section = screening_section(bank, result)
    out = [f"# Warning signs: {md(section.title)}", ""]
    out += [line for text in section.lines for line in (md(text), "")]
    out += [*(f"- {md(b)}" for b in section.bullets), ""] if section.bullets else []
    if result.level != "emergency":
        from backmuscles.core.screening import screen_safety_net

        lines = screen_safety_net(bank, result)
        out += ["## When to get help", "", *(f"- {md(line)}" for line in lines), ""]
    return "\n".join(out)


def question_bank_text(bank: QuestionBank) -> str:
    """One question per line, in asking order: id, level, question."""
    from backmuscles.core.screening import ordered

    from .escaping import tsv_row

    return "".join(tsv_row((f.id, f.level, f.question)) for f in ordered(bank))


def where_text(
    ds: Dataset,
    query: Query,
    matches: Sequence[Match],
    detail: int,
    screening: Section | None = None,
    picture: Picture | None = None,
    check_first: Section | None = None,
    answers: Section | None = None,
) -> str:
    from .views import reading_lines

    labels = ", ".join(ds.label(r) for r in query.regions)
    rows = where_rows(ds, query, matches)
    name_width = max([len("Muscle"), *(len(r.name) for r in rows)])
    out = [*reading_lines(ds, query), ""]
    out += [*_sections([screening]), ""] if screening else []
    out += [*_sections([check_first]), ""] if check_first else []
    out += [*_sections([answers]), ""] if answers else []
    out += [f"Muscles often linked to pain at: {labels}", ""]
    out.append(f"{'Rank':<4}  {'Muscle':<{name_width}}  {'Score':>5}  {'Sites':<6}  Why")
    out += [
        f"{r.rank:<4}  {r.name:<{name_width}}  {r.score:>5.2f}  {r.sites:<6}  {r.why}" for r in rows
    ]
    if picture is not None:
        out += ["", *_map_lines(ds, picture)]
    for row, match in zip(rows[:detail], matches, strict=False):
        out += ["", f"{numbered(row.rank)} {muscle_title(match.muscle)}"]
        out += _sections(muscle_sections(ds, match.muscle, brief=True), indent="   ")
    out += _footer(safety_net(ds, query.regions))
    return "\n".join(out) + "\n"


def show_text(ds: Dataset, muscle: Muscle, picture: Picture | None = None) -> str:
    out = [muscle_title(muscle), f"Group: {ds.group_label(muscle.group)}", ""]
    out += _sections(muscle_sections(ds, muscle))
    if picture is not None:
        out += ["", *_map_lines(ds, picture)]
    out += _footer(safety_net(ds, muscle_regions([muscle])))
    return "\n".join(out) + "\n"


def _map_lines(ds: Dataset, picture: Picture) -> list[str]:
    from backmuscles.core.bodymap import plain_lines

    return plain_lines(ds, picture)


def map_text(ds: Dataset, picture: Picture, query: Query | None = None) -> str:
    """The body map: two views side by side (``SIDE_BY_SIDE`` columns) with its legend; first
    how the places were read, when places were given."""
    from .views import reading_lines

    head = [*reading_lines(ds, query), ""] if query is not None else []
    footer = _footer(safety_net(ds, picture.fills))
    return "\n".join([*head, *_map_lines(ds, picture), *footer]) + "\n"


def compare_text(ds: Dataset, muscles: Sequence[Muscle], pictures: Sequence[Picture]) -> str:
    """Aspect by aspect, each muscle's answer under it; then each muscle's map."""
    from .views import compare_rows

    out = [f"Compare: {', '.join(m.name for m in muscles)}"]
    for aspect, cells in compare_rows(ds, muscles):
        out += ["", f"{aspect}:"]
        for muscle, lines in zip(muscles, cells, strict=True):
            if len(lines) == 1:
                out.append(f"  {muscle.name}: {lines[0]}")
            else:
                out += [f"  {muscle.name}:", *(f"    - {line}" for line in lines)]
    for picture in pictures:
        out += ["", *_map_lines(ds, picture)]
    out += _footer(safety_net(ds, muscle_regions(muscles)))
    return "\n".join(out) + "\n"


def list_text(ds: Dataset, muscles: Sequence[Muscle]) -> str:
    """One muscle per line, tab-separated: id, name, aliases, group, zones (a tab, line
    break or backslash inside a field is written as ``\\t``, ``\\n``, ``\\\\``)."""
    from .escaping import tsv_row

    return "".join(tsv_row(row) for row in list_rows(ds, muscles))


def regions_text(ds: Dataset) -> str:
    """The vocabulary as an indented tree: id, label, then the other words that find it."""
    lines = []
    for depth, region in region_tree(ds):
        words = f"  ({', '.join(region.synonyms)})" if region.synonyms else ""
        lines.append(f"{'  ' * depth}{region.id}  {region.label}{words}")
    if ds.symptoms:  # words that are not places, and the places they stand for
        lines += ["", "Symptom words (read as the places after the arrow):"]
        for symptom in ds.symptoms:
            words = f"  ({', '.join(symptom.synonyms)})" if symptom.synonyms else ""
            where = ", ".join(symptom.regions) or "the place given with it"
            lines.append(f"{symptom.id}  {symptom.label}{words} -> {where}")
    return "\n".join(lines) + "\n"


def validate_text(report: Report) -> str:
    """One problem per line (``error: file:line: field: message``), then a summary."""
    lines = [f"{p.severity}: {p}" for p in report.problems]
    return "\n".join([*lines, validate_summary(report)]) + "\n"


def exercises_text(ds: Dataset, exercises: Sequence[Exercise]) -> str:
    """One exercise per line, tab-separated: id, name, kind, muscles, dose, minutes; then,
    after a blank line, the shared cautions they carry (every release: the pressure
    contraindications), so a list never shows a release without them."""
    from .escaping import tsv_row
    from .views import exercise_rows, exercises_cautions_section

    out = "".join(tsv_row(row) for row in exercise_rows(ds, exercises))
    cautions = exercises_cautions_section(ds, exercises)
    if cautions is not None:
        out += "\n" + "\n".join(_sections([cautions])) + "\n"
    return out


def exercise_text(ds: Dataset, exercise: Exercise) -> str:
    from .views import exercise_regions, exercise_sections

    out = [exercise.name, ""]
    out += _sections(exercise_sections(ds, exercise))
    lines = safety_net(ds, exercise_regions(ds, exercise))
    out += ["", *_safety_net(lines)]  # the stop rules point to the emergency signs
    return "\n".join(out) + "\n"


def plan_text(
    ds: Dataset,
    query: Query,
    plan: Plan,
    screening: Section | None = None,
    answers: Section | None = None,
) -> str:
    """The plan as one numbered list: each step once, with its dose, its own cautions and
    how to do it; the cautions for more than one step before the first."""
    from .views import (
        plan_before,
        plan_closing,
        plan_step_heading,
        plan_step_sections,
        reading_lines,
    )

    out = [*reading_lines(ds, query), ""]
    out += [*_sections([screening]), ""] if screening else []
    out += [*_sections([answers]), ""] if answers else []
    title, subtitle = plan_heading(ds, query, plan)
    out += [title, subtitle, "", plan_total(plan), ""]
    if not plan.steps:
        out += ["No exercise in the library is linked to these muscles yet.", ""]
    out += [*_sections([plan_before(plan)]), ""]
    digits = len(str(len(plan.steps)))
    indent = " " * (digits + 2)  # under the name, whatever the number's width
    for step in plan.steps:
        heading, kind = plan_step_heading(step)
        out.append(" " * (digits - len(str(step.number))) + f"{heading} ({kind})")
        for section in plan_step_sections(ds, step):
            if section.lines and not section.bullets and len(section.lines) == 1:
                out.append(f"{indent}{section.title}: {section.lines[0]}")
            else:
                out += _sections([section], indent)
        out.append("")
    out += _sections(plan_closing())
    out += _footer(safety_net(ds, query.regions))
    return "\n".join(out) + "\n"


def plan_markdown(ds: Dataset, query: Query, plan: Plan, screening: Section | None = None) -> str:
    """A printable page: the screening result when there was one, what to know before
    starting, then each step once (dose, its own cautions, how, easier and harder), and
    when to stop. Every piece of text goes through
    :func:`~backmuscles.escaping.markdown_inline`, so no name or step can add a heading, a
    list, a link or raw HTML to the page."""
    from backmuscles.core.safety import EVIDENCE_NOTE, STOP_RULES

    from .escaping import markdown_inline as md
    from .views import plan_step_heading, plan_step_sections, reading_lines

    title, subtitle = plan_heading(ds, query, plan)
    out = [f"# {md(title)}", "", md(subtitle), ""]
    for line in reading_lines(ds, query):  # a question keeps its list mark
        out.append(f"- {md(line[2:])}" if line.startswith("- ") else md(line))
    out += [""]
    if screening is not None:
        out += [f"## Warning signs: {md(screening.title)}", ""]
        out += [line for text in screening.lines for line in (md(text), "")]
        out += [*(f"- {md(b)}" for b in screening.bullets), ""] if screening.bullets else []
    out += [md(plan_total(plan)), ""]
    out += ["## Before you start", "", *(f"- {md(c)}" for c in plan.before), ""]
    for step in plan.steps:
        _, kind = plan_step_heading(step)
        out += [f"## {step.number}. {md(step.exercise.name)}", "", f"*{md(kind)}*", ""]
        for section in plan_step_sections(ds, step):
            if section.bullets:
                numbered = section.title == "How"  # the steps of the exercise, in order
                out += [] if numbered else [f"{md(section.title)}:", ""]
                out += [
                    f"{f'{i}.' if numbered else '-'} {md(b)}"
                    for i, b in enumerate(section.bullets, start=1)
                ]
                out.append("")
            else:
                out += [f"{md(section.title)}: {md(' '.join(section.lines))}", ""]
    out += ["## Stop and get advice if", "", *(f"- {md(r)}" for r in STOP_RULES), ""]
    out += ["## The evidence", "", md(EVIDENCE_NOTE), ""]
    lines = safety_net(ds, query.regions)
    out += ["## When to get help", "", *(f"- {md(line)}" for line in lines), ""]
    out += [f"*{md(CAVEAT)}*", ""]
    return "\n".join(out)
