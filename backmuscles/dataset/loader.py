"""Find the dataset, parse it safely, and check it.

One resolver decides where the data comes from (:func:`locate`); :func:`load` parses
every file with PyYAML's C safe loader (never a loader that builds arbitrary objects),
adds the user's own folder on top (:func:`user_data_dir`), and checks everything,
collecting each problem with its file, field and line; :class:`DataError` carries
them to the CLI.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backmuscles.core.errors import DataError, Problem
from backmuscles.core.model import (
    EXERCISE_KINDS,
    FREQUENCIES,
    SELF_CARE_KINDS,
    ZONE_KINDS,
    Activity,
    Anatomy,
    Caution,
    Dataset,
    Dose,
    Exercise,
    Group,
    Modifier,
    Muscle,
    Phrases,
    Region,
    SafetyLine,
    SelfCare,
    Symptom,
    Zone,
)
from backmuscles.core.screening import (
    LEVELS,
    MAX_AGE,
    AgeBand,
    Escalation,
    LevelText,
    QuestionBank,
    RedFlag,
    action_fits,
)
from backmuscles.core.text import name_index
from backmuscles.core.vocab import phrase_problems

from .location import (
    ACTIVITIES_FILE,
    ALIASES_FILE,
    CAUTIONS_FILE,
    DATA_SUFFIXES,
    EXERCISES_FILE,
    GROUPS_FILE,
    MUSCLES_DIR,
    PHRASES_FILE,
    RED_FLAGS_FILE,
    REGIONS_FILE,
    SYMPTOMS_FILE,
    DataLocation,
    locate,
    probe,
    user_data_dir,
)
from .report import Report

MAX_FILE_BYTES = 2_000_000  # a muscle file is a few KiB; anything this big is a mistake

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# What text in the data may not hold. Every field is one line except a few paragraphs of
# prose (``prose=True``), which may hold line feeds; none may hold a tab, another control
# character or a bidi control, and none may be only invisible characters.
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # str.splitlines's
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # tab and line feed apart
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SUSPECT = re.compile(f"[\\t\\n{_CONTROL.pattern[1:-1]}{_BIDI.pattern[1:-1]}]")  # all of them
# shown blank, though not white space, formatting or combining marks (Unicode fillers)
_BLANK = frozenset("\u115f\u1160\u180e\u2800\u3164\uffa0")


def _text_problem(text: str, prose: bool = False) -> str | None:
    """What is wrong with one stripped, non-empty text field, or None."""
    if _SUSPECT.search(text):  # rare: the usual text costs this one search
        if "\t" in text:
            return "contains a tab"
        if not prose and (found := _LINE_BREAK.search(text)):
            return f"contains a line break (U+{ord(found[0]):04X}); this field is one line"
        if found := _CONTROL.search(text):
            return f"contains a control character (U+{ord(found[0]):04X})"
        if found := _BIDI.search(text):
            return f"contains a bidirectional control character (U+{ord(found[0]):04X})"
    if text.isascii() or _visible(text):
        return None
    return "has no visible characters (only white space, zero-width or combining marks)"


def _visible(text: str) -> bool:
    import unicodedata

    invisible = ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Mc", "Me")
    return any(c not in _BLANK and unicodedata.category(c) not in invisible for c in text)


def _shown(key: str) -> str:
    """A key from the data as it can be printed in a one-line message."""
    return key if key.isprintable() else repr(key)[1:-1]


# --- parsing -----------------------------------------------------------------------------


def _yaml() -> Any:
    import yaml

    return yaml


def _read_text(path: Path, label: str) -> tuple[str | None, list[Problem]]:
    """A data file's text, read only if it is a regular file of a sane size: a named pipe
    or a link to /dev/zero would otherwise block or never end; the read itself is capped too,
    in case the file grows while it is read."""
    import stat

    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return None, [Problem(label, "", "not a regular file")]
            if info.st_size > MAX_FILE_BYTES:
                return None, [Problem(label, "", f"file is larger than {MAX_FILE_BYTES} bytes")]
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return None, [Problem(label, "", f"file is larger than {MAX_FILE_BYTES} bytes")]
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return None, [Problem(label, "", "not UTF-8 text")]
    except OSError as exc:
        return None, [Problem(label, "", f"cannot read: {exc.strerror or exc}")]


def _parse(text: str, label: str) -> tuple[Any, list[Problem]]:
    """Plain YAML data only (see :mod:`backmuscles.plainyaml`): no tags, anchors or aliases,
    no duplicate keys."""
    from .plainyaml import PlainYAMLError, load

    try:
        return load(text), []
    except PlainYAMLError as exc:
        return None, [Problem(label, "", f"YAML error: {exc.message}", exc.line)]
    except RecursionError:
        return None, [Problem(label, "", "YAML error: nested too deeply")]


_PATH_PART = re.compile(r"([^.\[\]]+)|\[([^\]]+)\]")


class _Lines:
    """Finds the line where a field (``pain_pattern.essential.x``, ``regions[tailbone].parent``,
    ``function[2]``) is written in one file: the line of its key, or of its nearest parent
    that exists. The file is composed once and each mapping indexed once, so a file with
    100,000 unknown keys costs linear time, not quadratic."""

    def __init__(self, text: str) -> None:
        yaml = self.yaml = _yaml()
        try:
            self.root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (yaml.YAMLError, ValueError, RecursionError):
            self.root = None
        self.index: dict[int, dict[str, tuple[Any, Any]]] = {}

    def line(self, field: str) -> int | None:
        node = self.root
        if node is None:
            return None
        line: int = node.start_mark.line + 1
        for key, index in _PATH_PART.findall(field):
            found = self._child(node, key or index, bool(index))
            if found is None:
                break
            marker, node = found
            line = marker.start_mark.line + 1
        return line

    def _child(self, node: Any, part: str, indexed: bool) -> tuple[Any, Any] | None:
        """``(node that marks the place, child node)`` for a key or an index, or None."""
        yaml = self.yaml
        if isinstance(node, yaml.MappingNode) and not indexed:
            return self._keys(node).get(part)
        if isinstance(node, yaml.SequenceNode) and indexed:
            if part.isdigit():
                item = node.value[int(part)] if int(part) < len(node.value) else None
                return (item, item) if item is not None else None
            for item in node.value:  # regions[tailbone]: the item whose id is tailbone
                if isinstance(item, yaml.MappingNode):
                    value = self._keys(item).get("id")
                    if value is not None and getattr(value[1], "value", None) == part:
                        return item, item
        return None

    def _keys(self, node: Any) -> dict[str, tuple[Any, Any]]:
        keys = self.index.get(id(node))
        if keys is None:
            keys = {}
            for key_node, value in node.value:
                key = getattr(key_node, "value", None)
                if isinstance(key, str):
                    keys.setdefault(key, (key_node, value))
                    keys.setdefault(_shown(key), (key_node, value))  # as a message shows it
            self.index[id(node)] = keys
        return keys


# --- reading records ---------------------------------------------------------------------


class _Missing:
    """Stands in for a required key that is absent: reported once, as "missing"."""


MISSING: Any = _Missing()


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
        if value is MISSING:
            return None
        if not isinstance(value, dict):
            self.fail(field or "(top level)", f"expected a mapping, got {_kind(value)}")
            return None
        for key in value:
            if not isinstance(key, str) or key not in required + optional:
                known = ", ".join(required + optional)
                self.fail(_join(field, _shown(str(key))), f"unknown key (known keys: {known})")
        filled = dict(value)
        for key in required:
            if key not in value:
                self.fail(_join(field, key), "missing")
                filled[key] = MISSING
        return filled

    def string(self, value: Any, field: str, prose: bool = False) -> str:
        """Text, stripped; one line unless it is ``prose`` (see :func:`_text_problem`)."""
        if value is MISSING:
            return ""
        if not isinstance(value, str):
            self.fail(field, f"expected text, got {_kind(value)}")
            return ""
        text = value.strip()
        if not text:
            self.fail(field, "is empty")
        elif problem := _text_problem(text, prose):
            self.fail(field, problem)
        return text

    def text_or_number(self, value: Any, field: str) -> str:
        """Text, or a plain number written without quotes (``reps: 10``)."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return self.string(value, field)

    def identifier(self, value: Any, field: str) -> str:
        """A kebab-case id. One holding characters that cannot be printed on one line is
        reported once and read as no id, so it never reaches another message's field."""
        before = len(self.problems)
        text = self.string(value, field)
        if len(self.problems) > before:
            return "" if text and not text.isprintable() else text
        if text and not _ID.match(text):
            self.fail(field, f"{text!r} is not a kebab-case id (like 'lower-back')")
        return text

    def flag(self, value: Any, field: str) -> bool:
        """true or false (missing: false)."""
        if value is MISSING or value is None:
            return False
        if not isinstance(value, bool):
            self.fail(field, f"expected true or false, got {_kind(value)}")
            return False
        return value

    def identifiers(self, value: Any, field: str) -> tuple[str, ...]:
        """A list of kebab-case ids (missing: none)."""
        if value is MISSING:
            return ()
        if not isinstance(value, list):
            self.fail(field, f"expected a list of ids, got {_kind(value)}")
            return ()
        return tuple(self.identifier(v, f"{field}[{i}]") for i, v in enumerate(value))

    def strings(self, value: Any, field: str, allow_empty: bool = False) -> tuple[str, ...]:
        if value is MISSING:
            return ()
        if not isinstance(value, list):
            self.fail(field, f"expected a list of text, got {_kind(value)}")
            return ()
        if not value and not allow_empty:
            self.fail(field, "is an empty list")
        return tuple(self.string(item, f"{field}[{i}]") for i, item in enumerate(value))

    def items(self, doc: Any, key: str) -> list[tuple[int, Any]]:
        """The entries of a ``{key: [ ... ]}`` file."""
        top = self.mapping(doc, "", (key,))
        if top is None or key not in top:
            return []
        entries = top[key]
        if not isinstance(entries, list) or not entries:
            self.fail(key, f"expected a non-empty list of {key}")
            return []
        return list(enumerate(entries))


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


