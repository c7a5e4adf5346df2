"""Every page of a built site, in both languages, on a phone: no console error, failed request, shift or axe finding.

The pages come from the site's own sitemap (home, trial, self-check and hand-written pages of each language), plus a
missing address in each language, which a host answers with the site's 404 page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response

from tests.e2e.conftest import PrefetchWatch
from tests.e2e.test_browse import PHONE

READY = "#ts-selfcheck[data-engine='ready']"
LAYOUT_SHIFT_LIMIT = 0.1

# Sum the page's layout shifts not caused by input, as Lighthouse's cumulative layout shift counts them.
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  const add = (entries) => { for (const entry of entries) if (!entry.hadRecentInput) total += entry.value; };
  const observer = new PerformanceObserver((list) => add(list.getEntries()));
  observer.observe({ type: "layout-shift", buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => {
    add(observer.takeRecords());
    observer.disconnect();
    resolve(total);
  }));
})"""


def sitemap_paths(site: Path) -> list[str]:
    """Return the site-relative address of every page the sitemap lists."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    return sorted({loc.lstrip("/") for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap)})


@dataclass
class Trouble:
    """What went wrong while a page loaded."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def watch(self, page: Page, address: str, expected_status: int) -> None:
        """Record console errors, uncaught exceptions and failed or erroring requests of a page."""

        def on_console(message: ConsoleMessage) -> None:
            # The browser reports the page's own expected 404 as a failed load; nothing else may show.
            expected = expected_status != 200 and message.location.get("url") == address
            if message.type == "error" and not expected:
                self.console_errors.append(message.text)

        def on_response(response: Response) -> None:
            ok = response.status == expected_status if response.url == address else response.status < 400
            if not ok:
                self.failed_requests.append(f"{response.status} {response.url}")

        def on_failed(request: Request) -> None:
            self.failed_requests.append(f"{request.failure} {request.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("response", on_response)
        page.on("requestfailed", on_failed)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """Return a fresh phone-sized page (no cache shared between page visits)."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def visit(phone: Page, address: str, expected_status: int = 200) -> tuple[Trouble, float]:
    """Open a page, let it settle (the self-check until its engine is ready) and return its trouble and shift."""
    trouble = Trouble()
    trouble.watch(phone, address, expected_status)
    prefetch = PrefetchWatch(phone)
    response = phone.goto(address, wait_until="load")
    assert response is not None and response.status == expected_status, address
    if phone.locator("#ts-selfcheck").count():
        phone.locator(READY).wait_for(timeout=90_000)
    if phone.locator("#ts-match").count():
        phone.locator("#ts-match[data-engine='ready']").wait_for(timeout=90_000)
    if phone.locator("script[src$='/prefetch.js']").count():  # a trial page: its idle-time downloads are checked too
        prefetch.wait_for_prefetch()
    phone.wait_for_load_state("networkidle")
    return trouble, phone.evaluate(LAYOUT_SHIFT)


def test_the_sitemap_lists_every_page_type_in_both_languages(many_site: Path) -> None:
    paths = sitemap_paths(many_site)
    for prefix in ("", "zh/"):
        assert prefix in paths or prefix == ""
        assert f"{prefix}about/" in paths and f"{prefix}privacy/" in paths
        assert f"{prefix}trials/msc-dlc-2/" in paths and f"{prefix}trials/msc-dlc-2/self-check/" in paths
        assert f"{prefix}match/" in paths
    assert len(paths) == 22


@pytest.mark.parametrize("index", range(22))
def test_a_page_loads_cleanly(phone: Page, many_site: Path, many_url: str, index: int) -> None:
    path = sitemap_paths(many_site)[index]
    trouble, shift = visit(phone, many_url + path)
    assert trouble.console_errors == [], path
    assert trouble.failed_requests == [], path
    assert shift < LAYOUT_SHIFT_LIMIT, f"{path}: layout shift {shift:.3f}"
    results = Axe().run(phone)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_a_missing_page_gets_the_sites_404_page_cleanly(phone: Page, many_url: str, prefix: str) -> None:
    trouble, shift = visit(phone, f"{many_url}{prefix}no-such-page/", expected_status=404)
    assert phone.locator("html").get_attribute("lang") == ("zh" if prefix else "en")
    assert trouble.console_errors == [] and trouble.failed_requests == []
    assert shift < LAYOUT_SHIFT_LIMIT
