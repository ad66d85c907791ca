"""The command line: the Typer app, the error funnel, and the start-up that builds only the
command being run.

Exit codes: 0 success; 1 nothing found, the data cannot be read, or the output or a file
cannot be written; 2 usage error (bad option, unknown region); 3, 4, 5 the screening withheld
the content (urgent, emergency, out of scope); 130 interrupted. Errors go to stderr, one line
each. Commands raise the failures of :mod:`backmuscles.core.errors`; :meth:`_Group.invoke`
is the one place that says them and exits (:func:`_exit`).

The rest of the command line: :mod:`.options` (the options several commands share, the global
ones read back, completion), :mod:`.output` (printing in the chosen mode, files, the
``backmuscles:`` line), :mod:`.interview` (asking the screening questions on a terminal) and
:mod:`.commands` (one module per command, imported only when that command runs).

``app`` is the full app, with every command, built on first use: ``from backmuscles.cli import
app`` and ``python -m typer backmuscles.cli utils docs`` find it; a run uses :func:`app_for`.
"""

# No `from __future__ import annotations` in this package: Typer would have to eval() every
# parameter's annotation string at start-up (measured: ~180 evals, several ms a run).
import os
import re
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from backmuscles import __version__
from backmuscles.cli.commands import COMMANDS, HelpMixin, register
from backmuscles.cli.output import EXIT_NOT_FOUND, EXIT_USAGE, say, shorten, write


class _Group(HelpMixin, TyperGroup):
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


def _version(value: bool) -> None:
    if value:
        write(f"backmuscles {__version__}\n")
        raise typer.Exit()


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
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    ctx.obj = {"data": data, "no_cache": no_cache}


def _new_app() -> typer.Typer:
    """The app with its global options and no command yet."""
    new = typer.Typer(
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
            "  backmuscles screen lower-back\n\n"
            "  backmuscles regions"
        ),
        no_args_is_help=True,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
    )
    new.callback()(main)
    return new


def _full_app() -> typer.Typer:
    """The app with every command, in the order help lists them; built once."""
    built = globals().get("app")
    if isinstance(built, typer.Typer):
        return built
    full = _new_app()
    for name in COMMANDS:
        register(full, name)
    globals()["app"] = full
    return full


def __getattr__(name: str) -> typer.Typer:
    """``app``, the full app, built when first asked for (a run builds only its command)."""
    if name == "app":
        return _full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "app"})  # Typer's own CLI looks for `app` in dir(module)


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


_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _completion_for_the_shell_named(words: list[str]) -> None:
    """``--show-completion SHELL`` (and ``--install-completion SHELL``) for the shell
    named, not the one it runs in: Typer takes the shell's name as the option's value only
    with its shell detection off (``_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION``), so it
    is turned off when a shell is named. Without a name, the current shell's, as before."""
    for n, word in enumerate(words):
        flag, _, value = word.partition("=")
        if flag not in ("--show-completion", "--install-completion"):
            continue
        named = value or (words[n + 1] if n + 1 < len(words) else "")
        if named in _SHELLS:
            os.environ["_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"] = "1"
        elif named and not named.startswith("-"):
            # a shell we do not know: never fall back to installing the current shell's
            say(f"unknown shell {named!r} for {flag}; use one of: {', '.join(_SHELLS)}.")
            raise SystemExit(EXIT_USAGE)


def app_for(argv: list[str], environ: dict[str, str] | None = None) -> typer.Typer:
    """The app with only the invoked command registered, and only its module imported.
    Typer builds every registered command on every run (measured: 3.8 ms for all of them,
    1.4 ms for one), and every TAB completion is a run. Help, typos and completing a
    command's own name get the full app."""
    env = os.environ if environ is None else environ
    words = argv[1:]
    _completion_for_the_shell_named(words)
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
    if name is None or name not in COMMANDS:
        return _full_app()
    narrow = _new_app()
    register(narrow, name)
    return narrow
