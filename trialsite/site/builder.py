"""Connect trials to an MkDocs build: load them, add their pages, fill them per language, write assets.

`hooks/trialsite_hooks.py` forwards MkDocs events here. The i18n plugin builds the site once per
language; every event below therefore runs once per language, and `current_language` says which.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from trialsite.site import assets
from trialsite.site.alternates import absolute_alternates
from trialsite.site.precompress import precompress_site
from trialsite.site.runtime import required_files as runtime_files
from trialsite.site.runtime import shipped as shipped_runtime
from trialsite.site.catalog import CATALOG_NAME, catalog_text
from trialsite.trials import TrialDataError, TrialFileError, TrialLoader
from trialsite.model import Trial, translation_coverage
from trialsite.trialfile.load import display_name
from trialsite.site.match_page import MATCH_PAGE, match_data, match_file, match_json, render_match_page
from trialsite.site.render import (
    LIST_PAGE_SIZE,
    GeneratedPage,
    cards_file,
    cards_json,
    render_coverage_table,
    render_problems_page,
    render_trial_list,
    render_trial_page,
)
from trialsite.site.search_index import point_search_at_language_root, split_search_index
from trialsite.site.selfcheck_page import render_selfcheck_page
from trialsite.model import LANGUAGES
from trialsite.wording import missing_translations

log = logging.getLogger("mkdocs.plugins.trialsite")

TRIAL_LIST_MARKER = "<!-- trialsite:trial-list -->"
COVERAGE_MARKER = "<!-- trialsite:translation-coverage -->"
DEFAULT_TRIAL_DATA = "trial_data"
DEV_SERVER_FLAG = "trialsite_dev_server"
"""Set in `extra` under `mkdocs serve`: the page policy then allows the dev server's inline live-reload script."""
ENGINE_START = "trialsite_engine"
"""Set in `extra`: what pages that use the engine tell its worker (see `assets.engine_start`)."""
INVOCATION = {"command": "build", "dirty": "no"}
"""The MkDocs command running now (`build`, `serve` or `gh-deploy`), and whether it rebuilds only what changed."""


def current_language(config: MkDocsConfig) -> str:
    """Return the language the i18n plugin is building now."""
    plugin = config.plugins.get("i18n")
    language = getattr(plugin, "current_language", None) if plugin else None
    return language or LANGUAGES[0]


def language_prefix(language: str) -> str:
    """Return the URL prefix of a language: "" for English, "zh/" for Chinese."""
    return "" if language == LANGUAGES[0] else f"{language}/"


def trial_url(trial_id: str, language: str) -> str:
    """Return the site-relative URL of a trial page."""
    return f"{language_prefix(language)}trials/{trial_id}/"


def selfcheck_url(trial_id: str, language: str) -> str:
    """Return the site-relative URL of a trial's self-check page."""
    return f"{language_prefix(language)}trials/{trial_id}/self-check/"


def root_from(parts: list[str]) -> str:
    """Return the relative URL from a generated page (its source path parts, language first) to the site root."""
    depth = len(parts) - (0 if language_prefix(parts[0]) else 1)
    return "../" * depth


class Settings(base.Config):  # type: ignore[no-untyped-call]
    """The `extra.trialsite` settings of mkdocs.yml."""

    trial_data = c.Type(str, default=DEFAULT_TRIAL_DATA)
    """Folder of the trial files, relative to mkdocs.yml."""
    require_translations = c.Type(bool, default=False)
    """Refuse to publish a text whose translation is pending."""
    stale_after_days = c.Type(int, default=183)
    """A trial page whose status is older than this many days at build time says so, and points to the registry."""
    min_translation_coverage = c.Type(int, default=0)
    """Leave out of the site a trial whose translation into any language covers less than this percent of its
    English characters (0: publish every trial, marking what is not yet translated)."""


