"""Start-up benchmark: the median wall time of each case, as a ratio to B, the median of
``python -c "import typer"`` measured in the same run, in the same environment.

    python benchmarks/bench.py [--rounds 21] [--warmup 2] [--check]

Run it with the Python of the environment where backmuscles is installed (for example
``.venv/bin/python benchmarks/bench.py``). Cases run round-robin (interleaved), so drift on a
noisy machine hits every case alike; the first ``--warmup`` rounds are not counted. Each case
gets its own empty cache directory (``XDG_CACHE_HOME``) and no user additions. ``--check``
exits 1 if any case misses its target. Timing lives here, never in the tests.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import platform
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_dataset import make  # noqa: E402


@dataclass
class Case:
    name: str
    argv: list[str]
    target: float | None = None  # the ratio to B it must not exceed
    env: dict[str, str] = field(default_factory=dict)
    pty: bool = False
    cold: bool = False  # empty the cache before every run
    times: list[float] = field(default_factory=list)


def run_pipe(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True)
    return time.perf_counter() - start, done.returncode


def run_pty(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run on a real pseudo-terminal (120 x 40), reading everything it draws."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    while True:
        try:
            if not os.read(master, 65536):
                break
        except OSError:  # EIO: the child closed the terminal
            break
    code = proc.wait()
    os.close(master)
    return time.perf_counter() - start, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=21, help="counted rounds (default 21)")
    parser.add_argument("--warmup", type=int, default=2, help="rounds not counted (default 2)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()

    python = sys.executable
    script = Path(python).parent / "backmuscles"
    tool = [str(script)] if script.exists() else [python, "-m", "backmuscles"]
    work = Path(tempfile.mkdtemp(prefix="backmuscles-bench-"))
    big = make(work / "big")
    base_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("BACKMUSCLES_", "_BACKMUSCLES"))
    }
    # no pager: on the pseudo-terminal it would wait for a key (the answer is longer than 40
    # lines there), and the bench would hang; what is measured is the program's own time
    base_env |= {"BACKMUSCLES_USER_DATA": "", "BACKMUSCLES_PAGER": "", "COLUMNS": "120"}
    # Installed packages run from compiled bytecode (pip writes it). Let the warm-up rounds
    # write ours too, even where PYTHONDONTWRITEBYTECODE is set (as on some dev machines),
    # or every run would recompile the source and measure the compiler, not the tool.
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in ("NO_COLOR", "FORCE_COLOR"):
        base_env.pop(name, None)
    query = ["where", "lower-back", "tailbone"]
    complete = {
        "_BACKMUSCLES_COMPLETE": "complete_bash",
        "COMP_WORDS": "backmuscles where lo",
        "COMP_CWORD": "2",
    }
    cases = [
        Case("B: python -c 'import typer'", [python, "-c", "import typer"]),
        Case("where lower-back tailbone --json", [*tool, *query, "--json"], 1.25),
        Case("where lower-back tailbone (piped, plain)", [*tool, *query], 1.4),
        Case("where lower-back tailbone (terminal, rich)", [*tool, *query], 1.8, pty=True),
        Case("TAB completion of region names", tool, 1.2, env=complete),
        Case("--version", [*tool, "--version"], 1.15),
        Case("--help", [*tool, "--help"]),
        Case(
            "2,000 muscles: where --json, warm",
            [*tool, "--data", str(big), *query, "--json"],
            1.5,
        ),
        Case(
            "2,000 muscles: where --json, first run",
            [*tool, "--data", str(big), *query, "--json"],
            4.0,
            cold=True,
        ),
    ]
    for i, case in enumerate(cases):
        cache = work / f"cache-{i}"
        cache.mkdir()
        case.env = {**base_env, "XDG_CACHE_HOME": str(cache), **case.env}

    for round_ in range(args.warmup + args.rounds):
        for i, case in enumerate(cases):
            if case.cold:
                shutil.rmtree(work / f"cache-{i}")
                (work / f"cache-{i}").mkdir()
            elapsed, code = (run_pty if case.pty else run_pipe)(case.argv, case.env)
            if code != 0:
                print(f"{case.name}: exit code {code}", file=sys.stderr)
                return 2
            if round_ >= args.warmup:
                case.times.append(elapsed)
    shutil.rmtree(work, ignore_errors=True)

    base_times = cases[0].times
    print(
        f"{platform.node()}: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}; {args.rounds} interleaved rounds after {args.warmup} "
        "warm-up. Ratio: the median over rounds of (case time / B's time in the same round),"
        " so drift that hits a whole round cancels."
    )
    print()
    print("| case | median ms | p10-p90 ms | ratio to B | target | met |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    missed = 0
    for case in cases:
        ms = sorted(t * 1000 for t in case.times)
        median = statistics.median(ms)
        p10, p90 = ms[len(ms) // 10], ms[-1 - len(ms) // 10]
        ratio = statistics.median(t / b for t, b in zip(case.times, base_times, strict=True))
        if case.target is None:
            target, met = "", ""
        else:
            target, met = f"{case.target:.2f}", "yes" if ratio <= case.target else "NO"
            missed += ratio > case.target
        print(
            f"| {case.name} | {median:.1f} | {p10:.1f}-{p90:.1f} | {ratio:.2f} | {target} | {met} |"
        )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
