r"""Split ClinicalTrials.gov eligibility text into numbered inclusion and exclusion criteria.

The registry stores criteria as one Markdown-like text: headings such as "Inclusion Criteria:" or "Key Exclusion
Criteria", then numbered ("1.", "1)", "(1)") or bulleted ("*", "-", "•") items, nested items indented below their
parent, and backslash escapes (`\<`, `\>`, `\[`, ...). Each top-level item, and each paragraph that stands on its
own between items, becomes one criterion; nested items stay with their parent, one paragraph each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SECTIONS = ("inclusion", "exclusion")

NO_TEXT = "no criteria text"
NO_HEADINGS = "no headings"
NO_INCLUSION = "no inclusion section"
NO_EXCLUSION = "no exclusion section"
TEXT_BEFORE_HEADINGS = "text before the headings"
KEY_CRITERIA = "key criteria only"

ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
MARKER = re.compile(
    r"(?P<marker>[*•+·▪◦‣–-]|\d{1,3}[.)]|\(\d{1,3}\))\s+(?P<rest>\S.*)|(?P<tight>[•-])(?P<word>[A-Z].*)"
)
ONLY_MARKERS = re.compile(r"[*•+·▪◦‣–\-\s]+")
QUALIFIER = r"(?:key|main|major|principal|general|specific|additional|other|selected|important|study|patients?)"
HEADING = re.compile(
    rf"(?P<qualifier>(?:{QUALIFIER}\s+){{0,2}})(?P<kind>inclusion|exclusion)"
    r"(?:(?P<criteria>\s+criteri(?:a|on|as))?"
    r"(?:(?P<scope>\s*(?:\(|\[|for\b|-|–|—|,)[^:：]{0,100}?)?\s*[:：](?P<after>.*))"
    r"|\s+criteri(?:a|on|as))",
    re.IGNORECASE,
)
HEADING_MARKUP = re.compile(r"^[\s#*_•-]+|[\s*_]+$")
KEY_WORDS = re.compile(r"\b(?:key|main|major|principal|selected|important)\b", re.IGNORECASE)


@dataclass
class Criterion:
    """One criterion: its paragraphs (nested items included), and the registry heading it sits under."""

    paragraphs: list[str] = field(default_factory=list)
    heading: str | None = None
    before_headings: bool = False

    @property
    def text(self) -> str:
        """Return the criterion's text: paragraphs separated by blank lines, escapes turned back into characters."""
        return "\n\n".join(unescape(paragraph) for paragraph in self.paragraphs)


@dataclass
class SplitCriteria:
    """The criteria of both sections, and flags for what the text lacked or how it was unusual."""

    inclusion: list[Criterion] = field(default_factory=list)
    exclusion: list[Criterion] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def section(self, name: str) -> list[Criterion]:
        """Return the criteria of a section by name."""
        return self.inclusion if name == "inclusion" else self.exclusion


def unescape(text: str) -> str:
    r"""Turn Markdown backslash escapes (`\<`, `\[`, `\*`, ...) back into the characters."""
    return ESCAPE.sub(r"\1", text)


@dataclass(frozen=True)
class Heading:
    """A section heading line: which section, its wording, whether it qualifies the criteria, and text after it."""

    section: str
    wording: str
    scoped: bool
    key_only: bool
    after: str


def parse_heading(line: str) -> Heading | None:
    """Return the heading a line is, or None when it is not a section heading."""
    cleaned = HEADING_MARKUP.sub("", line)
    match = HEADING.fullmatch(cleaned)
    if match is None:
        return None
    after = (match.group("after") or "").strip()
    wording = cleaned[: len(cleaned) - len(match.group("after") or "")].rstrip().rstrip(":：").rstrip()
    return Heading(
        section=match.group("kind").lower(),
        wording=wording,
        scoped=bool(match.group("scope")),
        key_only=bool(KEY_WORDS.search(match.group("qualifier") or "")),
        after="" if not after or ONLY_MARKERS.fullmatch(after) else after,
    )


def indentation(line: str) -> int:
    """Return the width of a line's leading whitespace, a tab counting as four spaces."""
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