Labelled = tuple[str, Any]  # (file label, record)


def _read_regions(doc: Any, file: str) -> tuple[list[Labelled], list[Problem]]:
    check = _Checker(file)
    regions: list[Labelled] = []
    for i, item in check.items(doc, "regions"):
        field = f"regions[{i}]"
        raw = check.mapping(
            item,
            field,
            ("id", "label", "synonyms", "description"),
            ("parent", "midline", "order", "order_sources"),
        )
        if raw is None:
            continue
        rid = check.identifier(raw.get("id"), f"{field}.id")
        field = f"regions[{rid or i}]"
        parent = raw.get("parent")
        order = _read_order(check, raw.get("order", []), f"{field}.order")
        order_sources = check.strings(raw.get("order_sources", []), f"{field}.order_sources", True)
        if order and not order_sources:
            check.fail(f"{field}.order", "needs order_sources: say which source gives this order")
        if order_sources and not order:
            check.fail(f"{field}.order_sources", "given without an order")
        region = Region(
            id=rid,
            label=check.string(raw.get("label"), f"{field}.label"),
            synonyms=check.strings(raw.get("synonyms", []), f"{field}.synonyms", True),
            parent=None if parent is None else check.identifier(parent, f"{field}.parent"),
            description=check.string(raw.get("description"), f"{field}.description", prose=True),
            midline=check.flag(raw.get("midline", MISSING), f"{field}.midline"),
            order=order,
            order_sources=order_sources,
        )
        regions.append((file, region))
    return regions, check.problems


def _read_order(check: _Checker, value: Any, field: str) -> tuple[tuple[str, ...], ...]:
    """A region's ``order``: muscle ids, most often the cause first; an item that is a list
    holds muscles the source puts level with each other."""
    tiers: list[tuple[str, ...]] = []
    for j, item in enumerate(_list_or_fail(check, value, field)):
        where = f"{field}[{j}]"
        members = item if isinstance(item, list) else [item]
        if not members:
            check.fail(where, "is an empty list")
        tiers.append(tuple(check.identifier(m, where) for m in members))
    named = [m for tier in tiers for m in tier]
    if len(set(named)) != len(named):
        check.fail(field, "names a muscle twice")
    return tuple(tiers)


def _read_groups(doc: Any, file: str) -> tuple[list[Labelled], list[Problem]]:
    check = _Checker(file)
    groups: list[Labelled] = []
    for i, item in check.items(doc, "groups"):
        field = f"groups[{i}]"
        raw = check.mapping(item, field, ("id", "label", "synonyms", "description"))
        if raw is None:
            continue
        gid = check.identifier(raw.get("id"), f"{field}.id")
        field = f"groups[{gid or i}]"
        group = Group(
            id=gid,
            label=check.string(raw.get("label"), f"{field}.label"),
            synonyms=check.strings(raw.get("synonyms", []), f"{field}.synonyms", True),
            description=check.string(raw.get("description"), f"{field}.description", prose=True),
        )
        groups.append((file, group))
    return groups, check.problems


def _read_activities(doc: Any, file: str) -> tuple[list[Labelled], list[Problem]]:
    """The activity vocabulary: what can make the pain worse."""
    check = _Checker(file)
    activities: list[Labelled] = []
    for i, item in check.items(doc, "activities"):
        field = f"activities[{i}]"
        raw = check.mapping(
            item, field, ("id", "label", "synonyms", "description", "sources"), ("raises",)
        )
        if raw is None:
            continue
        aid = check.identifier(raw.get("id"), f"{field}.id")
        field = f"activities[{aid or i}]"
        raises = _list_or_fail(check, raw.get("raises", []), f"{field}.raises")
        activity = Activity(
            id=aid,
            label=check.string(raw.get("label"), f"{field}.label"),
            synonyms=check.strings(raw.get("synonyms", []), f"{field}.synonyms", True),
            description=check.string(raw.get("description"), f"{field}.description", prose=True),
            sources=check.strings(raw.get("sources"), f"{field}.sources"),
            raises=tuple(check.identifier(r, f"{field}.raises[{j}]") for j, r in enumerate(raises)),
        )
        activities.append((file, activity))
    return activities, check.problems


# pain_pattern.frequency_basis: what the zones' 1-3 numbers rest on (required, one line)
BASIS = "frequency_basis"

MUSCLE_KEYS = (
    "id",
    "name",
    "aliases",
    "group",
    "anatomy",
    "function",
    "pain_pattern",
    "aggravating",
    "trigger_points",
    "self_care",
    "could_also_be",
    "sources",
)


