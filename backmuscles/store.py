"""Where the data is, and a cache of it: the light half of loading, on every run's path.

:func:`locate` resolves the dataset folder and :func:`user_data_dir` the user's additions.
:func:`load_dataset` returns the checked :class:`~backmuscles.model.Dataset`, from a cache file in
the user's cache directory when nothing has changed, else by parsing and checking every file
(:mod:`backmuscles.loader`, which imports yaml) and writing the cache for next time.

The cache is keyed by the program's version, the Python version, and the path, size,
modification time, change time and inode of every data file; a new, removed or edited file is
a miss, even one edited in place with its old modification time put back. It is written
atomically (a temporary file, then a rename). A corrupt or unreadable cache is a miss, and an
unwritable cache directory only means no cache: the cache never breaks a run. Turn it off
with ``--no-cache`` or ``BACKMUSCLES_NO_CACHE``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from . import __version__
from .errors import DataError, Problem

if TYPE_CHECKING:
    from .completion import Name
    from .model import Dataset

ENV_DATA = "BACKMUSCLES_DATA"
ENV_USER_DATA = "BACKMUSCLES_USER_DATA"
ENV_NO_CACHE = "BACKMUSCLES_NO_CACHE"
REGIONS_FILE = "regions.yaml"
GROUPS_FILE = "groups.yaml"
ALIASES_FILE = "aliases.yaml"
EXERCISES_FILE = "exercises.yaml"
MUSCLES_DIR = "muscles"
DATA_SUFFIXES = (".yaml", ".yml")

Source = Literal["option", "environment", "package", "repository"]


def expand(text: str) -> Path:
    """A path as typed, with ``~`` expanded where that works (``~nosuchuser`` stays as is)."""
    try:
        return Path(text).expanduser()
    except (RuntimeError, ValueError, OSError):
        return Path(text)


def probe(path: Path, kind: Literal["dir", "file", "any"] = "any") -> bool:
    """Whether ``path`` is a folder, a file, or anything. Never raises: a name that is too
    long, a NUL byte, a symlink loop or a permission problem all mean "no"."""
    try:
        st = path.stat()
    except (OSError, ValueError):
        return False
    import stat

    if kind == "dir":
        return stat.S_ISDIR(st.st_mode)
    if kind == "file":
        return stat.S_ISREG(st.st_mode)
    return True


class DataLocation(NamedTuple):
    path: Path
    source: Source


def package_data_dir() -> Path:
    """Where an installed wheel keeps its copy of ``data/``."""
    return Path(__file__).resolve().parent / "data"


def repository_data_dir() -> Path:
    """The ``data/`` folder of a source checkout (also used by editable installs)."""
    return Path(__file__).resolve().parent.parent / "data"


def locate(option: str | None = None, environ: Mapping[str, str] | None = None) -> DataLocation:
    """Resolve the data folder: ``--data``, then ``BACKMUSCLES_DATA``, then the installed
    package's copy, then the repository's ``data/``. An explicit choice that is not a
    folder is an error (never a silent fall-back); so is finding nothing at all."""
    env = os.environ if environ is None else environ
    explicit: list[tuple[str | None, Source, str]] = [
        (option, "option", "--data"),
        (env.get(ENV_DATA) or None, "environment", ENV_DATA),
    ]
    for value, source, name in explicit:
        if value is not None:
            path = expand(value)
            if not probe(path, "dir"):
                raise DataError([Problem(str(path), "", f"{name} is not a folder")])
            return DataLocation(path, source)
    fallbacks: tuple[tuple[Path, Source], ...] = (
        (package_data_dir(), "package"),
        (repository_data_dir(), "repository"),
    )
    searched: list[Path] = []
    for path, source in fallbacks:
        if probe(path / REGIONS_FILE, "file"):
            return DataLocation(path, source)
        searched.append(path)
    places = ", ".join(str(p) for p in searched)
    raise DataError(
        [Problem("data", "", f"no dataset found; set {ENV_DATA}, or looked in: {places}")]
    )


def _xdg(env: Mapping[str, str], variable: str, *default: str) -> Path | None:
    """``$variable``, else ``~/<default>``, as an absolute path; None if neither gives one.
    The XDG spec says to ignore a relative value, and an unresolvable ``~`` (``HOME``
    unset, ``~nosuchuser``) must never turn into a folder under the current directory."""
    for base in (env.get(variable), str(Path(env.get("HOME") or "~", *default))):
        if base:
            path = expand(base)
            if path.is_absolute():
                return path
    return None


def user_data_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """The user's own additions: ``BACKMUSCLES_USER_DATA`` (empty turns them off), else
    ``$XDG_DATA_HOME/backmuscles``, else ``~/.local/share/backmuscles``. None if absent."""
    env = os.environ if environ is None else environ
    if ENV_USER_DATA in env:
        chosen = env[ENV_USER_DATA]
        path = expand(chosen) if chosen else None
    else:
        base = _xdg(env, "XDG_DATA_HOME", ".local", "share")
        path = base / "backmuscles" if base else None
    return path if path is not None and probe(path, "dir") else None


def cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """``$XDG_CACHE_HOME/backmuscles``, else ``~/.cache/backmuscles``; None (no cache) when
    neither is an absolute path."""
    env = os.environ if environ is None else environ
    base = _xdg(env, "XDG_CACHE_HOME", ".cache")
    return base / "backmuscles" if base else None


# --- the cache ---------------------------------------------------------------------------

Fingerprint = str


def fingerprint(root: Path, user_dir: Path | None) -> Fingerprint:
    """What the cached dataset depends on, as one string: versions, the folders, and every
    data file's name, size, modification and change times and inode (a missing optional file
    counts too). The change time and inode see a same-size edit whose old modification time
    was put back: ``touch`` and ``os.utime`` cannot set them."""
    lines = [__version__, f"{sys.version_info[0]}.{sys.version_info[1]}", str(root), str(user_dir)]
    for folder in (root, user_dir):
        if folder is None:
            continue
        for name in (REGIONS_FILE, GROUPS_FILE, ALIASES_FILE, EXERCISES_FILE):
            try:
                st = os.stat(folder / name)
                lines.append(f"{name} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}")
            except OSError:
                lines.append(f"{name} -")
        found: list[tuple[str, int, int, int, int]] = []
        try:
            with os.scandir(folder / MUSCLES_DIR) as scan:
                for entry in scan:
                    if entry.name.endswith(DATA_SUFFIXES):
                        st = entry.stat()
                        found.append(
                            (entry.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                        )
        except OSError:
            pass
        found.sort()
        lines.append(f"{MUSCLES_DIR}: {found!r}")  # one repr, done in C, not 2,000 f-strings
    return "\n".join(lines)


def _cache_file(directory: Path, root: Path, user_dir: Path | None) -> Path:
    tag = zlib.crc32(f"{root}\0{user_dir}".encode(errors="surrogateescape"))
    return directory / f"dataset-{tag:08x}.marshal"


# The file: MAGIC, a CRC-32 of the payload (4 bytes), then the payload, marshal's encoding
# of (fingerprint, dataset as plain tuples). marshal is built in (nothing to import) and the
# fastest reader; the checksum keeps damaged bytes from ever reaching it.
MAGIC = b"backmuscles-cache-4\n"


def _read_plain(path: Path, key: Fingerprint) -> Any:
    """The cached plain data if the file holds it for exactly this key; else None, whatever
    went wrong (missing, unreadable, damaged, another version's)."""
    import marshal

    try:
        blob = path.read_bytes()
        head, checksum, payload = (
            blob[: len(MAGIC)],
            blob[len(MAGIC) : len(MAGIC) + 4],
            blob[len(MAGIC) + 4 :],
        )
        if head != MAGIC or int.from_bytes(checksum, "big") != zlib.crc32(payload):
            return None
        stored_key, plain = marshal.loads(payload)
        return plain if stored_key == key else None
    except Exception:  # a broken cache is only a miss
        return None


def read_cache(path: Path, key: Fingerprint) -> Dataset | None:
    """The cached dataset, or None (see :func:`_read_plain`)."""
    from .model import Dataset

    plain = _read_plain(path, key)
    if plain is None:
        return None
    try:
        return Dataset.from_plain(plain)
    except Exception:  # the right key but a shape we do not understand: a miss
        return None


def write_cache(path: Path, key: Fingerprint, dataset: Dataset) -> bool:
    """Write atomically; True if it worked. Never raises."""
    import marshal

    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        record: Any = (key, dataset.plain())  # built-in types only, as marshal needs
        payload = marshal.dumps(record)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
        os.replace(temporary, path)
        return True
    except Exception:  # an unwritable cache directory is only a slower next run
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return False


class _Source(NamedTuple):
    """Where a run's dataset comes from: the data folder, the user's additions, and the
    cache file with its key (None when the cache is off or has no place)."""

    location: DataLocation
    extra: Path | None
    cache: Path | None
    key: Fingerprint


def _source(
    option: str | None, environ: Mapping[str, str] | None, use_cache: bool | None
) -> _Source:
    env = os.environ if environ is None else environ
    location = locate(option, env)
    extra = user_data_dir(env)
    directory = cache_dir(env)
    if use_cache is None:
        use_cache = not env.get(ENV_NO_CACHE)
    if not use_cache or directory is None:
        return _Source(location, extra, None, "")
    cache = _cache_file(directory, location.path, extra)
    return _Source(location, extra, cache, fingerprint(location.path, extra))


def _load(source: _Source, try_cache: bool = True) -> Dataset:
    """From the cache when it is fresh (and ``try_cache``), else from the files, writing
    the cache for next time."""
    if source.cache is not None and try_cache:
        cached = read_cache(source.cache, source.key)
        if cached is not None:
            return cached
    from .loader import load

    dataset = load(source.location, source.extra)
    if source.cache is not None:
        write_cache(source.cache, source.key, dataset)
    return dataset


def load_dataset(
    option: str | None = None,
    environ: Mapping[str, str] | None = None,
    use_cache: bool | None = None,
) -> Dataset:
    """The dataset every command uses: located, with the user's additions, from the cache
    when it is fresh. Raises :class:`~backmuscles.errors.DataError`."""
    return _load(_source(option, environ, use_cache))


def completion_names(
    kind: str,
    option: str | None = None,
    environ: Mapping[str, str] | None = None,
    use_cache: bool | None = None,
) -> list[Name]:
    """Every name of every region (``kind="regions"``: id, label, synonyms) or muscle
    (``"muscles"``: id, name, aliases), for shell completion: read straight from a fresh
    cache without building any records (every TAB runs the whole program), else from a
    full load (which writes the cache for the next TAB)."""
    from .completion import names_of

    source = _source(option, environ, use_cache)
    if source.cache is not None:
        plain = _read_plain(source.cache, source.key)
        if plain is not None:
            if kind == "regions":
                return names_of((r[0], r[1], r[2]) for r in plain[0])
            import marshal

            named = marshal.loads(plain[8])  # (name, aliases) per muscle, in one blob
            return names_of(
                (mid, name, aliases) for mid, (name, aliases) in zip(plain[4], named, strict=True)
            )
    dataset = _load(source, try_cache=False)  # the cache was just read and missed
    if kind == "regions":
        return names_of((r.id, r.label, r.synonyms) for r in dataset.regions)
    return names_of((m.id, m.name, m.aliases) for m in dataset.muscles)
