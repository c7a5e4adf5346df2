"""Translation memory: the translations already written in the trial files, found again for the same English."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from trialsite.translations.texts import TextEntry, text_entries
from trialsite.trialfile import safe_yaml


def normal(text: str) -> str:
    """Return a text with its runs of white space made one space, for comparing."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Suggestion:
    """A translation found for an English text: where it was first written, and how many others differ."""

    translation: str
    trial: str
    path: str
    alternatives: int


@dataclass
class TranslationMemory:
    """Every written (not pending) translation into one language, by its normalised English."""

    language: str
    _by_english: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)

    def add(self, trial: str, entries: list[TextEntry]) -> None:
        """Remember the written translations of a trial's texts."""
        for entry in entries:
            translation = entry.translation(self.language)
            if translation and translation.strip():
                sources = self._by_english.setdefault(normal(entry.english), {}).setdefault(translation, [])
                sources.append((trial, entry.path))

    def suggest(self, english: str, trial: str = "", path: str = "") -> Suggestion | None:
        """Return the most used translation of an English text, leaving out the text at (`trial`, `path`) itself."""
        found = {
            translation: [source for source in sources if source != (trial, path)]
            for translation, sources in self._by_english.get(normal(english), {}).items()
        }
        found = {translation: sources for translation, sources in found.items() if sources}
        if not found:
            return None
        counts = Counter({translation: len(sources) for translation, sources in found.items()})
        best = counts.most_common(1)[0][0]
        first_trial, first_path = found[best][0]
        return Suggestion(best, first_trial, first_path, len(found) - 1)

    def __len__(self) -> int:
        return len(self._by_english)


def memory_of(paths: list[Path], language: str) -> TranslationMemory:
    """Return the memory of the translations written in trial files; a file that cannot be read adds nothing."""
    memory = TranslationMemory(language)
    for path in paths:
        try:
            root = safe_yaml.compose(safe_yaml.read_text(path))
        except safe_yaml.YamlProblem:
            continue
        memory.add(path.stem, text_entries(root))
    return memory
