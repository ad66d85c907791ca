"""``backmuscles screen``: the warning-sign questions, asked or given, and their result."""

from typing import Annotated

import typer

from backmuscles.cli.commands import command
from backmuscles.cli.options import (
    JsonOption,
    PlainOption,
    complete_regions,
    dataset,
    in_range,
    question_bank,
)
from backmuscles.cli.options import places as read_places
from backmuscles.cli.output import concluding, emit, plain_writer, rich_writer


@command(
    epilog=(
        "Examples:\n\n"
        "  backmuscles screen\n\n"
        "  backmuscles screen --yes saddle-numbness --json\n\n"
        "  backmuscles screen --no bladder-change,bowel-change --yes cough-strain --age 55\n\n"
        "  backmuscles screen --list\n\n"
        "Exit codes: 0 soon or routine, 3 urgent, 4 emergency, 5 out of scope."
    ),
)
def screen(
    ctx: typer.Context,
    regions: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REGION...]",
            help="Where it hurts, to ask the questions for those places (all when none).",
            autocompletion=complete_regions,
            show_default=False,
        ),
    ] = None,
    yes: Annotated[
        list[str] | None,
        typer.Option("--yes", "-y", metavar="ID", help="A warning sign you have (repeatable)."),
    ] = None,
    no: Annotated[
        list[str] | None,
        typer.Option("--no", metavar="ID", help="A warning sign you do not have (repeatable)."),
    ] = None,
    not_sure: Annotated[
        list[str] | None,
        typer.Option(
            "--not-sure", metavar="ID", help="A sign you are not sure about (repeatable)."
        ),
    ] = None,
    age: Annotated[
        int | None,
        typer.Option(
            "--age",
            metavar="YEARS",
            callback=in_range(0, 130),
            help="Your age in years (some signs weigh more from 50).",
        ),
    ] = None,
    list_questions: Annotated[
        bool, typer.Option("--list", help="Print the questions and their ids, most urgent first.")
    ] = False,
    as_json: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    """Ask about warning signs that need a doctor first."""
    from backmuscles.core.errors import Concluded, UsageError
    from backmuscles.core.screening import evaluate, given_answers, places_of
    from backmuscles.present import views

    bank = question_bank(ctx)
    if list_questions:
        emit(
            as_json,
            plain,
            lambda: views.question_bank_json(bank),
            lambda: plain_writer.question_bank_text(bank),
            lambda: rich_writer.question_bank(bank),
        )
        return
    answers = given_answers(bank, yes or [], no or [], not_sure or [])
    if not answers and (yes or no or not_sure):
        raise UsageError("--yes, --no and --not-sure need a question id (see 'screen --list').")
    places = None
    if regions:
        ds = dataset(ctx)
        places = places_of(ds, read_places(ds, regions).regions)
    if not answers:
        from backmuscles.cli.interview import ask

        answers, age = ask(bank, answers, age, places)
    result = evaluate(bank, answers, age, places)
    with concluding(result.exit_code, lambda: plain_writer.screen_text(bank, result)):
        emit(
            as_json,
            plain,
            lambda: views.screen_json(bank, result),
            lambda: plain_writer.screen_text(bank, result),
            lambda: rich_writer.screen(bank, result),
        )
    raise Concluded(result.exit_code)
