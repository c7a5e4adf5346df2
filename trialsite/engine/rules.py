"""Parse rule-language expressions with `ast` and evaluate them in three-valued (Kleene) logic.

A rule is a Python expression over question ids, computed values and a small library of functions.
Only the node types in `Rule._evaluators` are accepted; anything else is refused when the rule is
compiled. An unanswered question is `UNKNOWN`, and unknown propagates: `False and UNKNOWN` is
False, `True or UNKNOWN` is True, and a comparison or arithmetic with `UNKNOWN` is `UNKNOWN`.

`UNCLEAR` (from `unclear()`) is a second kind of unknown: the answers are there but the registry
text does not say what they mean. It propagates like `UNKNOWN`, and where both meet `UNKNOWN` wins,
since answering the missing question may settle the rule. A rule whose value is `UNCLEAR` is
therefore one that no further answer can decide.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple


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


class _Unclear(_Unknown):
    """Unknown because the criterion's wording is ambiguous for these answers."""

    _instance: _Unknown | None = None

    def __repr__(self) -> str:
        return "UNCLEAR"


UNCLEAR: Any = _Unclear()


def is_unknown(value: Any) -> bool:
    """Tell whether a value is UNKNOWN or UNCLEAR."""
    return value is UNKNOWN or value is UNCLEAR


def combine_unknowns(values: Iterable[Any]) -> Any:
    """Return UNKNOWN if any value is UNKNOWN, else UNCLEAR if any is UNCLEAR, else None."""
    found = None
    for value in values:
        if value is UNKNOWN:
            return UNKNOWN
        if value is UNCLEAR:
            found = UNCLEAR
    return found


class RuleError(Exception):
    """A rule cannot be compiled or evaluated; the message quotes the expression."""


class Calculated(float):
    """A number computed by a clinical formula from lab values, e.g. MELD; comparisons near a bound are flagged."""

    label: str

    def __new__(cls, value: float, label: str) -> Calculated:
        number = super().__new__(cls, value)
        number.label = label
        return number


class Function(NamedTuple):
    """A function rules may call; `strict` ones return UNKNOWN when any argument is unknown."""

    call: Callable[..., Any]
    strict: bool = True


class Comparison(NamedTuple):
    """A number compared with a bound while a rule was evaluated: `name op bound` gave `holds`."""

    name: str
    value: float
    op: str
    bound: float
    holds: bool


class Trace:
    """What happened while one rule was evaluated: numeric comparisons, and calculated values near their bound."""

    __slots__ = ("borderline", "comparisons")

    def __init__(self) -> None:
        self.borderline: list[tuple[str, float, float]] = []
        self.comparisons: list[Comparison] = []


SYMBOLS: dict[type[ast.cmpop], str] = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "=="}
FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}
MAX_RULE_CHARACTERS = 2000
MAX_RULE_DEPTH = 30
"""How deeply a rule's expression may nest; the evaluator recurses, and Pyodide's stack is small."""
MAX_RULE_NUMBER = 1e12
BORDERLINE_MARGIN = 1.0
EQUAL_TOLERANCE = 1e-9

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


def _syntax_hint(source: str) -> str:
    """Suggest the Python spelling when a rule is written in another language's operators."""
    if re.search(r"&&|\|\||!(?!=)|(?<![<>=!])=(?!=)", source):
        return "; rules are Python expressions: write `and`, `or`, `not` and `==`"
    return ""


def nesting_depth(tree: ast.AST) -> int:
    """Return how deeply an expression's nodes nest, without recursion."""
    deepest = 0
    pending = [(tree, 1)]
    while pending:
        node, depth = pending.pop()
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _small(number: float) -> bool:
    try:
        return math.isfinite(number) and abs(number) <= MAX_RULE_NUMBER
    except OverflowError:  # an integer too large for a float
        return False


def kleene_and(values: Iterable[Any]) -> Any:
    """Return False if any value is false, else the unknown among them (UNKNOWN before UNCLEAR), else True."""
    unknowns = []
    for value in values:
        if is_unknown(value):
            unknowns.append(value)
        elif not value:
            return False
    unknown = combine_unknowns(unknowns)
    return True if unknown is None else unknown


def kleene_or(values: Iterable[Any]) -> Any:
    """Return True if any value is true, else the unknown among them (UNKNOWN before UNCLEAR), else False."""
    unknowns = []
    for value in values:
        if is_unknown(value):
            unknowns.append(value)
        elif value:
            return True
    unknown = combine_unknowns(unknowns)
    return False if unknown is None else unknown


