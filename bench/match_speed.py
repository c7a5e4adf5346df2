"""Print the figures of "Which trials may fit me?" with N trials (default 1,000), against a one-trial self-check.

A site is built with N trials generated from the saved ClinicalTrials.gov records (as bench/scale.py makes them,
each marked recruiting, since the page checks only trials that recruit) and MSC-DLC-2, and served from 127.0.0.1
as a host serves it (precompressed copies). Measured in one run, in headless Chromium: the bytes of all trials'
match data (raw, gzip, brotli); the time until the page's questions are visible and until the checker is ready, in
a fresh profile; then, with the checker ready, the time the worker takes to check every trial after an age change
(every trial asks age) and the time until the page shows the new groups, interleaved with per-change times of
MSC-DLC-2's own self-check (the anchor).
Run: `python bench/match_speed.py [N] [--changes 30]`.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))

from scale import base_trials, variant, write_project  # noqa: E402
from selfcheck_load import HostHandler  # noqa: E402

from tests.e2e.conftest import CHROMIUM_ARGS  # noqa: E402

CHANGE = """async ([selector, root, count, start]) => {
  const container = document.querySelector(root);
  const input = document.querySelector(selector);
  const page = [], worker = [];
  for (let i = 0; i < count; i++) {
    const before = container.dataset.evaluations;
    const shown = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (container.dataset.evaluations !== before) { observer.disconnect(); resolve(); }
      });
      observer.observe(container, { attributes: true });
    });
    const begin = performance.now();
    input.value = String(start + (i % 40));
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await shown;
    page.push(performance.now() - begin);
    worker.push(Number(container.dataset.evaluationMs || "nan"));
  }
  return [page, worker];
}"""


def build_site(folder: Path, count: int) -> Path:
    """Build a site with `count` generated trials and MSC-DLC-2; return its folder."""
    bases = base_trials(folder)
    trials = [variant(bases[number % len(bases)], number) for number in range(count)]
    for data in trials:
        data["status"]["value"] = "recruiting"
    project = write_project(folder / "project", trials, plain=False)
    shutil.copy(PROJECT / "trial_data" / "msc-dlc-2.yaml", project / "trial_data" / "msc-dlc-2.yaml")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=env, check=True)
    return project / "site"


def sizes(site: Path) -> tuple[float, float, float]:
    """Return the English match data's size in kB: raw, gzip, brotli."""
    data = site / "assets" / "trialsite" / "match" / "en.json"
    return tuple(Path(f"{data}{suffix}").stat().st_size / 1000 for suffix in ("", ".gz", ".br"))  # type: ignore[return-value]


def first_view(page: Page, address: str) -> tuple[float, float]:
    """Open the page in a fresh profile; return ms until a question is visible and until the checker is ready."""
    page.goto(address, wait_until="commit")
    page.wait_for_selector("#ts-form fieldset", state="visible")
    visible = float(page.evaluate("performance.now()"))
    page.wait_for_selector("#ts-match[data-engine='ready']", timeout=300_000)
    return visible, float(page.locator("#ts-match").get_attribute("data-first-result-ms") or "nan")


def main() -> None:
    """Build, serve, measure and print."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("count", nargs="?", type=int, default=1000)
    options.add_argument("--changes", type=int, default=30)
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        site = build_site(Path(folder), args.count)
        print(f"built {args.count} + 1 trials in {time.perf_counter() - started:.0f} s")
        raw, gz, br = sizes(site)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(HostHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
                visible, ready = first_view(browser.new_page(), base + "match/")
                match_page = browser.new_page()
                match_page.goto(base + "match/")
                match_page.wait_for_selector("#ts-match[data-engine='ready']", timeout=300_000)
                selfcheck = browser.new_page()
                selfcheck.goto(base + "trials/msc-dlc-2/self-check/")
                selfcheck.wait_for_selector("#ts-selfcheck[data-engine='ready']", timeout=300_000)
                ours: list[float] = []
                worker: list[float] = []
                anchor: list[float] = []
                for round_number in range(args.changes // 5):  # interleaved, five changes at a time
                    shown, checked = match_page.evaluate(CHANGE, ["#q-age input", "#ts-match", 5, 20 + round_number])
                    ours += shown
                    worker += checked
                    anchor += selfcheck.evaluate(CHANGE, ["#q-age input", "#ts-selfcheck", 5, 20 + round_number])[0]
                browser.close()
        finally:
            server.shutdown()
    median = statistics.median
    print(f"match data (en), all {args.count + 1} trials: {raw:.0f} kB raw, {gz:.0f} kB gzip, {br:.0f} kB brotli")
    print(f"fresh profile, loopback: questions visible after {visible:.0f} ms; first grouping after {ready:.0f} ms")
    print(
        f"after an age change ({len(ours)} changes): worker checks every trial in median {median(worker):.1f} ms "
        f"(max {max(worker):.1f}); page shows the groups after median {median(ours):.1f} ms"
    )
    print(f"anchor, MSC-DLC-2's self-check per change: median {median(anchor):.1f} ms")
    print(f"ratio page / anchor (medians): {median(ours) / median(anchor):.1f}x")
    targets = [
        ("worker, every trial after a change (ms)", median(worker), 100),
        ("match data, brotli (kB)", br, 1000),
        ("questions visible (ms)", visible, 1000),
    ]
    for label, value, limit in targets:
        print(f"{label}: {value:.0f} (target <= {limit}: {'met' if value <= limit else 'MISSED'})")


if __name__ == "__main__":
    main()
