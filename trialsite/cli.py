"""The `trialsite` command: validate trial files, check answers, print an answers template, write the schema."""

from __future__ import annotations

import argparse
import json
import os
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trialsite.cache import cache_root, write_atomically
from trialsite.engine.answers import MONTHS_PER_DURATION_UNIT, QUESTION_TYPES
from trialsite.engine.checker import BundleError, Checker, check_answers
from trialsite.engine.rules import is_unknown
from trialsite.languages import LANGUAGES
from trialsite.problem import TrialDataError, TrialFileError
from trialsite.trialfile import safe_yaml
from trialsite.wording import counted, message, printable, reason, ui

if TYPE_CHECKING:
    from trialsite.model import Trial

# `check` is meant to be quick: it imports only the engine and the wording, and reads a trial's bundle from the cache
# when the same file was bundled before. Every other command imports what it needs when it runs.

EXIT_MAY_BE_ELIGIBLE, EXIT_NOT_ELIGIBLE, EXIT_INCOMPLETE, EXIT_BAD_INPUT, EXIT_COULD_NOT_RUN = 0, 1, 2, 3, 4
EXIT_BY_VERDICT = {
    "may_be_eligible": EXIT_MAY_BE_ELIGIBLE,
    "not_eligible": EXIT_NOT_ELIGIBLE,
    "incomplete": EXIT_INCOMPLETE,
}
DEFAULT_TRIAL_DIR = Path("trial_data")
GLOSSARY = Path("translations/glossary.yaml")
TRANSLATED = tuple(language for language in LANGUAGES if language != "en")
PENDING_LISTED = 20
"""`validate` lists this many untranslated fields of a trial, then counts the rest (a fresh import has hundreds)."""


class UsageError(Exception):
    """Bad input on the command line; the message is printed without a traceback."""


def trial_path(reference: str, trial_dir: Path) -> Path:
    """Return the file of a trial given as a file path or as an id in the trial folder."""
    path = Path(reference)
    if not path.is_file():
        path = trial_dir / f"{reference}.yaml"
        if not path.is_file():
            raise UsageError(f"no trial file {reference!r} and no {path}")
    return path


def fingerprint(data: bytes) -> str:
    """Return a short key for some bytes: their length and two checksums (zlib loads faster than hashlib)."""
    return f"{len(data):x}-{zlib.crc32(data):08x}-{zlib.adler32(data):08x}"


def code_version() -> str:
    """Return a short fingerprint of this installation's code: a cached bundle is only reused by the same code."""
    package = os.path.dirname(__file__)
    stats = []
    for folder, _, names in os.walk(package):
        for name in names:
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                stats.append((os.path.relpath(os.path.join(folder, name), package), stat.st_size, stat.st_mtime_ns))
    return fingerprint(repr(sorted(stats)).encode())


def checked_bundle(path: Path) -> dict[str, Any]:
    """Return what `check` needs of a trial file (name, title, bundle), from the cache for a file bundled before.

    A file is validated (format and model) before its bundle is cached; its examples are run by `validate` and the
    build, not here.
    """
    data = path.read_bytes()[: safe_yaml.MAX_FILE_BYTES + 1]
    key = f"{fingerprint(data)}-{fingerprint(code_version().encode())}"
    cached = cache_root() / "bundles" / f"{key}.json"
    try:
        entry: dict[str, Any] = json.loads(cached.read_text(encoding="utf-8"))
        return entry
    except (OSError, ValueError):
        pass
    from trialsite.selfcheck.bundle import build_bundle
    from trialsite.trialfile.load import load_trial

    trial = load_trial(path)
    entry = {
        "name": trial.name,
        "title": {language: trial.title[language] for language in LANGUAGES},
        "bundle": build_bundle(trial),
        "examples": {example.id: example.answers for example in trial.examples},
    }
    write_atomically(cached, json.dumps(entry, ensure_ascii=False, default=str).encode())
    return json.loads(json.dumps(entry, ensure_ascii=False, default=str))  # type: ignore[no-any-return]


MAX_ANSWERS_BYTES = 1_000_000


