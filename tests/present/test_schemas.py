"""Every command's `--json` document matches its committed JSON Schema (docs/schemas): for
the tiny and real datasets, random queries and validate's problems. That the schemas are what
tests/make_schemas.py builds today is checked in tests/system/test_schemas.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

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
    check("plan", ["plan", *regions, "--top", str(min(top, 5)), "--minutes", str(minutes)])


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
