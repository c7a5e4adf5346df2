"""The data flows one way: YAML -> model -> pages / bundle -> worker. Imports that run against it fail here."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "trialsite"
MAY_IMPORT = {
    "languages": set(),
    "cache": set(),
    "problem": set(),
    "model": {"problem", "languages"},
    "wording": {"languages"},
    "facts": {"model", "wording"},
    "engine": set(),
    "trialfile": {"problem", "model", "engine", "wording"},
    "selfcheck": {"problem", "model", "engine", "wording", "facts"},
    "trials": {"problem", "model", "trialfile", "selfcheck"},
    "site": {"problem", "model", "engine", "wording", "facts", "trialfile", "selfcheck", "trials", "cache"},
    "ctgov": {"problem", "model", "wording", "trialfile", "trials"},
    "translations": {"problem", "model", "languages", "trialfile", "trials"},
}
"""For each part of the package, the other parts it may import (the command line, `cli.py`, may import any)."""


def part_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported_parts(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("trialsite."):
            found.add((node.module or "").split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("trialsite.")}
    return found


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_each_part_imports_only_what_comes_before_it_in_the_data_flow(path: Path) -> None:
    part = part_of(path)
    if part in ("cli", "__init__"):
        return
    assert imported_parts(path) - {part} <= MAY_IMPORT[part]


def test_the_engine_uses_the_standard_library_only() -> None:
    for path in (PACKAGE / "engine").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert (node.module or "").split(".")[0] in sys.stdlib_module_names, (path.name, node.module)
            elif isinstance(node, ast.Import):
                assert all(alias.name.split(".")[0] in sys.stdlib_module_names for alias in node.names), path.name


def test_the_command_line_does_not_load_mkdocs() -> None:
    script = "import sys, trialsite.cli; print(sorted({'mkdocs', 'jinja2', 'markdown'} & set(sys.modules)))"
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
