"""Parse rule-language expressions with `ast` and evaluate them in three-valued (Kleene) logic.

A rule is a Python expression over question ids, computed values and a small library of functions.
Only the node types in `Rule._evaluators` are accepted; anything else is refused when the rule is
compiled. An unanswered question is `UNKNOWN`, and unknown propagates: `False and UNKNOWN` is
False, `True or UNKNOWN` is True, and a comparison or arithmetic with `UNKNOWN` is `UNKNOWN`.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


class _Unknown:
    """The third truth value: not known yet."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value; use the Kleene helpers")


UNKNOWN: Any = _Unknown()


class RuleError(Exception):
    """A rule cannot be compiled or evaluated; the message quotes the expression."""


class Calculated(float):
    """A number computed by a clinical formula from lab values, e.g. MELD; comparisons near a bound are flagged."""

    label: str

    def __new__(cls, value: float, label: str) -> Calculated:
        number = super().__new__(cls, value)
        number.label = label
        return number


@dataclass(frozen=True)
class Function:
    """A function rules may call; `strict` ones return UNKNOWN when any argument is unknown."""

    call: Callable[..., Any]
    strict: bool = True


@dataclass
class Trace:
    """What happened while one rule was evaluated: borderline comparisons and unclear() calls."""

    borderline: list[tuple[str, float, float]] = field(default_factory=list)
    unclear: bool = False


BORDERLINE_MARGIN = 1.0

_COMPARATORS: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: bool(a == b),
    ast.NotEq: lambda a, b: bool(a != b),
    ast.Lt: lambda a, b: bool(a < b),
    ast.LtE: lambda a, b: bool(a <= b),
    ast.Gt: lambda a, b: bool(a > b),
    ast.GtE: lambda a, b: bool(a >= b),
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


def kleene_and(values: Iterable[Any]) -> Any:
    """Return False if any value is false, else UNKNOWN if any is unknown, else True."""
    result: Any = True
    for value in values:
        if value is UNKNOWN:
            result = UNKNOWN
        elif not value:
            return False
    return result


def kleene_or(values: Iterable[Any]) -> Any:
    """Return True if any value is true, else UNKNOWN if any is unknown, else False."""
    result: Any = False
    for value in values:
        if value is UNKNOWN:
            result = UNKNOWN
        elif value:
            return True
    return result


def kleene_not(value: Any) -> Any:
    """Return the negation, keeping UNKNOWN unknown."""
    return UNKNOWN if value is UNKNOWN else not value


