"""What each command shows, as plain data: JSON documents and neutral sections that
both renderers (plain text and rich) draw. No I/O and no rich here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from backmuscles.core.model import Caution, Dataset, Exercise, Match, Muscle, Query, Region

if TYPE_CHECKING:
    from backmuscles.core.bodymap import Picture
    from backmuscles.core.errors import Problem
    from backmuscles.core.narrowing import Narrowing, Placed
    from backmuscles.core.planning import Plan, PlanStep
    from backmuscles.core.screening import Finding, QuestionBank, ScreenResult
    from backmuscles.dataset.report import Report

    from .documents import (
        ActivityRef,
        CautionJson,
        CheckFirstJson,
        CompareDocument,
        CountsJson,
        ExerciseDocument,
        ExerciseJson,
        ExercisesDocument,
        FindingJson,
        ListDocument,
        MapDocument,
        MuscleJson,
        NarrowingJson,
        PlacedJson,
        PlanDocument,
        ProblemJson,
        QueryJson,
        QuestionBankDocument,
        RegionRef,
        RegionsDocument,
        ResultJson,
        Safety,
        SchemaVersion,
        ScreenDocument,
        ScreeningJson,
        ShowDocument,
        StepJson,
        ValidateDocument,
        WhereDocument,
        ZoneJson,
    )
from backmuscles.core.ranking import (
    explain,
    explain_activities,
    explain_evidence,
    explain_short,
    rank_labels,
)
from backmuscles.core.safety import CAVEAT, muscle_regions, safety_net

SCHEMA_VERSION: SchemaVersion = 1  # the type is the schemas' too (present/documents.py)


def json_text(document: Mapping[str, object], indent: bool = False) -> str:
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

    rank: str  # "1", or "1=" when the rank is shared
    name: str
    score: float
    sites: str  # "2 of 2"
    why: str
    short: str = ""  # the reason in a few words (the compact table)
    share: float = 0.0  # the score as a share of the best possible, 0 to 1 (its bar)


# --- JSON ----------------------------------------------------------------------------------


def _zones(ds: Dataset, muscle: Muscle, kind: str) -> list[ZoneJson]:
    return [
        {"region": z.region, "label": ds.label(z.region), "frequency": z.frequency}
        for z in muscle.zones
        if z.kind == kind
    ]


def muscle_json(ds: Dataset, muscle: Muscle) -> MuscleJson:
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
            "frequency_basis": muscle.frequency_basis,
        },
        "aggravating": list(muscle.aggravating),
        "worse_with": activity_refs(ds, muscle.worse_with),
        "trigger_points": list(muscle.trigger_points),
        "trigger_point_regions": list(muscle.trigger_point_regions),
        "self_care": {
            "release": list(muscle.self_care.release),
            "stretch": list(muscle.self_care.stretch),
            "strengthen": list(muscle.self_care.strengthen),
            "cautions": [caution_json(c) for c in ds.self_care_cautions(muscle)],
        },
        "exercises": list(muscle.exercises),
        "could_also_be": list(muscle.could_also_be),
        "sources": list(muscle.sources),
    }


def caution_json(caution: Caution) -> CautionJson:
    """A shared caution (data/cautions.yaml); ``kinds``: the exercise kinds that always
    carry it."""
    return {
        "id": caution.id,
        "text": caution.text,
        "kinds": list(caution.kinds),
        "sources": list(caution.sources),
    }


def region_refs(ds: Dataset, ids: Sequence[str]) -> list[RegionRef]:
    """``[{"id", "label"}]`` for region ids: how every document names regions."""
    return [{"id": r, "label": ds.label(r)} for r in ids]


def activity_refs(ds: Dataset, ids: Sequence[str]) -> list[ActivityRef]:
    """``[{"id", "label"}]`` for activity ids."""
    by_id = ds.activity_by_id
    return [{"id": a, "label": by_id[a].label if a in by_id else a} for a in ids]


def _query_json(ds: Dataset, args: Sequence[str], query: Query) -> QueryJson:
    from backmuscles.core.vocab import read_as

    return {
        "input": list(args),
        "regions": region_refs(ds, query.regions),
        "ignored": list(query.ignored),
        "read_as": read_as(ds, query),
        "sites": [
            {
                "region": {"id": site.region, "label": ds.label(site.region)},
                "side": site.side,
                "words": list(site.words),
                "symptom": site.symptom,
            }
            for site in query.sites
        ],
        "symptoms": [
            {
                "id": symptom.id,
                "label": symptom.label,
                "regions": list(symptom.regions),
                "muscles": list(symptom.muscles),
                "red_flags": list(symptom.red_flags),
            }
            for symptom in (ds.symptom_by_id[i] for i in query.symptoms)
        ],
        "corrections": [{"typed": c.typed, "read": c.read} for c in query.corrections],
        "notes": list(query.notes),
        "check_first": [{"id": i, "question": q} for i, q in query.checks],
        "activities": activity_refs(ds, query.activities),
    }


def why(ds: Dataset, query: Query, match: Match) -> str:
    """Why a muscle ranks where it does (:func:`~backmuscles.core.ranking.explain`, with the
    sides given), and the symptom words the charts link with it ("sciatica")."""
    text = explain(ds, match, query.regions, query.sides())
    linked = [
        ds.symptom_by_id[s].label
        for s in query.symptoms
        if match.muscle.id in ds.symptom_by_id[s].muscles
    ]
    if linked:
        text += f"; charts link {', '.join(linked)} with it"
    return text


def reading_lines(ds: Dataset, query: Query) -> list[str]:
    """The first lines of every answer to places: how the words were read, and the
    warning-sign questions a symptom word raises, to check before anything else."""
    from backmuscles.core.vocab import read_as

    lines = [f"Read as: {read_as(ds, query)}"]
    if query.checks:
        lines += [
            "",
            "Check first: if any of these is yes, stop here and get medical advice; some need "
            "emergency care ('backmuscles screen' says how urgent):",
        ]
        lines += [f"- {question}" for _, question in query.checks]
    return lines


def check_first(ds: Dataset, bank: QuestionBank | None, query: Query) -> list[CheckFirstJson]:
    """The warning-sign questions the activities given bring forward (an activity's
    ``raises``), with the activity that raised each: pain on coughing, or on breathing in,
    can be a warning sign with other symptoms."""
    from backmuscles.core.ranking import raised_flags

    if bank is None:
        return []
    flags = bank.by_id()
    out: list[CheckFirstJson] = []
    for flag_id, activity_id in raised_flags(ds, query.activities):
        flag = flags.get(flag_id)
        if flag is not None and not any(c["flag"] == flag_id for c in out):
            out.append(
                {
                    "flag": flag_id,
                    "level": flag.level,
                    "question": flag.question,
                    "action": flag.action,
                    "raised_by": activity_refs(ds, [activity_id])[0],
                }
            )
    return out


def check_first_section(items: Sequence[CheckFirstJson]) -> Section | None:
    """``check_first`` for people: each question, then what to do if the answer is yes."""
    if not items:
        return None
    bullets = tuple(
        f"{c['question']} If yes: {c['action']} (asked because you said "
        f"{c['raised_by']['label']} makes it worse)"
        for c in items
    )
    return Section("Check first", ("A warning sign to rule out before the muscles:",), bullets)


def _safety(lines: Sequence[str]) -> Safety:
    """The caveat and the safety net for the places shown (core.safety.safety_net)."""
    return {"caveat": CAVEAT, "safety_net": list(lines)}


def where_json(
    ds: Dataset,
    args: Sequence[str],
    query: Query,
    matches: Sequence[Match],
    screening: ScreeningJson | None = None,
    checks: Sequence[CheckFirstJson] = (),
    narrowing: NarrowingJson | None = None,
) -> WhereDocument:
    results: list[ResultJson] = []
    for match in matches:
        results.append(
            {
                "rank": match.rank,
                "score": round(match.score, 4),
                "sites_matched": match.sites_matched,
                "sites_total": len(query.regions),
                "activities": activity_refs(ds, match.activities),
                "activities_why": explain_activities(ds, match),
                "why": why(ds, query, match),
                "evidence": [
                    {
                        "site": e.site,
                        "zone_region": e.zone.region,
                        "zone": e.zone.kind,
                        "relation": e.relation,
                        "frequency": e.zone.frequency,
                        "strength": round(e.strength, 4),
                        "why": explain_evidence(ds, e, query.sides()),
                    }
                    for e in match.evidence
                ],
                "muscle": muscle_json(ds, match.muscle),
            }
        )
    withheld = bool(screening and screening["withholds_content"])
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "where",
        "query": _query_json(ds, args, query),
        "screening": screening,
        "check_first": list(checks),
        "narrowing": None if screening and screening["withholds_content"] else narrowing,
        "withheld": withheld,
        "results": [] if withheld else results,
        **_safety(safety_net(ds, query.regions)),
    }


def list_json(
    ds: Dataset, muscles: Sequence[Muscle], region: str | None, group: str | None = None
) -> ListDocument:
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "list",
        "filter": {"region": region, "group": group},
        "count": len(muscles),
        "muscles": [muscle_json(ds, m) for m in muscles],
    }


def show_json(ds: Dataset, muscle: Muscle) -> ShowDocument:
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "show",
        "muscle": muscle_json(ds, muscle),
        **_safety(safety_net(ds, muscle_regions([muscle]))),
    }


def regions_json(ds: Dataset) -> RegionsDocument:
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "regions",
        "regions": [
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
        "symptoms": [
            {
                "id": s.id,
                "label": s.label,
                "synonyms": list(s.synonyms),
                "regions": list(s.regions),
                "muscles": list(s.muscles),
                "red_flags": list(s.red_flags),
                "description": s.description,
            }
            for s in ds.symptoms
        ],
    }


def _placed_json(ranking: Sequence[Placed]) -> list[PlacedJson]:
    return [
        {
            "rank": p.rank,
            "id": p.match.muscle.id,
            "score": round(p.match.score, 4),
            "points": round(p.points, 4),
            "narrowed": round(p.narrowed, 4),
        }
        for p in ranking
    ]


def narrowing_json(narrowing: Narrowing, next_question: str | None = None) -> NarrowingJson:
    """The follow-up questions asked, their answers and the ranking after each."""
    from backmuscles.core.narrowing import is_clear

    ranking = narrowing.ranking
    return {
        "start": _placed_json(narrowing.start),
        "questions": [
            {
                "id": step.question.id,
                "kind": step.question.kind,
                "text": step.question.text,
                "muscles": list(step.question.muscles),
                "answer": step.answer,
                "changes": list(step.changes),
                "ranking": _placed_json(step.ranking),
            }
            for step in narrowing.steps
        ],
        "ending": narrowing.ending,
        "leader": ranking[0].match.muscle.id if ranking and is_clear(ranking) else None,
        "next_question": next_question,
    }


ANSWER_WORDS = {"yes": "yes", "no": "no", "unsure": "not sure"}


def narrowing_section(narrowing: Narrowing) -> Section:
    """The questions and answers for people: each with what it changed, then the outcome."""
    from backmuscles.core.narrowing import is_clear

    bullets = []
    for step in narrowing.steps:
        said = "; ".join(step.changes) if step.changes else "no change at the top"
        bullets.append(f"{step.question.text} {ANSWER_WORDS[step.answer].capitalize()}: {said}.")
    ranking = narrowing.ranking
    if ranking and is_clear(ranking):
        outcome = f"{ranking[0].match.muscle.name} stands clear after your answers."
    elif narrowing.steps:
        outcome = "No muscle stands clear yet: the order below is the likeliest after your answers."
    else:
        outcome = "No question was answered: the order is the places' alone."
    lines = (
        outcome,
        "The scores are for the places alone; your answers reorder the muscles that reach as "
        "many of your places.",
    )
    return Section("Your answers", lines, tuple(bullets))


# --- sections for people -------------------------------------------------------------------


def where_rows(ds: Dataset, query: Query, matches: Sequence[Match]) -> list[Row]:
    total = len(query.regions)
    return [
        Row(
            rank=label,
            name=m.muscle.name,
            score=m.score,
            sites=f"{m.sites_matched} of {total}",
            why=why(ds, query, m),
            short=explain_short(ds, m, query.regions),
            share=score_share(m.score, total),
        )
        for label, m in zip(rank_labels(matches), matches, strict=True)
    ]


def compact_ranking(matches: Sequence[Match], top: int | None) -> tuple[list[Match], str]:
    """The rows of the one-screen table: at most ``top``. ``rank`` keeps a shared rank whole,
    so the ranking can run past ``top``; here the shared rank at the cut is left out whole
    (never split by name) and a line says so, unless it is the first rank."""
    shown = list(matches)
    if top is None or len(shown) <= top or shown[top - 1].rank == 1:
        return shown, ""
    last = shown[top - 1].rank
    kept = [m for m in shown if m.rank < last]
    more = len(shown) - len(kept)
    return kept, f"{more} more share rank {last}= (--long shows them)"


def numbered(rank: str) -> str:
    """A rank as a heading's number: ``1.``, or ``1=`` when shared."""
    return rank if rank.endswith("=") else f"{rank}."


