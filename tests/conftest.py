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

import shutil  # noqa: E402
from collections.abc import Callable, Mapping  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
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


# --- the `system` marker: tests that run the program (or Python) in a subprocess ----------
# `pytest -m "not system"` is the fast, in-process suite. These modules run the real program
# throughout; elsewhere a test is a system test when it, or a helper of its module it calls
# (however deep), starts a subprocess.
SYSTEM_MODULES = frozenset(
    {"test_conventions", "test_edges", "test_entrypoint", "test_hostile", "test_packaging"}
)
_SPAWNERS: dict[str, frozenset[str]] = {}


def _spawning_functions(path: Path) -> frozenset[str]:
    import ast

    key = str(path)
    if key not in _SPAWNERS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}

        def used(node: ast.AST) -> set[str]:
            return {x.id for x in ast.walk(node) if isinstance(x, ast.Name)} | {
                x.attr for x in ast.walk(node) if isinstance(x, ast.Attribute)
            }

        spawning = {name for name, node in functions.items() if "subprocess" in used(node)}
        grew = True
        while grew:
            callers = {
                n for n, node in functions.items() if n not in spawning and used(node) & spawning
            }
            spawning |= callers
            grew = bool(callers)
        _SPAWNERS[key] = frozenset(spawning)
    return _SPAWNERS[key]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath))
        name = getattr(item, "originalname", item.name)
        if path.stem in SYSTEM_MODULES or name in _spawning_functions(path):
            item.add_marker(pytest.mark.system)
