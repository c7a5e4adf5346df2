"""Check a trial's rules and questions against each other before any example runs.

The tool knows every question's type and option ids, so these mistakes need no example to be caught: a comparison
with an option id that does not exist (or with an option's label), a yes/no or number question compared with a text,
an `ask_if` that names a question asked later, a question nothing uses, and a rule that uses a question asked only
under a condition that no criterion tests (so the criterion stays unknown for everyone not asked).
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from trialsite.model import Question, Trial
from trialsite.problem import Context

TEXT_KINDS = ("one_of", "many_of")
KNOWN_CONVERSIONS = (
    ("creatinine", "mg/dl", "µmol/l", 88.4),
    ("bilirubin", "mg/dl", "µmol/l", 17.1),
    ("albumin", "g/dl", "g/l", 10.0),
    ("haemoglobin", "g/dl", "g/l", 10.0),
    ("hemoglobin", "g/dl", "g/l", 10.0),
    ("glucose", "mmol/l", "mg/dl", 18.0),
)
"""Lab, unit, other unit, how many of the other make one of the unit: the factors authors most often get wrong."""
TOLERANCE = 0.05
NUMBER_KINDS = ("integer", "number", "duration")


def _parse(source: str) -> ast.Expression | None:
    try:
        return ast.parse(source.strip(), mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return None  # compiling the rules reports this, with the rule language's own message


def _names(source: str) -> set[str]:
    tree = _parse(source)
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} if tree else set()


def _texts(node: ast.AST) -> Iterator[str]:
    """Yield the text constants of a comparison operand (a text, or a list, tuple or set of them)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for element in node.elts:
            yield from _texts(element)