def score_share(score: float, sites: int) -> float:
    """A score as a share of the best a muscle can get for that many sites (every site
    reached, each through a frequent essential zone: ``sites + 1``), for a bar."""
    return max(0.0, min(1.0, score / (sites + 1))) if sites else 0.0


SCORE_DOTS = 5
SCORE_LEGEND = "●●●●●: its pain pattern reaches all your sites, often (the scores: --json)"


def score_dots(share: float) -> tuple[int, int]:
    """The score as dots: (filled, empty), of ``SCORE_DOTS``."""
    filled = int(share * SCORE_DOTS + 0.5)  # halves up: 0.9 of five dots is five
    return filled, SCORE_DOTS - filled


def compact_sections(ds: Dataset, muscle: Muscle) -> list[Section]:
    """The top candidate at a glance, for the compact ``where``: where it lies (the first
    sentence); its cautions, before what to do: the first (the pressure contraindications,
    which go with every release) in full, the others named, with where to read them in
    full; then its exercises by kind (its own advice, whole, for a kind with none)."""
    exercises = [ds.exercise_by_id[i] for i in muscle.exercises if i in ds.exercise_by_id]
    show = f"'backmuscles show {muscle.id}'"
    sections = [Section("Anatomy", (first_sentence(muscle.anatomy.location),))]
    cautions = ds.self_care_cautions(muscle)
    if cautions:  # before what to do, as everywhere
        bullets = [cautions[0].text]
        if len(cautions) > 1:
            topics = ", ".join(c.topic for c in cautions[1:])
            bullets.append(f"Before you start, read the others ({topics}) in {show}.")
        sections.append(Section("Cautions", bullets=tuple(bullets)))
    for title, kind in (
        ("Mobility", "mobility"),
        ("Release", "release"),
        ("Stretch", "stretch"),
        ("Strengthen", "strengthen"),
    ):
        names = [e.name for e in exercises if e.kind == kind]
        if names:
            sections.append(Section(title, ("; ".join(names),)))
        elif kind != "mobility":  # no exercise in the library: its own advice, whole
            own = getattr(muscle.self_care, kind)
            sections.append(Section(title, tuple(own) or (f"see {show}",)))
    return sections


