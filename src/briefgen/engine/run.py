"""Stage two of a build: render what is stale in a pool of worker processes.

The plan says what to make; each document and language becomes one job
(rendered once, written in every stale format). Results are handed on as
they arrive, to be recorded.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from briefgen.content.documents import DocumentRef
from briefgen.content.project import Project
from briefgen.diagnostics import Diagnostic
from briefgen.engine.plan import Plan, changed_inputs
from briefgen.engine.state import STATE_DIR

if TYPE_CHECKING:  # imported when there is work: the no-op path never needs the renderer
    from briefgen.engine.pool import EarlyWorkers
    from briefgen.engine.worker import Job, JobResult


class Terminated(KeyboardInterrupt):
    """The build was asked to stop (SIGTERM: a cancelled CI job, ``kill``, a container
    stopping). It unwinds as a Ctrl-C does: busy workers are stopped, their temporary
    files removed, what was built is kept and recorded."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def _stopping_cleanly() -> Iterator[None]:
    """While the pool runs, SIGTERM unwinds like Ctrl-C instead of killing this process
    outright (which would leave its workers running on, unrecorded)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # a signal handler can only be set from the main thread
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _pages_of_current_pdf(plan: Plan, ref: DocumentRef, lang: str) -> dict[str, int] | None:
    """The recorded PDF page numbers, for Word's contents when only Word is rebuilt and the
    PDF it was laid out with is current."""
    record = plan.state.record(ref.target, lang)
    pdf = record.outputs.get("pdf") if record else None
    if record is None or pdf is None or record.pages is None or changed_inputs(pdf, plan.inputs):
        return None
    return dict(record.pages)


def jobs(plan: Plan, broken_stylesheets: dict[str, str] | None = None) -> list[Job]:
    """One job per stale document and language, its formats in writing order (PDF first).
    ``broken_stylesheets``: template name -> file, of the stylesheets with errors."""
    todo: dict[tuple[DocumentRef, str], list[str]] = {}
    for item in plan.outputs:
        if item.state == "stale":
            todo.setdefault((item.ref, item.lang), []).append(item.fmt)
    if not todo:
        return []
    from briefgen.engine.worker import Job

    return [
        Job(
            ref,
            lang,
            tuple(formats),
            _pages_of_current_pdf(plan, ref, lang)
            if "docx" in formats and "pdf" not in formats
            else None,
            expected_pages=_expected_pages(plan, ref, lang),
            broken_stylesheets=broken_stylesheets or {},
        )
        for (ref, lang), formats in todo.items()
    ]


_PAGES_OF_A_KIND = {"packs": 40, "events": 8, "countries": 3, "speakers": 2}
"""A document's pages before it was ever built: a guess, for the order of the first build."""


def _expected_pages(plan: Plan, ref: DocumentRef, lang: str) -> int:
    """The document's pages when it was last laid out, or a guess for its kind: what its
    rendering is expected to cost (WeasyPrint's time grows with the pages it lays out)."""
    record = plan.state.record(ref.target, lang)
    if record is not None and record.pages:
        return max(record.pages.values())
    return _PAGES_OF_A_KIND.get(ref.kind, 3)


def longest_first(work: list[Job]) -> list[Job]:
    """The jobs, the longest first (the plan's order among equals).

    With several workers, a build ends when its last job does: a briefing pack of
    180 pages that starts last keeps one worker busy long after the other has run
    out of work. Starting the longest jobs first (Graham's LPT rule) leaves the
    short ones to fill the gaps at the end.
    """
    return sorted(work, key=lambda job: -job.expected_pages)


def run(
    project: Project,
    work: list[Job],
    workers: int,
    on_result: Callable[[JobResult], None],
    early: EarlyWorkers | None = None,
) -> list[Diagnostic]:
    """Run every job in a pool of ``workers`` processes (0: one per CPU), adopting the
    ``early`` ones first. Returns what WeasyPrint would drop from the project's stylesheets
    (warnings, told by the first worker: this process never imports WeasyPrint)."""
    if not work:
        if early is not None:
            early.close()
        return []
    from briefgen.engine.pool import Pool
    from briefgen.render import chart_server

    count = min(workers or os.cpu_count() or 1, len(work))
    limits = project.config.limits
    formats = frozenset(fmt for job in work for fmt in job.formats)
    pool = Pool(
        project, count, limits.render_seconds, limits.render_memory_mb, formats, early=early
    )
    chart_server.keep_charts(project.output_dir / STATE_DIR / "charts")
    charts = chart_server.start() if count > 1 else None  # one chart engine, not one a worker
    try:
        with _stopping_cleanly():
            pool.run(longest_first(work) if count > 1 else work, on_result)
    finally:
        chart_server.keep_charts(None)
        if charts is not None:
            charts.stop()
    return pool.stylesheet_warnings
