"""Diagnostics: every problem briefgen reports, with where it was found.

Messages follow the compiler convention editors' tools understand:
``path:line:column: error: message [code]``; a problem that belongs to no
line of a file is reported as ``briefgen: error: message [code]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

INTERNAL = "internal"
"""The code of a diagnostic that reports a bug in briefgen rather than in the content
(a build that has one exits with 3)."""

SPEAKER_WITHOUT_EVENT = "speaker-without-event"

WARNINGS: dict[str, str] = {
    "css-ignored": "a stylesheet declaration the PDF renderer ignores",
    "empty": "an optional key left empty (it is left out)",
    "html-set": "a template's tag or class outside the HTML set both writers understand",
    "missing-catalog": "a language whose labels no catalog translates",
    "missing-translation": "a text without the language being built",
    "pdf": "a warning of the PDF renderer",
    SPEAKER_WITHOUT_EVENT: "a speaker who takes part in no event (a roster entry)",
    "state": "a build state that cannot be read (everything is rebuilt)",
    "unused-file": "a file or folder in content/ that is not content; it is ignored",
    "url": "a link that is not http, https or mailto; it is not linked",
}
"""The code of every warning, and what it reports: what ``suppress_warnings`` in
briefgen.yaml accepts. ``empty`` and ``pdf`` are codes of errors too; listing them
suppresses only their warnings (tests/test_suppress_warnings.py keeps this table and
:data:`ERRORS` the same as the codes the source reports)."""

ERRORS = frozenset(
    {
        "alias", "anchor", "asset", "catalog", "chart", "choice", "color", "control-character",
        "country", "css-syntax", "date", "date-order", "date-range", "docx", "docx-reference",
        "duplicate-file", "duplicate-item", "duplicate-key", "duplicate-session", "email",
        "empty", "empty-file", "encoding", "fact-series", "font", "html", "id", "id-mismatch",
        INTERNAL, "key-type", "language", "limit", "markdown-link", "missing",
        "multiple-documents", "null", "output", "outside-project", "parent-cycle", "pdf",
        "read", "root-not-mapping", "tag", "template", "time", "time-order", "too-deep",
        "too-long", "too-many-files", "type", "unknown-key", "unknown-reference",
        "unknown-session", "yaml-syntax", "year",
    }
)  # fmt: skip
"""The code of every error: never suppressed, whatever briefgen.yaml says."""

_ESCAPES = {
    **{code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))},
    0x09: "\t",
    0x0A: "\\n",
    0x0D: "\\r",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}
"""A diagnostic stays on one line: line breaks and control characters it quotes are escaped."""


@dataclass(frozen=True, order=True)
class Location:
    """A place in a project file: path relative to the project root, 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the project."""

    severity: Severity
    message: str
    code: str
    location: Location | None = None

    def format(self) -> str:
        where = str(self.location) if self.location is not None else "briefgen"
        line = f"{where}: {self.severity}: {self.message} [{self.code}]"
        return line.translate(_ESCAPES)

    def sort_key(self) -> tuple[int, str, int, int, str]:
        loc = self.location
        if loc is None:
            return (0, "", 0, 0, self.message)
        return (1, loc.path, loc.line, loc.column, self.message)


@dataclass
class Diagnostics:
    """Collects every diagnostic of a run; nothing stops at the first problem."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, message: str, location: Location | None = None) -> None:
        self.items.append(Diagnostic("error", message, code, location))

    def warning(self, code: str, message: str, location: Location | None = None) -> None:
        self.items.append(Diagnostic("warning", message, code, location))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """Unique diagnostics sorted by file, line and column."""
        unique = dict.fromkeys(self.items)
        return sorted(unique, key=Diagnostic.sort_key)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.items)


def unsuppressed(diagnostics: Iterable[Diagnostic], codes: Iterable[str]) -> list[Diagnostic]:
    """The diagnostics an editor is shown: all but the warnings whose codes briefgen.yaml's
    ``suppress_warnings`` lists (an error is never suppressed, even when a warning shares
    its code)."""
    quiet = frozenset(codes)
    return [d for d in diagnostics if d.severity == "error" or d.code not in quiet]


class BriefgenError(Exception):
    """A failure that stops a command; carries the diagnostics that explain it."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class UsageError(Exception):
    """A command-line mistake (exit code 2)."""


class MachineError(Exception):
    """What this machine lacks stops a command (WeasyPrint's system libraries, say): not
    the content's fault nor a bug in briefgen. Its text says what to install, as
    ``briefgen doctor`` does."""
