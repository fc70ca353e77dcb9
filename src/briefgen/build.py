"""Build documents: render each (document, language) once, then run each format's writer.

A document that fails is reported and skipped; its previous output stays
byte-identical, and every other document is still built.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from briefgen.diagnostics import BriefgenError, Diagnostic
from briefgen.documents import DocumentRef, all_documents
from briefgen.outputs import write_atomic
from briefgen.project import Project
from briefgen.render import RenderedDocument, Renderer
from briefgen.targets import select

Status = Literal["built", "failed"]


@dataclass(frozen=True)
class DocumentResult:
    ref: DocumentRef
    lang: str
    fmt: str
    path: str
    """Output path relative to the project root."""
    status: Status
    seconds: float
    sha256: str | None = None


@dataclass
class BuildReport:
    results: list[DocumentResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return any(r.status == "failed" for r in self.results) or any(
            d.severity == "error" for d in self.diagnostics
        )


@dataclass
class WriteContext:
    """What one writer may learn from another while building the same document."""

    page_numbers: dict[str, int] | None = None
    """Element id -> page in the PDF layout, when the PDF was built in this run."""


Writer = Callable[[RenderedDocument, Project, WriteContext], tuple[bytes, list[Diagnostic]]]


def _pdf(
    doc: RenderedDocument, project: Project, context: WriteContext
) -> tuple[bytes, list[Diagnostic]]:
    from briefgen.writers.pdf import write_pdf

    pages: dict[str, int] = {}
    result = write_pdf(
        doc, project.assets_dir, variant=project.config.pdf_variant,
        max_asset_bytes=project.config.limits.asset_bytes, page_numbers=pages,
    )  # fmt: skip
    context.page_numbers = pages
    return result


def _html(
    doc: RenderedDocument, project: Project, context: WriteContext
) -> tuple[bytes, list[Diagnostic]]:
    from briefgen.writers.html import write_html

    return write_html(doc, project.assets_dir,
                      max_asset_bytes=project.config.limits.asset_bytes), []  # fmt: skip


def _docx(
    doc: RenderedDocument, project: Project, context: WriteContext
) -> tuple[bytes, list[Diagnostic]]:
    from briefgen.writers.docx import write_docx

    return write_docx(doc, project, page_numbers=context.page_numbers)


WRITERS: dict[str, Writer] = {"pdf": _pdf, "docx": _docx, "html": _html}


def build(
    project: Project,
    targets: tuple[str, ...] = (),
    *,
    formats: tuple[str, ...] | None = None,
    languages: tuple[str, ...] | None = None,
    on_result: Callable[[DocumentResult], None] | None = None,
) -> BuildReport:
    """Build the selected documents; never raises for a document's own failure."""
    started = time.perf_counter()
    report = BuildReport()
    documents = select(targets, all_documents(project.graph))
    formats = formats or project.config.formats
    languages = languages or project.config.languages
    renderer = Renderer(project)
    for ref in documents:
        for lang in languages:
            t0 = time.perf_counter()
            try:
                rendered: RenderedDocument | None = renderer.render(ref, lang)
            except BriefgenError as exc:
                report.diagnostics.extend(exc.diagnostics)
                rendered = None
            context = WriteContext()
            # PDF first: its layout gives the DOCX table of contents its page numbers.
            for fmt in sorted(formats, key=lambda f: f != "pdf"):
                rel = f"{project.config.output}/{ref.output_path(lang, fmt)}"
                result = DocumentResult(ref, lang, fmt, rel, "failed", 0.0)
                if rendered is not None:
                    t1 = time.perf_counter()
                    try:
                        data, warnings = WRITERS[fmt](rendered, project, context)
                        report.diagnostics.extend(warnings)
                        write_atomic(project.root / rel, data)
                        digest = hashlib.sha256(data).hexdigest()
                        seconds = time.perf_counter() - t1 + (t1 - t0)
                        result = DocumentResult(ref, lang, fmt, rel, "built", seconds, digest)
                    except BriefgenError as exc:
                        report.diagnostics.extend(exc.diagnostics)
                report.results.append(result)
                if on_result is not None:
                    on_result(result)
    report.seconds = time.perf_counter() - started
    return report
