"""The parsed-dataset cache, and what each fast path imports. Deterministic: no timings."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from backmuscles import store

from .conftest import TINY


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture
def env(tmp_path: Path, data: Path) -> dict[str, str]:
    return {
        "BACKMUSCLES_DATA": str(data),
        "BACKMUSCLES_USER_DATA": "",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }


def cache_files(env: dict[str, str]) -> list[Path]:
    folder = Path(env["XDG_CACHE_HOME"]) / "backmuscles"
    return sorted(folder.glob("dataset-*.marshal")) if folder.is_dir() else []


def names(env: dict[str, str]) -> list[str]:
    return [m.name for m in store.load_dataset(environ=env).muscles]


def test_first_run_writes_the_cache_and_the_next_reads_it(env, data: Path) -> None:
    first = store.load_dataset(environ=env)
    (path,) = cache_files(env)
    assert path.read_bytes().startswith(store.MAGIC)
    key = store.fingerprint(data, None)
    assert store.read_cache(path, key) == first
    assert store.load_dataset(environ=env) == first


def test_an_edited_file_is_seen_at_once(env, data: Path) -> None:
    assert names(env)[0] == "Alpha muscle"
    muscle = data / "muscles" / "alpha.yaml"
    text = muscle.read_text(encoding="utf-8").replace("Alpha muscle", "Alpha renamed")
    muscle.write_text(text, encoding="utf-8")
    os.utime(muscle, ns=(1, 1))  # even with an old modification time: the size changed
    assert names(env)[0] == "Alpha renamed"


def test_same_size_edit_with_a_new_mtime_is_seen(env, data: Path) -> None:
    names(env)
    muscle = data / "muscles" / "alpha.yaml"
    text = muscle.read_text(encoding="utf-8").replace("Alpha muscle", "Alpha muscLE")
    stat = muscle.stat()
    muscle.write_text(text, encoding="utf-8")
    os.utime(muscle, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert names(env)[0] == "Alpha muscLE"


def test_added_and_removed_files_are_seen(env, data: Path) -> None:
    assert len(names(env)) == 3
    delta = (data / "muscles" / "gamma.yaml").read_text(encoding="utf-8")
    (data / "muscles" / "delta.yaml").write_text(
        delta.replace("id: gamma", "id: delta").replace("Gamma", "Delta"), encoding="utf-8"
    )
    assert len(names(env)) == 4
    (data / "muscles" / "delta.yaml").unlink()
    (data / "muscles" / "gamma.yaml").unlink()
    assert names(env) == ["Alpha muscle", "Beta muscle"]


def test_a_broken_edit_is_an_error_not_a_stale_answer(env, data: Path) -> None:
    from backmuscles.errors import DataError

    names(env)
    (data / "muscles" / "beta.yaml").write_text("id: [", encoding="utf-8")
    with pytest.raises(DataError):
        names(env)


def test_a_same_size_edit_with_its_old_mtime_restored_is_a_miss(env, data: Path) -> None:
    import time

    assert names(env)[0] == "Alpha muscle"
    muscle = data / "muscles" / "alpha.yaml"
    before = muscle.stat()
    text = muscle.read_text(encoding="utf-8").replace("Alpha muscle", "Alpha muscLE")
    while True:  # the change time must move (a coarse clock may need a moment)
        muscle.write_text(text, encoding="utf-8")
        os.utime(muscle, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = muscle.stat()
        if after.st_ctime_ns != before.st_ctime_ns:
            break
        time.sleep(0.01)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert names(env)[0] == "Alpha muscLE"


def test_a_file_swapped_in_with_the_same_size_and_mtime_is_a_miss(env, data: Path) -> None:
    """As an editor saves: a new file renamed over the old one, here with its old times."""
    assert names(env)[0] == "Alpha muscle"
    muscle = data / "muscles" / "alpha.yaml"
    before = muscle.stat()
    new = data / "alpha.new"
    new.write_text(
        muscle.read_text(encoding="utf-8").replace("Alpha muscle", "Alpha MUSCLE"), "utf-8"
    )
    os.utime(new, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(new, muscle)
    assert muscle.stat().st_ino != before.st_ino
    assert names(env)[0] == "Alpha MUSCLE"


def framed(payload: bytes, checksum: int | None = None) -> bytes:
    crc = zlib.crc32(payload) if checksum is None else checksum
    return store.MAGIC + crc.to_bytes(4, "big") + payload


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"not a cache file",
        framed(marshal.dumps(("key", "data")), checksum=1),  # damaged: checksum mismatch
        framed(b"\xff\x00 not marshal"),  # right checksum, not marshal data
        framed(marshal.dumps("wrong shape")),
        framed(marshal.dumps((("old key",), ([], [], [], "", ())))),  # another key
    ],
    ids=["empty", "text", "bad-checksum", "not-marshal", "wrong-shape", "other-key"],
)
def test_a_corrupt_cache_is_a_miss_and_is_rewritten(env, data: Path, garbage: bytes) -> None:
    first = names(env)
    (path,) = cache_files(env)
    path.write_bytes(garbage)
    assert names(env) == first
    assert store.read_cache(path, store.fingerprint(data, None)) is not None  # rewritten


def test_the_right_key_with_a_wrong_shape_is_a_miss(env, data: Path) -> None:
    names(env)
    (path,) = cache_files(env)
    path.write_bytes(
        framed(marshal.dumps((store.fingerprint(data, None), ("not", "a", "dataset"))))
    )
    assert store.read_cache(path, store.fingerprint(data, None)) is None
    assert names(env) == ["Alpha muscle", "Beta muscle", "Gamma muscle"]


def test_a_cache_of_another_version_is_a_miss(env, data: Path, monkeypatch) -> None:
    first = store.load_dataset(environ=env)
    (path,) = cache_files(env)
    old_key = store.fingerprint(data, None)
    monkeypatch.setattr(store, "__version__", "0.0.0-other")
    assert store.fingerprint(data, None) != old_key
    assert store.read_cache(path, store.fingerprint(data, None)) is None
    assert store.load_dataset(environ=env) == first


def test_an_unwritable_cache_directory_never_breaks_a_run(env, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    env["XDG_CACHE_HOME"] = str(blocker)
    assert names(env) == ["Alpha muscle", "Beta muscle", "Gamma muscle"]
    assert not list(tmp_path.glob("**/*.tmp"))


def test_no_cache_reads_and_writes_nothing(env) -> None:
    assert names({**env, "BACKMUSCLES_NO_CACHE": "1"})
    assert cache_files(env) == []
    store.load_dataset(environ=env, use_cache=False)
    assert cache_files(env) == []


def test_the_cli_no_cache_option(env) -> None:
    from typer.testing import CliRunner

    from backmuscles.cli import app

    result = CliRunner().invoke(app, ["--no-cache", "list"], env=env)
    assert result.exit_code == 0 and cache_files(env) == []
    result = CliRunner().invoke(app, ["list"], env=env)
    assert result.exit_code == 0 and len(cache_files(env)) == 1


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


@pytest.fixture
def warm(env) -> dict[str, str]:
    store.load_dataset(environ=env)
    return env


def test_where_json_warm_imports_no_rich_no_yaml_no_parser(warm) -> None:
    loaded = imported(["where", "back", "--json"], warm)
    assert "backmuscles.ranking" in loaded
    for heavy in (
        "rich",
        "yaml",
        "backmuscles.loader",
        "backmuscles.screening",
        "importlib.metadata",
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
    assert "backmuscles.store" in loaded
    assert not family(loaded, "rich") and not family(loaded, "yaml")
    assert "backmuscles.model" not in loaded  # names straight from the cache


def test_a_first_run_parses_with_yaml(env) -> None:
    loaded = imported(["where", "back", "--json"], env)
    assert "yaml" in loaded and "backmuscles.loader" in loaded


def test_terminal_output_does_import_rich(warm) -> None:
    loaded = imported(["where", "back"], warm, {"FORCE_COLOR": "1"})
    assert "rich.console" in loaded and not family(loaded, "yaml")
    assert "rich.table" not in loaded  # the ranked table is drawn as segments


def test_results_are_the_same_with_and_without_the_cache(warm) -> None:
    from typer.testing import CliRunner

    from backmuscles.cli import app

    cached = CliRunner().invoke(app, ["where", "lower-back", "tailbone", "--json"], env=warm)
    fresh = CliRunner().invoke(
        app, ["--no-cache", "where", "lower-back", "tailbone", "--json"], env=warm
    )
    assert cached.exit_code == fresh.exit_code == 0
    assert json.loads(cached.stdout) == json.loads(fresh.stdout)


@pytest.mark.parametrize("value", ["~nosuchuser", "relative/cache", "."])
def test_a_cache_home_that_is_not_absolute_is_ignored(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The XDG spec: a relative value is invalid. It must never put a cache folder under
    the current directory (a fuzz run once left `~nosuchuser/` in the repository)."""
    from .conftest import run_cli

    monkeypatch.chdir(tmp_path)
    home = tmp_path / "home"
    result = run_cli(["where", "back"], env={"XDG_CACHE_HOME": value, "HOME": str(home)})
    assert result.exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["home"]
    assert list((home / ".cache" / "backmuscles").glob("dataset-*.marshal"))
