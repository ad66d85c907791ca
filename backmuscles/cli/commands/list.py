"""``backmuscles list``: the muscles the tool knows, by region or group."""

from typing import Annotated

import typer

from backmuscles.cli.commands import command
from backmuscles.cli.options import JsonOption, PlainOption, complete_regions, dataset, places
from backmuscles.cli.output import emit, plain_writer, rich_writer


@command(
    "list",
    epilog=(
        "Examples:\n\n"
        "  backmuscles list\n\n"
        "  backmuscles list --region 'outer hip'\n\n"
        "  backmuscles list --group 'erector spinae'\n\n"
        "  backmuscles list --json"
    ),
)
def list_muscles(
    ctx: typer.Context,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            metavar="REGION",
            help="Only muscles whose pattern reaches this region.",
            autocompletion=complete_regions,
            show_default=False,
        ),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            metavar="GROUP",
            help="Only the muscles of this group (erector spinae, gluteals, hip flexors...).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """List the muscles the tool knows."""
    from backmuscles.core.errors import UsageError
    from backmuscles.core.ranking import muscles_for_region
    from backmuscles.core.vocab import group_named
    from backmuscles.present import views

    ds = dataset(ctx)
    muscles = ds.muscles
    region_id = None
    group_id = None
    if group is not None:
        group_id = group_named(ds, group)
        muscles = ds.members(group_id)
    if region is not None:
        query = places(ds, [region])
        if len(query.regions) > 1:
            raise UsageError(f"--region takes one region; {region!r} names {len(query.regions)}.")
        region_id = query.regions[0]
        reaching = {m.id for m in muscles_for_region(ds, region_id)}
        muscles = tuple(m for m in muscles if m.id in reaching)
    emit(
        as_json,
        plain,
        lambda: views.list_json(ds, muscles, region_id, group_id),
        lambda: plain_writer.list_text(ds, muscles),
        lambda: rich_writer.muscle_list(ds, muscles),
    )