class Splitter:
    """Walk the lines of an eligibility text, building criteria section by section."""

    def __init__(self) -> None:
        self.result = SplitCriteria()
        self.section: str | None = None
        self.heading: str | None = None
        self.preamble: list[Criterion] = []
        self.current: Criterion | None = None
        self.top: int | None = None
        self.nested: list[int] = []
        self.blank = False
        self.seen_heading = False

    def items(self) -> list[Criterion]:
        """Return the list new criteria go to: the current section, or the text before any heading."""
        return self.preamble if self.section is None else self.result.section(self.section)

    def start_section(self, heading: Heading) -> None:
        """Begin a section at a heading."""
        self.seen_heading = True
        self.section = heading.section
        self.heading = heading.wording if heading.scoped else None
        self.current, self.top, self.nested = None, None, []
        if heading.key_only and KEY_CRITERIA not in self.result.flags:
            self.result.flags.append(KEY_CRITERIA)

    def new_criterion(self, text: str) -> None:
        """Start a criterion with its first paragraph."""
        self.current = Criterion([text], self.heading, before_headings=self.section is None)
        self.items().append(self.current)
        self.nested = []

    def add_line(self, line: str) -> None:
        """Take one line of the text."""
        if not line.strip():
            self.blank = True
            return
        indent, content = indentation(line), line.strip()
        heading = parse_heading(content) if indent <= 3 else None
        if heading is not None:
            self.start_section(heading)
            if heading.after:
                self.add_content(0, heading.after)
        elif not ONLY_MARKERS.fullmatch(content):
            self.add_content(indent, content)
        self.blank = False

    def add_content(self, indent: int, content: str) -> None:
        """Place a non-blank, non-heading line: a new item, a nested item or a continuation."""
        match = MARKER.fullmatch(content)
        deeper = self.current is not None and indent > (self.top if self.top is not None else 0)
        if match is not None:
            marker = match.group("marker") or match.group("tight")
            rest = match.group("rest") or match.group("word")
            if deeper and self.current is not None:
                self.add_nested(indent, marker, rest)
                return
            self.top = indent if self.top is None else min(self.top, indent)
            self.new_criterion(rest)
            return
        if self.current is None or (not deeper and self.blank):
            self.new_criterion(content)
        elif self.blank:
            self.current.paragraphs.append(content)
        else:
            self.current.paragraphs[-1] += " " + content

    def add_nested(self, indent: int, marker: str, rest: str) -> None:
        """Add a nested item to the current criterion as its own paragraph, keeping numbers and depth."""
        assert self.current is not None
        while self.nested and self.nested[-1] > indent:
            self.nested.pop()
        if not self.nested or self.nested[-1] < indent:
            self.nested.append(indent)
        shown = marker if marker[0].isdigit() or marker[0] == "(" else "-"
        self.current.paragraphs.append(f"{'  ' * (len(self.nested) - 1)}{shown} {rest}")

    def finish(self, text: str) -> SplitCriteria:
        """Return the criteria, with flags for missing sections and text outside them."""
        result = self.result
        if not self.seen_heading:
            result.flags.append(NO_HEADINGS)
            result.inclusion = [Criterion([whole_text(text)])]
            return result
        if self.preamble:
            result.flags.append(TEXT_BEFORE_HEADINGS)
            result.inclusion[:0] = self.preamble
        if not result.inclusion:
            result.flags.append(NO_INCLUSION)
        if not result.exclusion:
            result.flags.append(NO_EXCLUSION)
        return result


def whole_text(text: str) -> str:
    """Return a text without headings as one block: list items on paragraphs of their own, lines trimmed."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    spaced = re.sub(r"\n(?=[ \t]*(?:[*•+-]|\d{1,3}[.)])\s)", "\n\n", "\n".join(lines))
    return re.sub(r"\n{3,}", "\n\n", spaced)


def split_criteria(text: str | None) -> SplitCriteria:
    """Split an eligibility text into inclusion and exclusion criteria."""
    if text is None or not text.strip():
        return SplitCriteria(flags=[NO_TEXT])
    splitter = Splitter()
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        splitter.add_line(line)
    return splitter.finish(text)