def _compared(tree: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """Yield (question name, the operand it is compared with) for every comparison of a name in a rule."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for left, right in pairwise(operands):
            if isinstance(left, ast.Name):
                yield left.id, right
            if isinstance(right, ast.Name):
                yield right.id, left


def _option_problem(question: Question, text: str) -> str | None:
    ids = [option.id for option in question.options or ()]
    if text in ids:
        return None
    listed = ", ".join(ids)
    for option in question.options or ():
        if text in (option.label.en, option.label.zh):
            return (
                f"compares {question.id!r} with {text!r}, the label of option {option.id!r}: rules use option ids; "
                f"write {option.id!r}"
            )
    close = difflib.get_close_matches(text, ids, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"compares {question.id!r} with {text!r}, which is not one of its option ids ({listed}){hint}"


def _type_problem(question: Question, text: str) -> str | None:
    kind = str(question.type)
    if kind == "yes_no":
        return (
            f"compares the yes/no question {question.id!r} with the text {text!r}, which is never true: its answer "
            f"is true or false, so write `{question.id}` or `not {question.id}`"
        )
    if kind in NUMBER_KINDS:
        return f"compares the number {question.id!r} with the text {text!r}; compare it with a number"
    if kind in TEXT_KINDS:
        return _option_problem(question, text)
    return None


def rule_sources(trial: Trial) -> Iterator[tuple[str, str]]:
    """Yield (key path, source) of every rule, computed value and `ask_if` of a trial file."""
    for index, question in enumerate(trial.questions):
        if question.ask_if:
            yield f"questions[{index}].ask_if", question.ask_if
    for index, value in enumerate(trial.computed):
        yield f"computed[{index}].expr", value.expr
    for section, index, criterion in trial.eligibility.criteria():
        if criterion.rule:
            yield f"eligibility.{section}[{index}].rule", criterion.rule


def check_ask_if_order(trial: Trial, ctx: Context) -> None:
    """Refuse an `ask_if` that uses its own question or one asked after it, saying which to move."""
    order = {question.id: index for index, question in enumerate(trial.questions)}
    for index, question in enumerate(trial.questions):
        if not question.ask_if:
            continue
        for name in sorted(_names(question.ask_if)):
            if name == question.id:
                ctx.add(f"questions[{index}].ask_if", f"ask_if of {question.id!r} uses {name!r} itself")
            elif order.get(name, -1) > index:
                ctx.add(
                    f"questions[{index}].ask_if",
                    f"ask_if of {question.id!r} uses {name!r}, which is asked later (question {order[name] + 1}); "
                    f"a question can depend only on questions asked before it: move {name!r} above {question.id!r}",
                )


def check_rule_types(trial: Trial, ctx: Context) -> None:
    """Refuse comparisons with unknown option ids or the wrong type, and questions nothing uses (rules compiled)."""
    questions = {question.id: question for question in trial.questions}
    computed = {value.id: _names(value.expr) for value in trial.computed}
    used: set[str] = set()
    for path, source in rule_sources(trial):
        tree = _parse(source)
        if tree is None:
            continue
        used |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        for name, operand in _compared(tree):
            question = questions.get(name)
            if question is None:
                continue
            for text in _texts(operand):
                problem = _type_problem(question, text)
                if problem:
                    ctx.add(path, f"the rule {problem}")
    expanded = set(used)
    for value_id, names in computed.items():
        if value_id in used:
            expanded |= names
    for index, question in enumerate(trial.questions):
        if question.id not in expanded:
            ctx.add(
                f"questions[{index}]",
                f"question {question.id!r} is asked, but no rule, computed value or ask_if uses it: use it in a "
                "rule or remove the question",
            )
    _check_conditions(trial, questions, computed, ctx)
    _check_unit_factors(trial, ctx)


def _unit(text: str) -> str:
    text = text.strip().lower().replace("μ", "µ")
    return "µ" + text[1:] if text.startswith("u") else text


def _check_unit_factors(trial: Trial, ctx: Context) -> None:
    """Refuse a unit factor far from the known one for a common lab, saying when it is upside down."""
    for index, question in enumerate(trial.questions):
        units = list(question.units or ())
        if len(units) < 2:
            continue
        canonical = _unit(units[0].id)
        for position, unit in enumerate(units[1:], start=1):
            if unit.per_canonical is None:
                continue
            for lab, first, other, factor in KNOWN_CONVERSIONS:
                if lab not in question.id.lower():
                    continue
                if (canonical, _unit(unit.id)) == (first, other):
                    expected = factor
                elif (canonical, _unit(unit.id)) == (other, first):
                    expected = 1 / factor
                else:
                    continue
                if abs(unit.per_canonical / expected - 1) <= TOLERANCE:
                    continue
                upside_down = abs(unit.per_canonical * expected - 1) <= TOLERANCE
                found = f"per_canonical {unit.per_canonical:g}"
                known = f"1 {units[0].id} of {lab} is {expected:.4g} {unit.id}, so per_canonical is {expected:.4g}"
                ctx.add(
                    f"questions[{index}].units[{position}].per_canonical",
                    f"{found} is upside down: {known}"
                    if upside_down
                    else f"{found} is far from the known factor: {known}",
                )


def _check_conditions(
    trial: Trial, questions: dict[str, Question], computed: dict[str, set[str]], ctx: Context
) -> None:
    """Refuse a criterion's rule that uses a conditional question whose condition no criterion tests."""

    def behind(names: set[str]) -> set[str]:
        found: set[str] = set()
        for name in names:
            found |= behind(computed[name]) if name in computed else {name}
        return found

    criteria = [(section, index, criterion) for section, index, criterion in trial.eligibility.criteria()]
    decided = set().union(*(behind(_names(criterion.rule)) for _, _, criterion in criteria if criterion.rule))
    for section, index, criterion in criteria:
        if not criterion.rule:
            continue
        names = behind(_names(criterion.rule))
        for name in sorted(names):
            question: Any = questions.get(name)
            if question is None or not question.ask_if:
                continue
            condition = behind(_names(question.ask_if))
            # Fine when the rule tests the condition, or when another criterion does (hiding then happens only
            # for someone that criterion already decides).
            if not condition & names and not condition & decided:
                ctx.add(
                    f"eligibility.{section}[{index}].rule",
                    f"the rule uses {name!r}, which is asked only when {question.ask_if.strip()!r}, but not that "
                    f"condition: the criterion stays unknown for everyone who is not asked {name!r}; add the "
                    f"condition to the rule",
                )
