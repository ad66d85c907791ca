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


def _ask_age(
    bank: "QuestionBank", places: "frozenset[str] | None"
) -> "tuple[int | None, str | None]":
    """The age, asked first when a question depends on it, re-asked when it cannot be read;
    and, when answers are piped in without an age (``echo y | ... --screen``), the line that
    already answers the first question."""
    from backmuscles.core.screening import MAX_AGE, SKIP_AGE, needs_age, read_age, read_answer

    if not needs_age(bank, places):
        return None, None
    piped = sys.stdin is None or not sys.stdin.isatty()
    for _attempt in range(3):
        _prompt("How old are you, in years? (press Enter to skip)")
        typed = _read_line()
        if typed is None:
            return None, None
        if piped and read_answer(typed) is not None:
            sys.stderr.write("\n")
            return None, typed  # a script that pipes only answers: no age
        value = read_age(typed)
        if value is not None:
            return (None if value == SKIP_AGE else value), None
        _say(f"Please type your age as a number from 0 to {MAX_AGE}, or press Enter.")
    _say("Going on without your age.")  # the age is optional: never a reason to stop
    return None, None


def _stop(
    bank: "QuestionBank",
    answers: "dict[str, Answer]",
    age: int | None,
    places: "frozenset[str] | None",
) -> "tuple[dict[str, Answer], int | None]":
    """The questions ended early (end of input, or no readable answer): what is known is
    shown if it already withholds self-care; otherwise nothing is shown without the rest."""
    from backmuscles.core.errors import NotFound, UsageError
    from backmuscles.core.screening import evaluate

    if evaluate(bank, answers, age, places).withholds_content:
        return answers, age
    if not answers:
        raise UsageError(
            "no answers to the screening questions. Answer them on a terminal, "
            "or give them with --yes/--no (see 'backmuscles screen --list')."
        )
    raise NotFound("the screening stopped before it finished; nothing is shown without it.")


def ask(
    bank: "QuestionBank",
    answers: dict[str, "Answer"],
    age: int | None,
    places: "frozenset[str] | None" = None,
) -> "tuple[dict[str, Answer], int | None]":
    """Ask the questions one at a time on stderr, reading answers from stdin (a terminal,
    or lines piped in): the age first when a question depends on it, then the questions for
    these places, most urgent first, until an emergency is found or no question left could
    change the result."""
    from backmuscles.core.errors import UsageError
    from backmuscles.core.screening import evaluate, next_question, read_answer

    _say("Before anything else: a few questions about warning signs, most urgent first.")
    _say("Answer y (yes), n (no) or ? (not sure).")
    pending = None
    if age is None:
        age, pending = _ask_age(bank, places)
    asked = 0
    while (flag := next_question(bank, answers, age, places)) is not None:
        asked += 1
        for _attempt in range(3):
            _prompt(f"\n{asked}. {flag.question} [y/n/?]")
            typed, pending = (pending, None) if pending is not None else (_read_line(), None)
            if typed is None:
                sys.stderr.write("\n")
                return _stop(bank, answers, age, places)
            answer = read_answer(typed)
            if answer is not None:
                answers[flag.id] = answer
                break
            _say("Please answer y (yes), n (no) or ? (not sure).")
        else:
            _say("No valid answer; the screening stopped.")
            if not evaluate(bank, answers, age, places).withholds_content:
                raise UsageError("no valid answer; the screening stopped.")
            return answers, age
    sys.stderr.write("\n")
    return answers, age
