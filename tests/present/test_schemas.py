"""Every command's `--json` document matches its committed JSON Schema (docs/schemas), and
the schemas are what tests/make_schemas.py generates from the document types
(backmuscles/present/documents.py): a changed type fails here until the schema is regenerated
and the change is reviewed. The real output of many runs of every command (every muscle,
region, exercise and question, every screening level...) is checked against them."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, NotRequired, TypedDict, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from backmuscles.core.model import ExerciseKind
from backmuscles.present.documents import DOCUMENTS, Id, Minimum, OneOf
from backmuscles.present.views import SCHEMA_VERSION
from tests import make_schemas
from tests.cli.test_docs import COMMANDS
from tests.conftest import REPO_DATA, TINY, run_cli, scaled

SCHEMAS = make_schemas.SCHEMAS


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return loaded


def check(name: str, argv: list[str], data: Path | None = None, stdin: str = "") -> None:
    result = run_cli([*argv, "--json"], data=data, stdin=stdin)
    document = json.loads(result.stdout)
    errors = sorted(Draft202012Validator(schema(name)).iter_errors(document), key=str)
    assert not errors, (argv, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]])


def test_every_command_has_a_valid_schema() -> None:
    files = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    assert set(COMMANDS) <= files
    assert {"screen-list", "exercise"} <= files
    for name in files:
        loaded = schema(name)
        Draft202012Validator.check_schema(loaded)
        assert loaded["properties"]["schema_version"]["const"] >= 1
        assert {"schema_version", "command"} <= set(loaded["required"])


def test_schemas_are_current() -> None:
    built = make_schemas.build()
    files = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    assert files == set(built), "a schema file with no document type, or the other way"
    for name, fresh in built.items():
        committed = (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
        assert committed == make_schemas.text(fresh), (
            f"docs/schemas/{name}.schema.json is out of date: run python -m tests.make_schemas "
            "and review the diff (bump SCHEMA_VERSION if a script could break)"
        )
    assert built["where"]["properties"]["schema_version"]["const"] == SCHEMA_VERSION


NO = "\n" + "n\n" * 60  # Enter for the age, then "no" to every warning-sign question
YES_FIRST = "\ny\n"  # Enter for the age, then "yes" to the first (most urgent) question


def samples(broken: Path) -> Iterator[tuple[str, list[str], str]]:
    """(schema name, argv, stdin) for real runs whose JSON documents the schemas must
    describe; ``broken``: a dataset with problems, for ``validate``."""
    ds = json.loads(run_cli(["regions", "--json"], data=None).stdout)
    regions = [r["id"] for r in ds["regions"]]
    muscles = [
        m["id"] for m in json.loads(run_cli(["list", "--json"], data=None).stdout)["muscles"]
    ]
    exercises = [
        e["id"] for e in json.loads(run_cli(["exercises", "--json"], data=None).stdout)["exercises"]
    ]
    flags = json.loads(run_cli(["screen", "--list", "--json"], data=None).stdout)["flags"]
    for region in regions:
        yield "where", ["where", region, "--top", "30"], ""
        yield "plan", ["plan", region], ""
        yield "list", ["list", "--region", region], ""
    yield "where", ["where", "lower-back", "tailbone", "buttock", "--screen"], NO
    yield "where", ["where", "lower-back", "--screen"], YES_FIRST
    yield "where", ["where", "back", "and", "hip"], ""
    yield "plan", ["plan", "lower-back", "--minutes", "5", "--screen"], NO
    yield "plan", ["plan", "lower-back", "--screen"], YES_FIRST
    yield "plan", ["plan", "mid-back", "--screen", "--age", "55"], NO
    yield "list", ["list"], ""
    yield "list", ["list", "--group", "gluteals"], ""
    for muscle in muscles:
        yield "show", ["show", muscle], ""
        yield "map", ["map", "--muscle", muscle], ""
        yield "map", ["map", "--muscle", muscle, "lower-back", "tailbone"], ""
        yield "exercises", ["exercises", "--muscle", muscle], ""
    for region in regions:
        yield "map", ["map", region], ""
    for first, second in itertools.pairwise(muscles):
        yield "compare", ["compare", first, second], ""
    yield "compare", ["compare", *muscles[:5]], ""
    yield "regions", ["regions"], ""
    yield "validate", ["validate"], ""
    yield "validate", ["validate", str(TINY)], ""
    yield "validate", ["validate", str(broken)], ""
    yield "screen-list", ["screen", "--list"], ""
    yield "screen", ["screen"], NO
    yield "screen", ["screen", "--age", "12", "--no", "under-16"], ""
    yield "screen", ["screen", "--age", "12"], NO
    yield "screen", ["screen", "lower-back", "--yes", "one-leg-nerve,cancer-history"], ""
    yield "where", ["where", "mid-back", "--screen", "--age", "55"], NO
    for flag in flags:
        yield "screen", ["screen", "--yes", flag["id"], "--age", "60"], ""
        yield "screen", ["screen", "--not-sure", flag["id"]], ""
    yield "exercises", ["exercises"], ""
    for kind in get_args(ExerciseKind):
        yield "exercises", ["exercises", "--kind", kind], ""
    for exercise in exercises:
        yield "exercise", ["exercises", exercise], ""


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset with an error (an unknown key) and a warning (no red_flags.yaml)."""
    import shutil

    root = tmp_path_factory.mktemp("schema") / "data"
    shutil.copytree(TINY, root)
    alpha = root / "muscles" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_real_output_matches(name: str, broken: Path) -> None:
    """Every sample run of this schema's command gives a document its schema accepts."""
    runs = [(argv, stdin) for n, argv, stdin in samples(broken) if n == name]
    assert runs
    for argv, stdin in runs:
        check(name, argv, stdin=stdin)