def _read_muscle(doc: Any, file: str, stem: str) -> tuple[Muscle | None, list[Problem]]:
    check = _Checker(file)
    raw = check.mapping(
        doc,
        "",
        MUSCLE_KEYS,
        ("exercises", "trigger_point_regions", "crosses_midline", "worse_with"),
    )
    if raw is None:
        return None, check.problems
    mid = check.identifier(raw.get("id"), "id")
    if mid and mid != stem:
        check.fail("id", f"{mid!r} does not match the file name {stem!r}")
    anatomy = check.mapping(raw.get("anatomy"), "anatomy", ("location", "attachments")) or {}
    pattern = (
        check.mapping(
            raw.get("pain_pattern"), "pain_pattern", ("description", *ZONE_KINDS), (BASIS,)
        )
        or {}
    )
    care = check.mapping(raw.get("self_care"), "self_care", SELF_CARE_KINDS) or {}
    zones: list[Zone] = []
    for kind in ZONE_KINDS:
        field = f"pain_pattern.{kind}"
        given = pattern.get(kind)
        entries = {} if given is None or given is MISSING else given
        if not isinstance(entries, dict):
            check.fail(field, f"expected a mapping of region id to frequency, got {_kind(entries)}")
            continue
        if kind == "essential" and not entries and kind in pattern and given is not MISSING:
            check.fail(field, "is empty; a muscle needs at least one essential zone")
        for region, frequency in entries.items():
            if not isinstance(region, str):
                check.fail(
                    f"{field}.{_shown(str(region))}", f"expected a region id, got {_kind(region)}"
                )
            elif isinstance(frequency, bool) or frequency not in FREQUENCIES:
                check.fail(f"{field}.{region}", f"frequency must be 1, 2 or 3, got {frequency!r}")
            else:
                zones.append(Zone(region, kind, frequency))
    essential = {z.region for z in zones if z.kind == "essential"}
    for zone in zones:
        if zone.kind == "spillover" and zone.region in essential:
            check.fail(
                f"pain_pattern.spillover.{_shown(zone.region)}",
                "region is in the essential zone too",
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
        group=check.identifier(raw.get("group"), "group"),
        anatomy=Anatomy(
            location=check.string(anatomy.get("location"), "anatomy.location"),
            attachments=check.strings(anatomy.get("attachments"), "anatomy.attachments"),
        ),
        function=check.strings(raw.get("function"), "function"),
        pattern=check.string(pattern.get("description"), "pain_pattern.description"),
        zones=tuple(zones),
        frequency_basis=_frequency_basis(check, pattern),
        aggravating=check.strings(raw.get("aggravating"), "aggravating"),
        trigger_points=check.strings(raw.get("trigger_points"), "trigger_points"),
        self_care=self_care,
        could_also_be=check.strings(raw.get("could_also_be"), "could_also_be"),
        sources=check.strings(raw.get("sources"), "sources"),
        exercises=tuple(
            check.identifier(e, f"exercises[{i}]")
            for i, e in enumerate(_list_or_fail(check, raw.get("exercises", []), "exercises"))
        ),
        trigger_point_regions=tuple(
            check.identifier(r, f"trigger_point_regions[{i}]")
            for i, r in enumerate(
                _list_or_fail(check, raw.get("trigger_point_regions", []), "trigger_point_regions")
            )
        ),
        crosses_midline=check.flag(raw.get("crosses_midline", MISSING), "crosses_midline"),
        worse_with=tuple(
            check.identifier(a, f"worse_with[{i}]")
            for i, a in enumerate(_list_or_fail(check, raw.get("worse_with", []), "worse_with"))
        ),
    )
    if len(set(muscle.worse_with)) != len(muscle.worse_with):
        check.fail("worse_with", "names an activity twice")
    # Returned even when broken, so the checks across files still see its zones and
    # names and report every problem at once; any error keeps the dataset from loading.
    return muscle, check.problems


def _frequency_basis(check: _Checker, pattern: dict[str, Any]) -> str:
    """``pain_pattern.frequency_basis``: one line saying what the 1-3 numbers rest on.
    Required (a pattern without one is reported), so no number passes without its basis."""
    field = f"pain_pattern.{BASIS}"
    if not pattern:  # no pain_pattern at all: already reported
        return ""
    if BASIS not in pattern:
        check.fail(
            field,
            "missing: say in one line what the frequencies rest on "
            "(for example 'estimate, from the order of muscles in the cited charts')",
        )
        return ""
    return check.string(pattern[BASIS], field)  # one line: the string check says so


def _read_aliases(
    doc: Any, file: str
) -> tuple[dict[str, dict[str, tuple[str, ...]]], list[Problem]]:
    """A user's extra names: ``{muscles: {id: [names]}, regions: {id: [names]}}``."""
    check = _Checker(file)
    top = check.mapping(doc, "", (), ("muscles", "regions")) or {}
    extra: dict[str, dict[str, tuple[str, ...]]] = {"muscles": {}, "regions": {}}
    for kind in ("muscles", "regions"):
        entries = top.get(kind) or {}
        if not isinstance(entries, dict):
            check.fail(kind, f"expected a mapping of id to a list of names, got {_kind(entries)}")
            continue
        for key, names in entries.items():
            extra[kind][str(key)] = check.strings(names, f"{kind}.{_shown(str(key))}")
    return extra, check.problems


def _read_escalations(
    check: _Checker, value: Any, field: str, level: Any
) -> tuple[Escalation, ...]:
    """``escalate``: one rule or a list of rules, each with the action its level calls for."""
    if value is MISSING:
        return ()
    items = value if isinstance(value, list) else [value]
    rules: list[Escalation] = []
    for j, item in enumerate(items):
        where = f"{field}.escalate" + (f"[{j}]" if isinstance(value, list) else "")
        rule = check.mapping(item, where, ("to", "action"), ("with_any", "min_age"))
        if rule is None:
            continue
        to: Any = rule.get("to")
        if to not in LEVELS:
            check.fail(f"{where}.to", f"unknown level {to!r}")
            continue
        if level in LEVELS and LEVELS.index(to) >= LEVELS.index(level):
            check.fail(f"{where}.to", f"{to!r} is not more urgent than {level!r}")
        age = rule.get("min_age")
        if age is not None and (
            isinstance(age, bool) or not isinstance(age, int) or not 0 < age < MAX_AGE
        ):
            check.fail(f"{where}.min_age", f"expected an age in years, got {age!r}")
            age = None
        with_any = check.strings(
            rule.get("with_any", MISSING), f"{where}.with_any", allow_empty=True
        )
        if not with_any and age is None:
            check.fail(where, "needs with_any or min_age: nothing would trigger it")
        action = check.string(rule.get("action"), f"{where}.action")
        if action and not action_fits(to, action):
            check.fail(f"{where}.action", f"does not read as {to!r} advice")
        rules.append(Escalation(to, with_any, age, action))
    return tuple(rules)


def _read_age_band(check: _Checker, value: Any, field: str) -> AgeBand | None:
    """``age``: the part of a question that is about age (``under: 16`` or ``from: 50``)."""
    if value is MISSING:
        return None
    band = check.mapping(value, f"{field}.age", (), ("under", "from", "alone"))
    if band is None:
        return None
    years: dict[str, int | None] = {}
    for key in ("under", "from"):
        given = band.get(key)
        if given is not None and (
            isinstance(given, bool) or not isinstance(given, int) or not 0 < given < MAX_AGE
        ):
            check.fail(f"{field}.age.{key}", f"expected an age in years, got {given!r}")
            given = None
        years[key] = given
    if years["under"] is None and years["from"] is None:
        check.fail(f"{field}.age", "needs under or from")
        return None
    alone = band.get("alone", False)
    if not isinstance(alone, bool):
        check.fail(f"{field}.age.alone", f"expected true or false, got {alone!r}")
        alone = False
    return AgeBand(years["under"], years["from"], alone)


