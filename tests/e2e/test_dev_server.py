"""`make serve` for authors: an edited trial file reloads the open page, with no console error on the way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_project
from tests.e2e.conftest import dev_server


@pytest.fixture
def served_project(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Run `mkdocs serve` as `make serve` does, on a project of its own; return its address and folder."""
    project = make_project(tmp_path)
    with dev_server(project) as address:
        yield address, project


def test_an_edited_trial_file_reloads_the_open_page_without_console_errors(
    page: Page, served_project: tuple[str, Path]
) -> None:
    address, project = served_project
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(address + "zh/trials/msc-dlc-2/")
    expect(page.locator("h1")).to_contain_text("人脐带间充质干细胞治疗失代偿期肝硬化")
    trial = project / "trial_data" / "msc-dlc-2.yaml"
    with page.expect_navigation(timeout=120_000):
        text = trial.read_text(encoding="utf-8")
        trial.write_text(
            text.replace(
                "zh: 人脐带间充质干细胞治疗失代偿期肝硬化", "zh: 人脐带间充质干细胞治疗失代偿期肝硬化（已修改）", 1
            )
        )
    expect(page.locator("h1")).to_contain_text("人脐带间充质干细胞治疗失代偿期肝硬化（已修改）")
    assert errors == []
    page.goto(address + "zh/")  # the home page lists the trial under its new title too
    expect(page.locator("#ts-trial-list h3")).to_contain_text("（已修改）")
    policy = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content") or ""
    assert "script-src 'self' 'unsafe-inline';" in policy  # the dev server's reload script; published pages: none


def test_a_broken_trial_file_shows_its_problems_on_the_trial_page_until_fixed(
    page: Page, served_project: tuple[str, Path]
) -> None:
    address, project = served_project
    trial = project / "trial_data" / "msc-dlc-2.yaml"
    good = trial.read_text(encoding="utf-8")
    page.goto(address + "trials/msc-dlc-2/")
    with page.expect_navigation(timeout=120_000):
        trial.write_text(good.replace("  value: recruiting\n", "  value: recruitin\n", 1), encoding="utf-8")
    expect(page.locator("h1")).to_contain_text("trial_data/msc-dlc-2.yaml has problems")
    expect(page.locator("pre.ts-problems")).to_contain_text(
        "trial_data/msc-dlc-2.yaml:60: status.value: expected one of: not_yet_recruiting, recruiting"
    )
    assert page.request.get(address + "about/").status == 200  # the rest of the site keeps serving
    with page.expect_navigation(timeout=120_000):
        trial.write_text(good, encoding="utf-8")
    expect(page.locator("h1")).to_contain_text("Human Umbilical Cord-derived Mesenchymal Stem Cells")
