"""``backmuscles show MUSCLE``: one muscle in full."""

from typing import Annotated

import typer

from backmuscles.cli.commands import command
from backmuscles.cli.options import (
    JsonOption,
    NoMapOption,
    PlainOption,
    SvgOption,
    complete_muscle_words,
    dataset,
)
from backmuscles.cli.output import emit, plain_writer, rich_writer, save


@command(
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  backmuscles show ql\n\n"
        "  backmuscles show gluteus medius\n\n"
        "  backmuscles show psoas --json\n\n"
        "  backmuscles show ql --svg ql.svg"
    ),
)
def show(
    ctx: typer.Context,
    muscle: Annotated[
        list[str],
        typer.Argument(
            metavar="MUSCLE",
            help="A muscle's id, name or alias, in any case (ql, 'glute med', psoas...).",
            autocompletion=complete_muscle_words,
            show_default=False,
        ),
    ],
    no_map: NoMapOption = False,
    svg: SvgOption = None,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Show one muscle: anatomy, function, pain pattern, self-care."""
    from backmuscles.core.bodymap import muscle_picture
    from backmuscles.present import views

    ds = dataset(ctx)
    from backmuscles.core.vocab import muscle_named

    found = muscle_named(ds, " ".join(muscle))
    picture = muscle_picture(ds, found)
    if svg is not None:
        from backmuscles.present.svg import document

        save(svg, document(ds, picture), "the map")
        return
    drawn = None if no_map else picture
    emit(
        as_json,
        plain,
        lambda: views.show_json(ds, found),
        lambda: plain_writer.show_text(ds, found, drawn),
        lambda: rich_writer.show(ds, found, drawn),
    )
