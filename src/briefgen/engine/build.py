"""The build, as one flow: plan (what, and why) -> run (pool, workers) -> record (state).

A document that fails is reported and skipped; its previous output stays
byte-identical, and every other document is still built. Outputs of entities
that no longer exist are removed. The state of what was built is saved even
when the build is interrupted.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from briefgen.content.project import Project
from briefgen.diagnostics import Diagnostic, Location
from briefgen.engine.plan import BuildOptions, Plan, make_plan
from briefgen.engine.record import (
    BuildReport,
    DocumentResult,
    Status,
    record_job,
    remove_stale,
)
from briefgen.engine.run import jobs, run

if TYPE_CHECKING:  # the worker's imports (the renderer, Jinja...) are not the no-op path's
    from briefgen.engine.pool import EarlyWorkers
    from briefgen.engine.worker import JobResult

__all__ = ["BuildOptions", "BuildReport", "DocumentResult", "build"]


def build(
    project: Project,
    options: BuildOptions | None = None,
    *,
    on_result: Callable[[DocumentResult], None] | None = None,
    on_plan: Callable[[int, Counter[str]], None] | None = None,
    plan: Plan | None = None,
    early: EarlyWorkers | None = None,
) -> BuildReport:
    """Build what is out of date; never raises for a document's own failure. ``plan``:
    this project's plan for these options, when already made (``engine.load``);
    ``early``: workers started before the project was read (``engine.pool.start_early``),
    used if anything is to be rendered and stopped otherwise."""
    started = time.perf_counter()
    options = options or BuildOptions()
    report = BuildReport()
    emit = on_result or (lambda _r: None)

    def add(results: list[DocumentResult]) -> None:
        for result in results:
            report.results.append(result)
            emit(result)

    plan = plan if plan is not None else make_plan(project, options)
    state = plan.state
    if state.ignored is not None:
        shown = state.path.relative_to(project.root).as_posix()
        report.diagnostics.append(
            Diagnostic(
                "warning",
                f"the build state {state.ignored}; it is ignored and everything is rebuilt",
                "state",
                Location(shown),
            )
        )
    reasons: dict[tuple[str, str], dict[str, str]] = {}
    for item in plan.outputs:
        if item.state == "stale":
            assert item.reason is not None
            reasons.setdefault((item.ref.target, item.lang), {})[item.fmt] = item.reason
            report.reasons[item.reason] += 1
        else:
            status: Status = "current" if item.state == "current" else "failed"
            add(
                [
                    DocumentResult(
                        item.ref,
                        item.lang,
                        item.fmt,
                        item.path,
                        status,
                        sha256=item.sha256,
                        reason=item.reason,
                    )
                ]
            )
    stale = any(item.state == "stale" for item in plan.outputs)
    checked_at = len(report.diagnostics)
    work = jobs(plan, _checked_stylesheets(project, report) if stale else {})
    if on_plan is not None:
        on_plan(sum(len(job.formats) for job in work), report.reasons)

    def collect(result: JobResult) -> None:
        report.diagnostics.extend(result.diagnostics)
        why = reasons[(result.job.ref.target, result.job.lang)]
        add(record_job(state, project.root, plan.inputs.content, result, why))

    removed = False
    try:
        warnings = run(project, work, options.jobs, collect, early)
        report.diagnostics[checked_at:checked_at] = warnings  # beside the stylesheets' errors
        if not options.targets and not options.shard:
            gone = remove_stale(project, state, plan.documents)
            removed = bool(gone)
            add(gone)
    finally:
        if work or removed or state.ignored is not None:
            try:
                state.save()
            except OSError as exc:
                report.diagnostics.append(
                    Diagnostic("error", f"cannot save the build state: {exc.strerror}", "output")
                )
    report.seconds = time.perf_counter() - started
    return report


def _checked_stylesheets(project: Project, report: BuildReport) -> dict[str, str]:
    """The project's stylesheets checked once for the build, before any document renders
    (render/stylesheet_check.py): their errors are reported here, once, and a document
    that uses one with errors fails in its worker. What WeasyPrint would ignore is told by
    the first worker (``engine.pool``), which has WeasyPrint imported. Returns template
    name -> shown file of each stylesheet with errors."""
    from briefgen.render.stylesheet_check import check_stylesheets

    checked = check_stylesheets(project.root)
    report.diagnostics.extend(checked.diagnostics)
    return checked.broken
