"""A visitor who reads the trial page first finds the self-check and its runtime downloaded when opening it."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from playwright.sync_api import BrowserType, Page

from tests.e2e.conftest import PrefetchWatch, SiteHandler, WorkerWatch, serve

VERSIONED = ("/assets/runtime/", "/assets/start/")
"""Folders named by a hash of their content, which deploy/nginx.conf lets browsers cache for good."""


class CountingHandler(SiteHandler):
    """Serve files as deploy/nginx.conf does (versioned folders cached for good) and count GET requests per path."""

    counts: ClassVar[Counter[str]] = Counter()
    lock = threading.Lock()

    def do_GET(self) -> None:
        """Count, then serve."""
        with CountingHandler.lock:
            CountingHandler.counts[self.path.split("?")[0]] += 1
        super().do_GET()

    def end_headers(self) -> None:
        """Let the versioned folders be cached for good."""
        if self.path.startswith(VERSIONED):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        super().end_headers()


@pytest.fixture
def counting_url(built_site: Path) -> Iterator[str]:
    """Serve the built site, counting requests."""
    CountingHandler.counts.clear()
    yield from serve(built_site, CountingHandler)


@pytest.fixture
def page_with_disk_cache(
    browser_type: BrowserType, browser_type_launch_args: dict[str, Any], tmp_path: Path
) -> Iterator[Page]:
    """Return a page of a browser profile on disk, with a disk cache as a visitor's browser has."""
    context = browser_type.launch_persistent_context(tmp_path / "profile", **browser_type_launch_args)
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


def test_the_trial_page_fetches_the_runtime_at_idle_and_the_self_check_reuses_it(
    page_with_disk_cache: Page, counting_url: str
) -> None:
    page = page_with_disk_cache
    prefetch = PrefetchWatch(page)
    page.goto(counting_url + "zh/trials/msc-dlc-2/")
    prefetch.wait_for_prefetch()
    versioned = {path: count for path, count in CountingHandler.counts.items() if path.startswith(VERSIONED)}
    assert sorted(path.rsplit("/", 1)[1] for path in versioned) == [
        "engine-boot.js",
        "engine-worker.js",
        "pyodide.asm.mjs",
        "pyodide.asm.wasm",
        "pyodide.mjs",
        "python_stdlib.zip",
    ]
    assert page.evaluate("window.trialsiteEngineWorker === undefined")  # downloaded, not started
    assert any(path.endswith("/self-check/") for path in CountingHandler.counts)  # the self-check page itself
    page.locator("a.md-button--primary").first.click()
    page.locator("#ts-selfcheck[data-engine='ready']").wait_for(timeout=90_000)
    after = {path: CountingHandler.counts[path] for path in versioned}
    assert after == versioned  # nothing downloaded twice


@pytest.mark.parametrize("path", ["trials/msc-dlc-2/self-check/", "zh/match/"])
def test_a_page_that_uses_the_engine_asks_for_its_scripts_and_data_once_each(
    page: Page, counting_url: str, path: str
) -> None:
    page.goto(counting_url + path)
    page.locator("[data-engine='ready']").first.wait_for(timeout=90_000)
    head = page.locator("head")
    modules = head.locator("link[rel='modulepreload']").evaluate_all("links => links.map(link => link.href)")
    data = head.locator("link[rel='preload'][as='fetch']").evaluate_all("links => links.map(link => link.href)")
    assert len(modules) >= 5 and len(data) == 2
    page_requests = {url.removeprefix(counting_url.rstrip("/")) for url in modules + data}
    # Preloaded, then used: none of them is fetched a second time by the page's own scripts.
    counts = {
        path: CountingHandler.counts[path] for path in page_requests if not path.startswith("/assets/trialsite/trials/")
    }
    assert counts == dict.fromkeys(counts, 1)


def test_after_a_first_visit_the_next_one_reads_the_runtime_compiled(
    page_with_disk_cache: Page, counting_url: str
) -> None:
    page = page_with_disk_cache
    workers = WorkerWatch(page)
    address = counting_url + "trials/msc-dlc-2/self-check/"
    page.goto(address)
    page.locator("#ts-selfcheck[data-engine='ready']").wait_for(timeout=90_000)
    workers.wait_for_compiling_helper()
    assert CountingHandler.counts[f"/assets/{runtime_folder(page)}pyodide.asm.mjs"] == 1  # read from the cache

    compiled = compiled_modules(page, address)
    assert compiled["pyodide.asm.mjs"] > 0  # compiled code read, not the script compiled again


def runtime_folder(page: Page) -> str:
    """Return the runtime's folder (under assets/) that the page names."""
    return str(page.locator("script[data-runtime]").get_attribute("data-runtime"))


def compiled_modules(page: Page, address: str) -> dict[str, int]:
    """Open `address` until the engine is ready; return, per module script, the bytes of compiled code it read."""
    session = page.context.new_cdp_session(page)
    events: list[dict[str, Any]] = []
    complete: list[bool] = []
    session.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    session.on("Tracing.tracingComplete", lambda _: complete.append(True))
    session.send("Tracing.start", {"categories": "v8", "transferMode": "ReportEvents"})
    page.goto(address)
    page.locator("#ts-selfcheck[data-engine='ready']").wait_for(timeout=90_000)
    session.send("Tracing.end")
    while not complete:
        page.evaluate("0")  # a round trip, during which the trace's remaining messages arrive
    return {
        event["args"]["data"]["url"].rsplit("/", 1)[1]: event["args"]["data"].get("consumedCacheSize", 0)
        for event in events
        if event.get("name") == "v8.compileModule" and "url" in event.get("args", {}).get("data", {})
    }
