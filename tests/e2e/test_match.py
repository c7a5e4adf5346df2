"""'Which trials may fit me?' in a real browser: answers move trials between groups, on the device only."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request, expect

from tests.e2e.conftest import WorkerWatch

PAGE = {"en": "match/", "zh": "zh/match/"}
READY = "#ts-match[data-engine='ready']"
WORDS = {
    "en": {"more": "More answers needed", "probably": "Probably", "left_out": "1 published trial is not recruiting"},
    "zh": {"more": "还需要更多回答", "probably": "可能不符合条件", "left_out": "另有1项已发布的试验目前未在招募"},
}


def group_of(page: Page, trial: str) -> str:
    """Return the group a trial is listed in."""
    return str(page.locator(f"li.ts-match-trial[data-trial='{trial}']").evaluate("li => li.closest('section').id"))


def answer(page: Page, question: str, value: str) -> None:
    """Answer a yes/no or choice question, or type a number, and wait for the new grouping."""
    evaluations = page.locator("#ts-match").get_attribute("data-evaluations")
    radio = page.locator(f"#q-{question} input[type='radio'][value='{value}']")
    if radio.count():
        radio.check()
    else:
        page.locator(f"#q-{question} input[type='number']").fill(value)
    expect(page.locator("#ts-match")).not_to_have_attribute("data-evaluations", evaluations or "")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_answers_move_trials_between_the_groups_and_nothing_is_requested(
    page: Page, many_url: str, language: str
) -> None:
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))  # noqa: PLW0108 (Playwright needs a function)
    workers = WorkerWatch(page)
    page.goto(many_url + PAGE[language])
    page.wait_for_selector(READY, timeout=60_000)
    workers.wait_for_compiling_helper()
    page.wait_for_load_state("networkidle")
    loaded = len(requests)
    words = WORDS[language]
    expect(page.locator("#ts-group-more_answers h3")).to_contain_text(words["more"])
    assert {group_of(page, trial) for trial in ("msc-dlc-2", "nct06388018")} == {"ts-group-more_answers"}
    expect(page.locator("li[data-trial='nct02552212']")).to_have_count(0)  # completed: not checked, and said so
    expect(page.locator(".ts-match-left-out")).to_contain_text(words["left_out"])
    if language == "zh":  # an untranslated title is the English one, marked as English and as untranslated
        expect(page.locator("li[data-trial='nct06388018'] > a > span[lang='en']")).to_have_count(1)
        expect(page.locator("li[data-trial='nct06388018'] > a")).to_contain_text("（尚未翻译）")
    answer(page, "age", "30")
    answer(page, "sex", "male")
    assert group_of(page, "msc-dlc-2") == "ts-group-may_be_eligible"
    assert group_of(page, "nct06388018") == "ts-group-not_eligible"  # the registry's sex field: women only
    answer(page, "sex", "female")
    assert group_of(page, "nct06388018") == "ts-group-more_answers"
    answer(page, "ecog", "3")
    assert group_of(page, "nct06388018") == "ts-group-not_eligible"
    expect(page.locator("li[data-trial='nct06388018'] .ts-drafted")).to_contain_text(words["probably"])
    answer(page, "age", "12")
    assert group_of(page, "msc-dlc-2") == "ts-group-not_eligible"
    assert [request.url for request in requests[loaded:]] == []
    assert all(request.url.startswith(many_url) for request in requests)


def test_a_link_pressed_right_after_typing_an_answer_still_opens(page: Page, many_url: str) -> None:
    page.goto(many_url + PAGE["en"])
    page.wait_for_selector(READY, timeout=60_000)
    answer(page, "age", "44")
    link = page.locator("li[data-trial='msc-dlc-2'] a", has_text="Open its self-check")
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box
    evaluations = page.locator("#ts-match").get_attribute("data-evaluations")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()  # the number field loses focus: "change" asks the engine again
    expect(page.locator("#ts-match")).not_to_have_attribute("data-evaluations", evaluations or "")
    with page.expect_navigation():
        page.mouse.up()
    assert page.url.endswith("/trials/msc-dlc-2/self-check/")


def test_answers_come_along_to_a_trials_own_self_check(page: Page, many_url: str) -> None:
    page.goto(many_url + PAGE["en"])
    page.wait_for_selector(READY, timeout=60_000)
    answer(page, "age", "44")
    page.locator("li[data-trial='msc-dlc-2'] a", has_text="Open its self-check").click()
    page.wait_for_selector("#ts-selfcheck[data-engine='ready']", timeout=120_000)  # a second runtime start, under load
    expect(page.locator("#q-age input[type='number']")).to_have_value("44")
    page.locator("#q-age input[type='number']").fill("45")
    page.go_back()
    page.wait_for_selector(READY, timeout=120_000)
    expect(page.locator("#q-age input[type='number']")).to_have_value("45")


def test_the_questions_show_before_the_checker_is_ready(page: Page, many_url: str) -> None:
    page.goto(many_url + PAGE["zh"], wait_until="domcontentloaded")
    expect(page.locator("fieldset.ts-question").first).to_be_visible()
    expect(page.locator("#ts-engine-status")).to_contain_text("核对程序正在启动")


def test_trials_can_be_narrowed_to_a_city_or_a_distance_from_it(page: Page, many_url: str) -> None:
    page.goto(many_url + PAGE["en"])
    page.wait_for_selector(READY, timeout=60_000)
    listed = "li.ts-match-trial"
    expect(page.locator(listed)).to_have_count(2)
    page.locator("#ts-match-city").select_option("Shanghai")
    expect(page.locator(listed)).to_have_count(1)
    expect(page.locator(listed)).to_have_attribute("data-trial", "msc-dlc-2")
    expect(page.locator("#ts-match-count")).to_have_text("1 trial checked against your answers.")
    page.locator("#ts-match-distance").select_option("1000")
    expect(page.locator(f"{listed}[data-trial='msc-dlc-2']")).to_have_count(1)
    page.locator("#ts-match-city").select_option("")
    expect(page.locator(listed)).to_have_count(2)


def test_an_answer_out_of_range_is_explained_here_too(page: Page, many_url: str) -> None:
    page.goto(many_url + PAGE["zh"])
    page.wait_for_selector(READY, timeout=60_000)
    answer(page, "age", "300")
    problem = page.locator("#q-age-problem")
    expect(problem).to_have_text("请输入0至120之间的数值。")
    expect(page.locator("li[data-trial='msc-dlc-2']")).to_have_count(1)
    assert group_of(page, "msc-dlc-2") == "ts-group-more_answers"  # the age is still needed
    answer(page, "age", "44")
    expect(problem).to_be_hidden()
