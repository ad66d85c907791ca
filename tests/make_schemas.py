"""Write docs/schemas/<name>.schema.json: the shape of every command's `--json` document.

    python -m tests.make_schemas      # after a deliberate change to a JSON document

The schemas are generated from the document types in backmuscles/present/documents.py, the
types ``present/views.py`` is checked against (mypy --strict): a TypedDict is a closed object
(``additionalProperties: false``) that requires its required keys, a Literal an enumeration
(``const`` for one value), ``list[X]`` an array of X, ``X | None`` also null, and
``Annotated`` metadata adds what a type cannot say (an id's pattern, a least value). So a
renamed or vanished field changes the types, the schema follows, and tests/test_schemas.py
fails until the schema is regenerated and the change is reviewed in the diff; that test also
checks the real output of every command against them. Bump ``SCHEMA_VERSION`` (and its type,
``documents.SchemaVersion``) when a change can break a script: a removed or renamed field, or
a changed type."""

from __future__ import annotations

import json
import types
import typing
from typing import Annotated, Any, Literal, NotRequired, Required, get_args, get_origin

from backmuscles.present.documents import DOCUMENTS, Maximum, Minimum, OneOf, Pattern

from .conftest import REPO

SCHEMAS = REPO / "docs" / "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

_SCALARS: dict[object, str] = {bool: "boolean", int: "integer", float: "number", str: "string"}


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    for kind, name in _SCALARS.items():
        if type(value) is kind:
            return name
    raise TypeError(f"no JSON type for the literal {value!r}")


def _types(names: set[str]) -> str | list[str]:
    ordered = sorted(names)
    return ordered[0] if len(ordered) == 1 else ordered


def _keyword(meta: object) -> dict[str, Any]:
    """The JSON Schema keyword an ``Annotated`` rule stands for."""
    if isinstance(meta, Pattern):
        return {"pattern": meta.regex}
    if isinstance(meta, Minimum):
        return {"minimum": meta.value}
    if isinstance(meta, Maximum):
        return {"maximum": meta.value}
    if isinstance(meta, OneOf):
        return {"enum": list(meta.values)}
    raise TypeError(f"no JSON Schema keyword for the annotation {meta!r}")


def _union(branches: list[dict[str, Any]]) -> dict[str, Any]:
    """``X | Y`` as one schema: the types joined, the other keywords kept (each keyword used
    here applies to one JSON type only, so keeping them together is exact); an enumeration
    takes in the other branches' values, which must then be enumerated (or null) too."""
    names: set[str] = set()
    merged: dict[str, Any] = {}
    enumerated = any("enum" in b or "const" in b for b in branches)
    values: list[object] = []
    for branch in branches:
        branch = dict(branch)
        kind = branch.pop("type")
        names.update([kind] if isinstance(kind, str) else kind)
        if "const" in branch:
            values.append(branch.pop("const"))
        elif "enum" in branch:
            values.extend(branch.pop("enum"))
        elif enumerated:
            if kind != "null":
                raise TypeError(f"cannot join an enumeration with any {kind}")
            values.append(None)
        for key, value in branch.items():
            if key in merged and merged[key] != value:
                raise TypeError(f"the branches of a union disagree on {key!r}")
            merged[key] = value
    out: dict[str, Any] = {"type": _types(names), **merged}
    if enumerated:
        out["enum"] = values
    return out


def schema_of(annotation: object) -> dict[str, Any]:
    """The JSON Schema of a document type (a TypedDict) or of any type in it."""
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated:
        out = schema_of(args[0])
        for meta in annotation.__metadata__:  # type: ignore[attr-defined]
            out.update(_keyword(meta))
        return out
    if origin in (Required, NotRequired):
        return schema_of(args[0])
    if origin is Literal:
        values = list(args)
        out = {"type": _types({_json_type(v) for v in values})}
        if len(values) == 1:
            out["const"] = values[0]
        else:
            out["enum"] = values
        return out
    if origin in (types.UnionType, typing.Union):
        return _union([schema_of(a) for a in args])
    if origin is list:
        return {"type": "array", "items": schema_of(args[0])}
    if typing.is_typeddict(annotation):
        fields = typing.get_type_hints(annotation, include_extras=True)
        keys: frozenset[str] = annotation.__required_keys__  # type: ignore[attr-defined]
        # NotRequired / Required as well as the class's own reading of them: a class written
        # with string annotations (``from __future__ import annotations``) only says them in
        # its hints on Python 3.11
        required = [
            name
            for name, kind in fields.items()
            if get_origin(kind) is Required
            or (name in keys and get_origin(kind) is not NotRequired)
        ]
        return {
            "type": "object",
            "properties": {name: schema_of(kind) for name, kind in fields.items()},
            "required": required,
            "additionalProperties": False,
        }
    if annotation is type(None):
        return {"type": "null"}
    if annotation in _SCALARS:
        return {"type": _SCALARS[annotation]}
    raise TypeError(f"no JSON Schema for {annotation!r}")


def build() -> dict[str, dict[str, Any]]:
    """Every schema file's content, by name, from the document types."""
    out = {}
    for name, document in DOCUMENTS.items():
        schema = schema_of(document)
        command = schema["properties"]["command"]["const"]
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
