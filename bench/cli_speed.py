"""Print how long `trialsite check` takes against the start-up of the environment's bare Python, interleaved.

A is `python -c pass` with the project's virtual environment (its start-up, site and path files included); B is
`trialsite check <trial> --answers <file>` with a YAML answers file written from the trial's first example, run after
one unmeasured call so the trial's bundle is cached as a second call finds it. Runs alternate A B A B ...; the ratio
is taken per pair and its median printed with both medians.
Run: `python bench/cli_speed.py [--runs 30] [--trial msc-dlc-2]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(command: list[str]) -> float:
    """Run a command to its end; return its wall time in ms (its exit status is the verdict, not checked)."""
    begin = time.perf_counter()
    subprocess.run(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - begin) * 1000


def main() -> None:
    """Measure and print the figures."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=30)
    options.add_argument("--trial", default="msc-dlc-2")
    args = options.parse_args()
    trial = yaml.safe_load((PROJECT / "trial_data" / f"{args.trial}.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.yaml"
        answers.write_text(yaml.safe_dump(trial["examples"][0]["answers"], allow_unicode=True), encoding="utf-8")
        bare = [str(BIN / "python"), "-c", "pass"]
        check = [str(BIN / "trialsite"), "check", args.trial, "--answers", str(answers)]
        timed(check)
        pairs = [(timed(bare), timed(check)) for _ in range(args.runs)]
    bare_ms = statistics.median(pair[0] for pair in pairs)
    check_ms = statistics.median(pair[1] for pair in pairs)
    ratio = statistics.median(pair[1] / pair[0] for pair in pairs)
    print(f"{args.runs} pairs, interleaved; Python {sys.version.split()[0]}")
    print(f"bare Python start-up: median {bare_ms:.1f} ms")
    print(f"trialsite check:      median {check_ms:.1f} ms")
    print(f"ratio check / bare (median of pairs): {ratio:.2f}x")


if __name__ == "__main__":
    main()
