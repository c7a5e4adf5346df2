"""The self-check in a real browser: personas give the engine's verdict, keyboard use, privacy, accessibility."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Request, expect

from tests.conftest import SITE_TRIAL
from tests.e2e.conftest import WorkerWatch
from trialsite.engine.checker import Checker
from trialsite.model import Example
from trialsite.selfcheck.bundle import build_bundle
from trialsite.trials import load_trial

TRIAL = load_trial(SITE_TRIAL)
BUNDLE = build_bundle(TRIAL)
QUESTIONS = {question["id"]: question for question in BUNDLE["questions"]}
CHECKER = Checker(BUNDLE)
SELFCHECK = {"en": "trials/msc-dlc-2/self-check/", "zh": "zh/trials/msc-dlc-2/self-check/"}
SENTINEL = "987.654321"
READY = "#ts-selfcheck[data-engine='ready']"


def personas(limit_per_verdict: int = 2) -> list[Example]:
    """Pick a few examples of each verdict from the trial file."""
    chosen: list[Example] = []
    for verdict in ("may_be_eligible", "not_eligible", "incomplete"):
        chosen += [example for example in TRIAL.examples if example.verdict == verdict][:limit_per_verdict]
    return chosen


def open_selfcheck(page: Page, site_url: str, language: str) -> None:
    """Open the self-check page and wait until the engine is ready."""
    page.goto(site_url + SELFCHECK[language])
    page.wait_for_selector(READY, timeout=60_000)


def fill_answers(page: Page, answers: dict[str, Any]) -> None:
    """Answer the questionnaire like a visitor, in the order the questions are asked."""
    for question_id, question in QUESTIONS.items():
        if question_id not in answers:
            continue
        fieldset = page.locator(f"#q-{question_id}")
        expect(fieldset).to_be_visible()
        value = answers[question_id]
        kind = question["type"]
        if value is None:
            fieldset.locator("input[value='unknown']").check()
        elif kind in ("yes_no", "one_of"):
            choice = {True: "yes", False: "no"}.get(value, value) if kind == "yes_no" else value
            fieldset.locator(f"input[value='{choice}']").check()
        elif kind == "many_of":
            for choice in [value] if isinstance(value, str) else value:
                fieldset.locator(f"input[value='{choice}']").check()
        else:
            if isinstance(value, dict):
                fieldset.locator("select").select_option(str(value["unit"]))
                value = value["value"]
            elif question.get("units") and len(question["units"]) > 1:
                fieldset.locator("select").select_option(str(question["units"][0]["id"]))  # a bare number is canonical
            fieldset.locator("input[type='number']").fill(str(value))


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("persona", personas(), ids=lambda persona: persona.id)
def test_a_persona_sees_the_engines_verdict_and_reasons(
    page: Page, site_url: str, language: str, persona: Example
) -> None:
    expected = CHECKER.check(persona.answers)
    open_selfcheck(page, site_url, language)
    fill_answers(page, persona.answers)
    root = page.locator("#ts-selfcheck")
    expect(root).to_have_attribute("data-verdict", expected["verdict"])
    reasons = page.locator(".ts-reasons li")
    expect(reasons).to_have_count(len(expected["failed"]))
    for criterion_id in expected["failed"]:
        expect(page.locator(f".ts-reasons li[data-criterion='{criterion_id}']")).to_have_count(1)
    for criterion_id in expected["unknown"]:
        row = page.locator(f".ts-criteria-results li[data-criterion='{criterion_id}']")
        expect(row).to_have_class(re.compile("ts-outcome--unknown"))


def test_the_questionnaire_shows_before_the_engine_is_ready(page: Page, site_url: str) -> None:
    page.goto(site_url + SELFCHECK["en"], wait_until="domcontentloaded")
    expect(page.locator("fieldset.ts-question").first).to_be_visible()
    expect(page.locator("#ts-engine-status")).to_contain_text("Loading the checker")


def test_answering_sends_no_request_and_nothing_goes_to_another_origin(page: Page, site_url: str) -> None:
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))  # noqa: PLW0108 (Playwright needs a function)
    workers = WorkerWatch(page)
    open_selfcheck(page, site_url, "zh")
    workers.wait_for_compiling_helper()
    page.wait_for_load_state("networkidle")
    assert all(request.url.startswith(site_url) for request in requests), [r.url for r in requests]
    loaded = len(requests)
    fill_answers(page, personas()[0].answers if personas() else {})
    expect(page.locator("#ts-selfcheck")).to_have_attribute("data-verdict", re.compile("."))
    assert [request.url for request in requests[loaded:]] == []


def test_answers_survive_a_reload_and_clear_removes_them(page: Page, site_url: str) -> None:
    open_selfcheck(page, site_url, "en")
    first = next(iter(QUESTIONS))
    fieldset = page.locator(f"#q-{first}")
    if QUESTIONS[first]["type"] in ("integer", "number", "duration"):
        fieldset.locator("input[type='number']").fill("40")
    else:
        fieldset.locator("input").first.check()
    expect(page.locator("#ts-selfcheck")).to_have_attribute("data-evaluations", re.compile("[1-9]"))
    page.reload()
    page.wait_for_selector(READY, timeout=60_000)  # the reload may cut the snapshot's saving short: a plain start again
    stored = sorted(page.evaluate("Object.keys(sessionStorage)"))
    assert stored == ["trialsite:answers:msc-dlc-2", "trialsite:answers:shared"]  # age is a shared question
    page.locator("#ts-clear").click()
    assert page.evaluate("sessionStorage.length") == 0


def test_the_form_can_be_completed_with_the_keyboard(page: Page, site_url: str) -> None:
    open_selfcheck(page, site_url, "en")
    first_input = page.locator("#ts-form input:not([type='hidden'])").first
    first_input.focus()
    # The page asks for its first verdict once the engine is ready: count from there, or the wait below would pass at
    # once (an absent attribute is not the empty text) and Tab would be pressed with answers still in flight.
    expect(page.locator("#ts-selfcheck")).to_have_attribute("data-evaluations", re.compile(r"\d"))
    evaluations = page.locator("#ts-selfcheck").get_attribute("data-evaluations")
    if first_input.get_attribute("type") == "radio":
        page.keyboard.press("Space")
    else:
        page.keyboard.type("40")
    expect(page.locator("#ts-selfcheck")).not_to_have_attribute("data-evaluations", evaluations or "")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('form') !== null")
    assert focused
    page.locator("#ts-clear").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("sessionStorage.length") == 0


def test_a_host_serving_wasm_with_the_wrong_type_is_reported_in_words(page: Page, wrong_wasm_site_url: str) -> None:
    page.goto(wrong_wasm_site_url + SELFCHECK["en"])
    status = page.locator("#ts-engine-status")
    expect(status).to_contain_text("application/wasm", timeout=30_000)
    expect(status).to_have_class(re.compile("ts-error"))


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("path", ["", "trials/msc-dlc-2/", "trials/msc-dlc-2/self-check/"])
def test_axe_finds_no_accessibility_violations(page: Page, site_url: str, language: str, path: str) -> None:
    prefix = "zh/" if language == "zh" else ""
    page.goto(site_url + prefix + path)
    if path.endswith("self-check/"):
        page.wait_for_selector(READY, timeout=60_000)
        persona = personas()[0]
        fill_answers(page, persona.answers)
        expect(page.locator("#ts-selfcheck")).to_have_attribute("data-verdict", persona.verdict)  # drawn, not drawing
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


SNAPSHOT_KEPT = """async () => {
  const cache = await caches.open("trialsite-runtime");
  const keys = await cache.keys();
  return keys.length === 1 && (await cache.match(keys[0])) !== undefined;
}"""
"""Whether one snapshot is stored and can be read: a snapshot being written was once listed but not yet readable."""
READ_SNAPSHOT = """async (sentinel) => {
  const cache = await caches.open("trialsite-runtime");
  const keys = await cache.keys();
  if (!keys.length) return null;
  const bytes = new Uint8Array(await (await cache.match(keys[0])).arrayBuffer());
  const needle = new TextEncoder().encode(sentinel);
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return {size: bytes.length, containsSentinel: true, keys: keys.length};
  }
  return {size: bytes.length, containsSentinel: false, keys: keys.length};
}"""


def test_a_second_visit_starts_from_a_snapshot_made_before_any_answer(page: Page, site_url: str) -> None:
    root = page.locator("#ts-selfcheck")
    open_selfcheck(page, site_url, "en")
    expect(root).to_have_attribute("data-engine-start", "plain")
    page.locator("#q-age input[type='number']").fill(SENTINEL)
    expect(page.locator("#q-age-problem")).to_be_visible()
    page.wait_for_function(SNAPSHOT_KEPT)
    snapshot = page.evaluate(READ_SNAPSHOT, SENTINEL)
    assert snapshot["keys"] == 1 and snapshot["size"] > 10_000_000
    assert snapshot["containsSentinel"] is False
    open_selfcheck(page, site_url, "zh")
    expect(root).to_have_attribute("data-engine-start", "snapshot")
    persona = personas()[0]
    fill_answers(page, persona.answers)
    expect(root).to_have_attribute("data-verdict", CHECKER.check(persona.answers)["verdict"])


CUT_SNAPSHOT_SHORT = """async () => {
  const cache = await caches.open("trialsite-runtime");
  const [key] = await cache.keys();
  const bytes = await (await cache.match(key)).arrayBuffer();
  await cache.put(key, new Response(bytes.slice(0, 100_000)));
}"""


def test_a_damaged_snapshot_is_set_aside_and_made_again(page: Page, site_url: str) -> None:
    root = page.locator("#ts-selfcheck")
    open_selfcheck(page, site_url, "en")
    page.wait_for_function(SNAPSHOT_KEPT)
    page.evaluate(CUT_SNAPSHOT_SHORT)  # as a full disk or a crash might leave it
    open_selfcheck(page, site_url, "en")
    expect(root).to_have_attribute("data-engine-start", "plain")
    persona = personas()[0]
    fill_answers(page, persona.answers)
    expect(root).to_have_attribute("data-verdict", CHECKER.check(persona.answers)["verdict"])
    page.wait_for_function(SNAPSHOT_KEPT)
    open_selfcheck(page, site_url, "zh")
    expect(root).to_have_attribute("data-engine-start", "snapshot")


def test_the_self_check_works_under_the_recommended_response_headers(page: Page, header_policy_site_url: str) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    persona = personas()[1]
    open_selfcheck(page, header_policy_site_url, "en")
    fill_answers(page, persona.answers)
    expect(page.locator("#ts-selfcheck")).to_have_attribute("data-verdict", CHECKER.check(persona.answers)["verdict"])
    assert violations == []


def test_a_worker_policy_that_forbids_webassembly_is_reported_in_words(page: Page, strict_worker_site_url: str) -> None:
    page.goto(strict_worker_site_url + SELFCHECK["en"])
    status = page.locator("#ts-engine-status")
    expect(status).to_contain_text("Content-Security-Policy", timeout=30_000)
    expect(status).to_have_class(re.compile("ts-error"))


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("en", "Age: 17. This study needs at least 18."),
        ("zh", "年龄：17。本研究要求不低于18。"),
    ],
)
def test_on_a_phone_a_not_eligible_result_says_why_in_the_persons_terms(
    page: Page, site_url: str, language: str, reason: str
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_selfcheck(page, site_url, language)
    fill_answers(page, {"age": 17})
    expect(page.locator("#ts-selfcheck")).to_have_attribute("data-verdict", "not_eligible")
    summary = page.locator("#ts-progress")
    expect(summary).to_be_in_viewport()  # the verdict so far, without scrolling through the form
    expect(page.locator("#ts-live")).to_have_text(page.locator(".ts-verdict-heading").inner_text())
    expect(page.locator(".ts-reasons li[data-criterion='I2'] .ts-reason")).to_have_text(reason)
    expect(page.locator(".ts-result h4", has_text="Still needed")).to_have_count(0)
    expect(page.locator(".ts-needed")).not_to_be_visible()  # other unanswered questions stay collapsed
    expect(page.locator(".ts-criteria-details")).not_to_have_attribute("open", "")
    page.locator(".ts-criteria-details summary").click()
    expect(page.locator(".ts-criteria-details")).to_have_attribute("open", "")
    for cell in page.locator(".ts-status-word").all()[:5]:
        box = cell.bounding_box()
        assert box is not None and box["width"] > 30  # a status word, not one character per line
    page.locator(".ts-next a").click()
    expect(page.locator("#how-to-take-part")).to_be_visible()