def first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence (the whole text if there is none)."""
    import re

    found = re.search(r"(?<=[a-z)]\.)\s+(?=[A-Z])", text)
    return text[: found.start()] if found else text


# added to the compact answer's "Next:" line when the leaders are close (core.narrowing)
CLOSE_CALL_HINT = " · close call: try --ask"


def next_steps(muscle: Muscle, query: Query) -> str:
    """One line: what to type next."""
    sites = " ".join(query.regions)
    return f"Next: backmuscles show {muscle.id} · backmuscles plan {sites} · --long: all details"


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


def self_care_cautions(ds: Dataset, muscle: Muscle) -> tuple[str, ...]:
    """What to know before pressing on, stretching or working this muscle: the shared
    cautions of its self-care (the pressure contraindications whenever it has release
    advice)."""
    return tuple(c.text for c in ds.self_care_cautions(muscle))


def muscle_sections(ds: Dataset, muscle: Muscle, brief: bool = False) -> list[Section]:
    """The detail of a muscle. ``brief`` is what ``where`` shows for its top candidates:
    where it is, where to press, what to do and what else it could be (the ranked table
    already says which of its zones matched; ``show`` has everything). The self-care
    cautions come before where to press and what to do."""
    cautions = Section("Cautions", bullets=self_care_cautions(ds, muscle))
    if brief:
        sections = [
            Section("Anatomy", (muscle.anatomy.location,)),
            cautions,
            Section("Where to press", bullets=muscle.trigger_points),
            Section("Self-care", bullets=self_care_bullets(muscle)),
            Section("Could also be", bullets=muscle.could_also_be),
        ]
        return [s for s in sections if s.lines or s.bullets]
    sections = [
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
        Section("Often worse with", (activity_line(ds, muscle),) if muscle.worse_with else ()),
        cautions,
        Section("Where to press", bullets=muscle.trigger_points),
        Section("Self-care", bullets=self_care_bullets(muscle)),
        Section("Exercises", bullets=exercise_bullets(ds, muscle)),
        Section("Could also be", bullets=muscle.could_also_be),
        Section("Sources", bullets=muscle.sources),
    ]
    return [s for s in sections if s.lines or s.bullets]


def activity_line(ds: Dataset, muscle: Muscle) -> str:
    """``sitting for a long time, lifting (ids: sitting, lifting)``: what ``--worse-with``
    takes."""
    labels = ", ".join(a["label"] for a in activity_refs(ds, muscle.worse_with))
    return f"{labels} (--worse-with {', '.join(muscle.worse_with)})"


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


def problem_json(problem: Problem) -> ProblemJson:
    return {
        "severity": problem.severity,
        "file": problem.file,
        "line": problem.line,
        "field": problem.field,
        "message": problem.message,
    }


def validate_json(report: Report) -> ValidateDocument:
    ds = report.dataset
    counts: CountsJson | None = (
        {"regions": len(ds.regions), "groups": len(ds.groups), "muscles": len(ds.muscles)}
        if ds is not None
        else None
    )
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "validate",
        "path": str(report.path),
        "mode": report.mode,
        "ok": not report.errors,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "counts": counts,
        "problems": [problem_json(p) for p in report.problems],
    }


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


def finding_json(finding: Finding) -> FindingJson:
    flag = finding.flag
    return {
        "id": flag.id,
        "answer": finding.answer,
        "given": finding.given,
        "from_age": finding.from_age,
        "level": finding.level,
        "question": flag.question,
        "screens_for": flag.screens_for,
        "action": finding.action,
        "escalated_by": list(finding.because),
        "sources": list(flag.sources),
    }


def screening_json(bank: QuestionBank, result: ScreenResult) -> ScreeningJson:
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
        "conflicts": list(result.conflicts),
        "unanswered": list(result.unanswered),
        "not_asked": list(result.not_asked),
        "age": result.age,
    }


def screen_json(bank: QuestionBank, result: ScreenResult) -> ScreenDocument:
    from backmuscles.core.screening import screen_safety_net

    return {
        "schema_version": SCHEMA_VERSION,
        "command": "screen",
        **screening_json(bank, result),
        **_safety(screen_safety_net(bank, result)),
    }


def question_bank_json(bank: QuestionBank) -> QuestionBankDocument:
    from backmuscles.core.screening import EXIT_BY_LEVEL, ordered

    return {
        "schema_version": SCHEMA_VERSION,
        "command": "screen",
        "levels": [
            {"id": t.id, "title": t.title, "message": t.message, "exit_code": EXIT_BY_LEVEL[t.id]}
            for t in bank.levels
        ],
        "flags": [
            {
                "id": f.id,
                "level": f.level,
                "question": f.question,
                "screens_for": f.screens_for,
                "action": f.action,
                "sources": list(f.sources),
                "escalate": [
                    {
                        "to": rule.to,
                        "with_any": list(rule.with_any),
                        "min_age": rule.min_age,
                        "action": rule.action,
                    }
                    for rule in f.escalate
                ],
                "age": None
                if f.age is None
                else {"under": f.age.under, "from": f.age.from_, "alone": f.age.alone},
                "regions": list(f.regions),
            }
            for f in ordered(bank)
        ],
    }


def _finding_line(finding: Finding) -> str:
    from backmuscles.core.screening import said

    flag = finding.flag
    if finding.from_age:
        given = f" (you answered {said(finding.given)})" if finding.given else ""
        lead = "From your age" + given
    elif finding.answer == "unsure":
        lead = "Not sure (treated as yes until someone has checked)"
    else:
        lead = "Yes"
    return f"{lead}: {flag.question} Can point to: {flag.screens_for} {finding.action}"


def screening_section(bank: QuestionBank, result: ScreenResult) -> Section:
    """The result as one block for people: heading, message, then what counted. Only the
    findings at the result's level carry their advice, so no line contradicts the heading;
    the others are named for the clinician."""
    text = bank.text(result.level)
    lines = [text.message]
    if result.deciding:
        lines.append("What you told us that counts:")
    bullets = [_finding_line(f) for f in result.deciding]
    if result.others:
        bullets.append(
            "Also tell the clinician: "
            + "; ".join(f"{f.flag.question} ({_said(f)})" for f in result.others)
        )
    bullets.extend(f"Note: {conflict}" for conflict in result.conflicts)
    if result.unanswered and result.level != "emergency":
        count = len(result.unanswered)
        bullets.append(
            f"{count} question{'s were' if count != 1 else ' was'} not answered, so this covers "
            "only the answers given: " + ", ".join(result.unanswered) + "."
        )
    return Section(f"{result.level.upper()} - {text.title}", tuple(lines), tuple(bullets))


def _said(finding: Finding) -> str:
    from backmuscles.core.screening import said

    return "from your age" if finding.from_age else said(finding.answer)


# --- exercises and plans -------------------------------------------------------------------------


def exercise_json(ds: Dataset, exercise: Exercise) -> ExerciseJson:
    """An exercise. ``cautions`` is every caution to show with it, as text: the shared ones
    it carries first, then its own; ``shared_cautions`` are those shared ones with their ids
    and sources (data/cautions.yaml; every release carries the pressure contraindications)."""
    dose = exercise.dose
    return {
        "id": exercise.id,
        "name": exercise.name,
        "kind": exercise.kind,
        "muscles": list(exercise.muscles),
        "steps": list(exercise.steps),
        "dose": {
            "hold": dose.hold,
            "reps": dose.reps,
            "sets": dose.sets,
            "how_often": dose.how_often,
            "text": dose.text(),
        },
        "minutes": exercise.minutes,
        "easier": exercise.easier,
        "harder": exercise.harder,
        "cautions": list(exercise_cautions(ds, exercise)),
        "shared_cautions": [caution_json(c) for c in ds.exercise_cautions(exercise)],
        "sources": list(exercise.sources),
    }


def exercise_document(ds: Dataset, exercise: Exercise) -> ExerciseDocument:
    from backmuscles.core.safety import STOP_RULES

    return {
        "schema_version": SCHEMA_VERSION,
        "command": "exercise",
        "exercise": exercise_json(ds, exercise),
        "stop_rules": list(STOP_RULES),
        "safety_net": list(safety_net(ds, exercise_regions(ds, exercise))),
    }


def exercise_regions(ds: Dataset, exercise: Exercise) -> tuple[str, ...]:
    """The places an exercise's muscles refer pain to: what its safety net is for."""
    return muscle_regions(m for i in exercise.muscles if (m := ds.muscle(i)) is not None)