def _read_red_flags(
    doc: Any, file: str, regions: Collection[str] | None = None
) -> tuple[QuestionBank | None, list[Problem]]:
    """The screening question bank: its levels with their messages, and the flags."""
    check = _Checker(file)
    top = check.mapping(doc, "", ("levels", "flags"), ("safety_net",))
    if top is None:
        return None, check.problems
    texts: list[LevelText] = []
    raw_levels = top.get("levels")
    if not isinstance(raw_levels, list):
        check.fail(
            "levels", f"expected a list of the {len(LEVELS)} levels, got {_kind(raw_levels)}"
        )
        raw_levels = []
    for i, item in enumerate(raw_levels):
        raw = check.mapping(item, f"levels[{i}]", ("id", "title", "message"))
        if raw is None:
            continue
        level = check.string(raw.get("id"), f"levels[{i}].id")
        if level and level not in LEVELS:
            check.fail(f"levels[{i}].id", f"unknown level {level!r} (levels: {', '.join(LEVELS)})")
            continue
        field = f"levels[{level or i}]"
        title = check.string(raw.get("title"), f"{field}.title")
        message = check.string(raw.get("message"), f"{field}.message")
        texts.append(LevelText(level, title, message))  # type: ignore[arg-type]
    given = [t.id for t in texts]
    for level in LEVELS:
        if given.count(level) != 1:
            check.fail("levels", f"level {level!r} must appear exactly once")
    flags: list[RedFlag] = []
    raw_flags = top.get("flags")
    if not isinstance(raw_flags, list) or not raw_flags:
        check.fail("flags", f"expected a non-empty list of flags, got {_kind(raw_flags)}")
        raw_flags = []
    keys = ("id", "level", "question", "screens_for", "action", "sources")
    for i, item in enumerate(raw_flags):
        raw = check.mapping(item, f"flags[{i}]", keys, ("escalate", "age", "regions"))
        if raw is None:
            continue
        fid = check.identifier(raw.get("id"), f"flags[{i}].id")
        field = f"flags[{fid or i}]"
        flag_level: Any = raw.get("level")
        if flag_level is not MISSING and flag_level not in LEVELS:
            check.fail(
                f"{field}.level", f"unknown level {flag_level!r} (levels: {', '.join(LEVELS)})"
            )
        action = check.string(raw.get("action"), f"{field}.action")
        if flag_level in LEVELS and action and not action_fits(flag_level, action):
            check.fail(f"{field}.action", f"does not read as {flag_level!r} advice")
        flags.append(
            RedFlag(
                id=fid,
                level=flag_level,
                question=check.string(raw.get("question"), f"{field}.question"),
                screens_for=check.string(raw.get("screens_for"), f"{field}.screens_for"),
                action=action,
                sources=check.strings(raw.get("sources"), f"{field}.sources"),
                escalate=_read_escalations(check, raw.get("escalate", MISSING), field, flag_level),
                age=_read_age_band(check, raw.get("age", MISSING), field),
                regions=tuple(
                    check.identifier(r, f"{field}.regions[{j}]")
                    for j, r in enumerate(raw["regions"])
                    if isinstance(raw["regions"], list)
                )
                if "regions" in raw
                else (),
            )
        )
        if "regions" in raw and not isinstance(raw["regions"], list):
            check.fail(
                f"{field}.regions", f"expected a list of region ids, got {_kind(raw['regions'])}"
            )
    ids = [f.id for f in flags]
    by_id = {f.id: f for f in flags if f.level in LEVELS}
    for flag in flags:
        if ids.count(flag.id) > 1:
            check.fail(f"flags[{flag.id}].id", "duplicate flag id")
        for rule in flag.escalate:
            for other in rule.with_any:
                if other not in ids:
                    check.fail(f"flags[{flag.id}].escalate.with_any", f"unknown flag {other!r}")
                elif other == flag.id:
                    check.fail(f"flags[{flag.id}].escalate.with_any", "names the flag itself")
            named = [by_id[i].level for i in rule.with_any if i in by_id]
            if (
                rule.min_age is None
                and named
                and all(LEVELS.index(level) <= LEVELS.index(rule.to) for level in named)
            ):
                check.fail(
                    f"flags[{flag.id}].escalate",
                    f"can never change the result: every flag it names is {rule.to!r} or more "
                    "urgent on its own",
                )
        for region in flag.regions:
            if regions is not None and region not in regions:
                check.fail(f"flags[{flag.id}].regions", f"unknown region {region!r}")
    net = _read_safety_net(check, top.get("safety_net", MISSING), by_id, regions)
    bank = QuestionBank(tuple(texts), tuple(flags), net)
    return (None if check.problems else bank), check.problems


def _read_safety_net(
    check: _Checker,
    raw_lines: Any,
    by_id: Mapping[str, RedFlag],
    regions: Collection[str] | None,
) -> tuple[SafetyLine, ...]:
    """``safety_net``: the lines printed with every answer, each with the flags it sums up
    (all of one level, and its text must read as advice for that level, as an action must)
    and, optionally, the places it belongs to."""
    if raw_lines is MISSING:
        return ()
    if not isinstance(raw_lines, list) or not raw_lines:
        check.fail("safety_net", f"expected a non-empty list of lines, got {_kind(raw_lines)}")
        return ()
    lines: list[SafetyLine] = []
    for i, item in enumerate(raw_lines):
        field = f"safety_net[{i}]"
        raw = check.mapping(item, field, ("text", "flags"), ("regions",))
        if raw is None:
            continue
        text = check.string(raw.get("text"), f"{field}.text")
        names = check.strings(raw.get("flags"), f"{field}.flags")
        levels = []
        for name in names:
            if name and name not in by_id:
                check.fail(f"{field}.flags", f"unknown flag {name!r}")
            elif name:
                levels.append(by_id[name].level)
        if len(set(levels)) > 1:
            check.fail(
                f"{field}.flags",
                "names flags of different levels (" + ", ".join(dict.fromkeys(levels)) + "): "
                "one line, one level",
            )
        elif levels and text and not action_fits(levels[0], text):
            check.fail(f"{field}.text", f"does not read as {levels[0]!r} advice")
        places: tuple[str, ...] = ()
        if "regions" in raw:
            places = check.strings(raw["regions"], f"{field}.regions")
            for region in places:
                if regions is not None and region and region not in regions:
                    check.fail(f"{field}.regions", f"unknown region {region!r}")
        lines.append(SafetyLine(text, names, places))
    return tuple(lines)


def read_red_flags(
    location: DataLocation | Path, regions: Collection[str] | None = None
) -> tuple[QuestionBank | None, list[Problem]]:
    """Read and check ``red_flags.yaml``; its problems carry lines. With ``regions``, the
    places its questions belong to are checked against them."""
    root = location.path if isinstance(location, DataLocation) else location
    text, problems = _read_text(root / RED_FLAGS_FILE, RED_FLAGS_FILE)
    if text is None:
        return None, problems
    doc, problems = _parse(text, RED_FLAGS_FILE)
    if problems:
        return None, problems
    bank, problems = _read_red_flags(doc, RED_FLAGS_FILE, regions)
    return bank, _with_lines(problems, {RED_FLAGS_FILE: text})


def load_red_flags(
    option: str | None = None, environ: Mapping[str, str] | None = None
) -> QuestionBank:
    """The question bank of the dataset in use. Raises :class:`DataError`."""
    bank, problems = read_red_flags(locate(option, environ))
    if bank is None:
        raise DataError(problems)
    return bank


EXERCISE_KEYS = (
    "id",
    "name",
    "kind",
    "muscles",
    "steps",
    "dose",
    "minutes",
    "easier",
    "harder",
    "cautions",
    "sources",
)


def _list_or_fail(check: _Checker, value: Any, field: str) -> list[Any]:
    if value is MISSING:
        return []
    if not isinstance(value, list):
        check.fail(field, f"expected a list of ids, got {_kind(value)}")
        return []
    return value


def _read_exercises(doc: Any, file: str) -> tuple[list[Labelled], list[Problem]]:
    check = _Checker(file)
    exercises: list[Labelled] = []
    for i, item in check.items(doc, "exercises"):
        raw = check.mapping(item, f"exercises[{i}]", EXERCISE_KEYS)
        if raw is None:
            continue
        eid = check.identifier(raw.get("id"), f"exercises[{i}].id")
        field = f"exercises[{eid or i}]"
        kind = raw.get("kind")
        if kind is not MISSING and kind not in EXERCISE_KINDS:
            check.fail(
                f"{field}.kind", f"expected one of {', '.join(EXERCISE_KINDS)}, got {kind!r}"
            )
        muscles = _list_or_fail(check, raw.get("muscles"), f"{field}.muscles")
        if raw.get("muscles") is not MISSING and not muscles:
            check.fail(f"{field}.muscles", "is an empty list")
        dose_raw = (
            check.mapping(raw.get("dose"), f"{field}.dose", ("sets", "how_often"), ("hold", "reps"))
            or {}
        )
        amounts = [k for k in ("hold", "reps") if k in dose_raw]
        if dose_raw and len(amounts) != 1:
            check.fail(f"{field}.dose", "give exactly one of hold or reps")
        dose = Dose(
            hold=check.text_or_number(dose_raw["hold"], f"{field}.dose.hold")
            if "hold" in dose_raw
            else None,
            reps=check.text_or_number(dose_raw["reps"], f"{field}.dose.reps")
            if "reps" in dose_raw
            else None,
            sets=check.text_or_number(dose_raw.get("sets"), f"{field}.dose.sets"),
            how_often=check.string(dose_raw.get("how_often"), f"{field}.dose.how_often"),
        )
        minutes = raw.get("minutes")
        if minutes is not MISSING and (
            isinstance(minutes, bool)
            or not isinstance(minutes, int | float)
            or not 0 < minutes <= 120
        ):
            check.fail(f"{field}.minutes", f"expected minutes between 0 and 120, got {minutes!r}")
            minutes = 0
        cautions = check.strings(raw.get("cautions"), f"{field}.cautions")
        exercise = Exercise(
            id=eid,
            name=check.string(raw.get("name"), f"{field}.name"),
            kind=kind if kind in EXERCISE_KINDS else "mobility",
            muscles=tuple(
                check.identifier(m, f"{field}.muscles[{j}]") for j, m in enumerate(muscles)
            ),
            steps=check.strings(raw.get("steps"), f"{field}.steps"),
            dose=dose,
            minutes=float(minutes) if isinstance(minutes, int | float) else 0.0,
            easier=check.string(raw.get("easier"), f"{field}.easier"),
            harder=check.string(raw.get("harder"), f"{field}.harder"),
            # an id (one kebab-case word) names a shared caution; anything else is its own
            cautions=tuple(c for c in cautions if not _ID.match(c)),
            sources=check.strings(raw.get("sources"), f"{field}.sources"),
            caution_ids=tuple(c for c in cautions if _ID.match(c)),
        )
        exercises.append((file, exercise))
    return exercises, check.problems


