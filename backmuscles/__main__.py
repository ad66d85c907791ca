"""Entry point for the ``backmuscles`` script and ``python -m backmuscles``.

Kept tiny so that Ctrl-C while the program is still importing exits quietly with 130,
and an unexpected error prints one line instead of a traceback (set
``BACKMUSCLES_DEBUG=1`` to see it).

It is also the one funnel for the edges of the process, so that no command has to think
about them: a standard stream that is closed or cannot be written never becomes a
traceback, and never changes what the program decides.

- stdin closed (``<&-``) or unreadable reads as the end of input, like ``</dev/null``.
- stderr closed (``2>&-``) or failing (``2>/dev/full``): what would go there is dropped;
  the output and the exit code are the same as with a working stderr.
- stdout closed (``>&-``) or failing (``>/dev/full``): one line on stderr,
  ``backmuscles: cannot write the output: <reason>``, and exit code 1. A reader that
  went away (``| head -1``) ends it quietly, with exit code 1 as before, except after
  help (``--help | head -3``), which was read as far as it was wanted: exit code 0. A
  screening result that withholds self-care is written to stderr instead and keeps its
  exit code.
"""

from __future__ import annotations

import errno
import io
import os
import sys

TYPE_CHECKING = False  # not typing's: importing typing would cost --version ~3 ms
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

# What a terminal that cannot show Unicode (LANG=C without UTF-8 coercion, or
# PYTHONIOENCODING=ascii) gets instead of the few non-ASCII characters the tool writes.
_ASCII = {
    "\u2022": "*", "\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"',
    "\u201d": '"', "\u2026": "...", "\u00b0": "deg", "\u2192": "->", "\u00d7": "x",
    "\u2265": ">=", "\u2264": "<=", "\u00b7": ".", "\u00a0": " ",
}  # fmt: skip


def _approximate(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: an ASCII stand-in for what the encoding cannot write."""
    import unicodedata

    assert isinstance(error, UnicodeEncodeError)
    bad = error.object[error.start : error.end]
    out = []
    for char in bad:
        ascii_form = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        out.append(_ASCII.get(char) or ascii_form or "?")
    return "".join(out), error.end


def _tolerate_narrow_encodings() -> None:
    """Never crash on output: where stdout or stderr is not UTF-8, write stand-ins."""
    streams = [s for s in (sys.stdout, sys.stderr) if s is not None]
    narrow = [s for s in streams if (s.encoding or "").lower().replace("-", "") != "utf8"]
    if not narrow:
        return
    import codecs

    codecs.register_error("backmuscles-ascii", _approximate)
    for stream in narrow:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backmuscles-ascii")


class OutputError(OSError):
    """stdout could not be written; ``errno`` and ``strerror`` are the failed write's."""


class _Output:
    """stdout, where a write or flush that fails raises :class:`OutputError`."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from None

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Closed(io.TextIOBase):
    """stdout when the program was started without one (``>&-``): every write fails, as
    a write to a closed descriptor does."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


class _Quiet:
    """stderr that never fails: what cannot be written is dropped."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except (OSError, ValueError):  # ValueError: the stream was closed
            return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:  # noqa: SIM105 (contextlib would be one more import for --version)
            self._stream.flush()
        except (OSError, ValueError):
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Input:
    """stdin where a read that fails (a descriptor open only for writing, a terminal that
    went away) reads as the end of input. (A directory as stdin never gets this far:
    Python itself refuses to start.)"""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def readline(self, size: int = -1) -> str:
        try:
            return str(self._stream.readline(size))
        except OSError:
            return ""

    def read(self, size: int = -1) -> str:
        try:
            return str(self._stream.read(size))
        except OSError:
            return ""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _guard_streams() -> None:
    """Set up the three standard streams as the module's docstring says. A descriptor
    that was closed is first reopened on /dev/null, so that no file opened later takes
    its number."""
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (open for the run)
    if sys.stdout is None:
        os.open(os.devnull, os.O_WRONLY)
        sys.stdout = _Closed()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    _tolerate_narrow_encodings()
    sys.stdin = _Input(sys.stdin)
    sys.stdout = _Output(sys.stdout)
    sys.stderr = _Quiet(sys.stderr)


def _discard_stdout() -> None:
    """Point descriptor 1 at /dev/null, so that what is still buffered for stdout goes
    there at exit instead of failing again (the advice in Python's documentation on
    SIGPIPE)."""
    try:  # noqa: SIM105
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # no descriptor (stdout was closed): nothing is buffered
        pass


def _fit_help() -> None:
    """Typer draws help as wide as the terminal: narrower than 40 columns it loses
    words, and with COLUMNS=0 it prints nothing. There it is drawn 40 wide and the
    terminal wraps the lines (click's plain help is never narrower than 50). The width
    is found as rich finds it: COLUMNS, else the first standard stream on a terminal."""
    if "TERMINAL_WIDTH" in os.environ:  # the user's (or a test's) own choice
        return
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() else None
    for descriptor in (0, 1, 2) if width is None else ():
        try:
            width = os.get_terminal_size(descriptor).columns or None  # 0: rich uses 80
        except OSError:
            continue
        break
    if width is not None and width < 40:
        os.environ["TERMINAL_WIDTH"] = "40"


def _run() -> None:
    if sys.argv[1:] in (
        ["--version"],
        ["-V"],
    ):  # the same answer as the Typer option, without Typer
        from . import __version__

        sys.stdout.write(f"backmuscles {__version__}\n")
        return
    _fit_help()
    from .cli import app_for

    app_for(sys.argv)(prog_name="backmuscles")


def _asks_for_help(words: list[str]) -> bool:
    """Whether the command line asks for help (before any ``--``)."""
    words = words[: words.index("--")] if "--" in words else words
    return "--help" in words or "-h" in words


def main() -> None:
    _guard_streams()
    try:
        try:
            _run()
        finally:
            sys.stdout.flush()  # here, so that a last write that fails is reported too
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit as exc:
        # Typer met the closed pipe itself (it wraps stdout so as to exit 1 quietly); after
        # help, that is a reader that had what it wanted (--help | head -3): exit 0
        pacified = type(sys.stdout).__name__ == "PacifyFlushWrapper"
        if exc.code == 1 and pacified and _asks_for_help(sys.argv[1:]):
            sys.exit(0)
        raise
    except OutputError as exc:
        _discard_stdout()
        if exc.errno != errno.EPIPE:  # a reader that went away (| head -1): quiet
            sys.stderr.write(f"backmuscles: cannot write the output: {exc.strerror or exc}\n")
        elif _asks_for_help(sys.argv[1:]):
            sys.exit(0)
        sys.exit(getattr(exc, "exit_code", 1))  # a screening result keeps its code (3, 4, 5)
    except Exception as exc:  # the last line of defence: no traceback for users
        if os.environ.get("BACKMUSCLES_DEBUG"):
            raise
        sys.stderr.write(
            f"backmuscles: internal error: {exc.__class__.__name__}: {exc}. "
            "Please report it; set BACKMUSCLES_DEBUG=1 to see the details.\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
