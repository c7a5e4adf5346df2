"""Print how long an author waits under `make serve` with N trials, from saving a trial file to both pages updated.

Generates N trials as bench/scale.py does, starts `mkdocs serve --dirty --no-strict` (the command `make serve` runs)
on a free port, waits for the first build, then edits one trial's English title (imported trials show it on both
language pages until translated) and polls both pages (every 50 ms) until both show it. Repeats the edit `--edits`
times on different trials; prints each wait and the median, with the first build's time for scale.
Run: `python bench/serve_edit.py [N] [--edits 3]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).parent))

from scale import base_trials, variant, write_project  # noqa: E402  (bench/scale.py, beside this file)

from tests.e2e.conftest import dev_server  # noqa: E402
from trialsite.ctgov.writer import trial_yaml  # noqa: E402


def page_text(address: str) -> str:
    """Return a page's HTML, or an empty string while the server cannot answer."""
    try:
        with urllib.request.urlopen(address, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000, help="number of trials")
    parser.add_argument("--edits", type=int, default=3, help="edits to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        originals = base_trials(folder)
        trials = [variant(originals[number % len(originals)], number) for number in range(args.count)]
        project = write_project(folder / "project", trials, plain=False)
        started = time.perf_counter()
        with dev_server(project, timeout=1800) as base:
            print(f"{args.count} trials: first build and serve {time.perf_counter() - started:.1f} s")
            waits = []
            for edit in range(args.edits):
                trial = trials[(edit * 397 + 11) % len(trials)]
                path = project / "trial_data" / f"{trial['id']}.yaml"
                marker = f"EDITED-{edit}"
                trial["title"]["en"] = f"{trial['title']['en']} {marker}"
                edited = trial_yaml(trial)
                saved = time.perf_counter()
                path.write_text(edited, encoding="utf-8")
                pages = [f"{base}trials/{trial['id']}/", f"{base}zh/trials/{trial['id']}/"]
                while not all(marker in page_text(page) for page in pages):
                    if time.perf_counter() - saved > 600:
                        raise SystemExit("the edit did not show within 10 minutes")
                    time.sleep(0.05)
                waits.append(time.perf_counter() - saved)
                print(f"edit {edit + 1}: {trial['id']}: both languages updated after {waits[-1]:.2f} s")
            print(f"median wait {statistics.median(waits):.2f} s over {len(waits)} edits")


if __name__ == "__main__":
    main()
