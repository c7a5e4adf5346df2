"""Describe what a re-import changed, one short line per field, list or group of criteria."""

from __future__ import annotations

from collections import Counter
from typing import Any

from trialsite.ctgov.texts import english, is_pending, is_text, lookup, written_chinese
from trialsite.model import Trial, criterion_id, registry_values

SHORT = 60
SHOWN_ITEMS = 3
BOOKKEEPING = ("id", "status.as_of", "source.name", "source.url", "source.as_of")
"""Registry values that change with every record version or never: the report's first line covers them."""
FIELDS = tuple(path for path in registry_values(Trial) if path not in BOOKKEEPING)
"""The registry's single values whose changes are reported, read from the model: a new field is reported too."""
NAMED_LISTS = (
    ("conditions", english),
    ("interventions", lambda item: english(item.get("name"))),
    ("collaborators", english),
    ("contacts", lambda item: english(item.get("name")) or item.get("phone") or item.get("email")),
    ("officials", lambda item: english(item.get("name"))),
)


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """List the registry fields whose value changed, saying when a written translation was dropped."""
    lines = []
    for path in FIELDS:
        before, after = lookup(old, path), lookup(new, path)
        if shown(before) == shown(after):
            continue
        if is_text(before) or is_text(after):
            line = f"{path}: {describe_change(english(before), english(after))}"
            if written_chinese(before) and is_pending(after):
                line += "; Chinese translation dropped (pending again)"
            lines.append(line)
        else:
            lines.append(f"{path}: {shown(before)} → {shown(after)}")
    return lines


def list_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """List items added to or removed from the registry's named lists."""
    lines = []
    for path, name in NAMED_LISTS:
        before = [name(item) for item in lookup(old, path) or [] if isinstance(item, dict)]
        after = [name(item) for item in lookup(new, path) or [] if isinstance(item, dict)]
        added, removed = difference(after, before), difference(before, after)
        if added or removed:
            lines.append(f"{path}: {added_removed(added, removed)}")
    return lines


def location_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Count the sites added, removed and changed."""
    before = [site for site in old.get("locations") or [] if isinstance(site, dict)]
    after = new.get("locations") or []
    keys_before, keys_after = [site_key(site) for site in before], [site_key(site) for site in after]
    added, removed = difference(keys_after, keys_before), difference(keys_before, keys_after)
    old_by_key = {site_key(site): registry_view(site) for site in before}
    changed = sum(1 for site in after if old_by_key.get(site_key(site), registry_view(site)) != registry_view(site))
    if not (added or removed or changed):
        return []
    details = [added_removed(added, removed)] if added or removed else []
    if changed:
        details.append(f"{changed} changed (status, contacts or address)")
    return [f"locations: {len(before)} → {len(after)} sites ({'; '.join(details)})"]


def renumbered_runs(section: str, moved: list[tuple[int, int]]) -> list[str]:
    """Describe renumbered criteria briefly: runs that moved together become "I3–I14 are now I4–I15"."""
    runs: list[list[tuple[int, int]]] = []
    for old, new in sorted(moved):
        last = runs[-1][-1] if runs else None
        if last is not None and old == last[0] + 1 and new - old == last[1] - last[0]:
            runs[-1].append((old, new))
        else:
            runs.append([(old, new)])
    lines = []
    for run in runs:
        (first_old, first_new), (last_old, last_new) = run[0], run[-1]
        if len(run) == 1:
            lines.append(f"{criterion_id(section, first_old)} is now {criterion_id(section, first_new)}")
        else:
            lines.append(
                f"{criterion_id(section, first_old)}–{criterion_id(section, last_old)} are now "
                f"{criterion_id(section, first_new)}–{criterion_id(section, last_new)}"
            )
    return lines


def shown(value: Any) -> str:
    """Return a value as the change list shows it."""
    if value is None:
        return "(none)"
    if is_text(value):
        return str(english(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).lower() if isinstance(value, bool) else str(value)


def and_list(words: list[str]) -> str:
    """Join words as "a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def describe_change(before: str | None, after: str | None) -> str:
    """Describe how a text changed: in full when short, else in words."""
    if before is None:
        return "added"
    if after is None:
        return "removed"
    if len(before) <= SHORT and len(after) <= SHORT:
        return f"{before!r} → {after!r}"
    return "text changed"


def difference(first: list[Any], second: list[Any]) -> list[Any]:
    """Return the items of `first` not in `second`, counting repeats."""
    remaining = Counter(second)
    result = []
    for item in first:
        if remaining[item]:
            remaining[item] -= 1
        else:
            result.append(item)
    return result


def added_removed(added: list[Any], removed: list[Any]) -> str:
    """Describe added and removed items briefly."""
    parts = []
    for label, items in (("added", added), ("removed", removed)):
        if items:
            names = ", ".join(describe_item(item) for item in items[:SHOWN_ITEMS])
            more = f" and {len(items) - SHOWN_ITEMS} more" if len(items) > SHOWN_ITEMS else ""
            parts.append(f"{len(items)} {label}: {names}{more}")
    return "; ".join(parts)


def describe_item(item: Any) -> str:
    """Name a list item (a site key is shown as its parts)."""
    if isinstance(item, tuple):
        return ", ".join(str(part) for part in item if part) or "a site with no details"
    return str(item)


def site_key(site: dict[str, Any]) -> tuple[Any, ...]:
    """Identify a site by facility, city, country and postal code."""
    return (english(site.get("facility")), english(site.get("city")), english(site.get("country")), site.get("zip"))


def registry_view(site: dict[str, Any]) -> tuple[Any, ...]:
    """Return what the registry says of a site, in English, for comparison."""
    contacts = tuple((*contact_key(contact), english(contact.get("role"))) for contact in site.get("contacts") or [])
    coordinates = site.get("coordinates") or {}
    return (
        *site_key(site),
        english(site.get("state")),
        site.get("status"),
        contacts,
        coordinates.get("lat"),
        coordinates.get("lon"),
    )


def contact_key(contact: dict[str, Any]) -> tuple[Any, ...]:
    """Identify a contact by name, phone and e-mail."""
    return (english(contact.get("name")), contact.get("phone"), contact.get("email"))
