"""The shared question library (`library.yaml`): questions a trial file asks by id, `- library: platelets`.

A library question keeps its id, type, units, bounds and options, so that one answer means the same for every trial;
a trial may give its own wording and placement (`OVERRIDABLE`). Expansion happens on the YAML nodes, before the file
is checked, so a library question is checked like any other.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import yaml

from trialsite.model import Question
from trialsite.problem import Context, TrialFileError, join
from trialsite.trialfile import safe_yaml
from trialsite.trialfile.format import record

LIBRARY_FILE = Path(__file__).with_name("library.yaml")
LIBRARY_KEY = "library"
OVERRIDABLE = ("label", "help", "short_label", "ask_if", "section", "default_unit")


@cache
def library_nodes() -> dict[str, yaml.MappingNode]:
    """Return the library's questions as YAML nodes, by id."""
    root = safe_yaml.compose(LIBRARY_FILE.read_text(encoding="utf-8"))
    assert isinstance(root, yaml.SequenceNode)
    found = {}
    for item in root.value:
        assert isinstance(item, yaml.MappingNode)
        values = {key.value: value for key, value in item.value}
        found[str(values["id"].value)] = item
    return found


def library_ids() -> list[str]:
    """Return the ids of the library's questions, in library order."""
    return list(library_nodes())


@cache
def library_questions() -> tuple[Question, ...]:
    """Return the library's questions, checked as a trial's questions are (each marked as the library's own)."""
    checker = record(Question)
    ctx = Context()
    questions = [checker.check(node, f"[{index}]", ctx) for index, node in enumerate(library_nodes().values())]
    if ctx.problems:
        raise TrialFileError(str(LIBRARY_FILE), ctx.problems)
    return tuple(dataclasses.replace(question, library=question.id) for question in questions)


def expand_library_questions(root: yaml.Node, ctx: Context) -> None:
    """Replace each `- library: <id>` question of a composed trial file by the library's question, with overrides."""
    if not isinstance(root, yaml.MappingNode):
        return
    questions = next((value for key, value in root.value if getattr(key, "value", None) == "questions"), None)
    if not isinstance(questions, yaml.SequenceNode):
        return
    unknown = []
    for index, item in enumerate(questions.value):
        if not isinstance(item, yaml.MappingNode):
            continue
        given = {str(key.value): (key, value) for key, value in item.value if isinstance(key, yaml.ScalarNode)}
        if LIBRARY_KEY not in given:
            continue
        path = f"questions[{index}]"
        id_node = given[LIBRARY_KEY][1]
        name = str(id_node.value) if isinstance(id_node, yaml.ScalarNode) else ""
        base = library_nodes().get(name)
        if base is None:
            known = ", ".join(library_ids())
            ctx.report(id_node, join(path, LIBRARY_KEY), f"unknown library question {name!r}; the library has: {known}")
            unknown.append(item)
            continue
        for key in given:
            if key not in (*OVERRIDABLE, LIBRARY_KEY):
                allowed = ", ".join(OVERRIDABLE)
                message = f"a library question's {key} comes from the library; a trial may set only: {allowed}"
                ctx.report(given[key][0], join(path, key), message)
        own = [(key, value) for key, value in item.value if str(key.value) in (*OVERRIDABLE, LIBRARY_KEY)]
        kept = [(key, value) for key, value in base.value if str(key.value) not in given]
        item.value = [*kept, *own]
    questions.value = [item for item in questions.value if item not in unknown]
