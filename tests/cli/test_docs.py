"""Docs that cannot drift: the README's sessions are real output, every command and option
is documented, every environment variable the code reads is in the README
(docs/cli.md: tests/system/test_docs.py)."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
import typer

from backmuscles.cli import app
from tests.conftest import REPO, run_cli

README = REPO / "README.md"
UPDATE = bool(os.environ.get("BACKMUSCLES_UPDATE_GOLDEN"))
SESSION = re.compile(r"```console\n\$ (?P<command>[^\n]*)\n(?P<output>.*?)```", re.DOTALL)

CLICK_APP = typer.main.get_command(app)
COMMANDS = CLICK_APP.commands  # type: ignore[attr-defined]


def readme() -> str:
    return README.read_text(encoding="utf-8")


def session_output(command: str) -> str:
    argv = shlex.split(command)
    assert argv[0] == "backmuscles", command
    return run_cli(argv[1:], data=None, env={"COLUMNS": "100"}).output


def test_readme_sessions_are_real_output() -> None:
    text = readme()
    sessions = list(SESSION.finditer(text))
    assert len(sessions) >= 5
    if UPDATE:
        text = SESSION.sub(
            lambda m: f"```console\n$ {m['command']}\n{session_output(m['command'])}```", text
        )
        README.write_text(text, encoding="utf-8")
        sessions = list(SESSION.finditer(text))
    for session in sessions:
        assert session_output(session["command"]) == session["output"], session["command"]


def test_readme_opens_with_the_two_setup_commands() -> None:
    text = readme()
    run = re.search(r"<!-- run-command -->\n```sh\n(.+)\n```", text)
    test = re.search(r"<!-- test-command -->\n```sh\n(.+)\n```", text)
    assert run and "pip install ." in run[1] and "where lower-back tailbone" in run[1]
    assert test and 'pip install -e ".[test]"' in test[1] and "pytest" in test[1]
    assert text.index("<!-- run-command -->") < text.index("## Examples")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    command = COMMANDS[name]
    assert command.help and command.help.strip(), f"{name} has no help"
    assert command.epilog and "Examples:" in command.epilog, f"{name} has no examples"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    text = readme()
    assert f"| `{name}" in text, f"command {name} missing from the README's command table"
    for param in COMMANDS[name].params:
        for opt in param.opts:
            if opt.startswith("-") and opt not in ("-h", "--help"):
                assert f"`{opt}" in text, f"{name} {opt} is not documented in the README"


def test_global_options_are_in_the_readme() -> None:
    text = readme()
    for param in CLICK_APP.params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert f"`{opt}" in text, f"{opt} is not documented in the README"


def test_every_environment_variable_is_documented() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in (REPO / "backmuscles").rglob("*.py"))
    names = set(re.findall(r"\bBACKMUSCLES_[A-Z_]+\b", source))
    assert names >= {"BACKMUSCLES_DATA", "BACKMUSCLES_DEBUG"}
    table = readme().split("## Environment variables", 1)[1]
    for name in sorted(names):
        assert f"`{name}`" in table, f"{name} is not in the README's environment table"


def test_docs_files_exist() -> None:
    assert Path(REPO / "docs" / "ranking.md").is_file()


def test_data_format_example_muscle_is_valid(tmp_path: Path) -> None:
    """The complete example in docs/data-format.md loads against the shipped regions."""
    import shutil

    from backmuscles.dataset.loader import load

    text = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
    example = re.search(r"<!-- example-muscle -->\n```yaml\n(.*?)```", text, re.DOTALL)
    assert example
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    (data / "muscles" / "example-muscle.yaml").write_text(example[1], encoding="utf-8")
    muscle = load(data).muscle_by_id["example-muscle"]
    assert muscle.trigger_points and muscle.could_also_be


def test_data_format_documents_every_muscle_field() -> None:
    from backmuscles.dataset.loader import MUSCLE_KEYS

    text = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
    for key in MUSCLE_KEYS:
        assert f"| `{key}" in text, f"{key} is not in docs/data-format.md"


def _flat(text: str) -> str:
    """Rendered help with the box drawing and line breaks taken out."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@pytest.mark.parametrize("name", [None, *sorted(COMMANDS)])
def test_every_help_text_survives_rendering(name: str | None) -> None:
    """Every word of every help text reaches the screen: rich would silently eat a
    "[...]" it takes for markup."""
    command = CLICK_APP if name is None else COMMANDS[name]
    argv = ["--help"] if name is None else [name, "--help"]
    shown = _flat(run_cli(argv, env={"TERMINAL_WIDTH": "1000"}).stdout)
    texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
    for text in texts:
        first_paragraph = text.split("\n\n")[0]
        assert _flat(first_paragraph) in shown, first_paragraph


def test_readme_example_svg_is_current() -> None:
    """docs/images/map-piriformis.svg is what `map --muscle piriformis --svg` writes today."""
    committed = REPO / "docs" / "images" / "map-piriformis.svg"
    fresh = run_cli(["map", "--muscle", "piriformis", "--svg", "-"], data=None).stdout
    if UPDATE:
        committed.parent.mkdir(parents=True, exist_ok=True)
        committed.write_text(fresh, encoding="utf-8")
    assert committed.read_text(encoding="utf-8") == fresh