CAUTION_KEYS = ("id", "text", "sources")


def _read_cautions(doc: Any, file: str) -> tuple[list[Labelled], list[Problem]]:
    """The shared cautions: each written once, shown wherever it applies."""
    check = _Checker(file)
    cautions: list[Labelled] = []
    for i, item in check.items(doc, "cautions"):
        raw = check.mapping(item, f"cautions[{i}]", CAUTION_KEYS, ("kinds", "muscles", "title"))
        if raw is None:
            continue
        cid = check.identifier(raw.get("id"), f"cautions[{i}].id")
        field = f"cautions[{cid or i}]"
        kinds = _list_or_fail(check, raw.get("kinds", []), f"{field}.kinds")
        named = _list_or_fail(check, raw.get("muscles", []), f"{field}.muscles")
        for j, kind in enumerate(kinds):
            if kind not in EXERCISE_KINDS:
                check.fail(
                    f"{field}.kinds[{j}]",
                    f"expected one of {', '.join(EXERCISE_KINDS)}, got {kind!r}",
                )
        caution = Caution(
            id=cid,
            text=check.string(raw.get("text"), f"{field}.text"),
            kinds=tuple(k for k in kinds if k in EXERCISE_KINDS),
            muscles=tuple(
                check.identifier(m, f"{field}.muscles[{j}]") for j, m in enumerate(named)
            ),
            sources=check.strings(raw.get("sources"), f"{field}.sources"),
            title=check.string(raw["title"], f"{field}.title") if "title" in raw else "",
        )
        cautions.append((file, caution))
    return cautions, check.problems


def _check_cautions(
    muscles: list[Labelled], exercises: list[Labelled], cautions: list[Labelled]
) -> Iterator[Problem]:
    """Every caution an exercise names exists, every muscle a caution names exists, and
    every caution is shown somewhere (an unused one is a warning)."""
    files: dict[str, str] = {}
    for file, caution in cautions:
        if caution.id in files:
            yield Problem(file, f"cautions[{caution.id}].id", "duplicate caution id")
        files.setdefault(caution.id, file)
    muscle_ids = {m.id for _, m in muscles}
    used: set[str] = set()
    for file, exercise in exercises:
        for caution_id in exercise.caution_ids:
            used.add(caution_id)
            if caution_id not in files:
                field = f"exercises[{exercise.id}].cautions"
                known = ", ".join(files) or "none: there is no cautions.yaml"
                yield Problem(
                    file, field, f"unknown caution {caution_id!r} (known cautions: {known})"
                )
    for file, caution in cautions:
        for j, muscle_id in enumerate(caution.muscles):
            if muscle_id and muscle_id not in muscle_ids:
                field = f"cautions[{caution.id}].muscles[{j}]"
                yield Problem(file, field, f"unknown muscle {muscle_id!r}")
        if caution.id not in used and not caution.kinds and not caution.muscles:
            yield Problem(
                file,
                f"cautions[{caution.id}]",
                "no exercise names this caution and it has no kinds or muscles, so it is never "
                "shown",
                severity="warning",
            )


def _check_activities(
    regions: list[Labelled], muscles: list[Labelled], activities: list[Labelled]
) -> Iterator[Problem]:
    """Activity ids are unique, their names unique and never a region's word (a phrase like
    "lower back worse when sitting" must read each word one way), and every activity a
    muscle names exists."""
    files: dict[str, str] = {}
    for file, activity in activities:
        if activity.id in files:
            yield Problem(file, f"activities[{activity.id}].id", "duplicate activity id")
        files.setdefault(activity.id, file)
    unique = {a.id: a for _, a in reversed(activities)}
    _, clashes = name_index((a.id, (a.id, a.label, *a.synonyms)) for a in unique.values())
    for key, first, later in clashes:
        yield Problem(
            files[later], f"activities[{later}].synonyms", f"{key!r} also names activity {first!r}"
        )
    region_keys, _ = name_index((r.id, (r.id, r.label, *r.synonyms)) for _, r in regions)
    for activity in unique.values():
        names, _ = name_index([(activity.id, (activity.id, activity.label, *activity.synonyms))])
        for key in sorted(set(names) & set(region_keys)):
            yield Problem(
                files[activity.id],
                f"activities[{activity.id}].synonyms",
                f"{key!r} also names region {region_keys[key]!r}",
            )
    for file, muscle in muscles:
        for i, activity_id in enumerate(muscle.worse_with):
            if activity_id and activity_id not in files:
                known = "none: there is no activities.yaml" if not files else ACTIVITIES_FILE
                yield Problem(
                    file, f"worse_with[{i}]", f"unknown activity {activity_id!r} (see {known})"
                )


def _check_orders(regions: list[Labelled], muscles: list[Labelled]) -> Iterator[Problem]:
    """Every muscle a region's ``order`` names exists and reaches the region. Checked by
    ``validate`` only: a dataset built on a copy of regions.yaml with other muscles still
    loads, and its unknown names simply break no tie."""
    by_id = {m.id: m for _, m in muscles}
    for file, region in regions:
        for j, tier in enumerate(region.order):
            for muscle_id in tier:
                yield from _check_order_entry(file, region.id, j, muscle_id, by_id, regions)


def _check_order_entry(
    file: str,
    region_id: str,
    j: int,
    muscle_id: str,
    by_id: Mapping[str, Muscle],
    regions: list[Labelled],
) -> Iterator[Problem]:
    region_ids = {r.id for _, r in regions}
    field = f"regions[{region_id}].order[{j}]"
    muscle = by_id.get(muscle_id)
    if muscle is None:
        if muscle_id:
            yield Problem(file, field, f"unknown muscle {muscle_id!r}")
        return
    if not _reaches(muscle, region_id, regions, region_ids):
        yield Problem(file, field, f"{muscle_id!r}: its pain pattern does not reach this region")


def _reaches(
    muscle: Muscle, region_id: str, regions: list[Labelled], region_ids: Collection[str]
) -> bool:
    """Whether a zone of the muscle lies on the region, inside it or around it."""
    parents: dict[str, str | None] = {r.id: r.parent for _, r in regions}
    related = {region_id}
    current = parents.get(region_id)
    while current is not None and current in region_ids and current not in related:
        related.add(current)
        current = parents.get(current)
    for zone in muscle.zones:
        place: str | None = zone.region
        seen: set[str] = set()
        while place is not None and place not in seen:
            if place == region_id or (place == zone.region and place in related):
                return True
            seen.add(place)
            place = parents.get(place)
    return False


def _check_exercises(muscles: list[Labelled], exercises: list[Labelled]) -> Iterator[Problem]:
    """Every reference both ways: exercises name known muscles, muscles name known
    exercises, and the two sides agree (so every exercise is reachable from a muscle)."""
    files: dict[str, str] = {}
    by_id: dict[str, Exercise] = {}
    for file, exercise in exercises:
        if exercise.id in files:
            yield Problem(file, f"exercises[{exercise.id}].id", "duplicate exercise id")
            continue
        files[exercise.id] = file
        by_id[exercise.id] = exercise
    muscle_exercises = {m.id: (file, set(m.exercises)) for file, m in muscles}
    for exercise in by_id.values():
        for muscle_id in exercise.muscles:
            field = f"exercises[{exercise.id}].muscles"
            if muscle_id not in muscle_exercises:
                yield Problem(files[exercise.id], field, f"unknown muscle {muscle_id!r}")
            elif exercise.id not in muscle_exercises[muscle_id][1]:
                yield Problem(
                    files[exercise.id],
                    field,
                    f"names {muscle_id!r}, but that muscle does not list this exercise",
                )
    for file, muscle in muscles:
        for exercise_id in muscle.exercises:
            if exercise_id not in by_id:
                yield Problem(file, "exercises", f"unknown exercise {exercise_id!r}")
            elif muscle.id not in by_id[exercise_id].muscles:
                yield Problem(
                    file,
                    "exercises",
                    f"lists {exercise_id!r}, but that exercise does not name this muscle",
                )


