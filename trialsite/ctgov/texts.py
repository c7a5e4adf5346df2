"""Look into trial data: its texts (`{en, zh}` or `{en, pending}`) and values at dotted key paths."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trialsite.model import LANGUAGES
from trialsite.trialfile.nodes import PENDING


def is_text(value: Any) -> bool:
    """Tell whether a value is a text in the site languages (`{en, zh}` or `{en, pending}`)."""
    return isinstance(value, dict) and "en" in value and set(value) <= {*LANGUAGES, PENDING}


def english(value: Any) -> str | None:
    """Return a text's English, or None."""
    return value["en"] if is_text(value) and isinstance(value["en"], str) else None


def written_chinese(value: Any) -> str | None:
    """Return a text's written Chinese translation, or None when it has none (or it is pending)."""
    if not is_text(value) or "zh" in (value.get(PENDING) or []):
        return None
    chinese = value.get("zh")
    return chinese if isinstance(chinese, str) and chinese.strip() else None


def is_pending(value: Any) -> bool:
    """Tell whether a text's Chinese is pending."""
    return is_text(value) and "zh" in (value.get(PENDING) or [])


def walk_texts(value: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (key path without list positions, text) for every text in a value."""
    if is_text(value):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for item in value:
            yield from walk_texts(item, path)


def lookup(value: Any, path: str) -> Any:
    """Return the value at a dotted key path, or None."""
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