class Rule:
    """A compiled expression, checked against the names and functions it may use."""

    def __init__(self, source: str, names: Iterable[str], functions: Mapping[str, Function]) -> None:
        self.source = source
        self.functions = functions
        self._evaluators: dict[type[ast.AST], Callable[[Any, Mapping[str, Any], Trace], Any]] = {
            ast.Expression: lambda node, env, trace: self._eval(node.body, env, trace),
            ast.Constant: lambda node, env, trace: node.value,
            ast.Name: self._eval_name,
            ast.BoolOp: self._eval_boolop,
            ast.UnaryOp: self._eval_unaryop,
            ast.BinOp: self._eval_binop,
            ast.Compare: self._eval_compare,
            ast.Call: self._eval_call,
            ast.IfExp: self._eval_ifexp,
            ast.List: self._eval_collection,
            ast.Tuple: self._eval_collection,
            ast.Set: self._eval_collection,
        }
        try:
            self.tree = ast.parse(source.strip(), mode="eval")
        except SyntaxError as error:
            raise RuleError(f"invalid syntax in {source!r}: {error.msg}") from None
        known_names = set(names)
        self.names: set[str] = set()
        self.calls: set[str] = set()
        self._check(self.tree, known_names)

    def _check(self, node: ast.AST, known_names: set[str]) -> None:
        """Refuse node types, operators, names and calls outside the rule language."""
        allowed: tuple[type[ast.AST], ...] = (ast.Load, ast.And, ast.Or, ast.Not, ast.USub, ast.UAdd)
        if isinstance(node, (*allowed, *_COMPARATORS, *_ARITHMETIC)):
            return
        if type(node) not in self._evaluators:
            raise RuleError(f"{type(node).__name__} is not allowed in rules: {self.source!r}")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float, str, bool)):
            raise RuleError(f"the constant {node.value!r} is not allowed in rules: {self.source!r}")
        if isinstance(node, ast.Name):
            if node.id not in known_names:
                raise RuleError(
                    f"unknown name {node.id!r} in {self.source!r}; expected a question id or a computed value"
                )
            self.names.add(node.id)
            return
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in self.functions:
                listed = ", ".join(sorted(self.functions))
                raise RuleError(
                    f"only these functions may be called: {listed}; found {ast.unparse(node.func)!r} in {self.source!r}"
                )
            if node.keywords:
                raise RuleError(f"keyword arguments are not allowed in rules: {self.source!r}")
            self.calls.add(node.func.id)
            for argument in node.args:
                self._check(argument, known_names)
            return
        for child in ast.iter_child_nodes(node):
            self._check(child, known_names)

    def evaluate(self, env: Mapping[str, Any], trace: Trace | None = None) -> Any:
        """Evaluate with the given values (UNKNOWN for unanswered), recording borderline comparisons."""
        return self._eval(self.tree, env, trace if trace is not None else Trace())

    def _eval(self, node: ast.AST, env: Mapping[str, Any], trace: Trace) -> Any:
        return self._evaluators[type(node)](node, env, trace)

    def _eval_name(self, node: ast.Name, env: Mapping[str, Any], trace: Trace) -> Any:
        return env.get(node.id, UNKNOWN)

    def _eval_boolop(self, node: ast.BoolOp, env: Mapping[str, Any], trace: Trace) -> Any:
        values = (self._eval(value, env, trace) for value in node.values)
        return kleene_and(values) if isinstance(node.op, ast.And) else kleene_or(values)

    def _eval_unaryop(self, node: ast.UnaryOp, env: Mapping[str, Any], trace: Trace) -> Any:
        operand = self._eval(node.operand, env, trace)
        if isinstance(node.op, ast.Not):
            return kleene_not(operand)
        if operand is UNKNOWN:
            return UNKNOWN
        self._require_number(operand, node)
        return -operand if isinstance(node.op, ast.USub) else +operand

    def _eval_binop(self, node: ast.BinOp, env: Mapping[str, Any], trace: Trace) -> Any:
        left, right = self._eval(node.left, env, trace), self._eval(node.right, env, trace)
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        self._require_number(left, node)
        self._require_number(right, node)
        if isinstance(node.op, ast.Div) and right == 0:
            return UNKNOWN
        return _ARITHMETIC[type(node.op)](float(left), float(right))

    def _eval_compare(self, node: ast.Compare, env: Mapping[str, Any], trace: Trace) -> Any:
        results = []
        left = self._eval(node.left, env, trace)
        for operator, comparator in zip(node.ops, node.comparators, strict=True):
            right = self._eval(comparator, env, trace)
            results.append(self._compare(operator, left, right, node, trace))
            left = right
        return kleene_and(results)

    def _compare(self, operator: ast.cmpop, left: Any, right: Any, node: ast.AST, trace: Trace) -> Any:
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        if isinstance(operator, (ast.In, ast.NotIn)):
            if not isinstance(right, (list, tuple, set, frozenset, str)):
                raise RuleError(f"'in' needs a list on its right, found {right!r} in {self.source!r}")
        elif not isinstance(operator, (ast.Eq, ast.NotEq)):
            self._require_number(left, node)
            self._require_number(right, node)
            for value, bound in ((left, right), (right, left)):
                near = abs(value - bound) <= BORDERLINE_MARGIN
                if isinstance(value, Calculated) and not isinstance(bound, Calculated) and near:
                    trace.borderline.append((value.label, float(value), float(bound)))
        return _COMPARATORS[type(operator)](left, right)

    def _eval_call(self, node: ast.Call, env: Mapping[str, Any], trace: Trace) -> Any:
        assert isinstance(node.func, ast.Name)
        function = self.functions[node.func.id]
        arguments = [self._eval(argument, env, trace) for argument in node.args]
        if function.strict and any(argument is UNKNOWN for argument in arguments):
            return UNKNOWN
        if node.func.id == "unclear":
            trace.unclear = True
        try:
            return function.call(*arguments)
        except ValueError:
            return UNKNOWN  # e.g. a lab value a formula cannot use: the study team will compute it
        except TypeError as error:
            raise RuleError(f"{node.func.id}() failed in {self.source!r}: {error}") from None

    def _eval_ifexp(self, node: ast.IfExp, env: Mapping[str, Any], trace: Trace) -> Any:
        test = self._eval(node.test, env, trace)
        if test is UNKNOWN:
            body, orelse = self._eval(node.body, env, trace), self._eval(node.orelse, env, trace)
            return body if body is not UNKNOWN and body == orelse else UNKNOWN
        return self._eval(node.body if test else node.orelse, env, trace)

    def _eval_collection(self, node: ast.List | ast.Tuple | ast.Set, env: Mapping[str, Any], trace: Trace) -> Any:
        values = [self._eval(element, env, trace) for element in node.elts]
        return UNKNOWN if any(value is UNKNOWN for value in values) else tuple(values)

    def _require_number(self, value: Any, node: ast.AST) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise RuleError(f"expected a number, found {value!r} in {ast.unparse(node)!r} of {self.source!r}")
