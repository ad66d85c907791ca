"""``backmuscles exercises [ID]``: the exercise library, or one exercise in full."""

from typing import Annotated

import typer

from backmuscles.cli.commands import command
from backmuscles.cli.options import (
    JsonOption,
    PlainOption,
    complete_exercises,
    complete_muscles,
    dataset,
)
from backmuscles.cli.output import emit, plain_writer, rich_writer


@command(
    "exercises",
    epilog=(
        "Examples:\n\n"
        "  backmuscles exercises\n\n"
        "  backmuscles exercises --muscle ql\n\n"
        "  backmuscles exercises --kind stretch --json\n\n"
        "  backmuscles exercises side-plank"
    ),
)
def exercises_command(
    ctx: typer.Context,
    exercise: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="One exercise to show in full (its id, or its name).",
            autocompletion=complete_exercises,
            show_default=False,
        ),
    ] = None,
    muscle: Annotated[
        str | None,
        typer.Option(
            "--muscle",
            "-m",
            metavar="MUSCLE",
            help="Only exercises for this muscle (id, name or alias).",
            autocompletion=complete_muscles,
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="Only this kind: mobility, release, stretch or strengthen.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """The exercise library, or one exercise in full."""
    from backmuscles.core.errors import UsageError, one_of
    from backmuscles.core.model import EXERCISE_KINDS
    from backmuscles.core.vocab import exercise_named, muscle_named
    from backmuscles.present import views

    ds = dataset(ctx)
    if exercise is not None:
        item = exercise_named(ds, exercise)
        emit(
            as_json,
            plain,
            lambda: views.exercise_document(ds, item),
            lambda: plain_writer.exercise_text(ds, item),
            lambda: rich_writer.exercise(ds, item),
        )
        return
    items = list(ds.exercises)
    muscle_id = None
    if kind is not None:
        if kind not in EXERCISE_KINDS:
            raise UsageError(f"--kind must be one of {one_of(list(EXERCISE_KINDS))}, not {kind!r}.")
        items = [e for e in items if e.kind == kind]
    if muscle is not None:
        muscle_id = muscle_named(ds, muscle).id
        items = [e for e in items if muscle_id in e.muscles]
    emit(
        as_json,
        plain,
        lambda: views.exercises_json(ds, items, muscle_id, kind),
        lambda: plain_writer.exercises_text(ds, items),
        lambda: rich_writer.exercises(ds, items),
    )
