"""A cache of the dataset: the light half of loading, on every run's path.

:func:`load_dataset` returns the checked :class:`~backmuscles.core.model.Dataset` of the folder
:func:`~backmuscles.dataset.location.locate` finds, from a cache file in the user's cache
directory when nothing has changed, else by parsing and checking every file
(:mod:`backmuscles.dataset.loader`, which imports yaml) and writing the cache for next time.

The cache is keyed by the program's version, the Python version, and the path, size,
modification time, change time and inode of every data file; a new, removed or edited file is
a miss, even one edited in place with its old modification time put back (``touch`` cannot set
the change time). Only a file this user's own runs wrote is served: it carries a keyed BLAKE2b
of its content under a random key in the cache folder that only its owner can read (see
:func:`_secret`). Files are read only if regular and at most :data:`MAX_CACHE_BYTES`, without
blocking (a named pipe or a link to ``/dev/zero`` is a miss, not a hang). It is written
atomically (a temporary file, removed on any exit, then a rename), and the same data's stale
files are removed then. Any problem is a miss, and an unusable cache folder or key only means no
cache: the cache never breaks a run. Turn it off with ``--no-cache`` or
``BACKMUSCLES_NO_CACHE``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from backmuscles import __version__

from .location import (
    ACTIVITIES_FILE,
    ALIASES_FILE,
    CAUTIONS_FILE,
    DATA_SUFFIXES,
    ENV_NO_CACHE,
    EXERCISES_FILE,
    GROUPS_FILE,
    MUSCLES_DIR,
    PHRASES_FILE,
    RED_FLAGS_FILE,
    REGIONS_FILE,
    SYMPTOMS_FILE,
    DataLocation,
    cache_dir,
    locate,
    user_data_dir,
)

if TYPE_CHECKING:
    from backmuscles.core.completion import Name
    from backmuscles.core.model import Dataset

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
        names = (REGIONS_FILE, GROUPS_FILE, ALIASES_FILE, EXERCISES_FILE, CAUTIONS_FILE)
        # the red flags' safety net is kept with the dataset
        for name in (*names, ACTIVITIES_FILE, RED_FLAGS_FILE, PHRASES_FILE, SYMPTOMS_FILE):
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


# The file: MAGIC, a keyed BLAKE2b of the payload (MAC_BYTES), then the payload, marshal's
# encoding of (fingerprint, dataset as plain tuples). marshal is built in (nothing to import)
# and the fastest reader; the keyed hash keeps damaged bytes, and any bytes this user's own
# runs did not write, from ever reaching it. Checking what a file holds instead would mean
# unpacking every muscle on every run (they are built lazily) and would still trust whatever
# the check does not cover; the hash costs about a microsecond per KiB (0.1 ms for the
# shipped data) and covers everything.
MAGIC = b"backmuscles-cache-11\n"  # 11: phrases, symptoms, sides, safety net, caution titles,
# activities and worse_with, region order
MAC_BYTES = 32
KEY_FILE = "cache.key"
KEY_BYTES = 32
MAX_CACHE_BYTES = 64 * 1024 * 1024  # 30,000 muscles make about 20 MB
_OPEN = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def _read_regular(path: Path, limit: int, private: bool = False) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (not a link) of at most ``limit`` bytes
    and, if ``private``, owned by this user and closed to everyone else; else None (an
    OSError too). Never blocks: a named pipe opens at once, then is refused. The data
    loader reads its files the same way; this one spares the cache's path that import."""
    import stat

    try:
        fd = os.open(path, _OPEN)
    except (OSError, ValueError):
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            posix = hasattr(os, "geteuid")  # Windows has no such owner and mode bits
            if private and posix and (info.st_uid != os.geteuid() or info.st_mode & 0o077):
                return None
            # its size and one byte more, to see a file that grows while it is read: never
            # more than that (and never a buffer of ``limit`` bytes for a small file)
            data = handle.read(info.st_size + 1)
    except OSError:
        return None
    return data if len(data) <= info.st_size else None


def _secret(directory: Path, create: bool = False) -> bytes | None:
    """The cache's key: ``cache.key`` in the cache folder, KEY_BYTES random bytes in a
    regular file that only its owner (this user) can read. With ``create``, a missing key is
    made (written privately under a temporary name, then linked into place, so that two runs
    never see half a key). Anything else there (wrong size, owner or permissions, a link, a
    pipe) means no cache, and is left alone."""
    path = directory / KEY_FILE
    key = _read_regular(path, KEY_BYTES, private=True)
    if key is not None and len(key) == KEY_BYTES:
        return key
    if not create or os.path.lexists(path):
        return None
    temporary = directory / f".{KEY_FILE}.{os.getpid()}.tmp"
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)  # a leftover of a dead run with our pid, or a planted link
        fd = os.open(temporary, _CREATE, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(KEY_BYTES))
        with contextlib.suppress(FileExistsError):  # another run made one first: use it
            os.link(temporary, path)
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return _secret(directory)


def _mac(secret: bytes, payload: bytes | memoryview) -> bytes:
    try:
        from _blake2 import blake2b  # what hashlib uses, without its 4 ms OpenSSL import
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b
    return blake2b(payload, digest_size=MAC_BYTES, key=secret).digest()


