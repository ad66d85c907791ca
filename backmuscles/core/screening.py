"""Red-flag screening: which question to ask next, and what the answers add up to.

Pure functions over the question bank in ``data/red_flags.yaml``; the CLI does the asking.
Levels, most severe first: emergency, urgent, out-of-scope, soon, routine.

The rules, each chosen so that no added or more precise answer can lower the result:

* The level is the most severe level any answer contributes. A "no" contributes nothing.
* "Not sure" counts as yes, at every level (it is recorded as "not sure", and the advice
  says to treat it as a yes until a clinician has checked).
* A flag may be escalated by rules in the data: ``cough-strain`` is "soon" on its own and
  "urgent" at age 50 and over; ``one-leg-nerve`` is "routine" on its own and "emergency"
  with a past cancer or a fever. Each rule carries the action that fits its level.
* The age answers the questions that are only about age (``under-16``) and rules out the
  ones that need an age band the person is not in (``first-episode-age`` under 50). An
  explicit answer that contradicts the age never lowers the result: the more urgent reading
  wins, and the conflict is reported.
* A question may belong to some places (``regions`` in the data: a calf-swelling question to
  the leg): it is asked only when the query touches one of them. Emergency questions, and the
  questions that name no place, are always asked; with no places, all are.
* Asking stops at the first emergency; once the result withholds self-care (urgent or out of
  scope), it also stops as soon as no remaining question could make it more urgent. While
  self-care may still be shown (soon, routine), every question for the places is asked: their
  advice (a hip replacement, nerve pain) shapes what is shown.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

# the query's regions with their parents and parts: with the safety net, which needs them on
# every run without loading this module
from .safety import places_of as places_of

if TYPE_CHECKING:
    from .model import SafetyLine

Level = Literal["emergency", "urgent", "out-of-scope", "soon", "routine"]
Answer = Literal["yes", "no", "unsure"]

LEVELS: tuple[Level, ...] = ("emergency", "urgent", "out-of-scope", "soon", "routine")
ANSWERS: tuple[Answer, ...] = ("yes", "no", "unsure")
MAX_AGE = 130

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
# How strongly an answer says yes: a more precise or more worrying answer never ranks lower.
_ANSWER_RANK: dict[Answer, int] = {"no": 0, "unsure": 1, "yes": 2}


def severity(level: Level) -> int:
    """0 for the most severe."""
    return LEVELS.index(level)


def most_severe(levels: Collection[Level]) -> Level:
    return min(levels, key=severity) if levels else "routine"


@dataclass(frozen=True, slots=True)
class Escalation:
    """A higher level for a flag when other answers, or the age, make it more worrying."""

    to: Level
    with_any: tuple[str, ...]  # a yes (or not sure) to any of these flags
    min_age: int | None  # or an age of at least this (given, or said by another answer)
    action: str  # what to do when this rule applies: it agrees with ``to``


@dataclass(frozen=True, slots=True)
class AgeBand:
    """The part of a question that is about age: ``under`` N or ``from`` N years.

    ``alone``: the age answers the whole question (yes inside the band, no outside it).
    Otherwise an age outside the band answers it with no, an age inside leaves it to ask,
    and a yes says the person is inside the band."""

    under: int | None
    from_: int | None
    alone: bool = False

    def holds(self, age: int) -> bool:
        if self.under is not None and age >= self.under:
            return False
        return not (self.from_ is not None and age < self.from_)

    def says(self, age: int | None) -> Answer | None:
        """What the age alone answers, or None when it leaves the question open."""
        if age is None:
            return None
        if not self.holds(age):
            return "no"
        return "yes" if self.alone else None


@dataclass(frozen=True, slots=True)
class RedFlag:
    id: str
    level: Level
    question: str
    screens_for: str
    action: str
    sources: tuple[str, ...]
    escalate: tuple[Escalation, ...] = ()
    age: AgeBand | None = None
    regions: tuple[str, ...] = ()  # empty: asked for every place

    @property
    def highest(self) -> Level:
        """The most severe level this flag can ever contribute."""
        return most_severe([self.level, *(rule.to for rule in self.escalate)])


@dataclass(frozen=True, slots=True)
class LevelText:
    id: Level
    title: str
    message: str


@dataclass(frozen=True, slots=True)
class QuestionBank:
    levels: tuple[LevelText, ...]
    flags: tuple[RedFlag, ...]
    safety_net: tuple[SafetyLine, ...] = ()  # printed with every answer (core.safety)

    def text(self, level: Level) -> LevelText:
        return next(t for t in self.levels if t.id == level)

    def by_id(self) -> dict[str, RedFlag]:
        return {f.id: f for f in self.flags}


@dataclass(frozen=True, slots=True)
class Finding:
    """One answered question that counts towards the result."""

    flag: RedFlag
    answer: Answer  # after the age: an answer the age gave, or the more urgent of the two
    level: Level  # after escalation rules
    action: str  # the action that fits ``level``: the flag's own, or the escalation's
    because: tuple[str, ...] = ()  # the flags (or "age") that escalated it
    from_age: bool = False  # the age gave this answer (the person's own is ``given``)
    given: Answer | None = None  # what the person answered, if anything


@dataclass(frozen=True, slots=True)
class ScreenResult:
    level: Level
    deciding: tuple[Finding, ...]  # the findings at the result's level
    findings: tuple[Finding, ...]  # every finding that counts, most severe first
    unanswered: tuple[str, ...]  # ids of questions for these places that have no answer
    age: int | None
    conflicts: tuple[str, ...] = ()  # answers the age contradicts, in plain words
    not_asked: tuple[str, ...] = ()  # ids of questions about other places
    places: frozenset[str] | None = None  # the places asked about, with parents and parts

    @property
    def exit_code(self) -> int:
        return EXIT_BY_LEVEL[self.level]

    @property
    def withholds_content(self) -> bool:
        return self.level in WITHHOLDING

    @property
    def others(self) -> tuple[Finding, ...]:
        """The findings below the result's level."""
        return tuple(f for f in self.findings if f.level != self.level)


