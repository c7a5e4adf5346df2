"""Print the self-check's load figures against bare Pyodide, measured interleaved in one run on this machine.

The anchor (A) is bare Pyodide as its npm package ships it (full standard library and lock file), started in a
module worker on an empty page: navigation to `loadPyodide` resolved. The self-check (B) is the built site's
self-check page: navigation to the first result shown. Visits alternate A B A B ..., each pair in fresh browser
profiles (cold), then again in the same profiles (warm), so a change of load on the machine hits both alike; ratios
are taken per pair and their median is printed. On loopback a third page (C) joins each round: the self-check's own
boot script, worker and engine on an otherwise empty page, asked for the same first result; it shows how much of the
self-check's time is the runtime's own start and how much the page's.

Both are served as a real host serves them (bench/../deploy/nginx.conf's rules, in Python): the precompressed `.br`
copy when the browser accepts brotli (the bare files get theirs at the same settings), the runtime folders cached for
good, everything else revalidated (304 when unchanged), over connections kept open. Networks are emulated by
Chromium: none (loopback), 10 Mbit/s (20 ms RTT) and slow 4G (1.6 Mbit/s down, 0.75 up, 150 ms RTT). Also measured
on slow 4G, `--runs` times: the self-check opened from its trial page after reading it for `--read` seconds (the
trial page prefetches the runtime at idle); and per-change evaluation latency on a warm visit.
Run after `make build`: `python bench/selfcheck_load.py [--runs 3] [--read 30]`.
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import http.server
import re
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.e2e.conftest import CHROMIUM_ARGS, SiteHandler  # noqa: E402
from trialsite.site.precompress import compress_file  # noqa: E402

TRIAL = "trials/msc-dlc-2/"
SELFCHECK = TRIAL + "self-check/"
CHANGES = 50
NETWORKS: dict[str, dict[str, float] | None] = {
    "loopback": None,
    "10 Mbit/s": {"latency": 20, "downloadThroughput": 10e6 / 8, "uploadThroughput": 5e6 / 8},
    "slow 4G": {"latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8},
}
BARE = "bench-bare/"
ENGINE_ONLY = "bench-engine/msc-dlc-2/self-check/"  # as deep as the self-check, so its relative asset paths hold
BOOT_TAG = re.compile(r"<script [^>]*engine-boot\.js[^>]*></script>")
BARE_READY = ("body[data-ready-ms]", "data-ready-ms")
OURS_READY = ("#ts-selfcheck[data-first-result-ms]", "data-first-result-ms")
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


class HostHandler(SiteHandler):
    """Serve a built site as deploy/nginx.conf does, and count the bytes of every response body."""

    protocol_version = "HTTP/1.1"  # connections kept open, as nginx keeps them
    sent = 0
    lock = threading.Lock()

    def send_head(self) -> Any:
        """Send the .br or .gz copy when accepted, with the cache lifetime nginx would give."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepted = self.headers.get("Accept-Encoding", "")
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            copy = path.with_name(path.name + suffix)
            if encoding in accepted and path.is_file() and copy.is_file():
                modified = int(copy.stat().st_mtime)
                if self.unchanged_since_asked(modified):  # a revalidation, answered as nginx does
                    self.send_response(304)
                    self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return None
                body = copy.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Last-Modified", email.utils.formatdate(modified, usegmt=True))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                self.count(len(body))
                return _Body(body)
        response = super().send_head()
        if response is not None and hasattr(response, "fileno"):
            self.count(Path(self.translate_path(self.path)).stat().st_size if path.is_file() else 0)
        return response

    def unchanged_since_asked(self, modified: int) -> bool:
        """Tell whether the request's If-Modified-Since covers a file modified at `modified` (seconds)."""
        asked = self.headers.get("If-Modified-Since")
        try:
            return asked is not None and modified <= email.utils.parsedate_to_datetime(asked).timestamp()
        except (TypeError, ValueError):
            return False

    def end_headers(self) -> None:
        """Cache the versioned runtime folders for good; revalidate everything else."""
        forever = self.path.startswith(("/assets/runtime/", "/assets/start/", f"/{BARE}pyodide/")) or bool(
            re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", self.path)
        )
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if forever else "no-cache")
        super().end_headers()

    @classmethod
    def count(cls, size: int) -> None:
        """Add to the bytes sent."""
        with cls.lock:
            cls.sent += size


