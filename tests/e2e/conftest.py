"""Browser fixtures: the built site served on 127.0.0.1 (port 0, a thread), and Chromium launched headless."""

from __future__ import annotations

import contextlib
import datetime
import functools
import http.server
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Worker, expect

from tests.conftest import PROJECT, SITE_TRIAL, build_project_site
from trialsite.ctgov.importer import import_paths

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files quietly with the MIME types a static host should use."""

    extensions_map = {  # noqa: RUF012 (overrides the base class's table)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
    }

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""


class HostHandler(SiteHandler):
    """A static host as deployed: a missing page gets the site's own 404 page for its language."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer 404 with the language's 404.html, as hosts configured for MkDocs sites do."""
        language_root = "zh/" if self.path.startswith("/zh/") else ""
        page = Path(self.directory) / language_root / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class WrongWasmTypeHandler(SiteHandler):
    """A misconfigured host: WebAssembly served as a generic binary."""

    extensions_map = {**SiteHandler.extensions_map, ".wasm": "application/octet-stream"}  # noqa: RUF012


def free_port() -> int:
    """Return a port of 127.0.0.1 that is free now (for servers that take a port number, not port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def forward_lines(stream: Iterable[str], lines: queue.Queue[str | None]) -> None:
    """Put each line of a stream into a queue, then None once the stream ends."""
    for line in stream:
        lines.put(line)
    lines.put(None)


@contextlib.contextmanager
def dev_server(project: Path, timeout: float = 120) -> Iterator[str]:
    """Run `mkdocs serve` on a project as `make serve` does; yield its address once it serves, stop it after."""
    log: list[str] = []
    for _ in range(3):  # the free port may be taken by another test process before mkdocs binds it: try another
        address = f"127.0.0.1:{free_port()}"
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "--dev-addr", address],
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=forward_lines, args=(process.stderr, lines), daemon=True).start()
        log.clear()
        while (line := lines.get(timeout=timeout)) is not None and "Serving on" not in line:
            log.append(line)
        if line is None:  # stopped before serving
            process.wait(timeout=60)
            continue
        try:
            yield f"http://{address}/"
        finally:
            process.terminate()
            process.wait(timeout=60)
        return
    raise AssertionError("mkdocs serve stopped before serving:\n" + "".join(log))


def serve(directory: Path, handler: type[SiteHandler]) -> Iterator[str]:
    """Serve a folder on a free port of 127.0.0.1 until the test ends."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Return the base URL of the built site, served correctly."""
    yield from serve(built_site, SiteHandler)


CTGOV_FIXTURES = PROJECT / "tests" / "ctgov" / "fixtures"


@pytest.fixture(scope="session")
def many_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a site with MSC-DLC-2 and two imported records (one of them with 105 located sites)."""
    folder = tmp_path_factory.mktemp("many")
    imported = folder / "imported"
    records = [CTGOV_FIXTURES / "NCT02552212.json", CTGOV_FIXTURES / "NCT06388018.json"]
    import_paths(records, imported, datetime.date(2026, 11, 25))
    trials = {path.stem: path.read_text(encoding="utf-8") for path in imported.glob("*.yaml")}
    trials["msc-dlc-2"] = SITE_TRIAL.read_text(encoding="utf-8")
    return build_project_site(folder, trials)


@pytest.fixture(scope="session")
def many_url(many_site: Path) -> Iterator[str]:
    """Serve the three-trial site as a static host would, with its own 404 pages."""
    yield from serve(many_site, HostHandler)


@pytest.fixture
def wrong_wasm_site_url(built_site: Path) -> Iterator[str]:
    """Return the base URL of the built site served with the wrong .wasm type."""
    yield from serve(built_site, WrongWasmTypeHandler)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Use Debian's Chromium when present (or $TRIALSITE_CHROMIUM), else Playwright's own browser."""
    executable = os.environ.get("TRIALSITE_CHROMIUM") or shutil.which("chromium")
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if executable:
        args["executable_path"] = executable
    return args


PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'"
)
WORKER_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"


class HeaderPolicyHandler(SiteHandler):
    """A host that sends the response headers the README recommends: strict pages, WebAssembly for the worker."""

    worker_policy = WORKER_POLICY

    def end_headers(self) -> None:
        """Add the Content-Security-Policy header for the requested file."""
        worker = self.path.split("?")[0].endswith("/engine-worker.js")
        self.send_header("Content-Security-Policy", self.worker_policy if worker else PAGE_POLICY)
        super().end_headers()


class StrictWorkerHandler(HeaderPolicyHandler):
    """A misconfigured host: the page policy applied to the engine worker too."""

    worker_policy = PAGE_POLICY


@pytest.fixture
def header_policy_site_url(built_site: Path) -> Iterator[str]:
    """Return the base URL of the built site served with the recommended CSP headers."""
    yield from serve(built_site, HeaderPolicyHandler)


@pytest.fixture
def strict_worker_site_url(built_site: Path) -> Iterator[str]:
    """Return the base URL of the built site whose worker gets the strict page policy."""
    yield from serve(built_site, StrictWorkerHandler)


class WorkerWatch:
    """Record the workers a page starts, to wait for the short-lived one that ends a first visit's loading."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.started: list[Worker] = []
        page.on("worker", lambda worker: self.started.append(worker))  # noqa: PLW0108 (Playwright tags handlers)

    def wait_for_compiling_helper(self) -> None:
        """Wait until the second worker, which compiles the runtime's JavaScript once more for the next visit, ends."""
        if len(self.started) < 2:
            self.page.wait_for_event("worker", timeout=60_000)
        helper = self.started[1]
        if helper in self.page.workers:
            with helper.expect_event("close", timeout=60_000):
                pass


class PrefetchWatch:
    """Record the requests a page finishes, to wait for what a trial page prefetches once the browser is idle."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.finished: set[str] = set()
        page.on("requestfinished", lambda request: self.finished.add(request.url))

    def wait_for_prefetch(self) -> None:
        """Wait until every address the page prefetches has been downloaded.

        The prefetch starts when the browser is idle, which on a busy machine comes after the network went quiet:
        "networkidle" proves nothing about it.
        """
        links = self.page.locator("link[rel='prefetch']")
        expect(links.first).to_be_attached(timeout=60_000)
        prefetched: list[str] = links.evaluate_all("links => links.map(link => link.href)")
        while not set(prefetched) <= self.finished:
            self.page.wait_for_event("requestfinished", timeout=60_000)
