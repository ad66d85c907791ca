"""The cache in real processes: what each fast path imports (deterministic: no timings),
and a hostile or damaged cache folder that must neither hang nor mislead a run."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from backmuscles.dataset import store
from tests.dataset.test_cache import cache_files, cache_folder, framed, names, needs_posix, secret

# --- what each fast path imports (a warm cache) ---------------------------------------------------


def imported(
    argv: list[str], env: dict[str, str], extra_env: dict[str, str] | None = None
) -> set[str]:
    code = (
        f"import sys\nsys.argv = {['backmuscles', *argv]!r}\n"
        "from backmuscles.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\n'.join(sorted(sys.modules)))\n"
    )
    full = {**os.environ, **env, **(extra_env or {})}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full)
    return set(result.stderr.split())


def family(modules: set[str], name: str) -> set[str]:
    return {m for m in modules if m == name or m.startswith(name + ".")}


def test_where_json_warm_imports_no_rich_no_yaml_no_parser(warm) -> None:
    loaded = imported(["where", "back", "--json"], warm)
    assert "backmuscles.core.ranking" in loaded
    for heavy in (
        "rich",
        "yaml",
        "backmuscles.dataset.loader",
        "backmuscles.core.screening",
        "importlib.metadata",
        "hashlib",  # the cache's keyed hash comes from _blake2, without OpenSSL's 4 ms
    ):
        assert not family(loaded, heavy), heavy


def test_plain_where_warm_imports_no_rich_no_yaml(warm) -> None:
    loaded = imported(["where", "back"], warm)
    assert not family(loaded, "rich") and not family(loaded, "yaml")


def test_completion_warm_imports_no_rich_no_yaml(warm) -> None:
    completion = {
        "_BACKMUSCLES_COMPLETE": "complete_bash",
        "COMP_WORDS": "backmuscles where lo",
        "COMP_CWORD": "2",
    }
    loaded = imported([], warm, completion)
    assert "backmuscles.dataset.store" in loaded
    assert not family(loaded, "rich") and not family(loaded, "yaml")
    assert "backmuscles.core.model" not in loaded  # names straight from the cache
    assert "_blake2" in loaded and "hashlib" not in loaded  # checked, cheaply


def test_a_first_run_parses_with_yaml(env) -> None:
    loaded = imported(["where", "back", "--json"], env)
    assert "yaml" in loaded and "backmuscles.dataset.loader" in loaded


def test_terminal_output_does_import_rich(warm) -> None:
    loaded = imported(["where", "back"], warm, {"FORCE_COLOR": "1"})
    assert "rich.console" in loaded and not family(loaded, "yaml")
    assert "rich.table" not in loaded  # the ranked table is drawn as segments


# --- a hostile or damaged cache folder --------------------------------------------------------
# Whatever sits in the cache folder, a run and a TAB completion give the right answer at once:
# anything that could hang runs the real program in a subprocess with a timeout, anything that
# could eat memory under an address-space limit (as in tests/system/test_hostile.py).

TIMEOUT = 30  # seconds; each run takes well under one
MEMORY = 512 * 1024 * 1024
ESC_NAME = "\x1b]0;owned\x07\x1b[2J\x1b[31mAlpha muscle"
COMPLETE_MUSCLES = {
    "_BACKMUSCLES_COMPLETE": "complete_bash",
    "COMP_WORDS": "backmuscles show al",
    "COMP_CWORD": "2",
}


def _limit() -> None:  # runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def tool(
    argv: list[str], env: dict[str, str], extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("BACKMUSCLES_", "_BACK"))}
    full.update(env, NO_COLOR="1", **(extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "backmuscles", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        env=full,
        preexec_fn=_limit if sys.platform != "win32" else None,
    )


def assert_runs_fine(env: dict[str, str]) -> None:
    """A run and a completion, in real processes, both right (a hang fails on the timeout)."""
    shown = tool(["show", "alpha"], env)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Alpha muscle") and shown.stderr == ""
    completed = tool([], env, COMPLETE_MUSCLES)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["alpha"]


@needs_posix
@pytest.mark.parametrize("which", ["cache", "key"])
def test_a_named_pipe_in_the_cache_folder_does_not_hang(env, which: str) -> None:
    names(env)
    (path,) = cache_files(env)
    target = path if which == "cache" else cache_folder(env) / store.KEY_FILE
    target.unlink()
    os.mkfifo(target)
    assert_runs_fine(env)
    assert store._read_regular(target, 100) is None  # refused at once, in-process too


@needs_posix
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("which", ["cache", "key"])
def test_a_link_to_dev_zero_is_not_read(env, data: Path, which: str) -> None:
    names(env)
    (path,) = cache_files(env)
    target = path if which == "cache" else cache_folder(env) / store.KEY_FILE
    target.unlink()
    target.symlink_to("/dev/zero")
    assert_runs_fine(env)
    if which == "cache":
        target.unlink()
        target.symlink_to("/dev/zero")
        assert read_in_a_child(target, store.fingerprint(data, None)) == (False, 0)


READ_PROBE = """
import sys
from pathlib import Path
from backmuscles.core import model
from backmuscles.dataset import store  # imported before counting

