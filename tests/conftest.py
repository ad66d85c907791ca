"""Shared fixtures. The environment is pinned before Typer or rich render anything:
fixed help width, no forced colour, and no dataset override leaking in from outside."""

from __future__ import annotations

import os

os.environ["TERMINAL_WIDTH"] = "100"
os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"
for _name in ("NO_COLOR", "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "BACKMUSCLES_DATA"):
    os.environ.pop(_name, None)
# A developer's own additions (~/.local/share/backmuscles) must never leak into tests,
# and the tests' caches must not land in the developer's ~/.cache.
os.environ["BACKMUSCLES_USER_DATA"] = ""
os.environ["XDG_CACHE_HOME"] = __import__("tempfile").mkdtemp(prefix="backmuscles-test-cache-")
# ... and go away with the test run, so runs do not pile caches up in the temporary folder
__import__("atexit").register(
    __import__("shutil").rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True
)

import shutil  # noqa: E402
from collections.abc import Callable, Mapping  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402
from typer.testing import CliRunner, Result  # noqa: E402

from backmuscles.cli import app  # noqa: E402
from backmuscles.core.model import Dataset  # noqa: E402
from backmuscles.dataset.loader import load  # noqa: E402

TESTS = Path(__file__).resolve().parent
TINY = TESTS / "fixtures" / "tiny"
REPO = TESTS.parent
REPO_DATA = REPO / "data"

Invoke = Callable[..., Result]


@pytest.fixture(scope="session")
def tiny() -> Dataset:
    return load(TINY)


@pytest.fixture(scope="session")
def real() -> Dataset:
    return load(REPO_DATA)


def run_cli(
    args: list[str],
    data: Path | None = TINY,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
) -> Result:
    """Run the app in-process as the user would, against ``data`` (None: the real dataset)."""
    full_env = {
        "BACKMUSCLES_DATA": str(data) if data is not None else "",
        "BACKMUSCLES_USER_DATA": "",
    }
    full_env.update(env or {})
    return CliRunner().invoke(app, args, prog_name="backmuscles", env=full_env, input=stdin)


@pytest.fixture
def invoke() -> Invoke:
    return run_cli


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny dataset, for breaking it."""
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The cache tests' writable copy of the tiny dataset (read through ``env``)."""
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture
def env(tmp_path: Path, data: Path) -> dict[str, str]:
    """An environment that reads ``data`` and keeps its cache in a folder of its own."""
    return {
        "BACKMUSCLES_DATA": str(data),
        "BACKMUSCLES_USER_DATA": "",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }


@pytest.fixture
def warm(env: dict[str, str]) -> dict[str, str]:
    """``env`` with its cache written (a warm start)."""
    from backmuscles.dataset import store

    store.load_dataset(environ=env)
    return env


# --- Hypothesis: few examples by default, the full counts in CI ----------------------------
# The default profile, "fast", tries a fifth of each property's examples so that the in-process
# suite stays quick; HYPOTHESIS_PROFILE=ci (as .ci/run sets) tries them all. A test that asks
# for its own count writes `max_examples=scaled(400)`: 400 in CI, 80 by default.
# CI gates every landing, so it runs the same examples every time (derandomize): a random
# seed finding a new case there would block unrelated work; explore with the default profile.
settings.register_profile("ci", max_examples=100, derandomize=True)
settings.register_profile("fast", max_examples=20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "fast")


def scaled(count: int) -> int:
    """``count`` examples under the loaded profile: all of them in CI (its default is
    Hypothesis's 100), a fifth by default (at least one)."""
    return max(1, count * settings.default.max_examples // 100)


# --- the `system` marker: the folder says it ------------------------------------------------
# Every test under tests/system runs the real program (or Python) in a subprocess or on a
# pseudo-terminal and is marked `system`; no test elsewhere is. `pytest -m "not system"` (or
# `pytest --ignore tests/system`) is the fast, in-process suite.
SYSTEM = TESTS / "system"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SYSTEM in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.system)
