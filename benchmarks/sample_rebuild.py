"""Rebuild time of the sample project after one speaker's position changes.

    python benchmarks/sample_rebuild.py [--repeat 5] [--speaker talgat-kaliyev]

Issue 11's target for a sample-sized project: changing one speaker rebuilds it
in at most 3 s. The sample (this repository's briefgen.yaml, content/,
templates/ and locale/) is copied to a temporary folder and built once; then
the speaker's ``position``, which their summary prints, is changed and changed
back, and each rebuild is timed as a user runs it (the real command line, its
start included). Prints the median wall and CPU time and what each rebuild made.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from installed import compile_briefgen

REPO = Path(__file__).resolve().parent.parent


def copy_sample(dest: Path) -> Path:
    shutil.copy(REPO / "briefgen.yaml", dest / "briefgen.yaml")
    for folder in ("content", "templates", "locale"):
        shutil.copytree(REPO / folder, dest / folder)
    return dest


def timed_build(root: Path, *args: str) -> tuple[float, float, str]:
    """(seconds, CPU seconds of the build and its workers, its summary line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"briefgen build exited {done.returncode}:\n{done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = (done.stdout + done.stderr).splitlines()
    summary = next(line for line in reversed(lines) if line.startswith("built"))
    return seconds, cpu, summary


def speaker_rebuild(repeat: int, speaker: str) -> tuple[float, float, str]:
    """(median seconds, median CPU seconds, the last rebuild's summary line)."""
    with tempfile.TemporaryDirectory(prefix="briefgen-sample-") as folder:
        root = copy_sample(Path(folder))
        timed_build(root)
        path = root / "content" / "speakers" / f"{speaker}.yaml"
        original = path.read_text(encoding="utf-8")
        match = re.search(r"^position: (.+)$", original, re.MULTILINE)
        if match is None:
            raise SystemExit(f"{path.name} has no position to change")
        changed = original.replace(match.group(0), f"{match.group(0)} (acting)", 1)
        walls, cpus, summary = [], [], ""
        for round_ in range(repeat):
            path.write_text(changed if round_ % 2 == 0 else original, encoding="utf-8")
            seconds, cpu, summary = timed_build(root)
            walls.append(seconds)
            cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus), summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--speaker", default="talgat-kaliyev")
    args = parser.parse_args()
    compile_briefgen()  # as installed: see installed.py
    seconds, cpu, summary = speaker_rebuild(args.repeat, args.speaker)
    print(
        f"sample project, one speaker's position changed: {seconds:.2f} s, CPU {cpu:.2f} s "
        f"(median of {args.repeat}; target <= 3 s); last rebuild: {summary}"
    )


if __name__ == "__main__":
    main()
