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


def _program(shell: str) -> tuple[int, str]:
    """Run a shell line with $BM as the program on the real dataset: (exit code, stderr)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "BACKMUSCLES_DATA": str(REPO_DATA), "BACKMUSCLES_NO_CACHE": "1"}
    env["BM"] = f"{sys.executable} -m backmuscles"
    done = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, timeout=60, env=env
    )
    return done.returncode, done.stderr


def test_a_screening_result_keeps_its_code_and_reaches_stderr_when_stdout_fails() -> None:
    for redirect in (">&-", ">/dev/full"):
        code, err = _program(f"$BM screen --yes saddle-numbness {redirect}")
        assert code == 4, (redirect, err)
        assert "EMERGENCY - Get emergency help now" in err and "emergency number" in err
        assert "cannot write the output" in err
    code, err = _program("$BM screen --yes fever >&-")
    assert code == 3 and "URGENT" in err
    code, err = _program("echo y | $BM where lower-back --screen >/dev/full")
    assert code == 4 and "EMERGENCY" in err
    # a result that does not withhold is ordinary output: a failed write is exit 1, as before
    code, err = _program("$BM screen --yes inflammatory >&-")
    assert code == 1 and "cannot write the output" in err


def test_the_markdown_page_carries_a_result_that_withholds_the_plan(tmp_path) -> None:
    page = tmp_path / "plan.md"
    code, err = _program(f"printf '\\ny\\n' | $BM plan lower-back --screen --markdown {page}")
    assert code == 4
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Warning signs: EMERGENCY - Get emergency help now")
    assert "emergency number" in text and "wrote the screening result" in err
