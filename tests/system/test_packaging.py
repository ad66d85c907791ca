"""The built artefact, not the tree: the wheel carries the dataset, and the installed tool
runs from outside the repository with its own copy of the data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, REPO_DATA

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"),
            *("-w", str(out), str(REPO)),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("backmuscles-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--no-deps", "-q"),
            *("--target", str(target), str(wheel)),
        ],
        check=True,
        capture_output=True,
    )
    return target


def test_wheel_contains_every_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "backmuscles/data/" + p.relative_to(REPO_DATA).as_posix() for p in REPO_DATA.rglob("*.yaml")
    }
    assert expected and expected <= names
    assert "backmuscles/cli/__init__.py" in names


def run_installed(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKMUSCLES_")}
    env["PYTHONPATH"] = str(installed)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_installed_tool_runs_outside_the_repository(installed: Path, tmp_path: Path) -> None:
    where = run_installed(
        installed, tmp_path, "-m", "backmuscles", "where", "lower-back", "tailbone", "--json"
    )
    assert where.returncode == 0, where.stderr
    top = [r["muscle"]["id"] for r in json.loads(where.stdout)["results"][:2]]
    assert set(top) == {"quadratus-lumborum", "gluteus-medius"}
    found = run_installed(
        installed,
        tmp_path,
        "-c",
        "import backmuscles.dataset.location as l; d = l.locate(); print(d.source, d.path)",
    )
    source, path = found.stdout.split()
    assert source == "package"
    assert Path(path).is_relative_to(installed)
