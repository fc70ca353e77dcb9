"""A change measured as a build sees it: two versions of briefgen, interleaved, in one sitting.

    python benchmarks/ab_builds.py BEFORE_SRC [--runs 6] [--countries 40] [-- BUILD_ARGS...]

BEFORE_SRC is a ``src`` folder of the code before the change (for example
``git archive main src | tar -x -C /tmp/before``); the code after is this checkout's.
Each run builds a generated project (generate_project.py: ``--countries`` countries, four
speakers each and at least 40, an event per ten) with one version and then the other,
alternating which goes first, with BUILD_ARGS (default: ``countries --force -j1``). Prints,
for each version, the median wall time and the median CPU time of the command's process
tree.

Why: this project's machines are shared virtual ones whose speed drifts by 10 to 20 %
within an hour (docs/performance.md, 2026-12-03), more than most changes save. Two figures
taken at different times compare the machine, not the code; alternating the versions run
by run gives both the same machine.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).parent))
from generate_project import generate

REPO = Path(__file__).resolve().parent.parent


def timed(root: Path, src: Path, args: list[str]) -> tuple[float, float]:
    """(seconds, CPU seconds of the process tree) of one build with the package in ``src``."""
    env = dict(os.environ, PYTHONPATH=str(src))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = perf_counter()
    subprocess.run(
        [sys.executable, "-m", "briefgen", "build", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    seconds = perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the src folder of the code before")
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--countries", type=int, default=40)
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:cut])
    args.build_args = argv[cut + 1 :] or ["countries", "--force", "-j1"]
    before = args.before.resolve()
    if not (before / "briefgen" / "__init__.py").is_file():
        raise SystemExit(f"{before} holds no briefgen package")
    versions = {"before": before, "after": REPO / "src"}
    for src in versions.values():  # as an installed copy is (benchmarks/installed.py)
        if not compileall.compile_dir(src / "briefgen", quiet=1):
            raise SystemExit(f"cannot compile {src / 'briefgen'}")
    with tempfile.TemporaryDirectory(prefix="briefgen-ab-") as folder:
        root = Path(folder)
        generate(root, args.countries, max(40, args.countries * 4), max(1, args.countries // 10))
        for src in versions.values():  # first builds: caches made, nothing timed
            timed(root, src, args.build_args)
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in versions}
        for run in range(args.runs):
            order = list(versions) if run % 2 == 0 else list(reversed(versions))
            for name in order:
                figures[name].append(timed(root, versions[name], args.build_args))
    print(f"briefgen build {' '.join(args.build_args)}: {args.runs} runs each, interleaved")
    for name, runs in figures.items():
        wall = statistics.median(seconds for seconds, _ in runs)
        cpu = statistics.median(cpu for _, cpu in runs)
        each = [round(seconds, 2) for seconds, _ in runs]
        print(f"  {name:6}  {wall:7.3f} s wall  {cpu:7.3f} s CPU   {each}")
    ratio = statistics.median(s for s, _ in figures["after"]) / statistics.median(
        s for s, _ in figures["before"]
    )
    print(f"  after / before: {ratio:.3f} ({100 * (ratio - 1):+.1f} % wall)")


if __name__ == "__main__":
    main()
