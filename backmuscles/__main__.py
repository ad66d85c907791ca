"""Entry point for the ``backmuscles`` script and ``python -m backmuscles``.

Kept tiny so that Ctrl-C while the program is still importing exits quietly with 130,
and an unexpected error prints one line instead of a traceback (set
``BACKMUSCLES_DEBUG=1`` to see it).
"""

from __future__ import annotations

import os
import sys

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


def main() -> None:
    _tolerate_narrow_encodings()
    if sys.argv[1:] == ["--version"]:  # the same answer as the Typer option, without Typer
        from . import __version__

        sys.stdout.write(f"backmuscles {__version__}\n")
        return
    try:
        from .cli import app_for

        app_for(sys.argv)(prog_name="backmuscles")
    except KeyboardInterrupt:
        sys.exit(130)
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
