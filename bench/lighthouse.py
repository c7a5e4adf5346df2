"""Print Lighthouse's four category scores per page type and language, for the static build served locally.

Lighthouse 12.2.3 (pinned in bench/lighthouse/package.json; `make bench` installs it) runs with its default mobile
emulation (a mid-range phone, slow 4G, 4x CPU slowdown) in headless Chromium. The site is built into a temporary
folder with `site_url` set to the local server's address (so canonical and hreflang addresses are what a deployed
site would have) and served from 127.0.0.1 the way a static host serves it: the right MIME types and gzip for text.
Each page is measured `--runs` times (default 3); the table shows the median of each score and of the page's
cumulative layout shift (CLS).

Run: `python bench/lighthouse.py [--runs N] [--trials FILE ...] [--pages TYPE ...]` (trials default to the
project's trial_data/; page types: home, trial, self-check, about).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = PROJECT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGE_TYPES = {
    "home": "",
    "trial": "trials/{trial}/",
    "self-check": "trials/{trial}/self-check/",
    "about": "about/",
}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run --disable-quic"
)
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".py", ".wasm", ".zip", ".txt")


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serve files as a static host does: correct types and gzip for text and WebAssembly."""

    extensions_map = {  # noqa: RUF012 (overrides the base class's table)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
    }

    def send_head(self) -> Any:
        """Send a gzip-compressed body when the client accepts it and the file is worth compressing."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
            or path.suffix not in COMPRESSIBLE
        ):
            return super().send_head()
        body = compressed(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the table readable."""


@functools.cache
def compressed(path: Path) -> bytes:
    """Return a file's bytes compressed as a host would (gzip level 6)."""
    return gzip.compress(path.read_bytes(), compresslevel=6)


def build(folder: Path, site_url: str, trials: list[Path]) -> Path:
    """Build the site into `folder` with `site_url` set and return the site folder."""
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(PROJECT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "node_modules").symlink_to(PROJECT / "node_modules")
    (folder / "trial_data").mkdir()
    for trial in trials:
        shutil.copy(trial, folder / "trial_data" / trial.name)
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(f"site_url: {site_url}\n{config}", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=folder,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        capture_output=True,
    )
    return folder / "site"


def lighthouse(address: str, output: Path) -> dict[str, float]:
    """Run Lighthouse once on a page and return its category scores (0-100) and CLS."""
    chromium = os.environ.get("TRIALSITE_CHROMIUM") or shutil.which("chromium")
    env = {**os.environ, **({"CHROME_PATH": chromium} if chromium else {})}
    subprocess.run(
        [
            str(LIGHTHOUSE),
            address,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    report = json.loads(output.read_text(encoding="utf-8"))
    scores: dict[str, float] = {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}
    scores["cls"] = report["audits"]["cumulative-layout-shift"]["numericValue"]
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median shown)")
    parser.add_argument("--trials", type=Path, nargs="*", help="trial files to build (default: trial_data/*.yaml)")
    parser.add_argument("--pages", nargs="*", choices=PAGE_TYPES, default=list(PAGE_TYPES), help="page types to run")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make bench` (or `npm ci --prefix bench/lighthouse`).")
    trials = args.trials or sorted((PROJECT / "trial_data").glob("*.yaml"))
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "project").mkdir()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StaticHost)
        address = f"http://127.0.0.1:{server.server_address[1]}/"
        site = build(folder / "project", address, trials)
        server.RequestHandlerClass = functools.partial(StaticHost, directory=str(site))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        trial = "msc-dlc-2" if any(path.stem == "msc-dlc-2" for path in trials) else trials[0].stem
        print(f"Lighthouse 12.2.3, mobile emulation, median of {args.runs} run(s); {address} serves {site}")
        print(f"{'page':<18}{'perf':>6}{'a11y':>6}{'BP':>6}{'SEO':>6}{'CLS':>8}")
        try:
            for language, prefix in (("en", ""), ("zh", "zh/")):
                for name in args.pages:
                    path = PAGE_TYPES[name]
                    page = address + prefix + path.format(trial=trial)
                    runs = [lighthouse(page, folder / f"report-{index}.json") for index in range(args.runs)]
                    median = {key: statistics.median(run[key] for run in runs) for key in (*CATEGORIES, "cls")}
                    print(
                        f"{name + ' (' + language + ')':<18}"
                        + "".join(f"{median[key]:>6.0f}" for key in CATEGORIES)
                        + f"{median['cls']:>8.3f}"
                    )
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main()
