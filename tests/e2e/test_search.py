"""Search per language: each language has its own index, and any Chinese run of two or more characters is found."""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import SITE_TRIAL
from trialsite.trials import load_trial

TRIAL = load_trial(SITE_TRIAL)
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def chinese_runs(seed: int = 7, per_text: int = 2) -> list[str]:
    """Pick runs of 2 to 5 Chinese characters from the title, conditions and criteria."""
    texts = [TRIAL.title.zh, *(condition.zh for condition in TRIAL.conditions)]
    texts += [item.text.zh for _, _, item in TRIAL.eligibility.criteria()]
    chooser = random.Random(seed)
    runs: list[str] = []
    for text in texts:
        for run in HAN_RUN.findall(text)[:per_text]:
            length = chooser.randint(2, min(5, len(run)))
            start = chooser.randint(0, len(run) - length)
            runs.append(run[start : start + length])
    return list(dict.fromkeys(runs))


def search(page: Page, query: str) -> list[str]:
    """Type a query into the theme's search box and return the result links."""
    field = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item a")
    field.click()
    field.fill("")
    page.keyboard.press("End")  # the theme searches on key-up, which filling and typing Chinese text do not send here
    expect(results).to_have_count(0)  # the last query's results are gone: those that show next are this query's
    page.keyboard.type(query, delay=20)
    page.keyboard.press("End")
    expect(results.first).to_be_visible(timeout=15_000)
    return [href for href in results.evaluate_all("links => links.map(link => link.getAttribute('href'))")]


def test_chinese_runs_of_titles_conditions_and_criteria_find_the_trial(page: Page, site_url: str) -> None:
    page.goto(site_url + "zh/")
    runs = [*chinese_runs(), "失代偿", "肝炎", "海绵样变", "脐带", "武汉", "NCT05224960"]
    missing = []
    for query in runs:
        try:
            links = search(page, query)
        except AssertionError:
            missing.append(query)
            continue
        if not any("/zh/trials/msc-dlc-2/" in link for link in links):
            missing.append(query)
    assert missing == [], f"{len(missing)} of {len(runs)} runs not found"


@pytest.mark.parametrize("query", ["cirrhosis", "Wuhan", "NCT05224960", "mesenchymal"])
def test_english_search_finds_the_trial_in_english_only(page: Page, site_url: str, query: str) -> None:
    page.goto(site_url)
    links = search(page, query)
    assert any("trials/msc-dlc-2/" in link for link in links)
    assert not any("/zh/" in link for link in links)


def test_each_language_downloads_only_its_own_index(page: Page, site_url: str) -> None:
    indexes: list[str] = []
    page.on("request", lambda request: indexes.append(request.url) if "search_index" in request.url else None)
    page.goto(site_url + "zh/trials/msc-dlc-2/")
    search(page, "肝硬化")
    assert indexes == [site_url + "zh/search/search_index.json"]


def test_the_search_index_is_downloaded_only_once_the_visitor_opens_search(page: Page, site_url: str) -> None:
    indexes: list[str] = []
    page.on("request", lambda request: indexes.append(request.url) if "search_index" in request.url else None)
    page.goto(site_url + "trials/msc-dlc-2/")
    page.wait_for_load_state("networkidle")
    assert indexes == []
    links = search(page, "cirrhosis")
    assert indexes == [site_url + "search/search_index.json"]
    assert any("trials/msc-dlc-2/" in link for link in links)


def test_the_search_worker_starts_only_once_the_visitor_opens_search(page: Page, site_url: str) -> None:
    scripts: list[str] = []
    page.context.on("request", lambda request: scripts.append(request.url) if "/workers/" in request.url else None)
    page.goto(site_url + "zh/trials/msc-dlc-2/self-check/")
    page.wait_for_load_state("networkidle")
    assert scripts == []
    links = search(page, "肝硬化")
    assert len(scripts) == 1
    assert any("/zh/trials/msc-dlc-2/" in link for link in links)
