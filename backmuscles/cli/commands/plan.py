"""``backmuscles plan REGION...``: a self-care routine for the muscles often linked to these
sites."""

import math
from typing import Annotated

import typer

from backmuscles.cli.commands import command
from backmuscles.cli.options import (
    AgeOption,
    AnswerOption,
    AskOption,
    JsonOption,
    PlainOption,
    complete_regions,
    dataset,
    in_range,
    places,
)
from backmuscles.cli.output import concluding, emit, plain_writer, rich_writer, save


@command(
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  backmuscles plan lower-back tailbone\n\n"
        "  backmuscles plan buttock --top 2 --minutes 15\n\n"
        "  backmuscles plan lower back --markdown plan.md\n\n"
        "  backmuscles plan lower-back --screen --json\n\n"
        "  backmuscles plan lower back --ask"
    ),
)
def plan(
    ctx: typer.Context,
    regions: Annotated[
        list[str],
        typer.Argument(
            metavar="REGION...",
            help="Where it hurts, as for 'where'.",
            autocompletion=complete_regions,
            show_default=False,
        ),
    ],
    top: Annotated[
        int,
        typer.Option(
            "--top",
            "-n",
            metavar="N",
            callback=in_range(1),
            help="Build the plan for this many muscles.",
        ),
    ] = 3,
    minutes: Annotated[
        float | None,
        typer.Option(
            "--minutes",
            "-t",
            metavar="MINUTES",
            callback=in_range(1, 240),
            help="Fit the plan into this many minutes (1 to 240), leaving out the least useful "
            "steps.",
            show_default=False,
        ),
    ] = None,
    markdown: Annotated[
        str | None,
        typer.Option(
            "--markdown",
            metavar="FILE",
            help="Write the plan as a printable Markdown page to FILE ('-' for stdout).",
            show_default=False,
        ),
    ] = None,
    screen: Annotated[
        bool,
        typer.Option(
            "--screen",
            help="Ask the warning-sign questions first; their result decides what is shown.",
        ),
    ] = False,
    ask: AskOption = False,
    answers: AnswerOption = None,
    age: AgeOption = None,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """A self-care routine for the muscles often linked to these sites."""
    from backmuscles.core.errors import Concluded, NotFound, UsageError
    from backmuscles.core.planning import build_plan
    from backmuscles.core.ranking import rank
    from backmuscles.present import views

    if minutes is not None and not math.isfinite(minutes):
        raise UsageError(f"--minutes must be a number of minutes, not {minutes}.")
    ds = dataset(ctx)
    query = places(ds, regions, ctx)
    result = None
    if screen:
        from backmuscles.cli.interview import screening_first

        bank, result = screening_first(ctx, ds, query, age)
    narrowed, following = None, None
    if (ask or answers) and not (result is not None and result.withholds_content):
        from backmuscles.cli.interview import narrowing

        narrowed, following = narrowing(ds, query, answers or (), ask)
        matches = narrowed.matches_top(top)  # the plan is built on the narrowed ranking
    else:
        matches = rank(ds, query.regions, top=top)
    asked = views.narrowing_section(narrowed) if narrowed is not None else None
    narrowing_json = views.narrowing_json(narrowed, following) if narrowed is not None else None
    routine = build_plan(ds, matches, minutes)
    if result is not None and result.withholds_content:
        with concluding(result.exit_code, lambda: plain_writer.screen_text(bank, result)):
            emit(
                as_json,
                plain,
                lambda: views.plan_json(
                    ds, regions, query, routine, views.screening_json(bank, result)
                ),
                lambda: plain_writer.screen_text(bank, result),
                lambda: rich_writer.screen(bank, result),
            )
        if markdown is not None:  # the printed page carries the result instead of a plan
            save(markdown, plain_writer.screen_markdown(bank, result), "the screening result")
        raise Concluded(result.exit_code)
    if not matches:
        raise NotFound("no muscle in the dataset refers pain to these sites, so there is no plan.")
    if not routine.steps and routine.dropped:  # a budget too small for any step: say so
        shortest = min(step.exercise.minutes for step in routine.dropped)
        raise NotFound(
            f"no step of this plan fits in {minutes:g} minute{'s' * (minutes != 1)}; the "
            f"shortest takes about {shortest:g}: try --minutes {math.ceil(shortest)}."
        )
    screened = (bank, result) if result is not None else None
    if markdown is not None:
        section = views.screening_section(*screened) if screened else None
        save(markdown, plain_writer.plan_markdown(ds, query, routine, section), "the plan")
        return
    emit(
        as_json,
        plain,
        lambda: views.plan_json(
            ds,
            regions,
            query,
            routine,
            views.screening_json(*screened) if screened else None,
            narrowing_json,
        ),
        lambda: plain_writer.plan_text(
            ds, query, routine, views.screening_section(*screened) if screened else None, asked
        ),
        lambda: rich_writer.plan(ds, query, routine, screened, asked),
    )
