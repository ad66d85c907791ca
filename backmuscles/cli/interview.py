"""The screening questions asked on a terminal (or answered by lines piped in): this module
only asks, reads and says; :mod:`backmuscles.core.screening` decides which question comes
next and what the answers mean."""

import sys
from typing import TYPE_CHECKING

import typer

from backmuscles.cli.options import question_bank

if TYPE_CHECKING:  # the domain is imported when the questions are asked
    from backmuscles.core.model import Dataset, Query
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
