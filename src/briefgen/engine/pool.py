"""A pool of forked rendering workers with per-document time and memory limits.

Each worker renders one job at a time, keeps its renderer and fonts warm, and
exits after ``recycle_after`` jobs (memory that WeasyPrint and Pango keep is
given back). The parent watches every busy worker: one that runs past the
time limit or grows past the memory limit is killed and its job fails alone,
with a clear message; a fresh worker takes its place.

A worker imports WeasyPrint and warms up on its own, then is sent its ``Setup``
(the project, pickled once for all workers, and what the build's process read
that it needs); so it can be forked before the project is read
(``start_early``), and the build's process never imports WeasyPrint.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import pickle
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from briefgen.content.project import Project
from briefgen.diagnostics import Diagnostic
from briefgen.engine.worker import Job, JobResult, Output, run_job
from briefgen.render import chart_server
from briefgen.render.fonts import Coverage, can_check, known_coverage, use_coverage


def _warm_up() -> None:
    """Load fonts and caches once, before the first job (and its time limit) starts."""
    from weasyprint import HTML

    from briefgen.writers.layout import font_configuration

    sample = (
        '<html><body style="font-family: Noto Sans, Noto Naskh Arabic, Noto Sans CJK SC">'
        "<p>Warm-up <b>bold</b> <i>italic</i> سلام 你好</p></body></html>"
    )
    HTML(string=sample).render(font_config=font_configuration())


@contextlib.contextmanager
def _lasting() -> Iterator[None]:
    """The collector paused for the block, and what exists after it frozen: imports make
    objects that live as long as the process, which each full pass would walk again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


def _prepare() -> None:
    """Import and warm what every job uses, WeasyPrint and the PDF writer, before the
    worker knows its project (a worker forked from a process that had imported them
    already only warms up)."""
    with _lasting():
        from briefgen.writers import pdf  # noqa: F401

        _warm_up()


def _import_writers(formats: Iterable[str]) -> None:
    """The other writers that the build's jobs use."""
    if "docx" in formats:
        with _lasting():
            from briefgen.writers.docx import writer  # noqa: F401 - python-docx


@dataclass(frozen=True)
class Setup:
    """What a worker is sent before its first job. A worker may be forked before the
    project is read (``start_early``), so the project travels through its pipe, pickled
    once for every worker."""

    project: Project
    formats: frozenset[str]
    charts: chart_server.Serving
    fonts: Coverage | None
    """What the installed fonts cover (each PDF's text is checked against it), when the
    build's process has read it: fc-list is run once per build."""


def _stylesheet_warnings(project: Project) -> list[Diagnostic]:
    """What WeasyPrint would drop from the project's stylesheets (render/stylesheet_check.py):
    the build reports it once, from its first worker, which has WeasyPrint imported; the
    errors are the build's own check, which needs no WeasyPrint."""
    from briefgen.render.stylesheet_check import CSS_IGNORED, check_stylesheets
    from briefgen.writers.stylesheet_warnings import ignored_declarations

    checked = check_stylesheets(project.root, ignored=ignored_declarations)
    return [d for d in checked.diagnostics if d.code == CSS_IGNORED]


def _heap_trimmer() -> Callable[[], object]:
    """glibc's ``malloc_trim(0)``, or a no-op where the C library has none."""
    try:
        return functools.partial(ctypes.CDLL(None).malloc_trim, 0)
    except (OSError, AttributeError):
        return lambda: None


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through write_atomic, which removes its temporary


