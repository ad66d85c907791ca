"""What each command shows, as plain data: JSON documents and neutral sections that
both renderers (plain text and rich) draw. No I/O and no rich here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .model import Dataset, Match, Muscle, Query, Region

if TYPE_CHECKING:
    from .errors import Problem
    from .loader import Report
    from .screening import Finding, QuestionBank, ScreenResult
from .ranking import explain, explain_evidence
from .safety import CAVEAT, SAFETY_NET

SCHEMA_VERSION = 1


def json_text(document: dict[str, Any], indent: bool = False) -> str:
    """One JSON document, UTF-8 as is, ending in a newline: indented for a person at a
    terminal, compact otherwise (compact output also uses json's C encoder)."""
    import json

    if indent:
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


class Section(NamedTuple):
    """A titled block: paragraphs, then bullet points."""

    title: str
    lines: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


class Row(NamedTuple):
    """One line of the ranked table."""

    rank: int
    name: str
    score: float
    sites: str  # "2 of 2"
    why: str


# --- JSON ----------------------------------------------------------------------------------


def _zones(ds: Dataset, muscle: Muscle, kind: str) -> list[dict[str, Any]]:
    return [
        {"region": z.region, "label": ds.label(z.region), "frequency": z.frequency}
        for z in muscle.zones
        if z.kind == kind
    ]


def muscle_json(ds: Dataset, muscle: Muscle) -> dict[str, Any]:
    """The one shape of a muscle in every JSON document."""
    return {
        "id": muscle.id,
        "name": muscle.name,
        "aliases": list(muscle.aliases),
        "group": {"id": muscle.group, "label": ds.group_label(muscle.group)},
        "anatomy": {
            "location": muscle.anatomy.location,
            "attachments": list(muscle.anatomy.attachments),
        },
        "function": list(muscle.function),
        "pain_pattern": {
            "description": muscle.pattern,
            "essential": _zones(ds, muscle, "essential"),
            "spillover": _zones(ds, muscle, "spillover"),
        },
        "aggravating": list(muscle.aggravating),
        "trigger_points": list(muscle.trigger_points),
        "self_care": {
            "release": list(muscle.self_care.release),
            "stretch": list(muscle.self_care.stretch),
            "strengthen": list(muscle.self_care.strengthen),
        },
        "could_also_be": list(muscle.could_also_be),
        "sources": list(muscle.sources),
    }


def _envelope(command: str, **body: Any) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "command": command, **body}


def _safety() -> dict[str, Any]:
    return {"caveat": CAVEAT, "safety_net": list(SAFETY_NET)}


def where_json(
    ds: Dataset,
    args: Sequence[str],
    query: Query,
    matches: Sequence[Match],
    screening: dict[str, Any] | None = None,
) -> dict[str, Any]:
    results = []
    for rank, match in enumerate(matches, start=1):
        results.append(
            {
                "rank": rank,
                "score": round(match.score, 4),
                "sites_matched": match.sites_matched,
                "sites_total": len(query.regions),
                "why": explain(ds, match, query.regions),
                "evidence": [
                    {
                        "site": e.site,
                        "zone_region": e.zone.region,
                        "zone": e.zone.kind,
                        "relation": e.relation,
                        "frequency": e.zone.frequency,
                        "strength": round(e.strength, 4),
                        "why": explain_evidence(ds, e),
                    }
                    for e in match.evidence
                ],
                "muscle": muscle_json(ds, match.muscle),
            }
        )
    return _envelope(
        "where",
        query={
            "input": list(args),
            "regions": [{"id": r, "label": ds.label(r)} for r in query.regions],
            "ignored": list(query.ignored),
        },
        screening=screening,
        withheld=bool(screening and screening["withholds_content"]),
        results=[] if screening and screening["withholds_content"] else results,
        **_safety(),
    )


def list_json(
    ds: Dataset, muscles: Sequence[Muscle], region: str | None, group: str | None = None
) -> dict[str, Any]:
    return _envelope(
        "list",
        filter={"region": region, "group": group},
        count=len(muscles),
        muscles=[muscle_json(ds, m) for m in muscles],
    )


