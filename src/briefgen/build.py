"""The build: plan every output, skip what is current, render the rest in parallel.

A document that fails is reported and skipped; its previous output stays
byte-identical, and every other document is still built. Outputs of entities
that no longer exist are removed. The state of what was built is saved even
when the build is interrupted.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from briefgen.deps import Fingerprints
from briefgen.diagnostics import Diagnostic
from briefgen.documents import DocumentRef, all_documents
from briefgen.project import Project
from briefgen.state import Checker, State, sha256_file
from briefgen.targets import select
from briefgen.worker import Job, JobResult

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


@dataclass(frozen=True)
class BuildOptions:
    targets: tuple[str, ...] = ()
    formats: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    force: bool = False
    jobs: int = 0
    """Worker processes; 0 means one per CPU."""
    shard: tuple[int, int] | None = None
    """(K, N): build only the K-th of N deterministic parts (1-based)."""


def shard_of(documents: list[DocumentRef], k: int, n: int) -> list[DocumentRef]:
    """The K-th of N parts: heavier kinds first, dealt round-robin, so parts are balanced."""
    weight = {"events": 0, "countries": 1, "speakers": 2}
    ordered = sorted(documents, key=lambda d: (weight.get(d.kind, 3), d.kind, d.id))
    return [d for i, d in enumerate(ordered) if i % n == k - 1]


def _blocked(
    project: Project, fingerprints: Fingerprints, ref: DocumentRef, previous: list[str]
) -> str | None:
    """Why a document cannot be built because of content errors, or None.

    A document is blocked by a file with errors when it reads that entity now, or
    read it at its last build (``previous``: dependency keys recorded in the state):
    a speaker whose file is broken has no known country, yet their country's sheet
    must not be rebuilt without them.
    """
    if project.settings_broken():
        return f"{project.settings_broken()[0]} has errors"
    reads = fingerprints.dependencies(ref)
    deps = {(kind, entity_id) for kind, entity_id, _ in reads}
    deps |= {tuple(key.split("/")[:2]) for key in previous}  # type: ignore[misc]
    for kind, entity_id in sorted(deps):
        if (kind, entity_id) in project.invalid:
            return f"{project.sources[(kind, entity_id)]} has errors"
    for kind, entity_id, _aspect in sorted(reads):
        if kind != "countries" and entity_id not in getattr(project.graph, kind):
            return f"{kind}/{entity_id} does not exist"
    return None


def plan_outputs(
    project: Project, options: BuildOptions
) -> tuple[list[tuple[DocumentRef, str, str]], list[DocumentRef]]:
    """(every (document, language, format) selected, every document of the project)."""
    everything = all_documents(project.graph, project.invalid)
    chosen = select(options.targets, everything)
    if options.shard:
        k, n = options.shard
        chosen = [d for d in shard_of(everything, k, n) if d in set(chosen)]
    formats = options.formats or project.config.formats
    languages = options.languages or project.config.languages
    ordered_formats = sorted(formats, key=lambda f: (f != "pdf", f))
    outputs = [(ref, lang, fmt) for ref in chosen for lang in languages for fmt in ordered_formats]
    return outputs, everything


@dataclass(frozen=True)
class Assessment:
    """Where one output stands before a build."""

    ref: DocumentRef
    lang: str
    fmt: str
    path: str
    state: Literal["current", "stale", "blocked"]
    reason: str | None = None
    sha256: str | None = None


def assess(
    project: Project,
    options: BuildOptions,
    fingerprints: Fingerprints | None = None,
    checker: Checker | None = None,
    content: dict[tuple[DocumentRef, str], tuple[str, dict[str, str]]] | None = None,
) -> list[Assessment]:
    """Every selected output: current, stale (and why), or blocked by content errors."""
    fingerprints = fingerprints or Fingerprints(project)
    if checker is None:
        checker = Checker(project.root, State.load(project.output_dir), fingerprints.settings)
    content = {} if content is None else content
    sources = {f"{k}/{i}": path for (k, i), path in project.sources.items()}
    found: list[Assessment] = []
    outputs, _everything = plan_outputs(project, options)
    for ref, lang, fmt in outputs:
        path = f"{project.config.output}/{ref.output_path(lang, fmt)}"
        key = f"{ref.target}|{lang}"
        previous = list(checker.state.documents.get(key, {}).get("deps", {}))
        blocked = _blocked(project, fingerprints, ref, previous)
        if blocked:
            found.append(Assessment(ref, lang, fmt, path, "blocked", blocked))
            continue
        if (ref, lang) not in content:
            content[(ref, lang)] = fingerprints.content(ref, lang)
        fingerprint, deps = content[(ref, lang)]
        key = f"{ref.target}|{lang}"
        reason = "forced" if options.force else checker.reason(key, fmt, fingerprint, deps, sources)
        if reason is None:
            sha = checker.state.documents[key]["outputs"][fmt]["sha256"]
            found.append(Assessment(ref, lang, fmt, path, "current", sha256=sha))
        else:
            found.append(Assessment(ref, lang, fmt, path, "stale", reason))
    return found


def build(
    project: Project,
    options: BuildOptions = BuildOptions(),
    *,
    on_result: Callable[[DocumentResult], None] | None = None,
    on_plan: Callable[[int, Counter[str]], None] | None = None,
) -> BuildReport:
    """Build what is out of date; never raises for a document's own failure."""
    started = time.perf_counter()
    report = BuildReport()
    emit = on_result or (lambda _r: None)
    everything = all_documents(project.graph, project.invalid)
    fingerprints = Fingerprints(project)
    state = State.load(project.output_dir)
    checker = Checker(project.root, state, fingerprints.settings)
    content: dict[tuple[DocumentRef, str], tuple[str, dict[str, str]]] = {}
    todo: dict[tuple[DocumentRef, str], list[str]] = {}
    reasons: dict[tuple[DocumentRef, str, str], str] = {}

    for item in assess(project, options, fingerprints, checker, content):
        if item.state == "current" or item.state == "blocked":
            status: Status = "current" if item.state == "current" else "failed"
            result = DocumentResult(item.ref, item.lang, item.fmt, item.path, status,
                                    sha256=item.sha256, reason=item.reason)  # fmt: skip
            report.results.append(result)
            emit(result)
            continue
        assert item.reason is not None
        todo.setdefault((item.ref, item.lang), []).append(item.fmt)
        reasons[(item.ref, item.lang, item.fmt)] = item.reason
        report.reasons[item.reason] += 1

    if on_plan is not None:
        on_plan(sum(len(f) for f in todo.values()), report.reasons)
    state.settings = fingerprints.settings

    def collect(job_result: JobResult) -> None:
        job = job_result.job
        report.diagnostics.extend(job_result.diagnostics)
        key = f"{job.ref.target}|{job.lang}"
        fingerprint, deps = content[(job.ref, job.lang)]
        for out in job_result.outputs:
            reason = reasons[(job.ref, job.lang, out.fmt)]
            if out.sha256 is None:
                result = DocumentResult(job.ref, job.lang, out.fmt, out.path, "failed",
                                        out.seconds, reason=reason)  # fmt: skip
            else:
                record = state.documents.setdefault(key, {"outputs": {}})
                record["deps"] = deps
                record["outputs"][out.fmt] = {
                    "path": out.path, "sha256": out.sha256, "fingerprint": fingerprint,
                    "templates": job_result.templates, "assets": job_result.assets,
                }  # fmt: skip
                if out.fmt == "docx":
                    record["outputs"]["docx"]["reference"] = sha256_file(checker.reference_docx())
                if out.fmt == "pdf" and job_result.page_numbers is not None:
                    record["pages"] = job_result.page_numbers
                result = DocumentResult(job.ref, job.lang, out.fmt, out.path, "built",
                                        out.seconds, out.sha256, reason)  # fmt: skip
            report.results.append(result)
            emit(result)

    jobs = [
        Job(ref, lang, tuple(fmts), _current_pages(state, ref, lang, fmts, content))
        for (ref, lang), fmts in todo.items()
    ]
    try:
        if jobs:
            _run(project, jobs, options.jobs, collect)
        if not options.targets and not options.shard:
            _remove_stale(project, state, everything, report, emit)
    finally:
        if todo or report.count("removed"):
            try:
                state.save()
            except OSError as exc:
                report.diagnostics.append(
                    Diagnostic("error", f"cannot save the build state: {exc.strerror}", "output")
                )
    report.seconds = time.perf_counter() - started
    return report