# What each level's advice must say, and must not say first: an action shown under a level
# never contradicts it ("book an appointment" under an emergency, "same day" under "soon").
_ACTION_MUST: dict[Level, tuple[str, ...]] = {
    "emergency": ("emergency",),
    "urgent": ("same-day", "same day", "today"),
}
_ACTION_NOT_FIRST: dict[Level, tuple[str, ...]] = {
    "urgent": ("week", "book an appointment"),
    "soon": ("emergency", "same-day", "same day", "today", "now"),
    "routine": ("emergency", "same-day", "same day", "today", "now"),
}


def action_fits(level: Level, action: str) -> bool:
    """Whether advice reads as advice for this level: an emergency action sends the person
    to emergency care, an urgent one asks for care today, and the first sentence of a
    "soon" or "routine" action asks for nothing more urgent than it."""
    text = action.casefold()
    first = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0]
    must = _ACTION_MUST.get(level, ())
    if must and not any(word in text for word in must):
        return False
    return not any(
        re.search(rf"\b{re.escape(w)}\b", first) for w in _ACTION_NOT_FIRST.get(level, ())
    )


def ordered(bank: QuestionBank, places: Collection[str] | None = None) -> tuple[RedFlag, ...]:
    """The questions in asking order: most severe level first; within a level, those whose
    ``regions`` touch these places, then those without ``regions``, then the others, each in
    file order. Only emergency questions are asked whatever the places, so for them
    ``regions`` orders: a neck query meets the chest question before the saddle one."""

    def key(flag: RedFlag) -> tuple[int, int]:
        if places is None or not flag.regions:
            return severity(flag.level), 1
        return severity(flag.level), 0 if any(r in places for r in flag.regions) else 2

    return tuple(sorted(bank.flags, key=key))


def relevant(flag: RedFlag, places: Collection[str] | None) -> bool:
    """Whether the question belongs to these places. ``places`` holds the query's regions
    with their parents and children (None: no places given, every question counts)."""
    if places is None or not flag.regions or flag.level == "emergency":
        return True
    return any(region in places for region in flag.regions)


def _stronger(first: Answer | None, second: Answer | None) -> Answer | None:
    if first is None or second is None:
        return first or second
    return first if _ANSWER_RANK[first] >= _ANSWER_RANK[second] else second


