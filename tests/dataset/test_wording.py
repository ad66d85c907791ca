"""Wording that never diagnoses: no data string and no fixed or CLI message says a muscle
causes the pain, diagnoses, promises a cure, rules something out or gives a percentage."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from tests.conftest import REPO

# --- wording ------------------------------------------------------------------------------------

FORBIDDEN = [
    (re.compile(r"\bcaus(e|es|ed|ing) (of )?your pain", re.I), "says a muscle causes the pain"),
    (re.compile(r"diagnos(?!is\b)|(?<!not a )diagnosis", re.I), "diagnoses"),
    (re.compile(r"\bcur(e|es|ed|ing)\b", re.I), "promises a cure"),
    (re.compile(r"\brul(e|es|ed|ing) out\b", re.I), "rules something out"),
    (re.compile(r"\d\s*%|\bper ?cent\b", re.I), "gives a percentage"),
    (re.compile(r"\bnothing serious\b", re.I), "says nothing is serious"),
]


# a source citation ("S41: Furlan et al. ...", "S43/S44: ...") or an address: not our wording.
# Only these are skipped: any other text, whatever its first letter, is checked.
SOURCE_TAG = re.compile(r"S\d+[a-z]?(/S\d+[a-z]?)*:|https?://")


def every_string(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in every_string(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in every_string(v)]
    return []


def all_messages() -> list[str]:
    """Every data string (muscles, regions, groups, red flags) and every fixed message."""
    return list(messages_in(REPO))


@functools.cache
def messages_in(repo: Path) -> tuple[str, ...]:
    """All the messages of the checkout at ``repo``, read once per run."""
    import yaml

    from backmuscles.core import safety

    texts = every_string([v for k, v in vars(safety).items() if k.isupper()])
    for path in sorted((repo / "data").rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [t for t in every_string(doc) if not SOURCE_TAG.match(t)]
    # the CLI's own messages and help
    for path in sorted((repo / "backmuscles" / "cli").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        texts += re.findall(r'"([^"\n]{12,})"', source)
    return tuple(texts)


@pytest.mark.parametrize(("pattern", "why"), FORBIDDEN, ids=[w for _, w in FORBIDDEN])
def test_no_message_or_data_string_uses_forbidden_wording(pattern, why) -> None:
    offending = [t for t in all_messages() if pattern.search(t)]
    assert not offending, f"{why}: {offending[:3]}"


def test_the_wording_check_can_fail() -> None:
    samples = {
        "This muscle causes your pain.": 0,
        "We can diagnose it.": 1,
        "This will cure it.": 2,
        "That rules out a fracture.": 3,
        "80% of people": 4,
    }
    for text, index in samples.items():
        assert FORBIDDEN[index][0].search(text), text
    assert not FORBIDDEN[1][0].search("This is not a diagnosis.")
