"""Read ClinicalTrials.gov API v2 JSON: single study records, search responses and folders of them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NCT_ID = re.compile(r"NCT\d{8}")
REQUIRED_TEXTS = (
    ("identificationModule", "nctId"),
    ("statusModule", "overallStatus"),
    ("sponsorCollaboratorsModule", "leadSponsor", "name"),
    ("eligibilityModule", "sex"),
)


class RecordError(Exception):
    """A record lacks something the importer needs, or has it in the wrong shape; the message says what."""


def kind_of(value: Any) -> str:
    """Name a JSON value's kind for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


@dataclass(frozen=True)
class Node:
    """A JSON object inside a record, with its dotted path for error messages."""

    value: dict[str, Any]
    path: str

    def where(self, key: str) -> str:
        """Return the dotted path of a key below this node."""
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str) -> Any:
        """Return a key's value as it is, or None."""
        return self.value.get(key)

    def obj(self, key: str) -> Node | None:
        """Return a nested object, or None when absent."""
        value = self.value.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise RecordError(f"{self.where(key)}: expected an object, found {kind_of(value)}")
        return Node(value, self.where(key))

    def need(self, key: str) -> Node:
        """Return a nested object that must be there."""
        node = self.obj(key)
        if node is None:
            raise RecordError(f"missing {self.where(key)}")
        return node

    def text(self, key: str) -> str | None:
        """Return a text value with surrounding space removed, or None when absent or blank."""
        value = self.value.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise RecordError(f"{self.where(key)}: expected text, found {kind_of(value)}")
        return value.strip() or None

    def need_text(self, key: str) -> str:
        """Return a text value that must be there."""
        value = self.text(key)
        if value is None:
            raise RecordError(f"missing {self.where(key)}")
        return value

    def objs(self, key: str) -> list[Node]:
        """Return a list of objects (empty when absent)."""
        value = self._list(key)
        nodes = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                raise RecordError(f"{self.where(key)}[{index}]: expected an object, found {kind_of(item)}")
            nodes.append(Node(item, f"{self.where(key)}[{index}]"))
        return nodes

    def texts(self, key: str) -> list[str]:
        """Return a list of texts (empty when absent), without blank ones."""
        value = self._list(key)
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise RecordError(f"{self.where(key)}[{index}]: expected text, found {kind_of(item)}")
        return [item.strip() for item in value if item.strip()]

    def number(self, key: str) -> float | None:
        """Return a number, or None when absent."""
        value = self.value.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RecordError(f"{self.where(key)}: expected a number, found {kind_of(value)}")
        return float(value)

    def integer(self, key: str) -> int | None:
        """Return a whole number, or None when absent."""
        value = self.number(key)
        if value is not None and not value.is_integer():
            raise RecordError(f"{self.where(key)}: expected a whole number, found {value}")
        return None if value is None else int(value)

    def boolean(self, key: str) -> bool | None:
        """Return true or false, or None when absent."""
        value = self.value.get(key)
        if value is not None and not isinstance(value, bool):
            raise RecordError(f"{self.where(key)}: expected true or false, found {kind_of(value)}")
        return value

    def _list(self, key: str) -> list[Any]:
        value = self.value.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise RecordError(f"{self.where(key)}: expected a list, found {kind_of(value)}")
        return value


@dataclass(frozen=True)
class Study:
    """One study record, checked for what the importer needs, with where it came from."""

    origin: str
    nct_id: str
    root: Node

    @property
    def protocol(self) -> Node:
        """Return the protocol section."""
        return self.root.need("protocolSection")


def check_study(value: Any, origin: str) -> Study:
    """Return the study in a parsed record, raising `RecordError` when it is not one or lacks required modules."""
    if not isinstance(value, dict) or not isinstance(value.get("protocolSection"), dict):
        found = "an object without protocolSection" if isinstance(value, dict) else kind_of(value)
        raise RecordError(f"not a ClinicalTrials.gov study record (expected protocolSection, found {found})")
    root = Node(value, "")
    protocol = root.need("protocolSection")
    nct_id = protocol.need("identificationModule").need_text("nctId")
    if not NCT_ID.fullmatch(nct_id):
        raise RecordError(f"protocolSection.identificationModule.nctId: expected an NCT number, found {nct_id!r}")
    try:
        for *modules, key in REQUIRED_TEXTS:
            node = protocol
            for module in modules:
                node = node.need(module)
            node.need_text(key)
        identification = protocol.need("identificationModule")
        if identification.text("officialTitle") is None:
            identification.need_text("briefTitle")
    except RecordError as error:
        raise RecordError(f"{nct_id}: {error}") from None
    return Study(origin, nct_id, root)


@dataclass
class ReadResult:
    """The studies read from the paths given, and one error line per file or study that could not be read."""

    studies: list[Study]
    errors: list[str]
    notes: list[str]


def json_files(path: Path) -> list[Path]:
    """List the .json files of a folder in a stable order."""
    return sorted(item for item in path.iterdir() if item.is_file() and item.suffix.lower() == ".json")


def read_paths(paths: list[Path]) -> ReadResult:
    """Read every study in the given files and folders; a problem in one file does not stop the others."""
    result = ReadResult([], [], [])
    for path in paths:
        if path.is_dir():
            files = json_files(path)
            if not files:
                result.errors.append(f"{path}: no .json files in this folder")
            for file in files:
                read_file(file, result)
        elif path.is_file():
            read_file(path, result)
        else:
            result.errors.append(f"{path}: no such file or folder")
    return result


def read_file(path: Path, result: ReadResult) -> None:
    """Add the studies of one JSON file (a record or a search response) to `result`."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        result.errors.append(f"{path}: cannot read the file ({error.strerror})")
        return
    except UnicodeDecodeError:
        result.errors.append(f"{path}: not JSON (the file is not UTF-8 text)")
        return
    except json.JSONDecodeError as error:
        result.errors.append(f"{path}: not JSON ({error.msg} at line {error.lineno}, column {error.colno})")
        return
    except RecursionError:
        result.errors.append(f"{path}: not a study record (nested too deeply to read)")
        return
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        result.errors.append(f"{path}: not a study record ({str(error)[:120]})")
        return
    if isinstance(value, dict) and "studies" in value and "protocolSection" not in value:
        studies = value["studies"]
        if not isinstance(studies, list) or not studies:
            result.errors.append(f"{path}: studies: expected a non-empty list of study records")
            return
        if value.get("nextPageToken"):
            result.notes.append(f"{path}: this search response is one page; later pages are not in the file")
        for index, item in enumerate(studies):
            add_study(item, f"{path}: studies[{index}]", result)
        return
    add_study(value, str(path), result)


def add_study(value: Any, origin: str, result: ReadResult) -> None:
    """Check one parsed record and add it to `result`, or record why it cannot be imported."""
    try:
        result.studies.append(check_study(value, origin))
    except RecordError as error:
        result.errors.append(f"{origin}: {error}")
