"""Print the self-check's load figures against a bare Pyodide load, measured in one run on this machine.

(a) bare Pyodide: navigation to `loadPyodide` resolved in a module worker on an empty page served the same way;
(b) the self-check: navigation to the first result shown, cold (new profile) and warm (same profile, next visit);
the questionnaire's first contentful paint; per-change evaluation latency; bytes the server sent, cold and warm.
Run after `make build`: `python bench/selfcheck_load.py [--runs 5]`.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.e2e.conftest import CHROMIUM_ARGS, SiteHandler  # noqa: E402

SELFCHECK = "trials/msc-dlc-2/self-check/"
CHANGES = 50


class CountingHandler(SiteHandler):
    """Serve files and count the body bytes sent."""

    sent = 0
    lock = threading.Lock()

    def send_header(self, keyword: str, value: str) -> None:
        """Count Content-Length of full responses."""
        if keyword.lower() == "content-length" and self.command == "GET":
            with CountingHandler.lock:
                CountingHandler.sent += int(value)
        super().send_header(keyword, value)


def chromium_path() -> str | None:
    """Return Debian's Chromium when present."""
    return shutil.which("chromium")


def visit(page: Page, url: str, ready: str, attribute: str) -> float:
    """Open a page and return the milliseconds from navigation to the attribute being set."""
    page.goto(url)
    page.wait_for_selector(ready, timeout=120_000)
    return float(page.locator(ready).get_attribute(attribute) or "nan")


def first_paint(page: Page) -> float:
    """Return the page's first contentful paint in milliseconds."""
    return float(page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN"))


def change_latencies(page: Page) -> list[float]:
    """Change one answer many times and return the milliseconds until each new result is shown."""
    return list(
        page.evaluate(
            """async (count) => {
              const root = document.getElementById("ts-selfcheck");
              const input = document.querySelector("#q-age input[type='number']");
              const times = [];
              for (let i = 0; i < count; i++) {
                const before = root.dataset.evaluations;
                const shown = new Promise((resolve) => {
                  const observer = new MutationObserver(() => {
                    if (root.dataset.evaluations !== before) { observer.disconnect(); resolve(); }
                  });
                  observer.observe(root, { attributes: true });
                });
                const start = performance.now();
                input.value = String(20 + (i % 50));
                input.dispatchEvent(new Event("input", { bubbles: true }));
                await shown;
                times.push(performance.now() - start);
              }
              return times;
            }""",
            CHANGES,
        )
    )


def measure(
    playwright: Any, base: str, runs: int, path: str, ready: str, attribute: str, extra: Callable[[Page], Any] | None
) -> dict[str, list[Any]]:
    """Visit a page cold then warm in fresh profiles; collect times, bytes and extras."""
    figures: dict[str, list[Any]] = {"cold": [], "warm": [], "cold_bytes": [], "warm_bytes": [], "extra": [], "fcp": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as profile:
            for phase in ("cold", "warm"):
                context = playwright.chromium.launch_persistent_context(
                    profile, headless=True, executable_path=chromium_path(), args=CHROMIUM_ARGS
                )
                page = context.new_page()
                CountingHandler.sent = 0
                figures[phase].append(visit(page, base + path, ready, attribute))
                page.wait_for_load_state("networkidle")
                figures[f"{phase}_bytes"].append(CountingHandler.sent)
                if phase == "cold":
                    figures["fcp"].append(first_paint(page))
                if phase == "warm" and extra:
                    figures["extra"].append(extra(page))
                context.close()
    return figures


def p95(values: list[float]) -> float:
    """Return the 95th percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def verdict(ok: bool) -> str:
    """Say whether a target is met."""
    return "meets target" if ok else "MISSES target"


def main() -> None:
    """Serve a copy of the built site plus a bare page, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    site = PROJECT / "site"
    if not (site / SELFCHECK / "index.html").is_file():
        sys.exit("Build the site first: make build")
    with tempfile.TemporaryDirectory() as folder:
        served = Path(folder) / "site"
        shutil.copytree(site, served)
        shutil.copytree(PROJECT / "bench" / "bare", served / "bench-bare")
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(served))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as playwright:
                bare = measure(playwright, base, runs, "bench-bare/", "body[data-ready-ms]", "data-ready-ms", None)
                ours = measure(
                    playwright,
                    base,
                    runs,
                    SELFCHECK,
                    "#ts-selfcheck[data-first-result-ms]",
                    "data-first-result-ms",
                    change_latencies,
                )
        finally:
            server.shutdown()
    report(bare, ours, runs)


def report(bare: dict[str, list[Any]], ours: dict[str, list[Any]], runs: int) -> None:
    """Print the figures and the targets."""
    median = statistics.median
    latencies = [value for run in ours["extra"] for value in run]
    bare_cold, bare_warm = median(bare["cold"]), median(bare["warm"])
    cold, warm, paint = median(ours["cold"]), median(ours["warm"]), median(ours["fcp"])
    megabytes = {key: median(figures[f"{key}_bytes"]) / 1e6 for key, figures in (("cold", ours), ("warm", ours))}
    bare_megabytes = median(bare["cold_bytes"]) / 1e6
    print(f"runs: {runs} (medians); Chromium headless, served by Python's http.server on 127.0.0.1")
    print(f"bare Pyodide ready:        cold {bare_cold:7.0f} ms   warm {bare_warm:7.0f} ms")
    print(f"self-check first result:   cold {cold:7.0f} ms   warm {warm:7.0f} ms")
    print(f"questionnaire first paint: cold {paint:7.0f} ms")
    print(f"per-change evaluation: median {median(latencies):.1f} ms, p95 {p95(latencies):.1f} ms ({len(latencies)})")
    print(f"bytes sent: bare cold {bare_megabytes:.2f} MB; self-check cold {megabytes['cold']:.2f} MB, ", end="")
    print(f"warm {megabytes['warm']:.2f} MB")
    targets = [
        ("cold ready ratio (ours / bare)", cold / bare_cold, 1.1, "{:.2f}"),
        ("cold bytes ratio (ours / bare)", megabytes["cold"] / bare_megabytes, 1.3, "{:.2f}"),
        ("warm second visit (ms)", warm, 600, "{:.0f}"),
        ("p95 evaluation latency (ms)", p95(latencies), 16, "{:.1f}"),
        ("questionnaire visible (ms)", paint, 1000, "{:.0f}"),
    ]
    for label, value, limit, shape in targets:
        print(f"{label}: {shape.format(value)} (target <= {limit}: {verdict(value <= limit)})")


if __name__ == "__main__":
    main()
