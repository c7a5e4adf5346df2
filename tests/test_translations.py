"""Translators work in PO files: export a trial's texts, translate them, import them back into the trial file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polib
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import make_project, run_mkdocs
from trialsite.cli import main
from trialsite.translations.texts import text_entries
from trialsite.translations.writeback import apply_edits, translation_edit
from trialsite.trialfile import safe_yaml
from trialsite.trialfile.save import current_umask

FIXTURES = Path(__file__).parent / "ctgov" / "fixtures"
GLOSSARY = """\
terms:
  alcohol use disorder: {zh: 酒精使用障碍}
  placebo: {zh: 安慰剂}
  hepatitis B: {zh: [乙型肝炎, 乙肝]}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """Lay out two imported trials (NCT03418623, NCT00763412) and a small glossary; work in that folder."""
    monkeypatch.chdir(tmp_path)
    for record in ("NCT03418623", "NCT00763412"):
        assert main(["import", "ctgov", str(FIXTURES / f"{record}.json"), "--out", "trial_data"]) == 0
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    capsys.readouterr()
    return tmp_path


def export(*extra: str) -> int:
    return main(["translations", "export", "--lang", "zh", *extra])


def catalog(trial: str = "nct03418623") -> polib.POFile:
    return polib.pofile(f"translations/{trial}.zh.po")


def entry(po: polib.POFile, context: str) -> polib.POEntry:
    return next(item for item in po if item.msgctxt == context)


def translate_all(po: polib.POFile, **special: str) -> None:
    """Translate every pending entry (as `译：<key path>` unless given) and save the file."""
    for item in po:
        if not item.msgstr:
            item.msgstr = special.get(item.msgctxt, f"译：{item.msgctxt}")
    po.save()


def zh_of(trial: str, *keys: str | int) -> object:
    value: object = yaml.safe_load(Path(f"trial_data/{trial}.yaml").read_text(encoding="utf-8"))
    for key in keys:
        value = value[key]  # type: ignore[index]
    return value


def test_export_writes_one_entry_per_text_with_its_key_path_source_and_notes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export("--trial", "nct03418623") == 0
    assert capsys.readouterr().out == (
        "translations/nct03418623.zh.po: 19 texts, 3 translated, 16 pending (0 suggested from memory, 0 kept from "
        "the earlier export), 0 whose English changed\n"
    )
    po = catalog()
    assert po.metadata["X-Trialsite-Trial"] == "nct03418623"
    assert po.metadata["Language"] == "zh_CN"
    assert len(po) == 19
    assert len(po.untranslated_entries()) == 16
    condition = entry(po, "conditions[0]")
    assert condition.msgid == "Alcohol Use Disorder"
    assert condition.occurrences == [("trial_data/nct03418623.yaml", "28")]
    assert condition.comment == (
        "Glossary: alcohol use disorder → 酒精使用障碍\nPending: not yet translated in the trial file."
    )
    assert entry(po, "locations[0].facility").comment.startswith("Proper name (a place, an organisation or a person)")
    assert entry(po, "registry_ids[0].provenance").msgstr.startswith("导入自ClinicalTrials.gov注册记录NCT03418623")
    assert Path("translations/glossary.zh.csv").read_text(encoding="utf-8") == (
        "en,zh\nalcohol use disorder,酒精使用障碍\nhepatitis B,乙型肝炎\nplacebo,安慰剂\n"
    )


def test_a_translated_catalog_imported_fills_the_trial_file_and_keeps_the_rest_of_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Path("trial_data/nct03418623.yaml")
    path.write_text(path.read_text(encoding="utf-8") + "# A comment the authors wrote.\n", encoding="utf-8")
    export("--trial", "nct03418623")
    translate_all(
        catalog(),
        **{
            "conditions[0]": "酒精使用障碍",
            "summary": "第一段：GET73与酒精使用障碍……\n\n第二段",
            "interventions[1].name": "安慰剂",
            "interventions[1].description": "安慰剂口服胶囊……",
        },
    )
    capsys.readouterr()
    assert main(["translations", "import", "translations/nct03418623.zh.po"]) == 0
    assert capsys.readouterr().out == (
        "trial_data/nct03418623.yaml (zh): 16 translated, 3 unchanged, 0 stale, 0 unknown key, 0 not reviewed "
        "(fuzzy), 0 untranslated\n"
    )
    text = path.read_text(encoding="utf-8")
    assert text.count("pending: [zh]") == 1  # in the header comment only
    assert text.endswith("# A comment the authors wrote.\n")
    assert "conditions:\n  - {en: Alcohol Use Disorder, zh: 酒精使用障碍}\n" in text
    assert zh_of("nct03418623", "summary", "zh") == "第一段：GET73与酒精使用障碍……\n\n第二段"
    assert main(["validate", "--require-translations", str(path)]) == 0
    assert path.stat().st_mode & 0o777 == 0o666 & ~current_umask()  # as a new file gets, not a temporary's 0600