def _worker_main(conn: Connection, recycle_after: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what a Ctrl-C stops
    signal.signal(signal.SIGTERM, _stop)
    _prepare()
    try:
        payload = conn.recv_bytes()
        check_stylesheets = conn.recv()
    except EOFError:
        return
    if not payload:  # nothing to render after all
        return
    setup: Setup = pickle.loads(payload)
    _import_writers(setup.formats)
    chart_server.serve_from(setup.charts)
    if setup.fonts is not None:
        use_coverage(setup.fonts)
    can_check()  # runs fc-list if the build's process did not
    from briefgen.render import compiled_templates
    from briefgen.render.document import Renderer

    project = setup.project
    warnings = _stylesheet_warnings(project) if check_stylesheets else []
    # The templates' compiled code is kept between builds, in the user's cache (never in the
    # project, whose build/ folder a repository can bring): a worker reads it rather than
    # compile each template again (about 80 ms of its start, measured on country sheets).
    renderer = Renderer(project, compiled_templates=compiled_templates.user_folder())
    # What a document's layout freed goes back to the system before the next one: without
    # it, the C heap of each worker stays at its largest document's high-water mark (about
    # 15 MB more a worker, measured on event reports).
    trim = _heap_trimmer()
    conn.send(("ready", warnings))  # the time limit starts with the first job
    for _ in range(recycle_after):
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        conn.send(run_job(job, project, renderer))
        trim()


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job: Job | None = None
    started: float = 0.0
    done: int = 0
    ready: bool = False


def _fork_worker(recycle_after: int) -> _Worker:
    # Objects that exist now are shared with the worker: keep the collector from walking
    # (and so copying) them in it. CPython's advice for pre-fork servers.
    gc.freeze()
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_worker_main, args=(child, recycle_after), daemon=True)
    process.start()
    child.close()
    return _Worker(process, parent)


@dataclass
class EarlyWorkers:
    """Workers forked before the project is read (``start_early``), each importing and
    warming WeasyPrint and the writers while this process reads the project and plans.

    On two cores a build's start was a chain: read the project, import WeasyPrint,
    fork, warm up (about 0.8 s before the first document, of which the import is half).
    Forked first, the workers do their half beside the reading. A pool adopts them;
    when nothing is to be rendered, ``cancel`` stops them.
    """

    workers: list[_Worker]

    def cancel(self) -> None:
        """Stop the workers that no pool adopted (they hold nothing yet)."""
        for worker in self.workers:
            with contextlib.suppress(OSError):
                os.kill(worker.process.pid or 0, signal.SIGKILL)
            worker.process.join(timeout=5)
            worker.conn.close()
        self.workers.clear()


def start_early(count: int, recycle_after: int = 500) -> EarlyWorkers:
    """Fork ``count`` workers now, before the project is read; a pool adopts them."""
    return EarlyWorkers([_fork_worker(recycle_after) for _ in range(count)])


def _rss_mb(pid: int) -> float:
    try:
        with Path(f"/proc/{pid}/statm").open() as handle:
            pages = int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576


