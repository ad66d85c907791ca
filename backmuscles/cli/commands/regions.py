"""``backmuscles regions``: the region words, as a tree with synonyms."""

import typer

from backmuscles.cli.commands import command
from backmuscles.cli.options import JsonOption, PlainOption, dataset
from backmuscles.cli.output import emit, plain_writer, rich_writer


@command(
    epilog="Examples:\n\n  backmuscles regions\n\n  backmuscles regions --json",
)
def regions(
    ctx: typer.Context,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """List the region words, as a tree with synonyms."""
    from backmuscles.present import views

    ds = dataset(ctx)
    emit(
        as_json,
        plain,
        lambda: views.regions_json(ds),
        lambda: plain_writer.regions_text(ds),
        lambda: rich_writer.regions(ds),
    )
