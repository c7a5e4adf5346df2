"""The project glossary: English terms and the words the translations must use for them.

`translations/glossary.yaml` maps each English term to its translation per language, or to a list of accepted
translations, the preferred one first::

    terms:
      decompensated cirrhosis: {zh: 失代偿期肝硬化}
      hepatitis B: {zh: [乙型肝炎, 乙肝]}

A translated text whose English uses a term but which does not use the term's translation gets a warning naming both
(`trialsite translations import` and `trialsite validate`). A longer term wins over a shorter one inside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from trialsite.languages import LANGUAGES
from trialsite.problem import Problem, TrialFileError, join
from trialsite.trialfile import safe_yaml
from trialsite.trialfile.load import display_name

DEFAULT_GLOSSARY = Path("translations") / "glossary.yaml"
MAX_TERMS = 5000
MAX_TERM_CHARACTERS = 200
Refuse = Callable[[yaml.Node | None, str, str], None]


@dataclass(frozen=True)
class Term:
    """One English term and its accepted translations per language, the preferred one first."""

    english: str
    translations: dict[str, tuple[str, ...]]
    pattern: re.Pattern[str] = field(compare=False)


def term_pattern(english: str) -> re.Pattern[str]:
    """Match a term as whole words, in any case, across line breaks, in the singular or with a plural -s/-es."""
    words = r"\s+".join(re.escape(word) for word in english.split())
    return re.compile(rf"(?<![\w-]){words}(?:e?s)?(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Glossary:
    """The terms of a glossary file, longest first."""

    terms: tuple[Term, ...] = ()
    path: str = ""

    def terms_in(self, english: str) -> list[Term]:
        """Return the terms an English text uses, a term inside a longer one found there left out, in text order."""
        found: list[tuple[int, int, Term]] = []
        for term in self.terms:
            for match in term.pattern.finditer(english):
                if not any(start <= match.start() and match.end() <= end for start, end, _ in found):
                    found.append((match.start(), match.end(), term))
        unique = {term.english: term for _, _, term in sorted(found, key=lambda item: item[0])}
        return list(unique.values())

    def missing_terms(self, english: str, translated: str, language: str) -> list[Term]:
        """Return the terms whose translation into `language` a translated text does not use."""
        compact = re.sub(r"\s+", "", translated)
        return [
            term
            for term in self.terms_in(english)
            if language in term.translations
            and not any(re.sub(r"\s+", "", accepted) in compact for accepted in term.translations[language])
        ]


def glossary_warning(term: Term, language: str) -> str:
    """Return the warning for a translation that leaves out a glossary term."""
    accepted = " or ".join(f'"{text}"' for text in term.translations[language])
    return f'the English uses "{term.english}" but the translation does not use the glossary\'s {accepted}'


def load_glossary(path: Path, root: Path | None = None) -> Glossary:
    """Read a glossary file; a missing file is an empty glossary. Raise `TrialFileError` naming file, line and key."""
    name = display_name(path, root)
    if not path.is_file():
        return Glossary(path=name)
    try:
        node = safe_yaml.compose(safe_yaml.read_text(path))
    except safe_yaml.YamlProblem as problem:
        raise TrialFileError(name, [Problem(problem.line, "", problem.message)]) from None
    problems: list[Problem] = []
    terms: list[Term] = []

    def refuse(at: yaml.Node | None, path: str, message: str) -> None:
        problems.append(Problem(at.start_mark.line + 1 if at is not None else 1, path, message))

    top = dict(_pairs(node)) if isinstance(node, yaml.MappingNode) else None
    if top is None or "terms" not in top:
        refuse(node, "", "expected a mapping with the key `terms`")
    else:
        for key in top:
            if key != "terms":
                refuse(node, key, "unknown key; a glossary has only `terms`")
        listed = top["terms"]
        if not isinstance(listed, yaml.MappingNode):
            refuse(listed, "terms", "expected a mapping of English terms to their translations")
        else:
            if len(listed.value) > MAX_TERMS:
                refuse(listed, "terms", f"more than {MAX_TERMS} terms")
            for key_node, value in listed.value[:MAX_TERMS]:
                term = _term(key_node, value, refuse)
                if term is not None:
                    terms.append(term)
    if problems:
        raise TrialFileError(name, problems)
    return Glossary(tuple(sorted(terms, key=lambda term: -len(term.english))), name)


def _pairs(node: yaml.MappingNode) -> list[tuple[str, yaml.Node]]:
    return [(str(key.value), value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]


def _term(key_node: yaml.Node, value: yaml.Node, refuse: Refuse) -> Term | None:
    english = str(key_node.value).strip() if isinstance(key_node, yaml.ScalarNode) else ""
    path = join("terms", english)
    if not english or len(english) > MAX_TERM_CHARACTERS:
        refuse(key_node, path, f"expected an English term of 1 to {MAX_TERM_CHARACTERS} characters")
        return None
    if not isinstance(value, yaml.MappingNode):
        refuse(value, path, 'expected a mapping of languages to terms, e.g. {zh: "失代偿期肝硬化"}')
        return None
    translations: dict[str, tuple[str, ...]] = {}
    for language, item in _pairs(value):
        listed = item.value if isinstance(item, yaml.SequenceNode) else [item]
        texts = [str(one.value).strip() for one in listed if isinstance(one, yaml.ScalarNode)]
        if language not in LANGUAGES or language == "en":
            others = ", ".join(code for code in LANGUAGES if code != "en")
            refuse(item, join(path, language), f"unknown language; expected one of: {others}")
        elif not texts or len(texts) != len(listed) or not all(texts):
            refuse(item, join(path, language), "expected the term's translation, or a list of accepted ones")
        else:
            translations[language] = tuple(texts)
    return Term(english, translations, term_pattern(english))
