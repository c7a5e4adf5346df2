"""Language alternates in the page head: absolute, as search engines require, or none at all.

The theme writes `<link rel="alternate" hreflang>` with page-relative addresses, which validators reject. With
`site_url` set, every page gets absolute alternates for each language plus `x-default` (the default language);
without it there is no absolute address to give, so the head carries none (the language menu still links the
translations) and the sitemap lists paths only.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from trialsite.model import LANGUAGES

THEME_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="([^"]*)" hreflang="([\w-]+)">\n?')


def absolute_alternates(output: str, page_address: str | None) -> str:
    """Rewrite a page's language alternates as absolute addresses against `page_address`, or drop them."""
    found = THEME_ALTERNATE.findall(output)
    if not found:
        return output
    if page_address is None:
        return THEME_ALTERNATE.sub("", output)
    addresses = {language: urljoin(page_address, href) for href, language in found}
    if LANGUAGES[0] in addresses:
        addresses["x-default"] = addresses[LANGUAGES[0]]
    links = "".join(
        f'    <link rel="alternate" href="{address}" hreflang="{language}">\n' for language, address in addresses.items()
    )
    first = True

    def replace(_match: re.Match[str]) -> str:
        nonlocal first
        text, first = (links if first else ""), False
        return text

    return THEME_ALTERNATE.sub(replace, output)