SYMPTOM_KEYS = ("id", "label", "synonyms", "regions", "description", "sources")


def _read_symptoms(doc: Any, file: str) -> tuple[list[Labelled], list[Problem]]:
    check = _Checker(file)
    symptoms: list[Labelled] = []
    for i, item in check.items(doc, "symptoms"):
        field = f"symptoms[{i}]"
        raw = check.mapping(item, field, SYMPTOM_KEYS, ("muscles", "red_flags"))
        if raw is None:
            continue
        sid = check.identifier(raw.get("id"), f"{field}.id")
        field = f"symptoms[{sid or i}]"
        symptom = Symptom(
            id=sid,
            label=check.string(raw.get("label"), f"{field}.label"),
            synonyms=check.strings(raw.get("synonyms"), f"{field}.synonyms", True),
            regions=check.identifiers(raw.get("regions"), f"{field}.regions"),
            muscles=check.identifiers(raw.get("muscles", []), f"{field}.muscles"),
            red_flags=check.identifiers(raw.get("red_flags", []), f"{field}.red_flags"),
            description=check.string(raw.get("description"), f"{field}.description", prose=True),
            sources=check.strings(raw.get("sources"), f"{field}.sources"),
        )
        symptoms.append((file, symptom))
    return symptoms, check.problems


PHRASE_KEYS = ("dropped", "ignored", "forms", "sides", "modifiers", "sources")


def _read_phrases(doc: Any, file: str) -> tuple[Phrases, list[Problem]]:
    """data/phrases.yaml: the words around place names, the sides, the modifiers."""
    check = _Checker(file)
    raw = check.mapping(doc, "", PHRASE_KEYS)
    if raw is None:
        return Phrases(), check.problems

    def lowered(value: Any, field: str) -> tuple[str, ...]:
        return tuple(w.casefold() for w in check.strings(value, field))

    forms: list[tuple[str, str]] = []
    given = raw.get("forms")
    if isinstance(given, dict):
        for word, read in given.items():
            field = f"forms.{_shown(str(word))}"
            forms.append(
                (check.string(word, field).casefold(), check.string(read, field).casefold())
            )
    elif given is not MISSING:
        check.fail("forms", f"expected a mapping of word to word, got {_kind(given)}")
    sides: list[tuple[str, tuple[str, ...]]] = []
    given = check.mapping(raw.get("sides"), "sides", ("left", "right", "both")) or {}
    for side in ("left", "right", "both"):
        if side in given:
            sides.append((side, lowered(given[side], f"sides.{side}")))
    modifiers: list[Modifier] = []
    given = raw.get("modifiers")
    if not isinstance(given, list):
        if given is not MISSING:
            check.fail("modifiers", f"expected a list of modifiers, got {_kind(given)}")
        given = []
    seen: set[str] = set()
    for i, item in enumerate(given):
        entry = check.mapping(item, f"modifiers[{i}]", ("id", "words", "rules"))
        if entry is None:
            continue
        mid = check.identifier(entry.get("id"), f"modifiers[{i}].id")
        field = f"modifiers[{mid or i}]"
        if mid in seen:
            check.fail(f"{field}.id", f"duplicate modifier id {mid!r}")
        seen.add(mid)
        rules: list[tuple[str, str]] = []
        table = entry.get("rules")
        if isinstance(table, dict) and table:
            for part, gives in table.items():
                rules.append(
                    (
                        check.identifier(part, f"{field}.rules"),
                        check.identifier(gives, f"{field}.rules.{_shown(str(part))}"),
                    )
                )
        elif table is not MISSING:
            check.fail(f"{field}.rules", "expected a mapping of part region to region read")
        modifiers.append(Modifier(mid, lowered(entry.get("words"), f"{field}.words"), tuple(rules)))
    phrases = Phrases(
        dropped=lowered(raw.get("dropped"), "dropped"),
        ignored=lowered(raw.get("ignored"), "ignored"),
        forms=tuple(forms),
        sides=tuple(sides),
        modifiers=tuple(modifiers),
        sources=check.strings(raw.get("sources"), "sources"),
    )
    return phrases, check.problems


def _check_phrases(
    regions: list[Labelled],
    symptoms: list[Labelled],
    muscles: list[Labelled],
    phrases: Phrases,
    phrases_file: str,
) -> Iterator[Problem]:
    """The symptoms' regions and muscles exist; no name is ambiguous once read; every
    modifier rule's regions exist and agree with the names saying the same words."""
    region_ids = {r.id for _, r in regions}
    muscle_ids = {m.id for _, m in muscles}
    files = {s.id: file for file, s in symptoms}
    seen: set[str] = set()
    for file, symptom in symptoms:
        field = f"symptoms[{symptom.id}]"
        if symptom.id in seen:
            yield Problem(file, f"{field}.id", f"duplicate symptom id {symptom.id!r}")
        seen.add(symptom.id)
        for i, region in enumerate(symptom.regions):
            if region and region not in region_ids:
                yield Problem(file, f"{field}.regions[{i}]", f"unknown region {region!r}")
        for i, muscle in enumerate(symptom.muscles):
            if muscle and muscle not in muscle_ids:
                yield Problem(file, f"{field}.muscles[{i}]", f"unknown muscle {muscle!r}")
    region_files = {r.id: file for file, r in regions}
    for field, message in phrase_problems(
        [r for _, r in regions], [s for _, s in symptoms], phrases
    ):
        if field.startswith("regions["):
            file = region_files.get(field[8:-1], REGIONS_FILE)
        elif field.startswith("symptoms["):
            file = files.get(field[9:-1], SYMPTOMS_FILE)
        else:
            file = phrases_file
        yield Problem(file, field, message)


# --- one folder --------------------------------------------------------------------------


@dataclass
class _Folder:
    """What one folder holds, read but not yet checked against anything else."""

    regions: list[Labelled]
    groups: list[Labelled]
    muscles: list[Labelled]
    exercises: list[Labelled]
    cautions: list[Labelled]
    symptoms: list[Labelled]
    phrases: list[tuple[str, Phrases]]
    activities: list[Labelled]
    aliases: list[tuple[str, dict[str, dict[str, tuple[str, ...]]]]]
    problems: list[Problem]
    texts: dict[str, str]  # file label -> text, to find lines for problems


def _read_file(path: Path, label: str, folder: _Folder) -> Any:
    text, found = _read_text(path, label)
    folder.problems += found
    if text is None:
        return None
    folder.texts[label] = text
    doc, found = _parse(text, label)
    if doc is None and not found:
        found = [Problem(label, "", "the file is empty (or only comments)")]
    folder.problems += found
    return None if found else doc


