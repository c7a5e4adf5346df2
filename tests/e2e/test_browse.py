"""Browsing many trials on a phone-sized screen: filters with counts and URL state, and sites nearest a city."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.conftest import build_project_site
from tests.e2e.conftest import CTGOV_FIXTURES, HostHandler, PrefetchWatch, serve
from trialsite.ctgov.importer import import_paths
from trialsite.site.render import LIST_PAGE_SIZE

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """Return a page with a phone-sized viewport and touch."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def visible_titles(page: Page) -> list[str]:
    """Return the titles of the trials the list shows."""
    return page.locator("#ts-trial-list > li:not([hidden]) h3 a").all_inner_texts()


@pytest.mark.parametrize(
    ("language", "recruiting", "china"), [("en", "Recruiting", "China"), ("zh", "正在招募", "中国")]
)
def test_filters_narrow_the_list_count_and_live_in_the_url(
    phone: Page, many_url: str, language: str, recruiting: str, china: str
) -> None:
    prefix = "zh/" if language == "zh" else ""
    phone.goto(many_url + prefix)
    expect(phone.locator("#ts-filters")).to_be_hidden()  # folded: on a phone the trials come first
    phone.locator("#ts-filters-box > summary").click()
    expect(phone.locator("#ts-filters")).to_be_visible()
    assert len(visible_titles(phone)) == 3
    phone.locator("select[name='country']").select_option(china)
    assert len(visible_titles(phone)) == 1
    assert "country=" in phone.url
    expect(phone.locator(".ts-filter-count")).to_contain_text("1")
    phone.locator("input[name='age']").fill("80")
    assert visible_titles(phone) == []
    phone.reload()
    expect(phone.locator("#ts-filters")).to_be_visible()  # a filtered address opens the filters
    assert phone.locator("select[name='country']").input_value() == china
    assert "age" not in phone.url
    assert phone.locator("input[name='age']").input_value() == ""
    phone.locator("#ts-filters button[type='reset']").click()
    expect(phone.locator("#ts-trial-list > li:not([hidden])")).to_have_count(3)
    status_option = phone.locator("select[name='status'] option", has_text=recruiting).first
    expect(status_option).to_have_text(re.compile(r"[（(]\d+[)）]"))  # the count, in the language's parentheses


