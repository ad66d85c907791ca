"""The screening questions and the follow-up questions (``--ask``) asked on a terminal (or
answered by lines piped in): this module only asks, reads and says;
:mod:`backmuscles.core.screening` and :mod:`backmuscles.core.narrowing` decide which question
comes next and what the answers mean."""

import sys
from typing import TYPE_CHECKING

import typer

from backmuscles.cli.options import question_bank

if TYPE_CHECKING:  # the domain is imported when the questions are asked
    from collections.abc import Sequence

    from backmuscles.core.model import Dataset, Query
    from backmuscles.core.narrowing import Narrowing
    from backmuscles.core.screening import Answer, QuestionBank, ScreenResult


def screening_first(
    ctx: typer.Context, ds: "Dataset", query: "Query", age: int | None
) -> "tuple[QuestionBank, ScreenResult]":
    """``--screen``: the questions for the query's places asked first, and their result."""
    from backmuscles.core.screening import evaluate, places_of

    bank = question_bank(ctx)
    places = places_of(ds, query.regions)
    answers, age = ask(bank, {}, age, places)
    return bank, evaluate(bank, answers, age, places)


def _wrapped(text: str) -> str:
    """``text`` wrapped to the terminal, so no word (nor ``[y/n/?]``) is split."""
    import shutil
    import textwrap

    width = max(10, min(100, shutil.get_terminal_size((80, 24)).columns) - 1)
    lead = len(text) - len(text.lstrip("\n"))
    wrapped = textwrap.fill(
        text.strip(), width, subsequent_indent="   ", break_long_words=False, break_on_hyphens=False
    )
    return "\n" * lead + wrapped


def _say(text: str) -> None:
    sys.stderr.write(_wrapped(text) + "\n")


def _prompt(text: str) -> None:
    """A question on stderr, wrapped, the cursor after it."""
    sys.stderr.write(_wrapped(text) + " ")
    sys.stderr.flush()


MAX_LINE = 4096  # longer than any answer or age; the rest of a longer line reads as more lines


def _read_line() -> str | None:
    """One typed line, or None at the end of input (also when stdin is closed)."""
    if sys.stdin is None:
        return None
    try:
        text = sys.stdin.readline(MAX_LINE)  # bounded: `< /dev/zero` must not eat the memory
    except (OSError, ValueError):  # closed, or not readable
        return None
    return text if text else None


def ask(
    bank: "QuestionBank",
    answers: dict[str, "Answer"],
    age: int | None,
    places: "frozenset[str] | None" = None,
) -> "tuple[dict[str, Answer], int | None]":
    """Ask the questions one at a time on stderr, reading answers from stdin (a terminal,
    or lines piped in), as :class:`~backmuscles.core.screening.Interview` decides: the age
    first when a question depends on it, then the questions for these places, most urgent
    first. This function only shows, reads and says."""
    from backmuscles.core.errors import NotFound, UsageError
    from backmuscles.core.screening import NO_ANSWERS, NO_VALID_ANSWER, STOPPED, Interview

    piped = sys.stdin is None or not sys.stdin.isatty()
    interview = Interview(bank, answers, age, places, piped=piped)
    _say("Before anything else: a few questions about warning signs, most urgent first.")
    _say("Answer y (yes), n (no) or ? (not sure).")
    while (prompt := interview.prompt()) is not None:
        if prompt.number == 0:
            _prompt(prompt.text)
        else:
            _prompt(f"\n{prompt.number}. {prompt.text} [y/n/?]")
        typed = interview.take_pending()
        if typed is not None:
            sys.stderr.write("\n")
        else:
            typed = _read_line()
            if typed is None:
                sys.stderr.write("\n")
        message = interview.feed(typed)
        if message:
            _say(message)
    sys.stderr.write("\n")
    if interview.ending == "no-answers":
        raise UsageError(NO_ANSWERS)
    if interview.ending == "stopped":
        raise NotFound(STOPPED)
    if interview.ending == "no-valid-answer":
        raise UsageError(NO_VALID_ANSWER)
    return interview.answers, interview.age


def narrowing(
    ds: "Dataset", query: "Query", given: "Sequence[str]", asking: bool
) -> "tuple[Narrowing, str | None]":
    """``--answer`` and ``--ask``: the answers given taken first, then, with ``--ask``, the
    follow-up questions asked one at a time on stderr (answers read from stdin) until one
    muscle stands clear, three have been asked, or none is left. Ctrl-C and Ctrl-D end the
    questions; the ranking so far is the result. Returns the narrowing and the id of the
    question that would come next. :mod:`backmuscles.core.narrowing` decides; this only
    asks, reads and says."""
    from backmuscles.core.narrowing import Session, given_answers, replay
    from backmuscles.core.ranking import rank
    from backmuscles.core.screening import read_answer

    session = Session(ds, rank(ds, query.regions, activities=query.activities), query.regions)
    replay(session, given_answers(given, session.by_id))
    stopped = False
    piped = sys.stdin is None or not sys.stdin.isatty()
    if asking and session.question() is not None:
        _say("\nA few questions to tell the leading muscles apart (at most three).")
        _say("Answer y (yes), n (no) or ? (not sure); Ctrl-D stops.")
        try:
            while (question := session.question()) is not None:
                number = len(session.steps) + 1
                _prompt(f"\n{number}. {question.text} [y/n/?]")
                typed = _read_line()
                if typed is None or piped:  # a terminal echoes the typed line and its Enter
                    sys.stderr.write("\n")
                if typed is None:
                    stopped = True
                    break
                answer = read_answer(typed)
                if answer is None:
                    _say("Please answer y (yes), n (no) or ? (not sure).")
                    continue
                step = session.take(question.id, answer)
                for change in step.changes or ("No change at the top.",):
                    _say(f"- {change}")
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            stopped = True
        result = session.result("stopped" if stopped else None)
        if result.ranking:
            first = result.ranking[0].match.muscle.name
            if result.ending == "clear":
                _say(f"{first} stands clear.")
            else:
                _say(f"No muscle stands clear; {first} leads for now.")
        sys.stderr.write("\n")
    else:
        result = session.result()
    following = None if stopped else session.question()
    return result, following.id if following is not None else None
