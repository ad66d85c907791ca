"""The errors: the one the data layer raises, with the problem records it carries, and the
typed failures every command raises for the command line to report. Kept apart, and standard
library only, so that every run can catch them without importing the parser."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """One thing wrong with the dataset, located as precisely as the parser allows."""

    file: str
    field: str
    message: str
    line: int | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


def _cause_first(problem: Problem) -> tuple[bool, bool]:
    name = problem.file.rsplit("/", 1)[-1]
    return problem.field != "", name not in ("regions.yaml", "groups.yaml")


class DataError(Exception):
    """The dataset cannot be found or read, or it is broken."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        # causes before consequences: a file that cannot be read or parsed, then the files
        # the others refer to, then the rest (a broken regions.yaml makes every muscle's
        # regions "unknown", and its own error is the one to show first)
        self.problems = tuple(sorted(problems, key=_cause_first))
        first = str(self.problems[0]) if self.problems else "unknown data problem"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problem{'s' * (more > 1)})" if more else ""))


# --- what a run can end with, besides its output ---------------------------------------------
# Commands raise these; the command line turns each into one ``backmuscles:`` line on stderr
# and its exit code, in one place. The same failure gives the same words and code in every
# command, because it is built by the same function (see :mod:`backmuscles.core.vocab`).


class Failure(Exception):
    """The run cannot give what was asked: one line for the user, and an exit code.
    ``cut``: whether long user input in the message may be shortened (a path that was
    written to is said in full)."""

    code = 1

    def __init__(self, message: str, *, cut: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.cut = cut


class NotFound(Failure):
    """Nothing answers: a name that names nothing, no match, a file that cannot be written."""

    code = 1


class UsageError(Failure):
    """The command line asks for something that cannot be: a bad value, a missing choice."""

    code = 2


class Concluded(Exception):
    """The output is printed and says it all; the run ends with ``code`` and no message:
    content withheld by the screening (3 urgent, 4 emergency, 5 out of scope, or 0), or
    ``validate`` finding errors (1)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def one_of(names: Sequence[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    names = list(names)
    return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def did_you_mean(suggestions: Sequence[str]) -> str:
    """What follows "no X called 'y'": ``; did you mean a or b?``, or ``.`` with none."""
    return f"; did you mean {one_of(suggestions)}?" if suggestions else "."
