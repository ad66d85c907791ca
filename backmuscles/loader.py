"""Find the dataset, parse it safely, and check it.

One resolver decides where the data comes from (:func:`locate`); :func:`load` parses
every file with PyYAML's C safe loader (never a loader that builds arbitrary objects)
and checks it, collecting every problem with its file and field; :class:`DataError`
carries them to the CLI.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .model import (
    FREQUENCIES,
    SELF_CARE_KINDS,
    ZONE_KINDS,
    Anatomy,
    Dataset,
    Muscle,
    Region,
    SelfCare,
    Zone,
)
from .text import name_index

ENV_DATA = "BACKMUSCLES_DATA"
REGIONS_FILE = "regions.yaml"
MUSCLES_DIR = "muscles"
MAX_FILE_BYTES = 2_000_000  # a muscle file is a few KiB; anything this big is a mistake

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

Source = Literal["option", "environment", "package", "repository"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the dataset, located as precisely as the parser allows."""

    file: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class DataError(Exception):
    """The dataset cannot be found or read, or it is broken."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        first = str(self.problems[0]) if self.problems else "unknown data problem"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problem{'s' * (more > 1)})" if more else ""))


@dataclass(frozen=True, slots=True)
class DataLocation:
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
            path = Path(value).expanduser()
            if not path.is_dir():
                raise DataError([Problem(str(path), "", f"{name} is not a folder")])
            return DataLocation(path, source)
    searched: list[Path] = []
    fallbacks: tuple[tuple[Path, Source], ...] = (
        (package_data_dir(), "package"),
        (repository_data_dir(), "repository"),
    )
    for path, source in fallbacks:
        if (path / REGIONS_FILE).is_file():
            return DataLocation(path, source)
        searched.append(path)
    places = ", ".join(str(p) for p in searched)
    raise DataError(
        [Problem("data", "", f"no dataset found; set {ENV_DATA}, or looked in: {places}")]
    )


# --- parsing -----------------------------------------------------------------------------


def _yaml_load(text: str) -> Any:
    """Parse one YAML document with the C safe loader when present; duplicate keys are errors."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[misc]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if isinstance(key, str | int | float | bool) or key is None:
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key {key!r}", key_node.start_mark
                        )
                    seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return yaml.load(text, Loader=StrictLoader)  # a SafeLoader subclass: plain data only


def _read_yaml(path: Path, label: str) -> tuple[Any, list[Problem]]:
    import yaml

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [Problem(label, "", f"file is larger than {MAX_FILE_BYTES} bytes")]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(label, "", "not UTF-8 text")]
    except OSError as exc:
        return None, [Problem(label, "", f"cannot read: {exc.strerror or exc}")]
    try:
        return _yaml_load(text), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        return None, [Problem(label, "", f"YAML error: {exc.problem or exc.context}", line)]
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return None, [Problem(label, "", f"YAML error: {exc.__class__.__name__}")]


# --- checking ----------------------------------------------------------------------------


