"""Give each language its own search index, and make Chinese findable by any run of two or more characters.

The i18n plugin writes one `search/search_index.json` for every language. `split_search_index` rewrites it as
one index per language (`search/` for English, `zh/search/` for Chinese, locations relative to the language's
root). Chinese pages are segmented into words by jieba at build time, and the theme's search matches whole words
or their beginnings only; so every Chinese document also gets a `terms` field with each two-character window of
its Chinese text: 乙型肝炎 adds 乙型, 型肝 and 肝炎, and a search for 肝炎 finds it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
TERMS_FIELD = "terms"


def han_bigrams(text: str) -> list[str]:
    """Return every two-character window of the Chinese runs in a text, in first-seen order."""
    seen: dict[str, None] = {}
    for run in HAN_RUN.findall(text.replace("\u200b", "")):
        for start in range(len(run) - 1):
            seen.setdefault(run[start : start + 2], None)
    return list(seen)


def language_of(location: str, prefixes: dict[str, str]) -> str:
    """Return the language a document belongs to, from its location's prefix."""
    for language, prefix in prefixes.items():
        if prefix and location.startswith(prefix):
            return language
    return next(language for language, prefix in prefixes.items() if not prefix)


def split_search_index(
    site_dir: Path, prefixes: dict[str, str], bigram_languages: tuple[str, ...] = ("zh",)
) -> dict[str, int]:
    """Rewrite the merged search index as one index per language; return each index's size in bytes."""
    merged_path = site_dir / "search" / "search_index.json"
    if not merged_path.exists():
        return {}
    merged: dict[str, Any] = json.loads(merged_path.read_text(encoding="utf-8"))
    sizes = {}
    for language, prefix in prefixes.items():
        docs = []
        for doc in merged["docs"]:
            if language_of(doc["location"], prefixes) != language:
                continue
            entry = {**doc, "location": doc["location"].removeprefix(prefix)}
            if language in bigram_languages:
                terms = han_bigrams(doc.get("title", "") + " " + doc.get("text", ""))
                if terms:
                    entry[TERMS_FIELD] = " ".join(terms)
            docs.append(entry)
        config = dict(merged["config"])
        if language in bigram_languages:
            config["fields"] = {**config.get("fields", {}), TERMS_FIELD: {"boost": 1.0}}
        target = site_dir / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
        target.write_text(text, encoding="utf-8")
        sizes[language] = len(text.encode("utf-8"))
    return sizes


def point_search_at_language_root(html: str, prefix: str) -> str:
    """Make a page's theme configuration use its language's root, where that language's search index is."""
    if not prefix:
        return html
    return re.sub(
        r'(<script id="__config" type="application/json">\{[^<]*?"base": ")([^"]*)(")',
        lambda match: match.group(1) + match.group(2).rstrip("/") + "/" + prefix + match.group(3),
        html,
        count=1,
    )