def test_import_refuses_stale_and_unknown_entries_one_line_each_and_warns_on_glossary_terms(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export("--trial", "nct03418623")
    po = catalog()
    translate_all(
        po,
        **{
            "summary": "酒精使用障碍",
            "interventions[1].name": "对照胶囊",
            "interventions[1].description": "安慰剂口服胶囊……",
        },
    )
    entry(po, "conditions[0]").msgid = "Alcohol Dependence"
    entry(po, "interventions[0].name").msgctxt = "interventions[7].name"
    po.save()
    capsys.readouterr()
    assert main(["translations", "import", "translations/nct03418623.zh.po"]) == 3
    assert capsys.readouterr().out.splitlines() == [
        "translations/nct03418623.zh.po:37: conditions[0]: stale: the English is now 'Alcohol Use Disorder', not "
        "'Alcohol Dependence'; export again",
        "translations/nct03418623.zh.po:44: interventions[7].name: unknown key: the trial has no text there; "
        "export again",
        'translations/nct03418623.zh.po:56: interventions[1].name: warning: the English uses "placebo" but the '
        'translation does not use the glossary\'s "安慰剂"',
        "trial_data/nct03418623.yaml (zh): 14 translated, 3 unchanged, 1 stale, 1 unknown key, 0 not reviewed "
        "(fuzzy), 0 untranslated",
    ]
    assert zh_of("nct03418623", "conditions", 0) == {"en": "Alcohol Use Disorder", "pending": ["zh"]}
    assert zh_of("nct03418623", "interventions", 1, "name") == {"en": "Placebo", "zh": "对照胶囊"}


def test_fuzzy_entries_are_not_imported_until_reviewed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export("--trial", "nct03418623")
    po = catalog()
    entry(po, "conditions[0]").msgstr = "酒精使用障碍"
    entry(po, "conditions[0]").flags.append("fuzzy")
    po.save()
    assert main(["translations", "import", "translations/nct03418623.zh.po"]) == 0
    assert capsys.readouterr().out.endswith(
        "0 translated, 3 unchanged, 0 stale, 0 unknown key, 1 not reviewed (fuzzy), 15 untranslated\n"
    )
    assert zh_of("nct03418623", "conditions", 0) == {"en": "Alcohol Use Disorder", "pending": ["zh"]}


def test_the_memory_suggests_a_reviewed_translation_of_the_same_english_and_can_fill_it_in(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export("--trial", "nct03418623")
    translate_all(catalog(), **{"locations[0].country": "美国"})
    main(["translations", "import", "translations/nct03418623.zh.po"])
    capsys.readouterr()
    assert export("--trial", "nct00763412") == 0
    assert "(1 suggested from memory" in capsys.readouterr().out
    suggested = entry(catalog("nct00763412"), "locations[0].country")
    assert (suggested.msgid, suggested.msgstr, suggested.fuzzy) == ("United States", "美国", True)
    assert suggested.comment.endswith("Reused from nct03418623 (locations[0].country): review it.")
    assert export("--trial", "nct00763412", "--fill-from-memory") == 0
    assert capsys.readouterr().out.startswith("trial_data/nct00763412.yaml: 1 zh texts filled from memory\n")
    assert zh_of("nct00763412", "locations", 0, "country") == {"en": "United States", "zh": "美国"}


def test_an_english_text_changed_after_translation_comes_back_fuzzy_with_the_earlier_english(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export("--trial", "nct03418623")
    translate_all(catalog(), **{"conditions[0]": "酒精使用障碍"})
    main(["translations", "import", "translations/nct03418623.zh.po"])
    path = Path("trial_data/nct03418623.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("en: Alcohol Use Disorder,", "en: Alcohol Use,"))
    capsys.readouterr()
    export("--trial", "nct03418623")
    assert capsys.readouterr().out.endswith("1 whose English changed\n")
    changed = entry(catalog(), "conditions[0]")
    assert (changed.msgid, changed.previous_msgid, changed.msgstr, changed.fuzzy) == (
        "Alcohol Use",
        "Alcohol Use Disorder",
        "酒精使用障碍",
        True,
    )


def test_a_file_that_is_not_a_catalog_or_names_no_trial_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("translations/broken.zh.po").write_text("this is not a PO file\n", encoding="utf-8")
    Path("translations/nct09999999.zh.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    assert main(["translations", "import", "translations/broken.zh.po", "translations/nct09999999.zh.po"]) == 3
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "translations/broken.zh.po: cannot read it as a PO file: Syntax error in po file "
        "translations/broken.zh.po (line 1)"
    )
    assert (
        out[1]
        == "translations/nct09999999.zh.po: no trial file trial_data/nct09999999.yaml for the trial 'nct09999999'"
    )


def test_a_glossary_with_mistakes_names_the_file_line_and_term(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("translations/glossary.yaml").write_text("terms:\n  placebo: 安慰剂\n  stroke: {fr: AVC}\n", encoding="utf-8")
    assert export() == 3
    assert capsys.readouterr().err.splitlines() == [
        "translations/glossary.yaml:2: terms.placebo: expected a mapping of languages to terms, e.g. "
        '{zh: "失代偿期肝硬化"}',
        "translations/glossary.yaml:3: terms.stroke.fr: unknown language; expected one of: zh",
    ]


MINIMAL = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
SOURCE = (
    MINIMAL.replace("title:\n", "title_was:\n", 1)
    + "flow: {en: One line, pending: [zh]}\nblock:\n  en: Two\n  pending:\n    - zh\n# kept\nwritten:\n  en: Three\n"
    "  zh: |-\n    旧的\n    译文\nlast: 1\n"
)


@settings(max_examples=300, deadline=None)
@given(translation=st.text(st.characters(codec="utf-8"), min_size=1, max_size=80))
def test_any_translation_written_in_place_reads_back_exactly_and_leaves_the_rest_alone(translation: str) -> None:
    root = safe_yaml.compose(SOURCE)
    entries = {entry.path: entry for entry in text_entries(root)}
    edits = [translation_edit(SOURCE, entries[key], "zh", translation) for key in ("flow", "block", "written")]
    result = apply_edits(SOURCE, edits)
    data = yaml.safe_load(result)
    before = yaml.safe_load(SOURCE)
    for key in ("flow", "block", "written"):
        assert data[key] == {"en": before[key]["en"], "zh": translation}
    assert {key: value for key, value in data.items() if key not in ("flow", "block", "written")} == {
        key: value for key, value in before.items() if key not in ("flow", "block", "written")
    }
    assert "# kept\n" in result


TRANSLATED_CATALOG = Path(__file__).parent / "fixtures" / "translations" / "nct00763412.zh.po"


def test_a_registry_record_translated_through_its_catalog_shows_no_english_fallback_on_the_chinese_pages(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translations", "import", str(TRANSLATED_CATALOG)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "trial_data/nct00763412.yaml (zh): 30 translated, 3 unchanged, 0 stale, 0 unknown key, 0 not reviewed "
        "(fuzzy), 0 untranslated"
    )
    assert main(["validate", "--require-translations", "trial_data/nct00763412.yaml"]) == 0
    out = capsys.readouterr().out
    assert "trial_data/nct00763412.yaml: translated into zh: 33 of 33 texts, 2,824 of 2,824 characters (100%)" in out
    assert "warning: the English uses" not in out
    texts = {path.stem: path.read_text(encoding="utf-8") for path in Path("trial_data").glob("*.yaml")}
    (project / "site-project").mkdir()
    site = make_project(project / "site-project", texts)
    result = run_mkdocs(site)
    assert result.returncode == 0, result.stderr
    trial_page = (site / "site" / "zh" / "trials" / "nct00763412" / "index.html").read_text(encoding="utf-8")
    assert "ts-untranslated" not in trial_page
    assert "囊性纤维化患者糖尿病前期治疗的预试验及可行性研究" in trial_page
    home = (site / "site" / "zh" / "index.html").read_text(encoding="utf-8")
    assert home.count('class="ts-translation-note"') == 1
    assert "本试验已有41%的内容译成中文" in home.split("nct03418623/")[1].split("</li>")[0]
    about = (site / "site" / "zh" / "about" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../trials/nct00763412/">NCT00763412</a></th><td>已全部翻译（共33段文字）</td>' in about
    assert "NCT03418623</a></th><td>" in about  # a trial without an acronym goes by its registry number


def test_a_site_setting_leaves_out_trials_translated_less_than_its_minimum(project: Path) -> None:
    texts = {path.stem: path.read_text(encoding="utf-8") for path in Path("trial_data").glob("*.yaml")}
    (project / "site-project").mkdir()
    site = make_project(project / "site-project", texts)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        config.replace("    trial_data: trial_data\n", "    trial_data: trial_data\n    min_translation_coverage: 30\n")
    )
    result = run_mkdocs(site)
    assert result.returncode == 0, result.stderr
    assert "Not publishing trial_data/nct00763412.yaml: translated into zh: 16% (the site's minimum is 30%)" in (
        result.stderr
    )
    assert not (site / "site" / "trials" / "nct00763412").exists()
    assert (site / "site" / "trials" / "nct03418623" / "index.html").is_file()


@settings(max_examples=150, deadline=None)
@given(
    content=st.one_of(
        st.binary(max_size=300),
        st.lists(
            st.sampled_from(
                ['msgid ""', 'msgstr ""', 'msgctxt "title"', 'msgid "a"', 'msgstr "b"', '"x\\n"', "#, fuzzy", "#~ x"]
            ),
            max_size=12,
        ).map(lambda lines: "\n".join(lines).encode()),
    )
)
def test_any_file_given_to_import_gives_a_status_and_lines_never_a_traceback(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        catalog = Path(folder) / "nct00000000.zh.po"
        catalog.write_bytes(content)
        assert main(["translations", "import", str(catalog), "--glossary", str(Path(folder) / "none.yaml")]) in (0, 3)