# Types for the generator's own test (module level: their annotations are resolved here).
class Inner(TypedDict):
    id: Id
    n: NotRequired[Annotated[int, Minimum(1)] | None]


class Outer(TypedDict):
    kind: Literal["a", "b"] | None
    one: Literal[1]
    inner: list[Inner]
    code: Annotated[int, OneOf((0, 3))]


def test_the_generator_follows_the_types() -> None:
    """TypedDict: a closed object requiring its required keys; Literal: an enumeration;
    X | None: also null; Annotated rules: their keywords; anything else is refused."""

    assert make_schemas.schema_of(Outer) == {
        "type": "object",
        "properties": {
            "kind": {"type": ["null", "string"], "enum": ["a", "b", None]},
            "one": {"type": "integer", "const": 1},
            "inner": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                        "n": {"type": ["integer", "null"], "minimum": 1},
                    },
                    "required": ["id"],
                    "additionalProperties": False,
                },
            },
            "code": {"type": "integer", "enum": [0, 3]},
        },
        "required": ["kind", "one", "inner", "code"],
        "additionalProperties": False,
    }
    for unsupported in (dict[str, int], tuple[int, ...], Literal["a"] | int):
        with pytest.raises(TypeError):
            make_schemas.schema_of(unsupported)


def test_schemas_reject_a_changed_document() -> None:
    """The schemas are closed and typed: a renamed, missing or mistyped field fails."""
    doc = json.loads(run_cli(["where", "lower-back", "--json"], data=None).stdout)
    validator = Draft202012Validator(schema("where"))
    assert validator.is_valid(doc)
    assert not validator.is_valid({**doc, "extra": 1})
    assert not validator.is_valid({k: v for k, v in doc.items() if k != "results"})
    first = {**doc["results"][0], "score": "high"}
    assert not validator.is_valid({**doc, "results": [first]})
    evidence = {**doc["results"][0]["evidence"][0], "zone": "core"}
    second = {**doc["results"][0], "evidence": [evidence]}
    assert not validator.is_valid({**doc, "results": [second]})


# The tiny fixture: different data, the same shapes.
TINY_RUNS = [
    ("where", ["where", "back"]),
    ("where", ["where", "lower-back", "tailbone", "--top", "1"]),
    ("list", ["list"]),
    ("show", ["show", "alpha"]),
    ("regions", ["regions"]),
    ("validate", ["validate"]),
]


@pytest.mark.parametrize(("name", "argv"), TINY_RUNS, ids=[" ".join(a) for _, a in TINY_RUNS])
def test_tiny_dataset_output_matches(name: str, argv: list[str]) -> None:
    check(name, argv, data=TINY)


REGIONS = [r["id"] for r in json.loads(run_cli(["regions", "--json"], data=None).stdout)["regions"]]


@settings(max_examples=scaled(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(REGIONS), min_size=1, max_size=5, unique=True),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=1, max_value=120),
)
def test_any_where_and_plan_output_matches(regions: list[str], top: int, minutes: int) -> None:
    check("where", ["where", *regions, "--top", str(top), "--details", "2"])
    argv = ["plan", *regions, "--top", str(min(top, 5)), "--minutes", str(minutes)]
    if run_cli(argv, data=None).exit_code == 1:  # no step fits the budget: an error, no JSON
        assert "fits in" in run_cli(argv, data=None).stderr
        return
    check("plan", argv)


def test_validate_with_problems_matches(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "data"
    shutil.copytree(TINY, root)
    (root / "muscles" / "beta.yaml").write_text("id: beta\n", encoding="utf-8")
    result = run_cli(["validate", str(root), "--json"], data=REPO_DATA)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert Draft202012Validator(schema("validate")).is_valid(document)
    assert document["problems"]