def exercises_json(
    ds: Dataset, exercises: Sequence[Exercise], muscle: str | None, kind: str | None
) -> ExercisesDocument:
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "exercises",
        "filter": {"muscle": muscle, "kind": kind},
        "count": len(exercises),
        "exercises": [exercise_json(ds, e) for e in exercises],
    }


def exercise_cautions(ds: Dataset, exercise: Exercise) -> tuple[str, ...]:
    """Everything to know before doing it: its shared cautions, then its own."""
    return (*(c.text for c in ds.exercise_cautions(exercise)), *exercise.cautions)


def exercises_cautions_section(ds: Dataset, exercises: Sequence[Exercise]) -> Section | None:
    """Under a list of exercises: the shared cautions they carry, each once (each
    exercise's own are in its full view)."""
    texts = tuple(dict.fromkeys(c.text for e in exercises for c in ds.exercise_cautions(e)))
    if not texts:
        return None
    note = "For the exercises above; 'backmuscles exercises ID' shows each one in full."
    return Section("Cautions", (note,), texts)


def exercise_rows(ds: Dataset, exercises: Sequence[Exercise]) -> list[tuple[str, ...]]:
    """id, name, kind, muscles, dose, minutes: what ``exercises`` lists per exercise."""
    return [
        (
            e.id,
            e.name,
            e.kind,
            ", ".join(_muscle_name(ds, m) for m in e.muscles),
            e.dose.text(),
            _minutes(e.minutes),
        )
        for e in exercises
    ]


