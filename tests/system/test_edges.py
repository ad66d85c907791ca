"""The edges of the process, on the real program: terminals too narrow to draw on, standard
streams that are closed or cannot be written, Typer's own usage errors, user input that is
too long or holds control characters, and files written for --svg and --markdown."""

from __future__ import annotations

import errno
import fcntl
import functools
import os
import pty
import shlex
import struct
import subprocess
import termios
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backmuscles.cli import output as cli
from tests.cli.test_fuzz import COMMANDS as COMMAND_NAMES
from tests.cli.test_fuzz import OPTIONS, WORDS
from tests.conftest import REPO_DATA, TINY, run_cli, scaled

from .test_conventions import COMMANDS, IDS, command_line, drain, environment

T = TypeVar("T")
R = TypeVar("R")
EMERGENCY = ["screen", "--yes", "saddle-numbness"]
NARROW = ["0", "1", "4", "5", "10"]


def terminal(
    argv: list[str], *, columns: str | None, window: int = 100, stdin: bytes | None = None
) -> tuple[int, str]:
    """Exit code and everything written (stdout and stderr) on a pseudo-terminal whose
    window is ``window`` columns wide, with COLUMNS set to ``columns`` (None: unset)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, window, 0, 0))
    env = environment() if columns is None else environment(COLUMNS=columns)
    process = subprocess.Popen(
        command_line(argv),
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    if stdin is not None:
        assert process.stdin is not None
        process.stdin.write(stdin)
        process.stdin.close()
    output = drain(leader, process, argv)
    return process.wait(timeout=30), output


def piped(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """The run with stdin empty and stdout and stderr piped: what the others are checked
    against (run once per command line)."""
    return _piped(tuple(argv))


@functools.cache
def _piped(argv: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command_line(list(argv)), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        env=environment(), timeout=60,
    )  # fmt: skip


def each(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``function`` over ``items``, a few at a time: the runs are separate processes, and
    most of their time is start-up, so the batteries below finish in a fraction of it."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(function, items))


# --- a terminal too narrow to draw on -----------------------------------------------------


@pytest.mark.parametrize("argv", [*COMMANDS, EMERGENCY], ids=[*IDS, "screen-emergency"])
def test_a_narrow_terminal_gets_the_whole_plain_text(argv: list[str]) -> None:
    """COLUMNS=0 used to print nothing, COLUMNS=1 an empty box or 'invalid width -2'."""
    expected = piped(argv)
    assert expected.returncode == (4 if argv == EMERGENCY else 0)
    runs = each(lambda columns: terminal(argv, columns=columns), NARROW)
    for columns, (code, out) in zip(NARROW, runs, strict=True):
        assert code == expected.returncode, columns
        assert out == expected.stdout, columns  # every word of it, the safety text too


def test_the_emergency_advice_reaches_a_narrow_terminal() -> None:
    runs = each(lambda c: terminal(EMERGENCY, columns=c), NARROW)
    for columns, (code, out) in zip(NARROW, runs, strict=True):
        assert code == 4, columns
        assert "EMERGENCY" in out and "emergency number" in out, columns
        assert "Do not drive yourself" in out, columns
    # and after the questions of --screen too
    screened = ["where", "lower-back", "--screen"]
    runs = each(lambda c: terminal(screened, columns=c, stdin=b"\ny\n"), NARROW)
    for columns, (code, out) in zip(NARROW, runs, strict=True):
        assert code == 4 and "EMERGENCY" in out and "emergency number" in out, columns


def test_a_four_column_window_without_columns_gets_the_plain_text() -> None:
    code, out = terminal(EMERGENCY, columns=None, window=4)
    assert code == 4 and out == piped(EMERGENCY).stdout


def test_forty_columns_still_draws() -> None:
    code, out = terminal(EMERGENCY, columns="40")
    assert code == 4 and "╭" in out  # the rich panel, not the plain text
    assert "emergency number" in out


def test_help_on_a_narrow_terminal_is_not_lost() -> None:
    """Typer's help printed nothing with COLUMNS=0, and empty boxes with COLUMNS=1."""
    for columns, (code, out) in zip(
        NARROW, each(lambda c: terminal(["where", "--help"], columns=c), NARROW), strict=True
    ):
        assert code == 0, columns
        assert "Usage:" in out and "--screen" in out and "Examples:" in out, columns
    for columns, (code, out) in zip(
        NARROW, each(lambda c: terminal(["where"], columns=c), NARROW), strict=True
    ):
        assert code == 2 and "Usage:" in out, columns  # a bare command shows its help


