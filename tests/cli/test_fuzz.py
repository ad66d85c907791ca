"""Fuzzed command lines: whatever a user types, every command ends with a known exit code,
no traceback, valid UTF-8 on both streams, and parseable JSON when it succeeds."""

from __future__ import annotations

import contextlib
import json
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from backmuscles.cli import app
from tests.conftest import REPO_DATA, scaled

COMMANDS = [
    "where", "list", "show", "regions", "validate", "screen", "exercises", "plan", "map", "compare",
]  # fmt: skip
OPTIONS = [
    "--json", "--plain", "--top", "-n", "--details", "-d", "--region", "-r", "--group", "-g",
    "--muscle", "-m", "--kind", "-k", "--minutes", "-t", "--markdown", "--yes", "-y", "--no",
    "--not-sure", "--age", "--list", "--screen", "--data", "--no-cache", "-h", "--help",
    "--version", "--", "-", "--top=0", "--top=-1", "--top=999999999999999999999",
    "--no-map", "--svg",
]  # fmt: skip
WORDS = [
    "lower-back", "tailbone", "lower back", "SI joint", "ql", "glute med", "back", "hip",
    "quadratus-lumborum", "side-plank", "stretch", "saddle-numbness", "fever", "0", "-1",
    "1e9", "nan", "inf", "", " ", "[bold]x[/]", "\x1b[31m", "../../etc/passwd", "%s%n",
]  # fmt: skip

# Allowed exits: 0/1/2 everywhere; screen and --screen also have their documented levels.
ALLOWED = {0, 1, 2}
SCREEN_LEVELS = {3, 4, 5}

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
argument = st.one_of(st.sampled_from(OPTIONS), st.sampled_from(WORDS), text)
long_argument = st.text(min_size=1000, max_size=5000)


def check(argv: list[str], stdin: str = "") -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as scratch, contextlib.chdir(scratch):
        # --markdown and --svg may write a file: never into the repository
        result = runner.invoke(
            app,
            argv,
            prog_name="backmuscles",
            env={"BACKMUSCLES_DATA": str(REPO_DATA), "BACKMUSCLES_USER_DATA": ""},
            input=stdin,
            catch_exceptions=True,
        )
    allowed = ALLOWED | (SCREEN_LEVELS if "screen" in argv or "--screen" in argv else set())
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        argv,
        repr(result.exception),
    )
    assert result.exit_code in allowed, (argv, result.exit_code, result.stderr[-500:])
    assert "Traceback" not in result.stdout + result.stderr, argv
    result.stdout_bytes.decode("utf-8")
    result.stderr_bytes.decode("utf-8")
    quiet = {"-h", "--help", "--version", "--markdown"}  # these print no JSON document
    if result.exit_code == 0 and "--json" in argv and not quiet & set(argv):
        json.loads(result.stdout)


SETTINGS = settings(
    max_examples=scaled(150),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(st.sampled_from(COMMANDS), st.lists(argument, max_size=8))
def test_any_arguments_to_any_command(command: str, args: list[str]) -> None:
    check([command, *args], stdin="n\n" * 30)


@SETTINGS
@given(st.lists(argument, max_size=6))
def test_any_arguments_without_a_command(args: list[str]) -> None:
    check(args)


@settings(max_examples=scaled(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COMMANDS), long_argument)
def test_very_long_arguments(command: str, arg: str) -> None:
    check([command, arg], stdin="n\n" * 30)


@settings(max_examples=scaled(10), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COMMANDS), st.lists(st.sampled_from(WORDS[:12]), min_size=200, max_size=400))
def test_hundreds_of_arguments(command: str, args: list[str]) -> None:
    check([command, *args], stdin="n\n" * 30)


@settings(max_examples=scaled(40), deadline=None)
@given(
    st.lists(st.sampled_from(["y", "n", "?", "maybe", "", "yes please", "\x00", "NO"]), max_size=40)
)
def test_any_answers_to_the_screening_questions(answers: list[str]) -> None:
    check(["screen", "--json"], stdin="\n".join(answers) + ("\n" if answers else ""))
    check(["where", "back", "--screen"], stdin="\n".join(answers))


NASTY = [
    ["plan", "back", "--markdown", "a\x00b"],
    ["--data", "a\x00b", "list"],
    ["validate", "a\x00b"],
    ["where", "\x00"],
    ["show", "\x1b[31mred"],
    ["plan", "back", "--minutes", "nan"],
    ["plan", "back", "--minutes", "inf"],
    ["screen", "--age", "99999999999999999999"],
    ["where", "back", "--top", "99999999999999999999"],
    ["list", "--region", ""],
    ["list", "--group", ""],
    ["screen", "--yes", ""],
    ["screen", "--yes", ",,,"],
    ["plan", "back", "--markdown", "/"],
    ["map", "back", "--svg", "/"],
    ["map", "back", "--svg", "a\x00b"],
    ["show", "ql", "--svg", "/nonexistent/dir/x.svg"],
    ["map"],
    ["map", "--muscle", ""],
    ["map", "--muscle", "erector spinae"],
    ["compare", "ql"],
    ["compare", "ql", "ql", "QL"],
    ["compare", "ql", "hip flexors"],
    ["compare", "ql", "nosuchmuscle"],
    ["exercises", "--kind", "\x00"],
    ["where", "--", "--json"],
    ["validate", "0" * 5000],
    ["--data", "x" * 5000, "list"],
    ["--data", "~nosuchuser/x", "list"],
    ["validate", "~nosuchuser"],
]


def test_nasty_arguments_found_by_hand() -> None:
    for argv in NASTY:
        check(argv)


def test_errors_never_echo_control_characters() -> None:
    result = CliRunner().invoke(
        app, ["show", "\x1b[31mred\nline"], env={"BACKMUSCLES_DATA": str(REPO_DATA)}
    )
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and result.stderr.count("\n") == 1
    assert "\\x1b[31mred\\nline" in result.stderr


def test_odd_environment_values_never_crash() -> None:
    for name, value in [
        ("BACKMUSCLES_USER_DATA", "~nosuchuser"),
        ("XDG_CACHE_HOME", "~nosuchuser"),
        ("XDG_DATA_HOME", "x" * 5000),
        ("BACKMUSCLES_DATA", "y" * 5000),
        ("COLUMNS", "not-a-number"),
        ("COLUMNS", "0"),
    ]:
        env = {"BACKMUSCLES_DATA": str(REPO_DATA), "BACKMUSCLES_USER_DATA": "", name: value}
        result = CliRunner().invoke(app, ["list"], env=env)
        assert result.exit_code in (0, 1), (name, value, repr(result.exception))
        assert result.exception is None or isinstance(result.exception, SystemExit), (name, value)