def exercise_sections(ds: Dataset, exercise: Exercise) -> list[Section]:
    """An exercise in full, its cautions before its steps (safety brief, section 5)."""
    from backmuscles.core.safety import STOP_RULES

    sections = [
        Section("Kind", (exercise.kind,)),
        Section("For", (", ".join(_muscle_name(ds, m) for m in exercise.muscles),)),
        Section("Cautions", bullets=exercise_cautions(ds, exercise)),
        Section("Steps", bullets=exercise.steps),
        Section("Dose", (exercise.dose.text(), f"About {_minutes(exercise.minutes)} minutes.")),
        Section("Easier", (exercise.easier,)),
        Section("Harder", (exercise.harder,)),
        Section("Stop and get advice if", bullets=STOP_RULES),
        Section("Sources", bullets=exercise.sources),
    ]
    return [s for s in sections if s.lines or s.bullets]


def _muscle_name(ds: Dataset, muscle_id: str) -> str:
    muscle = ds.muscle(muscle_id)
    return muscle.name if muscle is not None else muscle_id


def _minutes(value: float) -> str:
    return f"{value:g}"


def plan_json(
    ds: Dataset,
    args: Sequence[str],
    query: Query,
    plan: Plan,
    screening: ScreeningJson | None = None,
    narrowing: NarrowingJson | None = None,
) -> PlanDocument:
    from backmuscles.core.safety import EVIDENCE_NOTE, STOP_RULES

    withheld = bool(screening and screening["withholds_content"])

    def step_json(step: PlanStep) -> StepJson:
        return {
            "step": step.number,
            "exercise": exercise_json(ds, step.exercise),
            "serves": list(step.serves),
            "minutes": step.exercise.minutes,
            "usefulness": round(step.usefulness, 4),
            "cautions": list(step.cautions),
        }

    return {
        "schema_version": SCHEMA_VERSION,
        "command": "plan",
        "query": _query_json(ds, args, query),
        "screening": screening,
        "narrowing": None if withheld else narrowing,
        "withheld": withheld,
        "muscles": []
        if withheld
        else [
            {"rank": m.rank, "id": m.muscle.id, "name": m.muscle.name, "score": round(m.score, 4)}
            for m in plan.candidates
        ],
        "steps": [] if withheld else [step_json(s) for s in plan.steps],
        "total_minutes": 0 if withheld else plan.total_minutes,
        "budget_minutes": plan.budget,
        "dropped": [] if withheld else [step_json(s) for s in plan.dropped],
        "cautions": [] if withheld else list(plan.cautions),
        "before_you_start": [] if withheld else list(plan.before),
        "stop_rules": list(STOP_RULES),
        "evidence": EVIDENCE_NOTE,
        **_safety(safety_net(ds, query.regions)),
    }


