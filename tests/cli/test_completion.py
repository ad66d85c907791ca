"""Shell completion for bash, zsh and fish: region names after `where`, `plan` and
`list --region`, muscle names after `show` and `exercises --muscle`; names already typed are
left out; nothing but candidates on stdout, nothing on stderr, even with broken data.

In-process through the variables the shell scripts set (COMP_WORDS/COMP_CWORD for bash,
_TYPER_COMPLETE_ARGS for zsh and fish); tests/system/test_completion.py runs the real
scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TINY, run_cli

SHELLS = ["bash", "zsh", "fish"]


def complete(shell: str, line: str, data: Path | None = TINY) -> list[str]:
    """The candidate values the program gives ``shell`` for the command ``line`` (the
    cursor at its end), help texts stripped."""
    words = line.split(" ")
    env = {"_BACKMUSCLES_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line}
    if shell == "bash":
        env.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    result = run_cli([], data=data, env=env)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return parse(shell, result.stdout)


def parse(shell: str, out: str) -> list[str]:
    if shell == "bash":
        return out.split()
    if shell == "fish":
        return [line.split("\t")[0] for line in out.splitlines() if line]
    # zsh: _arguments '*: :(("value":"help" ...))'  or  compadd for values without help
    import re

    if out.strip() == "_files":  # no candidates: zsh falls back to file names
        return []
    return re.findall(r'"((?:[^"\\]|\\.)*)":', out) or re.findall(r"^([^\s:]+)$", out, re.M)


@pytest.mark.parametrize("shell", SHELLS)
def test_regions_after_where_and_plan(shell: str) -> None:
    for command in ("where", "plan"):
        found = complete(shell, f"backmuscles {command} ")
        assert found == ["back", "lower-back", "sacrum", "tailbone", "buttock", "outer-hip"]
        assert complete(shell, f"backmuscles {command} lower-back t") == ["tailbone"]


@pytest.mark.parametrize("shell", SHELLS)
def test_regions_already_typed_are_skipped_under_any_name(shell: str) -> None:
    found = complete(shell, "backmuscles where lower-back coccyx ")
    assert "lower-back" not in found and "tailbone" not in found
    assert "sacrum" in found


@pytest.mark.parametrize("shell", SHELLS)
def test_synonyms_complete_as_one_shell_word(shell: str) -> None:
    assert complete(shell, "backmuscles where cocc") == ["coccyx"]
    assert complete(shell, "backmuscles where si") == ["si-joint"]
    assert complete(shell, "backmuscles where lat") == ["lateral-hip"]
    # the id wins over a synonym of the same region: one candidate per region
    assert complete(shell, "backmuscles where lo") == ["lower-back"]


@pytest.mark.parametrize("shell", SHELLS)
def test_region_option_of_list(shell: str) -> None:
    assert complete(shell, "backmuscles list --region b") == ["back", "buttock"]


@pytest.mark.parametrize("shell", SHELLS)
def test_muscles_after_show_and_exercises_muscle(shell: str) -> None:
    assert complete(shell, "backmuscles show ") == ["alpha", "beta", "gamma"]
    assert complete(shell, "backmuscles show b") == ["beta"]
    assert complete(shell, "backmuscles show fir") == ["first-muscle"]  # an alias
    assert complete(shell, "backmuscles exercises --muscle g") == ["gamma"]


@pytest.mark.parametrize("shell", SHELLS)
def test_commands_complete(shell: str) -> None:
    assert complete(shell, "backmuscles wh") == ["where"]
    assert set(complete(shell, "backmuscles ")) >= {"where", "show", "plan", "list"}


def test_zsh_and_fish_show_the_label_beside_a_synonym() -> None:
    zsh = run_cli(
        [],
        env={
            "_BACKMUSCLES_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": "backmuscles where co",
        },
    ).stdout
    assert '"coccyx":"tailbone"' in zsh
    fish = run_cli(
        [],
        env={
            "_BACKMUSCLES_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": "backmuscles show a",
        },
    ).stdout
    assert fish == "alpha\tAlpha muscle\n"


@pytest.mark.parametrize("shell", SHELLS)
def test_broken_or_missing_data_gives_no_candidates_and_no_noise(
    shell: str, tiny_copy: Path, tmp_path: Path
) -> None:
    (tiny_copy / "regions.yaml").write_text("regions: [", encoding="utf-8")
    assert complete(shell, "backmuscles where ", data=tiny_copy) == []
    assert complete(shell, "backmuscles show a", data=tmp_path / "nowhere") == []


@pytest.mark.parametrize("shell", SHELLS)
def test_the_real_dataset_completes(shell: str) -> None:
    found = complete(shell, "backmuscles where ", data=None)
    assert "lower-back" in found and "tailbone" in found
    assert complete(shell, "backmuscles show ql", data=None) == ["ql"]
    assert complete(shell, "backmuscles show quad", data=None) == ["quadratus-lumborum"]


def test_show_offers_nothing_once_its_muscle_is_typed() -> None:  # issue 16
    assert complete("bash", "backmuscles show alpha ") == []
    assert complete("bash", "backmuscles show al") != []


def test_where_offers_a_region_in_the_case_typed() -> None:
    assert complete("bash", "backmuscles where Low") == ["Lower-back"]


def test_an_unknown_shell_is_a_usage_error_and_installs_nothing(tmp_path) -> None:
    # review: `--install-completion bogus` used to install the current shell's script
    import os
    import subprocess
    import sys

    env = {**os.environ, "HOME": str(tmp_path)}
    for flag in ("--install-completion", "--show-completion"):
        done = subprocess.run(
            [sys.executable, "-m", "backmuscles", flag, "bogus"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr == (
            f"backmuscles: unknown shell 'bogus' for {flag}; "
            "use one of: bash, zsh, fish, powershell, pwsh.\n"
        )
    assert list(tmp_path.iterdir()) == []