def effective_answers(
    bank: QuestionBank, answers: Mapping[str, Answer], age: int | None
) -> tuple[dict[str, Answer], dict[str, bool], tuple[str, ...]]:
    """The answers after the age: (answers, which came from the age alone, conflicts)."""
    out: dict[str, Answer] = {}
    from_age: dict[str, bool] = {}
    conflicts: list[str] = []
    for flag in bank.flags:
        given = answers.get(flag.id)
        by_age = flag.age.says(age) if flag.age is not None else None
        answer = _stronger(given, by_age)
        if answer is None:
            continue
        out[flag.id] = answer
        from_age[flag.id] = answer != given  # the age answered, or overrode the answer given
        if given is not None and by_age is not None and given != by_age:
            conflicts.append(
                f"You gave your age as {age} but answered {said(given)} to {flag.id!r} "
                f"({flag.question}); the more cautious reading ({said(answer)}) is used."
            )
    return out, from_age, tuple(conflicts)


def said(answer: Answer) -> str:
    """An answer as people say it: yes, no, not sure."""
    return "not sure" if answer == "unsure" else answer


def _counts(answer: Answer | None) -> bool:
    return answer in ("yes", "unsure")


def _age_at_least(bank: QuestionBank, answers: Mapping[str, Answer], age: int | None) -> int:
    """The highest age the person is known to have reached: given, or said by a yes to a
    question that needs an age band (``first-episode-age`` says 50 or over)."""
    known = age if age is not None else 0
    for flag in bank.flags:
        if flag.age is not None and flag.age.from_ is not None and _counts(answers.get(flag.id)):
            known = max(known, flag.age.from_)
    return known


def _finding(
    flag: RedFlag, answer: Answer, answers: Mapping[str, Answer], age_at_least: int
) -> Finding:
    level, action = flag.level, flag.action
    because: tuple[str, ...] = ()
    for rule in flag.escalate:
        reasons = tuple(i for i in rule.with_any if _counts(answers.get(i)))
        if rule.min_age is not None and age_at_least >= rule.min_age:
            reasons += ("age",)
        if reasons and severity(rule.to) < severity(level):
            level, action, because = rule.to, rule.action, reasons
    return Finding(flag, answer, level, action, because)


def evaluate(
    bank: QuestionBank,
    answers: Mapping[str, Answer],
    age: int | None = None,
    places: Collection[str] | None = None,
) -> ScreenResult:
    """What the answers given so far add up to. Unknown ids in ``answers`` are ignored
    (the CLI rejects them first); so is an age outside 0 to 130."""
    if age is not None and not 0 <= age <= MAX_AGE:
        age = None
    effective, from_age, conflicts = effective_answers(bank, answers, age)
    age_at_least = _age_at_least(bank, effective, age)
    findings = []
    for flag in ordered(bank):
        answer = effective.get(flag.id)
        if _counts(answer):
            assert answer is not None
            found = _finding(flag, answer, effective, age_at_least)
            findings.append(replace(found, from_age=from_age[flag.id], given=answers.get(flag.id)))
    findings.sort(key=lambda f: severity(f.level))
    level = most_severe([f.level for f in findings])
    deciding = tuple(f for f in findings if f.level == level)
    asked = [f for f in ordered(bank, places) if relevant(f, places)]
    unanswered = tuple(f.id for f in asked if f.id not in effective)
    not_asked = tuple(
        f.id for f in ordered(bank) if not relevant(f, places) and f.id not in effective
    )
    where = None if places is None else frozenset(places)
    return ScreenResult(
        level, deciding, tuple(findings), unanswered, age, conflicts, not_asked, where
    )


def next_question(
    bank: QuestionBank,
    answers: Mapping[str, Answer],
    age: int | None = None,
    places: Collection[str] | None = None,
) -> RedFlag | None:
    """The next question to ask, or None when done: every question for these places
    answered (or answered by the age), or an emergency found, or, once the result withholds
    self-care, no question left that could make it more urgent. While self-care may still be
    shown every question for the places is asked, since its advice changes what is shown."""
    result = evaluate(bank, answers, age, places)
    if result.level == "emergency":
        return None
    by_id = bank.by_id()
    if not result.withholds_content:
        return by_id[result.unanswered[0]] if result.unanswered else None
    current = severity(result.level)
    # what a yes to a question could still do: its own highest level; the escalation it would
    # trigger on a flag already found (by being named in a rule, or by saying an age band
    # that a rule's min_age asks for, as "50 or over" does when the age is not known)
    could_reach = {f.id: severity(f.highest) for f in bank.flags}
    for finding in result.findings:
        for rule in finding.flag.escalate:
            triggers = list(rule.with_any)
            if rule.min_age is not None:
                triggers += [
                    f.id
                    for f in bank.flags
                    if f.age is not None and f.age.from_ is not None and f.age.from_ >= rule.min_age
                ]
            for other in triggers:
                could_reach[other] = min(could_reach[other], severity(rule.to))
    for flag_id in result.unanswered:
        if could_reach[flag_id] < current:
            return by_id[flag_id]
    return None


