"""What must hold for any input: a result or the documented one-line error, within a time bound; never a traceback."""

from __future__ import annotations

import contextlib
import datetime
import io
import tempfile
from pathlib import Path
from typing import Any

from trialsite.cli import main
from trialsite.ctgov.importer import run_import
from trialsite.engine.checker import Checker, check_answers
from trialsite.engine.functions import FUNCTIONS
from trialsite.engine.rules import Rule, RuleError
from trialsite.selfcheck.bundle import build_bundle
from trialsite.trials import TrialFileError, load_trial

TRIAL_DATA = Path(__file__).resolve().parents[2] / "trial_data"
MINIMAL_TRIAL = Path(__file__).resolve().parents[1] / "fixtures" / "minimal.yaml"
CHECKER = Checker(build_bundle(load_trial(TRIAL_DATA / "msc-dlc-2.yaml")))
EXIT_CODES = {0, 1, 2, 3}
"""What `trialsite check` may exit with on odd answers: a verdict or "bad input"; 4 would mean it could not run."""


def a_trial_file_loads_or_says_where_it_is_wrong(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trial_data" / "minimal.yaml"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        try:
            load_trial(path, root=Path(folder))
        except TrialFileError as error:
            lines = str(error).splitlines()
            assert lines, "an error without a message"
            assert all(line.startswith("trial_data/minimal.yaml:") for line in lines), lines


def a_rule_compiles_and_evaluates_or_is_refused(source: str, env: dict[str, Any]) -> None:
    try:
        rule = Rule(source, {"age", "sex", "x"}, FUNCTIONS)
    except RuleError:
        return
    with contextlib.suppress(RuleError):
        rule.evaluate(env)


def any_answers_give_a_result(answers: Any) -> None:
    result = check_answers(CHECKER, answers)
    assert result["verdict"] in ("may_be_eligible", "not_eligible", "incomplete")


def an_answers_file_gives_a_verdict_or_bad_input(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.yaml"
        path.write_bytes(content)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["check", str(MINIMAL_TRIAL), "--answers", str(path)])
        assert status in EXIT_CODES, err.getvalue()
        assert "Traceback" not in err.getvalue()


def a_record_imports_or_is_named(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.json"
        path.write_text(text, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        status = run_import([path], Path(folder) / "out", out, err, datetime.date(2026, 12, 1))
        assert status in (0, 1)
        written = list((Path(folder) / "out").glob("*.yaml")) if (Path(folder) / "out").exists() else []
        assert (status == 0) == (not err.getvalue()), err.getvalue()
        assert written or err.getvalue(), "a record neither imported nor named"
