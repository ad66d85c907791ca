"""The commands, one module each: parse, call the domain, pass the output to
:func:`~backmuscles.cli.output.emit`, raise a :mod:`backmuscles.core.errors` failure for
anything that goes wrong. A module is imported only when its command is registered on an
app (:func:`register`): a run registers only the command it runs."""

from collections.abc import Callable
from typing import Any, TypeVar

import typer

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
    app.command(given, **settings)(callback)
