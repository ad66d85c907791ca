"""The options several commands share, the global options read back from the context (the
dataset they name), and completion of names on TAB."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from backmuscles.cli.output import say

if TYPE_CHECKING:  # the domain is imported when a command runs, not for --version or --help
    from backmuscles.core.completion import Name
    from backmuscles.core.model import Dataset, Query
    from backmuscles.core.screening import QuestionBank


def in_range(low: float, high: float | None = None) -> "Callable[[Any], Any]":
    """A callback checking a number option, instead of Typer's ``min``/``max``, whose range
    help shows as ``<int range> [x>=1]``. The error is the one Typer gives for a range:
    ``invalid value for '--age': 500 is not in the range 0<=x<=130``."""
    bounds = f"x>={low:g}" if high is None else f"{low:g}<=x<={high:g}"

    def check(value: Any) -> Any:
        if value is not None and (value < low or (high is not None and value > high)):
            raise typer.BadParameter(f"{value} is not in the range {bounds}.")
        return value

    return check


JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document (for scripts).")]
PlainOption = Annotated[
    bool,
    typer.Option("--plain", help="Plain text even on a terminal (the default when piped)."),
]

NoMapOption = Annotated[bool, typer.Option("--no-map", help="Leave out the body map.")]
AgeOption = Annotated[
    int | None,
    typer.Option(
        "--age",
        metavar="YEARS",
        callback=in_range(0, 130),
        help="Your age in years, for the warning-sign questions (asked when not given).",
    ),
]
AskOption = Annotated[
    bool,
    typer.Option(
        "--ask",
        help="Ask up to three follow-up questions (press here, does it spread, what makes it "
        "worse) that tell the leading muscles apart, and re-rank after each.",
    ),
]
AnswerOption = Annotated[
    list[str] | None,
    typer.Option(
        "--answer",
        metavar="ID=yes|no|unsure",
        help="Answer a follow-up question without being asked (repeatable), e.g. "
        "--answer press:quadratus-lumborum=yes; the ids are in the --json output.",
        show_default=False,
    ),
]
SvgOption = Annotated[
    str | None,
    typer.Option(
        "--svg",
        metavar="FILE",
        help="Write the body map as an SVG page (A4) to FILE ('-' for stdout).",
        show_default=False,
    ),
]


def data_option(ctx: typer.Context) -> str | None:
    return ctx.obj.get("data") if isinstance(ctx.obj, dict) else None


def cache_option(ctx: typer.Context) -> bool | None:
    """False with --no-cache; None leaves it to BACKMUSCLES_NO_CACHE."""
    return False if isinstance(ctx.obj, dict) and ctx.obj.get("no_cache") else None


def dataset(ctx: typer.Context) -> "Dataset":
    """The dataset in use (a :class:`~backmuscles.core.errors.DataError` is the funnel's);
    its warnings said on stderr."""
    from backmuscles.dataset.store import load_dataset

    ds = load_dataset(data_option(ctx), use_cache=cache_option(ctx))
    for warning in ds.warnings:
        say(f"warning: {warning}")
    return ds


def places(ds: "Dataset", words: list[str], ctx: typer.Context | None = None) -> "Query":
    """The places ``words`` name (a usage error if none), with what the reader mended or
    noted said on stderr ("read 'lowerback' as lower back"). With ``ctx``, the warning-sign
    questions its symptom words raise are read from red_flags.yaml into ``query.checks``
    (only when there are some: the question bank is not read otherwise)."""
    from backmuscles.core.vocab import reading_notes, regions_named

    query = regions_named(ds, words)
    for note in reading_notes(query):
        say(note)
    wanted = {f for s in query.symptoms for f in ds.symptom_by_id[s].red_flags}
    if ctx is not None and wanted:
        from backmuscles.core.safety import places_of
        from backmuscles.core.screening import ordered, relevant

        # most urgent first, those for the places given first within a level, and only the
        # questions that belong to these places (as `screen` would ask them)
        where = places_of(ds, query.regions) if query.regions else None
        found = [
            (f.id, f.question)
            for f in ordered(question_bank(ctx), where)
            if f.id in wanted and relevant(f, where)
        ]
        query = query._replace(checks=tuple(found))
    return query


def question_bank(ctx: typer.Context) -> "QuestionBank":
    from backmuscles.dataset.loader import load_red_flags

    return load_red_flags(data_option(ctx))


def _names(ctx: typer.Context, kind: str) -> "list[Name]":
    """Every name of every region or muscle; [] if the data cannot be read, since
    completion must never fail loudly or print anything but candidates."""
    from backmuscles.dataset.store import completion_names

    try:
        return completion_names(kind, data_option(ctx), use_cache=cache_option(ctx))
    except Exception:
        return []


def _complete(ctx: typer.Context, kind: str, incomplete: str, param: str) -> list[tuple[str, str]]:
    from backmuscles.core.completion import candidates

    typed = ctx.params.get(param) or ()
    if isinstance(typed, str):
        typed = (typed,)
    found = candidates(_names(ctx, kind), incomplete, typed)
    return [(name.key, name.help) for name in found]


def complete_regions(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Region ids, or a synonym (``si-joint``) when that is what the word starts; the
    regions already on the command line are left out."""
    return _complete(ctx, "regions", incomplete, "regions")


def complete_activities(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Activity ids for ``--worse-with`` (a synonym when that is what the word starts);
    those already given are left out."""
    return _complete(ctx, "activities", incomplete, "worse_with")


WorseWithOption = Annotated[
    list[str] | None,
    typer.Option(
        "--worse-with",
        "-w",
        metavar="ACTIVITY",
        help="Something that makes it worse (sitting, coughing, rolling-over...); repeatable. "
        "A little extra evidence for the muscles it often aggravates; a place always counts "
        "for more.",
        autocompletion=complete_activities,
        show_default=False,
    ),
]


def complete_compared(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Muscles for ``compare``, leaving out the ones already on the line."""
    return _complete(ctx, "muscles", incomplete, "muscles")


def complete_muscles(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Muscle ids, or an alias (``ql``) when that is what the word starts."""
    return _complete(ctx, "muscles", incomplete, "")


def complete_muscle_words(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """``show``'s one muscle, which may be typed in several words: once the words typed
    name a muscle, nothing more is offered."""
    from backmuscles.core.text import normalise

    typed = ctx.params.get("muscle") or ()
    if typed and normalise(" ".join(typed)) in {n.key for n in _names(ctx, "muscles")}:
        return []
    return _complete(ctx, "muscles", incomplete, "")


def complete_exercises(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from backmuscles.dataset.store import load_dataset

    try:
        ds = load_dataset(data_option(ctx), use_cache=cache_option(ctx))
    except Exception:  # completion must never fail loudly
        return []
    return [(e.id, e.name) for e in ds.exercises if e.id.startswith(incomplete)]
