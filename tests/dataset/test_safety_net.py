"""The safety net as data (``safety_net`` in red_flags.yaml): read into the question bank and
the dataset, kept by the cache, checked by ``validate``, and the built-in wording when a
dataset has none or its bank cannot be read."""

from __future__ import annotations

import json
from pathlib import Path

from backmuscles.core.safety import SAFETY_NET, safety_net
from backmuscles.dataset import store
from backmuscles.dataset.loader import load, read_red_flags
from tests.conftest import REPO_DATA, TINY, run_cli

LEVELS = (REPO_DATA / "red_flags.yaml").read_text(encoding="utf-8")
LEVELS = LEVELS[LEVELS.index("levels:") : LEVELS.index("safety_net:")]

BANK = """
flags:
  - id: saddle
    level: emergency
    question: Is the saddle area numb?
    screens_for: Cauda equina syndrome.
    action: Call your emergency number now.
    sources: [a source]
  - id: night
    level: urgent
    question: Is the pain worse at night?
    screens_for: Cancer or infection.
    action: Get a same-day appointment.
    sources: [a source]
  - id: slow
    level: routine
    question: Is it slow to get better?
    screens_for: Pain that needs a look.
    action: See a GP or a physiotherapist.
    sources: [a source]
"""

NET = """
safety_net:
  - text: Get emergency help now if the saddle area goes numb.
    flags: [saddle]
    regions: [lower-back]
  - text: Get emergency help now if the saddle area or the tailbone goes numb.
    flags: [saddle]
    regions: [sacrum, buttock, outer-hip]
  - text: See a GP if it is slow to get better.
    flags: [slow]
"""


def write_bank(folder: Path, net: str = NET) -> Path:
    path = folder / "red_flags.yaml"
    path.write_text(LEVELS + BANK + net, encoding="utf-8")
    return path


def problems(folder: Path) -> set[tuple[str, str]]:
    result = run_cli(["validate", str(folder), "--json"])
    return {(p["field"], p["message"]) for p in json.loads(result.stdout)["problems"]}


def test_the_dataset_keeps_the_banks_safety_net() -> None:
    bank, found = read_red_flags(REPO_DATA)
    assert bank is not None, found
    assert load(REPO_DATA).safety_net == bank.safety_net
    assert bank.safety_net[0].text == SAFETY_NET[0]  # the low back's line, as it always was
    assert not bank.safety_net[-1].regions  # "see someone if not improving": every place


def test_a_dataset_without_a_bank_uses_the_built_in_wording() -> None:
    assert load(TINY).safety_net == ()
    assert safety_net(load(TINY), ["tailbone"]) == SAFETY_NET
    doc = json.loads(run_cli(["where", "tailbone", "--json"]).stdout)
    assert doc["safety_net"] == list(SAFETY_NET)


def test_a_line_is_shown_only_for_its_places(tiny_copy: Path) -> None:
    write_bank(tiny_copy)
    assert problems(tiny_copy) == set()
    low = json.loads(run_cli(["where", "lower-back", "--json"], data=tiny_copy).stdout)
    assert low["safety_net"] == [
        "Get emergency help now if the saddle area goes numb.",
        "See a GP if it is slow to get better.",
    ]
    # the back holds the lower back, so its line is shown there too; the tailbone lies in the
    # sacrum, so it gets the sacrum's line
    back = json.loads(run_cli(["where", "back", "--json"], data=tiny_copy).stdout)
    assert back["safety_net"] == low["safety_net"]
    tail = json.loads(run_cli(["where", "tailbone", "--json"], data=tiny_copy).stdout)
    assert tail["safety_net"][0].endswith("the tailbone goes numb.")
    assert len(tail["safety_net"]) == 2


def test_validate_checks_every_line(tiny_copy: Path) -> None:
    write_bank(
        tiny_copy,
        """
safety_net:
  - text: Book an appointment if the saddle area goes numb.
    flags: [saddle]
  - text: Get emergency help now if the saddle area goes numb or it is worse at night.
    flags: [saddle, night]
  - text: See a GP today.
    flags: [slwo]
    regions: [lower-bak]
  - text: Get a same-day appointment if it is worse at night.
    flags: [night]
    colour: red
""",
    )
    found = problems(tiny_copy)
    assert ("safety_net[0].text", "does not read as 'emergency' advice") in found
    mixed = "names flags of different levels (emergency, urgent): one line, one level"
    assert ("safety_net[1].flags", mixed) in found
    assert ("safety_net[2].flags", "unknown flag 'slwo'") in found
    assert ("safety_net[2].regions", "unknown region 'lower-bak'") in found
    assert any(f == "safety_net[3].colour" for f, _ in found)


def test_validate_finds_a_place_with_no_emergency_line(tiny_copy: Path) -> None:
    write_bank(tiny_copy, NET.replace("regions: [lower-back]", "regions: [sacrum]"))
    found = problems(tiny_copy)
    assert ("safety_net", "no line names an emergency sign for 'lower-back'") in found
    assert ("safety_net", "no line names an emergency sign for 'back'") in found
    assert ("safety_net", "no line names an emergency sign for 'tailbone'") not in found


def test_a_broken_safety_net_leaves_the_other_commands_working(tiny_copy: Path) -> None:
    write_bank(tiny_copy, "safety_net: nothing\n")
    assert ("safety_net", "expected a non-empty list of lines, got text") in problems(tiny_copy)
    result = run_cli(["where", "tailbone", "--json"], data=tiny_copy)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["safety_net"] == list(SAFETY_NET)
    refused = run_cli(["screen", "--yes", "saddle"], data=tiny_copy)  # screen needs the bank
    assert refused.exit_code == 1 and "safety_net" in refused.stderr


def test_the_cache_sees_an_edited_safety_net(env, data: Path) -> None:
    path = write_bank(data)
    assert store.load_dataset(environ=env).safety_net[0].text.endswith("goes numb.")
    path.write_text(
        path.read_text(encoding="utf-8").replace("goes numb.", "goes numb or tingles."),
        encoding="utf-8",
    )
    dataset = store.load_dataset(environ=env)
    assert dataset.safety_net[0].text.endswith("tingles.")
    assert store.load_dataset(environ=env) == dataset  # read back from the cache