def kleene_not(value: Any) -> Any:
    """Return the negation, keeping an unknown unknown."""
    return value if is_unknown(value) else not value


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
        if len(source) > MAX_RULE_CHARACTERS:
            raise RuleError(
                f"a rule may be at most {MAX_RULE_CHARACTERS:,} characters long; this one has {len(source):,}"
            )
        try:
            self.tree = ast.parse(source.strip(), mode="eval")
        except SyntaxError as error:
            detail = "" if error.msg == "invalid syntax" else f": {error.msg}"
            raise RuleError(f"invalid syntax in {source!r}{detail}{_syntax_hint(source)}") from None
        except (RecursionError, MemoryError, ValueError):  # nested too deeply for the parser, or a huge literal
            raise RuleError(f"a rule may nest at most {MAX_RULE_DEPTH} levels deep: {source!r}") from None
        if nesting_depth(self.tree) > MAX_RULE_DEPTH:
            raise RuleError(f"a rule may nest at most {MAX_RULE_DEPTH} levels deep: {source!r}")
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
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not _small(node.value):
            raise RuleError(f"numbers in rules may be at most {MAX_RULE_NUMBER:,.0f}: {self.source!r}")
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
        if is_unknown(operand):
            return operand
        self._require_number(operand, node)
        return -operand if isinstance(node.op, ast.USub) else +operand

    def _eval_binop(self, node: ast.BinOp, env: Mapping[str, Any], trace: Trace) -> Any:
        left, right = self._eval(node.left, env, trace), self._eval(node.right, env, trace)
        unknown = combine_unknowns((left, right))
        if unknown is not None:
            return unknown
        self._require_number(left, node)
        self._require_number(right, node)
        if isinstance(node.op, ast.Div) and right == 0:
            return UNKNOWN
        return _ARITHMETIC[type(node.op)](float(left), float(right))

    def _eval_compare(self, node: ast.Compare, env: Mapping[str, Any], trace: Trace) -> Any:
        results = []
        left_node: ast.AST = node.left
        left = self._eval(node.left, env, trace)
        for operator, comparator in zip(node.ops, node.comparators, strict=True):
            right = self._eval(comparator, env, trace)
            result = self._compare(operator, left, right, node, trace)
            results.append(result)
            self._remember(trace, operator, (left_node, left), (comparator, right), result)
            left_node, left = comparator, right
        return kleene_and(results)

    def _remember(
        self, trace: Trace, operator: ast.cmpop, left: tuple[ast.AST, Any], right: tuple[ast.AST, Any], result: Any
    ) -> None:
        """Record `name op number` (either way round) when it compared two numbers, for reasons in words."""
        symbol = SYMBOLS.get(type(operator))
        if symbol is None or not isinstance(result, bool):
            return
        for (subject, value), (_, bound), op in ((left, right, symbol), (right, left, FLIPPED[symbol])):
            numbers = all(isinstance(item, (int, float)) and not isinstance(item, bool) for item in (value, bound))
            if isinstance(subject, ast.Name) and numbers:
                trace.comparisons.append(Comparison(subject.id, float(value), op, float(bound), result))
                return

    def _compare(self, operator: ast.cmpop, left: Any, right: Any, node: ast.AST, trace: Trace) -> Any:
        unknown = combine_unknowns((left, right))
        if unknown is not None:
            return unknown
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
            if math.isclose(left, right, rel_tol=EQUAL_TOLERANCE, abs_tol=EQUAL_TOLERANCE):
                right = left  # 1.2 × a limit converted from µmol/L equals the converted value exactly
        return _COMPARATORS[type(operator)](left, right)

    def _eval_call(self, node: ast.Call, env: Mapping[str, Any], trace: Trace) -> Any:
        assert isinstance(node.func, ast.Name)
        function = self.functions[node.func.id]
        arguments = [self._eval(argument, env, trace) for argument in node.args]
        if function.strict:
            unknown = combine_unknowns(arguments)
            if unknown is not None:
                return unknown
        try:
            return function.call(*arguments)
        except ValueError:
            return UNKNOWN  # e.g. a lab value a formula cannot use: the study team will compute it
        except TypeError as error:
            raise RuleError(f"{node.func.id}() failed in {self.source!r}: {error}") from None

    def _eval_ifexp(self, node: ast.IfExp, env: Mapping[str, Any], trace: Trace) -> Any:
        test = self._eval(node.test, env, trace)
        if is_unknown(test):
            body, orelse = self._eval(node.body, env, trace), self._eval(node.orelse, env, trace)
            same = not is_unknown(body) and not is_unknown(orelse) and body == orelse
            return body if same else combine_unknowns((test, body, orelse))
        return self._eval(node.body if test else node.orelse, env, trace)

    def _eval_collection(self, node: ast.List | ast.Tuple | ast.Set, env: Mapping[str, Any], trace: Trace) -> Any:
        values = [self._eval(element, env, trace) for element in node.elts]
        unknown = combine_unknowns(values)
        return tuple(values) if unknown is None else unknown

    def _require_number(self, value: Any, node: ast.AST) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise RuleError(f"expected a number, found {value!r} in {ast.unparse(node)!r} of {self.source!r}")
