"""docs/cli.md is what `typer ... utils docs` generates from the code today."""

from __future__ import annotations

import os
from pathlib import Path

from tests.cli.test_docs import UPDATE
from tests.conftest import REPO


def generated_cli_docs(tmp_path: Path) -> str:
    """docs/cli.md as Typer generates it from the code today."""
    import subprocess
    import sys

    out = tmp_path / "cli.md"
    command = [sys.executable, "-m", "typer", "backmuscles.cli", "utils", "docs"]
    subprocess.run(
        [*command, "--name", "backmuscles", "--output", str(out)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "TERMINAL_WIDTH": "100"},
    )
    return out.read_text(encoding="utf-8")


def test_cli_reference_is_generated_from_the_code(tmp_path: Path) -> None:
    """docs/cli.md cannot drift: regenerate it with BACKMUSCLES_UPDATE_GOLDEN=1 (or the
    command in .ci/run) after changing a command, an option or a help text."""
    committed = REPO / "docs" / "cli.md"
    fresh = generated_cli_docs(tmp_path)
    if UPDATE:
        committed.write_text(fresh, encoding="utf-8")
    assert committed.read_text(encoding="utf-8") == fresh, "docs/cli.md is out of date"
