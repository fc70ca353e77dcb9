"""What the last build made and what each output read: typed records in build/.briefgen/.

For each document, language and format the state keeps the output's path and
sha256 and every input its making read (key -> digest; see
:mod:`briefgen.engine.recording`). It uses content hashes, never
modification times (a CI checkout resets every mtime).

A state file that cannot be trusted -- unreadable, written by another version
of briefgen, or edited by hand (its checksum no longer matches) -- is ignored
with a warning, and everything is rebuilt: a stale output is never the price
of a bad state file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.engine.outputs import write_atomic

STATE_DIR = ".briefgen"
STATE_FILE = "state.json"
FORMAT = 2
FAILED = '["failed"]'
"""A key no input has: an output whose last build failed is never current."""


@dataclass(frozen=True)
class OutputRecord:
    """One output file as it was written, and every input its making read."""

    fmt: str
    path: str
    """Relative to the project root."""
    sha256: str
    reads: Mapping[str, str]
    """Input key -> digest of what was read."""


@dataclass(frozen=True)
class DocumentRecord:
    """One document in one language: its outputs, and the PDF's page of every element id."""

    target: str
    lang: str
    outputs: Mapping[str, OutputRecord]
    pages: Mapping[str, int] | None = None

    @property
    def key(self) -> str:
        return f"{self.target}|{self.lang}"

    def entities(self) -> set[tuple[str, str]]:
        """(kind, id) of every entity any of its outputs read, found or not."""
        found: set[tuple[str, str]] = set()
        for out in self.outputs.values():
            for key in out.reads:
                if key.startswith('["entity"') or key.startswith('["graph",["a"'):
                    address = json.loads(key)
                    if address[0] == "entity":
                        found.add((address[1], address[2]))
                    elif len(address) >= 3 and address[2][0] == "i":
                        found.add((address[1][1], str(address[2][1])))
        return found


class CorruptState(ValueError):  # noqa: N818 - reads as what the file is
    """Why a state file cannot be trusted."""


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise CorruptState(what)


def _checksum(body: dict[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parse(data: Any) -> dict[str, DocumentRecord]:
    _expect(isinstance(data, dict), "is corrupt (not a JSON object)")
    _expect(data.get("format") == FORMAT, "has an older or newer format")
    _expect(data.get("briefgen") == __version__, f"was written by briefgen {data.get('briefgen')}")
    body = {k: v for k, v in data.items() if k != "checksum"}
    _expect(data.get("checksum") == _checksum(body), "was edited by hand (its checksum differs)")
    keys = data.get("keys")
    _expect(isinstance(keys, list) and all(isinstance(k, str) for k in keys), "bad keys")
    documents: dict[str, DocumentRecord] = {}
    for raw in data.get("documents", []):
        _expect(isinstance(raw, dict), "bad document")
        outputs: dict[str, OutputRecord] = {}
        for fmt, out in dict(raw["outputs"]).items():
            reads = {keys[i]: str(d) for i, d in out["reads"]}
            outputs[str(fmt)] = OutputRecord(str(fmt), str(out["path"]), str(out["sha256"]), reads)
        pages = raw.get("pages")
        _expect(pages is None or isinstance(pages, dict), "bad pages")
        numbers = {str(k): int(v) for k, v in pages.items()} if pages else None
        record = DocumentRecord(str(raw["target"]), str(raw["lang"]), outputs, numbers)
        documents[record.key] = record
    return documents


@dataclass
class State:
    """The record of the last build; documents keyed ``<target>|<lang>``."""

    path: Path
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    ignored: str | None = None
    """Why the state file on disk was not used, when it was not."""

    @classmethod
    def load(cls, output_dir: Path) -> State:
        path = output_dir / STATE_DIR / STATE_FILE
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except OSError as exc:
            return cls(path, ignored=f"cannot be read ({exc.strerror})")
        except UnicodeDecodeError:
            return cls(path, ignored="cannot be read (not UTF-8 text)")
        try:
            data = json.loads(text)
        except ValueError:
            return cls(path, ignored="is corrupt (not valid JSON)")
        try:
            return cls(path, _parse(data))
        except CorruptState as exc:
            return cls(path, ignored=str(exc))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return cls(path, ignored="is corrupt (unexpected contents)")

    def save(self) -> None:
        table: dict[str, int] = {}
        documents = []
        for key in sorted(self.documents):
            record = self.documents[key]
            outputs = {}
            for fmt, out in sorted(record.outputs.items()):
                reads = [[table.setdefault(k, len(table)), d] for k, d in sorted(out.reads.items())]
                outputs[fmt] = {"path": out.path, "sha256": out.sha256, "reads": reads}
            documents.append({"target": record.target, "lang": record.lang, "outputs": outputs,
                              "pages": dict(record.pages) if record.pages else None})  # fmt: skip
        body = {"format": FORMAT, "briefgen": __version__, "keys": list(table),
                "documents": documents}  # fmt: skip
        data = dict(body, checksum=_checksum(body))
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        write_atomic(self.path, text.encode("utf-8"))

    def outputs(self) -> dict[str, str]:
        """Every output file recorded: path relative to the project -> sha256."""
        return {
            out.path: out.sha256 for record in self.documents.values()
            for out in record.outputs.values()
        }  # fmt: skip