def _read_folder(root: Path, prefix: str, complete: bool) -> _Folder:
    """Read a dataset folder (``complete``: regions.yaml and muscles/ are required) or a
    user's folder of additions (every file optional). Labels are ``prefix`` + the path."""
    folder = _Folder([], [], [], [], [], [], [], [], [], [], {})
    readers = (
        (REGIONS_FILE, _read_regions, folder.regions, complete),
        (GROUPS_FILE, _read_groups, folder.groups, False),
        (EXERCISES_FILE, _read_exercises, folder.exercises, False),
        (CAUTIONS_FILE, _read_cautions, folder.cautions, False),
        (SYMPTOMS_FILE, _read_symptoms, folder.symptoms, False),
        (ACTIVITIES_FILE, _read_activities, folder.activities, False),
    )
    for name, reader, target, required in readers:
        path = root / name
        if not required and not probe(path):
            continue
        doc = _read_file(path, prefix + name, folder)
        if doc is not None:
            records, found = reader(doc, prefix + name)
            target += records
            folder.problems += found
    phrases_path = root / PHRASES_FILE
    if complete and probe(phrases_path):  # the dataset's own; additions cannot change it
        doc = _read_file(phrases_path, prefix + PHRASES_FILE, folder)
        if doc is not None:
            phrases, found = _read_phrases(doc, prefix + PHRASES_FILE)
            folder.phrases.append((prefix + PHRASES_FILE, phrases))
            folder.problems += found
    aliases_path = root / ALIASES_FILE
    if probe(aliases_path):
        doc = _read_file(aliases_path, prefix + ALIASES_FILE, folder)
        if doc is not None:
            extra, found = _read_aliases(doc, prefix + ALIASES_FILE)
            folder.aliases.append((prefix + ALIASES_FILE, extra))
            folder.problems += found
    try:
        files = sorted(p for p in (root / MUSCLES_DIR).iterdir() if p.suffix in DATA_SUFFIXES)
    except OSError as exc:
        files = []
        if complete and os.path.lexists(root / MUSCLES_DIR):  # there, but cannot be listed
            reason = f"cannot read: {exc.strerror or exc}"
            folder.problems.append(Problem(prefix + MUSCLES_DIR, "", reason))
            return folder
    if complete and not files:
        folder.problems.append(Problem(prefix + MUSCLES_DIR, "", "no muscle files (*.yaml) found"))
    for path in files:
        label = f"{prefix}{MUSCLES_DIR}/{_shown(path.name)}"
        doc = _read_file(path, label, folder)
        if doc is not None:
            muscle, found = _read_muscle(doc, label, path.stem)
            folder.problems += found
            if muscle is not None:
                folder.muscles.append((label, muscle))
    return folder


# --- the whole dataset -------------------------------------------------------------------


def _merge(
    base: list[Labelled], extra: list[Labelled], kind: str
) -> tuple[list[Labelled], list[Problem]]:
    """Add the user's records; one whose id is taken is reported and left out."""
    taken = {record.id: file for file, record in base}
    merged = list(base)
    warnings = []
    for file, record in extra:
        if record.id in taken:
            warnings.append(
                Problem(
                    file,
                    "id",
                    f"{kind} {record.id!r} is already defined in {taken[record.id]}; "
                    "the first definition is used",
                    severity="warning",
                )
            )
        else:
            taken[record.id] = file
            merged.append((file, record))
    return merged, warnings


def _add_names(
    records: list[Labelled],
    aliases: list[tuple[str, dict[str, dict[str, tuple[str, ...]]]]],
    kind: str,
) -> tuple[list[Labelled], list[Problem]]:
    """Apply a user's aliases.yaml: extra synonyms for regions, aliases for muscles."""
    problems: list[Problem] = []
    out = list(records)
    position = {record.id: i for i, (_, record) in enumerate(out)}
    for file, extra in aliases:
        for target, names in extra[kind].items():
            if target not in position:
                problems.append(
                    Problem(file, f"{kind}.{target}", f"unknown {kind[:-1]} {target!r}")
                )
                continue
            i = position[target]
            label, record = out[i]
            if kind == "regions":
                out[i] = (label, record._replace(synonyms=(*record.synonyms, *names)))
            else:
                out[i] = (label, record._replace(aliases=(*record.aliases, *names)))
    return out, problems


def _check_references(
    regions: list[Labelled], groups: list[Labelled], muscles: list[Labelled]
) -> Iterator[Problem]:
    """Everything that needs more than one file: ids, parents, names, zone regions, groups."""
    region_ids: dict[str, str] = {}
    position: dict[str, int] = {}  # index within its own file, to point at the second copy
    for file, region in regions:
        index = position[file] = position.get(file, -1) + 1
        if region.id in region_ids:
            yield Problem(file, f"regions[{index}].id", f"duplicate region id {region.id!r}")
        region_ids.setdefault(region.id, file)
    by_id = {r.id: r for _, r in regions}
    for file, region in regions:
        field = f"regions[{region.id}].parent"
        if region.parent is not None and region.parent not in by_id:
            yield Problem(file, field, f"unknown region {region.parent!r}")
        seen = {region.id}
        parent = region.parent
        while parent in by_id:
            if parent in seen:
                yield Problem(file, field, "parents form a loop")
                break
            seen.add(parent)
            parent = by_id[parent].parent
    _, clashes = name_index((r.id, (r.id, r.label, *r.synonyms)) for _, r in regions)
    for key, first, later in clashes:
        yield Problem(
            region_ids[later], f"regions[{later}].synonyms", f"{key!r} also names region {first!r}"
        )
    group_ids = {g.id: file for file, g in groups}
    muscle_files: dict[str, str] = {}
    unique: list[Muscle] = []
    for file, muscle in muscles:
        if not muscle.id:  # already reported; nothing to check it against
            continue
        if muscle.id in muscle_files:
            yield Problem(
                file, "id", f"duplicate muscle id {muscle.id!r} (also in {muscle_files[muscle.id]})"
            )
            continue
        muscle_files[muscle.id] = file
        unique.append(muscle)
        for zone in muscle.zones:
            if zone.region not in by_id:
                yield Problem(
                    file,
                    f"pain_pattern.{zone.kind}.{_shown(zone.region)}",
                    f"unknown region {zone.region!r}",
                )
        for i, region_id in enumerate(muscle.trigger_point_regions):
            if region_id and region_id not in by_id:
                field = f"trigger_point_regions[{i}]"
                yield Problem(file, field, f"unknown region {region_id!r}")
        if groups and muscle.group and muscle.group not in group_ids:  # no group: reported
            yield Problem(file, "group", f"unknown group {muscle.group!r}")
    names = [(m.id, (m.id, m.name, *m.aliases)) for m in unique]
    names += [(f"group:{g.id}", (g.id, g.label, *g.synonyms)) for _, g in groups]
    _, clashes = name_index(names)
    for key, first, later in clashes:
        first_name = f"group {first[6:]!r}" if first.startswith("group:") else f"muscle {first!r}"
        if later.startswith("group:"):
            yield Problem(
                group_ids[later[6:]],
                f"groups[{later[6:]}].synonyms",
                f"{key!r} also names {first_name}",
            )
        else:
            yield Problem(muscle_files[later], "aliases", f"{key!r} also names {first_name}")


def _with_lines(problems: Iterable[Problem], texts: Mapping[str, str]) -> list[Problem]:
    """Give each problem the line of its field, where the file parsed and the field exists."""
    out = []
    finders: dict[str, _Lines] = {}
    for problem in problems:
        text = texts.get(problem.file)
        if problem.line is None and problem.field and text is not None:
            finder = finders.get(problem.file) or finders.setdefault(problem.file, _Lines(text))
            problem = problem._replace(line=finder.line(problem.field))
        out.append(problem)
    return sorted(out, key=lambda p: (p.file, p.line or 0))


def _lint(dataset: Dataset, regions: list[Labelled], groups: list[Labelled]) -> Iterator[Problem]:
    """What does not stop the tool working but makes the data wrong: regions no muscle
    reaches (``where`` would find nothing there) and groups without muscles."""
    from backmuscles.core.ranking import unreached_regions

    files = {r.id: file for file, r in regions}
    for region in unreached_regions(dataset):
        yield Problem(
            files[region], f"regions[{region}]", "no muscle's pattern reaches this region"
        )
    for file, group in groups:
        if not dataset.members(group.id):
            yield Problem(file, f"groups[{group.id}]", "no muscle belongs to this group")
    yield from _unguarded_releases(dataset)


def _unguarded_releases(dataset: Dataset) -> Iterator[Problem]:
    """Pressing on tender spots is never shown without its contraindications: when any
    exercise is a release, or any muscle gives release advice, some caution must apply to
    every release (``kinds: [release]`` in cautions.yaml)."""
    if any("release" in c.kinds for c in dataset.cautions):
        return
    releases = [e.id for e in dataset.exercises if e.kind == "release"]
    releases += [m.id for m in dataset.muscles if m.self_care.release]
    if releases:
        shown = ", ".join(releases[:3]) + (", ..." if len(releases) > 3 else "")
        yield Problem(
            CAUTIONS_FILE,
            "",
            f"no caution has 'kinds: [release]', so release advice ({shown}) would be shown "
            "without the contraindications for pressing",
        )


