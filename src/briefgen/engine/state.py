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

import gc
import hashlib
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefgen import __version__
from briefgen.outputs import write_atomic

STATE_DIR = ".briefgen"
STATE_FILE = "state.json"
FORMAT = 3
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
    stat: tuple[int, int] | None = None
    """(size, modification time in ns) just after it was written: while they are the same,
    the file is not read again to be hashed."""
    content: str = ""
    """The digest of all content when it was made (see ``Inputs.content``)."""


def document_key(target: str, lang: str) -> str:
    """How the state names one document in one language: ``<target>|<lang>``."""
    return f"{target}|{lang}"


@dataclass(frozen=True)
class DocumentRecord:
    """One document in one language: its outputs, and the PDF's page of every element id."""

    target: str
    lang: str
    outputs: Mapping[str, OutputRecord]
    pages: Mapping[str, int] | None = None

    @property
    def key(self) -> str:
        return document_key(self.target, self.lang)

    def entities(self) -> set[tuple[str, str]]:
        """(kind, id) of every entity any of its outputs read, found or not."""
        found: set[tuple[str, str]] = set()
        for out in self.outputs.values():
            for key in out.reads:
                if key.startswith('["entity",'):
                    root = json.loads(key.split("\t", 1)[0])
                    found.add((root[1], root[2]))
                elif key.startswith('["graph"]\t["a",') and key.count("\t") >= 2:
                    parts = key.split("\t", 3)
                    table, item = json.loads(parts[1]), json.loads(parts[2])
                    if item[0] == "i":
                        found.add((str(table[1]), str(item[1])))
        return found


class CorruptState(ValueError):  # noqa: N818 - reads as what the file is
    """Why a state file cannot be trusted."""


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise CorruptState(what)


def _checksum(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _parse(text: str) -> dict[str, DocumentRecord]:
    """The records of a state file; raises CorruptState (or a parsing error) when it cannot
    be trusted. The checksum covers the text after the first line exactly as briefgen
    wrote it.

    The file is read one line at a time (a line per document, after the table of
    input keys): parsing it whole left the build's main process some 15 MB larger on
    a 1,000-document project -- memory every forked worker then carried too.
    """
    head, _, body = text.partition("\n")
    header = json.loads(head)
    _expect(isinstance(header, dict), "is corrupt (not a JSON object)")
    _expect(header.get("format") == FORMAT, "has an older or newer format")
    _expect(
        header.get("briefgen") == __version__, f"was written by briefgen {header.get('briefgen')}"
    )
    _expect(
        body.endswith("\n") and header.get("checksum") == _checksum(body[:-1]),
        "was edited by hand (its checksum differs)",
    )
    lines = iter(body[:-1].split("\n"))
    keys: list[str] = []
    digests: list[str] = []
    for key, found in json.loads(next(lines)):
        keys.append(sys.intern(str(key)))  # shared with the records of this build's results
        digests.append(sys.intern(str(found)))
    documents: dict[str, DocumentRecord] = {}
    for line in lines:
        raw = json.loads(line)
        outputs: dict[str, OutputRecord] = {}
        for fmt, out in dict(raw["outputs"]).items():
            reads = {keys[i]: digests[i] for i in out["reads"]}
            reads.update({keys[int(i)]: sys.intern(str(d)) for i, d in out["other"].items()})
            size, mtime = out["stat"]
            outputs[str(fmt)] = OutputRecord(
                str(fmt),
                str(out["path"]),
                str(out["sha256"]),
                reads,
                (int(size), int(mtime)),
                sys.intern(str(out["content"])),
            )
        pages = raw["pages"]
        numbers = {str(k): int(v) for k, v in pages.items()} if pages else None
        record = DocumentRecord(str(raw["target"]), str(raw["lang"]), outputs, numbers)
        documents[record.key] = record
    return documents


def interned(reads: Mapping[str, str]) -> dict[str, str]:
    """``reads`` with its keys and digests shared with every other record that has them
    (most outputs read the same templates, settings and versions)."""
    return {sys.intern(key): sys.intern(found) for key, found in reads.items()}


@dataclass
class State:
    """The record of the last build; documents keyed ``<target>|<lang>``."""

    path: Path
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    ignored: str | None = None
    """Why the state file on disk was not used, when it was not."""

    def record(self, target: str, lang: str) -> DocumentRecord | None:
        """The document's record from the last build, if it has one."""
        return self.documents.get(document_key(target, lang))

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
        collecting = gc.isenabled()
        gc.disable()  # 100,000 records made and none freed: the collector would only walk them
        try:
            return cls(path, _parse(text))
        except CorruptState as exc:
            return cls(path, ignored=str(exc))
        except json.JSONDecodeError:
            return cls(path, ignored="is corrupt (not valid JSON)")
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return cls(path, ignored="is corrupt (unexpected contents)")
        finally:
            if collecting:
                gc.enable()

    def save(self) -> None:
        """Write the state: a first line with its checksum, format and briefgen's version;
        a line with each input key once, with the digest most outputs read; then a line
        per document."""
        table: dict[str, int] = {}
        common: list[str] = []
        documents: list[dict[str, object]] = []
        for key in sorted(self.documents):
            record = self.documents[key]
            outputs = {}
            for fmt, out in sorted(record.outputs.items()):
                reads: list[int] = []
                other: dict[str, str] = {}
                for k, d in sorted(out.reads.items()):
                    if k not in table:
                        table[k] = len(table)
                        common.append(d)
                    if common[table[k]] == d:
                        reads.append(table[k])
                    else:
                        other[str(table[k])] = d
                outputs[fmt] = {
                    "path": out.path,
                    "sha256": out.sha256,
                    "reads": reads,
                    "other": other,
                    "stat": list(out.stat or (-1, -1)),
                    "content": out.content,
                }
            documents.append(
                {
                    "target": record.target,
                    "lang": record.lang,
                    "outputs": outputs,
                    "pages": dict(record.pages) if record.pages else None,
                }
            )
        keys = [[k, common[i]] for k, i in table.items()]
        lines = [_line(keys)] + [_line(document) for document in documents]
        body = "\n".join(lines)
        head = {"checksum": _checksum(body), "format": FORMAT, "briefgen": __version__}
        write_atomic(self.path, f"{_line(head)}\n{body}\n".encode())

    def outputs(self) -> dict[str, str]:
        """Every output file recorded: path relative to the project -> sha256."""
        return {
            out.path: out.sha256
            for record in self.documents.values()
            for out in record.outputs.values()
        }


def _line(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