def read_answers(path: Path) -> dict[str, Any]:
    """Read an answers file (YAML or JSON): a mapping of question ids to answers, within the stated limits."""
    try:
        data = safe_yaml.load(safe_yaml.read_text(path, MAX_ANSWERS_BYTES))
    except safe_yaml.YamlProblem as problem:
        raise UsageError(f"{path}:{problem.line}: {problem.message}") from None
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"{type(data).__name__} {str(data)[:40]!r}"
        raise UsageError(f"{path}:1: expected a mapping of question ids to answers, found {found}")
    return data


def verdict_key(result: dict[str, Any], bundle: dict[str, Any]) -> str:
    """Return the verdict's words: as its own key, or for a result no answer can complete, or one that may change."""
    if result["verdict"] == "incomplete" and set(result["unknown"]) <= set(result["unclear"]):
        return "incomplete_unclear"
    recheck = {criterion["id"] for criterion in bundle["criteria"] if criterion.get("recheck")}
    if result["verdict"] == "not_eligible" and set(result["failed"]) <= recheck | set(result["borderline"]):
        return "not_eligible_for_now"
    drafted = {criterion["id"] for criterion in bundle["criteria"] if criterion.get("drafted")}
    if result["verdict"] == "not_eligible" and set(result["failed"]) <= drafted:
        return "probably_not_eligible"  # no failing rule has been checked by a person
    return str(result["verdict"])


def format_result(name: str, title: str, bundle: dict[str, Any], result: dict[str, Any], language: str) -> str:
    """Return the verdict and per-criterion table as text in a language."""
    texts = {item["id"]: item["text"][language] for item in bundle["criteria"]}
    rechecks = {item["id"]: item["recheck"] for item in bundle["criteria"] if item.get("recheck")}
    drafted = {item["id"] for item in bundle["criteria"] if item.get("drafted")}
    labels = {question["id"]: question["label"][language] for question in bundle["questions"]}
    lines = [
        f"{name}: {title}",
        "",
        ui(f"verdict_heading_{verdict_key(result, bundle)}", language),
        ui(f"verdict_{verdict_key(result, bundle)}", language),
        "",
    ]
    labels_of_values = {value["id"]: value["label"][language] for value in bundle["computed"]}
    short_labels = {
        **labels_of_values,
        **{
            question["id"]: (question.get("short_label") or question["label"])[language]
            for question in bundle["questions"]
        },
    }
    for value_id, value in result["computed"].items():
        if value["value"] is not None:
            note = " " + ui("computed_from_labs", language) if value["calculated"] else ""
            lines.append(f"{labels_of_values.get(value_id, value_id)}: {value['value']}{note}")
    for problem in result["problems"]:
        lines.append(
            f"! {printable(str(problem['question']))}: {message(problem['code'], problem['values'], language)}"
        )
    width = max(len(ui(f"outcome_{c['status']}", language)) for c in result["criteria"])
    for criterion in result["criteria"]:
        status = ui(f"outcome_{criterion['status']}", language)
        text = texts[criterion["id"]].replace("\n", " ")
        lines.append(f"{criterion['id']:<4} {status:<{width}}  {text[:100]}{'…' if len(text) > 100 else ''}")
        for why in criterion["reasons"]:
            lines.append(
                "     " + reason(why, criterion["section"], short_labels.get(why["name"], why["name"]), language)
            )
        if criterion["id"] in drafted and criterion["outcome"] == "fail":
            lines.append("     " + ui("drafted_label", language))
        recheck = rechecks.get(criterion["id"]) if criterion["outcome"] == "fail" else None
        if recheck:
            lines.append("     " + ui("recheck_label", language) + ui("colon", language) + recheck[language])
        for note in criterion["borderline"]:
            lines.append("     " + ui("borderline", language, **note))
        if criterion["unclear"]:
            lines.append("     " + criterion["unclear"][language])
    if result["needed"]:
        lines += ["", ui("still_needed", language) + ":"]
        lines += [f"  - {question}: {labels[question]}" for question in result["needed"]]
    lines += ["", ui("selfcheck_who_decides", language)]
    return "\n".join(lines)