def show_json(ds: Dataset, muscle: Muscle) -> dict[str, Any]:
    return _envelope("show", muscle=muscle_json(ds, muscle), **_safety())


def regions_json(ds: Dataset) -> dict[str, Any]:
    return _envelope(
        "regions",
        regions=[
            {
                "id": r.id,
                "label": r.label,
                "parent": r.parent,
                "children": [c.id for c in ds.children(r.id)],
                "synonyms": list(r.synonyms),
                "description": r.description,
            }
            for r in ds.regions
        ],
    )


# --- sections for people -------------------------------------------------------------------


def where_rows(ds: Dataset, query: Query, matches: Sequence[Match]) -> list[Row]:
    total = len(query.regions)
    return [
        Row(
            rank=i,
            name=m.muscle.name,
            score=m.score,
            sites=f"{m.sites_matched} of {total}",
            why=explain(ds, m, query.regions),
        )
        for i, m in enumerate(matches, start=1)
    ]


def zone_line(ds: Dataset, muscle: Muscle, kind: str) -> str:
    labels = [ds.label(z.region) for z in muscle.zones if z.kind == kind]
    return ", ".join(labels) if labels else "none"


def self_care_bullets(muscle: Muscle) -> tuple[str, ...]:
    care = muscle.self_care
    return tuple(
        f"{title}: {text}"
        for title, items in (
            ("Release", care.release),
            ("Stretch", care.stretch),
            ("Strengthen", care.strengthen),
        )
        for text in items
    )


def muscle_sections(ds: Dataset, muscle: Muscle, brief: bool = False) -> list[Section]:
    """The detail of a muscle. ``brief`` is what ``where`` shows for its top candidates:
    where it is, where to press, what to do and what else it could be (the ranked table
    already says which of its zones matched; ``show`` has everything)."""
    if brief:
        return [
            Section("Anatomy", (muscle.anatomy.location,)),
            Section("Where to press", bullets=muscle.trigger_points),
            Section("Self-care", bullets=self_care_bullets(muscle)),
            Section("Could also be", bullets=muscle.could_also_be),
        ]
    return [
        Section("Anatomy", (muscle.anatomy.location,), muscle.anatomy.attachments),
        Section("Function", bullets=muscle.function),
        Section(
            "Pain pattern",
            (
                muscle.pattern,
                f"Essential zones: {zone_line(ds, muscle, 'essential')}",
                f"Spillover zones: {zone_line(ds, muscle, 'spillover')}",
            ),
        ),
        Section("Aggravated by", bullets=muscle.aggravating),
        Section("Where to press", bullets=muscle.trigger_points),
        Section("Self-care", bullets=self_care_bullets(muscle)),
        Section("Could also be", bullets=muscle.could_also_be),
        Section("Sources", bullets=muscle.sources),
    ]


def muscle_title(muscle: Muscle) -> str:
    aka = f" (also: {', '.join(muscle.aliases)})" if muscle.aliases else ""
    return f"{muscle.name}{aka}"


def list_rows(ds: Dataset, muscles: Sequence[Muscle]) -> list[tuple[str, str, str, str, str]]:
    """id, name, aliases, group, zones: what ``list`` prints per muscle."""
    return [
        (
            m.id,
            m.name,
            ", ".join(m.aliases),
            ds.group_label(m.group),
            f"essential: {zone_line(ds, m, 'essential')}; "
            f"spillover: {zone_line(ds, m, 'spillover')}",
        )
        for m in muscles
    ]


def region_tree(ds: Dataset) -> list[tuple[int, Region]]:
    """The regions depth-first from the top-level ones, with their depth."""
    out: list[tuple[int, Region]] = []

    def walk(region: Region, depth: int) -> None:
        out.append((depth, region))
        for child in ds.children(region.id):
            walk(child, depth + 1)

    for region in ds.regions:
        if region.parent is None or region.parent not in ds.region_by_id:
            walk(region, 0)
    return out


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "severity": problem.severity,
        "file": problem.file,
        "line": problem.line,
        "field": problem.field,
        "message": problem.message,
    }