def read_all(
    location: DataLocation | Path, user_dir: Path | None = None, strict: bool = False
) -> tuple[Dataset | None, list[Problem]]:
    """Read and check a dataset folder plus a user's folder of additions. Returns the
    dataset (None if there is any error) and every problem, warnings included.
    ``strict`` adds the checks of ``backmuscles validate`` (see :func:`_lint`)."""
    root = location.path if isinstance(location, DataLocation) else location
    base = _read_folder(root, "", complete=True)
    extra = _read_folder(user_dir, f"{user_dir}/", complete=False) if user_dir else None
    problems = list(base.problems)
    regions, groups, muscles = base.regions, base.groups, base.muscles
    exercises, cautions, symptoms = base.exercises, base.cautions, base.symptoms
    activities = base.activities
    phrases_file, phrases = base.phrases[0] if base.phrases else (PHRASES_FILE, Phrases())
    texts = dict(base.texts)
    if extra is not None:
        problems += extra.problems
        texts.update(extra.texts)
        regions, found = _merge(regions, extra.regions, "region")
        problems += found
        groups, found = _merge(groups, extra.groups, "group")
        problems += found
        muscles, found = _merge(muscles, extra.muscles, "muscle")
        problems += found
        exercises, found = _merge(exercises, extra.exercises, "exercise")
        problems += found
        cautions, found = _merge(cautions, extra.cautions, "caution")
        problems += found
        symptoms, found = _merge(symptoms, extra.symptoms, "symptom")
        activities, found = _merge(activities, extra.activities, "activity")
        problems += found
        regions, found = _add_names(regions, extra.aliases, "regions")
        problems += found
        muscles, found = _add_names(muscles, extra.aliases, "muscles")
        problems += found
    problems += _check_references(regions, groups, muscles)
    problems += _check_exercises(muscles, exercises)
    problems += _check_cautions(muscles, exercises, cautions)
    problems += _check_phrases(regions, symptoms, muscles, phrases, phrases_file)
    problems += _check_activities(regions, muscles, activities)
    if any(p.severity == "error" for p in problems):
        return None, _with_lines(problems, texts)
    dataset = Dataset(
        regions=tuple(r for _, r in regions),
        muscles=tuple(m for _, m in muscles),
        groups=tuple(g for _, g in groups),
        source=str(root),
        exercises=tuple(e for _, e in exercises),
        cautions=tuple(c for _, c in cautions),
        safety_net=_safety_net_of(root),
        symptoms=tuple(s for _, s in symptoms),
        phrases=phrases,
        activities=tuple(a for _, a in activities),
    )
    if strict:
        problems += _lint(dataset, regions, groups)
        problems += _check_symptom_flags(root, dataset)
        problems += _check_orders(regions, muscles)
    problems = _with_lines(problems, texts)
    if any(p.severity == "error" for p in problems):
        return None, problems
    warnings = tuple(str(p) for p in problems)  # only warnings are left
    return (dataset.with_warnings(warnings) if warnings else dataset), problems


def _safety_net_of(root: Path) -> tuple[SafetyLine, ...]:
    """The safety-net lines of the dataset's question bank, for the commands that do not
    read the bank. A bank that is missing or has errors gives none, so the built-in wording
    is shown (``validate`` reports the errors, and ``screen`` refuses such a bank)."""
    if not probe(root / RED_FLAGS_FILE):
        return ()
    bank, _ = read_red_flags(root)
    return () if bank is None else bank.safety_net


def load(location: DataLocation | Path, user_dir: Path | None = None) -> Dataset:
    """Read and check a dataset. Raises :class:`DataError` listing every error."""
    dataset, problems = read_all(location, user_dir)
    if dataset is None:
        raise DataError(p for p in problems if p.severity == "error")
    return dataset


def validate(
    path: Path | None = None, option: str | None = None, environ: Mapping[str, str] | None = None
) -> Report:
    """Check everything ``validate`` checks. No ``path``: the dataset every command would
    use, with the user's additions. A ``path`` holding ``regions.yaml``: that dataset alone.
    Any other folder: a folder of additions, checked on top of the dataset in use."""
    if path is None:
        base = locate(option, environ)
        extra = user_data_dir(environ)
        dataset, problems = read_all(base, extra, strict=True)
        problems += _check_red_flags(base.path, dataset)
        label = _describe(base) + (f" with the additions in {extra}" if extra else "")
        return Report(base.path, "dataset", dataset, tuple(problems), label)
    if os.path.lexists(path / REGIONS_FILE):
        dataset, problems = read_all(path, None, strict=True)
        problems += _check_red_flags(path, dataset)
        return Report(path, "dataset", dataset, tuple(problems), f"dataset {path}")
    base = locate(option, environ)
    label = f"additions in {path}, on {_describe(base)}"
    addable = (
        MUSCLES_DIR,
        GROUPS_FILE,
        EXERCISES_FILE,
        CAUTIONS_FILE,
        ACTIVITIES_FILE,
        ALIASES_FILE,
        SYMPTOMS_FILE,
    )
    if not any(os.path.lexists(path / name) for name in addable):
        wanted = ", ".join((REGIONS_FILE, *addable))
        nothing = Problem(str(path), "", f"nothing to check: none of {wanted} is here")
        return Report(path, "additions", None, (nothing,), label)
    dataset, problems = read_all(base, path, strict=True)
    return Report(path, "additions", dataset, tuple(problems), label)


def _check_red_flags(root: Path, dataset: Dataset | None) -> list[Problem]:
    """The question bank is needed by ``screen``: a dataset without one gets a warning. The
    places its questions belong to must be regions of the dataset."""
    if not probe(root / RED_FLAGS_FILE):
        return [
            Problem(
                RED_FLAGS_FILE, "", "missing; `screen` and `--screen` need it", severity="warning"
            )
        ]
    regions = None if dataset is None else frozenset(r.id for r in dataset.regions)
    bank, problems = read_red_flags(root, regions)
    if bank is not None and dataset is not None and bank.safety_net:
        problems += _uncovered(bank, dataset)
    if bank is not None and dataset is not None:
        flags = {f.id for f in bank.flags}
        for activity in dataset.activities:
            for j, flag in enumerate(activity.raises):
                if flag not in flags:
                    field = f"activities[{activity.id}].raises[{j}]"
                    problems.append(Problem(ACTIVITIES_FILE, field, f"unknown flag {flag!r}"))
    return problems


def _uncovered(bank: QuestionBank, dataset: Dataset) -> list[Problem]:
    """Every place's safety net must name at least one emergency sign."""
    from backmuscles.core.screening import places_of

    levels = {f.id: f.level for f in bank.flags}
    emergency = [
        line for line in bank.safety_net if any(levels.get(f) == "emergency" for f in line.flags)
    ]
    problems = []
    for region in dataset.regions:
        places = places_of(dataset, [region.id])
        if not any(not line.regions or places.intersection(line.regions) for line in emergency):
            problems.append(
                Problem(
                    RED_FLAGS_FILE,
                    "safety_net",
                    f"no line names an emergency sign for {region.id!r}",
                )
            )
    return problems


def _check_symptom_flags(root: Path, dataset: Dataset) -> Iterator[Problem]:
    """The warning-sign questions the symptoms raise must be in the question bank."""
    if not any(s.red_flags for s in dataset.symptoms) or not probe(root / RED_FLAGS_FILE):
        return
    bank, _ = read_red_flags(root)
    flags = {f.id for f in bank.flags} if bank is not None else set()
    for symptom in dataset.symptoms:
        for i, flag in enumerate(symptom.red_flags):
            if bank is not None and flag not in flags:
                field = f"symptoms[{symptom.id}].red_flags[{i}]"
                yield Problem(SYMPTOMS_FILE, field, f"unknown warning-sign question {flag!r}")


def _describe(location: DataLocation) -> str:
    if location.source in ("package", "repository"):
        return "the built-in dataset"
    return f"dataset {location.path}"
