"""``backmuscles where REGION...``: the muscles often linked to pain at these sites, ranked."""

from typing import TYPE_CHECKING, Annotated

import typer

from backmuscles.cli.commands import command
from backmuscles.cli.options import (
    AgeOption,
    AnswerOption,
    AskOption,
    JsonOption,
    NoMapOption,
    PlainOption,
    WorseWithOption,
    complete_regions,
    dataset,
    in_range,
    places,
)
from backmuscles.cli.output import (
    concluding,
    emit,
    output_mode,
    plain_writer,
    rich_writer,
)

if TYPE_CHECKING:
    from backmuscles.core.model import Dataset, Query
    from backmuscles.core.screening import QuestionBank
    from backmuscles.present.documents import CheckFirstJson


@command(
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  backmuscles where lower-back tailbone\n\n"
        "  backmuscles where lower back tailbone --top 3\n\n"
        "  backmuscles where lower-back tailbone --long\n\n"
        "  backmuscles where 'SI joint' 'outer hip' --json\n\n"
        "  backmuscles where lower-back --screen\n\n"
        "  backmuscles where lower-back --worse-with sitting --worse-with rolling-over\n\n"
        "  backmuscles where lower back --ask\n\n"
        "  backmuscles where lower back --answer spreads:hip=yes --json\n\n"
        "Region words: ids, labels and synonyms, in any case; see 'backmuscles regions'.\n\n"
        "On a terminal the answer fits one screen: the ranking, the top muscle's anatomy, "
        "exercises and cautions, what to type next, and when to get help; --long or "
        "--details N shows the rest. Longer than the window, it goes through a pager "
        "(BACKMUSCLES_PAGER, else PAGER, else 'less -FRX'; empty or 'cat': none)."
    ),
)
def where(
    ctx: typer.Context,
    regions: Annotated[
        list[str],
        typer.Argument(
            metavar="REGION...",
            help="Where it hurts: one or more regions (lower-back, tailbone, 'SI joint'...).",
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
            help="Show this many muscles (a few more when the last shares its rank).",
        ),
    ] = 10,
    long: Annotated[
        bool,
        typer.Option(
            "--long",
            "-l",
            help="The long form on a terminal: every reason, the map, and the top 3 in detail "
            "(the default when piped).",
        ),
    ] = False,
    details: Annotated[
        int | None,
        typer.Option(
            "--details",
            "-d",
            metavar="N",
            callback=in_range(0),
            help="The long form with anatomy and self-care for the top N (default 3).",
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Print straight to the terminal, even when longer than the window.",
        ),
    ] = False,
    screen: Annotated[
        bool,
        typer.Option(
            "--screen",
            help="Ask the warning-sign questions first; their result decides what is shown "
            "(see 'screen').",
        ),
    ] = False,
    ask: AskOption = False,
    answers: AnswerOption = None,
    worse_with: WorseWithOption = None,
    age: AgeOption = None,
    no_map: NoMapOption = False,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Rank the muscles often linked to pain at these sites."""
    from backmuscles.core.errors import Concluded, NotFound
    from backmuscles.core.ranking import rank
    from backmuscles.core.vocab import activities_given
    from backmuscles.present import views

    ds = dataset(ctx)
    query = places(ds, regions, ctx)
    given = activities_given(ds, worse_with or [])  # with any the words said ("worse when sitting")
    query = query._replace(activities=tuple(dict.fromkeys((*query.activities, *given))))
    result = None
    if screen:
        from backmuscles.cli.interview import screening_first

        bank, result = screening_first(ctx, ds, query, age)
        if result.withholds_content:
            with concluding(result.exit_code, lambda: plain_writer.screen_text(bank, result)):
                emit(
                    as_json,
                    plain,
                    lambda: views.where_json(
                        ds, regions, query, [], views.screening_json(bank, result)
                    ),
                    lambda: plain_writer.screen_text(bank, result),
                    lambda: rich_writer.screen(bank, result),
                )
            raise Concluded(result.exit_code)
    narrowed, following = None, None
    if ask or answers:
        from backmuscles.cli.interview import narrowing

        narrowed, following = narrowing(ds, query, answers or (), ask)
        matches = narrowed.matches_top(top)
    else:
        matches = rank(ds, query.regions, top=top, activities=query.activities)
    asked = views.narrowing_section(narrowed) if narrowed is not None else None
    close = False  # the compact answer offers --ask when the leaders are close
    terminal = output_mode(as_json, plain) == "rich" and not long and details is None
    if narrowed is None and terminal and len(matches) > 1:
        from backmuscles.core.narrowing import close_call

        close = close_call(matches)
    screened = (bank, result) if result is not None else None
    checks = _check_first(ctx, ds, query, bank if screened else None)
    check_section = views.check_first_section(checks)
    detail = 3 if details is None else details
    compact = not long and details is None
    picture = None
    if matches and not no_map and not as_json:
        from backmuscles.core.bodymap import muscle_picture

        picture = muscle_picture(ds, matches[0].muscle, query.regions, query.sides())
    emit(
        as_json,
        plain,
        lambda: views.where_json(
            ds,
            regions,
            query,
            matches,
            views.screening_json(*screened) if screened else None,
            checks,
            narrowing=views.narrowing_json(narrowed, following) if narrowed is not None else None,
        ),
        lambda: plain_writer.where_text(
            ds,
            query,
            matches,
            detail,
            views.screening_section(*screened) if screened else None,
            picture,
            check_section,
            answers=asked,
        ),
        lambda: (
            rich_writer.where_compact(
                ds,
                query,
                matches,
                screened,
                picture,
                check_section,
                top=top,
                answers=asked,
                close_call=close,
            )
            if compact
            else rich_writer.where(
                ds, query, matches, detail, screened, picture, check_section, answers=asked
            )
        ),
        paged=not no_pager,
    )
    if not matches:
        raise NotFound("no muscle in the dataset refers pain to these sites.")


def _check_first(
    ctx: typer.Context, ds: "Dataset", query: "Query", bank: "QuestionBank | None"
) -> "list[CheckFirstJson]":
    """The warning-sign questions the activities given raise; the question bank is read
    only when one does (most runs never parse it)."""
    from backmuscles.core.ranking import raised_flags
    from backmuscles.present import views

    if not raised_flags(ds, query.activities):
        return []
    if bank is None:
        from backmuscles.cli.options import question_bank
        from backmuscles.core.errors import DataError

        try:
            bank = question_bank(ctx)
        except DataError:  # validate reports a broken bank; the ranking still stands
            return []
    return views.check_first(ds, bank, query)