def plan_step_heading(step: PlanStep) -> tuple[str, str]:
    """A step's heading: its number and name, then its kind and time."""
    e = step.exercise
    return f"{step.number}. {e.name}", f"{e.kind}, about {_minutes(e.minutes)} minutes"


def plan_step_sections(ds: Dataset, step: PlanStep) -> list[Section]:
    """A step of the plan, the one place it is shown: dose, whom it serves, the cautions
    only this step carries (before how to do it, as everywhere), how, easier and harder."""
    e = step.exercise
    sections = [
        Section("Dose", (e.dose.text(),)),
        Section("For", (", ".join(_muscle_name(ds, m) for m in step.serves),)),
        Section("Cautions", bullets=step.cautions),
        Section("How", bullets=e.steps),
        Section("Easier", (e.easier,)),
        Section("Harder", (e.harder,)),
    ]
    return [s for s in sections if s.lines or s.bullets]


def plan_before(plan: Plan) -> Section:
    """What to know before starting: the cautions that concern more than one step."""
    return Section("Before you start", bullets=plan.before)


def plan_heading(ds: Dataset, query: Query, plan: Plan) -> tuple[str, str]:
    sites = ", ".join(ds.label(r) for r in query.regions)
    names = ", ".join(m.muscle.name for m in plan.candidates)
    return (
        f"Self-care plan for pain at: {sites}",
        f"For the muscles often linked to pain there: {names}.",
    )


