"""Red-flag screening: which question to ask next, and what the answers add up to.

Pure functions over the question bank in ``data/red_flags.yaml``; the CLI does the asking.
Levels, most severe first: emergency, urgent, out-of-scope, soon, routine.

* "Not sure" counts as yes for emergency and out-of-scope questions, and as "get it checked
  soon" for urgent ones (it is recorded either way).
* A flag may be escalated: ``cough-strain`` is "soon" on its own and "urgent" together with
  ``cancer-history`` or ``night-pain``, or at age 50 and over.
* Asking stops at the first emergency (yes or not sure).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Level = Literal["emergency", "urgent", "out-of-scope", "soon", "routine"]
Answer = Literal["yes", "no", "unsure"]

LEVELS: tuple[Level, ...] = ("emergency", "urgent", "out-of-scope", "soon", "routine")
ANSWERS: tuple[Answer, ...] = ("yes", "no", "unsure")

# Exit codes a script can tell apart (0, 1, 2 and 130 keep their usual meanings).
EXIT_BY_LEVEL: dict[Level, int] = {
    "emergency": 4,
    "urgent": 3,
    "out-of-scope": 5,
    "soon": 0,
    "routine": 0,
}
# Levels that withhold muscle and exercise content.
WITHHOLDING: frozenset[Level] = frozenset({"emergency", "urgent", "out-of-scope"})


def severity(level: Level) -> int:
    """0 for the most severe."""
    return LEVELS.index(level)


@dataclass(frozen=True, slots=True)
class Escalation:
    to: Level
    with_any: tuple[str, ...]
    min_age: int | None


@dataclass(frozen=True, slots=True)
class RedFlag:
    id: str
    level: Level
    question: str
    screens_for: str
    action: str
    sources: tuple[str, ...]
    escalate: Escalation | None = None


@dataclass(frozen=True, slots=True)
class LevelText:
    id: Level
    title: str
    message: str


@dataclass(frozen=True, slots=True)
class QuestionBank:
    levels: tuple[LevelText, ...]
    flags: tuple[RedFlag, ...]

    def text(self, level: Level) -> LevelText:
        return next(t for t in self.levels if t.id == level)

    def by_id(self) -> dict[str, RedFlag]:
        return {f.id: f for f in self.flags}


@dataclass(frozen=True, slots=True)
class Finding:
    """One answered question that counts towards the result."""

    flag: RedFlag
    answer: Answer
    level: Level  # after "not sure" and escalation rules


@dataclass(frozen=True, slots=True)
class ScreenResult:
    level: Level
    deciding: tuple[Finding, ...]  # the findings at the result's level
    findings: tuple[Finding, ...]  # every finding that counts, most severe first
    unanswered: tuple[str, ...]  # flag ids not answered (asking stopped, or not given)
    age: int | None

    @property
    def exit_code(self) -> int:
        return EXIT_BY_LEVEL[self.level]

    @property
    def withholds_content(self) -> bool:
        return self.level in WITHHOLDING


def ordered(bank: QuestionBank) -> tuple[RedFlag, ...]:
    """The questions in asking order: most severe level first, file order within a level."""
    return tuple(sorted(bank.flags, key=lambda f: severity(f.level)))


def _finding_level(
    flag: RedFlag, answer: Answer, answers: Mapping[str, Answer], age: int | None
) -> Level | None:
    """The level one answer contributes, or None if it does not count."""
    if answer == "no":
        return None
    if answer == "unsure":
        if flag.level in ("emergency", "out-of-scope"):
            return flag.level
        return "soon" if flag.level == "urgent" else None
    level = flag.level
    rule = flag.escalate
    if rule is not None:
        other = any(answers.get(i) in ("yes", "unsure") for i in rule.with_any)
        old_enough = rule.min_age is not None and age is not None and age >= rule.min_age
        if other or old_enough:
            level = rule.to if severity(rule.to) < severity(level) else level
    return level


def evaluate(
    bank: QuestionBank, answers: Mapping[str, Answer], age: int | None = None
) -> ScreenResult:
    """What the answers given so far add up to. Unknown ids in ``answers`` are ignored
    (the CLI rejects them first). An age under 16 answers ``under-16`` with yes."""
    answers = dict(answers)
    if age is not None and "under-16" in bank.by_id():
        answers.setdefault("under-16", "yes" if age < 16 else "no")
    findings = []
    for flag in ordered(bank):
        answer = answers.get(flag.id)
        if answer is None:
            continue
        counted = _finding_level(flag, answer, answers, age)
        if counted is not None:
            findings.append(Finding(flag, answer, counted))
    findings.sort(key=lambda f: severity(f.level))
    level: Level = findings[0].level if findings else "routine"
    deciding = tuple(f for f in findings if f.level == level)
    unanswered = tuple(f.id for f in ordered(bank) if f.id not in answers)
    return ScreenResult(level, deciding, tuple(findings), unanswered, age)


def next_question(
    bank: QuestionBank, answers: Mapping[str, Answer], age: int | None = None
) -> RedFlag | None:
    """The next question to ask, or None when done: every question answered, or an
    emergency found (asking stops at the first one)."""
    if evaluate(bank, answers, age).level == "emergency":
        return None
    known = evaluate(bank, answers, age).unanswered
    return next((f for f in ordered(bank) if f.id in known), None)


def read_answer(text: str) -> Answer | None:
    """A typed answer: y / yes, n / no, ? / not sure / unsure / dk, in any case; else None."""
    word = " ".join(text.strip().casefold().replace("'", "").split())
    if word in ("y", "yes", "yeah", "yep"):
        return "yes"
    if word in ("n", "no", "nope"):
        return "no"
    if word in ("?", "u", "unsure", "not sure", "notsure", "ns", "dk", "dont know", "maybe"):
        return "unsure"
    return None


def unknown_ids(bank: QuestionBank, ids: Sequence[str]) -> list[str]:
    known = bank.by_id()
    return [i for i in ids if i not in known]
