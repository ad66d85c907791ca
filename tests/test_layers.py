"""The layers, as the tree shows them: ``core`` imports nothing of the package but ``core``;
the data layer (``dataset``) only ``core``; ``present`` only ``core`` and the data layer's
record types; ``cli`` anything. Every import counts, the lazy ones inside functions and the
ones for type checking too. No module imports a name private to another (``_name``), and
no two modules import each other, however far round."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "backmuscles"

ALLOWED = {
    "core": ("backmuscles.core",),
    "dataset": ("backmuscles.core", "backmuscles.dataset"),
    "present": ("backmuscles.core", "backmuscles.present", "backmuscles.dataset.report"),
    "cli": ("backmuscles",),
}
# ``backmuscles`` alone (the package's __init__) carries only the version.
TOP_LEVEL_NAMES = {"__version__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import of the package."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> list[tuple[str, list[str], int]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((target, [a.name for a in node.names], node.lineno))
    return [
        (t, n, line) for t, n, line in found if t == "backmuscles" or t.startswith("backmuscles.")
    ]


def resolved(target: str, names: list[str]) -> list[str]:
    """The modules an import really loads: ``from backmuscles.present import views`` is
    ``backmuscles.present.views``."""
    out = []
    for name in names or [""]:
        candidate = f"{target}.{name}" if name else target
        file = PACKAGE.parent / Path(*candidate.split("."))
        out.append(candidate if file.with_suffix(".py").exists() or file.is_dir() else target)
    return out


MODULES = sorted(PACKAGE.rglob("*.py"))


def layer(name: str) -> str | None:
    parts = name.split(".")
    return (
        parts[1] if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()) else None
    )


def within(target: str, prefixes: tuple[str, ...]) -> bool:
    return any(target == p or target.startswith(p + ".") for p in prefixes)


def test_every_module_is_in_a_layer() -> None:
    loose = [module_name(p) for p in MODULES if layer(module_name(p)) is None]
    assert sorted(loose) == ["backmuscles", "backmuscles.__main__"]


def violations(here: str, found: list[tuple[str, list[str], int]]) -> list[str]:
    """The imports a module of layer ``here`` may not make."""
    bad = []
    for target, names, line in found:
        for module in resolved(target, names):
            if module == "backmuscles":  # the package root: only the version, not in core
                if here == "core" or (here != "cli" and not set(names) <= TOP_LEVEL_NAMES):
                    bad.append(f"line {line}: {names} from backmuscles")
            elif not within(module, ALLOWED[here]):
                bad.append(f"line {line}: {module}")
    return bad


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_a_higher_layer(path: Path) -> None:
    here = layer(module_name(path))
    if here is None:
        return  # __init__ (the version) and __main__ (the entry point, above everything)
    assert violations(here, imports(path)) == [], f"{path}: {here} imports a higher layer"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_another_modules_private_names(path: Path) -> None:
    own = module_name(path)
    for target, names, line in imports(path):
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        assert not private or target == own, f"{path}:{line}: {private} from {target}"


def test_no_import_cycles() -> None:
    graph = {
        module_name(p): {m for t, n, _ in imports(p) for m in resolved(t, n) if m != module_name(p)}
        for p in MODULES
    }
    # a package's __init__ runs before its modules: importing it from inside is no cycle
    graph = {k: {m for m in v if not k.startswith(m + ".")} for k, v in graph.items()}
    seen: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if seen.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join([*path[path.index(nxt) :], nxt]))
            if nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for start in sorted(graph):
        if start not in seen:
            visit(start, [start])


@pytest.mark.parametrize(
    ("here", "source"),
    [
        ("core", "def f():\n    from backmuscles.present import views\n"),
        ("core", "from ..dataset.loader import load\n"),
        ("core", "from backmuscles import __version__\n"),
        ("dataset", "import backmuscles.present.svg\n"),
        ("dataset", "from backmuscles.cli import app\n"),
        ("present", "from ..dataset import loader\n"),
        ("present", "if TYPE_CHECKING:\n    from backmuscles.dataset.store import load_dataset\n"),
    ],
)
def test_the_checker_sees_a_bad_import(here: str, source: str) -> None:
    """The rule can fail: each of these is caught, lazy and type-checking imports too."""
    assert violations(here, imports_in(source, f"backmuscles.{here}")) != []


def test_the_checker_allows_the_layers_below() -> None:
    source = "from ..core.model import Dataset\nfrom ..dataset.report import Report\n"
    assert violations("present", imports_in(source, "backmuscles.present")) == []
