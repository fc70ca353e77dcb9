"""Stage three of a build: what happened to each output, and the state that records it.

Each job's result becomes one result per output, and each output written
becomes its record: the file's sha256 and every input its making read. A
failed output keeps its previous file and is marked so that the next build
tries it again. Outputs of documents the project no longer has are removed.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefgen.content.documents import DocumentRef
from briefgen.content.project import Project
from briefgen.diagnostics import Diagnostic
from briefgen.engine.state import (
    FAILED,
    DocumentRecord,
    OutputRecord,
    State,
    document_key,
    interned,
)

if TYPE_CHECKING:  # the worker's imports (the renderer, Jinja...) are not the no-op path's
    from briefgen.engine.worker import JobResult

Status = Literal["built", "current", "failed", "removed"]


@dataclass(frozen=True)
class DocumentResult:
    """One output file of the build and what happened to it."""

    ref: DocumentRef | None
    lang: str
    fmt: str
    path: str
    """Relative to the project root."""
    status: Status
    seconds: float = 0.0
    sha256: str | None = None
    reason: str | None = None
    """Why it was (re)built, failed or removed."""


@dataclass
class BuildReport:
    results: list[DocumentResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    """How many outputs each reason sent to be rebuilt."""
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return self.count("failed") > 0 or any(d.severity == "error" for d in self.diagnostics)


def record_job(
    state: State, root: Path, content: str, result: JobResult, reasons: dict[str, str]
) -> list[DocumentResult]:
    """The results of one job's outputs (``reasons``: format -> why it was made); the state
    records what was written (``content``: the digest of the content it was made from)."""
    job = result.job
    key = document_key(job.ref.target, job.lang)
    old = state.documents.get(key)
    outputs = dict(old.outputs) if old else {}
    found: list[DocumentResult] = []
    for out in result.outputs:
        reason = reasons[out.fmt]
        if out.sha256 is None:
            if out.fmt in outputs:  # the previous file stays; it is retried next time
                previous = outputs[out.fmt]
                outputs[out.fmt] = replace(previous, reads={**previous.reads, FAILED: "failed"})
            found.append(
                DocumentResult(
                    job.ref,
                    job.lang,
                    out.fmt,
                    out.path,
                    "failed",
                    out.seconds,
                    reason=result.blocked or reason,
                )
            )
            continue
        reads: Mapping[str, str] = interned(out.reads)
        if out.fmt == "docx" and job.page_numbers is not None and "pdf" in outputs:
            reads = {**outputs["pdf"].reads, **reads}  # laid out as that PDF was
        try:
            written = (root / out.path).stat()
            stat: tuple[int, int] | None = (written.st_size, written.st_mtime_ns)
        except OSError:
            stat = None
        outputs[out.fmt] = OutputRecord(out.fmt, out.path, out.sha256, reads, stat, content)
        found.append(
            DocumentResult(
                job.ref, job.lang, out.fmt, out.path, "built", out.seconds, out.sha256, reason
            )
        )
    pages = result.page_numbers if result.page_numbers is not None else (old.pages if old else None)
    if outputs:
        state.documents[key] = DocumentRecord(job.ref.target, job.lang, outputs, pages)
    return found


def remove_stale(
    project: Project, state: State, everything: list[DocumentRef]
) -> list[DocumentResult]:
    """Remove outputs of documents and languages the project no longer has.

    Formats are left alone: ``--format html`` for a preview is not undone by the
    next build of the configured formats.
    """
    wanted = {document_key(d.target, lang) for d in everything for lang in project.config.languages}
    broken = project.broken_files()
    found: list[DocumentResult] = []
    for key in sorted(state.documents):
        record = state.documents[key]
        if key in wanted:
            continue
        if broken:
            # With files that cannot be read, a document missing from the plan may only
            # be hidden by them (its one reference was in the broken file): keep it.
            reason = _hidden_by(project, record, broken)
            for fmt, out in sorted(record.outputs.items()):
                found.append(
                    DocumentResult(None, record.lang, fmt, out.path, "failed", reason=reason)
                )
            continue
        for fmt, out in sorted(record.outputs.items()):
            with contextlib.suppress(FileNotFoundError):
                (project.root / out.path).unlink()
            why = "its document or language no longer exists"
            found.append(DocumentResult(None, record.lang, fmt, out.path, "removed", reason=why))
        del state.documents[key]
    if any(result.status == "removed" for result in found):
        prune_empty_dirs(project.output_dir)  # a walk of every output folder: not on a no-op
    return found


def _hidden_by(project: Project, record: DocumentRecord, broken: list[str]) -> str:
    """Why a recorded document is kept unbuilt: the broken file it read, or the first one."""
    for entity in sorted(record.entities() & project.invalid):
        return f"{project.sources[entity]} has errors"
    return f"{broken[0]} has errors"


def prune_empty_dirs(root: Path) -> None:
    if not root.is_dir():
        return
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()
