"""Stage two of a build: render what is stale in a pool of worker processes.

The plan says what to make; each document and language becomes one job
(rendered once, written in every stale format). Results are handed on as
they arrive, to be recorded.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from briefgen.documents import DocumentRef
from briefgen.engine.plan import Plan, changed_inputs
from briefgen.engine.worker import Job, JobResult
from briefgen.project import Project


def _pages_of_current_pdf(plan: Plan, ref: DocumentRef, lang: str) -> dict[str, int] | None:
    """The recorded PDF page numbers, for Word's contents when only Word is rebuilt and the
    PDF it was laid out with is current."""
    record = plan.state.documents.get(f"{ref.target}|{lang}")
    pdf = record.outputs.get("pdf") if record else None
    if record is None or pdf is None or record.pages is None or changed_inputs(pdf, plan.inputs):
        return None
    return dict(record.pages)


def jobs(plan: Plan) -> list[Job]:
    """One job per stale document and language, its formats in writing order (PDF first)."""
    todo: dict[tuple[DocumentRef, str], list[str]] = {}
    for item in plan.outputs:
        if item.state == "stale":
            todo.setdefault((item.ref, item.lang), []).append(item.fmt)
    return [
        Job(ref, lang, tuple(formats),
            _pages_of_current_pdf(plan, ref, lang) if "docx" in formats and "pdf" not in formats
            else None)
        for (ref, lang), formats in todo.items()
    ]  # fmt: skip


def run(
    project: Project, work: list[Job], workers: int, on_result: Callable[[JobResult], None]
) -> None:
    """Run every job in a pool of ``workers`` processes (0: one per CPU)."""
    if not work:
        return
    from briefgen.engine.pool import Pool
    from briefgen.writers import pdf  # noqa: F401 - imported once here, inherited by every worker

    count = workers or os.cpu_count() or 1
    limits = project.config.limits
    pool = Pool(project, min(count, len(work)), limits.render_seconds, limits.render_memory_mb)
    pool.run(work, on_result)