def test_print_to_terminal_declines_a_narrow_console() -> None:
    from backmuscles.present import render_rich

    drawn: list[int] = []
    narrow = render_rich.make_console(width=render_rich.MIN_WIDTH - 1)
    assert not render_rich.print_to_terminal(lambda: drawn.append(1) or "x", narrow)
    assert drawn == []  # nothing was built either


# --- closed and failing standard streams --------------------------------------------------


def shell(
    argv: list[str], redirect: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``argv`` run by bash with ``redirect`` applied, so that a stream really is closed
    (``>&-``) or full (``>/dev/full``) for the program; stdin is /dev/null unless the
    redirection says otherwise."""
    return subprocess.run(
        ["bash", "-c", f"{shlex.join(command_line(argv))} {redirect}"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=environment(),
        timeout=60, cwd=cwd,
    )  # fmt: skip


REASONS = {">&-": "Bad file descriptor", ">/dev/full": "No space left on device"}
BATTERY = [
    *COMMANDS,
    EMERGENCY,
    ["screen"],  # no answers: a usage error
    ["where", "lower-back", "--screen"],
    ["where", "nowhere"],
    ["show", "nosuchmuscle"],
    ["where", "--frob"],
    ["where"],  # a bare command: help, exit 2
    [],
    ["--help"],
    ["--version"],
]
BATTERY_IDS = [" ".join(a) or "(bare)" for a in BATTERY]


def expected_with_broken_stdout(
    normal: subprocess.CompletedProcess[str], redirect: str
) -> tuple[int, str]:
    """What a run whose stdout cannot be written must end with: where it had output, one
    more line on stderr and exit code 1; where it had none, the same as ever. A screening
    result that withholds self-care (exit 3, 4, 5) is advice a person must see: it goes to
    stderr instead, and keeps its exit code."""
    if not normal.stdout:
        return normal.returncode, normal.stderr
    lost = f"backmuscles: cannot write the output: {REASONS[redirect]}\n"
    if normal.returncode in (3, 4, 5):
        return normal.returncode, f"{normal.stderr}{normal.stdout}{lost}"
    return 1, f"{normal.stderr}{lost}"


@pytest.fixture(scope="module")
def normal() -> dict[str, subprocess.CompletedProcess[str]]:
    """Every command line of the battery, run with its streams in order."""
    return dict(zip(BATTERY_IDS, each(piped, BATTERY), strict=True))


@pytest.mark.parametrize("redirect", [">&-", ">/dev/full"])
def test_stdout_that_cannot_be_written_is_one_line(
    redirect: str, normal: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    """stdout closed was 'internal error: AttributeError' (a traceback for --version);
    /dev/full was 'internal error: OSError ... Please report it'."""
    results = each(lambda argv: shell(argv, redirect), BATTERY)
    for name, result in zip(BATTERY_IDS, results, strict=True):
        expected = expected_with_broken_stdout(normal[name], redirect)
        assert (result.returncode, result.stderr) == expected, name


@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"])
def test_stderr_closed_changes_nothing(
    redirect: str, normal: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    results = each(lambda argv: shell(argv, redirect), BATTERY)
    for name, result in zip(BATTERY_IDS, results, strict=True):
        expected = (normal[name].returncode, normal[name].stdout)
        assert (result.returncode, result.stdout) == expected, name


def test_stdin_closed_is_no_input(normal: dict[str, subprocess.CompletedProcess[str]]) -> None:
    results = each(lambda argv: shell(argv, "<&-"), BATTERY)  # normal: stdin empty
    for name, result in zip(BATTERY_IDS, results, strict=True):
        expected = (normal[name].returncode, normal[name].stdout, normal[name].stderr)
        assert (result.returncode, result.stdout, result.stderr) == expected, name


def test_closed_stdin_for_screen_is_the_no_answers_usage_error() -> None:
    result = shell(["screen"], "<&-")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(
        "backmuscles: no answers to the screening questions."
    )


def test_stdin_that_cannot_be_read_is_no_input() -> None:
    result = shell(["screen"], "0>/dev/null")  # open for writing only
    assert result.returncode == 2 and "no answers" in result.stderr


def test_the_emergency_advice_survives_a_closed_stderr() -> None:
    """`echo y | backmuscles where lower-back --screen 2>&-` printed nothing, exit 1."""
    program = shlex.join(command_line(["where", "lower-back", "--screen"]))
    for redirect in ("2>&-", "2>/dev/full"):
        result = subprocess.run(
            ["bash", "-c", f"echo y | {program} {redirect}"],
            capture_output=True, text=True, env=environment(), timeout=60,
        )  # fmt: skip
        assert result.returncode == 4, redirect
        assert result.stdout.startswith("EMERGENCY") and "emergency number" in result.stdout


def test_unknown_region_exits_2_whatever_stderr_is() -> None:
    for redirect in ("", "2>&-", "2>/dev/full", "2>&- >&- <&-"):
        assert shell(["where", "nowhere"], redirect).returncode == 2, redirect


def test_version_with_stdout_closed_has_no_traceback() -> None:
    result = shell(["--version"], ">&-")
    assert result.returncode == 1
    assert result.stderr == "backmuscles: cannot write the output: Bad file descriptor\n"


def test_an_internal_error_with_stderr_closed_still_exits_1() -> None:
    from .test_entrypoint import main_with, run_python

    patch = (
        "import backmuscles.core.ranking as r\n"
        "def broken(*a, **k):\n    raise RuntimeError('boom')\n"
        "r.rank = broken"
    )
    result = run_python(main_with(["where", "back"], patch), shell_suffix="2>&-")
    assert result.returncode == 1 and result.stdout == ""


def test_every_stream_closed_at_once() -> None:
    result = shell(["where", "lower-back"], "<&- >&- 2>&-")
    assert result.returncode == 1  # the output could not be written
    assert result.stdout == result.stderr == ""


EDGES = ["<&-", ">&-", ">/dev/full", "2>&-", "2>/dev/full"]
argument = st.one_of(
    st.sampled_from(OPTIONS),
    st.sampled_from(WORDS),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
)


@settings(max_examples=scaled(20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COMMAND_NAMES), st.lists(argument, max_size=5), st.sampled_from(EDGES))
def test_fuzzed_command_lines_with_a_closed_stream(
    tmp_path_factory: pytest.TempPathFactory, command: str, args: list[str], redirect: str
) -> None:
    """The fuzz battery's command lines, run once normally and once with one stream closed
    or full: never a traceback or an internal error, and the same outcome where the
    closed stream does not carry it."""
    argv = [command, *args]
    assume(not any("\x00" in a for a in argv))
    scratch = tmp_path_factory.mktemp("fuzz")  # --svg and --markdown may write a file
    normal = subprocess.run(
        command_line(argv), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        env=environment(), timeout=60, cwd=scratch,
    )  # fmt: skip
    result = shell(argv, redirect, cwd=scratch)
    for text in (result.stdout, result.stderr):
        assert "Traceback" not in text and "internal error" not in text, (argv, redirect)
    if redirect in ("<&-", "2>&-", "2>/dev/full"):  # stdin was empty anyway; stderr unused
        assert (result.returncode, result.stdout) == (normal.returncode, normal.stdout)
    else:
        code, _ = expected_with_broken_stdout(normal, redirect)
        assert result.returncode == code, (argv, redirect, result.stderr[-300:])


# --- Typer's usage errors, one line -------------------------------------------------------

USAGE = [
    (["where", "--frob"], "no such option: --frob (try 'backmuscles where --help')"),
    (
        ["where", "back", "--tpo", "3"],
        "no such option: --tpo. Did you mean --top? (try 'backmuscles where --help')",
    ),
    (
        ["where", "back", "--top", "x"],
        "invalid value for '--top' / '-n': 'x' is not a valid int (try 'backmuscles where --help')",
    ),
    (["where", "--top", "3"], "missing argument 'REGION...' (try 'backmuscles where --help')"),
    (
        ["show", "ql", "--svg"],
        "option '--svg' requires an argument (try 'backmuscles show --help')",
    ),
    (
        ["regions", "a", "b"],
        "got unexpected extra argument(s) (a b) (try 'backmuscles regions --help')",
    ),
    (
        ["screen", "--age", "500"],
        "invalid value for '--age': 500 is not in the range 0<=x<=130"
        " (try 'backmuscles screen --help')",
    ),
    (["--frob"], "no such option: --frob (try 'backmuscles --help')"),
    (["--data"], "option '--data' requires an argument (try 'backmuscles --help')"),
    (["wher", "back"], "no such command 'wher'. Did you mean 'where'? (try 'backmuscles --help')"),
]


@pytest.mark.parametrize(("argv", "line"), USAGE, ids=[" ".join(a) for a, _ in USAGE])
def test_typer_usage_errors_are_one_line(argv: list[str], line: str) -> None:
    result = run_cli(argv)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"backmuscles: {line}\n"


@pytest.mark.parametrize("command", COMMAND_NAMES)
def test_an_unknown_option_is_one_line_for_every_command(command: str) -> None:
    result = run_cli([command, "--qqqq"])  # like no option, so no "did you mean"
    assert result.exit_code == 2
    assert result.stderr == (
        f"backmuscles: no such option: --qqqq (try 'backmuscles {command} --help')\n"
    )


def test_usage_errors_are_one_line_from_the_real_entry_point() -> None:
    result = piped(["where", "--frob"])
    assert result.returncode == 2
    assert result.stderr == "backmuscles: no such option: --frob (try 'backmuscles where --help')\n"


def test_bare_commands_show_help_on_stderr() -> None:
    for argv in ([], ["where"], ["show"], ["map"]):
        result = run_cli(argv)
        assert result.exit_code == 2 and "Usage: backmuscles" in result.stderr, argv
        assert result.stdout == "", argv


# --- user input in error lines: short and escaped -------------------------------------------

LONG = "x" * 100_000
LONG_INPUT = [
    ["where", LONG],
    ["show", LONG],
    ["compare", "ql", LONG],
    ["regions", LONG],
    ["where", "--" + LONG],
    ["where", "back", "--top", LONG],
    ["list", "--group", LONG],
    ["list", "--region", LONG],
    ["exercises", LONG],
    ["exercises", "--kind", LONG],
    ["screen", "--yes", LONG],
    ["validate", LONG],
    ["--data", LONG, "list"],
    ["plan", "back", "--markdown", f"{LONG}/plan.md"],
    ["wher" + LONG],
]


@pytest.mark.parametrize("argv", LONG_INPUT, ids=range(len(LONG_INPUT)))
def test_a_long_argument_is_echoed_short(argv: list[str]) -> None:
    result = run_cli(argv, data=REPO_DATA)
    assert result.exit_code in (1, 2), result.stderr[:300]
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("backmuscles: ")
    assert len(result.stderr) < 400, result.stderr[:400]
    assert "…" in result.stderr


def test_shorten_keeps_both_ends() -> None:
    assert cli.shorten("abc") == "abc"
    cut = cli.shorten("a" * 100 + "Z")
    assert len(cut) == cli.SHOWN and cut.startswith("aaa") and cut.endswith("aZ") and "…" in cut


HIDDEN = {
    "ESC": "\x1b[31m",
    "OSC": "\x1b]0;title\x07",
    "bidi override": "\u202e",
    "bidi embedding": "\u202a",
    "bidi isolate": "\u2066",
    "pop isolate": "\u2069",
    "zero width space": "\u200b",
    "zero width joiner": "\u200d",
    "byte order mark": "\ufeff",
    "line separator": "\u2028",
    "newline": "\n",
}


@pytest.mark.parametrize("char", HIDDEN.values(), ids=HIDDEN.keys())
def test_printable_escapes_what_could_disguise_a_line(char: str) -> None:
    shown = cli.printable(f"a{char}b")
    assert shown.isprintable() and shown.startswith("a\\") and shown.endswith("b")


def test_a_path_in_the_wrote_message_is_escaped(tmp_path: Path) -> None:
    out = tmp_path / "a\x1b]0;pwned\x07\u202e.svg"
    result = run_cli(["map", "lower-back", "--svg", str(out)], data=REPO_DATA)
    assert result.exit_code == 0 and out.exists()
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert (
        result.stderr
        == f"backmuscles: wrote the map to {tmp_path}/a\\x1b]0;pwned\\x07\\u202e.svg\n"
    )


def test_a_path_in_a_data_warning_is_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "mine\x1b[2J\u2066"
    (folder / "muscles").mkdir(parents=True)
    (folder / "muscles/alpha.yaml").write_text(
        (TINY / "muscles/alpha.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = run_cli(["list"], env={"BACKMUSCLES_USER_DATA": str(folder)})
    assert result.exit_code == 0
    assert result.stderr.startswith(f"backmuscles: warning: {tmp_path}/mine\\x1b[2J\\u2066/")
    assert "\x1b" not in result.stderr and "\u2066" not in result.stderr


# --- files written for --svg and --markdown -------------------------------------------------

PLAN = ["plan", "lower-back", "--markdown"]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_new_file_is_written_and_said_so(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    result = run_cli([*PLAN, str(target)], data=REPO_DATA)
    assert result.exit_code == 0
    assert result.stderr == f"backmuscles: wrote the plan to {target}\n"
    assert target.read_text(encoding="utf-8").startswith("#")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as open() would make it
    assert leftovers(tmp_path) == []


def test_an_existing_file_is_replaced_and_said_so(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)  # a private file stays private
    result = run_cli([*PLAN, str(target)], data=REPO_DATA)
    assert result.exit_code == 0
    assert result.stderr == f"backmuscles: replaced {target} with the plan\n"
    assert target.read_text(encoding="utf-8").startswith("#")
    assert target.stat().st_mode & 0o777 == 0o600
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("broken", ["fsync", "replace", "write"])
@pytest.mark.parametrize("exists", [True, False], ids=["existing", "new"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str, exists: bool
) -> None:
    """A full disk used to leave a truncated file in place of the old one."""
    target = tmp_path / "map.svg"
    if exists:
        target.write_text("the old map", encoding="utf-8")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if broken == "write":  # the text itself does not fit
        import builtins

        def open_full(*args: object, **kwargs: object) -> object:
            handle = builtins.open(*args, **kwargs)  # type: ignore[call-overload]  # noqa: SIM115
            handle.write = full
            return handle

        monkeypatch.setattr(cli, "open", open_full, raising=False)
    else:
        monkeypatch.setattr(os, broken, full)
    result = run_cli(["map", "lower-back", "--svg", str(target)], data=REPO_DATA)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == f"backmuscles: cannot write {str(target)!r}: No space left on device\n"
    if exists:
        assert target.read_text(encoding="utf-8") == "the old map"
    else:
        assert not target.exists()
    assert leftovers(tmp_path) == []


def test_ctrl_c_while_writing_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.md"
    target.write_text("old plan", encoding="utf-8")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = run_cli([*PLAN, str(target)], data=REPO_DATA)
    monkeypatch.undo()
    assert result.exit_code == 130
    assert target.read_text(encoding="utf-8") == "old plan"
    assert leftovers(tmp_path) == []


def test_a_symbolic_link_keeps_pointing_at_the_replaced_file(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    result = run_cli([*PLAN, str(link)], data=REPO_DATA)
    assert result.exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("#")
    assert leftovers(tmp_path) == []


def test_a_folder_is_not_replaced(tmp_path: Path) -> None:
    result = run_cli([*PLAN, str(tmp_path)], data=REPO_DATA)
    assert result.exit_code == 1
    assert result.stderr == f"backmuscles: cannot write {str(tmp_path)!r}: Is a directory\n"
    assert list(tmp_path.iterdir()) == []


def test_a_device_is_written_directly() -> None:
    result = run_cli([*PLAN, "/dev/null"], data=REPO_DATA)
    assert result.exit_code == 0
    assert result.stderr == "backmuscles: wrote the plan to /dev/null\n"
    assert Path("/dev/null").is_char_device()  # still a device, not a file put there


def test_dev_stdout_into_a_file_is_written_through(tmp_path: Path) -> None:
    out = tmp_path / "out.svg"
    result = shell(["map", "lower-back", "--svg", "/dev/stdout"], f"> {shlex.quote(str(out))}")
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    assert result.stderr == "backmuscles: wrote the map to /dev/stdout\n"
