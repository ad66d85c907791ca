"""``backmuscles validate [PATH]``: check a dataset and list every problem."""

from typing import Annotated

import typer

from backmuscles.cli.commands import command
from backmuscles.cli.options import JsonOption, PlainOption, data_option
from backmuscles.cli.output import EXIT_NOT_FOUND, emit, plain_writer, rich_writer


@command(
    rich_help_panel="For data authors",
    epilog=(
        "Examples:\n\n"
        "  backmuscles validate\n\n"
        "  backmuscles validate ~/my-muscles\n\n"
        "  backmuscles validate data --json\n\n"
        "A folder with regions.yaml is checked as a whole dataset; any other folder as "
        "additions on top of the dataset in use."
    ),
)
def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]",
            help="The folder to check (default: the dataset in use, with your additions).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Check a dataset and list every problem."""
    from backmuscles.core.errors import Concluded, UsageError
    from backmuscles.dataset.loader import validate as check
    from backmuscles.dataset.location import expand, probe
    from backmuscles.present import views

    folder = expand(path) if path is not None else None

    if folder is not None and not probe(folder, "dir"):
        raise UsageError(f"{path!r} is not a folder.")
    report = check(folder, data_option(ctx))
    emit(
        as_json,
        plain,
        lambda: views.validate_json(report),
        lambda: plain_writer.validate_text(report),
        lambda: rich_writer.validate(report),
    )
    if report.errors:
        raise Concluded(EXIT_NOT_FOUND)