def plan_total(plan: Plan) -> str:
    total = f"About {_minutes(plan.total_minutes)} minutes in all."
    if plan.budget is not None:
        total += f" Fitted to {_minutes(plan.budget)} minutes"
        if plan.dropped:
            total += ", leaving out " + ", ".join(s.exercise.name for s in plan.dropped)
        total += "."
    return total


def plan_closing() -> list[Section]:
    """After the steps: when to stop, and what the evidence says."""
    from backmuscles.core.safety import EVIDENCE_NOTE, STOP_RULES

    return [
        Section("Stop and get advice if", bullets=STOP_RULES),
        Section("The evidence", (EVIDENCE_NOTE,)),
    ]


def exercise_bullets(ds: Dataset, muscle: Muscle) -> tuple[str, ...]:
    """That muscle's exercises by name with their doses (for ``show``)."""
    return tuple(
        f"{e.name} ({e.kind}): {e.dose.text()}"
        for e in (ds.exercise_by_id.get(i) for i in muscle.exercises)
        if e is not None
    )


# --- map and compare ------------------------------------------------------------------------


def map_json(
    ds: Dataset,
    picture: Picture,
    sites: Sequence[str],
    muscle: Muscle | None,
    query: Query | None = None,
    args: Sequence[str] = (),
) -> MapDocument:
    """What the map marks, as data: the drawing itself is for people. ``query``: the
    places read (with their sides), when places were given."""
    from backmuscles.core.bodymap import unshaped

    return {
        "schema_version": SCHEMA_VERSION,
        "command": "map",
        "title": picture.title,
        "query": _query_json(ds, args, query) if query is not None else None,
        "sites": region_refs(ds, sites),
        "muscle": {"id": muscle.id, "name": muscle.name} if muscle else None,
        "regions": [
            {"id": r, "label": ds.label(r), "fill": fill} for r, fill in picture.fills.items()
        ],
        "trigger_points": region_refs(ds, picture.triggers),
        "not_on_map": unshaped(ds, picture),
        **_safety(safety_net(ds, picture.fills)),  # the places the map marks
    }


