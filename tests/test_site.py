"""Real MkDocs builds: what a visitor finds in the built pages, in English and Chinese."""

from __future__ import annotations

import datetime
import html
import json
import re
from pathlib import Path

import yaml

from tests.conftest import PROJECT, SITE_TRIAL, BuildSite, make_project, run_mkdocs
from trialsite.site.assets import MATCH_SCRIPTS, SELFCHECK_SCRIPTS, STATIC_DIR
from trialsite.trialfile.format import schema_text

TRIAL = yaml.safe_load(SITE_TRIAL.read_text(encoding="utf-8"))
PAGES = {"en": "trials/msc-dlc-2/index.html", "zh": "zh/trials/msc-dlc-2/index.html"}


def page(site: Path, language: str, path: str | None = None) -> str:
    """Return the HTML of a built page."""
    return (site / (path or PAGES[language])).read_text(encoding="utf-8")


def visible_text(markup: str) -> str:
    """Return the page's text without tags, with entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def test_every_criterion_appears_in_both_languages(built_site: Path) -> None:
    for language in ("en", "zh"):
        text = visible_text(page(built_site, language))
        for section in ("inclusion", "exclusion"):
            for item in TRIAL["eligibility"][section]:
                assert item["text"][language].strip() in text, (language, section, item["number"])
    assert len(TRIAL["eligibility"]["inclusion"]) == 4
    assert len(TRIAL["eligibility"]["exclusion"]) == 21


def test_pages_take_their_title_from_the_front_matter(built_site: Path) -> None:
    for language, site_name in (("en", "Trial information"), ("zh", "临床试验信息")):
        markup = page(built_site, language)
        assert f"<title>MSC-DLC-2 - {site_name}</title>" in markup
        assert "description:" not in visible_text(markup)
    selfcheck = page(built_site, "zh", "zh/trials/msc-dlc-2/self-check/index.html")
    assert "<title>入选条件自查：MSC-DLC-2 - 临床试验信息</title>" in selfcheck


def test_criteria_have_anchors(built_site: Path) -> None:
    markup = page(built_site, "en")
    for number in range(1, 5):
        assert f'id="i{number}"' in markup
    for number in range(1, 22):
        assert f'id="e{number}"' in markup


def test_chinese_pages_are_marked_and_use_chinese_interface_strings(built_site: Path) -> None:
    markup = page(built_site, "zh")
    assert '<html lang="zh"' in markup
    assert "入选标准" in markup and "排除标准" in markup
    assert 'placeholder="搜索"' in markup
    assert "临床试验信息" in markup
    assert '<html lang="en"' in page(built_site, "en")


def test_language_switcher_links_resolve_to_the_same_page(built_site: Path) -> None:
    for language, path in PAGES.items():
        source = built_site / path
        links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link"', page(built_site, language))
        assert {code for _, code in links} == {"en", "zh"}
        for href, code in links:
            target = (source.parent / href / "index.html").resolve()
            assert target == (built_site / PAGES[code]).resolve()


def test_absent_facts_show_not_reported_and_present_facts_show(built_site: Path) -> None:
    en = visible_text(page(built_site, "en"))
    zh = visible_text(page(built_site, "zh"))
    assert '<th scope="row">First submitted</th><td>not reported</td>' in page(built_site, "en")
    assert "January 26, 2022" in en and "2022年1月26日" in zh
    assert "June 26, 2025" in en and "2025年6月26日" in zh
    assert "未报告" in zh
    for cell in re.findall(r"<td>(.*?)</td>", page(built_site, "en"), flags=re.S):
        assert cell.strip(), "a key facts cell is empty"
    assert "NCT05224960" in en and "Fu-Sheng Wang" in en and "Jennifer Cobb" in en
    assert "Kashi" in en and "喀什" in zh
    assert en.count("Facility: not reported") == 8


def test_two_distinct_sites_in_wuhan(built_site: Path) -> None:
    assert "Hubei (2 sites)" in visible_text(page(built_site, "en"))


def test_listed_contact_carries_the_caveat_and_no_phone_or_email(built_site: Path) -> None:
    markup = page(built_site, "en")
    assert "Contact as listed by the source" in visible_text(markup)
    assert "tel:" not in markup and "mailto:" not in markup


def test_trial_page_has_medical_trial_json_ld(built_site: Path) -> None:
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page(built_site, "en"), flags=re.S)
    record = json.loads(data)
    assert record["@type"] == "MedicalTrial"
    assert record["code"][0]["codeValue"] == "NCT05224960"
    assert record["status"] == "https://schema.org/Recruiting"
    assert record["sponsor"]["name"] == "Beijing 302 Hospital"
    assert len(record["studyLocation"]) == 8


def test_home_lists_the_trial_in_each_language(built_site: Path) -> None:
    en = page(built_site, "en", "index.html")
    zh = page(built_site, "zh", "zh/index.html")
    assert 'href="trials/msc-dlc-2/"' in en and TRIAL["title"]["en"] in en
    assert 'href="trials/msc-dlc-2/"' in zh and TRIAL["title"]["zh"] in zh
    assert "Wuhan" in en and "武汉" in zh


def test_each_language_has_its_own_404_page(built_site: Path) -> None:
    assert '<html lang="en"' in (built_site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in (built_site / "zh" / "404.html").read_text(encoding="utf-8")


def test_without_site_url_pages_carry_no_relative_hreflang_and_the_sitemap_lists_paths(built_site: Path) -> None:
    for language in ("en", "zh"):
        assert 'rel="alternate"' not in page(built_site, language)
        assert 'hreflang="zh" class="md-select__link"' in page(built_site, language)  # the language menu stays
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "None" not in sitemap
    assert (
        "<loc>/trials/msc-dlc-2/</loc>\n"
        '        <xhtml:link rel="alternate" hreflang="en" href="/trials/msc-dlc-2/"/>\n'
        '        <xhtml:link rel="alternate" hreflang="x-default" href="/trials/msc-dlc-2/"/>\n'
        '        <xhtml:link rel="alternate" hreflang="zh" href="/zh/trials/msc-dlc-2/"/>'
    ) in sitemap
    assert not (built_site / "zh" / "sitemap.xml").exists()


def test_with_site_url_every_page_has_absolute_alternates_and_x_default(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text("site_url: https://trials.example.org/pub/\n" + config.read_text(encoding="utf-8"))
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    expected = {
        "trials/msc-dlc-2/index.html": "trials/msc-dlc-2/",
        "zh/trials/msc-dlc-2/self-check/index.html": "trials/msc-dlc-2/self-check/",
        "index.html": "",
        "zh/about/index.html": "about/",
    }
    for path, en in expected.items():
        alternates = re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([\w-]+)">', page(site, "en", path))
        assert alternates == [
            (f"https://trials.example.org/pub/{en}", "en"),
            (f"https://trials.example.org/pub/zh/{en}", "zh"),
            (f"https://trials.example.org/pub/{en}", "x-default"),
        ], path
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://trials.example.org/pub/zh/trials/msc-dlc-2/</loc>" in sitemap


def test_chinese_words_are_in_the_search_index(built_site: Path) -> None:
    index = json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    chinese = [doc for doc in index["docs"] if doc["location"].startswith("trials/msc-dlc-2/")]
    words = set()
    for doc in chinese:
        words.update(re.split(index["config"]["separator"], doc["text"] + " " + doc["title"]))
    assert {"肝硬化", "干细胞"} <= words


def test_every_page_has_a_strict_content_security_policy(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        markup = path.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in markup, path
        assert "unsafe-inline" not in markup, path
        assert re.search(r"<script>(?!\s*</script>)", markup) is None, f"inline script in {path}"


def test_the_site_ships_the_runtime_engine_and_schema(built_site: Path) -> None:
    assert next((built_site / "assets/runtime").glob("*/pyodide.asm.wasm")).stat().st_size > 1_000_000
    assert (built_site / "assets/trialsite/engine/checker.py").is_file()
    assert (built_site / "assets/trialsite/trials/msc-dlc-2.json").is_file()
    assert (built_site / "schema/trial.schema.json").read_text(encoding="utf-8") == schema_text()


def test_the_committed_schema_is_the_generated_one_and_trial_files_use_it() -> None:
    assert (PROJECT / "schema" / "trial.schema.json").read_text(encoding="utf-8") == schema_text()
    for path in (PROJECT / "trial_data").glob("*.yaml"):
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line == "# yaml-language-server: $schema=../schema/trial.schema.json"


def test_text_from_a_trial_file_is_escaped(build_site: BuildSite, minimal_text: str) -> None:
    hostile = minimal_text.replace("en: A minimal trial", 'en: "<script>alert(1)</script> & *stars*"').replace(
        "id: minimal\n", "id: minimal\nacronym: <b>bold</b>\n"
    )
    result, site = build_site({"minimal": hostile})
    assert result.returncode == 0, result.stderr
    markup = (site / "trials/minimal/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *stars*" in markup
    assert "<b>bold</b>" not in markup
    assert "<title>&lt;b&gt;bold&lt;/b&gt; - Trial information</title>" in markup


def test_a_bad_trial_file_stops_the_build_with_the_message_and_writes_nothing(
    build_site: BuildSite, minimal_text: str
) -> None:
    result, site = build_site({"minimal": minimal_text.replace("value: recruiting", "value: open")})
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        "trial_data/minimal.yaml:17: status.value: expected one of: not_yet_recruiting, recruiting, "
        "enrolling_by_invitation, active_not_recruiting, suspended, terminated, completed, withdrawn, unknown; "
        "found 'open' (a string)"
    ) in result.stdout + result.stderr
    assert not site.exists()


def test_an_old_status_carries_a_notice_pointing_to_the_registry(built_site: Path) -> None:
    en = visible_text(page(built_site, "en"))
    zh = visible_text(page(built_site, "zh"))
    assert re.search(
        r"This information is from June 26, 2025, \d+ months ago: the trial's status may have changed\. "
        r"See the registry record for the current status:\s+Registry record NCT05224960",
        en,
    )
    assert re.search(
        r"以上信息截至2025年6月26日，距今已有\d+个月，试验状态可能已有变化。当前状态请查看注册记录：\s*注册记录NCT05224960",
        zh,
    )
    assert '<a href="https://clinicaltrials.gov/study/NCT05224960" rel="nofollow noopener">' in page(built_site, "en")


def test_a_recent_status_has_no_notice(build_site: BuildSite, minimal_text: str) -> None:
    today = datetime.date.today().isoformat()
    result, site = build_site({"minimal": minimal_text.replace("as_of: 2025-06-26", f"as_of: {today}", 1)})
    assert result.returncode == 0, result.stderr
    assert "ts-stale" not in (site / "trials/minimal/index.html").read_text(encoding="utf-8")


def test_beijing_is_filed_as_a_province_level_municipality(built_site: Path) -> None:
    assert "<summary>Beijing (1 site)</summary>" in page(built_site, "en")
    assert "<summary>北京（1个研究中心）</summary>" in page(built_site, "zh")
    assert "Province or state not reported" not in page(built_site, "en")


def test_a_home_page_with_one_trial_has_no_filters_and_a_check_eligibility_link(built_site: Path) -> None:
    home = page(built_site, "en", "index.html")
    assert 'id="ts-filters"' not in home and "browse.js" not in home
    assert '<a class="md-button" href="trials/msc-dlc-2/self-check/">Check eligibility</a>' in home
    assert '<a class="md-button" href="trials/msc-dlc-2/self-check/">自查是否符合条件</a>' in page(
        built_site, "zh", "zh/index.html"
    )


def test_facts_from_a_secondary_listing_say_so_and_link_to_it(built_site: Path) -> None:
    en, zh = page(built_site, "en"), page(built_site, "zh")
    mark_en = '<small class="ts-provenance"> (<a href="#secondary-1">from a secondary listing</a>)</small>'
    mark_zh = '<small class="ts-provenance">（<a href="#secondary-1">来自次要来源</a>）</small>'
    assert f"<td>Phase 2{mark_en}</td>" in en and f"<td>II期{mark_zh}</td>" in zh
    assert f"<td>140 (estimated){mark_en}</td>" in en and f"<td>预计140例{mark_zh}</td>" in zh
    assert en.count(mark_en) == 2 and zh.count(mark_zh) == 2  # the registry number explains its own provenance
    assert "It supplies what this page shows for: Registry numbers, Phase, Participants." in visible_text(en)
    assert "本页以下信息来自该来源：注册号、试验分期、受试者人数。" in visible_text(zh)


def test_the_launched_date_is_labelled_as_the_source_labels_it(built_site: Path) -> None:
    en, zh = page(built_site, "en"), page(built_site, "zh")
    assert (
        '<th scope="row">Launched (as the listing\'s header gives it)</th><td>January 26, 2022</td>'
        in html.unescape(en)
    )
    assert '<th scope="row">“Launched”日期（来源页面标题处所示）</th><td>2022年1月26日</td>' in zh
    assert "Study start" not in en


def test_a_registry_start_date_is_the_study_start_with_its_type(build_site: BuildSite, minimal_text: str) -> None:
    text = minimal_text.replace("  launched: ", "  launched_type: estimated\n  launched: ", 1)
    result, site = build_site({"minimal": text})
    assert result.returncode == 0, result.stderr
    assert re.search(
        r'<th scope="row">Study start</th><td>[^<]+ \(estimated\)</td>', page(site, "en", "trials/minimal/index.html")
    )


def imported_modules(entry: str) -> set[str]:
    """Return a static script and every module it imports, directly or not."""
    found, waiting = set(), [entry]
    while waiting:
        name = waiting.pop()
        if name not in found:
            found.add(name)
            waiting += re.findall(r'^import[^;]*?from "\./([\w-]+\.js)";', (STATIC_DIR / name).read_text(), re.M | re.S)
    return found


def test_pages_that_use_the_engine_preload_every_module_they_import() -> None:
    assert set(SELFCHECK_SCRIPTS) == imported_modules("selfcheck.js")
    assert set(MATCH_SCRIPTS) == imported_modules("match.js")


def test_a_status_or_source_without_a_date_says_the_date_is_not_reported(
    build_site: BuildSite, minimal_text: str
) -> None:
    undated = minimal_text.replace("  as_of: 2025-06-26", "  as_of: not reported")
    assert undated.count("as_of: not reported") == 2
    result, site = build_site({"minimal": undated})
    assert result.returncode == 0, result.stderr
    en = (site / "trials/minimal/index.html").read_text(encoding="utf-8")
    zh = (site / "zh/trials/minimal/index.html").read_text(encoding="utf-8")
    assert "Recruiting (date not reported)" in en and "The date of this information is not reported." in en
    assert "正在招募（日期未报告）" in zh and "本信息的日期未报告。" in zh
    homes = (site / "index.html").read_text(encoding="utf-8") + (site / "zh/index.html").read_text(encoding="utf-8")
    assert '<span class="ts-as-of">date not reported</span>' in homes
    assert '<span class="ts-as-of">日期未报告</span>' in homes
    for text in (en, zh, homes):
        assert "as of not reported" not in text and "截至未报告" not in text


def test_a_trial_that_does_not_recruit_says_nobody_can_join_it_now(build_site: BuildSite, minimal_text: str) -> None:
    completed = minimal_text.replace("  value: recruiting\n", "  value: completed\n")
    result, site = build_site({"minimal": completed})
    assert result.returncode == 0, result.stderr
    notice = {
        "en": "This trial is not recruiting (Completed; as of June 26, 2025): nobody can join it now. The self-check "
        "still shows how its criteria apply, for information only.",
        "zh": "本试验目前未在招募受试者（已完成；截至2025年6月26日），因此无法报名参加。"
        "自查仍可显示各项入选和排除标准对您的适用情况，仅供参考。",
    }
    for language, prefix in (("en", ""), ("zh", "zh/")):
        trial = (site / prefix / "trials/minimal/index.html").read_text(encoding="utf-8")
        selfcheck = (site / prefix / "trials/minimal/self-check/index.html").read_text(encoding="utf-8")
        home = (site / prefix / "index.html").read_text(encoding="utf-8")
        assert f'<p class="ts-closed-notice" role="note">{notice[language]}</p>' in trial
        assert f'<p class="ts-closed-notice" role="note">{notice[language]}</p>' in selfcheck
        assert "md-button--primary" not in trial.split('class="ts-selfcheck-call"')[1].split("</p>")[0]
        assert "self-check/" not in home.split('class="ts-trial-card"')[1]  # its card offers no self-check
