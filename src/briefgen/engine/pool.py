"""A pool of forked rendering workers with per-document time and memory limits.

Each worker renders one job at a time, keeps its renderer and fonts warm, and
exits after ``recycle_after`` jobs (memory that WeasyPrint and Pango keep is
given back). The parent watches every busy worker: one that runs past the
time limit or grows past the memory limit is killed and its job fails alone,
with a clear message; a fresh worker takes its place.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from briefgen.content.project import Project
from briefgen.diagnostics import Diagnostic
from briefgen.engine.worker import Job, JobResult, Output, run_job

_PROJECT: Project | None = None  # set in the parent just before forking


def _warm_up(project: Project) -> None:
    """Load fonts and caches once, before the first job (and its time limit) starts."""
    from weasyprint import HTML

    from briefgen.writers.layout import font_configuration

    sample = (
        '<html><body style="font-family: Noto Sans, Noto Naskh Arabic, Noto Sans CJK SC">'
        "<p>Warm-up <b>bold</b> <i>italic</i> سلام 你好</p></body></html>"
    )
    HTML(string=sample).render(font_config=font_configuration())


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
    from briefgen.render import compiled_templates
    from briefgen.render.document import Renderer

    project = _PROJECT
    assert project is not None
    _warm_up(project)
    # The templates' compiled code is kept between builds, in the user's cache (never in the
    # project, whose build/ folder a repository can bring): a worker reads it rather than
    # compile each template again (about 80 ms of its start, measured on country sheets).
    renderer = Renderer(project, compiled_templates=compiled_templates.user_folder())
    # What a document's layout freed goes back to the system before the next one: without
    # it, the C heap of each worker stays at its largest document's high-water mark (about
    # 15 MB more a worker, measured on event reports).
    trim = _heap_trimmer()
    conn.send("ready")  # the time limit starts with the first job, not with the warm-up
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
    recycle_after: int = 500
    """Documents a worker renders before it is replaced (its memory stays flat, measured at
    about 106 MB over 400 documents; recycling is a guard, and each one costs a warm-up)."""
    _live: list[_Worker] = field(default_factory=list)

    def _spawn(self) -> _Worker:
        global _PROJECT
        _PROJECT = self.project
        # Objects that exist now are shared with every worker: keep the collector from
        # walking (and so copying) them in each one. CPython's advice for pre-fork servers.
        gc.freeze()
        ctx = multiprocessing.get_context("fork")
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_worker_main, args=(child, self.recycle_after), daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._live.append(worker)
        return worker

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
            while queue or any(w.job for w in self._live):
                while queue and len(self._live) < self.workers:
                    self._spawn()
                for worker in self._live:
                    if worker.ready and worker.job is None and queue:
                        worker.job, worker.started = queue.popleft(), time.monotonic()
                        with contextlib.suppress(OSError):  # a dead worker is noticed below
                            worker.conn.send(worker.job)
                self._collect(on_result)
        finally:
            self.close()

    def _collect(self, on_result: Callable[[JobResult], None]) -> None:
        listening = [w.conn for w in self._live if w.job is not None or not w.ready]
        ready = wait(listening + [w.process.sentinel for w in self._live], 0.2)
        now = time.monotonic()
        for worker in list(self._live):
            if not worker.ready and worker.conn in ready:
                try:
                    worker.ready = worker.conn.recv() == "ready"
                except (EOFError, OSError):
                    self._retire(worker)
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
