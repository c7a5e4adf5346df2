"""Run the fuzzing properties for many inputs and print the counts: inputs, tracebacks, crashes, hangs, losses.

Usage: `.venv/bin/python -m tests.fuzz.long_run [EXAMPLES]` (default 2,000 per property). Each property runs in a
process of its own, limited to 3 GB of memory; a process killed by a signal counts as a crash, an input taking more
than 5 s as a hang, a record neither imported nor named as a silent loss, any other failure as a traceback.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import inputs, properties

HANG_SECONDS = 5.0
MEMORY_BYTES = 3 * 1024**3
TARGETS: dict[str, tuple[Callable[..., None], tuple[st.SearchStrategy[Any], ...]]] = {
    "trial files": (properties.a_trial_file_loads_or_says_where_it_is_wrong, (inputs.trial_texts(),)),
    "rules": (
        properties.a_rule_compiles_and_evaluates_or_is_refused,
        (inputs.rule_texts(), st.dictionaries(st.sampled_from(["age", "sex", "x"]), inputs.VALUES)),
    ),
    "answers": (properties.any_answers_give_a_result, (st.one_of(inputs.answers_values(), inputs.VALUES),)),
    "answers files": (
        properties.an_answers_file_gives_a_verdict_or_bad_input,
        (st.one_of(st.binary(max_size=400), inputs.YAML_SNIPPETS.map(str.encode)),),
    ),
    "importer records": (properties.a_record_imports_or_is_named, (inputs.record_texts(),)),
}


def show(kind: str, values: tuple[Any, ...], error: BaseException) -> None:
    """Print a failing input (shortened) and what went wrong, for whoever reads the run."""
    print(f"{kind}: {type(error).__name__}: {str(error)[:300]!r} with {repr(values)[:600]}", file=sys.stderr)


def run_target(name: str, examples: int) -> Counter[str]:
    """Run one property for `examples` inputs, counting instead of stopping at the first failure."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    check, strategies = TARGETS[name]
    counts: Counter[str] = Counter()

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.tuples(*strategies))
    def each(values: tuple[Any, ...]) -> None:
        counts["inputs"] += 1
        started = time.perf_counter()
        try:
            check(*values)
        except AssertionError as error:
            kind = "silent losses" if "neither imported nor named" in str(error) else "tracebacks"
            counts[kind] += 1
            show(kind, values, error)
        except Exception as error:
            counts["tracebacks"] += 1
            show("tracebacks", values, error)
        if time.perf_counter() - started > HANG_SECONDS:
            counts["hangs"] += 1

    each()
    return counts


def main() -> None:
    """Run each property in its own process and print a line of counts per property."""
    if len(sys.argv) > 2 and sys.argv[1] == "--target":
        print(json.dumps(run_target(sys.argv[2], int(sys.argv[3]))))
        return
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    total: Counter[str] = Counter()
    print(f"{'property':<18} {'inputs':>7} {'tracebacks':>10} {'crashes':>8} {'hangs':>6} {'silent losses':>13}")
    for name in TARGETS:
        command = [sys.executable, "-m", "tests.fuzz.long_run", "--target", name, str(examples)]
        child = subprocess.run(command, capture_output=True, text=True, check=False)
        counts: Counter[str] = (
            Counter(json.loads(child.stdout.splitlines()[-1])) if child.returncode == 0 else Counter()
        )
        if child.returncode != 0:
            counts["crashes"] += 1
        total.update(counts)
        print(
            f"{name:<18} {counts['inputs']:>7} {counts['tracebacks']:>10} {counts['crashes']:>8} {counts['hangs']:>6} "
            f"{counts['silent losses']:>13}"
        )
    print(
        f"{'all':<18} {total['inputs']:>7} {total['tracebacks']:>10} {total['crashes']:>8} {total['hangs']:>6} "
        f"{total['silent losses']:>13}"
    )


if __name__ == "__main__":
    main()
