"""What the command line prints: the output in the chosen mode (JSON, plain text, or rich on a
terminal), files written safely, and the one ``backmuscles:`` line that says anything else."""

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, NoReturn

if TYPE_CHECKING:  # the writers load only when their output is printed
    from rich.console import RenderableType

    from backmuscles.present import render_plain as plain_writer
    from backmuscles.present import render_rich as rich_writer

__all__ = [
    "EXIT_NOT_FOUND",
    "EXIT_USAGE",
    "LONGEST_WORD",
    "SHOWN",
    "Mode",
    "emit",
    "output_mode",
    "plain_writer",
    "printable",
    "rich_writer",
    "save",
    "say",
    "shorten",
    "write",
]

Mode = Literal["json", "plain", "rich"]

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2


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
    paged: bool = False,
) -> None:
    """Print in the chosen mode; only the chosen one is built, and rich is imported only
    to draw for a terminal. A terminal too narrow for any drawing gets the plain text,
    which is always complete. ``paged``: a drawing longer than the terminal goes through
    the pager (:func:`show_in_pager`); never JSON or plain text, never off a terminal."""
    mode = output_mode(as_json, plain)
    if mode == "json":
        from backmuscles.present.views import json_text

        write(json_text(document(), indent=sys.stdout.isatty()))
    elif mode == "plain":
        write(text())
    else:
        from backmuscles.present import render_rich

        pager = show_in_pager if paged and sys.stdout.isatty() else None
        if not render_rich.print_to_terminal(drawing, pager=pager):
            write(text())


DEFAULT_PAGER = "less -FRX"


def pager_command() -> list[str] | None:
    """The pager to use, as git chooses one: ``BACKMUSCLES_PAGER`` if set, else ``PAGER``,
    else ``less -FRX``; None for none (set but empty, ``cat``, or not a command line)."""
    import shlex

    for name in ("BACKMUSCLES_PAGER", "PAGER"):
        if name in os.environ:
            value = os.environ[name].strip()
            break
    else:
        value = DEFAULT_PAGER
    try:
        argv = shlex.split(value)
    except ValueError:  # an unclosed quote
        return None
    return None if not argv or argv == ["cat"] else argv


def show_in_pager(text: str) -> bool:
    """Send ``text`` through the pager; False if there is none, it cannot be started (not
    installed) or it fails (a non-zero exit), so the caller prints the text itself. A pager
    quit before the end ('q') is a success: the reader chose to stop. Ctrl-C is left to the
    pager while it runs, as git does. ``less`` gets ``LESS=FRX`` unless ``LESS`` is set."""
    import signal
    import subprocess

    argv = pager_command()
    if argv is None:
        return False
    env = {**os.environ}
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    with contextlib.suppress(OSError):
        sys.stdout.flush()  # anything already written comes before the pager's screen
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):  # not installed, not runnable, a NUL in the command
        return False
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert process.stdin is not None
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        with contextlib.suppress(OSError):  # BrokenPipeError: the pager was quit early
            process.stdin.write(text.encode(encoding, errors="replace"))
        with contextlib.suppress(OSError):
            process.stdin.close()
        code = process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return code == 0


@contextlib.contextmanager
def concluding(code: int, advice: Callable[[], str]) -> Iterator[None]:
    """Around the output of a screening result: one that withholds self-care is advice a
    person must see and an exit code (3, 4, 5) a script acts on. If stdout cannot take it
    (closed, full, a reader gone), the advice goes to stderr instead and the exit code stays
    the screening's (the entry point reads ``exit_code`` off the error)."""
    try:
        yield
    except OSError as exc:
        if code:
            with contextlib.suppress(Exception):
                sys.stderr.write(advice())
                sys.stderr.flush()
            exc.exit_code = code  # type: ignore[attr-defined]
        raise


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