def _current_pages(
    state: State, ref: DocumentRef, lang: str, formats: list[str],
    content: dict[tuple[DocumentRef, str], tuple[str, dict[str, str]]],
) -> dict[str, int] | None:  # fmt: skip
    """The recorded PDF page numbers, when Word is rebuilt alone and that PDF is current."""
    if "docx" not in formats or "pdf" in formats:
        return None
    record = state.documents.get(f"{ref.target}|{lang}", {})
    pdf = record.get("outputs", {}).get("pdf")
    if pdf is None or pdf.get("fingerprint") != content[(ref, lang)][0]:
        return None
    pages = record.get("pages")
    return dict(pages) if isinstance(pages, dict) else None


def _run(
    project: Project, jobs: list[Job], workers: int, collect: Callable[[JobResult], None]
) -> None:
    from briefgen.pool import Pool
    from briefgen.writers import pdf  # noqa: F401 - imported once here, inherited by every worker

    count = workers or os.cpu_count() or 1
    limits = project.config.limits
    pool = Pool(project, min(count, len(jobs)), limits.render_seconds, limits.render_memory_mb)
    pool.run(jobs, collect)


def _remove_stale(
    project: Project, state: State, everything: list[DocumentRef], report: BuildReport,
    emit: Callable[[DocumentResult], None],
) -> None:  # fmt: skip
    """Remove outputs of documents and languages the project no longer has.

    Formats are left alone: ``--format html`` for a preview is not undone by the
    next build of the configured formats.
    """
    wanted = {f"{d.target}|{lang}" for d in everything for lang in project.config.languages}
    broken = project.broken_files()
    for key in sorted(state.documents):
        record = state.documents[key]
        if key in wanted:
            continue
        if broken:
            # With files that cannot be read, a document missing from the plan may only
            # be hidden by them (its one reference was in the broken file): keep it.
            reason = _hidden_by(project, record, broken)
            for fmt, out in sorted(record.get("outputs", {}).items()):
                result = DocumentResult(None, key.split("|")[1], fmt, out["path"], "failed",
                                        reason=reason)  # fmt: skip
                report.results.append(result)
                emit(result)
            continue
        for fmt in sorted(record.get("outputs", {})):
            path = record["outputs"].pop(fmt)["path"]
            with contextlib.suppress(FileNotFoundError):
                (project.root / path).unlink()
            lang = key.split("|")[1]
            why = "its document or language no longer exists"
            result = DocumentResult(None, lang, fmt, path, "removed", reason=why)
            report.results.append(result)
            emit(result)
        if not record.get("outputs"):
            del state.documents[key]
    prune_empty_dirs(project.output_dir)


def _hidden_by(project: Project, record: dict[str, Any], broken: list[str]) -> str:
    """Why a recorded document is kept unbuilt: the broken file it read, or the first one."""
    for dep in sorted(record.get("deps", {})):
        kind, entity_id = dep.split("/")[:2]
        if (kind, entity_id) in project.invalid:
            return f"{project.sources[(kind, entity_id)]} has errors"
    return f"{broken[0]} has errors"


def prune_empty_dirs(root: Path) -> None:
    if not root.is_dir():
        return
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()
