"""``backmuscles map``: the body map, of where it hurts or of a muscle's pain pattern."""

from typing import Annotated

import typer

from backmuscles.cli.commands import command
from backmuscles.cli.options import (
    JsonOption,
    PlainOption,
    SvgOption,
    complete_muscles,
    complete_regions,
    dataset,
    places,
)
from backmuscles.cli.output import emit, plain_writer, rich_writer, save, say


@command(
    "map",
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  backmuscles map lower-back tailbone\n\n"
        "  backmuscles map --muscle quadratus-lumborum\n\n"
        "  backmuscles map ql\n\n"
        "  backmuscles map buttock --muscle piriformis\n\n"
        "  backmuscles map lower-back tailbone --svg map.svg\n\n"
        "Key: essential zone, spillover zone, trigger point (x), where it hurts; "
        "the legend under the map says which mark is which."
    ),
)
def body_map(
    ctx: typer.Context,
    regions: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REGION...]",
            help="Where it hurts: marked on the map (and pinned on a muscle's pattern). Words "
            "that name no region but a muscle ('map ql') draw that muscle, as --muscle does.",
            autocompletion=complete_regions,
            show_default=False,
        ),
    ] = None,
    muscle: Annotated[
        str | None,
        typer.Option(
            "--muscle",
            "-m",
            metavar="MUSCLE",
            help="Shade this muscle's zones (essential dark, spillover light) and mark its "
            "trigger points.",
            autocompletion=complete_muscles,
            show_default=False,
        ),
    ] = None,
    svg: SvgOption = None,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Draw the body map: where it hurts, or a muscle's pain pattern."""
    from backmuscles.core.bodymap import muscle_picture, sites_picture
    from backmuscles.core.errors import UsageError
    from backmuscles.core.vocab import map_named, muscle_named, reading_notes
    from backmuscles.present import views

    ds = dataset(ctx)
    found = muscle_named(ds, muscle) if muscle is not None else None
    sites: tuple[str, ...] = ()
    query = None
    if regions and found is None:  # `map ql`: a muscle's name where no --muscle is given
        query, found = map_named(ds, regions)
        for note in reading_notes(query) if query is not None else ():
            say(note)
        sites = query.regions if query is not None else ()
    elif regions:
        query = places(ds, regions)
        sites = query.regions
    if found is None and not sites:
        raise UsageError("give one or more regions, or --muscle MUSCLE, or both.")
    sides = query.sides() if query is not None else {}
    picture = muscle_picture(ds, found, sites, sides) if found else sites_picture(ds, sites, sides)
    if svg is not None:
        from backmuscles.present.svg import document

        save(svg, document(ds, picture), "the map")
        return
    emit(
        as_json,
        plain,
        lambda: views.map_json(ds, picture, sites, found, query, regions or ()),
        lambda: plain_writer.map_text(ds, picture, query),
        lambda: rich_writer.body_map_page(ds, picture, query),
    )