def _read_plain(path: Path, key: Fingerprint) -> Any:
    """The cached plain data if the file holds it for exactly this key and this user's runs
    wrote it; else None, whatever went wrong (missing, not a regular file, too big,
    unreadable, damaged, forged, another version's, no usable key)."""
    import marshal
    from _operator import _compare_digest  # hmac.compare_digest, without importing hashlib

    try:
        secret = _secret(path.parent)
        if secret is None:
            return None
        blob = _read_regular(path, MAX_CACHE_BYTES)
        if blob is None:
            return None
        start = len(MAGIC) + MAC_BYTES
        head, mac = blob[: len(MAGIC)], blob[len(MAGIC) : start]
        payload = memoryview(blob)[start:]  # not a copy of it
        if head != MAGIC or not _compare_digest(mac, _mac(secret, payload)):
            return None
        stored_key, plain = marshal.loads(payload)
        return plain if stored_key == key else None
    except Exception:  # a broken cache is only a miss
        return None


def read_cache(path: Path, key: Fingerprint) -> Dataset | None:
    """The cached dataset, or None (see :func:`_read_plain`)."""
    from backmuscles.core.model import Dataset

    plain = _read_plain(path, key)
    if plain is None:
        return None
    try:
        return Dataset.from_plain(plain)
    except Exception:  # the right key but a shape we do not understand: a miss
        return None


def _stale(path: Path) -> list[Path]:
    """Files of our own naming scheme for the same data as the cache file ``path``, other
    than ``path``: the pickle of old versions, and temporary files (of this data, or of the
    key) of runs that are no longer alive (killed while writing). Nothing else in the folder
    is ever touched."""
    import re

    tag = re.escape(path.name.removeprefix("dataset-").removesuffix(".marshal"))
    pattern = re.compile(
        rf"dataset-{tag}\.pickle|\.(?:dataset-{tag}\.(?:marshal|pickle)|cache\.key)\.(\d+)\.tmp"
    )
    found: list[Path] = []
    with contextlib.suppress(OSError), os.scandir(path.parent) as scan:
        for entry in scan:
            match = pattern.fullmatch(entry.name)
            if match is None or not entry.is_file(follow_symlinks=False):
                continue
            pid = match.group(1)
            if pid is None or (int(pid) != os.getpid() and not _alive(int(pid))):
                found.append(Path(entry.path))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True  # another user's, or we cannot tell: leave its file alone
    return True


def write_cache(path: Path, key: Fingerprint, dataset: Dataset) -> bool:
    """Write atomically, then remove the same data's stale files; True if it worked. Never
    raises an Exception; on any exit, KeyboardInterrupt included, no temporary file is left
    (the interrupt itself goes on to the caller)."""
    import marshal

    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    ours = False  # the temporary file is ours to remove
    try:
        from backmuscles.core.vocab import keep_lexicon

        keep_lexicon(dataset)  # the phrase reader's tables go into the cache too
        record: Any = (key, dataset.plain())  # built-in types only, as marshal needs
        payload = marshal.dumps(record)
        if len(MAGIC) + MAC_BYTES + len(payload) > MAX_CACHE_BYTES:
            return False  # too big to be read back
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        secret = _secret(path.parent, create=True)
        if secret is None:
            return False
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)  # a leftover of a dead run with our pid, or a planted link
        ours = True
        fd = os.open(temporary, _CREATE, 0o600)  # never through a link someone put there
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + _mac(secret, payload) + payload)
        os.replace(temporary, path)
        ours = False
        for old in _stale(path):
            with contextlib.suppress(OSError):
                old.unlink()
        return True
    except Exception:  # an unwritable cache directory is only a slower next run
        return False
    finally:
        if ours:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


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
    """Every name of every region (``kind="regions"``: id, label, synonyms), activity
    (``"activities"``: id, label, synonyms) or muscle (``"muscles"``: id, name, aliases),
    for shell completion: read straight from a fresh cache without building any records
    (every TAB runs the whole program), else from a full load (which writes the cache for
    the next TAB)."""
    from backmuscles.core.completion import names_of

    source = _source(option, environ, use_cache)
    if source.cache is not None:
        plain = _read_plain(source.cache, source.key)
        if plain is not None:
            if kind == "regions":
                return names_of((r[0], r[1], r[2]) for r in plain[0])
            if kind == "activities":
                # Dataset.plain(): ..., symptoms 12, phrases 13, lexicon 14, activities 15
                return names_of((a[0], a[1], a[2]) for a in plain[15])
            import marshal

            named = marshal.loads(plain[8])  # (name, aliases) per muscle, in one blob
            return names_of(
                (mid, name, aliases) for mid, (name, aliases) in zip(plain[4], named, strict=True)
            )
    dataset = _load(source, try_cache=False)  # the cache was just read and missed
    if kind == "regions":
        return names_of((r.id, r.label, r.synonyms) for r in dataset.regions)
    if kind == "activities":
        return names_of((a.id, a.label, a.synonyms) for a in dataset.activities)
    return names_of((m.id, m.name, m.aliases) for m in dataset.muscles)
