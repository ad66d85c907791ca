"""Every command through CliRunner: exit code, stdout and stderr, in each output mode."""

from __future__ import annotations

import json
import re

import pytest

from backmuscles import __version__
from backmuscles.core.safety import CAVEAT, SAFETY_NET
from tests.conftest import TINY, run_cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-7]|9[0-7]|38;)[0-9;]*m")
BOXES = set("│┃━─┏┓└┘╭╮╰╯")

COMMANDS = ["where", "list", "show", "regions"]


# --- where ---------------------------------------------------------------------------------------


def test_where_main_job_on_the_real_data() -> None:
    result = run_cli(["where", "lower-back", "tailbone", "--json"], data=None)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    top = [r["muscle"]["id"] for r in doc["results"][:2]]
    assert set(top) == {"quadratus-lumborum", "gluteus-medius"}
    first = doc["results"][0]
    assert first["sites_matched"] == first["sites_total"] == 2
    assert [e["site"] for e in first["evidence"]] == ["lower-back", "tailbone"]
    assert "lower back: essential zone" in first["why"]
    assert result.stderr == ""


def test_where_json_shape(invoke) -> None:
    result = invoke(["where", "lower back", "coccyx", "--json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1 and doc["command"] == "where"
    assert doc["query"] == {
        "input": ["lower back", "coccyx"],
        "regions": [
            {"id": "lower-back", "label": "lower back"},
            {"id": "tailbone", "label": "tailbone"},
        ],
        "ignored": [],
        "read_as": "lower back, tailbone",
        "sites": [
            {
                "region": {"id": "lower-back", "label": "lower back"},
                "side": None,
                "words": ["lower", "back"],
                "symptom": None,
            },
            {
                "region": {"id": "tailbone", "label": "tailbone"},
                "side": None,
                "words": ["coccyx"],
                "symptom": None,
            },
        ],
        "symptoms": [],
        "corrections": [],
        "notes": [],
        "check_first": [],
        "activities": [],
    }
    assert [r["rank"] for r in doc["results"]] == [1, 2]
    assert doc["results"][0]["muscle"]["self_care"]["strengthen"] == ["Side plank."]
    assert doc["caveat"] == CAVEAT and doc["safety_net"] == list(SAFETY_NET)


def test_where_multi_word_unquoted(invoke) -> None:
    result = invoke(["where", "lower", "back", "tailbone", "--json"])
    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.stdout)["query"]["regions"]] == [
        "lower-back",
        "tailbone",
    ]


