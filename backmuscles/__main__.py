"""Entry point for the ``backmuscles`` script and ``python -m backmuscles``.

Kept tiny so that Ctrl-C while the program is still importing exits quietly with 130,
and an unexpected error prints one line instead of a traceback (set
``BACKMUSCLES_DEBUG=1`` to see it).
"""

from __future__ import annotations

import os
import sys


def main() -> None:
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
