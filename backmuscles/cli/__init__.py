"""The command line: parse, call the domain, render, map outcomes to exit codes.

Exit codes: 0 success; 1 nothing found, the data cannot be read, or the output or a file
cannot be written; 2 usage error (bad option, unknown region); 3, 4, 5 the screening withheld
the content (urgent, emergency, out of scope); 130 interrupted. Errors go to stderr, one line
each. Commands raise the failures of :mod:`backmuscles.core.errors`; :meth:`_Group.invoke`
is the one place that says them and exits (:func:`_exit`).
"""

# No `from __future__ import annotations` here: Typer would have to eval() every
# parameter's annotation string at start-up (measured: ~180 evals, several ms a run).
import contextlib
import math
import os
import re
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer
from typer.core import TyperGroup

from backmuscles import __version__

if TYPE_CHECKING:  # the domain is imported when a command runs, not for --version or --help
    from rich.console import RenderableType

    from backmuscles.core.completion import Name
    from backmuscles.core.model import Dataset, Query
    from backmuscles.core.screening import Answer, QuestionBank, ScreenResult
    from backmuscles.present import render_plain as plain_writer
    from backmuscles.present import render_rich as rich_writer

Mode = Literal["json", "plain", "rich"]

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2


class _Group(TyperGroup):
    """Typer's group, with its usage errors (an unknown option, a missing argument, a bad
    value, an unknown command) as one ``backmuscles:`` line like every other error,
    instead of a box of usage text. Help, and a bare command showing help, are as they
    were."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except typer.TyperException as exc:
            usage_failure(exc, info_name or "backmuscles")

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.TyperException as exc:
            command = ctx.invoked_subcommand  # set once the command's name is known
            usage_failure(exc, f"{ctx.command_path} {command}" if command else ctx.command_path)
        except Exception as exc:
            ended(exc)


app = typer.Typer(
    cls=_Group,
    name="backmuscles",
    help=(
        "Which muscles are often linked to pain where it hurts: back, pelvis and hip.\n\n"
        "Give the places that hurt; get the muscles that referral charts often link to "
        "them, ranked and explained, with anatomy and self-care. Educational only: "
        "not a diagnosis."
    ),
    epilog=(
        "Examples:\n\n"
        "  backmuscles where lower back tailbone\n\n"
        "  backmuscles where buttock --json\n\n"
        "  backmuscles show ql\n\n"
        "  backmuscles list --region hip\n\n"
        "  backmuscles regions"
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


# --- shared plumbing ---------------------------------------------------------------------


def printable(text: str) -> str:
    """Control characters (from user input or a path) shown as escapes, never sent raw to
    the terminal: no escape sequences (ESC, OSC), no line breaks inside a one-line
    message. "Not printable" (Unicode's Other and Separator categories) also takes in
    the invisible format characters that could disguise a line: the bidi overrides and
    isolates (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F), the zero-width characters
    (U+200B-U+200D, U+2060, U+FEFF) and the soft hyphen."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


# An error line echoes at most this many characters of one piece of user input (a quoted
# value); a run of text without spaces (a path, a list of words) is cut at LONGEST_WORD.
# The patterns are compiled on first use (re caches them): compiling costs a third of a
# millisecond, and most runs print no message at all.
SHOWN = 60
LONGEST_WORD = 120
_QUOTED = r"""(?<![\w'"])('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_WORD = rf"\S{{{LONGEST_WORD + 1},}}"


def shorten(text: str, limit: int = SHOWN) -> str:
    """``text``, or where longer than ``limit`` its start and end around an ellipsis."""
    if len(text) <= limit:
        return text
    head = (limit - 1) * 2 // 3
    return f"{text[:head]}…{text[head + 1 - limit :]}"


def say(message: str, *, cut: bool = True) -> None:
    """One ``backmuscles:`` line on stderr: every message to the user that is not the
    output goes through here, escaped, and with long user input cut short unless ``cut``
    is False (the path a file was written to is said in full)."""
    text = printable(message)
    if cut:
        text = re.sub(_QUOTED, lambda m: m[0][0] + shorten(m[0][1:-1]) + m[0][-1], text)
        text = re.sub(_WORD, lambda m: shorten(m[0], LONGEST_WORD), text)
    sys.stderr.write(f"backmuscles: {text}\n")


def _exit(message: str | None, code: int, *, cut: bool = True) -> NoReturn:
    """The error funnel: one line on stderr (none when the output said it all), then the
    exit code. Every failure of every command ends here."""
    if message is not None:
        say(message, cut=cut)
    raise typer.Exit(code)


def ended(exc: Exception) -> NoReturn:
    """How a command's exception ends the run: a :class:`~backmuscles.core.errors.Failure`
    as its line and code, a :class:`~backmuscles.core.errors.DataError` as "bad data" (exit
    1), :class:`~backmuscles.core.errors.Concluded` as its code alone; anything else is
    raised on (an internal error, for ``__main__`` to report)."""
    from backmuscles.core.errors import Concluded, DataError, Failure

    if isinstance(exc, Failure):
        _exit(exc.message, exc.code, cut=exc.cut)
    if isinstance(exc, DataError):
        _exit(f"bad data: {exc}", EXIT_NOT_FOUND)
    if isinstance(exc, Concluded):
        _exit(None, exc.code)
    raise exc


def usage_failure(exc: typer.TyperException, command: str) -> NoReturn:
    """A usage error Typer raised, said the way :func:`fail` says ours: ``no such option:
    --frob (try 'backmuscles where --help')``; ``command`` is for the hint where the
    error does not say which command it is about. A bare command, which shows its help,
    is left to Typer (the help has been printed already)."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # as Typer tells it, without importing
        raise exc
    message = exc.format_message().strip().rstrip(".")
    extra = re.fullmatch(r"(Got unexpected extra arguments? )\((.*)\)", message, re.S)
    if extra:  # the words are not quoted: cut the list as one piece of input
        message = f"{extra[1]}({shorten(extra[2])})"
    possible = getattr(exc, "possibilities", None)
    if possible and "(Possible options:" in message:
        from backmuscles.core.errors import one_of

        message = f"{message.split(' (Possible options:')[0]}. Did you mean {one_of(possible)}?"
    if message[:2].istitle():
        message = message[0].lower() + message[1:]
    ctx = getattr(exc, "ctx", None)
    if exc.exit_code == EXIT_USAGE:
        message += f" (try '{ctx.command_path if ctx else command} --help')"
    _exit(message, exc.exit_code)


def _data_option(ctx: typer.Context) -> str | None:
    return ctx.obj.get("data") if isinstance(ctx.obj, dict) else None


def _cache_option(ctx: typer.Context) -> bool | None:
    """False with --no-cache; None leaves it to BACKMUSCLES_NO_CACHE."""
    return False if isinstance(ctx.obj, dict) and ctx.obj.get("no_cache") else None


def dataset(ctx: typer.Context) -> "Dataset":
    """The dataset in use (a :class:`~backmuscles.core.errors.DataError` is the funnel's);
    its warnings said on stderr."""
    from backmuscles.dataset.store import load_dataset

    ds = load_dataset(_data_option(ctx), use_cache=_cache_option(ctx))
    for warning in ds.warnings:
        say(f"warning: {warning}")
    return ds


def output_mode(as_json: bool, plain: bool) -> Mode:
    """JSON if asked; rich on a terminal (or with FORCE_COLOR); plain text otherwise."""
    if as_json:
        return "json"
    if plain:
        return "plain"
    if sys.stdout.isatty() or os.environ.get("FORCE_COLOR"):
        return "rich"
    return "plain"


class _Lazy:
    """A module imported on first use: the writers load only when their output is printed
    (rich only for a terminal). To mypy, ``plain_writer`` and ``rich_writer`` are the modules
    themselves, so every call to a writer is type-checked."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        module = sys.modules.get(self._name) or __import__(self._name, fromlist=["_"])
        return getattr(module, attribute)


if not TYPE_CHECKING:
    plain_writer = _Lazy("backmuscles.present.render_plain")
    rich_writer = _Lazy("backmuscles.present.render_rich")


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def emit(
    as_json: bool,
    plain: bool,
    document: Callable[[], Mapping[str, object]],
    text: Callable[[], str],
    drawing: "Callable[[], RenderableType]",
) -> None:
    """Print in the chosen mode; only the chosen one is built, and rich is imported only
    to draw for a terminal. A terminal too narrow for any drawing gets the plain text,
    which is always complete."""
    mode = output_mode(as_json, plain)
    if mode == "json":
        from backmuscles.present.views import json_text

        write(json_text(document(), indent=sys.stdout.isatty()))
    elif mode == "plain":
        write(text())
    else:
        from backmuscles.present import render_rich

        if not render_rich.print_to_terminal(drawing):
            write(text())


def save(path: str, text: str, what: str) -> None:
    """Write ``text`` to the file ``path`` ('-': stdout) and say so on stderr.

    Atomic: the text goes to a temporary file in the same folder, is flushed to the disk,
    and then takes the file's name in one step, so a full disk, an error or Ctrl-C leaves
    any file that was there untouched and no partial file behind. An existing file is
    replaced without asking (it was named on the command line, as with ``sort -o`` or
    ``curl -o``), keeping its permissions, and the message says it was replaced. A path
    to something that is not a regular file (a named pipe, ``/dev/null``), or a stream
    the system names (``/dev/stdout``, ``/dev/fd/3``, even when it leads to a file), is
    written directly, as before: it is not a document to replace."""
    if path == "-":
        write(text)
        return
    import errno
    import stat

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        _cannot_write(path, exc)
    if mode is not None and stat.S_ISDIR(mode):
        _cannot_write(path, OSError(errno.EISDIR, os.strerror(errno.EISDIR)))
    if mode is not None and not os.access(path, os.W_OK):  # as open() would refuse it
        _cannot_write(path, OSError(errno.EACCES, os.strerror(errno.EACCES)))
    if mode is not None and (not stat.S_ISREG(mode) or path.startswith(("/dev/", "/proc/"))):
        try:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
        except (OSError, ValueError) as exc:
            _cannot_write(path, exc)
        say(f"wrote {what} to {path}", cut=False)
        return
    # a symbolic link keeps pointing where it did: the file it names is the one replaced
    target = os.path.realpath(path) if os.path.islink(path) else path
    temp = _write_temporary(path, target, text, None if mode is None else stat.S_IMODE(mode))
    try:
        os.replace(temp, target)
    except BaseException as exc:  # Ctrl-C too: the temporary file goes, the old one stays
        _remove(temp)
        if isinstance(exc, OSError | ValueError):  # ValueError: text that cannot be UTF-8
            _cannot_write(path, exc)
        raise
    _sync_folder(target)
    replaced = mode is not None
    say(f"replaced {path} with {what}" if replaced else f"wrote {what} to {path}", cut=False)


def _write_temporary(path: str, target: str, text: str, mode: int | None) -> str:
    """A new file next to ``target`` holding ``text``, on the disk; its name. Created as
    ``open`` would create the file (the umask applies), or with ``mode``, the file's it
    replaces."""
    import secrets

    folder, name = os.path.split(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            descriptor = os.open(temp, flags, 0o666)
        except FileExistsError:
            continue
        except (OSError, ValueError) as exc:
            _cannot_write(path, exc)
        break
    try:
        with open(descriptor, "w", encoding="utf-8") as handle:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(descriptor, mode)
            handle.write(text)
            handle.flush()
            os.fsync(descriptor)
    except BaseException as exc:  # Ctrl-C too: the temporary file goes, the old one stays
        _remove(temp)
        if isinstance(exc, OSError | ValueError):  # ValueError: text that cannot be UTF-8
            _cannot_write(path, exc)
        raise
    return temp


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _sync_folder(path: str) -> None:
    """Put the new name on the disk too (where the system allows a folder to be synced)."""
    try:
        descriptor = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(descriptor)
    os.close(descriptor)


def _cannot_write(path: str, exc: Exception) -> NoReturn:
    """The path is cut only past LONGEST_WORD characters, not SHOWN: it is the user's own
    file, and both ends of it matter."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    from backmuscles.core.errors import NotFound

    raise NotFound(f"cannot write {shorten(path, LONGEST_WORD)!r}: {reason}", cut=False)


def question_bank(ctx: typer.Context) -> "QuestionBank":
    from backmuscles.dataset.loader import load_red_flags

    return load_red_flags(_data_option(ctx))


def screening_first(
    ctx: typer.Context, ds: "Dataset", query: "Query", age: int | None
) -> "tuple[QuestionBank, ScreenResult]":
    """``--screen``: the questions for the query's places asked first, and their result."""
    from backmuscles.core.screening import evaluate, places_of

    bank = question_bank(ctx)
    places = places_of(ds, query.regions)
    answers, age = ask(bank, {}, age, places)
    return bank, evaluate(bank, answers, age, places)


def _wrapped(text: str) -> str:
    """``text`` wrapped to the terminal, so no word (nor ``[y/n/?]``) is split."""
    import shutil
    import textwrap

    width = max(10, min(100, shutil.get_terminal_size((80, 24)).columns) - 1)
    lead = len(text) - len(text.lstrip("\n"))
    wrapped = textwrap.fill(
        text.strip(), width, subsequent_indent="   ", break_long_words=False, break_on_hyphens=False
    )
    return "\n" * lead + wrapped


def _say(text: str) -> None:
    sys.stderr.write(_wrapped(text) + "\n")


def _prompt(text: str) -> None:
    """A question on stderr, wrapped, the cursor after it."""
    sys.stderr.write(_wrapped(text) + " ")
    sys.stderr.flush()


MAX_LINE = 4096  # longer than any answer or age; the rest of a longer line reads as more lines


def _read_line() -> str | None:
    """One typed line, or None at the end of input (also when stdin is closed)."""
    if sys.stdin is None:
        return None
    try:
        text = sys.stdin.readline(MAX_LINE)  # bounded: `< /dev/zero` must not eat the memory
    except (OSError, ValueError):  # closed, or not readable
        return None
    return text if text else None


def _ask_age(
    bank: "QuestionBank", places: "frozenset[str] | None"
) -> "tuple[int | None, str | None]":
    """The age, asked first when a question depends on it, re-asked when it cannot be read;
    and, when answers are piped in without an age (``echo y | ... --screen``), the line that
    already answers the first question."""
    from backmuscles.core.screening import MAX_AGE, SKIP_AGE, needs_age, read_age, read_answer

    if not needs_age(bank, places):
        return None, None
    piped = sys.stdin is None or not sys.stdin.isatty()
    for _attempt in range(3):
        _prompt("How old are you, in years? (press Enter to skip)")
        typed = _read_line()
        if typed is None:
            return None, None
        if piped and read_answer(typed) is not None:
            sys.stderr.write("\n")
            return None, typed  # a script that pipes only answers: no age
        value = read_age(typed)
        if value is not None:
            return (None if value == SKIP_AGE else value), None
        _say(f"Please type your age as a number from 0 to {MAX_AGE}, or press Enter.")
    _say("Going on without your age.")  # the age is optional: never a reason to stop
    return None, None


def _stop(
    bank: "QuestionBank",
    answers: "dict[str, Answer]",
    age: int | None,
    places: "frozenset[str] | None",
) -> "tuple[dict[str, Answer], int | None]":
    """The questions ended early (end of input, or no readable answer): what is known is
    shown if it already withholds self-care; otherwise nothing is shown without the rest."""
    from backmuscles.core.errors import NotFound, UsageError
    from backmuscles.core.screening import evaluate

    if evaluate(bank, answers, age, places).withholds_content:
        return answers, age
    if not answers:
        raise UsageError(
            "no answers to the screening questions. Answer them on a terminal, "
            "or give them with --yes/--no (see 'backmuscles screen --list')."
        )
    raise NotFound("the screening stopped before it finished; nothing is shown without it.")


def ask(
    bank: "QuestionBank",
    answers: dict[str, "Answer"],
    age: int | None,
    places: "frozenset[str] | None" = None,
) -> "tuple[dict[str, Answer], int | None]":
    """Ask the questions one at a time on stderr, reading answers from stdin (a terminal,
    or lines piped in): the age first when a question depends on it, then the questions for
    these places, most urgent first, until an emergency is found or no question left could
    change the result."""
    from backmuscles.core.errors import UsageError
    from backmuscles.core.screening import evaluate, next_question, read_answer

    _say("Before anything else: a few questions about warning signs, most urgent first.")
    _say("Answer y (yes), n (no) or ? (not sure).")
    pending = None
    if age is None:
        age, pending = _ask_age(bank, places)
    asked = 0
    while (flag := next_question(bank, answers, age, places)) is not None:
        asked += 1
        for _attempt in range(3):
            _prompt(f"\n{asked}. {flag.question} [y/n/?]")
            typed, pending = (pending, None) if pending is not None else (_read_line(), None)
            if typed is None:
                sys.stderr.write("\n")
                return _stop(bank, answers, age, places)
            answer = read_answer(typed)
            if answer is not None:
                answers[flag.id] = answer
                break
            _say("Please answer y (yes), n (no) or ? (not sure).")
        else:
            _say("No valid answer; the screening stopped.")
            if not evaluate(bank, answers, age, places).withholds_content:
                raise UsageError("no valid answer; the screening stopped.")
            return answers, age
    sys.stderr.write("\n")
    return answers, age


def _names(ctx: typer.Context, kind: str) -> "list[Name]":
    """Every name of every region or muscle; [] if the data cannot be read, since
    completion must never fail loudly or print anything but candidates."""
    from backmuscles.dataset.store import completion_names

    try:
        return completion_names(kind, _data_option(ctx), use_cache=_cache_option(ctx))
    except Exception:
        return []


def _complete(ctx: typer.Context, kind: str, incomplete: str, param: str) -> list[tuple[str, str]]:
    from backmuscles.core.completion import candidates

    typed = ctx.params.get(param) or ()
    if isinstance(typed, str):
        typed = (typed,)
    found = candidates(_names(ctx, kind), incomplete, typed)
    return [(name.key, name.help) for name in found]


def _complete_regions(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Region ids, or a synonym (``si-joint``) when that is what the word starts; the
    regions already on the command line are left out."""
    return _complete(ctx, "regions", incomplete, "regions")


def _complete_compared(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Muscles for ``compare``, leaving out the ones already on the line."""
    return _complete(ctx, "muscles", incomplete, "muscles")


def _complete_muscles(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Muscle ids, or an alias (``ql``) when that is what the word starts."""
    return _complete(ctx, "muscles", incomplete, "")


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
        min=0,
        max=130,
        help="Your age in years, for the warning-sign questions (asked when not given).",
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


def _version(value: bool) -> None:
    if value:
        write(f"backmuscles {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="DIR",
            help="Use the dataset in DIR instead of the built-in one (or set BACKMUSCLES_DATA).",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read the data files even if the cache is fresh (or set BACKMUSCLES_NO_CACHE).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    ctx.obj = {"data": data, "no_cache": no_cache}


# --- commands ------------------------------------------------------------------------------


@app.command(
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  backmuscles where lower-back tailbone\n\n"
        "  backmuscles where lower back tailbone --top 3\n\n"
        "  backmuscles where 'SI joint' 'outer hip' --json\n\n"
        "  backmuscles where lower-back --screen\n\n"
        "Region words: ids, labels and synonyms, in any case; see 'backmuscles regions'."
    ),
)
def where(
    ctx: typer.Context,
    regions: Annotated[
        list[str],
        typer.Argument(
            metavar="REGION...",
            help="Where it hurts: one or more regions (lower-back, tailbone, 'SI joint'...).",
            autocompletion=_complete_regions,
            show_default=False,
        ),
    ],
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, help="Show at most this many muscles.")
    ] = 10,
    details: Annotated[
        int,
        typer.Option(
            "--details", "-d", min=0, help="Show anatomy and self-care for this many of the top."
        ),
    ] = 3,
    screen: Annotated[
        bool,
        typer.Option(
            "--screen",
            help="Ask the warning-sign questions first, and obey the result (see 'screen').",
        ),
    ] = False,
    age: AgeOption = None,
    no_map: NoMapOption = False,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Rank the muscles often linked to pain at these sites."""
    from backmuscles.core.errors import Concluded, NotFound
    from backmuscles.core.ranking import rank
    from backmuscles.core.vocab import regions_named
    from backmuscles.present import views

    ds = dataset(ctx)
    query = regions_named(ds, regions)
    result = None
    if screen:
        bank, result = screening_first(ctx, ds, query, age)
        if result.withholds_content:
            emit(
                as_json,
                plain,
                lambda: views.where_json(
                    ds, regions, query, [], views.screening_json(bank, result)
                ),
                lambda: plain_writer.screen_text(bank, result),
                lambda: rich_writer.screen(bank, result),
            )
            raise Concluded(result.exit_code)
    matches = rank(ds, query.regions, top=top)
    screened = (bank, result) if result is not None else None
    picture = None
    if matches and not no_map and not as_json:
        from backmuscles.core.bodymap import muscle_picture

        picture = muscle_picture(ds, matches[0].muscle, query.regions)
    emit(
        as_json,
        plain,
        lambda: views.where_json(
            ds, regions, query, matches, views.screening_json(*screened) if screened else None
        ),
        lambda: plain_writer.where_text(
            ds,
            query,
            matches,
            details,
            views.screening_section(*screened) if screened else None,
            picture,
        ),
        lambda: rich_writer.where(ds, query, matches, details, screened, picture),
    )
    if not matches:
        raise NotFound("no muscle in the dataset refers pain to these sites.")


@app.command(
    "list",
    epilog=(
        "Examples:\n\n"
        "  backmuscles list\n\n"
        "  backmuscles list --region 'outer hip'\n\n"
        "  backmuscles list --group 'erector spinae'\n\n"
        "  backmuscles list --json"
    ),
)
def list_muscles(
    ctx: typer.Context,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            metavar="REGION",
            help="Only muscles whose pattern reaches this region.",
            autocompletion=_complete_regions,
            show_default=False,
        ),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            metavar="GROUP",
            help="Only the muscles of this group (erector spinae, gluteals, hip flexors...).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """List the muscles the tool knows."""
    from backmuscles.core.errors import UsageError
    from backmuscles.core.ranking import muscles_for_region
    from backmuscles.core.vocab import group_named, regions_named
    from backmuscles.present import views

    ds = dataset(ctx)
    muscles = ds.muscles
    region_id = None
    group_id = None
    if group is not None:
        group_id = group_named(ds, group)
        muscles = ds.members(group_id)
    if region is not None:
        query = regions_named(ds, [region])
        if len(query.regions) > 1:
            raise UsageError(f"--region takes one region; {region!r} names {len(query.regions)}.")
        region_id = query.regions[0]
        reaching = {m.id for m in muscles_for_region(ds, region_id)}
        muscles = tuple(m for m in muscles if m.id in reaching)
    emit(
        as_json,
        plain,
        lambda: views.list_json(ds, muscles, region_id, group_id),
        lambda: plain_writer.list_text(ds, muscles),
        lambda: rich_writer.muscle_list(ds, muscles),
    )


@app.command(
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  backmuscles show ql\n\n"
        "  backmuscles show gluteus medius\n\n"
        "  backmuscles show psoas --json\n\n"
        "  backmuscles show ql --svg ql.svg"
    ),
)
def show(
    ctx: typer.Context,
    muscle: Annotated[
        list[str],
        typer.Argument(
            metavar="MUSCLE",
            help="A muscle's id, name or alias, in any case (ql, 'glute med', psoas...).",
            autocompletion=_complete_muscles,
            show_default=False,
        ),
    ],
    no_map: NoMapOption = False,
    svg: SvgOption = None,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Show one muscle: anatomy, function, pain pattern, self-care."""
    from backmuscles.core.bodymap import muscle_picture
    from backmuscles.present import views

    ds = dataset(ctx)
    from backmuscles.core.vocab import muscle_named

    found = muscle_named(ds, " ".join(muscle))
    picture = muscle_picture(ds, found)
    if svg is not None:
        from backmuscles.present.svg import document

        save(svg, document(ds, picture), "the map")
        return
    drawn = None if no_map else picture
    emit(
        as_json,
        plain,
        lambda: views.show_json(ds, found),
        lambda: plain_writer.show_text(ds, found, drawn),
        lambda: rich_writer.show(ds, found, drawn),
    )


@app.command(
    epilog="Examples:\n\n  backmuscles regions\n\n  backmuscles regions --json",
)
def regions(
    ctx: typer.Context,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """List the region words, as a tree with synonyms."""
    from backmuscles.present import views

    ds = dataset(ctx)
    emit(
        as_json,
        plain,
        lambda: views.regions_json(ds),
        lambda: plain_writer.regions_text(ds),
        lambda: rich_writer.regions(ds),
    )


@app.command(
    epilog=(
        "Examples:\n\n"
        "  backmuscles validate\n\n"
        "  backmuscles validate ~/my-muscles\n\n"
        "  backmuscles validate data --json\n\n"
        "A folder with regions.yaml is checked as a whole dataset; any other folder as "
        "additions on top of the dataset in use."
    ),
)
def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]",
            help="The folder to check (default: the dataset in use, with your additions).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Check a dataset and list every problem."""
    from backmuscles.core.errors import Concluded, UsageError
    from backmuscles.dataset.loader import validate as check
    from backmuscles.dataset.location import expand, probe
    from backmuscles.present import views

    folder = expand(path) if path is not None else None

    if folder is not None and not probe(folder, "dir"):
        raise UsageError(f"{path!r} is not a folder.")
    report = check(folder, _data_option(ctx))
    emit(
        as_json,
        plain,
        lambda: views.validate_json(report),
        lambda: plain_writer.validate_text(report),
        lambda: rich_writer.validate(report),
    )
    if report.errors:
        raise Concluded(EXIT_NOT_FOUND)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  backmuscles screen\n\n"
        "  backmuscles screen --yes saddle-numbness --json\n\n"
        "  backmuscles screen --no bladder-change,bowel-change --yes cough-strain --age 55\n\n"
        "  backmuscles screen --list\n\n"
        "Exit codes: 0 soon or routine, 3 urgent, 4 emergency, 5 out of scope."
    ),
)
def screen(
    ctx: typer.Context,
    regions: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REGION...]",
            help="Where it hurts, to ask the questions for those places (all when none).",
            autocompletion=_complete_regions,
            show_default=False,
        ),
    ] = None,
    yes: Annotated[
        list[str] | None,
        typer.Option("--yes", "-y", metavar="ID", help="A warning sign you have (repeatable)."),
    ] = None,
    no: Annotated[
        list[str] | None,
        typer.Option(
            "--no", "-n", metavar="ID", help="A warning sign you do not have (repeatable)."
        ),
    ] = None,
    not_sure: Annotated[
        list[str] | None,
        typer.Option(
            "--not-sure", metavar="ID", help="A sign you are not sure about (repeatable)."
        ),
    ] = None,
    age: Annotated[
        int | None,
        typer.Option(
            "--age", min=0, max=130, help="Your age in years (some signs weigh more from 50)."
        ),
    ] = None,
    list_questions: Annotated[
        bool, typer.Option("--list", help="Print the questions and their ids, most urgent first.")
    ] = False,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Ask about warning signs that need a doctor first."""
    from backmuscles.core.errors import Concluded, UsageError
    from backmuscles.core.screening import evaluate, given_answers, places_of
    from backmuscles.core.vocab import regions_named
    from backmuscles.present import views

    bank = question_bank(ctx)
    if list_questions:
        emit(
            as_json,
            plain,
            lambda: views.question_bank_json(bank),
            lambda: plain_writer.question_bank_text(bank),
            lambda: rich_writer.question_bank(bank),
        )
        return
    answers = given_answers(bank, yes or [], no or [], not_sure or [])
    if not answers and (yes or no or not_sure):
        raise UsageError("--yes, --no and --not-sure need a question id (see 'screen --list').")
    places = None
    if regions:
        ds = dataset(ctx)
        places = places_of(ds, regions_named(ds, regions).regions)
    if not answers:
        answers, age = ask(bank, answers, age, places)
    result = evaluate(bank, answers, age, places)
    emit(
        as_json,
        plain,
        lambda: views.screen_json(bank, result),
        lambda: plain_writer.screen_text(bank, result),
        lambda: rich_writer.screen(bank, result),
    )
    raise Concluded(result.exit_code)


@app.command(
    "exercises",
    epilog=(
        "Examples:\n\n"
        "  backmuscles exercises\n\n"
        "  backmuscles exercises --muscle ql\n\n"
        "  backmuscles exercises --kind stretch --json\n\n"
        "  backmuscles exercises side-plank"
    ),
)
def exercises_command(
    ctx: typer.Context,
    exercise: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="One exercise to show in full (its id, or its name).",
            autocompletion=lambda ctx, incomplete: _complete_exercises(ctx, incomplete),
            show_default=False,
        ),
    ] = None,
    muscle: Annotated[
        str | None,
        typer.Option(
            "--muscle",
            "-m",
            metavar="MUSCLE",
            help="Only exercises for this muscle (id, name or alias).",
            autocompletion=_complete_muscles,
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="Only this kind: mobility, release, stretch or strengthen.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """The exercise library, or one exercise in full."""
    from backmuscles.core.errors import UsageError, one_of
    from backmuscles.core.model import EXERCISE_KINDS
    from backmuscles.core.vocab import exercise_named, muscle_named
    from backmuscles.present import views

    ds = dataset(ctx)
    if exercise is not None:
        item = exercise_named(ds, exercise)
        emit(
            as_json,
            plain,
            lambda: views.exercise_document(ds, item),
            lambda: plain_writer.exercise_text(ds, item),
            lambda: rich_writer.exercise(ds, item),
        )
        return
    items = list(ds.exercises)
    muscle_id = None
    if kind is not None:
        if kind not in EXERCISE_KINDS:
            raise UsageError(f"--kind must be one of {one_of(list(EXERCISE_KINDS))}, not {kind!r}.")
        items = [e for e in items if e.kind == kind]
    if muscle is not None:
        muscle_id = muscle_named(ds, muscle).id
        items = [e for e in items if muscle_id in e.muscles]
    emit(
        as_json,
        plain,
        lambda: views.exercises_json(ds, items, muscle_id, kind),
        lambda: plain_writer.exercises_text(ds, items),
        lambda: rich_writer.exercises(ds, items),
    )


def _complete_exercises(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from backmuscles.dataset.store import load_dataset

    try:
        ds = load_dataset(_data_option(ctx), use_cache=_cache_option(ctx))
    except Exception:  # completion must never fail loudly
        return []
    return [(e.id, e.name) for e in ds.exercises if e.id.startswith(incomplete)]


@app.command(
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  backmuscles plan lower-back tailbone\n\n"
        "  backmuscles plan buttock --top 2 --minutes 15\n\n"
        "  backmuscles plan lower back --markdown plan.md\n\n"
        "  backmuscles plan lower-back --screen --json"
    ),
)
def plan(
    ctx: typer.Context,
    regions: Annotated[
        list[str],
        typer.Argument(
            metavar="REGION...",
            help="Where it hurts, as for 'where'.",
            autocompletion=_complete_regions,
            show_default=False,
        ),
    ],
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, help="Build the plan for this many muscles.")
    ] = 3,
    minutes: Annotated[
        float | None,
        typer.Option(
            "--minutes",
            "-t",
            min=1,
            max=240,
            help="Fit the plan into this many minutes, leaving out the least useful steps.",
            show_default=False,
        ),
    ] = None,
    markdown: Annotated[
        str | None,
        typer.Option(
            "--markdown",
            metavar="FILE",
            help="Write the plan as a printable Markdown page to FILE ('-' for stdout).",
            show_default=False,
        ),
    ] = None,
    screen: Annotated[
        bool,
        typer.Option("--screen", help="Ask the warning-sign questions first, and obey the result."),
    ] = False,
    age: AgeOption = None,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """A self-care routine for the muscles often linked to these sites."""
    from backmuscles.core.errors import Concluded, NotFound, UsageError
    from backmuscles.core.planning import build_plan
    from backmuscles.core.ranking import rank
    from backmuscles.core.vocab import regions_named
    from backmuscles.present import views

    if minutes is not None and not math.isfinite(minutes):
        raise UsageError(f"--minutes must be a number of minutes, not {minutes}.")
    ds = dataset(ctx)
    query = regions_named(ds, regions)
    result = None
    if screen:
        bank, result = screening_first(ctx, ds, query, age)
    matches = rank(ds, query.regions, top=top)
    routine = build_plan(ds, matches, minutes)
    if result is not None and result.withholds_content:
        emit(
            as_json,
            plain,
            lambda: views.plan_json(
                ds, regions, query, routine, views.screening_json(bank, result)
            ),
            lambda: plain_writer.screen_text(bank, result),
            lambda: rich_writer.screen(bank, result),
        )
        raise Concluded(result.exit_code)
    if not matches:
        raise NotFound("no muscle in the dataset refers pain to these sites, so there is no plan.")
    screened = (bank, result) if result is not None else None
    if markdown is not None:
        section = views.screening_section(*screened) if screened else None
        save(markdown, plain_writer.plan_markdown(ds, query, routine, section), "the plan")
        return
    emit(
        as_json,
        plain,
        lambda: views.plan_json(
            ds, regions, query, routine, views.screening_json(*screened) if screened else None
        ),
        lambda: plain_writer.plan_text(
            ds, query, routine, views.screening_section(*screened) if screened else None
        ),
        lambda: rich_writer.plan(ds, query, routine, screened),
    )


@app.command(
    "map",
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  backmuscles map lower-back tailbone\n\n"
        "  backmuscles map --muscle quadratus-lumborum\n\n"
        "  backmuscles map buttock --muscle piriformis\n\n"
        "  backmuscles map lower-back tailbone --svg map.svg\n\n"
        "Key: essential zone, spillover zone, trigger point (x), where it hurts; "
        "the legend under the map says which mark is which."
    ),
)
def body_map(
    ctx: typer.Context,
    regions: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REGION...]",
            help="Where it hurts: marked on the map (and pinned on a muscle's pattern).",
            autocompletion=_complete_regions,
            show_default=False,
        ),
    ] = None,
    muscle: Annotated[
        str | None,
        typer.Option(
            "--muscle",
            "-m",
            metavar="MUSCLE",
            help="Shade this muscle's zones (essential dark, spillover light) and mark its "
            "trigger points.",
            autocompletion=_complete_muscles,
            show_default=False,
        ),
    ] = None,
    svg: SvgOption = None,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Draw the body map: where it hurts, or a muscle's pain pattern."""
    from backmuscles.core.bodymap import muscle_picture, sites_picture
    from backmuscles.core.errors import UsageError
    from backmuscles.core.vocab import muscle_named, regions_named
    from backmuscles.present import views

    ds = dataset(ctx)
    sites = regions_named(ds, regions).regions if regions else ()
    found = muscle_named(ds, muscle) if muscle is not None else None
    if found is None and not sites:
        raise UsageError("give one or more regions, or --muscle MUSCLE, or both.")
    picture = muscle_picture(ds, found, sites) if found else sites_picture(ds, sites)
    if svg is not None:
        from backmuscles.present.svg import document

        save(svg, document(ds, picture), "the map")
        return
    emit(
        as_json,
        plain,
        lambda: views.map_json(ds, picture, sites, found),
        lambda: plain_writer.map_text(ds, picture),
        lambda: rich_writer.body_map_page(ds, picture),
    )


