"""MkDocs hooks: forward build events to `trialsite`, where the work is done."""

from __future__ import annotations

from typing import Any

from mkdocs.plugins import event_priority

from trialsite.site.builder import shared_site

site = shared_site()


def on_startup(command: str, dirty: bool) -> None:
    site.on_startup(command, dirty)


def on_config(config: Any) -> Any:
    return site.on_config(config)


@event_priority(50)  # before the i18n plugin (-100) sorts files into languages
def on_files(files: Any, config: Any) -> Any:
    return site.on_files(files, config)


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    return site.on_nav(nav, config, files)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    return site.on_page_content(html, page, config)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return site.on_page_markdown(markdown, page, config)


def on_post_page(output: str, page: Any, config: Any) -> str:
    return site.on_post_page(output, page, config)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    return site.on_post_template(output_content, template_name, config)


@event_priority(-110)  # after the i18n plugin has built every language and merged the search index
def on_post_build(config: Any) -> None:
    site.on_post_build(config)