class TrialSite:
    """State kept across the per-language builds of one `mkdocs build` or `mkdocs serve`."""

    def __init__(self) -> None:
        self.trials: list[Trial] = []
        self._loader = TrialLoader()
        self._not_found: dict[str, str] = {}
        self._generated: dict[str, GeneratedPage] = {}
        self.broken: dict[str, TrialFileError] = {}
        """Under `mkdocs serve`: trial files with problems, by trial id; their pages list the problems."""
        self._match_data: dict[str, dict[str, Any]] = {}
        """Per language, the match data of this build (its page and its data file are made from it)."""
        self._listing_pages: set[str] = set()
        """Pages that list the trials; under `mkdocs serve --dirty` they are rebuilt although their file is unchanged."""
        self._built: dict[str, Trial] = {}
        """Under `mkdocs serve`: the trials whose pages the last build wrote (a trial object changes when its file
        does), so that a rebuild writes only the pages of trials that changed."""

    def on_startup(self, command: str, dirty: bool) -> None:
        """Remember whether this is the dev server, whose reload script is inline (the published pages have none)."""
        INVOCATION["command"] = command
        INVOCATION["dirty"] = "yes" if dirty else "no"

    def settings(self, config: MkDocsConfig) -> Settings:
        """Return the validated `extra.trialsite` settings of mkdocs.yml."""
        raw = config.extra.get("trialsite") if config.extra else None
        settings = Settings(config_file_path=config.config_file_path)
        settings.load_dict(raw if isinstance(raw, dict) else {})
        errors, _ = settings.validate()
        if errors:
            raise Abort("\n".join(f"mkdocs.yml: extra.trialsite.{key}: {error}" for key, error in errors))
        return settings

    def trial_dir(self, config: MkDocsConfig) -> Path:
        """Return the folder holding the trial files."""
        return Path(config.config_file_path).parent / self.settings(config).trial_data

    def incremental(self) -> bool:
        """Tell whether this build rebuilds only what changed: a rebuild of `mkdocs serve --dirty`."""
        return INVOCATION["command"] == "serve" and INVOCATION.get("dirty") == "yes" and bool(self._built)

    def changed_trials(self) -> list[Trial]:
        """Return the trials whose pages this build writes: all of them, or on a rebuild those whose file changed."""
        if not self.incremental():
            return self.trials
        return [trial for trial in self.trials if self._built.get(trial.id) is not trial]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate every trial (only the files that changed, when serving); stop on any problem."""
        self._generated.clear()
        missing = missing_translations()
        if missing:
            raise Abort("Interface strings without a translation:\n" + "\n".join(missing))
        folder = self.trial_dir(config)
        if not folder.is_dir():
            raise Abort(f"No trial folder: {folder} does not exist")
        self.trials, errors = self._loader.load_valid(
            folder,
            root=Path(config.config_file_path).parent,
            require_translations=self.settings(config).require_translations,
        )
        if errors and INVOCATION["command"] != "serve":
            raise Abort(f"Trial files have problems:\n{TrialDataError(errors)}")
        root = Path(config.config_file_path).parent
        self.trials = self.published(self.trials, self.settings(config).min_translation_coverage, root)
        # Under the dev server a broken file does not stop the site: its trial's page lists the problems instead.
        valid = {trial.id for trial in self.trials}
        self.broken = {Path(error.filename).stem: error for error in errors if Path(error.filename).stem not in valid}
        for error in errors:
            log.error("%s", error)
        if str(folder) not in config.watch:
            config.watch.append(str(folder))
        config.extra[DEV_SERVER_FLAG] = INVOCATION["command"] == "serve"
        config.extra[ENGINE_START] = assets.engine_start(root)
        return config

    @staticmethod
    def published(trials: list[Trial], minimum: int, root: Path) -> list[Trial]:
        """Return the trials translated enough to publish; say which are left out and why."""
        kept = []
        for trial in trials:
            percents = {language: translation_coverage(trial, language).percent for language in LANGUAGES[1:]}
            short = [(language, percent) for language, percent in percents.items() if percent < minimum]
            if short:
                reasons = ", ".join(f"translated into {language}: {percent}%" for language, percent in short)
                shown = display_name(trial.path, root)
                log.info("Not publishing %s: %s (the site's minimum is %d%%)", shown, reasons, minimum)
            else:
                kept.append(trial)
        return kept

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add a trial page and a self-check page per trial and language (filled in `on_nav`).

        On a rebuild of `mkdocs serve --dirty`, only the changed trials' pages are added (the others stay on disk
        from the last build).
        """
        uris = [f"{language}/trials/{trial_id}.md" for trial_id in self.broken for language in LANGUAGES]
        uris += [f"{language}/{MATCH_PAGE}.md" for language in LANGUAGES]  # "Which trials may fit me?"
        uris += [
            uri
            for trial in self.changed_trials()
            for language in LANGUAGES
            for uri in (f"{language}/trials/{trial.id}.md", f"{language}/trials/{trial.id}/self-check.md")
        ]
        for uri in uris:
            if files.get_file_from_path(uri) is None:
                files.append(
                    File(
                        uri,
                        src_dir=config.docs_dir,
                        dest_dir=config.site_dir,
                        use_directory_urls=config.use_directory_urls,
                        inclusion=InclusionLevel.NOT_IN_NAV,
                    )
                )
        return files

    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        """Render this language's trial and self-check pages."""
        language = current_language(config)
        by_id = {trial.id: trial for trial in self.trials}
        for file in files:
            parts = file.src_uri.removesuffix(".md").split("/")
            if parts == [language, MATCH_PAGE]:
                self._match_data[language] = match_data(self.trials, language)
                self._generated[file.src_uri] = render_match_page(
                    self._match_data[language], language, base_url=root_from(parts)
                )
                file.content_string = ""
                continue
            if len(parts) == 3 and parts[0] == language and parts[1] == "trials" and parts[2] in self.broken:
                self._generated[file.src_uri] = render_problems_page(self.broken[parts[2]], language)
                file.content_string = ""
                continue
            if len(parts) < 3 or parts[0] != language or parts[1] != "trials" or parts[2] not in by_id:
                continue
            trial = by_id[parts[2]]
            if parts[3:] == ["self-check"]:
                generated = render_selfcheck_page(trial, language, base_url=root_from(parts))
            elif len(parts) == 3:
                generated = render_trial_page(
                    trial,
                    language,
                    selfcheck_url="self-check/",
                    assets_url=root_from(parts) + "assets/",
                    page_url=(config.site_url or "/") + trial_url(trial.id, language),
                    stale_after_days=self.settings(config).stale_after_days,
                )
            else:
                continue
            runtime_dir = assets.pyodide_dir(Path(config.config_file_path).parent)
            if parts[3:] != ["self-check"] and all((runtime_dir / name).is_file() for name in runtime_files()):
                # The self-check and its runtime, fetched at idle (not run), so that a visitor who reads the trial
                # page first finds them downloaded when opening the self-check.
                generated.meta["trialsite_prefetch"] = [
                    selfcheck_url(trial.id, language),
                    *assets.selfcheck_files(trial.id),
                    *shipped_runtime(runtime_dir).files(),
                ]
            self._generated[file.src_uri] = generated
            file.content_string = ""  # the page is HTML already; set here, after the i18n plugin sorted the files
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig) -> str:
        """Give a generated page its title and description; it has no Markdown."""
        generated = self._generated.get(page.file.src_uri)
        if generated is not None:
            page.meta.update(generated.meta)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig) -> str:
        """Put in a generated page's HTML and contents, and the list of trials where a hand-written page asks."""
        generated = self._generated.get(page.file.src_uri)
        if generated is not None:
            page.toc = generated.toc
            return generated.html
        if TRIAL_LIST_MARKER not in html and COVERAGE_MARKER not in html:
            return html
        self._listing_pages.add(page.file.abs_dest_path)
        language = current_language(config)
        depth = page.url.removeprefix(language_prefix(language)).count("/")
        root = "../" * page.url.count("/")
        if COVERAGE_MARKER in html:
            table = render_coverage_table(self.trials, language, lambda trial: "../" * depth + f"trials/{trial.id}/")
            html = html.replace(COVERAGE_MARKER, table)
        if TRIAL_LIST_MARKER not in html:
            return html
        listing = render_trial_list(
            self.trials,
            language,
            lambda trial: "../" * depth + f"trials/{trial.id}/",
            assets_url=root + "assets/",
            root="../" * depth,
        )
        return html.replace(TRIAL_LIST_MARKER, listing)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Point a page's search at its own language's index; make its language alternates absolute."""
        output = absolute_alternates(output, page.canonical_url if config.site_url else None)
        return point_search_at_language_root(output, language_prefix(current_language(config)))

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """Remember each language's 404 page: every language build writes the same root 404.html."""
        if template_name == "404.html":
            language = current_language(config)
            prefix = language_prefix(language)
            # The 404 page is rendered after the last page: point its language links at each language's home.
            output = re.sub(
                r'(<a href=")[^"]*(" hreflang="(\w+)" class="md-select__link">)',
                lambda match: f"{match.group(1)}/{language_prefix(match.group(3))}{match.group(2)}",
                output,
            )
            output = re.sub(r'<link rel="alternate" href="[^"]*" hreflang="\w+">\s*', "", output)
            self._not_found[language] = point_search_at_language_root(output, prefix)
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Once every language is built: write assets, per-language 404 pages and search indexes, the trial index."""
        plugin = config.plugins.get("i18n")
        if getattr(plugin, "building", False):
            return  # a nested per-language build; the outer build finishes the site
        site_dir = Path(config.site_dir)
        assets.write_site_assets(self.changed_trials(), site_dir, Path(config.config_file_path).parent)
        for language, output in self._not_found.items():
            target = site_dir / language_prefix(language) / "404.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(output, encoding="utf-8")
        split_search_index(site_dir, {language: language_prefix(language) for language in LANGUAGES})
        base = config.site_url or ""
        urls = {
            trial.id: {
                **{language: base + trial_url(trial.id, language) for language in LANGUAGES},
                **{f"self_check_{language}": base + selfcheck_url(trial.id, language) for language in LANGUAGES},
            }
            for trial in self.trials
        }
        assets.write_if_changed(site_dir / CATALOG_NAME, catalog_text(self.trials, urls))
        for language in LANGUAGES:
            data = self._match_data.get(language) or match_data(self.trials, language)
            assets.write_if_changed(site_dir / match_file(language), match_json(data))
        if len(self.trials) > LIST_PAGE_SIZE:  # the home page holds the first cards; the rest load from here
            for language in LANGUAGES:
                assets.write_if_changed(site_dir / cards_file(language), cards_json(self.trials, language))
        for language in LANGUAGES[1:]:  # the sitemap at the root lists every language; drop the per-language copies
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (site_dir / language_prefix(language) / name).unlink(missing_ok=True)
        if INVOCATION["command"] != "serve":  # the dev server sends files as they are
            copies = precompress_site(site_dir)
            log.info(
                "Wrote .br and .gz copies of %d files (%.1f MB; brotli %.1f MB)",
                len(copies),
                sum(item.size for item in copies.values()) / 1e6,
                sum(item.brotli or item.size for item in copies.values()) / 1e6,
            )
        if INVOCATION["command"] == "serve":
            self._built = {trial.id: trial for trial in self.trials}
            for path in self._listing_pages:  # older than its source: the next dirty rebuild writes it again
                if os.path.exists(path):
                    os.utime(path, (0, 0))


SHARED: list[TrialSite] = []


def shared_site() -> TrialSite:
    """Return this process's one TrialSite.

    MkDocs re-imports the hooks module on every rebuild of `mkdocs serve` (and announces the command only once); what
    the site keeps between builds (trials loaded, pages built) lives here, in a module imported once.
    """
    if not SHARED:
        SHARED.append(TrialSite())
    return SHARED[0]
