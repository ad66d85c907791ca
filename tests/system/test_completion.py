"""Shell completion in real processes: the bash script that `--show-completion bash`
prints works when sourced, and every shell gets a script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_completion import SHELLS
from tests.conftest import TINY


def test_the_bash_script_from_show_completion_works() -> None:
    """The real thing: bash sources the script the program prints, then calls its
    completion function the way bash does on TAB."""
    bash = shutil.which("bash")
    program = Path(sys.executable).with_name("backmuscles")
    if bash is None or not program.exists():
        pytest.skip("needs bash and the installed backmuscles script")
    env = {
        **os.environ,
        "BACKMUSCLES_DATA": str(TINY),
        "BACKMUSCLES_USER_DATA": "",
        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
        "PATH": f"{program.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    script = (
        "source <(backmuscles --show-completion bash)\n"
        "COMP_WORDS=(backmuscles where lower-back t); COMP_CWORD=3\n"
        "_backmuscles_completion backmuscles\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        [bash, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.stdout.split() == ["tailbone"], result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("shell", SHELLS)
def test_show_completion_prints_a_script(shell: str) -> None:
    # a subprocess: Typer reads the variable that turns off shell detection at import
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "backmuscles", "--show-completion", shell],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "_BACKMUSCLES_COMPLETE" in result.stdout
    if shell == "zsh":
        assert result.stdout.startswith("#compdef backmuscles")


MARKS = {
    "bash": "complete -o default -F _backmuscles_completion backmuscles",
    "zsh": "#compdef backmuscles",
    "fish": "complete --command backmuscles",
    "powershell": "Register-ArgumentCompleter",
}


@pytest.mark.parametrize("shell", list(MARKS))
@pytest.mark.parametrize("form", ["apart", "joined"])
def test_show_completion_prints_the_named_shells_script(shell: str, form: str) -> None:
    """As the README says it: ``--show-completion SHELL`` (or ``=SHELL``) prints that shell's
    script, whatever shell runs it (no detection switch in the environment)."""
    env = {
        k: v for k, v in os.environ.items() if k != "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"
    }
    env["SHELL"] = "/bin/sh"  # not the shell asked for
    flag = ["--show-completion", shell] if form == "apart" else [f"--show-completion={shell}"]
    result = subprocess.run(
        [sys.executable, "-m", "backmuscles", *flag],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert MARKS[shell] in result.stdout
    for other, mark in MARKS.items():
        if other != shell:
            assert mark not in result.stdout, other
