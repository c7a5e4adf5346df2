"""A self-check result a patient can act on: reachable, worded in their terms, safe with units, usable by keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.test_selfcheck import fill_answers, open_selfcheck

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_verdict_so_far_is_in_reach_while_answering(
    page: Page, site_url: str, language: str, viewport: ViewportSize
) -> None:
    page.set_viewport_size(viewport)
    open_selfcheck(page, site_url, language)
    fill_answers(page, {"age": 50})
    summary = page.locator("#ts-progress")
    expect(summary).to_be_in_viewport()
    expect(summary.locator("[data-ts-progress-left]")).to_have_text(re.compile(r"\d"))
    summary.locator("a").click()
    expect(page.locator("#ts-result-heading")).to_be_in_viewport()


@pytest.mark.parametrize(
    ("language", "problem"),
    [
        ("en", "60 mg/dL is unusual for this test. Is the unit on your report µmol/L?"),
        ("zh", "60 mg/dL这个结果对这项化验来说不太常见。化验单上的单位是否为µmol/L？"),
    ],
)
def test_a_value_typed_in_the_wrong_unit_asks_instead_of_concluding(
    page: Page, site_url: str, language: str, problem: str
) -> None:
    page.set_viewport_size(PHONE)
    open_selfcheck(page, site_url, language)
    bilirubin = page.locator("#q-bilirubin")
    fill_answers(page, {"meld_method": "lab_values"})
    expect(bilirubin).to_be_visible()
    expect(bilirubin.locator("select")).to_have_value("µmol/L")  # the trial recruits in China: reports print µmol/L
    fill_answers(page, {"bilirubin": {"value": 60, "unit": "mg/dL"}, "inr": 2.2, "creatinine_normal": False})
    fill_answers(page, {"creatinine": {"value": 0.9, "unit": "mg/dL"}, "dialysis": False})
    expect(page.locator("#q-bilirubin-problem")).to_contain_text(problem)
    expect(page.locator(".ts-reasons li[data-criterion='I4']")).to_have_count(0)  # no verdict from that value
    bilirubin.locator(".ts-unit-confirm input").check()
    expect(page.locator("#q-bilirubin-problem")).to_be_hidden()


def test_a_report_within_the_normal_range_settles_the_creatinine_part_of_e8(page: Page, site_url: str) -> None:
    open_selfcheck(page, site_url, "en")
    fill_answers(page, {"meld_method": "score", "creatinine_normal": True, "sodium": 136, "wbc": 4.2})
    expect(page.locator("#q-creatinine_uln")).to_be_hidden()
    page.locator(".ts-criteria-details summary").click()
    expect(page.locator(".ts-criteria-results li[data-criterion='E8']")).to_have_class(re.compile("ts-outcome--pass"))


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "You do not appear to be eligible at the moment"), ("zh", "您目前似乎不符合条件")],
)
def test_a_time_limited_exclusion_says_when_to_check_again(
    page: Page, site_url: str, language: str, heading: str
) -> None:
    open_selfcheck(page, site_url, language)
    fill_answers(page, {"tips_recent": True})
    expect(page.locator(".ts-verdict-heading")).to_have_text(heading)
    expect(page.locator(".ts-reasons li[data-criterion='E6'] .ts-recheck")).to_be_visible()


def test_a_fast_keyboard_user_reaches_the_follow_up_question(page: Page, site_url: str) -> None:
    open_selfcheck(page, site_url, "en")
    page.locator("#q-cirrhosis_diagnosed input[value='yes']").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # at once, before the engine has shown the follow-up question
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("name", "cirrhosis_complications")
    page.keyboard.press("Space")
    expect(page.locator("#q-cirrhosis_complications input:checked")).to_have_count(1)


HOLD_ANSWERS = """() => {
  const worker = window.trialsiteEngineWorker;
  const send = worker.postMessage.bind(worker);
  const held = [];
  worker.postMessage = (message) => held.push(message);
  window.releaseAnswers = () => {
    worker.postMessage = send;
    for (const message of held) send(message);
  };
}"""
"""Hold back the page's questions to the engine, as a slow phone would, until `releaseAnswers()`."""


def test_a_tab_held_for_a_slow_answer_does_not_take_the_focus_back(page: Page, site_url: str) -> None:
    open_selfcheck(page, site_url, "en")
    container = page.locator("#ts-selfcheck")
    expect(container).to_have_attribute("data-evaluations", re.compile(r"\d"))
    evaluations = container.get_attribute("data-evaluations")
    page.evaluate(HOLD_ANSWERS)
    page.locator("#q-cirrhosis_diagnosed input[value='yes']").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # held until the answer is evaluated
    page.locator("#ts-clear").focus()  # meanwhile the visitor moves on
    page.evaluate("window.releaseAnswers()")
    expect(container).not_to_have_attribute("data-evaluations", evaluations or "")
    expect(page.locator(":focus")).to_have_id("ts-clear")


def test_the_trial_summary_stays_in_its_place_on_the_trial_page(page: Page, site_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site_url + "trials/msc-dlc-2/")
    page.locator("#locations").scroll_into_view_if_needed()
    expect(page.locator(".ts-summary")).not_to_be_in_viewport()


@pytest.mark.parametrize("typed", ["1e999", "9" * 100_000])
def test_a_number_the_page_cannot_use_gets_a_message_not_silence(page: Page, site_url: str, typed: str) -> None:
    open_selfcheck(page, site_url, "en")
    age = page.locator("#q-age input[type=number]")
    age.fill("50")
    expect(page.locator("#q-age-problem")).to_be_hidden()
    age.fill(typed)
    expect(page.locator("#q-age-problem")).to_have_text("Enter a number.")
