"""One document, rendered once and written in every requested format, its reads recorded.

Runs inside a worker process of :mod:`briefgen.engine.pool`, which is sent the
project before its first job; each worker keeps one renderer and one WeasyPrint
FontConfiguration for its lifetime. This module imports neither (the parent,
which only hands out jobs and reads their results, imports it too).

The renderer reads the graph and the settings through recording views, and
each writer the settings and every file it is served (images, images inside
SVGs, ``url()`` in CSS); what each output read travels back with the result,
to become its record in the state.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.content.documents import DocumentRef
from briefgen.content.project import Project
from briefgen.diagnostics import INTERNAL, BriefgenError, Diagnostic
from briefgen.engine.inputs import always_read, reference_docx, sha256_file, template_value
from briefgen.engine.recording import Recorder, config_view, digest, graph_view, key_of
from briefgen.engine.state import STATE_DIR
from briefgen.outputs import write_atomic

if TYPE_CHECKING:  # the renderer's and writers' imports are the worker's, not the parent's
    from briefgen.render.document import Renderer
    from briefgen.render.rendered import RenderedDocument


@dataclass(frozen=True)
class Job:
    ref: DocumentRef
    lang: str
    formats: tuple[str, ...]
    """In writing order: the PDF first, when asked for, so Word gets its page numbers."""
    page_numbers: dict[str, int] | None = None
    """Page numbers of the current PDF, for Word's contents when the PDF is not rebuilt."""
    expected_pages: int = 0
    """How many pages it had when last built (or a guess for its kind): its expected cost."""
    broken_stylesheets: dict[str, str] = field(default_factory=dict)
    """Template name -> file, of the project stylesheets with errors (reported once by the
    build): a document that uses one fails."""


@dataclass(frozen=True)
class Output:
    fmt: str
    path: str
    """Relative to the project root."""
    sha256: str | None
    """None when this format failed."""
    seconds: float
    reads: dict[str, str] = field(default_factory=dict)
    """Every input its making read: key -> digest."""


@dataclass
class JobResult:
    job: Job
    outputs: list[Output] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    page_numbers: dict[str, int] | None = None
    """Element id -> PDF page, when the PDF was written."""
    blocked: str | None = None
    """Why the document was not made: it reads an entity whose file has errors."""


@dataclass
class WriteContext:
    """What one writer may learn from another while building the same document."""

    page_numbers: dict[str, int] | None = None
    """Element id -> page in the PDF layout, when the PDF was built in this run."""


def _write(fmt: str, doc: RenderedDocument, project: Project, ctx: WriteContext) -> bytes:
    limits = project.config.limits
    if fmt == "pdf":
        from briefgen.writers.pdf import write_pdf

        pages: dict[str, int] = {}
        data, warnings = write_pdf(
            doc,
            project.assets_dir,
            variant=project.config.pdf_variant,
            max_asset_bytes=limits.asset_bytes,
            page_numbers=pages,
        )
        ctx.page_numbers = pages
    elif fmt == "docx":
        from briefgen.writers.docx.writer import write_docx

        data, warnings = write_docx(doc, project, page_numbers=ctx.page_numbers)
    else:
        from briefgen.writers.html import write_html

        data, warnings = write_html(doc, project.assets_dir, max_asset_bytes=limits.asset_bytes), []
    if warnings:
        raise _Warnings(data, warnings)
    return data


class _Warnings(Exception):  # noqa: N818 - carries output plus warnings, not an error
    def __init__(self, data: bytes, warnings: list[Diagnostic]) -> None:
        self.data, self.warnings = data, warnings


def _blocked(project: Project, recorder: Recorder, *, failed: bool) -> str | None:
    """Why a document is not made without an entity it reached: the entity's file has
    errors (it was looked up, or, when the rendering failed, its id was read), or the
    entity does not exist (its id, from a reference that leads nowhere, was looked up, or
    read before the rendering failed)."""
    for kind, entity_id in sorted(project.invalid):
        reached = (kind, entity_id) in recorder.entities
        if reached or (failed and entity_id in recorder.strings):
            return f"{project.sources[(kind, entity_id)]} has errors"
    for kind, entity_id in sorted(project.dangling):
        looked_up = (kind, entity_id) in recorder.entities or entity_id in recorder.asked
        if looked_up or (failed and entity_id in recorder.strings):
            return f"{kind}/{entity_id} does not exist"
    return None


def _broken_stylesheet(doc: RenderedDocument, job: Job) -> str | None:
    """Why a document is not made with a stylesheet it included: the file has errors."""
    for name in doc.templates:
        if name in job.broken_stylesheets:
            return f"{job.broken_stylesheets[name]} has errors"
    return None