class _Body:
    """A response body held in memory, read like a file by the base class."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: Any) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        """Nothing to release."""


def serve_copy(site: Path, folder: Path) -> Path:
    """Copy the built site, a bare Pyodide page (with the npm package, precompressed) and the engine-only page."""
    served = folder / "site"
    shutil.copytree(site, served)
    engine_only = served / ENGINE_ONLY
    shutil.copytree(PROJECT / "bench" / "engine-only", engine_only)
    boot = BOOT_TAG.search((site / SELFCHECK / "index.html").read_text(encoding="utf-8"))
    if boot is None:
        sys.exit("The built self-check page has no engine-boot.js tag")
    page = engine_only / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<!-- ENGINE BOOT", boot.group(0) + "\n<!--"))
    bare = served / BARE
    shutil.copytree(PROJECT / "bench" / "bare", bare)
    (bare / "pyodide").mkdir()
    for name in PYODIDE_FILES:
        shutil.copy(PROJECT / "node_modules" / "pyodide" / name, bare / "pyodide" / name)
        compress_file(bare / "pyodide" / name, runtime=True)
    return served


def open_context(
    playwright: Playwright, profile: Path, network: dict[str, float] | None
) -> tuple[BrowserContext, Page]:
    """Open a browser profile (a disk cache, as a visitor has) with a page on an emulated network."""
    chromium = shutil.which("chromium")
    context = playwright.chromium.launch_persistent_context(
        profile, headless=True, executable_path=chromium, args=CHROMIUM_ARGS
    )
    page = context.pages[0] if context.pages else context.new_page()
    if network:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", {"offline": False, **network})
    return context, page


def visit(page: Page, address: str, ready: tuple[str, str]) -> float:
    """Open a page and return the milliseconds from navigation to its ready mark."""
    HostHandler.sent = 0
    page.goto(address, timeout=300_000)
    page.wait_for_selector(ready[0], timeout=300_000, state="attached")
    return float(page.locator(ready[0]).get_attribute(ready[1]) or "nan")


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


def pair(
    playwright: Playwright, base: str, network: dict[str, float] | None, latencies: list[float]
) -> dict[str, float]:
    """Measure one interleaved round, A then B (then C on loopback): cold then warm each, in fresh profiles."""
    figures: dict[str, float] = {}
    sides = [("bare", BARE, BARE_READY), ("ours", SELFCHECK, OURS_READY)]
    if network is None:
        sides.append(("engine", ENGINE_ONLY, BARE_READY))
    for name, path, ready in sides:
        with tempfile.TemporaryDirectory() as profile:
            for phase in ("cold", "warm"):
                context, page = open_context(playwright, Path(profile), network)
                figures[f"{name}_{phase}"] = visit(page, base + path, ready)
                page.wait_for_load_state("networkidle", timeout=300_000)
                figures[f"{name}_{phase}_bytes"] = HostHandler.sent
                if name == "ours" and phase == "warm" and network is None:
                    latencies += change_latencies(page)
                context.close()
    return figures


def after_reading(playwright: Playwright, base: str, network: dict[str, float] | None, seconds: float) -> float:
    """Open the trial page, read it for `seconds`, open its self-check; return ms from that click to the result."""
    with tempfile.TemporaryDirectory() as profile:
        context, page = open_context(playwright, Path(profile), network)
        page.goto(base + TRIAL, timeout=300_000)
        page.wait_for_timeout(seconds * 1000)
        page.locator("a.md-button--primary").first.click()
        page.wait_for_selector(OURS_READY[0], timeout=300_000, state="attached")
        result = float(page.locator(OURS_READY[0]).get_attribute(OURS_READY[1]) or "nan")
        context.close()
    return result


def p95(values: list[float]) -> float:
    """Return the 95th percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    """Serve a copy of the built site and the bare page, measure interleaved on each network, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="interleaved pairs per network")
    parser.add_argument("--read", type=float, default=30, help="seconds spent on the trial page before the check")
    parser.add_argument(
        "--loopback-only", action="store_true", help="measure on loopback only (no emulated networks, no targets)"
    )
    args = parser.parse_args()
    networks = {"loopback": None} if args.loopback_only else NETWORKS
    site = PROJECT / "site"
    if not (site / SELFCHECK / "index.html").is_file():
        sys.exit("Build the site first: make build")
    median = statistics.median
    with tempfile.TemporaryDirectory() as folder:
        served = serve_copy(site, Path(folder))
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(HostHandler, directory=str(served))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        results: dict[str, list[dict[str, float]]] = {}
        latencies: list[float] = []
        try:
            with sync_playwright() as playwright:
                for label, network in networks.items():
                    results[label] = [pair(playwright, base, network, latencies) for _ in range(args.runs)]
                if not args.loopback_only:
                    reads = [after_reading(playwright, base, NETWORKS["slow 4G"], args.read) for _ in range(args.runs)]
        finally:
            server.shutdown()
    print(f"{args.runs} interleaved pairs per network (medians; ratios are medians of per-pair ratios)")
    print(
        f"{'network':<11}{'bare cold':>11}{'ours cold':>11}{'ratio':>7}{'bare warm':>11}{'ours warm':>11}{'ratio':>7}"
        f"{'bare MB':>9}{'ours MB':>9}{'ratio':>7}"
    )
    for label, pairs in results.items():

        def m(key: str, pairs: list[dict[str, float]] = pairs) -> float:
            return median(item[key] for item in pairs)

        def r(top: str, bottom: str, pairs: list[dict[str, float]] = pairs) -> float:
            return median(item[top] / item[bottom] for item in pairs)

        print(
            f"{label:<11}{m('bare_cold'):>9.0f}ms{m('ours_cold'):>9.0f}ms{r('ours_cold', 'bare_cold'):>7.2f}"
            f"{m('bare_warm'):>9.0f}ms{m('ours_warm'):>9.0f}ms{r('ours_warm', 'bare_warm'):>7.2f}"
            f"{m('bare_cold_bytes') / 1e6:>9.2f}{m('ours_cold_bytes') / 1e6:>9.2f}"
            f"{r('ours_cold_bytes', 'bare_cold_bytes'):>7.2f}"
        )
    loop = results["loopback"]
    print(
        f"engine alone on an empty page (loopback): cold {median(p['engine_cold'] for p in loop):.0f} ms, "
        f"warm {median(p['engine_warm'] for p in loop):.0f} ms "
        f"({median(p['engine_warm'] / p['bare_warm'] for p in loop):.2f} of bare warm; the self-check's warm first "
        f"result is {median(p['ours_warm'] / p['engine_warm'] for p in loop):.2f} times it)"
    )
    print(f"per-change evaluation (loopback, warm): median {median(latencies):.1f} ms over {len(latencies)}")
    if args.loopback_only:
        return
    slow = results["slow 4G"]
    targets = [
        ("cold bytes, ours / bare", median(p["ours_cold_bytes"] / p["bare_cold_bytes"] for p in slow), 0.7, "{:.2f}"),
        ("slow 4G cold, ours / bare", median(p["ours_cold"] / p["bare_cold"] for p in slow), 0.75, "{:.2f}"),
        (f"slow 4G after reading the trial page {args.read:.0f} s (ms)", median(reads), 3000, "{:.0f}"),
        ("warm, ours / bare (loopback)", median(p["ours_warm"] / p["bare_warm"] for p in loop), 0.3, "{:.2f}"),
        ("warm first result, loopback (ms)", median(p["ours_warm"] for p in loop), 600, "{:.0f}"),
        ("per-change p95 (ms)", p95(latencies), 16, "{:.1f}"),
    ]
    print(f"slow 4G after reading the trial page, each run (ms): {', '.join(f'{value:.0f}' for value in reads)}")
    for label, value, limit, shape in targets:
        print(f"{label}: {shape.format(value)} (target <= {limit}: {'met' if value <= limit else 'MISSED'})")


if __name__ == "__main__":
    main()
