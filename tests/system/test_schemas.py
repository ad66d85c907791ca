"""The committed JSON Schemas (docs/schemas) are what tests/make_schemas.py builds from
today's output: a changed field fails here until the schema is regenerated and the change is
reviewed. In-process, but slow (it runs every command for its samples, about 3 s), so it runs
with the system tests; tests/present/test_schemas.py checks real output against the schemas."""

from __future__ import annotations

from tests import make_schemas


def test_schemas_are_current() -> None:
    built = make_schemas.build()
    for name, fresh in built.items():
        committed = (make_schemas.SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
        assert committed == make_schemas.text(fresh), (
            f"docs/schemas/{name}.schema.json is out of date: run python -m tests.make_schemas "
            "and review the diff (bump SCHEMA_VERSION if a script could break)"
        )
