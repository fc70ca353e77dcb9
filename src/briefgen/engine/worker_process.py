"""A rendering worker's process: its start, its setup and its loop of jobs.

A worker imports WeasyPrint and warms up on its own, then is sent its ``Setup``
(the project, pickled once for all workers, and what the build's process read
that it needs). So it can be forked before the project is read (engine/pool.py,
``start_early``), and the build's process never imports WeasyPrint.

The first worker of a build may fork the others (its *siblings*), once it has
imported, warmed up and read its setup: they share its imported modules, warm
fonts and project instead of importing WeasyPrint again each (about 0.4 s of CPU
a worker). Each sibling is forked through a short-lived intermediate process, so
that it becomes a child of the build's process (a child subreaper), which watches
it as it watches the workers it forks itself.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from briefgen.content.project import Project
from briefgen.diagnostics import Diagnostic
from briefgen.engine.load import collector_paused
from briefgen.engine.worker import run_job
from briefgen.render import chart_server
from briefgen.render.fonts import Coverage, can_check, use_coverage

if TYPE_CHECKING:
    from briefgen.render.document import Renderer


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
    with collector_paused():
        yield
        gc.freeze()


def _prepare() -> None:
    """Import and warm what every job uses, WeasyPrint and the PDF writer, before the
    worker knows its project (a worker forked from a process that had imported them
    already only warms up)."""
    with _lasting():
        from briefgen.writers import pdf  # noqa: F401

        _warm_up()


def _renderer_problem() -> str | None:
    """What keeps WeasyPrint from loading here, in ``briefgen doctor``'s words (the
    library it cannot load and the Debian packages to install); None if it loads."""
    from briefgen.writers.native_libraries import weasyprint_unavailable

    problem = weasyprint_unavailable()
    return None if problem is None else f"WeasyPrint {problem}"


def _import_writers(formats: Iterable[str]) -> None:
    """The other writers that the build's jobs use."""
    if "docx" in formats:
        with _lasting():
            from briefgen.writers.docx import writer  # noqa: F401 - python-docx


@dataclass(frozen=True)
class Setup:
    """What a worker is sent before its first job. A worker may be forked before the
    project is read, so the project travels through its pipe, pickled once for every
    worker."""

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


def _serve(
    conn: Connection,
    project: Project,
    renderer: Renderer,
    warnings: list[Diagnostic],
    recycle_after: int,
) -> None:
    """Say ready, then render the jobs sent until told to stop."""
    # What a document's layout freed goes back to the system before the next one: without
    # it, the C heap of each worker stays at its largest document's high-water mark (about
    # 15 MB more a worker, measured on event reports).
    trim = _heap_trimmer()
    conn.send(("ready", warnings, os.getpid()))  # the time limit starts with the first job
    for _ in range(recycle_after):
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        conn.send(run_job(job, project, renderer))
        trim()


def _fork_sibling(conn: Connection, others: list[Connection], serve: Callable[[], None]) -> None:
    """Fork a worker that runs ``serve`` on ``conn``, through an intermediate process that
    exits at once, so that the worker is handed to the build's process (its subreaper)."""
    intermediate = os.fork()
    if intermediate:
        os.waitpid(intermediate, 0)
        return
    code = 0
    try:
        if os.fork() == 0:
            for other in others:
                other.close()
            try:
                serve()
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                sys.stderr.flush()
                os._exit(code)
    finally:
        os._exit(0)


def worker_main(
    conn: Connection,
    recycle_after: int,
    siblings: list[Connection],
    build_ends: Iterable[Connection] = (),
) -> None:
    """A worker's process: ``conn`` to the build's process; ``siblings``: pipes of workers
    this one may be asked to fork (the first message after the setup says how many);
    ``build_ends``: the build's ends of the workers' pipes, which the fork copied here."""
    for end in build_ends:
        end.close()  # so that this pipe, and the others', close when the build is gone
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what a Ctrl-C stops
    signal.signal(signal.SIGTERM, _stop)
    try:
        _prepare()
    except (ImportError, OSError):
        problem = _renderer_problem()
        if problem is None:
            raise  # not the machine's: a bug, shown with its traceback
        conn.send(("unavailable", problem, os.getpid()))  # said once, by the build's process
        return
    try:
        payload = conn.recv_bytes()
        check_stylesheets, forks = conn.recv()
    except EOFError:
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
    # The templates' compiled code is kept between builds, in the user's cache (never in the
    # project, whose build/ folder a repository can bring): a worker reads it rather than
    # compile each template again (about 80 ms of its start, measured on country sheets).
    renderer = Renderer(project, compiled_templates=compiled_templates.user_folder())
    gc.freeze()  # what the siblings share stays shared
    for sibling in siblings[:forks]:
        others = [conn, *(s for s in siblings if s is not sibling)]
        _fork_sibling(
            sibling,
            others,
            functools.partial(_serve, sibling, project, renderer, [], recycle_after),
        )
    for sibling in siblings:
        sibling.close()
    warnings = _stylesheet_warnings(project) if check_stylesheets else []
    _serve(conn, project, renderer, warnings, recycle_after)
