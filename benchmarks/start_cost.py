"""The fixed start of a rendering build: a timeline of the main process and the worker,
and the time of a build that renders one document (the editor's loop).

    python benchmarks/start_cost.py [--runs 7] [--countries 40] [--project DIR]

The build is ``briefgen build countries/<first> --force -j1`` on a generated project
(``generate_project.py``: 40 countries, 160 speakers, 4 events), built once before.

The timeline is of one run of that command in a child process whose functions of
interest are wrapped, as their modules are imported (no module is imported earlier than
the build imports it), to note when they start and end: milliseconds since the command
was started (``time.monotonic``, one clock for every process), each process's CPU time
beside it. Then the plain command is run ``--runs`` times: the median wall time and the
median CPU time of its process tree (user + sys of the command, its worker and fc-list),
the fair figure on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate_project import generate
from installed import compile_briefgen

PROBES = {
    "briefgen.engine.load": ["load_project", "make_plan", "DeferredFontCheck.all_covered"],
    "briefgen.engine.build": ["_checked_stylesheets", "record_job"],
    "briefgen.engine.run": ["run"],
    "briefgen.engine.prestart": ["likely_to_render"],
    "briefgen.engine.pool": ["start_early", "Pool._spawn"],
    "briefgen.engine.worker_process": ["_prepare", "_warm_up", "_import_writers"],
    "briefgen.render.document": ["Renderer.__init__"],
    "briefgen.engine.state": ["State.save"],
    "briefgen.engine.worker": ["run_job", "_write"],
}
"""Module -> the functions noted (their start and end) once the module is imported."""

DRIVER = r"""
import functools, importlib.abc, importlib.machinery, os, sys, time
LOG, PROBES = sys.argv[1], eval(sys.argv[2])
def note(event):
    line = f"{time.monotonic():.6f} {os.getpid()} {time.process_time():.6f} {event}\n"
    fd = os.open(LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    os.write(fd, line.encode())
    os.close(fd)
note("python is up")
def wrapped(name, function):
    @functools.wraps(function)
    def probe(*args, **kwargs):
        note(f"{name} >")
        try:
            return function(*args, **kwargs)
        finally:
            note(f"{name} <")
    return probe
class Loader(importlib.abc.Loader):
    def __init__(self, inner, names):
        self.inner, self.names = inner, names
    def create_module(self, spec):
        return self.inner.create_module(spec)
    def exec_module(self, module):
        self.inner.exec_module(module)
        for name in self.names:
            owner, _, attr = name.rpartition(".")
            holder = getattr(module, owner) if owner else module
            setattr(holder, attr, wrapped(name, getattr(holder, attr)))
class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname not in PROBES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        spec.loader = Loader(spec.loader, PROBES[fullname])
        return spec
sys.meta_path.insert(0, Finder())
from briefgen.cli import main
note("the CLI is imported")
sys.argv[1:] = sys.argv[3:]
try:
    main()
except SystemExit:
    pass
note("the command ends")
"""


def command(target: str) -> list[str]:
    return ["build", target, "--force", "-j1"]


def timeline(root: Path, target: str) -> None:
    """One run of the command, its functions noted, printed as a timeline."""
    log = Path(tempfile.mkdtemp(prefix="briefgen-start-")) / "timeline.txt"
    args = [sys.executable, "-c", DRIVER, str(log), repr(PROBES), *command(target)]
    started = time.monotonic()
    subprocess.run(args, cwd=root, check=True, stdout=subprocess.DEVNULL)
    ended = time.monotonic()
    main_pid: str | None = None
    print(f"timeline of `briefgen {' '.join(command(target))}` (ms since start; CPU ms)")
    for line in log.read_text().splitlines():
        at, pid, cpu, event = line.split(" ", 3)
        main_pid = main_pid or pid
        where = "main  " if pid == main_pid else f"worker {pid}"
        ms = 1000 * (float(at) - started)
        print(f"  {ms:7.1f}  {where:<12} {1000 * float(cpu):7.1f}  {event}")
    print(f"  {1000 * (ended - started):7.1f}  the process tree has exited")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_document(root: Path, target: str, runs: int) -> None:
    """The plain command, ``runs`` times: median wall and CPU time of its process tree."""
    walls, cpus = [], []
    for _ in range(runs):
        cpu, wall = children_cpu(), time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "briefgen", *command(target)],
            cwd=root,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        walls.append(time.perf_counter() - wall)
        cpus.append(children_cpu() - cpu)
    print(
        f"one-document build, median of {runs}: {statistics.median(walls):.3f} s wall, "
        f"{statistics.median(cpus):.3f} s CPU (process tree); "
        f"wall {min(walls):.3f}-{max(walls):.3f}, CPU {min(cpus):.3f}-{max(cpus):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--countries", type=int, default=40)
    parser.add_argument("--project", type=Path, help="an existing project (default: generated)")
    args = parser.parse_args()
    compile_briefgen()  # as installed: see installed.py
    root = args.project
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="briefgen-start-"))
        generate(root, args.countries, args.countries * 4, max(1, args.countries // 10))
    subprocess.run(  # the project built once (a no-op when it is)
        [sys.executable, "-m", "briefgen", "build", "-j2", "countries"],
        cwd=root,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    first = sorted(path.stem for path in (root / "content" / "countries").glob("*.yaml"))[0]
    target = f"countries/{first}"
    os.environ.pop("BRIEFGEN_TIMELINE", None)
    timeline(root, target)
    one_document(root, target, args.runs)


if __name__ == "__main__":
    main()
