"""Browser fixtures: the built site served on 127.0.0.1 (port 0, a thread), and Chromium launched headless."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


class WrongWasmTypeHandler(SiteHandler):
    """A misconfigured host: WebAssembly served as a generic binary."""

    extensions_map = {**SiteHandler.extensions_map, ".wasm": "application/octet-stream"}  # noqa: RUF012


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