@dataclass
class Pool:
    project: Project
    workers: int
    seconds: float
    memory_mb: int
    formats: frozenset[str] = frozenset({"pdf"})
    """The formats its jobs write (a worker imports those writers before its first job)."""
    recycle_after: int = 500
    """Documents a worker renders before it is replaced (its memory stays flat, measured at
    about 106 MB over 400 documents; recycling is a guard, and each one costs a warm-up)."""
    early: EarlyWorkers | None = None
    """Workers forked before the project was read, to adopt before forking others."""
    stylesheet_warnings: list[Diagnostic] = field(default_factory=list)
    """What WeasyPrint would drop from the project's stylesheets, told by the first worker."""
    _live: list[_Worker] = field(default_factory=list)
    _setup: bytes = b""
    _checker: _Worker | None = None
    """The worker asked to check the stylesheets: the pool waits for its answer."""

    def _spawn(self) -> _Worker:
        early = self.early.workers if self.early is not None else []
        worker = early.pop(0) if early else _fork_worker(self.recycle_after)
        if not self._setup:
            charts = chart_server.serving()
            setup = Setup(self.project, self.formats, charts, known_coverage())
            self._setup = pickle.dumps(setup, protocol=pickle.HIGHEST_PROTOCOL)
        self._live.append(worker)
        first = self._checker is None
        if first:
            self._checker = worker  # the first worker checks the stylesheets
        with contextlib.suppress(OSError):  # a worker that died is noticed as not started
            worker.conn.send_bytes(self._setup)
            worker.conn.send(first)
        return worker

    def _checking(self) -> bool:
        """Whether the stylesheets' check is still to come (its worker alive, not ready):
        a build whose jobs another worker ran first still reports it."""
        checker = self._checker
        return checker is not None and checker in self._live and not checker.ready

    def _retire(self, worker: _Worker, *, kill: bool = False) -> None:
        if kill and worker.process.is_alive():
            with contextlib.suppress(OSError):
                os.kill(worker.process.pid or 0, signal.SIGKILL)
        worker.process.join(timeout=5)
        worker.conn.close()
        self._live.remove(worker)

    def _fail(self, worker: _Worker, message: str) -> JobResult:
        job = worker.job
        assert job is not None
        where = self.project.file_location(*job.ref.entity)
        result = JobResult(job)
        result.diagnostics.append(
            Diagnostic("error", f"{job.ref.target}: {message}", "limit", where)
        )
        output = self.project.config.output
        for fmt in job.formats:
            path = Path(output) / job.ref.output_path(job.lang, fmt)
            result.outputs.append(
                Output(fmt, path.as_posix(), None, time.monotonic() - worker.started)
            )
            _remove_temporaries(self.project.root / path)
        return result

    def run(self, jobs: Iterable[Job], on_result: Callable[[JobResult], None]) -> None:
        """Run every job; results are handed over as they arrive. Ctrl-C stops cleanly."""
        queue = deque(jobs)
        try:
            while queue or any(w.job for w in self._live) or self._checking():
                while queue and len(self._live) < self.workers:
                    self._spawn()
                if self.early is not None:
                    self.early.cancel()  # those the jobs do not need
                for worker in self._live:
                    if worker.ready and worker.job is None and queue:
                        worker.job, worker.started = queue.popleft(), time.monotonic()
                        with contextlib.suppress(OSError):  # a dead worker is noticed below
                            worker.conn.send(worker.job)
                self._collect(on_result)
        finally:
            self.close()
            if self.early is not None:
                self.early.cancel()

    def _collect(self, on_result: Callable[[JobResult], None]) -> None:
        listening = [w.conn for w in self._live if w.job is not None or not w.ready]
        ready = wait(listening + [w.process.sentinel for w in self._live], 0.2)
        now = time.monotonic()
        for worker in list(self._live):
            if not worker.ready and worker.conn in ready:
                try:
                    message, warnings = worker.conn.recv()
                except (EOFError, OSError):
                    self._retire(worker)
                    continue
                worker.ready = message == "ready"
                self.stylesheet_warnings += warnings
                continue
            if worker.job is not None and worker.conn in ready:
                try:
                    result = worker.conn.recv()
                except (EOFError, OSError):
                    result = None
                if isinstance(result, JobResult):
                    on_result(result)
                    worker.job, worker.done = None, worker.done + 1
                    if worker.done >= self.recycle_after:
                        self._retire(worker)
                    continue
            if worker.job is None:
                if not worker.process.is_alive():
                    self._retire(worker)
                    if not worker.ready:
                        raise RuntimeError("a rendering worker failed to start")
                continue
            if not worker.process.is_alive():
                code = worker.process.exitcode
                on_result(self._fail(worker, f"the renderer stopped unexpectedly (exit {code})"))
                self._retire(worker)
            elif now - worker.started > self.seconds:
                self._retire(worker, kill=True)
                on_result(
                    self._fail(
                        worker,
                        f"took longer than {self.seconds:g} s to render "
                        "(limits.render_seconds in briefgen.yaml)",
                    )
                )
            elif _rss_mb(worker.process.pid or 0) > self.memory_mb:
                self._retire(worker, kill=True)
                on_result(
                    self._fail(
                        worker,
                        f"used more than {self.memory_mb} MB of memory "
                        "(limits.render_memory_mb in briefgen.yaml)",
                    )
                )

    def close(self) -> None:
        for worker in list(self._live):
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in list(self._live):
            if worker.job is not None:
                # Interrupted mid-document: stop it; its atomic write cleans up after itself.
                with contextlib.suppress(OSError):
                    os.kill(worker.process.pid or 0, signal.SIGTERM)
                worker.process.join(timeout=5)
                for fmt in worker.job.formats:
                    output = self.project.config.output
                    path = Path(output) / worker.job.ref.output_path(worker.job.lang, fmt)
                    _remove_temporaries(self.project.root / path)
            self._retire(worker, kill=True)


def _remove_temporaries(target: Path) -> None:
    """Temporary files a killed writer left beside ``target`` (see outputs.write_atomic)."""
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