def _zone_ids(muscle: Muscle) -> list[str]:
    return [z.region for z in muscle.zones]


def only_zones(muscles: Sequence[Muscle]) -> list[list[str]]:
    """For each muscle, the regions of its pattern that none of the others reach: the
    quickest way to tell candidates apart."""
    out = []
    for muscle in muscles:
        others = {r for m in muscles if m is not muscle for r in _zone_ids(m)}
        out.append([r for r in _zone_ids(muscle) if r not in others])
    return out


def compare_rows(ds: Dataset, muscles: Sequence[Muscle]) -> list[tuple[str, list[list[str]]]]:
    """(aspect, one list of lines per muscle), in the order a therapist reads them."""
    only = only_zones(muscles)
    return [
        ("Lies", [[m.anatomy.location] for m in muscles]),
        ("Essential zones", [[zone_line(ds, m, "essential")] for m in muscles]),
        ("Spillover zones", [[zone_line(ds, m, "spillover")] for m in muscles]),
        (
            "Only this one",
            [[", ".join(ds.label(r) for r in ids) or "none"] for ids in only],
        ),
        ("Function", [list(m.function) for m in muscles]),
        ("Aggravated by", [list(m.aggravating) for m in muscles]),
        ("Cautions", [list(self_care_cautions(ds, m)) or ["none"] for m in muscles]),
        ("Where to press", [list(m.trigger_points) for m in muscles]),
        ("Self-care", [list(self_care_bullets(m)) for m in muscles]),
        ("Exercises", [list(exercise_bullets(ds, m)) or ["none listed"] for m in muscles]),
    ]


def compare_json(ds: Dataset, muscles: Sequence[Muscle]) -> CompareDocument:
    shared = [r for r in _zone_ids(muscles[0]) if all(r in _zone_ids(m) for m in muscles[1:])]
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "compare",
        "muscles": [muscle_json(ds, m) for m in muscles],
        "shared_zones": region_refs(ds, shared),
        "only_zones": [
            {"muscle": m.id, "regions": region_refs(ds, ids)}
            for m, ids in zip(muscles, only_zones(muscles), strict=True)
        ],
        **_safety(safety_net(ds, muscle_regions(muscles))),
    }