def command_check(args: argparse.Namespace) -> int:
    """Evaluate an answers file against a trial and print the result."""
    entry = checked_bundle(trial_path(args.trial, args.trial_dir))
    bundle = entry["bundle"]
    if args.example is not None:
        if args.example not in entry["examples"]:
            listed = ", ".join(entry["examples"]) or "none"
            raise UsageError(f"no example {args.example!r} in {entry['name']}; its examples: {listed}")
        answers = entry["examples"][args.example]
    else:
        answers = read_answers(args.answers)
    checker = Checker(bundle)
    result = check_answers(checker, answers)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_result(entry["name"], entry["title"][args.lang], bundle, result, args.lang))
        if args.explain:
            print("\n" + "\n".join(explain(checker, answers, result, args.lang)))
    if result["problems"]:
        if not args.json:
            print(f"\n{len(result['problems'])} answer(s) could not be used.", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_BY_VERDICT[result["verdict"]]


def explain(checker: Checker, answers: dict[str, Any], result: dict[str, Any], language: str) -> list[str]:
    """Say, per criterion, the values its rule saw: canonical units, durations also in the unit answered."""
    env, _, _ = checker.read_answers(answers)
    values = {**env, **{key: item["value"] for key, item in result["computed"].items()}}
    lines = [ui("explain_heading", language) + ui("colon", language).rstrip()]
    for criterion in result["criteria"]:
        rule = checker.rules.get(criterion["id"])
        if rule is None:
            continue
        seen = [
            f"{name} = {shown_value(checker, name, values.get(name), answers.get(name))}" for name in sorted(rule.names)
        ]
        lines.append(f"{criterion['id']:<4} {criterion['outcome']:<7} {rule.source.strip()}")
        lines.append("     " + "; ".join(seen))
    return lines


def shown_value(checker: Checker, name: str, value: Any, raw: Any) -> str:
    """Show a value as a rule sees it, with its unit, and a duration also in the unit it was answered in."""
    if value is None or is_unknown(value):
        return "unknown"
    question = checker.questions.get(name)
    if question is None or isinstance(value, bool):
        return repr(value) if isinstance(value, str) else str(value)
    if question["type"] == "duration":
        unit = raw.get("unit") if isinstance(raw, dict) else None
        months = f"{value:g} months"
        if unit and unit != "months":
            return f"{months} ({value / MONTHS_PER_DURATION_UNIT[unit]:g} {unit}, as answered)"
        return months
    units = question.get("units") or []
    if units and not isinstance(value, str):
        answered = raw.get("unit") if isinstance(raw, dict) else None
        note = f" (answered in {answered})" if answered and answered != units[0]["id"] else ""
        return f"{value:g} {units[0]['id']}{note}"
    return repr(value) if isinstance(value, str) else str(value)


def command_validate(args: argparse.Namespace) -> int:
    """Validate trial files (the whole trial folder when none are named)."""
    from trialsite.model import translation_coverage
    from trialsite.selfcheck.bundle import build_bundle
    from trialsite.selfcheck.verify import example_coverage, fully_tested, untested
    from trialsite.translations.glossary import load_glossary
    from trialsite.translations.workflow import glossary_warnings
    from trialsite.trialfile.load import same_id_errors
    from trialsite.trials import load_trial, trial_files

    glossary = load_glossary(args.glossary)

    paths = [Path(path) for path in args.paths] or trial_files(args.trial_dir)
    errors: list[TrialFileError] = same_id_errors(paths, None)
    for path in paths:
        try:
            trial = load_trial(path, require_translations=args.require_translations)
        except TrialFileError as error:
            errors.append(error)
            continue
        examples = len(trial.examples)
        print(f"{path}: ok ({examples} example(s) agree with the rules)")
        coverage = example_coverage(trial, Checker(build_bundle(trial)))
        gaps = untested(coverage)
        print(
            f"{path}: coverage: {fully_tested(coverage)} of {len(coverage)} criteria with a rule are met by an "
            "example and failed by another" + ("; untested: " + "; ".join(gaps) if gaps else "")
        )
        if not reachable(trial):
            print(
                f"{path}: warning: a visitor has no way to reach anyone: add how_to_take_part, or a contact with a"
                " phone number or e-mail address that the source gives"
            )
        for language in TRANSLATED:
            done = translation_coverage(trial, language)
            print(
                f"{path}: translated into {language}: {done.translated_texts} of {done.texts} texts, "
                f"{done.translated_characters:,} of {done.characters:,} characters ({done.percent}%)"
            )
        for warning in glossary_warnings(path, glossary, list(TRANSLATED)):
            print(warning)
        drafted = [
            (f"{prefix}{criterion.number}", criterion)
            for prefix, criteria in (("I", trial.eligibility.inclusion), ("E", trial.eligibility.exclusion))
            for criterion in criteria
            if criterion.drafted is not None
        ]
        if drafted:
            print(f"{path}: {len(drafted)} rule(s) drafted from the registry text, to check and mark reviewed:")
            for criterion_id, criterion in drafted:
                print(f"  {criterion_id}: {criterion.rule}  (read: {criterion.drafted!r})")
        if trial.pending_translations:
            pending = trial.pending_translations
            print(f"{path}: {len(pending)} field(s) not yet translated:")
            for item in pending[:PENDING_LISTED]:
                print("  " + item.render(str(path)))
            if len(pending) > PENDING_LISTED:
                print(
                    f"  … and {len(pending) - PENDING_LISTED} more: `trialsite translations export --trial "
                    f"{trial.id}` writes them all into a file to translate"
                )
    if errors:
        print(str(TrialDataError(errors)), file=sys.stderr)
        return 1
    return 0


def reachable(trial: Trial) -> bool:
    """Tell whether the trial says how to reach a person: a how-to-take-part text, or a phone or e-mail."""
    contacts = [*trial.contacts, *(contact for site in trial.locations for contact in site.contacts)]
    return trial.how_to_take_part is not None or any(contact.phone or contact.email for contact in contacts)


def command_questions(args: argparse.Namespace) -> int:
    """Print an answers template: every question with its label and the accepted answers (examples not run)."""
    bundle = checked_bundle(trial_path(args.trial, args.trial_dir))["bundle"]
    language = args.lang
    lines = ["# " + ui("answers_template_heading", language, trial=bundle["id"])]
    texts = {criterion["id"]: criterion["text"][language] for criterion in bundle["criteria"]}
    for question in bundle["questions"]:
        if question.get("criterion"):
            lines.append(f"# {question['criterion']}: {' '.join(texts[question['criterion']].split())}")
        lines.append(f"# {question['label'][language]}")
        lines.append(f"#   {describe_answer(question, language)}")
        if question.get("ask_if"):
            lines.append("#   " + ui("asked_only_if_rule", language, rule=question["ask_if"]))
        lines.append(f"{question['id']}: null")
    print("\n".join(lines))
    return 0


def describe_answer(question: dict[str, Any], language: str) -> str:
    """Say in a comment what a question accepts, in the words its type registers."""
    low, high = question.get("min"), question.get("max")
    if low is not None and high is not None:
        bounds = ui("range_between", language, min=low, max=high)
    elif low is not None:
        bounds = ui("range_at_least", language, min=low)
    elif high is not None:
        bounds = ui("range_at_most", language, max=high)
    else:
        bounds = ""
    separator = ui("list_separator", language)
    units = [unit["id"] for unit in question.get("units") or []]
    return ui(
        QUESTION_TYPES[question["type"]].accepts,
        language,
        options=separator.join(option["id"] for option in question.get("options") or []),
        range=bounds,
        canonical=units[0] if units else "",
        units=separator.join(units),
    )


def command_import_ctgov(args: argparse.Namespace) -> int:
    """Import ClinicalTrials.gov records as trial files, keeping hand work in files that already exist."""
    from trialsite.ctgov.importer import run_import

    out = args.out if args.out is not None else args.trial_dir
    return run_import([Path(path) for path in args.paths], out, sys.stdout, sys.stderr)


def command_new(args: argparse.Namespace) -> int:
    """Write a complete, valid, commented starting file for a new trial."""
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", args.id):
        raise UsageError(f"a trial id is lower-case letters, digits and hyphens, like msc-dlc-2; found {args.id!r}")
    target = args.trial_dir / f"{args.id}.yaml"
    if target.exists():
        raise UsageError(f"{target} exists already; choose another id or remove the file")
    starter = (Path(__file__).parent / "trialfile" / "starter.yaml").read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(starter.replace("{id}", args.id), encoding="utf-8")
    print(f"{target}: written; replace each REPLACE text, then run: trialsite validate {target}")
    return 0


def command_schema(args: argparse.Namespace) -> int:
    """Write (or print) the JSON Schema of the trial file format."""
    from trialsite.trialfile.format import schema_text

    text = schema_text()
    if args.output == "-":
        print(text, end="")
    else:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def add_check(commands: Any) -> None:
    """Add the `check` command."""
    check = commands.add_parser("check", help="check an answers file against a trial's criteria")
    check.add_argument("trial", help="trial id (in the trial folder) or path to a trial file")
    given = check.add_mutually_exclusive_group(required=True)
    given.add_argument("--answers", type=Path, help="answers file (YAML or JSON)")
    given.add_argument("--example", help="use the answers of one of the trial file's examples, by id")
    check.add_argument("--lang", choices=LANGUAGES, default="en")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.add_argument("--explain", action="store_true", help="show the values each criterion's rule saw")
    check.set_defaults(run=command_check)


def add_validate(commands: Any) -> None:
    """Add the `validate` command."""
    validate = commands.add_parser("validate", help="validate trial files, their rules and examples")
    validate.add_argument("paths", nargs="*", help="trial files (default: every file in the trial folder)")
    validate.add_argument(
        "--require-translations", action="store_true", help="treat a translation marked pending as an error"
    )
    validate.add_argument("--glossary", type=Path, default=GLOSSARY, help="the project glossary")
    validate.set_defaults(run=command_validate)


def add_questions(commands: Any) -> None:
    """Add the `questions` command."""
    questions = commands.add_parser("questions", help="print an empty answers template")
    questions.add_argument("trial")
    questions.add_argument("--lang", choices=LANGUAGES, default="en")
    questions.set_defaults(run=command_questions)


def add_new(commands: Any) -> None:
    """Add the `new` command."""
    new = commands.add_parser("new", help="write a valid, commented starting file for a new trial")
    new.add_argument("id", help="the new trial's id: lower-case letters, digits and hyphens")
    new.set_defaults(run=command_new)


def add_schema(commands: Any) -> None:
    """Add the `schema` command."""
    schema = commands.add_parser("schema", help="write the trial file JSON Schema")
    schema.add_argument("--output", default="schema/trial.schema.json", help="file to write, or - for stdout")
    schema.set_defaults(run=command_schema)


def add_import(commands: Any) -> None:
    """Add the `import` command and its registries."""
    importer = commands.add_parser("import", help="import trials from a registry")
    sources = importer.add_subparsers(dest="source", required=True)
    ctgov = sources.add_parser(
        "ctgov",
        help="import ClinicalTrials.gov API v2 study records (JSON)",
        description="Write one trial file per study: from a study record, a search response "
        '({"studies": [...]}) or a folder of .json files. An existing file is updated: what the registry owns '
        "is replaced, translations, rules, questions and examples are kept, and the changes are listed.",
    )
    ctgov.add_argument("paths", nargs="+", metavar="PATH", help="JSON file or folder of JSON files")
    ctgov.add_argument("--out", type=Path, default=None, help="folder for the trial files (default: the trial folder)")
    ctgov.set_defaults(run=command_import_ctgov)


def command_translations_export(args: argparse.Namespace) -> int:
    """Write PO files of the trials' texts for translators (filling from the memory first when asked)."""
    from trialsite.translations.glossary import load_glossary
    from trialsite.translations.workflow import export_catalogs, fill_from_memory
    from trialsite.trials import trial_files

    glossary = load_glossary(args.glossary)
    every = trial_files(args.trial_dir) if args.trial_dir.is_dir() else []
    paths = [trial_path(reference, args.trial_dir) for reference in args.trial] if args.trial else every
    languages = args.lang or list(TRANSLATED)
    refused = False
    if args.fill_from_memory:
        filled = fill_from_memory(paths, every, languages)
        print("\n".join(filled.lines))
        refused = filled.refused
    report = export_catalogs(paths, every, languages, args.out, glossary)
    print("\n".join(report.lines))
    return EXIT_BAD_INPUT if refused or report.refused else 0


def command_translations_import(args: argparse.Namespace) -> int:
    """Write the translations of PO files into the trial files."""
    from trialsite.translations.glossary import load_glossary
    from trialsite.translations.workflow import import_catalogs

    report = import_catalogs(
        [Path(name) for name in args.files], args.trial_dir, load_glossary(args.glossary), list(TRANSLATED)
    )
    print("\n".join(report.lines))
    return EXIT_BAD_INPUT if report.refused else 0


def command_match(args: argparse.Namespace) -> int:
    """Group every trial of the trial folder by what an answers file to the shared questions says."""
    from trialsite.engine.matching import Matcher
    from trialsite.selfcheck.matching import match_entry, question_order
    from trialsite.trialfile.library import library_ids
    from trialsite.trials import load_trials

    answers = read_answers(args.answers)
    published = load_trials(args.trial_dir)
    trials = [trial for trial in published if trial.is_open]
    entries = [match_entry(trial, args.lang) for trial in trials]
    result = {**Matcher({"trials": entries}).match(answers), "left_out": len(published) - len(trials)}
    asked = question_order(entries, library_ids())
    ignored = [name for name in answers if name not in asked]
    if ignored:
        listed = ", ".join(ignored)
        print(f"trialsite: ignored (no trial asks them among the shared questions): {listed}", file=sys.stderr)
    if args.json:
        print(json.dumps({**result, "questions": asked}, ensure_ascii=False, indent=2))
    else:
        print(format_match(trials, entries, result, args.lang))
    if result["problems"]:
        if not args.json:
            print(f"\n{len(result['problems'])} answer(s) could not be used.", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def format_match(trials: list[Trial], entries: list[dict[str, Any]], result: dict[str, Any], language: str) -> str:
    """Return the grouped trials as text: per group, one line per trial and what it still needs or why it fails."""
    by_id = {trial.id: trial for trial in trials}
    labels = {
        question["id"]: question["label"][language] for entry in entries for question in entry["bundle"]["questions"]
    }
    texts = {
        (entry["id"], criterion["id"]): criterion["text"]
        for entry in entries
        for criterion in entry["bundle"]["criteria"]
    }
    separator = ui("list_separator", language)
    lines = [ui("match_title", language), counted("match_checked", language, len(trials))]
    if result["left_out"]:
        lines.append(counted("match_left_out", language, result["left_out"]))
    for problem in result["problems"]:  # such an answer counts as not given
        lines.append(
            f"! {printable(str(problem['question']))}: {message(problem['code'], problem['values'], language)}"
        )
    for group in ("may_be_eligible", "more_answers", "not_eligible"):
        members = [item for item in result["trials"] if item["group"] == group]
        heading = ui("match_group_count", language, group=ui(f"match_group_{group}", language), count=len(members))
        lines += ["", heading]
        for item in members:
            trial = by_id[item["trial"]]
            title = " ".join(trial.title[language].split())
            lines.append(f"  {trial.name}{ui('colon', language)}{title[:90]}{'…' if len(title) > 90 else ''}")
            if group == "not_eligible":
                criterion = texts[(item["trial"], item["criterion"])].replace("\n", " ")
                if item["probably"]:
                    lines.append("    " + ui("match_probably", language))
                lines.append(f"    {item['criterion']}{ui('colon', language)}{criterion[:100]}")
                lines += [
                    "    " + reason(why, item["section"], labels.get(why["name"], why["name"]), language)
                    for why in item["reasons"]
                ]
            elif group == "more_answers":
                needed = separator.join(labels[name] for name in item["needed"])
                lines.append("    " + ui("match_still_needed", language, questions=needed))
            elif item["own_questions"]:
                lines.append("    " + counted("match_own_questions", language, item["own_questions"]))
        if group == "more_answers" and result["settle"]:
            settle = separator.join(labels[name] for name in result["settle"])
            lines.append("  " + ui("match_settle", language, questions=settle))
    lines += ["", ui("selfcheck_who_decides", language)]
    return "\n".join(lines)


def add_match(commands: Any) -> None:
    """Add the `match` command."""
    match = commands.add_parser(
        "match",
        help="check an answers file to the shared questions against every trial and group them",
        description="Answers use the shared library's question ids (age, sex, pregnant, ecog, platelets, ...). Each "
        "trial of the trial folder is put in one group: may be eligible, more answers needed (with the questions "
        "still needed), or not eligible (with the first failing criterion and why), as the site's 'Which trials may "
        "fit me?' page does.",
    )
    match.add_argument("--answers", type=Path, required=True, help="answers file (YAML or JSON)")
    match.add_argument("--lang", choices=LANGUAGES, default="en")
    match.add_argument("--json", action="store_true", help="print the groups as JSON")
    match.set_defaults(run=command_match)


def add_translations(commands: Any) -> None:
    """Add the `translations` command: export and import."""
    from_glossary = {"type": Path, "default": GLOSSARY, "help": "the project glossary"}
    translations = commands.add_parser("translations", help="translate trial texts in PO files: export, import")
    actions = translations.add_subparsers(dest="action", required=True)
    export = actions.add_parser(
        "export",
        help="write a PO file per trial and language for translators",
        description="Write <out>/<trial>.<language>.po: one entry per text, the key path as context, the English "
        "as source, the current translation if any. Pending texts get suggestions from the translation memory "
        "(marked fuzzy); an earlier export in the folder is merged, and a translation whose English changed is "
        "marked fuzzy with the earlier English. The glossary is written beside them as glossary.<language>.csv.",
    )
    export.add_argument("--lang", action="append", choices=TRANSLATED, help="language (default: every one)")
    export.add_argument("--trial", action="append", help="trial id or file (default: every trial)")
    export.add_argument("--out", type=Path, default=Path("translations"), help="folder for the PO files")
    export.add_argument("--glossary", **from_glossary)
    export.add_argument(
        "--fill-from-memory",
        action="store_true",
        help="first write the memory's translation of each pending text straight into the trial files",
    )
    export.set_defaults(run=command_translations_export)
    importer = actions.add_parser(
        "import",
        help="write the translations of PO files into the trial files",
        description="Write every reviewed (not fuzzy) translation into its trial file, keeping the rest of the "
        "file as it is. An entry whose English no longer matches the trial (stale) or whose key the trial no "
        "longer has is refused; a file whose new content would not pass its checks is not written.",
    )
    importer.add_argument("files", nargs="+", metavar="FILE", help="PO files from `translations export`")
    importer.add_argument("--glossary", **from_glossary)
    importer.set_defaults(run=command_translations_import)


COMMANDS: dict[str, Callable[[Any], None]] = {
    "check": add_check,
    "validate": add_validate,
    "questions": add_questions,
    "new": add_new,
    "schema": add_schema,
    "import": add_import,
    "translations": add_translations,
    "match": add_match,
}


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """Build the argument parser: with every command, or with just `only` (what a call naming it first needs)."""
    main_parser = argparse.ArgumentParser(prog="trialsite", description=__doc__)
    main_parser.add_argument("--trial-dir", type=Path, default=DEFAULT_TRIAL_DIR, help="folder of trial files")
    main_parser.add_argument("--debug", action="store_true", help="show the traceback when a command cannot run")
    commands = main_parser.add_subparsers(dest="command", required=True)
    for name, add in COMMANDS.items():
        if only in (None, name):
            add(commands)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (4 when a command could not run, with one line saying why)."""
    try:
        arguments = sys.argv[1:] if argv is None else list(argv)
        first = arguments[0] if arguments else None
        args = parser(first if first in COMMANDS else None).parse_args(arguments)
    except SystemExit as exit_:  # argparse's own exit status 2 would read as "incomplete"
        return EXIT_BAD_INPUT if exit_.code else 0
    try:
        status: int = args.run(args)
    except UsageError as error:
        print(f"trialsite: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except TrialFileError as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BundleError as error:
        print(f"trialsite: could not run: the rules cannot evaluate these answers: {error}", file=sys.stderr)
        return EXIT_COULD_NOT_RUN
    except BrokenPipeError:  # output piped into a command that stopped reading, e.g. `head`
        sys.stderr.close()
        return 0
    except (Exception, RecursionError, MemoryError) as error:
        if args.debug or os.environ.get("TRIALSITE_DEBUG"):
            import traceback

            traceback.print_exc()
        hint = "" if args.debug else " (run with --debug to see the traceback)"
        print(f"trialsite: could not run: {type(error).__name__}: {str(error)[:300]}{hint}", file=sys.stderr)
        return EXIT_COULD_NOT_RUN
    return status


if __name__ == "__main__":
    sys.exit(main())