def screen_safety_net(bank: QuestionBank, result: ScreenResult) -> tuple[str, ...]:
    """The safety net shown with a screen's result: for the places it asked about."""
    from .safety import safety_lines

    return safety_lines(bank.safety_net, result.places)


def needs_age(bank: QuestionBank, places: Collection[str] | None = None) -> bool:
    """Whether any question for these places depends on the age."""
    return any(
        relevant(f, places)
        and (f.age is not None or any(r.min_age is not None for r in f.escalate))
        for f in bank.flags
    )


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


# \d is any decimal digit (0-9, full-width, Arabic-Indic...: what int() and --age accept);
# superscripts and other digit-like signs are not decimal digits, so they are never read
_AGE = re.compile(
    r"(?:i\s*am|im|age|aged)?\s*(\d{1,3})\s*(?:y|yo|yrs?|years?)?(?:\s*old|\s*of\s*age)?"
)
SKIP_AGE = -1


def read_age(text: str) -> int | None:
    """A typed age in years (``55``, ``55 years``, ``I'm 55``, full-width digits too),
    :data:`SKIP_AGE` for an empty line or ``skip``/``?``, or None when it cannot be read
    (superscripts, several numbers, words, or more than 130)."""
    word = " ".join(text.strip().casefold().replace("'", "").replace(".", " ").split())
    if word in ("", "skip", "-", "?", "not sure", "rather not say", "pass"):
        return SKIP_AGE
    match = _AGE.fullmatch(word)
    if match is None:
        return None
    years = int(match.group(1))
    return years if years <= MAX_AGE else None


def unknown_ids(bank: QuestionBank, ids: Sequence[str]) -> list[str]:
    known = bank.by_id()
    return [i for i in ids if i not in known]


def given_answers(
    bank: QuestionBank, yes: Sequence[str], no: Sequence[str], unsure: Sequence[str]
) -> dict[str, Answer]:
    """``--yes/--no/--not-sure`` as answers; ids may also be comma-separated. An unknown
    id, or an id given two answers, is a usage error (exit 2)."""
    from .errors import UsageError, did_you_mean
    from .text import normalise
    from .vocab import suggest

    answers: dict[str, Answer] = {}
    options: tuple[tuple[Answer, Sequence[str]], ...] = (
        ("yes", yes),
        ("no", no),
        ("unsure", unsure),
    )
    for answer, values in options:
        for value in values:
            for flag_id in filter(None, (v.strip() for v in value.split(","))):
                if unknown_ids(bank, [flag_id]):
                    close = suggest(normalise(flag_id), {f.id: f.id for f in bank.flags})
                    raise UsageError(
                        f"unknown question {flag_id!r}{did_you_mean(close)} "
                        "Run 'backmuscles screen --list' to see them."
                    )
                if answers.get(flag_id, answer) != answer:
                    raise UsageError(f"{flag_id!r} is answered twice, with different answers.")
                answers[flag_id] = answer
    return answers


# --- the interview: the asking as a pure state machine ------------------------------------------

TRIES = 3  # readable answers asked for, per question and for the age
AGE_PROMPT = "How old are you, in years? (press Enter to skip)"
AGE_AGAIN = f"Please type your age as a number from 0 to {MAX_AGE}, or press Enter."
AGE_GIVEN_UP = "Going on without your age."
ANSWER_AGAIN = "Please answer y (yes), n (no) or ? (not sure)."
GAVE_UP = "No valid answer; the screening stopped."
NO_ANSWERS = (
    "no answers to the screening questions. Answer them on a terminal, "
    "or give them with --yes/--no (see 'backmuscles screen --list')."
)
STOPPED = "the screening stopped before it finished; nothing is shown without it."
NO_VALID_ANSWER = "no valid answer; the screening stopped."

