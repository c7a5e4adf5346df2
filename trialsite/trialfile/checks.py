"""Checks that need the whole trial: consistent ranges, question shapes that fit their type, unique identifiers."""

from __future__ import annotations

from collections.abc import Callable

from trialsite.engine.answers import DONT_KNOW, QUESTION_TYPES, TYPE_SPECIFIC_KEYS
from trialsite.model import LANGUAGES, Trial, checklist_question_id
from trialsite.problem import Context

SemanticCheck = Callable[[Trial, Context], None]


def check_age_range(trial: Trial, ctx: Context) -> None:
    """Refuse an age range whose minimum is above its maximum."""
    age = trial.eligibility.age
    if age.min is not None and age.max is not None and age.min > age.max:
        ctx.add("eligibility.age.min", f"expected at most the maximum age {age.max}, found {age.min}")


def check_question_shapes(trial: Trial, ctx: Context) -> None:
    """Require what each question type needs (units, options) and refuse what it does not use."""
    for index, question in enumerate(trial.questions):
        path = f"questions[{index}]"
        kind = QUESTION_TYPES[question.type]
        for key in kind.needs:
            if getattr(question, key) is None:
                ctx.add(path, f'a {question.type} question needs "{key}"')
        for key in TYPE_SPECIFIC_KEYS:
            if getattr(question, key) is not None and key not in (*kind.needs, *kind.allows):
                ctx.add(f"{path}.{key}", f"not used by a {question.type} question; remove it")
        for position, unit in enumerate(question.units or ()):
            factor = unit.per_canonical
            if position == 0 and factor not in (None, 1):
                ctx.add(
                    f"{path}.units[0].per_canonical",
                    f"the first unit is the canonical one: expected 1, found {factor}",
                )
            if position > 0 and factor is None:
                ctx.add(
                    f"{path}.units[{position}]",
                    'missing "per_canonical": how many of this unit make one of the first',
                )
        for position, option in enumerate(question.options or ()):
            if option.id in DONT_KNOW:
                ctx.add(f"{path}.options[{position}].id", f'{option.id!r} is reserved for "I don\'t know"')
        if question.min is not None and question.max is not None and question.min > question.max:
            ctx.add(f"{path}.min", f"expected at most max {question.max}, found {question.min}")
        unit_ids = [unit.id for unit in question.units or ()]
        if question.default_unit is not None and question.default_unit not in unit_ids:
            expected = ", ".join(unit_ids)
            ctx.add(
                f"{path}.default_unit",
                f"expected one of the question's units: {expected}; found {question.default_unit!r}",
            )
        for position, unit in enumerate(question.units or ()):
            low, high = unit.plausible_min, unit.plausible_max
            if low is not None and high is not None and low > high:
                ctx.add(
                    f"{path}.units[{position}].plausible_min",
                    f"expected at most plausible_max {high}, found {low}",
                )
        sections = {section.id for section in trial.question_sections}
        if question.section is not None and question.section not in sections:
            listed = ", ".join(sorted(sections)) or "none: add question_sections"
            ctx.add(
                f"{path}.section",
                f"expected a section id from question_sections ({listed}); found {question.section!r}",
            )


def check_criterion_keys(trial: Trial, ctx: Context) -> None:
    """Refuse a criterion that has both a rule and `assessed_by`, or an `unclear` text without a rule."""
    for section, index, item in trial.eligibility.criteria():
        path = f"eligibility.{section}[{index}]"
        if item.rule is not None and item.assessed_by is not None:
            ctx.add(f"{path}.assessed_by", "a criterion with a rule is assessed by its rule; remove one of them")
        if item.unclear is not None and item.rule is None:
            ctx.add(f"{path}.unclear", "only a criterion with a rule calling unclear() can be unclear")


RESERVED_TRIAL_IDS = ("index", "self-check", "assets", "search", "trials", "schema", "404", "sitemap", *LANGUAGES)
"""Ids that would collide with the site's own paths (`trials/<id>/`, `assets/`, a language's root)."""


def check_identifiers(trial: Trial, ctx: Context) -> None:
    """Refuse ids that collide: the site's own paths, checklist question ids, a computed value named like a question."""
    if trial.id in RESERVED_TRIAL_IDS:
        ctx.add("id", f"{trial.id!r} is one of the site's own paths; choose another id")
    question_ids = {question.id for question in trial.questions}
    reserved = {checklist_question_id(section, item.number) for section, _, item in trial.eligibility.criteria()}
    for index, question in enumerate(trial.questions):
        if question.id in reserved:
            ctx.add(f"questions[{index}].id", f"{question.id!r} is reserved for a criterion's checklist question")
    for index, value in enumerate(trial.computed):
        if value.id in question_ids:
            ctx.add(f"computed[{index}].id", f"{value.id!r} is already a question id")


MODEL_CHECKS: tuple[SemanticCheck, ...] = (
    check_age_range,
    check_question_shapes,
    check_criterion_keys,
    check_identifiers,
)
"""Checks of a trial's own consistency; `trialsite.trials` adds the checks of its rules against its examples."""
