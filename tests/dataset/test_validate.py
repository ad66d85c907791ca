"""`backmuscles validate` on the shipped data and on every kind of broken dataset, and
the user's own folder of additions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO_DATA, TINY, run_cli


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def validate_json(path: Path) -> tuple[int, dict]:
    result = run_cli(["validate", str(path), "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_shipped_data_is_clean() -> None:
    result = run_cli(["validate"], data=None)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("the built-in dataset: ")
    assert "0 errors" in result.stdout and "50 muscles" in result.stdout


def test_fixture_is_clean_and_json_shape() -> None:
    code, doc = validate_json(TINY)
    assert code == 0
    assert doc["schema_version"] == 1 and doc["command"] == "validate"
    assert doc["ok"] is True and doc["errors"] == 0
    # the fixture has no question bank: a warning, since only screening needs it
    assert [(p["severity"], p["file"]) for p in doc["problems"]] == [("warning", "red_flags.yaml")]
    assert doc["counts"] == {"regions": 6, "groups": 2, "muscles": 3}
    assert doc["mode"] == "dataset"


# Each broken dataset: (what to change, where) -> the problem's file, line, field, message.
BROKEN = {
    "unknown region id": (
        "muscles/alpha.yaml",
        "    lower-back: 3",
        "    lowr-back: 3",
        ("muscles/alpha.yaml", 12, "pain_pattern.essential.lowr-back", "unknown region"),
    ),
    "duplicate id": (
        "muscles/beta.yaml",
        "id: beta",
        "id: alpha",
        ("muscles/beta.yaml", 1, "id", "does not match the file name"),
    ),
    "alias shared by two muscles": (
        "muscles/beta.yaml",
        "aliases: [BM]",
        "aliases: [BM, am]",
        ("muscles/beta.yaml", 3, "aliases", "'am' also names muscle 'alpha'"),
    ),
    "region in both zones": (
        "muscles/alpha.yaml",
        "tailbone: 2",
        "lower-back: 1",
        ("muscles/alpha.yaml", 14, "pain_pattern.spillover.lower-back", "essential zone too"),
    ),
    "empty list": (
        "muscles/alpha.yaml",
        "function: [Bends the trunk sideways.]",
        "function: []",
        ("muscles/alpha.yaml", 8, "function", "is an empty list"),
    ),
    "missing sources": (
        "muscles/gamma.yaml",
        "sources: [Fixture source C.]",
        "",
        ("muscles/gamma.yaml", 1, "sources", "missing"),
    ),
    "empty sources": (
        "muscles/gamma.yaml",
        "sources: [Fixture source C.]",
        "sources: []",
        ("muscles/gamma.yaml", 22, "sources", "is an empty list"),
    ),
    "misspelt key": (
        "muscles/gamma.yaml",
        "could_also_be:",
        "could_also_bee:",
        ("muscles/gamma.yaml", 21, "could_also_bee", "unknown key"),
    ),
    "unknown group": (
        "muscles/gamma.yaml",
        "group: loners",
        "group: lonely",
        ("muscles/gamma.yaml", 4, "group", "unknown group 'lonely'"),
    ),
    "region no muscle reaches": (
        "regions.yaml",
        "  - id: outer-hip",
        "  - id: knee\n    label: knee\n    synonyms: []\n    description: The knee.\n"
        "  - id: outer-hip",
        ("regions.yaml", 25, "regions[knee]", "no muscle's pattern reaches this region"),
    ),
    "duplicate region id": (
        "regions.yaml",
        "  - id: outer-hip",
        "  - id: buttock\n    label: seat\n    synonyms: []\n    description: Again.\n"
        "  - id: outer-hip",
        ("regions.yaml", 25, "regions[5].id", "duplicate region id 'buttock'"),
    ),
    "bad frequency": (
        "muscles/beta.yaml",
        "buttock: 3",
        "buttock: high",
        ("muscles/beta.yaml", 12, "pain_pattern.essential.buttock", "frequency must be"),
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_kind_of_broken_dataset_is_named(case: str, tiny_copy: Path) -> None:
    file, old, new, (want_file, want_line, want_field, want_message) = BROKEN[case]
    edit(tiny_copy / file, old, new)
    code, doc = validate_json(tiny_copy)
    assert code == 1
    assert doc["ok"] is False
    matching = [
        p
        for p in doc["problems"]
        if p["file"] == want_file and p["field"] == want_field and want_message in p["message"]
    ]
    assert matching, doc["problems"]
    assert matching[0]["line"] == want_line
    assert matching[0]["severity"] == "error"


def test_duplicate_ids_in_two_files(tiny_copy: Path) -> None:
    shutil.copy(tiny_copy / "muscles/alpha.yaml", tiny_copy / "muscles/alpha.yml")
    code, doc = validate_json(tiny_copy)
    assert code == 1
    assert any("duplicate muscle id 'alpha'" in p["message"] for p in doc["problems"])


def test_every_problem_is_listed_not_just_the_first(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/alpha.yaml", "    lower-back: 3", "    lowr-back: 3")
    edit(tiny_copy / "muscles/alpha.yaml", "aggravating:", "agravating: [x]\naggravating:")
    edit(tiny_copy / "muscles/beta.yaml", "name: Beta muscle", "name: [Beta]")
    result = run_cli(["validate", str(tiny_copy)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "error: muscles/alpha.yaml:12: pain_pattern.essential.lowr-back: unknown region"
        " 'lowr-back'",
        "error: muscles/alpha.yaml:16: agravating: unknown key (known keys: id, name, aliases,"
        " group, anatomy, function, pain_pattern, aggravating, trigger_points, self_care,"
        " could_also_be, sources, exercises, trigger_point_regions, crosses_midline,"
        " worse_with)",
        "error: muscles/beta.yaml:2: name: expected text, got a list",
    ]
    assert lines[-1] == f"dataset {tiny_copy}: 3 errors, 1 warning"


def test_yaml_error_is_listed_with_its_line(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/beta.yaml", "group: test-pair", "group: [test-pair")
    code, doc = validate_json(tiny_copy)
    assert code == 1
    (problem,) = [p for p in doc["problems"] if p["severity"] == "error"]
    assert problem["file"] == "muscles/beta.yaml" and problem["line"] is not None
    assert problem["message"].startswith("YAML error")


def test_path_that_is_not_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(["validate", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "is not a folder" in result.stderr


# --- a user's folder of additions ------------------------------------------------------------


def additions(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    (folder / "muscles").mkdir(parents=True)
    delta = (TINY / "muscles/gamma.yaml").read_text(encoding="utf-8")
    delta = delta.replace("id: gamma", "id: delta").replace("Gamma muscle", "Delta muscle")
    (folder / "muscles/delta.yaml").write_text(delta, encoding="utf-8")
    (folder / "aliases.yaml").write_text(
        "muscles:\n  alpha: [the first one]\nregions:\n  buttock: [sitting area]\n",
        encoding="utf-8",
    )
    return folder


def test_user_additions_are_added(tmp_path: Path) -> None:
    env = {"BACKMUSCLES_USER_DATA": str(additions(tmp_path))}
    listed = run_cli(["list"], env=env)
    assert listed.exit_code == 0 and listed.stderr == ""
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == [
        "alpha",
        "beta",
        "gamma",
        "delta",
    ]
    assert run_cli(["show", "the first one", "--json"], env=env).exit_code == 0
    where = run_cli(["where", "sitting area", "--json"], env=env)
    assert json.loads(where.stdout)["query"]["regions"][0]["id"] == "buttock"


def test_user_additions_found_in_xdg_data_home(tmp_path: Path) -> None:
    folder = additions(tmp_path)
    xdg = tmp_path / "xdg"
    xdg.mkdir()
    folder.rename(xdg / "backmuscles")
    env = {"XDG_DATA_HOME": str(xdg)}
    result = run_cli(["list"], env={**env, "BACKMUSCLES_USER_DATA": ""})
    assert "delta" not in result.stdout  # empty BACKMUSCLES_USER_DATA turns additions off
    from backmuscles.dataset.location import user_data_dir

    assert user_data_dir({"XDG_DATA_HOME": str(xdg)}) == xdg / "backmuscles"
    assert user_data_dir({"HOME": str(tmp_path)}) is None  # ~/.local/share/backmuscles absent


def test_a_clash_is_reported_and_the_built_in_entry_wins(tmp_path: Path) -> None:
    folder = additions(tmp_path)
    clash = (TINY / "muscles/alpha.yaml").read_text(encoding="utf-8")
    (folder / "muscles/alpha.yaml").write_text(
        clash.replace("Alpha muscle", "Alpha impostor"), encoding="utf-8"
    )
    env = {"BACKMUSCLES_USER_DATA": str(folder)}
    result = run_cli(["show", "alpha", "--json"], env=env)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["muscle"]["name"] == "Alpha muscle"
    assert result.stderr == (
        f"backmuscles: warning: {folder}/muscles/alpha.yaml:1: id: muscle 'alpha' is already"
        " defined in muscles/alpha.yaml; the first definition is used\n"
    )
    report = run_cli(["validate", str(folder), "--json"], env=env)
    doc = json.loads(report.stdout)
    assert doc["mode"] == "additions" and doc["warnings"] == 1


def test_additions_are_checked_against_the_dataset(tmp_path: Path) -> None:
    folder = additions(tmp_path)
    (folder / "aliases.yaml").write_text("muscles:\n  nobody: [x]\n", encoding="utf-8")
    result = run_cli(["validate", str(folder)])
    assert result.exit_code == 1
    assert f"error: {folder}/aliases.yaml:2: muscles.nobody: unknown muscle 'nobody'" in (
        result.stdout
    )


def test_broken_additions_stop_the_tool_with_one_line(tmp_path: Path) -> None:
    folder = additions(tmp_path)
    (folder / "muscles/delta.yaml").write_text("id: [", encoding="utf-8")
    result = run_cli(["list"], env={"BACKMUSCLES_USER_DATA": str(folder)})
    assert result.exit_code == 1
    assert result.stderr.startswith(f"backmuscles: bad data: {folder}/muscles/delta.yaml:")
    assert result.stderr.count("\n") == 1


# --- text that would break or inject into the output ----------------------------------------

# (file, old, new) -> (line, field, message). The new text is YAML, so "\n", "\e" and "\u202E"
# are escapes the parser turns into the character.
BAD_TEXT = {
    "line break and a fake heading in a name": (
        ("muscles/alpha.yaml", "name: Alpha muscle", r'name: "Alpha\n## When to get help"'),
        (2, "name", "contains a line break (U+000A); this field is one line"),
    ),
    "a literal block in a name": (
        ("muscles/alpha.yaml", "name: Alpha muscle", "name: |\n  Alpha\n  <script>x</script>"),
        (2, "name", "contains a line break (U+000A)"),
    ),
    "tab in an alias": (
        ("muscles/alpha.yaml", "aliases: [AM, first muscle]", r'aliases: [AM, "first\tmuscle"]'),
        (3, "aliases[1]", "contains a tab"),
    ),
    "carriage return in a region label": (
        ("regions.yaml", "label: lower back", r'label: "lower back\r<script>"'),
        (8, "regions[lower-back].label", "contains a line break (U+000D)"),
    ),
    "next line (NEL) in a synonym": (
        ("regions.yaml", "synonyms: [coccyx]", r'synonyms: ["coc\Ncyx"]'),
        (19, "regions[tailbone].synonyms[0]", "contains a line break (U+0085)"),
    ),
    "line separator in a group label": (
        ("groups.yaml", "label: loners", r'label: "lon\Lers"'),
        (7, "groups[loners].label", "contains a line break (U+2028)"),
    ),
    "ESC in a self-care step": (
        ("muscles/beta.yaml", "release: [Ball against a wall.]", r'release: ["Ball \e[31m wall"]'),
        (20, "self_care.release[0]", "contains a control character (U+001B)"),
    ),
    "NUL in an aggravating item": (
        ("muscles/beta.yaml", "aggravating: [Long walks.]", r'aggravating: ["Long\0walks."]'),
        (17, "aggravating[0]", "contains a control character (U+0000)"),
    ),
    "BEL in a source": (
        ("muscles/beta.yaml", "sources: [Fixture source B.]", r'sources: ["Fixture\a B."]'),
        (24, "sources[0]", "contains a control character (U+0007)"),
    ),
    "DEL in a trigger point": (
        (
            "muscles/beta.yaml",
            "trigger_points: [Upper outer buttock.]",
            r'trigger_points: ["Up\x7f"]',
        ),
        (18, "trigger_points[0]", "contains a control character (U+007F)"),
    ),
    "C1 control (CSI) in a function": (
        (
            "muscles/beta.yaml",
            "function: [Moves the leg out to the side.]",
            r'function: ["M\x9b2J"]',
        ),
        (8, "function[0]", "contains a control character (U+009B)"),
    ),
    "bidi override in a name": (
        ("muscles/beta.yaml", "name: Beta muscle", r'name: "Beta \u202Eelcsum"'),
        (2, "name", "contains a bidirectional control character (U+202E)"),
    ),
    "bidi isolate in a group label": (
        ("groups.yaml", "label: test pair", r'label: "test \u2066pair\u2069"'),
        (3, "groups[test-pair].label", "contains a bidirectional control character (U+2066)"),
    ),
    "left-to-right mark in a synonym": (
        ("regions.yaml", "synonyms: [low back, lumbar]", r'synonyms: [low back, "lum\u200Ebar"]'),
        (10, "regions[lower-back].synonyms[1]", "bidirectional control character (U+200E)"),
    ),
    "name of zero-width characters only": (
        ("muscles/beta.yaml", "name: Beta muscle", r'name: "\u200B\u200C\u200D\u2060\uFEFF"'),
        (2, "name", "has no visible characters"),
    ),
    "alias of combining marks only": (
        ("muscles/beta.yaml", "aliases: [BM]", r'aliases: ["\u0301\u0308"]'),
        (3, "aliases[0]", "has no visible characters"),
    ),
    "label of a Hangul filler only": (
        ("regions.yaml", "label: buttock", r'label: "\u3164"'),
        (22, "regions[buttock].label", "has no visible characters"),
    ),
    "name of Unicode white space only": (
        ("muscles/beta.yaml", "name: Beta muscle", r'name: "\u3000\_\u2003"'),
        (2, "name", "is empty"),
    ),
    "ESC in a prose description": (
        ("regions.yaml", "description: The seat.", r'description: "The \e]8;;x\e\\seat"'),
        (24, "regions[buttock].description", "contains a control character (U+001B)"),
    ),
    "line break in an id": (
        ("muscles/gamma.yaml", "group: loners", r'group: "lon\ners"'),
        (4, "group", "contains a line break (U+000A)"),
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_TEXT))
def test_text_that_breaks_the_output_is_rejected(case: str, tiny_copy: Path) -> None:
    (file, old, new), (line, field, message) = BAD_TEXT[case]
    edit(tiny_copy / file, old, new)
    code, doc = validate_json(tiny_copy)
    assert code == 1 and doc["ok"] is False
    errors = [p for p in doc["problems"] if p["severity"] == "error"]
    found = [p for p in errors if p["file"] == file and p["field"] == field]
    assert len(found) == 1, errors  # reported once, not also as a broken id or the like
    assert message in found[0]["message"], found
    assert found[0]["line"] == line
    # the text report: one problem a line, nothing from the data spilling onto a line of its own
    result = run_cli(["validate", str(tiny_copy)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert all(x.startswith(("error: ", "warning: ")) for x in lines[:-1]), lines
    (reported,) = [x for x in lines if x.startswith(f"error: {file}:{line}: {field}: ")]
    assert message in reported
    # loading runs the same checks: the tool stops with one located line
    listed = run_cli(["--data", str(tiny_copy), "list"])
    assert listed.exit_code == 1 and listed.stdout == ""
    assert listed.stderr.startswith("backmuscles: bad data: ")
    assert f"{file}:{line}: {field}: " in listed.stderr.splitlines()[0]


def test_prose_may_hold_line_breaks(tiny_copy: Path) -> None:
    """Descriptions are paragraphs: a line feed is fine there (every output escapes it)."""
    edit(
        tiny_copy / "regions.yaml",
        "description: The seat.",
        "description: |\n      The\n      seat.",
    )
    code, doc = validate_json(tiny_copy)
    assert code == 0, doc["problems"]
    assert json.loads(run_cli(["regions", "--json"], data=tiny_copy).stdout)


def test_a_key_with_a_line_break_is_shown_on_one_line(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/alpha.yaml", "aggravating:", '"bad\\nkey\\u202e": 1\naggravating:')
    edit(tiny_copy / "muscles/alpha.yaml", "    lower-back: 3", '    "lower\\tback": 3')
    result = run_cli(["validate", str(tiny_copy)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert all(x.startswith(("error: ", "warning: ")) for x in lines[:-1]), lines
    assert "error: muscles/alpha.yaml:16: bad\\nkey\\u202e: unknown key" in result.stdout
    assert (
        "error: muscles/alpha.yaml:12: pain_pattern.essential.lower\\tback: unknown region"
        " 'lower\\tback'" in result.stdout
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "field"),
    [
        (
            "exercises.yaml",
            "    name: Walking",
            '    name: "Walking <script>x</script>\\n## When to get help"',
            "exercises[walking].name",
        ),
        (
            "exercises.yaml",
            "    easier: Several short walks of 5 minutes instead of one long one.",
            '    easier: "Several\\tshort walks."',
            "exercises[walking].easier",
        ),
        (
            "red_flags.yaml",
            "    screens_for: Cauda equina syndrome.",
            '    screens_for: "Cauda equina\\nsyndrome."',
            "flags[bladder-change].screens_for",
        ),
        (
            "red_flags.yaml",
            "    title: Get emergency help now",
            '    title: "Get emergency help now\\u202e"',
            "levels[emergency].title",
        ),
    ],
)
def test_exercise_and_screening_text_is_checked(
    file: str, old: str, new: str, field: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO_DATA, data)
    edit(data / file, old, new)
    code, doc = validate_json(data)
    assert code == 1
    (problem,) = [p for p in doc["problems"] if p["severity"] == "error"]
    assert (problem["file"], problem["field"]) == (file, field)
    assert problem["line"] is not None
    assert problem["message"].startswith("contains a")