Ending = Literal["done", "no-answers", "stopped", "no-valid-answer"]


@dataclass(frozen=True, slots=True)
class Prompt:
    """What to ask next: the age (``number`` 0) or a question (numbered from 1)."""

    number: int
    text: str
    flag: RedFlag | None = None


class Interview:
    """The screening questions as a state machine with no input or output of its own: the
    CLI shows :meth:`prompt`, takes the line :meth:`take_pending` holds or reads one, hands it
    to :meth:`feed` (None at the end of input), shows the message ``feed`` returns, if any,
    and goes on until ``prompt`` is None.
    Then :attr:`ending` says how it ended ("done": :meth:`result` is the answer; the others are
    failures, worded in NO_ANSWERS, STOPPED and NO_VALID_ANSWER).

    The age comes first when a question depends on it. When the lines come from a script
    (``piped``), a line that is an answer where the age is asked means no age, and answers
    the first question, so ``echo y | ... --screen`` works as it always has. Three lines that
    cannot be read: the age is skipped; a question ends the screen. An end of input, or a
    question given up on, still ends "done" when what is known already withholds self-care
    (``screen --age 12 </dev/null`` is out of scope)."""

    def __init__(
        self,
        bank: QuestionBank,
        answers: Mapping[str, Answer] | None = None,
        age: int | None = None,
        places: Collection[str] | None = None,
        piped: bool = False,
    ) -> None:
        self.bank = bank
        self.answers: dict[str, Answer] = dict(answers or {})
        self.age = age
        self.places = places
        self.piped = piped
        self.ending: Ending | None = None
        self._asking_age = age is None and needs_age(bank, places)
        self._tries = 0
        self._asked = 0
        self._pending: str | None = None
        self._current: RedFlag | None = None
        if not self._asking_age:
            self._advance()

    def result(self) -> ScreenResult:
        return evaluate(self.bank, self.answers, self.age, self.places)

    def prompt(self) -> Prompt | None:
        """What to ask now, or None when the interview has ended."""
        if self.ending is not None:
            return None
        if self._asking_age:
            return Prompt(0, AGE_PROMPT)
        assert self._current is not None
        return Prompt(self._asked, self._current.question, self._current)

    def feed(self, typed: str | None) -> str | None:
        """Take one typed line (None: no more input). Returns a message to show, if any."""
        if self.ending is not None:
            return None
        if typed is None and self._asking_age:
            self._start_questions()  # no age; the first question then meets the end too
            return None
        if typed is None:
            self._end_early("no-answers" if not self.answers else "stopped")
            return None
        if self._asking_age:
            return self._feed_age(typed)
        answer = read_answer(typed)
        if answer is not None:
            assert self._current is not None
            self.answers[self._current.id] = answer
            self._advance()
            return None
        self._tries += 1
        if self._tries < TRIES:
            return ANSWER_AGAIN
        self._end_early("no-valid-answer")
        return GAVE_UP

    def _feed_age(self, typed: str) -> str | None:
        if self.piped and read_answer(typed) is not None:
            self._pending = typed  # a script that pipes only answers: no age
            self._start_questions()
            return None
        value = read_age(typed)
        if value is not None:
            self.age = None if value == SKIP_AGE else value
            self._start_questions()
            return None
        self._tries += 1
        if self._tries < TRIES:
            return AGE_AGAIN
        self._start_questions()  # the age is optional: never a reason to stop
        return AGE_GIVEN_UP

    def take_pending(self) -> str | None:
        """A line typed where the age was asked that answers the question now asked (once)."""
        pending, self._pending = self._pending, None
        return pending

    def _start_questions(self) -> None:
        self._asking_age = False
        self._advance()

    def _advance(self) -> None:
        self._tries = 0
        self._current = next_question(self.bank, self.answers, self.age, self.places)
        if self._current is None:
            self.ending = "done"
        else:
            self._asked += 1

    def _end_early(self, failure: Ending) -> None:
        # what is known already decides (it withholds self-care): say it
        self.ending = "done" if self.result().withholds_content else failure
