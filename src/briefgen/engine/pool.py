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
import gc
import multiprocessing
import os
import pickle
import select
import signal
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from briefgen.content.project import Project
from briefgen.diagnostics import Diagnostic, MachineError
from briefgen.engine.worker import Job, JobResult, Output
from briefgen.engine.worker_process import Setup, worker_main
from briefgen.render import chart_server
from briefgen.render.fonts import known_coverage


class _Adopted:
    """A worker that the first worker forked (engine/worker_process.py), this process's
    child once the intermediate process between them has exited (this process is then
    their subreaper). Known by the pid its first message gives; till then by its pipe."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.exitcode: int | None = None
        self._exit: int | None = None  # a pidfd: readable once the process has ended

    def attach(self, pid: int) -> None:
        self.pid, self._exit = pid, os.pidfd_open(pid)

    @property
    def sentinel(self) -> int | None:
        return self._exit

    def is_alive(self) -> bool:
        if self._exit is None or self.exitcode is not None:
            return self.exitcode is None
        if not select.select([self._exit], [], [], 0)[0]:
            return True
        self._reap()
        return False

    def join(self, timeout: float | None = None) -> None:
        if self._exit is None or self.exitcode is not None:
            return
        if select.select([self._exit], [], [], timeout)[0]:
            self._reap()

    def _reap(self) -> None:
        assert self.pid is not None and self._exit is not None
        try:
            _, status = os.waitpid(self.pid, os.WNOHANG)
            self.exitcode = os.waitstatus_to_exitcode(status)
        except ChildProcessError:  # not handed to this process: its code is not ours to read
            self.exitcode = -1
        os.close(self._exit)


@dataclass
class _Worker:
    process: BaseProcess | _Adopted
    conn: Connection
    job: Job | None = None
    started: float = 0.0
    done: int = 0
    ready: bool = False

    def kill(self, signum: int = signal.SIGKILL) -> None:
        if self.process.pid is not None and self.process.is_alive():
            with contextlib.suppress(OSError):
                os.kill(self.process.pid, signum)


_BUILD_ENDS: weakref.WeakSet[Connection] = weakref.WeakSet()
"""This process's ends of its workers' pipes. A worker forked from this process closes its
copies of them first thing (``worker_main``): a worker learns that the build is gone (killed
outright, by SIGKILL or the out-of-memory killer) when its pipe closes, which happens only
once no process holds the build's end, not even another worker or itself."""


def _fork_worker(recycle_after: int, siblings: list[Connection] | None = None) -> _Worker:
    # Objects that exist now are shared with the worker: keep the collector from walking
    # (and so copying) them in it. CPython's advice for pre-fork servers.
    gc.freeze()
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    _BUILD_ENDS.add(parent)
    process = ctx.Process(
        target=worker_main,
        args=(child, recycle_after, siblings or [], list(_BUILD_ENDS)),
        daemon=True,
    )
    process.start()
    child.close()
    return _Worker(process, parent)


_PR_SET_CHILD_SUBREAPER = 36


def _become_subreaper(on: bool) -> bool:
    """Have this process adopt its orphaned descendants (Linux), to watch them through a
    pidfd (Linux 5.3); whether it could."""
    try:
        os.close(os.pidfd_open(os.getpid()))
    except (AttributeError, OSError):
        return False
    try:
        done: int = ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, int(on))
    except (OSError, AttributeError):
        return False
    return done == 0


