"""``backmuscles compare MUSCLE...``: muscles side by side."""

from typing import Annotated

import typer

from backmuscles.cli.commands import command
from backmuscles.cli.options import JsonOption, NoMapOption, PlainOption, complete_compared, dataset
from backmuscles.cli.output import emit, plain_writer, rich_writer


@command(
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  backmuscles compare gluteus-medius gluteus-minimus\n\n"
        "  backmuscles compare gluteus medius gluteus minimus piriformis\n\n"
        "  backmuscles compare ql iliocostalis-lumborum --json\n\n"
        "Names need no quotes: the longest muscle name wins."
    ),
)
def compare(
    ctx: typer.Context,
    muscles: Annotated[
        list[str],
        typer.Argument(
            metavar="MUSCLE...",
            help="Two or more muscles: ids, names or aliases.",
            autocompletion=complete_compared,
            show_default=False,
        ),
    ],
    no_map: NoMapOption = False,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Compare muscles side by side: zones, function, triggers, self-care, maps."""
    from backmuscles.core.bodymap import muscle_picture
    from backmuscles.core.errors import UsageError
    from backmuscles.core.vocab import muscles_named
    from backmuscles.present import views

    ds = dataset(ctx)
    ids = muscles_named(ds, muscles)
    if len(ids) < 2:
        raise UsageError("compare needs two or more different muscles.")
    chosen = [ds.muscle(i) for i in ids]
    found = [m for m in chosen if m is not None]
    pictures = [] if no_map or as_json else [muscle_picture(ds, m) for m in found]
    emit(
        as_json,
        plain,
        lambda: views.compare_json(ds, found),
        lambda: plain_writer.compare_text(ds, found, pictures),
        lambda: rich_writer.compare(ds, found, pictures),
    )