@app.command(
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  backmuscles compare gluteus-medius gluteus-minimus\n\n"
        "  backmuscles compare gluteus medius gluteus minimus piriformis\n\n"
        "  backmuscles compare ql iliocostalis-lumborum --json\n\n"
        "Names need no quotes: the longest muscle name wins."
    ),
)
def compare(
    ctx: typer.Context,
    muscles: Annotated[
        list[str],
        typer.Argument(
            metavar="MUSCLE...",
            help="Two or more muscles: ids, names or aliases.",
            autocompletion=_complete_compared,
            show_default=False,
        ),
    ],
    no_map: NoMapOption = False,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Compare muscles side by side: zones, function, triggers, self-care, maps."""
    from backmuscles.core.bodymap import muscle_picture
    from backmuscles.core.errors import UsageError
    from backmuscles.core.vocab import muscles_named
    from backmuscles.present import views

    ds = dataset(ctx)
    ids = muscles_named(ds, muscles)
    if len(ids) < 2:
        raise UsageError("compare needs two or more different muscles.")
    chosen = [ds.muscle(i) for i in ids]
    found = [m for m in chosen if m is not None]
    pictures = [] if no_map or as_json else [muscle_picture(ds, m) for m in found]
    emit(
        as_json,
        plain,
        lambda: views.compare_json(ds, found),
        lambda: plain_writer.compare_text(ds, found, pictures),
        lambda: rich_writer.compare(ds, found, pictures),
    )


# --- start-up: build only the command being run -----------------------------------------------

_GLOBAL_WITH_VALUE = ("--data",)


def command_word(words: list[str]) -> str | None:
    """The command named in ``words`` (the arguments after the program name), if certain:
    global options are skipped, anything else starting with "-" (help, version, shell
    completion) means no narrowing."""
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in _GLOBAL_WITH_VALUE:
            skip = True
        elif word.startswith("--data=") or word == "--no-cache":
            continue
        elif word.startswith("-"):
            return None
        else:
            return word
    return None


def app_for(argv: list[str], environ: dict[str, str] | None = None) -> typer.Typer:
    """The app with only the invoked command registered. Typer builds every registered
    command on every run (measured: 3.8 ms for all of them, 1.4 ms for one), and every TAB
    completion is a run. Help, typos and completing a command's own name get the full app."""
    env = os.environ if environ is None else environ
    words = argv[1:]
    if "_BACKMUSCLES_COMPLETE" in env:
        line = env.get("_TYPER_COMPLETE_ARGS")
        if line is None:
            words = env.get("COMP_WORDS", "").split()[1:]
            cword = env.get("COMP_CWORD", "")
            words = words[: int(cword) - 1] if cword.isdigit() else []
        else:
            words = line.split()[1:]
            if not line.endswith(" "):
                words = words[:-1]  # the word being typed is not certain yet
    name = command_word(words)
    chosen = [c for c in app.registered_commands if _command_name(c) == name]
    if not chosen:
        return app
    narrow = typer.Typer(
        cls=_Group,
        name=app.info.name,
        help=app.info.help,
        epilog=app.info.epilog,
        no_args_is_help=True,
        context_settings=app.info.context_settings,
        pretty_exceptions_enable=False,
    )
    narrow.registered_callback = app.registered_callback
    narrow.registered_commands = chosen
    return narrow


def _command_name(command: Any) -> str:
    return str(command.name or command.callback.__name__.replace("_", "-"))
