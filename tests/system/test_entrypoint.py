"""The real entry point in a subprocess: `python -m backmuscles`, Ctrl-C, a closed pipe,
and the last line of defence against tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import TINY


def run_python(code: str, *, shell_suffix: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKMUSCLES_DATA": str(TINY)}
    env.pop("BACKMUSCLES_DEBUG", None)
    if shell_suffix:
        command = f"{sys.executable} -c {_quote(code)} {shell_suffix}"
        return subprocess.run(command, shell=True, capture_output=True, text=True, env=env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\"'\"'") + "'"


def main_with(argv: list[str], patch: str = "") -> str:
    """Python source that applies ``patch`` and then runs the real entry point."""
    return f"import sys\n{patch}\nsys.argv = {['backmuscles', *argv]!r}\n" + (
        "from backmuscles.__main__ import main\nmain()\n"
    )


def test_python_dash_m_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "backmuscles", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "Usage: backmuscles" in result.stdout  # not "__main__.py"


def test_ctrl_c_exits_130_quietly() -> None:
    patch = (
        "import backmuscles.core.ranking as r\n"
        "def interrupted(*a, **k):\n    raise KeyboardInterrupt\n"
        "r.rank = interrupted"
    )
    result = run_python(main_with(["where", "back"], patch))
    assert result.returncode == 130
    assert result.stderr == "" and result.stdout == ""


def test_closed_pipe_prints_no_traceback() -> None:
    # Far more output than a pipe buffer holds, so the writer really hits a closed pipe.
    patch = (
        "import backmuscles.present.render_plain as rp\n"
        "original = rp.regions_text\n"
        "rp.regions_text = lambda ds: original(ds) * 20000"
    )
    result = run_python(main_with(["regions"], patch), shell_suffix="| head -1")
    assert result.stdout == "back  back\n"
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


def test_help_read_in_part_exits_0_quietly() -> None:
    """``--help | head -3``: the reader had what it wanted. The help is made longer than a
    pipe holds, so the write really meets the closed pipe; piped, no line ends in spaces."""
    patch = (
        "import backmuscles.cli as c\n"
        "new = c._new_app\n"
        "def longer():\n"
        "    app = new()\n"
        "    app.info.help = (app.info.help or '') + ' padding' * 40000\n"
        "    return app\n"
        "c._new_app = longer"
    )
    env = {**os.environ, "BACKMUSCLES_DATA": str(TINY)}
    with subprocess.Popen(
        [sys.executable, "-c", main_with(["--help"], patch)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        lines = [process.stdout.readline() for _ in range(3)]  # as head -3 reads
        process.stdout.close()
        assert process.wait(timeout=60) == 0
        assert process.stderr.read() == ""
    assert "Usage: backmuscles" in "".join(lines)
    for argv in (["--help"], ["where", "--help"], ["plan", "-h"]):
        piped = run_python(main_with(argv))
        assert piped.returncode == 0 and "Usage: backmuscles" in piped.stdout
        assert not [line for line in piped.stdout.splitlines() if line.endswith(" ")], argv


def test_unexpected_error_is_one_line() -> None:
    patch = (
        "import backmuscles.core.ranking as r\n"
        "def broken(*a, **k):\n    raise RuntimeError('boom')\n"
        "r.rank = broken"
    )
    result = run_python(main_with(["where", "back"], patch))
    assert result.returncode == 1
    assert result.stderr == (
        "backmuscles: internal error: RuntimeError: boom. Please report it; "
        "set BACKMUSCLES_DEBUG=1 to see the details.\n"
    )


def modules_after(argv: list[str]) -> set[str]:
    code = (
        f"import sys\nsys.argv = {['backmuscles', *argv]!r}\n"
        "from backmuscles.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\n'.join(sorted(sys.modules)))\n"
    )
    result = run_python(code)
    return set(result.stderr.split())


def test_plain_and_json_output_never_import_rich() -> None:
    for argv in (["where", "back", "--json"], ["where", "back"], ["list"]):
        loaded = modules_after(argv)
        assert "backmuscles.cli" in loaded
        assert not {m for m in loaded if m == "rich" or m.startswith("rich.")}, argv


def test_version_does_not_load_the_dataset() -> None:
    loaded = modules_after(["--version"])
    assert "yaml" not in loaded and "backmuscles.dataset.loader" not in loaded


def test_version_fast_path_matches_the_typer_option() -> None:
    from backmuscles import __version__

    fast = subprocess.run(
        [sys.executable, "-m", "backmuscles", "--version"], capture_output=True, text=True
    )
    assert fast.returncode == 0 and fast.stdout == f"backmuscles {__version__}\n"
    loaded = modules_after(["--version"])
    assert "typer" not in loaded  # the fast path
    from tests.conftest import run_cli

    assert run_cli(["--version"]).stdout == fast.stdout  # the Typer option says the same


def test_a_run_imports_only_the_command_it_runs() -> None:
    from backmuscles.cli.commands import COMMANDS

    for name, argv in (("where", ["where", "back", "--json"]), ("show", ["show", "ql"])):
        loaded = modules_after(argv)
        commands = {m for m in loaded if m.startswith("backmuscles.cli.commands.")}
        assert commands == {f"backmuscles.cli.commands.{COMMANDS[name]}"}, (argv, commands)
        assert "backmuscles.cli.interview" not in loaded  # only when questions are asked


def test_dash_capital_v_is_the_version_too() -> None:  # issue 16
    from tests.conftest import run_cli

    fast = subprocess.run(
        [sys.executable, "-m", "backmuscles", "-V"], capture_output=True, text=True
    )
    assert fast.returncode == 0 and fast.stdout == run_cli(["--version"]).stdout
    assert "typer" not in modules_after(["-V"])  # the same fast path
    assert run_cli(["-V"]).stdout == fast.stdout