def _render_reads(doc: RenderedDocument, project: Project, recorder: Recorder) -> dict[str, str]:
    """What rendering the HTML read: content and settings, templates, catalogs, versions."""
    reads = dict(recorder.reads)
    reads.update(always_read(doc.lang, project.root))
    for name, (file, sha) in doc.templates.items():
        reads[key_of(("template", name))] = digest(template_value(Path(file), sha, project.root))
    return reads


def run_job(job: Job, project: Project, renderer: Renderer) -> JobResult:
    """Render and write one document; every failure is captured in the result."""
    from briefgen.engine.located import FileLog, locate
    from briefgen.render.fetch import recording_reads
    from briefgen.writers.layout import forget_shared_layout

    result = JobResult(job)
    started = time.perf_counter()
    forget_shared_layout()  # a layout kept from an earlier document (or build) never serves
    recorder = Recorder()
    renderer.use(graph_view(project.graph, recorder), config_view(project.config, recorder))
    try:
        doc = renderer.render(job.ref, job.lang)
    except Exception as exc:  # a BriefgenError is the content's; anything else is a bug
        result.blocked = _blocked(project, recorder, failed=True)
        if result.blocked is None and isinstance(exc, BriefgenError):
            result.diagnostics.extend(exc.diagnostics)
        elif result.blocked is None:
            result.diagnostics.append(_internal_error(project, job, "html"))
        for fmt in job.formats:
            result.outputs.append(Output(fmt, _path(project, job, fmt), None, 0.0))
        return result
    result.blocked = _blocked(project, recorder, failed=False) or _broken_stylesheet(doc, job)
    if result.blocked is not None:
        for fmt in job.formats:
            result.outputs.append(Output(fmt, _path(project, job, fmt), None, 0.0))
        return result
    reads = _render_reads(doc, project, recorder)
    render_seconds = time.perf_counter() - started
    ctx = WriteContext(page_numbers=job.page_numbers)
    written: dict[str, dict[str, str]] = {}
    for fmt in job.formats:
        path = _path(project, job, fmt)
        t0 = time.perf_counter()
        writer = Recorder()
        files = FileLog(writer)
        seen = dataclasses.replace(project, config=config_view(project.config, writer))
        try:
            try:
                with recording_reads(files.note):
                    data = _write(fmt, doc, seen, ctx)
            except _Warnings as warned:
                data = warned.data
                result.diagnostics.extend(warned.warnings)
            write_atomic(project.root / path, data)
        except BriefgenError as exc:
            result.diagnostics.extend(locate(exc.diagnostics, doc, project, files, recorder))
            result.outputs.append(Output(fmt, path, None, time.perf_counter() - t0))
            continue
        except OSError as exc:
            result.diagnostics.append(
                Diagnostic("error", f"cannot write {path}: {exc.strerror or exc}", "output")
            )
            result.outputs.append(Output(fmt, path, None, time.perf_counter() - t0))
            continue
        except Exception:  # a bug in a writer: this output fails, the others go on
            result.diagnostics.append(_internal_error(project, job, fmt))
            result.outputs.append(Output(fmt, path, None, time.perf_counter() - t0))
            continue
        seconds = time.perf_counter() - t0 + render_seconds / len(job.formats)
        own = {**reads, **writer.reads}
        if fmt == "docx":
            reference = reference_docx(project.root)
            own[key_of(("reference",))] = digest(
                template_value(reference, sha256_file(reference), project.root)
            )
            if "pdf" in written:  # its contents took the page numbers of that layout
                own.update(written["pdf"])
        written[fmt] = own
        digest_of_data = hashlib.sha256(data).hexdigest()
        result.outputs.append(Output(fmt, path, digest_of_data, seconds, own))
        if fmt == "pdf":
            result.page_numbers = ctx.page_numbers
    forget_shared_layout()  # the layout served this document's writers; do not hold it on
    return result


def _internal_error(project: Project, job: Job, stage: str) -> Diagnostic:
    """The exception being handled, as a diagnostic that fails this document alone; the
    traceback goes to a file in the state folder, for a bug report (exit code 3)."""
    name = f"{job.lang}-{job.ref.kind}-{job.ref.id}-{stage}.txt"
    report = Path(project.config.output) / STATE_DIR / "errors" / name
    details = traceback.format_exc()
    try:
        (project.root / report).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(project.root / report, details.encode("utf-8"))
        where = f"; details in {report.as_posix()}"
    except OSError:
        where = ""
    last = details.strip().splitlines()[-1]
    label = "HTML" if stage == "html" else stage.upper()
    return Diagnostic(
        "error",
        f"{job.ref.target}: internal error while making the {label} ({last}): a bug in "
        f"briefgen, please report it{where}",
        INTERNAL,
        project.file_location(*job.ref.entity),
    )


def _path(project: Project, job: Job, fmt: str) -> str:
    return (Path(project.config.output) / job.ref.output_path(job.lang, fmt)).as_posix()
