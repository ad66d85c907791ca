"""Where the data is: the dataset folder (``--data``, ``BACKMUSCLES_DATA``, the installed
copy, the repository's ``data/``), the user's additions, the cache folder, and the names of
the files a dataset holds. Standard library only, and no parsing: every run passes here."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, NamedTuple

from backmuscles.core.errors import DataError, Problem

ENV_DATA = "BACKMUSCLES_DATA"
ENV_USER_DATA = "BACKMUSCLES_USER_DATA"
ENV_NO_CACHE = "BACKMUSCLES_NO_CACHE"
REGIONS_FILE = "regions.yaml"
GROUPS_FILE = "groups.yaml"
ALIASES_FILE = "aliases.yaml"
EXERCISES_FILE = "exercises.yaml"
CAUTIONS_FILE = "cautions.yaml"
ACTIVITIES_FILE = "activities.yaml"  # what can make the pain worse
RED_FLAGS_FILE = "red_flags.yaml"  # the question bank (and the safety net)
PHRASES_FILE = "phrases.yaml"
SYMPTOMS_FILE = "symptoms.yaml"
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
    return Path(__file__).resolve().parent.parent / "data"


def repository_data_dir() -> Path:
    """The ``data/`` folder of a source checkout (also used by editable installs)."""
    return Path(__file__).resolve().parents[2] / "data"


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