def rchar():
    with open("/proc/self/io", encoding="ascii") as io:
        return int(next(line for line in io if line.startswith("rchar:")).split()[1])

before = rchar()
served = store.read_cache(Path(sys.argv[1]), sys.argv[2]) is not None
print(served, rchar() - before - 4096)
"""


def read_in_a_child(path: Path, key: str) -> tuple[bool, int]:
    """Read the cache in a child under the memory limit: whether it was served, and how many
    bytes beyond the key and a little slack it read (0 if no more; Linux only)."""
    if not Path("/proc/self/io").exists():
        pytest.skip("Linux /proc/self/io")
    result = subprocess.run(
        [sys.executable, "-c", READ_PROBE, str(path), key],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit,
    )
    served, extra = result.stdout.split()
    return served == "True", max(int(extra), 0)


@needs_posix
def test_a_huge_sparse_cache_file_is_a_prompt_miss(env) -> None:
    names(env)
    (path,) = cache_files(env)
    with path.open("r+b") as handle:
        handle.truncate(4 * 1024**3)
    assert_runs_fine(env)
    assert path.stat().st_size < store.MAX_CACHE_BYTES  # replaced by a real cache


def poisoned_payload(env: dict[str, str], data: Path) -> bytes:
    """The real cache's content with Alpha's name (as shown and as completed) full of
    terminal escape sequences: what a forger who knows the format would write."""
    from backmuscles.core.model import _plain_muscle

    names(env)
    (path,) = cache_files(env)
    dataset = store.read_cache(path, store.fingerprint(data, None))
    assert dataset is not None
    plain = list(dataset.plain())
    index = dataset.muscles.index(dataset.muscle_by_id["alpha"])
    muscle = dataset.muscles[index]._replace(name=ESC_NAME)
    plain[5] = list(plain[5])
    plain[5][index] = marshal.dumps(_plain_muscle(muscle))
    named = marshal.loads(plain[8])
    named[index] = (ESC_NAME, named[index][1])
    plain[8] = marshal.dumps(named)
    return marshal.dumps((store.fingerprint(data, None), tuple(plain)))


def old_style(payload: bytes) -> bytes:
    """The format before the cache was keyed: a public CRC-32 anyone can compute."""
    return b"backmuscles-cache-4\n" + zlib.crc32(payload).to_bytes(4, "big") + payload


POISONED = {
    "old-style-checksum": lambda payload, key: old_style(payload),
    "new-magic-with-crc": lambda payload, key: (
        store.MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload
    ),
    "signed-with-another-key": lambda payload, key: framed(payload, os.urandom(store.KEY_BYTES)),
}


@pytest.mark.parametrize("how", list(POISONED))
def test_a_poisoned_cache_is_not_served(env, data: Path, how: str) -> None:
    payload = poisoned_payload(env, data)
    (path,) = cache_files(env)
    key = store.fingerprint(data, None)
    # the forgery is well made: signed with the real key, it would be served
    path.write_bytes(framed(payload, secret(env)))
    served = store.read_cache(path, key)
    assert served is not None and served.muscle_by_id["alpha"].name == ESC_NAME
    path.write_bytes(POISONED[how](payload, secret(env)))
    assert store.read_cache(path, key) is None
    shown = tool(["show", "alpha"], env)
    assert shown.returncode == 0 and "\x1b" not in shown.stdout + shown.stderr
    assert shown.stdout.startswith("Alpha muscle")
    completed = tool([], env, COMPLETE_MUSCLES)
    assert completed.stdout.split() == ["alpha"] and "\x1b" not in completed.stdout
    assert store.read_cache(path, key) is not None  # rewritten, signed


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_files_for_the_same_data_are_removed_and_nothing_else(env, data: Path) -> None:
    names(env)
    (path,) = cache_files(env)
    folder = path.parent
    tag = path.name.removeprefix("dataset-").removesuffix(".marshal")
    other = "0badc0de" if tag != "0badc0de" else "0badcafe"
    dead, alive = dead_pid(), os.getppid()
    stale = [
        f"dataset-{tag}.pickle",  # an old version's cache of this data
        f".dataset-{tag}.marshal.{dead}.tmp",  # runs killed while writing
        f".dataset-{tag}.pickle.{dead}.tmp",
        f".{store.KEY_FILE}.{dead}.tmp",
    ]
    kept = [
        f"dataset-{other}.marshal",  # other data's caches
        f"dataset-{other}.pickle",
        f".dataset-{other}.marshal.{dead}.tmp",
        f".dataset-{tag}.marshal.{alive}.tmp",  # a live run may be writing it now
        f"dataset-{tag}.marshal.bak",  # not our naming scheme
        f"dataset-{tag}.pickle.old",
        "notes.txt",
    ]
    for name in stale + kept:
        (folder / name).write_bytes(b"x")
    (folder / "subfolder").mkdir()
    assert names(env)  # a hit: nothing is written, nothing removed
    assert all((folder / name).exists() for name in stale)
    (data / "muscles" / "gamma.yaml").unlink()  # a miss: the cache is written again
    assert names(env) == ["Alpha muscle", "Beta muscle"]
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted([*kept, path.name, store.KEY_FILE, "subfolder"])
