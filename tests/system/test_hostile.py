"""Hostile datasets: whatever sits in a data folder, `--data DIR list` and `validate DIR` end
with exit 1 and a one-line error naming the file, within bounded time and memory, without a
traceback and without running anything the files ask for.

Each case runs the real program in a subprocess under a 512 MB address-space limit and a
timeout, so a hang, a memory blow-up or a crash fails the test instead of the test run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TINY

TIMEOUT = 30  # seconds; every case takes well under one
MEMORY = 512 * 1024 * 1024

Setup = Callable[[Path], str]  # builds the hostile folder, returns the file the error must name


def _limit() -> None:  # runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKMUSCLES_")}
    env.update(BACKMUSCLES_USER_DATA="", BACKMUSCLES_NO_CACHE="1", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "backmuscles", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        cwd=cwd,
        env=env,
        preexec_fn=_limit if sys.platform != "win32" else None,
    )


def write(root: Path, name: str, content: str | bytes) -> str:
    path = root / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return name


ALPHA = "muscles/alpha.yaml"


def syntax_error(root: Path) -> str:
    return write(root, "regions.yaml", "regions:\n  - id: low-back\n   label: [unclosed\n")


def wrong_types(root: Path) -> str:
    return write(
        root,
        ALPHA,
        "id: [1, 2]\nname: 7\naliases: {a: b}\nfrequency: high\nzones: 12\nsources: null\n",
    )


def wrong_top_level(root: Path) -> str:
    return write(root, "regions.yaml", "- just\n- a\n- list\n")


def not_utf8(root: Path) -> str:
    return write(root, ALPHA, "name: caf\xe9\n".encode("latin-1"))


def binary(root: Path) -> str:
    return write(root, ALPHA, bytes(range(256)) * 64)


def nul_bytes(root: Path) -> str:
    return write(root, ALPHA, b"id: alpha\x00\x00\nname: x\n")


def alias_bomb(root: Path) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    return write(root, "groups.yaml", "\n".join(lines) + "\n")


def deep_flow(root: Path) -> str:
    return write(root, "regions.yaml", "[" * 100_000 + "]" * 100_000 + "\n")


def deep_block(root: Path) -> str:
    text = "".join(" " * i + f"k{i}:\n" for i in range(1000)) + " " * 1000 + "x: 1\n"
    return write(root, "regions.yaml", text)


def huge_file(root: Path) -> str:
    with (root / ALPHA).open("wb") as handle:  # 50 MB, sparse where the file system can
        handle.truncate(50 * 1024 * 1024)
    return ALPHA


def python_tag(root: Path) -> str:
    marker = root.parent / "pwned"
    payload = (
        "id: alpha\n"
        f"name: !!python/object/apply:os.system ['touch {marker}']\n"
        f"x: !!python/object/new:os.system ['touch {marker}']\n"
    )
    return write(root, ALPHA, payload)


def other_tags(root: Path) -> str:
    return write(root, ALPHA, "id: !custom alpha\nname: !!binary aGVsbG8=\nfreq: !!float 1\n")


def merge_key(root: Path) -> str:
    return write(root, ALPHA, "base: &b {id: alpha}\nother:\n  <<: *b\n")


def duplicate_key(root: Path) -> str:
    text = (root / ALPHA).read_text(encoding="utf-8")
    return write(root, ALPHA, text + "id: alpha-again\n")


def file_symlink_loop(root: Path) -> str:
    (root / ALPHA).unlink()
    (root / "muscles" / "loop.yaml").symlink_to("loop.yaml")
    return "muscles/loop.yaml"


def folder_symlink_loop(root: Path) -> str:
    shutil.rmtree(root / "muscles")
    (root / "muscles").symlink_to("muscles")
    return "muscles"


def dangling_symlink(root: Path) -> str:
    (root / ALPHA).unlink()
    (root / ALPHA).symlink_to("/nonexistent/backmuscles/alpha.yaml")
    return ALPHA


def empty_folder(root: Path) -> str:
    for child in list(root.iterdir()):
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()
    return "regions.yaml"


def empty_file(root: Path) -> str:
    return write(root, "regions.yaml", "")


def folder_as_file(root: Path) -> str:
    (root / "regions.yaml").unlink()
    (root / "regions.yaml").mkdir()
    return "regions.yaml"


def unreadable(root: Path) -> str:
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    (root / ALPHA).chmod(0)
    return ALPHA


def named_pipe(root: Path) -> str:
    os.mkfifo(root / "muscles" / "pipe.yaml")
    return "muscles/pipe.yaml"


def device(root: Path) -> str:
    (root / "muscles" / "zero.yaml").symlink_to("/dev/zero")
    return "muscles/zero.yaml"


def long_scalar(root: Path) -> str:
    return write(root, ALPHA, "id: alpha\nname: " + "x" * 1_900_000 + "\n")


def many_keys(root: Path) -> str:
    return write(root, ALPHA, "".join(f"k{i}: {i}\n" for i in range(100_000)))


def replace(root: Path, name: str, old: str, new: str) -> str:
    text = (root / name).read_text(encoding="utf-8")
    assert old in text
    return write(root, name, text.replace(old, new, 1))


# Text that would break a listing or inject into the Markdown plan or the SVG map (the
# writers escape it too: tests/present/test_escaping.py).
def heading_in_a_name(root: Path) -> str:
    new = r'name: "Alpha <script>alert(1)</script>\n## When to get help\nNo need."'
    return replace(root, ALPHA, "name: Alpha muscle", new)


def tab_in_an_alias(root: Path) -> str:
    return replace(root, ALPHA, "aliases: [AM, first muscle]", r'aliases: [AM, "a\tb\tc"]')


def terminal_escape_in_a_label(root: Path) -> str:
    return replace(root, "regions.yaml", "label: buttock", r'label: "butt\e[2J\e]0;x\aock"')


def bidi_override_in_a_name(root: Path) -> str:
    return replace(root, ALPHA, "name: Alpha muscle", r'name: "Alpha \u202Eelcsum"')


def invisible_name(root: Path) -> str:
    return replace(root, ALPHA, "name: Alpha muscle", r'name: "\u200B\u2060\uFEFF\u0301"')


def control_characters_in_a_file_name(root: Path) -> str:
    (root / ALPHA).rename(root / "muscles" / "alpha\n\x1b[2Jx.yaml")
    return "muscles/alpha\\n\\x1b[2Jx.yaml"  # as the message shows it


CASES: dict[str, Setup] = {
    "YAML syntax error": syntax_error,
    "wrong types everywhere": wrong_types,
    "list where a mapping belongs": wrong_top_level,
    "not UTF-8": not_utf8,
    "binary file": binary,
    "NUL bytes": nul_bytes,
    "alias bomb (billion laughs)": alias_bomb,
    "100,000 nested flow brackets": deep_flow,
    "1,000 nested block mappings": deep_block,
    "50 MB file": huge_file,
    "!!python/object tags": python_tag,
    "custom and !!binary tags": other_tags,
    "merge key": merge_key,
    "duplicate key": duplicate_key,
    "symlink loop (file)": file_symlink_loop,
    "symlink loop (folder)": folder_symlink_loop,
    "dangling symlink": dangling_symlink,
    "empty folder": empty_folder,
    "empty file": empty_file,
    "folder where a file belongs": folder_as_file,
    "unreadable file": unreadable,
    "named pipe": named_pipe,
    "link to /dev/zero": device,
    "1.9 MB scalar": long_scalar,
    "100,000 keys": many_keys,
    "line break and a heading in a name": heading_in_a_name,
    "tabs in an alias": tab_in_an_alias,
    "terminal escapes in a label": terminal_escape_in_a_label,
    "bidi override in a name": bidi_override_in_a_name,
    "name of invisible characters": invisible_name,
    "line break and ESC in a file name": control_characters_in_a_file_name,
}


@pytest.mark.parametrize("command", ["list", "validate"])
@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_hostile_dataset(case: str, command: str, tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(TINY, root)
    named = CASES[case](root)
    argv = ["--data", str(root), "list"] if command == "list" else ["validate", str(root)]
    result = run(*argv, cwd=tmp_path)

    assert result.returncode == 1, (case, result.returncode, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout, case
    assert not (tmp_path / "pwned").exists(), "a YAML tag ran code"
    message = result.stderr if command == "list" else result.stdout + result.stderr
    assert Path(named).name in message, (case, message)
    if command == "list":
        assert result.stdout == "", case
        assert len(result.stderr.strip().splitlines()) <= 2, (case, result.stderr)  # error + hint
        assert len(result.stderr.splitlines()[0]) < 400, case
        assert "\x1b" not in result.stderr and "\u202e" not in result.stderr, case


def answers() -> dict[str, str]:
    """What the tool says for each case (used to write the closing note and the README)."""
    import tempfile

    out = {}
    for case, setup in CASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "data"
            shutil.copytree(TINY, root)
            try:
                setup(root)
            except pytest.skip.Exception:
                continue
            result = run("--data", str(root), "list", cwd=Path(tmp))
            first = result.stderr.splitlines()[0] if result.stderr else ""
            out[case] = f"exit {result.returncode}: {first.replace(tmp, '…')}"
    return out


if __name__ == "__main__":
    for case, answer in answers().items():
        print(f"- {case}: {answer}")