def validate_json(report: Report) -> dict[str, Any]:
    ds = report.dataset
    counts = (
        {"regions": len(ds.regions), "groups": len(ds.groups), "muscles": len(ds.muscles)}
        if ds is not None
        else None
    )
    return _envelope(
        "validate",
        path=str(report.path),
        mode=report.mode,
        ok=not report.errors,
        errors=len(report.errors),
        warnings=len(report.warnings),
        counts=counts,
        problems=[problem_json(p) for p in report.problems],
    )


def validate_summary(report: Report) -> str:
    """One line: what was checked and what was found."""
    ds = report.dataset
    found = f"{len(report.errors)} error{'s' * (len(report.errors) != 1)}"
    if report.warnings:
        found += f", {len(report.warnings)} warning{'s' * (len(report.warnings) != 1)}"
    if ds is not None and not report.errors:
        size = f"{len(ds.muscles)} muscles, {len(ds.regions)} regions, {len(ds.groups)} groups"
        return f"{report.label}: {size}; {found}"
    return f"{report.label}: {found}"


# --- screening -------------------------------------------------------------------------------


def finding_json(finding: Finding) -> dict[str, Any]:
    flag = finding.flag
    return {
        "id": flag.id,
        "answer": finding.answer,
        "level": finding.level,
        "question": flag.question,
        "screens_for": flag.screens_for,
        "action": flag.action,
        "sources": list(flag.sources),
    }


def screening_json(bank: QuestionBank, result: ScreenResult) -> dict[str, Any]:
    """The result of a screen: also embedded in ``where --screen --json``."""
    text = bank.text(result.level)
    return {
        "level": result.level,
        "exit_code": result.exit_code,
        "title": text.title,
        "message": text.message,
        "withholds_content": result.withholds_content,
        "flags": [finding_json(f) for f in result.deciding],
        "findings": [finding_json(f) for f in result.findings],
        "unanswered": list(result.unanswered),
        "age": result.age,
    }


def screen_json(bank: QuestionBank, result: ScreenResult) -> dict[str, Any]:
    return _envelope("screen", **screening_json(bank, result), **_safety())


def question_bank_json(bank: QuestionBank) -> dict[str, Any]:
    from .screening import EXIT_BY_LEVEL, ordered

    return _envelope(
        "screen",
        levels=[
            {"id": t.id, "title": t.title, "message": t.message, "exit_code": EXIT_BY_LEVEL[t.id]}
            for t in bank.levels
        ],
        flags=[
            {
                "id": f.id,
                "level": f.level,
                "question": f.question,
                "screens_for": f.screens_for,
                "action": f.action,
                "sources": list(f.sources),
                "escalate": None
                if f.escalate is None
                else {
                    "to": f.escalate.to,
                    "with_any": list(f.escalate.with_any),
                    "min_age": f.escalate.min_age,
                },
            }
            for f in ordered(bank)
        ],
    )


def screening_section(bank: QuestionBank, result: ScreenResult) -> Section:
    """The result as one block for people: heading, message, then what counted."""
    text = bank.text(result.level)
    lines = [text.message]
    if result.findings:
        lines.append("What you answered that counts:")
    bullets = [
        f"{'Not sure' if f.answer == 'unsure' else 'Yes'}: {f.flag.question} "
        f"Can point to: {f.flag.screens_for} {f.flag.action}"
        for f in result.findings
    ]
    if result.unanswered and result.level != "emergency":
        count = len(result.unanswered)
        bullets.append(
            f"{count} question{'s were' if count != 1 else ' was'} not answered, so this covers "
            "only the answers given: " + ", ".join(result.unanswered) + "."
        )
    return Section(f"{result.level.upper()} - {text.title}", tuple(lines), tuple(bullets))
