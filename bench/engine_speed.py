"""Print how long one eligibility evaluation takes in CPython and in the pinned Pyodide under Node.

Both run every example of every trial in one process each; figures are medians per evaluation.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from trialsite.engine.checker import Checker  # noqa: E402
from trialsite.selfcheck.bundle import build_bundle  # noqa: E402
from trialsite.trials import load_trials  # noqa: E402

ROUNDS = 20


def main() -> None:
    """Measure and print the figures."""
    trials = load_trials(PROJECT / "trial_data")
    cases = [{"trial": trial.id, "answers": example.answers} for trial in trials for example in trial.examples] or [
        {"trial": trial.id, "answers": {}} for trial in trials
    ]
    checkers = {trial.id: Checker(build_bundle(trial)) for trial in trials}
    timings = []
    for _ in range(ROUNDS):
        for case in cases:
            begin = time.perf_counter()
            checkers[str(case["trial"])].check(case["answers"])
            timings.append((time.perf_counter() - begin) * 1000)
    print(f"answer sets: {len(cases)}; CPython {sys.version.split()[0]}")
    print(f"CPython evaluation: median {statistics.median(timings):.3f} ms, max {max(timings):.3f} ms")
    site = PROJECT / "site"
    if not (site / "assets" / "trialsite" / "engine").is_dir():
        print("Pyodide: build the site first (make build)")
        return
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(cases * ROUNDS, handle, default=str)
    completed = subprocess.run(
        ["node", str(PROJECT / "tests" / "pyodide" / "run_examples.mjs"), str(site), handle.name],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    output = json.loads(completed.stdout.strip().splitlines()[-1])
    pyodide_timings = output["timings_ms"]
    print(f"Pyodide (Python {output['python']}) load under Node: {output['load_ms']:.0f} ms")
    print(
        f"Pyodide evaluation (JSON in, JSON out): median {statistics.median(pyodide_timings):.3f} ms, "
        f"max {max(pyodide_timings):.3f} ms"
    )
    print(f"ratio Pyodide / CPython (medians): {statistics.median(pyodide_timings) / statistics.median(timings):.1f}x")


if __name__ == "__main__":
    main()
