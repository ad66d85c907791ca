"""Follow-up questions through the CLI: ``where ... --ask`` reading answers, ``--answer`` for
scripts (the same result), the JSON's questions and rankings, ``plan`` on the narrowed
ranking, and refusals of unknown ids and answers."""

from __future__ import annotations

import json

from backmuscles.core import narrowing as n
from backmuscles.dataset.loader import load
from tests.conftest import REPO_DATA, run_cli

REAL = load(REPO_DATA)
QL = n.simulate(REAL, ["lower-back"], "quadratus-lumborum")
QL_ANSWERS = [f"{s.question.id}={s.answer}" for s in QL.steps]


def where(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return run_cli(["where", *args], data=None, stdin=stdin)


def answer_flags(answers: list[str]) -> list[str]:
    return [part for a in answers for part in ("--answer", a)]


def test_ask_brings_a_quadratus_lumborum_user_to_a_clear_leader() -> None:
    typed = "".join(("y" if s.answer == "yes" else "n") + "\n" for s in QL.steps)
    result = where("lower", "back", "--ask", "--json", stdin=typed)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    narrowing = doc["narrowing"]
    assert len(narrowing["questions"]) <= 3
    assert narrowing["ending"] == "clear"
    assert narrowing["leader"] == "quadratus-lumborum"
    assert doc["results"][0]["muscle"]["id"] == "quadratus-lumborum"
    # the questions were asked on stderr, not in the document
    assert "[y/n/?]" in result.stderr and "Quadratus lumborum stands clear." in result.stderr


def test_answer_reproduces_the_session_in_a_script() -> None:
    typed = "".join(("y" if s.answer == "yes" else "n") + "\n" for s in QL.steps)
    asked = json.loads(where("lower", "back", "--ask", "--json", stdin=typed).stdout)
    scripted = where("lower", "back", *answer_flags(QL_ANSWERS[::-1]), "--json")
    assert scripted.exit_code == 0, scripted.output
    assert scripted.stderr == ""
    assert json.loads(scripted.stdout) == asked


def test_the_json_carries_each_question_its_answer_and_the_ranking_after_it() -> None:
    doc = json.loads(where("lower", "back", *answer_flags(QL_ANSWERS), "--json").stdout)
    questions = doc["narrowing"]["questions"]
    assert [f"{q['id']}={q['answer']}" for q in questions] == QL_ANSWERS
    for q in questions:
        assert q["text"].endswith("?")
        assert q["ranking"] and q["ranking"][0]["rank"] == 1
        assert {"id", "score", "points", "narrowed"} <= set(q["ranking"][0])
    assert doc["narrowing"]["start"][0]["points"] == 0
    # the results follow the last ranking, and keep the place score
    last = [p["id"] for p in questions[-1]["ranking"]]
    assert [r["muscle"]["id"] for r in doc["results"]] == last[: len(doc["results"])]
    assert doc["results"][0]["score"] == questions[-1]["ranking"][0]["score"]


def test_without_questions_the_json_has_no_narrowing() -> None:
    doc = json.loads(where("lower", "back", "--json").stdout)
    assert doc["narrowing"] is None


def test_unsure_changes_nothing_and_a_partial_script_says_the_next_question() -> None:
    first = QL.steps[0].question.id
    doc = json.loads(where("lower", "back", "--answer", f"{first}=unsure", "--json").stdout)
    narrowing = doc["narrowing"]
    assert narrowing["questions"][0]["changes"] == []
    assert narrowing["questions"][0]["ranking"] == narrowing["start"]
    assert narrowing["ending"] == "answered" or narrowing["next_question"]
    assert narrowing["next_question"] is not None


def test_plain_text_says_the_answers_and_what_changed() -> None:
    result = where("lower", "back", *answer_flags(QL_ANSWERS), "--no-map")
    assert result.exit_code == 0
    out = result.stdout
    assert "Your answers:" in out
    assert "Quadratus lumborum stands clear after your answers." in out
    assert "Quadratus lumborum is now first on its own" in out
    assert out.index("Your answers:") < out.index("Muscles often linked to pain at")


def test_unknown_id_or_answer_is_one_line_and_exit_2() -> None:
    for bad in ("press:nobody=yes", "spreads:leg=perhaps", "spreads:leg"):
        result = where("lower", "back", "--answer", bad)
        assert result.exit_code == 2, (bad, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("backmuscles: "), result.stderr
        assert result.stdout == ""


def test_end_of_input_ends_the_questions_with_the_ranking_so_far() -> None:
    result = where("lower", "back", "--ask", "--json", stdin="y\n")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert len(doc["narrowing"]["questions"]) == 1
    assert doc["narrowing"]["ending"] == "stopped"
    assert doc["results"]


def test_an_answer_that_is_not_one_is_asked_again() -> None:
    typed = "perhaps\n" + "".join(("y" if s.answer == "yes" else "n") + "\n" for s in QL.steps)
    result = where("lower", "back", "--ask", "--json", stdin=typed)
    assert "Please answer y (yes), n (no) or ? (not sure)." in result.stderr
    assert json.loads(result.stdout)["narrowing"]["leader"] == "quadratus-lumborum"


def test_plan_builds_on_the_narrowed_ranking() -> None:
    plain = json.loads(run_cli(["plan", "lower", "back", "--json"], data=None).stdout)
    narrowed = run_cli(["plan", "lower", "back", *answer_flags(QL_ANSWERS), "--json"], data=None)
    assert narrowed.exit_code == 0, narrowed.output
    doc = json.loads(narrowed.stdout)
    assert doc["muscles"][0]["id"] == "quadratus-lumborum"
    assert doc["narrowing"]["leader"] == "quadratus-lumborum"
    assert plain["narrowing"] is None
    served = {m for step in doc["steps"] for m in step["serves"]}
    assert "quadratus-lumborum" in served


def test_screening_still_comes_first() -> None:
    noes = "n\n" * 40
    fine = where(
        "lower", "back", "--screen", "--age", "40", *answer_flags(QL_ANSWERS), "--json", stdin=noes
    )
    assert fine.exit_code == 0, fine.output
    doc = json.loads(fine.stdout)
    assert doc["screening"]["level"] == "routine"
    assert doc["narrowing"]["leader"] == "quadratus-lumborum"
    assert "warning signs" in fine.stderr
    # an emergency answer withholds the ranking, and no follow-up question is asked
    urgent = where(
        "lower", "back", "--screen", "--age", "40", "--ask", "--json", stdin="y\n" + noes
    )
    assert urgent.exit_code == 4
    doc = json.loads(urgent.stdout)
    assert doc["withheld"] and doc["narrowing"] is None
    assert "[y/n/?]" in urgent.stderr and "tell the leading muscles apart" not in urgent.stderr
