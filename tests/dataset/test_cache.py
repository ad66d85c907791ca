"""The parsed-dataset cache in-process: edits are seen, damaged or foreign caches and keys
are misses, interrupted writes leave nothing behind. Deterministic: no timings."""

from __future__ import annotations

import json
import marshal
import os
import sys
from pathlib import Path

import pytest

from backmuscles.dataset import store


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
    from backmuscles.core.errors import DataError

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


def secret(env: dict[str, str]) -> bytes:
    return (Path(env["XDG_CACHE_HOME"]) / "backmuscles" / store.KEY_FILE).read_bytes()


def framed(payload: bytes, key: bytes | None) -> bytes:
    """A cache file as ours are written, its payload signed with ``key`` (None: a wrong
    signature)."""
    mac = store._mac(key, payload) if key is not None else bytes(store.MAC_BYTES)
    return store.MAGIC + mac + payload


GARBAGE = {
    "empty": lambda key: b"",
    "text": lambda key: b"not a cache file",
    "bad-mac": lambda key: framed(marshal.dumps(("key", "data")), None),
    "not-marshal": lambda key: framed(b"\xff\x00 not marshal", key),
    "wrong-shape": lambda key: framed(marshal.dumps("wrong shape"), key),
    "other-key": lambda key: framed(marshal.dumps((("old key",), ([], [], [], "", ()))), key),
}


@pytest.mark.parametrize("garbage", list(GARBAGE))
def test_a_corrupt_cache_is_a_miss_and_is_rewritten(env, data: Path, garbage: str) -> None:
    first = names(env)
    (path,) = cache_files(env)
    path.write_bytes(GARBAGE[garbage](secret(env)))
    assert names(env) == first
    assert store.read_cache(path, store.fingerprint(data, None)) is not None  # rewritten


def test_the_right_key_with_a_wrong_shape_is_a_miss(env, data: Path) -> None:
    names(env)
    (path,) = cache_files(env)
    path.write_bytes(
        framed(marshal.dumps((store.fingerprint(data, None), ("not", "a", "dataset"))), secret(env))
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
    from tests.conftest import run_cli

    monkeypatch.chdir(tmp_path)
    home = tmp_path / "home"
    result = run_cli(["where", "back"], env={"XDG_CACHE_HOME": value, "HOME": str(home)})
    assert result.exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["home"]
    assert list((home / ".cache" / "backmuscles").glob("dataset-*.marshal"))


def cache_folder(env: dict[str, str]) -> Path:
    return Path(env["XDG_CACHE_HOME"]) / "backmuscles"


needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and modes")


def bytes_read() -> int:
    """What this process has read so far (Linux counts every read call's bytes)."""
    for line in Path("/proc/self/io").read_text(encoding="ascii").splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="Linux /proc/self/io")
def test_a_cache_file_over_the_size_cap_is_refused_unread(env, data: Path) -> None:
    names(env)
    (path,) = cache_files(env)
    with path.open("r+b") as handle:
        handle.truncate(store.MAX_CACHE_BYTES + 1)  # sparse: costs no disk
    before = bytes_read()
    assert store.read_cache(path, store.fingerprint(data, None)) is None
    assert bytes_read() - before < 4096  # the size was checked before any byte of it was read


@needs_posix
def test_a_key_others_can_read_means_no_cache(env, data: Path) -> None:
    names(env)
    (path,) = cache_files(env)
    key_file = cache_folder(env) / store.KEY_FILE
    key_file.chmod(0o644)
    assert store.read_cache(path, store.fingerprint(data, None)) is None
    path.unlink()
    assert names(env) == ["Alpha muscle", "Beta muscle", "Gamma muscle"]
    assert cache_files(env) == []  # no cache written under a key that is not private
    assert key_file.stat().st_mode & 0o777 == 0o644  # and the key left as it was


@needs_posix
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_key_owned_by_another_user_means_no_cache(env, data: Path) -> None:
    names(env)
    (path,) = cache_files(env)
    os.chown(cache_folder(env) / store.KEY_FILE, 65534, 65534)
    assert store.read_cache(path, store.fingerprint(data, None)) is None
    assert names(env) == ["Alpha muscle", "Beta muscle", "Gamma muscle"]


@needs_posix
def test_a_key_that_is_a_link_means_no_cache(env, data: Path, tmp_path: Path) -> None:
    names(env)
    (path,) = cache_files(env)
    key_file = cache_folder(env) / store.KEY_FILE
    elsewhere = tmp_path / "elsewhere.key"
    key_file.rename(elsewhere)  # the very same key, private, but reached through a link
    key_file.symlink_to(elsewhere)
    assert store.read_cache(path, store.fingerprint(data, None)) is None


@pytest.mark.parametrize("content", [b"", b"short", bytes(store.KEY_BYTES + 1)])
def test_a_key_of_the_wrong_size_means_no_cache(env, data: Path, content: bytes) -> None:
    names(env)
    (path,) = cache_files(env)
    (cache_folder(env) / store.KEY_FILE).write_bytes(content)
    assert store.read_cache(path, store.fingerprint(data, None)) is None
    assert names(env) == ["Alpha muscle", "Beta muscle", "Gamma muscle"]


def test_a_lost_key_is_a_miss_and_a_new_key_is_made(env, data: Path) -> None:
    names(env)
    (path,) = cache_files(env)
    key_file = cache_folder(env) / store.KEY_FILE
    old = key_file.read_bytes()
    key_file.unlink()
    assert store.read_cache(path, store.fingerprint(data, None)) is None
    assert names(env) == ["Alpha muscle", "Beta muscle", "Gamma muscle"]
    assert len(key_file.read_bytes()) == store.KEY_BYTES and key_file.read_bytes() != old
    if sys.platform != "win32":
        assert key_file.stat().st_mode & 0o777 == 0o600
    assert store.read_cache(path, store.fingerprint(data, None)) is not None
    assert not list(cache_folder(env).glob("*.tmp")) and not list(cache_folder(env).glob(".*"))


@pytest.mark.parametrize("where", ["writing", "renaming"])
@pytest.mark.parametrize("error", [KeyboardInterrupt, OSError])
def test_an_interrupted_write_leaves_no_temporary_file(
    env, data: Path, monkeypatch: pytest.MonkeyPatch, where: str, error: type[BaseException]
) -> None:
    dataset = store.load_dataset(environ=env, use_cache=False)
    folder = cache_folder(env)
    path = folder / "dataset-00000000.marshal"
    store.write_cache(path, "warm", dataset)  # the folder and key exist, as on a real miss
    seen: list[Path] = []

    def fail(*args: object, **kwargs: object) -> bytes:
        seen.extend(folder.glob(".*.tmp"))  # the temporary file did exist at this point
        raise error("interrupted")

    if where == "writing":
        monkeypatch.setattr(store, "_mac", fail)
    else:
        monkeypatch.setattr(store.os, "replace", fail)
    if error is KeyboardInterrupt:
        with pytest.raises(KeyboardInterrupt):  # the interrupt still reaches the CLI (130)
            store.write_cache(path, store.fingerprint(data, None), dataset)
    else:
        assert store.write_cache(path, store.fingerprint(data, None), dataset) is False
    monkeypatch.undo()
    assert seen
    assert sorted(p.name for p in folder.iterdir()) == [store.KEY_FILE, path.name]
    assert store.read_cache(path, "warm") is not None  # the old file is untouched