def test_where_plain_when_piped(invoke) -> None:
    result = invoke(["where", "lower-back", "tailbone"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(
        "Read as: lower back, tailbone\n\nMuscles often linked to pain at: lower back, tailbone\n"
    )
    assert "1     Alpha muscle" in out
    assert not BOXES & set(out) and "\x1b" not in out
    assert "This is not a diagnosis." in out
    assert SAFETY_NET[1] in out


def test_where_top_and_details(invoke) -> None:
    result = invoke(["where", "lower-back", "--top", "1", "--details", "0"])
    assert result.exit_code == 0
    assert "Alpha muscle" in result.stdout and "Beta muscle" not in result.stdout
    assert "Anatomy:" not in result.stdout


def test_where_unknown_region_is_a_usage_error_with_suggestions(invoke) -> None:
    result = invoke(["where", "lowr", "bak"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "backmuscles: unknown region 'lowr bak'; did you mean lower-back? "
        "Run 'backmuscles regions' to see them all.\n"
    )


def test_where_only_filler_words(invoke) -> None:
    result = invoke(["where", "pain"])
    assert result.exit_code == 2
    assert "no region given" in result.stderr


@pytest.mark.parametrize("command", ["where", "show", "map", "plan", "compare"])
def test_a_bare_command_shows_its_help_on_stderr(invoke, command) -> None:
    """Not the output the command was run for: help on stderr, exit 2, as a usage error."""
    result = invoke([command])
    assert result.exit_code == 2 and result.stdout == ""
    assert f"Usage: backmuscles {command} [OPTIONS] " in result.stderr
    assert not any(line.endswith(" ") for line in result.stderr.splitlines())


def test_where_bad_option_value(invoke) -> None:
    result = invoke(["where", "back", "--top", "0"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--top" in result.stderr


def test_where_nothing_matches_exits_1(tiny_copy) -> None:
    # A region no muscle reaches: possible only in a hand-made dataset.
    regions = tiny_copy / "regions.yaml"
    regions.write_text(
        regions.read_text(encoding="utf-8")
        + "  - id: knee\n    label: knee\n    synonyms: []\n    description: The knee.\n",
        encoding="utf-8",
    )
    result = run_cli(["where", "knee"], data=tiny_copy)
    assert result.exit_code == 1
    assert "no muscle in the dataset refers pain to these sites" in result.stderr
    json_result = run_cli(["where", "knee", "--json"], data=tiny_copy)
    assert json_result.exit_code == 1
    assert json.loads(json_result.stdout)["results"] == []


# --- show ----------------------------------------------------------------------------------------


def test_show_by_alias_any_case(invoke) -> None:
    result = invoke(["show", "am"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Alpha muscle (also: AM, first muscle)\nGroup: test pair\n")
    assert "Sources:\n  - Fixture source A." in result.stdout
    assert CAVEAT in result.stdout


def test_show_multi_word_name(invoke) -> None:
    result = invoke(["show", "first", "muscle", "--json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["command"] == "show" and doc["muscle"]["id"] == "alpha"
    assert doc["muscle"]["pain_pattern"]["essential"] == [
        {"region": "lower-back", "label": "lower back", "frequency": 3}
    ]
    assert doc["caveat"] == CAVEAT


def test_show_misspelling_suggests(invoke) -> None:
    result = invoke(["show", "alpha", "musle"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "did you mean alpha?" in result.stderr


def test_show_unknown(invoke) -> None:
    result = invoke(["show", "zzz"])
    assert result.exit_code == 1
    assert result.stderr == (
        "backmuscles: no muscle called 'zzz'. Run 'backmuscles list' to see them all.\n"
    )


def test_show_group_name(invoke) -> None:
    result = invoke(["show", "test pair"])
    assert result.exit_code == 1
    assert "'test pair' is a group of muscles: alpha, beta" in result.stderr


# --- list ----------------------------------------------------------------------------------------


def test_list_plain_is_one_muscle_per_line(invoke) -> None:
    result = invoke(["list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["alpha", "beta", "gamma"]
    assert all(len(line.split("\t")) == 5 for line in lines)


def test_list_region_filter_uses_the_hierarchy(invoke) -> None:
    result = invoke(["list", "--region", "back", "--json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["filter"] == {"region": "back", "group": None}
    assert [m["id"] for m in doc["muscles"]] == ["alpha", "beta"]
    assert doc["count"] == 2


def test_list_region_unknown(invoke) -> None:
    result = invoke(["list", "--region", "nowhere"])
    assert result.exit_code == 2
    assert "unknown region 'nowhere'" in result.stderr


def test_list_real_dataset_json_has_every_muscle() -> None:
    result = run_cli(["list", "--json"], data=None)
    doc = json.loads(result.stdout)
    assert doc["count"] == len(doc["muscles"]) >= 7
    assert all(m["sources"] and m["pain_pattern"]["essential"] for m in doc["muscles"])


# --- regions ----------------------------------------------------------------------------------


def test_regions_tree(invoke) -> None:
    result = invoke(["regions"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "back  back",
        "  lower-back  lower back  (low back, lumbar)",
    ]


def test_regions_json(invoke) -> None:
    doc = json.loads(invoke(["regions", "--json"]).stdout)
    back = doc["regions"][0]
    assert back["id"] == "back" and back["children"] == ["lower-back"] and back["parent"] is None


# --- everywhere -------------------------------------------------------------------------------


def test_version(invoke) -> None:
    result = invoke(["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"backmuscles {__version__}\n"


def test_bare_command_shows_help(invoke) -> None:
    result = invoke([])
    assert result.exit_code == 2 and result.stdout == ""
    assert "Usage: backmuscles" in result.stderr
    for command in COMMANDS:
        assert command in result.stderr


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]])
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_everywhere_with_examples(invoke, command, flag) -> None:
    result = invoke([*command, flag])
    assert result.exit_code == 0
    assert "Usage: backmuscles" in result.stdout
    assert "Examples:" in result.stdout


def test_mistyped_command_gets_a_suggestion(invoke) -> None:
    result = invoke(["wher", "back"])
    assert result.exit_code == 2
    assert "Did you mean 'where'?" in result.stderr


@pytest.mark.parametrize("args", [["where", "back"], ["list"], ["show", "alpha"], ["regions"]])
def test_bad_data_is_one_line_and_exit_1(tiny_copy, args) -> None:
    (tiny_copy / "muscles" / "beta.yaml").write_text("id: [", encoding="utf-8")
    result = run_cli(args, data=tiny_copy)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("backmuscles: bad data: muscles/beta.yaml:")
    assert result.stderr.count("\n") == 1


def test_data_option_beats_environment(tmp_path) -> None:
    result = run_cli(["--data", str(TINY), "list"], data=tmp_path)
    assert result.exit_code == 0 and result.stdout.startswith("alpha\t")


def test_data_option_not_a_folder(invoke, tmp_path) -> None:
    result = invoke(["--data", str(tmp_path / "nope"), "list"])
    assert result.exit_code == 1
    assert result.stderr == f"backmuscles: bad data: {tmp_path / 'nope'}: --data is not a folder\n"


# --- colour and terminals ------------------------------------------------------------------------


def test_force_color_gives_rich_output_with_colour(invoke) -> None:
    result = invoke(["where", "lower-back"], env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert COLOUR.search(result.stdout)
    assert "●" in result.stdout and "─" in result.stdout  # the compact table, drawn
    long = invoke(["where", "lower-back", "--long"], env={"FORCE_COLOR": "1"})
    assert "┃" in long.stdout  # the long form's rich table


def test_no_color_wins_over_force_color(invoke) -> None:
    result = invoke(["where", "lower-back"], env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert not COLOUR.search(result.stdout)


def test_json_is_never_coloured(invoke) -> None:
    result = invoke(["where", "lower-back", "--json"], env={"FORCE_COLOR": "1"})
    assert "\x1b" not in result.stdout
    json.loads(result.stdout)


def test_plain_flag_beats_a_terminal(invoke) -> None:
    result = invoke(["list", "--plain"], env={"FORCE_COLOR": "1"})
    assert "\x1b" not in result.stdout and result.stdout.startswith("alpha\t")


def test_brackets_in_data_survive_rich(invoke) -> None:
    # "[knees bent]" would vanish if the text went to rich as markup.
    result = invoke(["show", "beta"], env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert "[knees bent]" in ANSI.sub("", result.stdout)


def test_user_input_with_brackets_is_echoed_verbatim(invoke) -> None:
    result = invoke(["where", "[bold]x"])
    assert result.exit_code == 2
    assert "'bold x'" in result.stderr


# (shell completion: tests/cli/test_completion.py)


# --- the narrowed app used at start-up behaves like the full one -------------------------------

NARROWING_CASES = [
    ["where", "lower-back", "tailbone"],
    ["where", "lower-back", "--json"],
    ["--data", str(TINY), "where", "back"],
    ["--no-cache", "list"],
    ["show", "alpha"],
    ["show", "zzz"],
    ["where"],
    ["where", "-h"],
    ["regions", "--json"],
    ["validate"],
    ["wher", "back"],
    [],
    ["-h"],
    ["--version"],
]


@pytest.mark.parametrize("argv", NARROWING_CASES, ids=lambda a: " ".join(a) or "(none)")
def test_the_narrowed_app_answers_like_the_full_one(argv) -> None:
    from typer.testing import CliRunner

    from backmuscles.cli import app, app_for

    env = {"BACKMUSCLES_DATA": str(TINY), "BACKMUSCLES_USER_DATA": ""}
    full = CliRunner().invoke(app, argv, prog_name="backmuscles", env=env)
    narrow = CliRunner().invoke(
        app_for(["backmuscles", *argv], {}), argv, prog_name="backmuscles", env=env
    )
    assert (narrow.exit_code, narrow.stdout, narrow.stderr) == (
        full.exit_code,
        full.stdout,
        full.stderr,
    )


def test_command_word() -> None:
    from backmuscles.cli import app, app_for, command_word

    assert command_word(["where", "x"]) == "where"
    assert command_word(["--data", "d", "--no-cache", "list"]) == "list"
    assert command_word(["--data=d", "show", "x"]) == "show"
    assert command_word(["--help"]) is None and command_word([]) is None
    completing = {
        "_BACKMUSCLES_COMPLETE": "complete_bash",
        "COMP_WORDS": "backmuscles wh",
        "COMP_CWORD": "1",
    }
    assert app_for(["backmuscles"], completing) is app  # completing the command name itself
    completing |= {"COMP_WORDS": "backmuscles where lo", "COMP_CWORD": "2"}
    assert [
        c.callback.__name__ for c in app_for(["backmuscles"], completing).registered_commands
    ] == ["where"]


# --- help (issue 16) -------------------------------------------------------------------------


def test_help_files_validate_under_data_authors_and_shows_a_screen_example() -> None:
    text = run_cli(["--help"], env={"COLUMNS": "100"}).stdout
    users, authors = text.split("For data authors")
    assert "validate" in authors and "validate" not in users.split("Commands")[1]
    assert "backmuscles screen lower-back" in text


def test_dash_n_means_one_thing() -> None:
    # -n is --top (where, plan); screen's --no has no short form
    assert run_cli(["screen", "-n", "fever"]).exit_code == 2
    top = run_cli(["where", "lower-back", "-n", "1", "--json"])
    assert top.exit_code == 0 and len(json.loads(top.stdout)["results"]) == 1


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]])
def test_help_has_plain_metavars_and_no_trailing_spaces(invoke, command) -> None:
    """``REGION...``, not ``{REGION...}``; no ``<str>``, ``<int range>`` or ``[x>=1]``; and
    piped, no line padded with spaces. The ranges still hold."""
    out = invoke([*command, "--help"]).stdout
    for noise in ("{", "<str>", "<int", "<float", "range", "x>=", "x<="):
        assert noise not in out, (command, noise)
    assert not [line for line in out.splitlines() if line.endswith(" ")]
    if command in (["where"], ["plan"]):
        assert f"Usage: backmuscles {command[0]} [OPTIONS] REGION...\n" in out
        assert re.search(r" --top +-n +N ", out)


def test_number_options_keep_their_ranges(invoke) -> None:
    for args, said in [
        (["where", "back", "-n", "0"], "'--top' / '-n': 0 is not in the range x>=1"),
        (["where", "back", "--details", "-1"], "'--details' / '-d': -1 is not in the range x>=0"),
        (["plan", "back", "-t", "500"], "'--minutes' / '-t': 500.0 is not in the range 1<=x<=240"),
        (["screen", "--age", "131"], "'--age': 131 is not in the range 0<=x<=130"),
    ]:
        result = invoke(args)
        assert result.exit_code == 2 and said in result.stderr, (args, result.stderr)
