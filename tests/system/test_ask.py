"""The follow-up questions on a real terminal: ``where lower back --ask`` on a pseudo-terminal,
answered as a quadratus lumborum user would, asks at most three questions and reaches a
clear leader; Ctrl-C and Ctrl-D end the questions with the ranking so far; ``--answer``
reproduces the session in a script; a close call offers ``--ask``."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import termios
import time

import pytest

from backmuscles.core import narrowing as n
from backmuscles.core.ranking import rank
from backmuscles.dataset.loader import load
from tests.conftest import REPO_DATA

from .test_conventions import ESCAPE, command_line, environment, on_a_terminal

REAL = load(REPO_DATA)
POOL = n.questions(REAL, rank(REAL, ["lower-back"]), ["lower-back"])
PROMPT = "[y/n/?]"


def flat(text: str) -> str:
    return " ".join(ESCAPE.sub("", text).replace("\r", "").split())


class Terminal:
    """The program on a pseudo-terminal of 40 x 100 that is its stdin, stdout and stderr."""

    def __init__(self, argv: list[str]) -> None:
        self.leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
        self.process = subprocess.Popen(
            command_line(argv),
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=environment(BACKMUSCLES_PAGER="", COLUMNS="100"),
            start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(follower)
        self.seen = ""

    def read_until(self, marker: str, after: int = 0) -> bool:
        """Read until ``marker`` appears past position ``after`` of what was seen, or the
        program closes the terminal (False)."""
        deadline = time.monotonic() + 30
        while marker not in self.seen[after:]:
            ready, _, _ = select.select(
                [self.leader], [], [], max(0.0, deadline - time.monotonic())
            )
            if not ready:
                self.process.kill()
                pytest.fail(f"no {marker!r} after: {self.seen[-500:]}")
            try:
                chunk = os.read(self.leader, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            self.seen += chunk.decode("utf-8", errors="replace")
        return True

    def type(self, keys: bytes) -> None:
        os.write(self.leader, keys)

    def finish(self) -> tuple[int, str]:
        while self.read_until("\0never\0"):
            pass
        os.close(self.leader)
        return self.process.wait(timeout=30), self.seen


def asked_question(screen: str) -> n.Question:
    """The question of the last prompt on the screen."""
    text = flat(screen).rsplit(PROMPT, 1)[0]
    found = [q for q in POOL if flat(q.text) in text[-len(flat(q.text)) - 5 :]]
    assert len(found) == 1, text[-300:]
    return found[0]


def test_a_quadratus_lumborum_user_reaches_a_clear_leader_in_at_most_three_questions() -> None:
    term = Terminal(["where", "lower", "back", "--ask", "--no-map"])
    asked: list[tuple[str, str]] = []
    position = 0
    while term.read_until(PROMPT, position) and len(asked) < 5:
        position = term.seen.rindex(PROMPT) + len(PROMPT)
        question = asked_question(term.seen[:position])
        answer = n.simulated_answer(question, "quadratus-lumborum")
        asked.append((question.id, answer))
        term.type(b"y\n" if answer == "yes" else b"n\n")
        if "stands clear" in term.seen[position:]:
            break
    code, out = term.finish()
    assert code == 0, out[-800:]
    assert 1 <= len(asked) <= 3
    text = flat(out)
    assert "Quadratus lumborum stands clear." in text
    assert "Quadratus lumborum stands clear after your answers." in text
    # --answer reproduces it in a script
    script = subprocess.run(
        command_line(
            ["where", "lower", "back", "--json"]
            + [part for qid, a in asked for part in ("--answer", f"{qid}={a}")]
        ),
        capture_output=True,
        text=True,
        env=environment(),
        timeout=60,
    )
    assert script.returncode == 0, script.stderr
    doc = json.loads(script.stdout)
    assert [(q["id"], q["answer"]) for q in doc["narrowing"]["questions"]] == asked
    assert doc["narrowing"]["leader"] == "quadratus-lumborum"
    assert doc["results"][0]["muscle"]["id"] == "quadratus-lumborum"


@pytest.mark.parametrize("key", [b"\x03", b"\x04"], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_and_ctrl_d_end_the_questions_with_the_ranking_so_far(key: bytes) -> None:
    term = Terminal(["where", "lower", "back", "--ask", "--no-map"])
    assert term.read_until(PROMPT)
    term.type(b"y\n")
    assert term.read_until(PROMPT, term.seen.rindex(PROMPT) + len(PROMPT))
    term.type(key)
    code, out = term.finish()
    assert code == 0, out[-800:]
    text = flat(out)
    assert "Traceback" not in text
    assert "No muscle stands clear" in text
    assert "Read as: lower back" in text and "Quadratus lumborum" in text
    assert text.count(PROMPT) == 2


def test_a_close_call_offers_ask_on_a_terminal_only() -> None:
    out = flat(on_a_terminal(["where", "lower", "back"]))
    assert "--long: all details · close call: try --ask" in out  # on the "Next:" line
    piped = subprocess.run(
        command_line(["where", "lower", "back"]),
        capture_output=True,
        text=True,
        env=environment(),
        timeout=60,
    )
    assert "try --ask" not in piped.stderr + piped.stdout
    assert "try --ask" not in flat(on_a_terminal(["where", "heel"]))
