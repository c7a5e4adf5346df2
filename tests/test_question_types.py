"""Every question type exists on each side of the seam: model, engine, page template and browser widget."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from trialsite.engine.answers import QUESTION_TYPES
from trialsite.model import QuestionType, values_of
from trialsite.wording import WORDS

SITE = Path(__file__).resolve().parents[1] / "trialsite" / "site"


def template_macros() -> set[str]:
    text = (SITE / "templates" / "questions.html.j2").read_text(encoding="utf-8")
    return set(re.findall(r"\{% macro (\w+)\(q, qid\) %\}", text))


def browser_widgets() -> set[str]:
    script = f"import({json.dumps((SITE / 'static' / 'widgets.js').as_uri())}).then((m) => "
    script += "console.log(JSON.stringify(Object.keys(m.WIDGETS))))"
    output = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout
    return set(json.loads(output))


def test_the_model_engine_template_and_browser_list_the_same_question_types() -> None:
    types = set(values_of(QuestionType))
    assert set(QUESTION_TYPES) == types
    assert template_macros() == types
    assert browser_widgets() == types


def test_every_question_type_describes_its_answers_in_every_language() -> None:
    for kind in QUESTION_TYPES.values():
        for language, table in WORDS.items():
            assert table.get(kind.accepts), (kind.accepts, language)


def test_every_wording_key_exists_in_every_language() -> None:
    keys = {language: set(table) for language, table in WORDS.items()}
    assert keys["en"] == keys["zh"]
    assert all(text.strip() for table in WORDS.values() for text in table.values())
