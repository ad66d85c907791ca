"""The interview in a real process: an endless line of input is read in bounded pieces
under a memory limit."""

from __future__ import annotations

from tests.conftest import REPO_DATA


def test_an_endless_line_of_input_is_read_in_bounded_pieces() -> None:
    import subprocess
    import sys

    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "from backmuscles.__main__ import main; sys.argv = ['backmuscles', 'where',"
        " 'lower-back', '--screen']; main()"
    )
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-c", code], stdin=zero, capture_output=True, text=True, timeout=60,
            env={"BACKMUSCLES_DATA": str(REPO_DATA), "BACKMUSCLES_NO_CACHE": "1", "PATH": ""},
        )  # fmt: skip
    assert done.returncode == 2, done.stderr[-500:]
    assert "internal error" not in done.stderr and "MemoryError" not in done.stderr