def test_without_javascript_the_full_list_shows(browser: Browser, many_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(many_url)
    assert len(page.locator("#ts-trial-list > li").all()) == 3
    assert page.locator("#ts-filters-box").is_hidden()
    context.close()


def test_sites_sort_by_distance_from_a_chosen_city(phone: Page, many_url: str) -> None:
    requests: list[str] = []
    phone.on("request", lambda request: requests.append(request.url))
    prefetch = PrefetchWatch(phone)
    phone.goto(many_url + "trials/nct02552212/")
    expect(phone.locator(".ts-count")).to_contain_text("105 sites")
    chooser = phone.locator("#ts-nearest-city")
    expect(chooser).to_be_visible()
    prefetch.wait_for_prefetch()  # the page fetches the self-check and its runtime at idle, after load
    loaded = len(requests)
    option = chooser.locator("option").nth(1)
    chooser.select_option(option.get_attribute("value"))
    nearest = phone.locator(".ts-nearest-list li")
    expect(nearest).to_have_count(10)
    expect(nearest.first).to_contain_text("(0 km)")
    assert requests[loaded:] == []
    assert all(url.startswith(many_url) for url in requests)


def test_large_location_lists_are_grouped_and_collapsed(phone: Page, many_url: str) -> None:
    phone.goto(many_url + "zh/trials/nct02552212/")
    groups = phone.locator(".ts-locations details")
    assert groups.count() > 5
    assert phone.locator(".ts-locations details[open]").count() == 0
    groups.first.locator("summary").click()
    expect(groups.first.locator(".ts-sites li").first).to_be_visible()


PAGED_TRIALS = LIST_PAGE_SIZE + 6


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a site with more trials than the home page holds: variants of an imported record, the last in Kashi."""
    folder = tmp_path_factory.mktemp("paged")
    import_paths([CTGOV_FIXTURES / "NCT06388018.json"], folder / "imported", datetime.date(2026, 11, 25))
    base = yaml.safe_load(next((folder / "imported").glob("*.yaml")).read_text(encoding="utf-8"))
    trials = {}
    for number in range(PAGED_TRIALS):
        data = yaml.safe_load(yaml.safe_dump(base, allow_unicode=True))
        data["id"] = f"{base['id']}-{number}"
        data["title"]["en"] = f"{base['title']['en']} (network {number})"
        if number == PAGED_TRIALS - 1:
            data["locations"][0]["city"] = {"en": "Kashi", "zh": "喀什"}
        if number == 1:
            data["status"]["value"] = "completed"
        trials[data["id"]] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return build_project_site(folder, trials)


@pytest.fixture(scope="module")
def paged_url(paged_site: Path) -> Iterator[str]:
    """Serve the paged site."""
    yield from serve(paged_site, HostHandler)


def test_a_long_list_holds_one_page_and_the_rest_in_the_card_data(paged_site: Path) -> None:
    home = (paged_site / "index.html").read_text(encoding="utf-8")
    assert home.count('<li class="ts-trial-card"') == LIST_PAGE_SIZE
    assert "Show more trials (6 not shown)" in home
    cards = json.loads((paged_site / "assets/trialsite/cards/zh.json").read_text(encoding="utf-8"))
    assert cards["page_size"] == LIST_PAGE_SIZE and len(cards["cards"]) == PAGED_TRIALS


CARD_READING = """cards => cards.map(card => [
  card.innerText,
  [...card.querySelectorAll("a")].map(link => link.href),
  [...card.querySelectorAll("[lang]")].map(part => `${part.lang}:${part.textContent}`),
])"""


@pytest.mark.parametrize(("language", "kashi"), [("en", "Kashi"), ("zh", "喀什")])
def test_more_trials_load_on_demand_and_filters_cover_every_trial(
    phone: Page, paged_url: str, language: str, kashi: str
) -> None:
    prefix = "zh/" if language == "zh" else ""
    phone.goto(paged_url + prefix)
    cards = phone.locator("#ts-trial-list > li")
    static = cards.evaluate_all(CARD_READING)
    expect(cards).to_have_count(LIST_PAGE_SIZE)
    phone.locator("#ts-more-trials").click()
    expect(cards).to_have_count(PAGED_TRIALS)
    expect(phone.locator("#ts-more-trials")).to_be_hidden()
    assert cards.evaluate_all(CARD_READING)[:LIST_PAGE_SIZE] == static  # cards from the data read like the page's own
    closed = cards.filter(has_text="(network 1)")
    expect(closed.locator(".ts-status--completed")).to_have_count(1)
    expect(closed.locator("a[href$='self-check/']")).to_have_count(0)  # nobody can join a completed trial
    expect(cards.filter(has_text="(network 2)").locator("a[href$='self-check/']")).to_have_count(1)
    if language == "zh":  # conditions not yet translated are marked as English, for screen readers
        expect(cards.first.locator(".ts-trial-facts dd [lang='en']").first).to_be_attached()
    phone.locator("#ts-filters-box > summary").click()
    phone.locator("select[name='city']").select_option(kashi)  # a city only the last trial has: not in the first page
    expect(phone.locator("#ts-trial-list > li")).to_have_count(1)
    expect(phone.locator("#ts-trial-list h3")).to_contain_text(f"network {PAGED_TRIALS - 1}")
    phone.reload()
    expect(phone.locator("#ts-trial-list > li")).to_have_count(1)


@pytest.mark.parametrize("site", ["many_url", "paged_url"])
def test_a_trial_clicked_right_after_typing_an_age_opens(page: Page, site: str, request: pytest.FixtureRequest) -> None:
    page.goto(request.getfixturevalue(site))
    if page.locator("#ts-filters").is_hidden():
        page.locator("#ts-filters-box > summary").click()
    page.locator("input[name='age']").fill("40")
    link = page.locator("#ts-trial-list > li:not([hidden]) h3 a").first
    href = str(link.get_attribute("href"))
    link.click()  # pressing it takes the focus from the age field, whose "change" filters the list again
    page.wait_for_url(lambda url: url.rstrip("/").endswith(href.strip("./")))
