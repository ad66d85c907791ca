"""The same failure says the same thing, with the same exit code, in every command: one
lookup per kind of name raises one failure, and one place (the CLI's funnel) says it."""

from __future__ import annotations

import pytest

from backmuscles.core.errors import Concluded, NotFound, UsageError, did_you_mean, one_of
from tests.conftest import run_cli

# every command that takes a muscle name, with the name in its place
MUSCLE_COMMANDS = [
    lambda name: ["show", name],
    lambda name: ["map", "--muscle", name],
    lambda name: ["compare", name, "ql"],
    lambda name: ["compare", "ql", name],
    lambda name: ["exercises", "--muscle", name],
]
# every command that takes region words
REGION_COMMANDS = [
    lambda words: ["where", words],
    lambda words: ["plan", words],
    lambda words: ["map", words],
    lambda words: ["list", "--region", words],
    lambda words: ["screen", words, "--no", "saddle-numbness"],
]


def outcome(argv: list[str]) -> tuple[int, str, str]:
    result = run_cli(argv, data=None)
    return result.exit_code, result.stderr, result.stdout


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        (
            "erector-spinae",
            1,
            "backmuscles: 'erector-spinae' is a group of muscles: iliocostalis-lumborum, "
            "iliocostalis-thoracis, longissimus-thoracis. Name one of them.\n",
        ),
        (
            "piriformiss",
            1,
            "backmuscles: no muscle called 'piriformiss'; did you mean piriformis? "
            "Run 'backmuscles list' to see them all.\n",
        ),
        (
            "zzz",
            1,
            "backmuscles: no muscle called 'zzz'. Run 'backmuscles list' to see them all.\n",
        ),
    ],
)
def test_a_muscle_name_that_fails_fails_alike_in_every_command(name, code, message) -> None:
    for command in MUSCLE_COMMANDS:
        argv = command(name)
        expected = message
        if argv[0] == "compare":  # it reads several names as words, and echoes the words
            expected = message.replace(repr(name), repr(name.replace("-", " ")))
        assert outcome(argv) == (code, expected, ""), argv


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (
            "tailbo",
            "backmuscles: unknown region 'tailbo'; did you mean tailbone? "
            "Run 'backmuscles regions' to see them all.\n",
        ),
        (
            "elbow",
            "backmuscles: unknown region 'elbow'. Run 'backmuscles regions' to see them all.\n",
        ),
        ("pain", "backmuscles: no region given. Run 'backmuscles regions' to see them all.\n"),
    ],
)
def test_region_words_that_fail_fail_alike_in_every_command(words, message) -> None:
    for command in REGION_COMMANDS:
        argv = command(words)
        assert outcome(argv) == (2, message, ""), argv


def test_bad_data_is_said_alike_in_every_command(tmp_path) -> None:
    (tmp_path / "regions.yaml").write_text("regions: [\n", encoding="utf-8")
    said = set()
    for argv in (["where", "back"], ["list"], ["show", "ql"], ["regions"], ["map", "back"]):
        result = run_cli(argv, data=tmp_path)
        assert result.exit_code == 1, argv
        assert result.stderr.startswith("backmuscles: bad data: "), argv
        assert result.stderr.count("\n") == 1 and result.stdout == "", argv
        said.add(result.stderr)
    assert len(said) == 1


def test_the_failures_carry_their_codes() -> None:
    assert (NotFound("x").code, UsageError("x").code, Concluded(4).code) == (1, 2, 4)
    assert NotFound("x", cut=False).cut is False
    assert one_of(["a"]) == "a" and one_of(["a", "b", "c"]) == "a, b or c"
    assert did_you_mean([]) == "." and did_you_mean(["a", "b"]) == "; did you mean a or b?"
