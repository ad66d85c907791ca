"""The commands, one module each: parse, call the domain, pass the output to
:func:`~backmuscles.cli.output.emit`, raise a :mod:`backmuscles.core.errors` failure for
anything that goes wrong. A module is imported only when its command is registered on an
app (:func:`register`): a run registers only the command it runs."""

import re
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer.core import TyperCommand

# a command's name -> its module in this package, in the order help lists them
COMMANDS = {
    "where": "where",
    "list": "list",
    "show": "show",
    "regions": "regions",
    "validate": "validate",
    "screen": "screen",
    "exercises": "exercises",
    "plan": "plan",
    "map": "map",
    "compare": "compare",
}

Callback = TypeVar("Callback", bound=Callable[..., None])

# a command module's name -> its function, and the name and settings it gave `command`
_declared: dict[str, tuple[Callable[..., None], str | None, dict[str, Any]]] = {}


def command(name: str | None = None, **settings: Any) -> Callable[[Callback], Callback]:
    """Declare the command a module holds, with the arguments of ``typer.Typer.command``;
    :func:`register` adds it to an app."""

    def declare(callback: Callback) -> Callback:
        _declared[callback.__module__] = (callback, name, settings)
        return callback

    return declare


def register(app: typer.Typer, name: str) -> None:
    """Add the command ``name`` to ``app``, importing its module if it is not yet."""
    module = f"{__name__}.{COMMANDS[name]}"
    if module not in _declared:
        __import__(module)
    callback, given, settings = _declared[module]
    app.command(given, cls=Command, **settings)(callback)


# --- help ---------------------------------------------------------------------------------------

_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.M)  # spaces before the end (and codes)


def _help_text(draw: Callable[[], None]) -> str:
    """What ``draw`` prints to stdout (Typer's rich help prints as it formats), without
    the spaces rich pads each line with."""
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        draw()
    return _TRAILING.sub(r"\1", buffer.getvalue())


class _Untyped:
    """A parameter type's stand-in that names no type in help: an argument with a metavar
    (``REGION...``) is shown as that alone, not with ``<str>`` after it."""

    def get_metavar(self, *args: Any, **kwargs: Any) -> str:
        return ""


_untyped: dict[type, type] = {}


class HelpMixin:
    """Help as a reader wants it, for the group and every command: plain metavars
    (``REGION...``, never ``{REGION...}`` or ``<str>``), no trailing spaces when piped, and a
    bare command (``backmuscles``, ``backmuscles where``) prints its help on stderr and
    exits 2, as a usage error does (the help is not the output the command was run for)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        return [re.sub(r"^\{(.*)\}$", r"\1", piece) for piece in pieces]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in getattr(self, "params", ()):
            kind = param.type
            if (
                param.param_type_name == "argument"
                and param.metavar
                and not isinstance(kind, _Untyped)
            ):
                cls = type(kind)
                if cls not in _untyped:
                    _untyped[cls] = type(f"Untyped{cls.__name__}", (_Untyped, cls), {})
                plain: Any = object.__new__(_untyped[cls])
                plain.__dict__.update(kind.__dict__)
                param.type = plain
        draw = super().format_help  # type: ignore[misc]
        if sys.stdout.isatty():
            draw(ctx, formatter)
            return
        text = _help_text(lambda: draw(ctx, formatter))
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except OSError as exc:  # `--help | head -3`: read as far as it was wanted
            import errno

            if exc.errno != errno.EPIPE:
                raise
            raise typer.Exit(0) from None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and getattr(self, "no_args_is_help", False) and not ctx.resilient_parsing:
            text = _help_text(lambda: self.format_help(ctx, ctx.make_formatter()))
            sys.stderr.write(text)
            raise typer.Exit(2)
        return super().parse_args(ctx, args)  # type: ignore[misc,no-any-return]


class Command(HelpMixin, TyperCommand):
    """Every command's class (:class:`HelpMixin`)."""
