"""Characters outside the Basic Multilingual Plane, and text that looks like markup, in every kind of field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import FIXTURES, make_project, run_mkdocs
from tests.e2e.conftest import SiteHandler, serve

ODD = "😀 咬𬌗 ~*_#<b>"


def odd_trial() -> str:
    """Return the minimal trial with odd text in its acronym, title, summary, criteria, question and option labels."""
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    for plain in ("A minimal trial", "A short summary.", "Aged 18 to 75 years.", "How old are you?", "Pregnancy."):
        text = text.replace(f"en: {plain}", f"en: '{plain} {ODD}'")
    for plain in ("一项最简试验", "简短概述。", "年龄18至75岁。", "您的年龄？"):
        text = text.replace(f"zh: {plain}", f"zh: '{plain}{ODD}'")
    return text.replace("id: minimal\n", f"id: minimal\nacronym: 'ODD {ODD}'\n")


@pytest.fixture(scope="module")
def odd_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = make_project(tmp_path_factory.mktemp("odd"), {"minimal": odd_trial()})
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    yield from serve(Path(project) / "site", SiteHandler)


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_odd_text_survives_into_pages_titles_and_the_working_self_check(page: Page, odd_url: str, prefix: str) -> None:
    page.goto(odd_url + prefix + "trials/minimal/")
    expect(page).to_have_title(f"ODD {ODD} - " + ("临床试验信息" if prefix else "Trial information"))
    expect(page.locator("h1")).to_contain_text(ODD)
    expect(page.locator(".ts-summary")).to_contain_text(ODD)
    expect(page.locator("#i1")).to_contain_text(ODD)
    page.goto(odd_url + prefix + "trials/minimal/self-check/")
    expect(page.locator("#ts-selfcheck")).to_have_attribute("data-engine", "ready", timeout=60_000)
    expect(page.locator("#q-age legend")).to_contain_text(ODD)
    page.locator("#q-age input[type=number]").fill("40")
    expect(page.locator(".ts-criteria-results li[data-criterion='I1']")).to_contain_text(ODD)
