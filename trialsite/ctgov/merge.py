"""Re-import: update what the registry owns in an existing trial file and keep what people wrote in it.

The registry owns every key the importer writes. People own translations (a `zh` whose English is unchanged), the
hand-written parts of criteria (`plain`, `rule`, `assessed_by`, `unclear`, their own `note`), `questions`,
`computed`, `examples`, `sponsor.description`, contact caveats, other registry numbers and
`eligibility.check_age_and_sex` once set.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from trialsite.ctgov import wording
from trialsite.ctgov.changes import (
    and_list,
    contact_key,
    field_changes,
    list_changes,
    location_changes,
    renumbered_runs,
)
from trialsite.ctgov.criteria import SECTIONS
from trialsite.ctgov.texts import english, is_pending, lookup, walk_texts, written_chinese
from trialsite.model import Criterion, Owner, Trial, checklist_question_id, criterion_id, owned_by
from trialsite.trialfile.nodes import PENDING

PEOPLE_KEYS = owned_by(Trial, Owner.PEOPLE)
HAND_WORDS = {
    "plain": "plain version",
    "rule": "rule",
    "assessed_by": "study-team mark",
    "unclear": "unclear text",
    "note": "note",
}
HAND_CRITERION_KEYS = owned_by(Criterion, Owner.PEOPLE)
IMPORTER_NOTES = {note["en"] for note in wording.IMPORTER_NOTES}
HEADING_NOTE = re.compile(r"Registry heading: ")
SIMILAR = 0.6


@dataclass
class Merged:
    """The merged trial, what changed (one line each) and how much hand work was kept."""

    trial: dict[str, Any]
    changes: list[str] = field(default_factory=list)
    kept: Counter[str] = field(default_factory=Counter)

    def kept_line(self) -> str | None:
        """Summarize the hand work kept, or None when there was none."""
        labels = (
            ("translation", "Chinese translation(s)"),
            ("rule", "rule(s)"),
            ("assessed_by", "study-team mark(s)"),
            ("plain", "plain version(s)"),
            ("unclear", "unclear text(s)"),
            ("note", "note(s)"),
            ("caveat", "contact caveat(s)"),
            ("questions", "question(s)"),
            ("computed", "computed value(s)"),
            ("examples", "example(s)"),
        )
        parts = [f"{self.kept[key]} {label}" for key, label in labels if self.kept[key]]
        return "kept: " + ", ".join(parts) if parts else None


class Merger:
    """Merge a fresh import into the trial data of the existing file."""

    def __init__(self, new: dict[str, Any], old: dict[str, Any]) -> None:
        self.new = new
        self.old = old
        self.result = Merged(new)
        self.memory: dict[tuple[str, str], str] = {}
        for path, text in walk_texts(old):
            chinese = written_chinese(text)
            if chinese is not None:
                self.memory.setdefault((path, text["en"]), chinese)
        self.renamed: dict[str, str] = {}

    def merge(self) -> Merged:
        """Return the merged trial with its change list."""
        self.restore_translations()
        for describe in (field_changes, list_changes, location_changes):
            self.result.changes += describe(self.old, self.new)
        self.keep_caveats()
        for section in SECTIONS:
            self.merge_criteria(section)
        self.keep_people_parts()
        return self.result

    def restore_translations(self) -> None:
        """Give back every written Chinese translation whose English is unchanged."""
        for path, text in walk_texts(self.new):
            chinese = self.memory.get((path, text["en"])) if is_pending(text) else None
            if chinese is not None:
                text.pop(PENDING)
                text["zh"] = chinese
                self.result.kept["translation"] += 1

    def keep_caveats(self) -> None:
        """Keep the caveats people wrote on contacts that are still listed."""
        caveats = {contact_key(contact): contact["caveat"] for contact in all_contacts(self.old) if "caveat" in contact}
        for contact in all_contacts(self.new):
            caveat = caveats.get(contact_key(contact))
            if caveat is not None:
                contact["caveat"] = caveat
                self.result.kept["caveat"] += 1

    def merge_criteria(self, section: str) -> None:
        """Match each new criterion to an old one (same text, else similar text) and keep its hand-written parts."""
        old_items = [item for item in lookup(self.old, f"eligibility.{section}") or [] if isinstance(item, dict)]
        new_items: list[dict[str, Any]] = self.new["eligibility"][section]
        pairs = match_criteria(new_items, old_items)
        moved: list[tuple[int, int]] = []
        for new_index, item in enumerate(new_items):
            old_index = pairs.get(new_index)
            label = criterion_id(section, item["number"])
            if old_index is None:
                self.result.changes.append(f"eligibility.{section}: {label} added")
                continue
            old = old_items[old_index]
            kept = self.keep_hand_work(item, old)
            old_label = criterion_id(section, old.get("number", 0)) if isinstance(old.get("number"), int) else label
            if old_label != label:
                self.renamed[old_label] = label
            if english(old.get("text")) != english(item["text"]):
                line = f"eligibility.{section}: {old_label} reworded"
                if old_label != label:
                    line += f", now {label}"
                if written_chinese(old.get("text")):
                    line += "; Chinese translation dropped (pending again)"
                if kept:
                    line += f"; kept its {and_list([HAND_WORDS[key] for key in kept])}: check against the new wording"
                self.result.changes.append(line)
            elif old_label != label:
                moved.append((old["number"], item["number"]))
        self.result.changes += [f"eligibility.{section}: {run}" for run in renumbered_runs(section, moved)]
        self.report_removed(section, [item for index, item in enumerate(old_items) if index not in pairs.values()])

    def report_removed(self, section: str, removed: list[dict[str, Any]]) -> None:
        """List criteria the registry no longer has, quoting them when hand work goes with them."""
        for old in removed:
            number = old.get("number")
            lost = [key for key in HAND_CRITERION_KEYS if key in old and not importer_note(old, key)]
            line = f"eligibility.{section}: {criterion_id(section, number if isinstance(number, int) else 0)} removed"
            if lost:
                line += f" with its {and_list([HAND_WORDS[key] for key in lost])}: {english(old.get('text'))!r}"
            self.result.changes.append(line)

    def keep_hand_work(self, item: dict[str, Any], old: dict[str, Any]) -> list[str]:
        """Copy the hand-written keys of an old criterion onto the new one; return their names."""
        kept = []
        if "rule" in old and "drafted" not in old:
            item.pop("drafted", None)  # a person reviewed (or wrote) the rule: a new draft does not replace it
        for key in HAND_CRITERION_KEYS:
            if key not in old or importer_note(old, key) or (key in ("rule", "drafted") and "drafted" in old):
                continue  # an unreviewed draft is the importer's own: drafted anew from the new text
            item[key] = old[key]
            self.result.kept[key] += 1
            kept.append(key)
        return kept

    def keep_people_parts(self) -> None:
        """Keep questions, computed values, examples, the sponsor description and other hand-set keys."""
        for key in PEOPLE_KEYS:
            value = self.old.get(key)
            if isinstance(value, list) and value:
                kept = rename_in_examples(value, self.renamed) if key == "examples" else value
                if key == "questions":  # library questions new drafted rules ask, unless the file asks them already
                    asked = {item.get("library") or item.get("id") for item in value if isinstance(item, dict)}
                    kept = [*value, *(item for item in self.new.get(key) or [] if item.get("library") not in asked)]
                self.new[key] = kept
                self.result.kept[key] += len(value)
        description = lookup(self.old, "sponsor.description")
        if description is not None:
            self.new["sponsor"]["description"] = description
        check = lookup(self.old, "eligibility.check_age_and_sex")
        if isinstance(check, bool):
            self.new["eligibility"]["check_age_and_sex"] = check
        own_id = self.new["registry_ids"][0]["id"]
        others = [
            entry
            for entry in self.old.get("registry_ids") or []
            if isinstance(entry, dict) and entry.get("id") != own_id
        ]
        self.new["registry_ids"] += others


def importer_note(criterion: dict[str, Any], key: str) -> bool:
    """Tell whether a criterion's key is a note the importer wrote (the registry owns it)."""
    if key != "note":
        return False
    text = english(criterion.get("note")) or ""
    return text in IMPORTER_NOTES or bool(HEADING_NOTE.match(text))


