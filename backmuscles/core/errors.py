"""The one error the data layer raises, and the problem records it carries. Kept apart so
that every run can catch it without importing the parser."""

from __future__ import annotations

from collections.abc import Iterable
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