class _Checker:
    """Reads plain parsed YAML into typed records, noting every problem on the way."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def fail(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, field, message))

    def mapping(
        self, value: Any, field: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(field or "(top level)", f"expected a mapping, got {_kind(value)}")
            return None
        for key in value:
            if not isinstance(key, str) or key not in required + optional:
                known = ", ".join(required + optional)
                self.fail(_join(field, str(key)), f"unknown key (known keys: {known})")
        for key in required:
            if key not in value:
                self.fail(_join(field, key), "missing")
        return value

    def string(self, value: Any, field: str) -> str:
        if not isinstance(value, str):
            self.fail(field, f"expected text, got {_kind(value)}")
            return ""
        text = value.strip()
        if not text:
            self.fail(field, "is empty")
        elif _CONTROL.search(text):
            self.fail(field, "contains a control character")
        return text

    def identifier(self, value: Any, field: str) -> str:
        text = self.string(value, field)
        if text and not _ID.match(text):
            self.fail(field, f"{text!r} is not a kebab-case id (like 'lower-back')")
        return text

    def strings(self, value: Any, field: str, allow_empty: bool = False) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(field, f"expected a list of text, got {_kind(value)}")
            return ()
        if not value and not allow_empty:
            self.fail(field, "is an empty list")
        return tuple(self.string(item, f"{field}[{i}]") for i, item in enumerate(value))


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def _read_regions(doc: Any, file: str) -> tuple[list[Region], list[Problem]]:
    check = _Checker(file)
    top = check.mapping(doc, "", ("regions",))
    regions: list[Region] = []
    items = top.get("regions") if top else None
    if top is not None and "regions" in top:
        if not isinstance(items, list) or not items:
            check.fail("regions", "expected a non-empty list of regions")
            items = []
        for i, item in enumerate(items):
            field = f"regions[{i}]"
            raw = check.mapping(
                item, field, ("id", "label", "synonyms", "description"), ("parent",)
            )
            if raw is None:
                continue
            rid = check.identifier(raw.get("id"), f"{field}.id")
            field = f"regions[{rid or i}]"
            parent = raw.get("parent")
            regions.append(
                Region(
                    id=rid,
                    label=check.string(raw.get("label"), f"{field}.label"),
                    synonyms=check.strings(raw.get("synonyms", []), f"{field}.synonyms", True),
                    parent=None if parent is None else check.identifier(parent, f"{field}.parent"),
                    description=check.string(raw.get("description"), f"{field}.description"),
                )
            )
    problems = check.problems
    by_id: dict[str, Region] = {}
    for region in regions:
        if region.id in by_id:
            problems.append(Problem(file, f"regions[{region.id}].id", "duplicate region id"))
        by_id[region.id] = region
    for region in regions:
        if region.parent is not None and region.parent not in by_id:
            problems.append(
                Problem(file, f"regions[{region.id}].parent", f"unknown region {region.parent!r}")
            )
    for region in regions:  # a parent chain must end
        seen = {region.id}
        parent = region.parent
        while parent in by_id:
            if parent in seen:
                problems.append(
                    Problem(file, f"regions[{region.id}].parent", "parents form a loop")
                )
                break
            seen.add(parent)
            parent = by_id[parent].parent
    _, clashes = name_index((r.id, (r.id, r.label, *r.synonyms)) for r in regions)
    for key, first, later in clashes:
        problems.append(
            Problem(file, f"regions[{later}].synonyms", f"{key!r} also names region {first!r}")
        )
    return regions, problems


_MUSCLE_KEYS = (
    "id",
    "name",
    "aliases",
    "group",
    "anatomy",
    "function",
    "pain_pattern",
    "aggravating",
    "self_care",
    "sources",
)


def _read_muscle(
    doc: Any, file: str, stem: str, region_ids: set[str]
) -> tuple[Muscle | None, list[Problem]]:
    check = _Checker(file)
    raw = check.mapping(doc, "", _MUSCLE_KEYS)
    if raw is None:
        return None, check.problems
    mid = check.identifier(raw.get("id"), "id")
    if mid and mid != stem:
        check.fail("id", f"{mid!r} does not match the file name {stem!r}")
    anatomy = check.mapping(raw.get("anatomy"), "anatomy", ("location", "attachments")) or {}
    pattern = (
        check.mapping(raw.get("pain_pattern"), "pain_pattern", ("description", *ZONE_KINDS)) or {}
    )
    care = check.mapping(raw.get("self_care"), "self_care", SELF_CARE_KINDS) or {}
    zones: list[Zone] = []
    for kind in ZONE_KINDS:
        field = f"pain_pattern.{kind}"
        entries = pattern.get(kind, {})
        if entries is None:
            entries = {}
        if not isinstance(entries, dict):
            check.fail(field, f"expected a mapping of region id to frequency, got {_kind(entries)}")
            continue
        if kind == "essential" and not entries and kind in pattern:
            check.fail(field, "is empty; a muscle needs at least one essential zone")
        for region, frequency in entries.items():
            if not isinstance(region, str) or region not in region_ids:
                check.fail(f"{field}.{region}", f"unknown region {region!r}")
                continue
            if isinstance(frequency, bool) or frequency not in FREQUENCIES:
                check.fail(f"{field}.{region}", f"frequency must be 1, 2 or 3, got {frequency!r}")
                continue
            zones.append(Zone(region, kind, frequency))
    essential = {z.region for z in zones if z.kind == "essential"}
    for zone in zones:
        if zone.kind == "spillover" and zone.region in essential:
            check.fail(
                f"pain_pattern.spillover.{zone.region}", "region is in the essential zone too"
            )
    self_care = SelfCare(
        *(check.strings(care.get(k, []), f"self_care.{k}", True) for k in SELF_CARE_KINDS)
    )
    if care and not any((self_care.release, self_care.stretch, self_care.strengthen)):
        check.fail("self_care", "gives no advice at all")
    muscle = Muscle(
        id=mid,
        name=check.string(raw.get("name"), "name"),
        aliases=check.strings(raw.get("aliases", []), "aliases", allow_empty=True),
        group=check.string(raw.get("group"), "group"),
        anatomy=Anatomy(
            location=check.string(anatomy.get("location"), "anatomy.location"),
            attachments=check.strings(anatomy.get("attachments"), "anatomy.attachments"),
        ),
        function=check.strings(raw.get("function"), "function"),
        pattern=check.string(pattern.get("description"), "pain_pattern.description"),
        zones=tuple(zones),
        aggravating=check.strings(raw.get("aggravating"), "aggravating"),
        self_care=self_care,
        sources=check.strings(raw.get("sources"), "sources"),
    )
    return (None if check.problems else muscle), check.problems


def _muscle_name_clashes(muscles: list[tuple[str, Muscle]]) -> Iterator[Problem]:
    files: dict[str, str] = {}
    unique: list[tuple[str, Muscle]] = []
    for file, muscle in muscles:
        if muscle.id in files:
            yield Problem(
                file, "id", f"duplicate muscle id {muscle.id!r} (also in {files[muscle.id]})"
            )
        else:
            files[muscle.id] = file
            unique.append((file, muscle))
    _, clashes = name_index((m.id, (m.id, m.name, *m.aliases)) for _, m in unique)
    for key, first, later in clashes:
        yield Problem(files[later], "aliases", f"{key!r} also names muscle {first!r}")


def load(location: DataLocation | Path) -> Dataset:
    """Read and check a dataset folder. Raises :class:`DataError` listing every problem."""
    root = location.path if isinstance(location, DataLocation) else location
    problems: list[Problem] = []
    regions_doc, found = _read_yaml(root / REGIONS_FILE, REGIONS_FILE)
    problems += found
    regions, found = _read_regions(regions_doc, REGIONS_FILE) if not found else ([], [])
    problems += found
    muscle_dir = root / MUSCLES_DIR
    try:
        files = sorted(p for p in muscle_dir.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError:
        files = []
    if not files:
        problems.append(Problem(MUSCLES_DIR, "", "no muscle files (*.yaml) found"))
    region_ids = {r.id for r in regions}
    muscles: list[tuple[str, Muscle]] = []
    for path in files:
        label = f"{MUSCLES_DIR}/{path.name}"
        doc, found = _read_yaml(path, label)
        if not found:
            muscle, found = _read_muscle(doc, label, path.stem, region_ids)
            if muscle is not None:
                muscles.append((label, muscle))
        problems += found
    problems += _muscle_name_clashes(muscles)
    if problems:
        raise DataError(problems)
    source = str(root)
    return Dataset(tuple(regions), tuple(m for _, m in muscles), source=source)


def load_default(option: str | None = None, environ: Mapping[str, str] | None = None) -> Dataset:
    """Locate and load in one step: what every command does."""
    return load(locate(option, environ))