def match_criteria(new_items: list[dict[str, Any]], old_items: list[dict[str, Any]]) -> dict[int, int]:
    """Pair new criteria with old ones: identical English first, then the most similar wording above a threshold."""
    pairs: dict[int, int] = {}
    free = set(range(len(old_items)))
    texts_before = [english(item.get("text")) or "" for item in old_items]
    for index, item in enumerate(new_items):
        text = english(item["text"])
        same = next((position for position in sorted(free) if texts_before[position] == text), None)
        if same is not None:
            pairs[index] = same
            free.discard(same)
    for index, item in enumerate(new_items):
        if index in pairs or not free:
            continue
        text = english(item["text"]) or ""
        scored = [
            (difflib.SequenceMatcher(None, text, texts_before[position]).ratio(), -abs(position - index), position)
            for position in free
        ]
        score, _, position = max(scored)
        if score >= SIMILAR:
            pairs[index] = position
            free.discard(position)
    return pairs


def rename_in_examples(examples: list[Any], renamed: dict[str, str]) -> list[Any]:
    """Follow renumbered criteria in examples: criterion ids in their lists and checklist answers."""
    if not renamed:
        return examples
    answers_renamed = {
        checklist_question_id(section, int(old[1:])): checklist_question_id(section, int(new[1:]))
        for old, new in renamed.items()
        for section in SECTIONS
        if old[0] == section[0].upper()
    }
    result = []
    for example in examples:
        if not isinstance(example, dict):
            result.append(example)
            continue
        updated = dict(example)
        for key in ("failed", "unknown", "borderline"):
            if isinstance(updated.get(key), list):
                updated[key] = [renamed.get(value, value) for value in updated[key]]
        if isinstance(updated.get("answers"), dict):
            updated["answers"] = {answers_renamed.get(key, key): value for key, value in updated["answers"].items()}
        result.append(updated)
    return result


def all_contacts(trial: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the central contacts and every site's contacts."""
    contacts = [contact for contact in trial.get("contacts") or [] if isinstance(contact, dict)]
    for site in trial.get("locations") or []:
        if isinstance(site, dict):
            contacts += [contact for contact in site.get("contacts") or [] if isinstance(contact, dict)]
    return contacts


def merge(new: dict[str, Any], old: dict[str, Any]) -> Merged:
    """Merge a fresh import (`new`, changed in place) with the data of the existing file."""
    return Merger(new, old).merge()
