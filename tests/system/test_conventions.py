"""The conventions a user of a serious CLI expects, each checked on the real program in a
subprocess (the table in ../shared/research/anchors-ecosystem-performance.md): a closed
pipe, colour rules on a real terminal (a pty) and in a pipe, narrow terminals, and
locales that cannot show Unicode."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, REPO_DATA

# Every command once, with arguments that give it real work on the built-in dataset.
COMMANDS = [
    ["where", "lower-back", "tailbone"],
    ["list"],
    ["show", "ql"],
    ["regions"],
    ["validate"],
    ["screen", "--list"],
    ["exercises"],
    ["plan", "lower-back"],
    ["map", "lower-back", "--muscle", "ql"],
    ["compare", "gluteus-medius", "gluteus-minimus"],
]
IDS = [c[0] for c in COMMANDS]
COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-7]|9[0-7]|38;)")
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\")  # CSI; OSC 8 links


def environment(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("BACKMUSCLES_")
        and k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "PAGER", "LESS")
    }
    env.update(BACKMUSCLES_DATA=str(REPO_DATA), BACKMUSCLES_USER_DATA="", TERM="xterm-256color")
    env.update(BACKMUSCLES_PAGER="")  # no pager unless a test asks for one (test_pager.py)
    env.update(extra)
    return env


def command_line(argv: list[str]) -> list[str]:
    return [sys.executable, "-m", "backmuscles", *argv]


def on_a_terminal(argv: list[str], **env: str) -> str:
    """What the program writes to a real terminal (a pseudo-terminal), 100 columns wide
    unless COLUMNS says otherwise."""
    env.setdefault("COLUMNS", "100")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        command_line(argv),
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=environment(**env),
    )
    os.close(follower)
    output = drain(leader, process, argv)
    assert process.wait(timeout=30) == 0, (argv, output[-500:])
    return output


def drain(leader: int, process: subprocess.Popen[bytes], argv: list[str]) -> str:
    """Everything the program writes to its terminal until it closes it (30 s at most
    between writes), then the terminal's end closed; newlines as the program wrote them."""
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            process.kill()
            pytest.fail(f"{argv} did not finish")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def piped(argv: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command_line(argv),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(**env),
        timeout=60,
    )


# --- a closed pipe ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 muscles: `list --json` is far larger than a pipe's buffer."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from make_dataset import make  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    return Path(make(tmp_path_factory.mktemp("big") / "data"))


def head_one(argv: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    shell = " ".join(f"'{a}'" for a in command_line(argv)) + " | head -1"
    return subprocess.run(
        shell,
        shell=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(**env),
        timeout=60,
    )


@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["text", "json"])
@pytest.mark.parametrize("argv", COMMANDS, ids=IDS)
def test_head_one_prints_no_traceback(argv: list[str], json_flag: list[str]) -> None:
    result = head_one(argv + json_flag)
    assert result.stdout.strip(), argv
    assert result.stderr == "", (argv, result.stderr)


BIG = [["list", "--json"], ["list"], ["where", "back", "--top", "1000", "--json"]]


@pytest.mark.parametrize("argv", BIG, ids=["list-json", "list", "where-json"])
def test_head_one_on_output_larger_than_a_pipe(argv: list[str], big_data: Path) -> None:
    full = piped(argv, BACKMUSCLES_DATA=str(big_data))
    assert len(full.stdout) > 65536  # so the writer really meets a closed pipe
    result = head_one(argv, BACKMUSCLES_DATA=str(big_data))
    assert result.stderr == "", result.stderr
    assert result.stdout == full.stdout.splitlines(keepends=True)[0]


# --- colour -------------------------------------------------------------------------------


def test_a_terminal_gets_colour() -> None:
    assert COLOUR.search(on_a_terminal(["where", "lower-back"]))


def test_no_color_removes_colour_on_a_terminal() -> None:
    out = on_a_terminal(["where", "lower-back"], NO_COLOR="1")
    assert not COLOUR.search(out)
    assert "Quadratus lumborum" in out


def test_empty_no_color_is_not_set() -> None:  # no-color.org: present *and* non-empty
    assert COLOUR.search(on_a_terminal(["where", "lower-back"], NO_COLOR=""))


def test_term_dumb_gets_no_escapes() -> None:
    out = on_a_terminal(["where", "lower-back"], TERM="dumb")
    assert not ESCAPE.search(out), out[:300]
    assert "Quadratus lumborum" in out


def test_a_pipe_gets_no_escapes() -> None:
    for argv in COMMANDS:
        assert "\x1b[" not in piped(argv).stdout, argv


def test_force_color_colours_a_pipe() -> None:
    assert COLOUR.search(piped(["where", "lower-back"], FORCE_COLOR="1").stdout)


@pytest.mark.parametrize("argv", COMMANDS, ids=IDS)
def test_json_is_never_coloured(argv: list[str]) -> None:
    out = piped([*argv, "--json"], FORCE_COLOR="1").stdout
    assert "\x1b" not in out
    assert json.loads(out)["schema_version"]
    on_tty = on_a_terminal([*argv, "--json"])
    assert "\x1b" not in on_tty
    json.loads(on_tty)


# --- width and locale ---------------------------------------------------------------------


@pytest.mark.parametrize("argv", COMMANDS, ids=IDS)
def test_forty_columns_stays_readable(argv: list[str]) -> None:
    if argv[0] == "where":  # the compact answer fits too; the long form has the pipe's words
        compact = ESCAPE.sub("", on_a_terminal(argv, COLUMNS="40", NO_COLOR="1")).splitlines()
        assert max(len(line) for line in compact) <= 40, max(compact, key=len)
        argv = [*argv, "--long"]
    out = ESCAPE.sub("", on_a_terminal(argv, COLUMNS="40", NO_COLOR="1"))
    lines = out.splitlines()
    # a source address is never split: one wider than the terminal has a line of its own
    address = re.compile(r"[•\s] (?:https?|ftp)://\S+")
    assert max(len(line) for line in lines if not address.fullmatch(line)) <= 40, lines
    # nothing is cut off or squeezed into a letter per line: the words a pipe gets are there
    assert "…" not in out
    words = set(re.findall(r"[A-Za-z]{4,}", piped(argv).stdout))
    narrow = set(re.findall(r"[A-Za-z]{4,}", out))
    missing = words - narrow
    assert len(missing) <= len(words) // 20, sorted(missing)[:20]


@pytest.mark.parametrize(
    "env",
    [
        {"LANG": "C", "LC_ALL": "C"},
        {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
    ],
    ids=["LANG=C", "C-no-coercion", "ascii", "latin-1"],
)
@pytest.mark.parametrize("argv", COMMANDS, ids=IDS)
def test_narrow_encodings_never_crash(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        command_line(argv), capture_output=True, env=environment(**env), timeout=60
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stderr == b""
    if env.get("PYTHONIOENCODING") == "ascii":
        result.stdout.decode("ascii")  # stand-ins, not mojibake or a crash