@dataclass
class EarlyWorkers:
    """Workers forked before the project is read (``start_early``), importing and warming
    WeasyPrint and the writers while this process reads the project and plans.

    On two cores a build's start was a chain: read the project, import WeasyPrint,
    fork, warm up (about 0.8 s before the first document, of which the import is half).
    Forked first, a worker does its half beside the reading. One worker is forked, and
    it forks the others once it is set up (``spares``: their pipes), so that WeasyPrint
    is imported once. A pool adopts them; when nothing is to be rendered, ``cancel``
    stops them.
    """

    workers: list[_Worker]
    spares: list[Connection] = field(default_factory=list)
    """This process's ends of the pipes of the workers the first one may fork."""
    reaping: bool = False
    """Whether this process was made their subreaper (undone by ``close``)."""

    def cancel(self) -> None:
        """Stop the workers that no pool adopted (they hold nothing yet)."""
        for worker in self.workers:
            worker.kill()
            worker.process.join(timeout=5)
            worker.conn.close()
        for spare in self.spares:
            spare.close()
        self.workers.clear()
        self.spares.clear()

    def close(self) -> None:
        """Once the build's workers have ended: stop the rest, and adopt orphans no more."""
        self.cancel()
        if self.reaping:
            self.reaping = not _become_subreaper(False)


def start_early(count: int, recycle_after: int = 500) -> EarlyWorkers:
    """Fork the first of ``count`` workers now, before the project is read; it forks the
    others when a pool adopts it (each forked here where that cannot be done)."""
    if count > 1 and _become_subreaper(True):
        pipes = [multiprocessing.get_context("fork").Pipe() for _ in range(count - 1)]
        _BUILD_ENDS.update(parent for parent, _ in pipes)
        first = _fork_worker(recycle_after, [child for _, child in pipes])
        for _, child in pipes:
            child.close()
        return EarlyWorkers([first], [parent for parent, _ in pipes], reaping=True)
    return EarlyWorkers([_fork_worker(recycle_after) for _ in range(count)])


def _rss_mb(pid: int | None) -> float:
    if pid is None:
        return 0.0
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
    _forked: list[Connection] = field(default_factory=list)
    """Pipes of the workers that the first early worker is forking."""

    def _spawn(self) -> _Worker:
        if self._forked:
            worker = _Worker(_Adopted(), self._forked.pop(0), ready=False)
            self._live.append(worker)
            return worker
        early = self.early.workers if self.early is not None else []
        worker = early.pop(0) if early else _fork_worker(self.recycle_after)
        forks = 0
        if self.early is not None and self.early.spares and not self._live:
            # The first early worker forks as many of the others as the pool needs.
            forks = min(len(self.early.spares), self.workers - 1)
            self._forked = self.early.spares[:forks]
            del self.early.spares[:forks]
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
            worker.conn.send((first, forks))
        return worker

    def _checking(self) -> bool:
        """Whether the stylesheets' check is still to come (its worker alive, not ready):
        a build whose jobs another worker ran first still reports it."""
        checker = self._checker
        return checker is not None and checker in self._live and not checker.ready

    def _retire(self, worker: _Worker, *, kill: bool = False) -> None:
        if kill:
            worker.kill()
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
                self.early.close()

    def _collect(self, on_result: Callable[[JobResult], None]) -> None:
        listening = [w.conn for w in self._live if w.job is not None or not w.ready]
        ends: list[Connection | int] = [*listening]
        ends += [w.process.sentinel for w in self._live if w.process.sentinel is not None]
        ready = wait(ends, 0.2)
        now = time.monotonic()
        for worker in list(self._live):
            if not worker.ready and worker.conn in ready:
                try:
                    # ("ready", the stylesheets' warnings, pid), or ("unavailable", what
                    # keeps the renderer from loading on this machine, pid)
                    message, detail, pid = worker.conn.recv()
                except (EOFError, OSError):
                    self._retire(worker)
                    continue
                if isinstance(worker.process, _Adopted):
                    worker.process.attach(pid)
                if message == "unavailable":
                    self._retire(worker)
                    raise MachineError(f"the renderer cannot start: {detail}")
                worker.ready = message == "ready"
                self.stylesheet_warnings += detail
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
            elif _rss_mb(worker.process.pid) > self.memory_mb:
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
                worker.kill(signal.SIGTERM)
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
