"""What ``validate`` found: a record the loader fills and the writers read, kept apart from
the parser so that the writers can name its type without importing the loader."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from backmuscles.core.errors import Problem
from backmuscles.core.model import Dataset


@dataclass(frozen=True, slots=True)
class Report:
    """What ``backmuscles validate`` found in one dataset or folder of additions."""

    path: Path
    mode: Literal["dataset", "additions"]
    dataset: Dataset | None
    problems: tuple[Problem, ...]
    label: str = ""  # how to name what was checked: "the built-in dataset", or the path

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")
