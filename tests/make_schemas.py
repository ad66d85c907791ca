"""Write docs/schemas/<command>.schema.json: the shape of every command's `--json` document.

    python -m tests.make_schemas      # after a deliberate change to a JSON document

The structure is inferred from real output on many inputs (every muscle, every region,
every screening level...), then tightened by hand-written rules: constants, enumerations
taken from the code's own Literal types, number ranges. Objects are closed
(``additionalProperties: false``) and list their always-present keys as required, so a
renamed or vanished field fails tests/test_schemas.py until the schema is regenerated and
the change is reviewed in the diff. Bump ``SCHEMA_VERSION`` in backmuscles/present/views.py when a
change can break a script: a removed or renamed field, or a changed type."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

from backmuscles.core.model import ExerciseKind, Relation, ZoneKind
from backmuscles.core.screening import LEVELS, Answer
from backmuscles.present.views import SCHEMA_VERSION

from .conftest import REPO, TINY, run_cli

SCHEMAS = REPO / "docs" / "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Rules by property name, wherever it appears. The code's Literal types are the source of
# the enumerations, so a new kind or level shows up here without editing this file.
RULES: dict[str, dict[str, Any]] = {
    "schema_version": {"const": SCHEMA_VERSION},
    "zone": {"enum": list(get_args(ZoneKind))},
    "relation": {"enum": list(get_args(Relation))},
    "kind": {"enum": list(get_args(ExerciseKind))},
    "kinds": {"enum": list(get_args(ExerciseKind))},  # a shared caution's kinds (each item)
    "level": {"enum": list(LEVELS)},
    "answer": {"enum": list(get_args(Answer))},
    "frequency": {"minimum": 1, "maximum": 3},
    "rank": {"minimum": 1},
    "number": {"minimum": 1},
    "score": {"minimum": 0},
    "strength": {"minimum": 0},
    "minutes": {"minimum": 0},
    "total_minutes": {"minimum": 0},
    "count": {"minimum": 0},
    "sites_matched": {"minimum": 0},
    "sites_total": {"minimum": 1},
    "exit_code": {"enum": [0, 3, 4, 5]},
    "id": {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
    "mode": {"enum": ["dataset", "additions"]},
    "severity": {"enum": ["error", "warning"]},
    "errors": {"minimum": 0},
    "warnings": {"minimum": 0},
    "line": {"minimum": 1},
    "fill": {"enum": ["essential", "spillover", "site"]},
}


NO = "\n" + "n\n" * 60  # Enter for the age, then "no" to every warning-sign question
YES_FIRST = "\ny\n"  # Enter for the age, then "yes" to the first (most urgent) question


# Lists that real output leaves empty, with what their items would be.
EMPTY_ITEMS: dict[str, dict[str, Any]] = {
    "not_on_map": {"type": "string"},
    "ignored": {"type": "string"},
    "conflicts": {"type": "string"},
    "escalated_by": {"type": "string"},
    "not_asked": {"type": "string"},
}


def samples() -> Iterator[tuple[str, list[str], str]]:
    """(schema name, argv, stdin) for real runs whose JSON documents the schemas must
    describe."""
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
    yield "list", ["list"], ""
    yield "list", ["list", "--group", "gluteals"], ""
    for muscle in muscles:
        yield "show", ["show", muscle], ""
        yield "map", ["map", "--muscle", muscle], ""
        yield "map", ["map", "--muscle", muscle, "lower-back", "tailbone"], ""
    for region in regions:
        yield "map", ["map", region], ""
    for first, second in itertools.pairwise(muscles):
        yield "compare", ["compare", first, second], ""
    yield "compare", ["compare", *muscles[:5]], ""
    yield "regions", ["regions"], ""
    yield "validate", ["validate"], ""
    yield "validate", ["validate", str(TINY)], ""
    yield "validate", ["validate", str(_broken_copy_of_tiny())], ""
    yield "screen-list", ["screen", "--list"], ""
    yield "screen", ["screen"], NO
    yield "screen", ["screen", "--age", "12", "--no", "under-16"], ""
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


def _broken_copy_of_tiny() -> Path:
    """A dataset with an error (an unknown key) and a warning (no red_flags.yaml)."""
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="backmuscles-schema-")) / "data"
    shutil.copytree(TINY, root)
    alpha = root / "muscles" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    return root


def documents() -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for name, argv, stdin in samples():
        result = run_cli([*argv, "--json"], data=None, stdin=stdin)
        assert result.stdout, (argv, result.stderr)
        found.setdefault(name, []).append(json.loads(result.stdout))
    return found


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def infer(values: list[Any], name: str = "") -> dict[str, Any]:
    """The narrowest schema all ``values`` (found at one place in the documents) fit."""
    types = {_type(v) for v in values}
    if types >= {"integer", "number"}:
        types.discard("integer")
    schema: dict[str, Any] = {"type": sorted(types)[0] if len(types) == 1 else sorted(types)}
    objects = [v for v in values if isinstance(v, dict)]
    if objects:
        keys = list(dict.fromkeys(k for o in objects for k in o))
        schema["properties"] = {k: infer([o[k] for o in objects if k in o], k) for k in keys}
        schema["required"] = [k for k in keys if all(k in o for o in objects)]
        schema["additionalProperties"] = False
    arrays = [v for v in values if isinstance(v, list)]
    items = [item for a in arrays for item in a]
    if items:
        schema["items"] = infer(items, name)
    elif arrays and name in EMPTY_ITEMS:
        schema["items"] = EMPTY_ITEMS[name]
    if types & {"integer", "number", "string"} and name in RULES:
        schema.update(RULES[name])
    if name == "id" and "string" not in types:
        schema.pop("pattern", None)
    return schema


def build() -> dict[str, dict[str, Any]]:
    out = {}
    for name, docs in documents().items():
        schema = infer(docs)
        command = docs[0]["command"]
        schema["properties"]["command"] = {"const": command}
        title = f"backmuscles {command} --json" + (" (--list)" if name == "screen-list" else "")
        out[name] = {"$schema": DRAFT, "$id": f"{name}.schema.json", "title": title, **schema}
    return out


def text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    SCHEMAS.mkdir(parents=True, exist_ok=True)
    for name, schema in build().items():
        (SCHEMAS / f"{name}.schema.json").write_text(text(schema), encoding="utf-8")
        print(f"wrote docs/schemas/{name}.schema.json")


if __name__ == "__main__":
    main()
