"""Print build-engine figures on a large synthetic project, in one run.

    python benchmarks/build_speed.py [--speakers 790] [--countries 190] [--events 20] [--keep DIR]

Figures: full-build documents per second at -j1 and -j2 (every document a build
makes: the single documents and the events' briefing packs); their ratio to raw
WeasyPrint rendering the same HTML in this process (briefgen's own overhead);
the no-op rebuild time; the rebuild time after one speaker file changes; the
peak memory of the whole build (the build process and all its workers, summed as PSS,
and as RSS, which counts the pages the workers share with it in each),
also for a first build at -j2 (no state, no kept charts); and the sample
project's rebuild time after one speaker changes (benchmarks/sample_rebuild.py).
Builds run as the real command line, as a user runs them.

The first build (-j1) starts with nothing built: it draws every chart. The
-j2 build that follows is forced, and finds the charts kept by the first.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate_project import generate
from installed import compile_briefgen
from sample_rebuild import speaker_rebuild


def _tree_memory_mb(root_pid: int) -> tuple[float, float, float]:
    """(RSS, PSS) of a process and all its descendants, summed, in MB, and the RSS of the
    largest of them (what ``/usr/bin/time`` calls the maximum resident set size).

    The summed RSS counts a page shared by several processes once in each: the workers
    are forked from the build's process and share what it had loaded (WeasyPrint, the
    project) until they write to it. PSS (the proportional set size, Linux's
    ``smaps_rollup``) divides each shared page among the processes sharing it, so the
    summed PSS is the memory the build holds. Where PSS cannot be read, it is the RSS.
    """
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    rss_kb = pss_kb = largest_kb = 0
    stack = [root_pid]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        rss, pss = _process_memory_kb(pid)
        rss_kb += rss
        pss_kb += pss
        largest_kb = max(largest_kb, rss)
    return rss_kb / 1024, pss_kb / 1024, largest_kb / 1024


def _process_memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) if it has exited."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        try:
            pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            return 0, 0
        rss = pages * os.sysconf("SC_PAGE_SIZE") // 1024
        return rss, rss
    fields = {
        line.split(":")[0]: int(line.split()[1])
        for line in rollup.splitlines()
        if line.startswith(("Rss:", "Pss:"))
    }
    return fields.get("Rss", 0), fields.get("Pss", fields.get("Rss", 0))


Peaks = tuple[float, float, float]
"""Peak summed RSS, peak summed PSS and the peak RSS of the largest process, in MB."""


def run_build(root: Path, *args: str) -> tuple[float, Peaks, float]:
    """(seconds, memory peaks, CPU seconds of the build and its workers) of one build."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    log = root / "build-log.txt"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "build", *args], cwd=root, stdout=out, stderr=out
        )
    peak_rss = peak_pss = peak_one = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_rss, peak_pss, peak_one
        while not stop.is_set():
            rss, pss, one = _tree_memory_mb(process.pid)
            peak_rss, peak_pss, peak_one = (
                max(peak_rss, rss),
                max(peak_pss, pss),
                max(peak_one, one),
            )
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    stop.set()
    sampler.join()
    if code != 0:
        tail = "\n".join(log.read_text().splitlines()[-15:])
        raise SystemExit(f"briefgen build {' '.join(args)} exited {code}:\n{tail}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - start, (peak_rss, peak_pss, peak_one), cpu


def _memory(peaks: Peaks) -> str:
    rss, pss, one = peaks
    return (
        f"{pss:.0f} MB PSS summed ({rss:.0f} MB RSS, shared pages counted in each process; "
        f"largest process {one:.0f} MB RSS)"
    )


def raw_weasyprint(root: Path) -> tuple[int, float, float]:
    """(documents, seconds, CPU seconds) to render with WeasyPrint directly the HTML of
    every document the build makes (its briefing packs too)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from briefgen.content.documents import all_documents
    from briefgen.content.project import load_project
    from briefgen.render.document import Renderer

    project = load_project(root)
    renderer = Renderer(project)
    documents = all_documents(project.graph, kinds=project.config.documents)  # as built
    htmls = [renderer.render(ref, "en").html for ref in documents]
    fonts = FontConfiguration()
    base = project.assets_dir.as_uri() + "/"
    HTML(string=htmls[0], base_url=base).write_pdf(font_config=fonts)  # warm-up
    start, cpu = time.perf_counter(), time.process_time()
    for html in htmls:
        HTML(string=html, base_url=base).write_pdf(font_config=fonts, pdf_variant="pdf/ua-1")
    return len(htmls), time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speakers", type=int, default=790)
    parser.add_argument("--countries", type=int, default=190)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="write the project here and keep it")
    args = parser.parse_args()
    compile_briefgen()  # as installed: see installed.py
    root = args.keep or Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    generate(root, args.countries, args.speakers, args.events)
    docs = args.countries + args.speakers + 2 * args.events  # and a briefing pack per event
    print(
        f"project: {args.events} events, {args.countries} countries, {args.speakers} "
        f"speakers = {docs} documents with the events' briefing packs, PDF only, one language"
    )

    cores = os.cpu_count() or 1
    seconds_1, rss_1, cpu_1 = run_build(root, "-f", "pdf", "-j", "1", "--force")
    print(
        f"full build -j1: {docs / seconds_1:.1f} documents/s ({seconds_1:.1f} s, "
        f"peak memory {_memory(rss_1)}, CPU {100 * cpu_1 / seconds_1:.0f}% of one core)"
    )
    seconds_2, rss_2, cpu_2 = run_build(root, "-f", "pdf", "-j", "2", "--force")
    print(
        f"full build -j2: {docs / seconds_2:.1f} documents/s ({seconds_2:.1f} s, "
        f"peak memory {_memory(rss_2)}, CPU {100 * cpu_2 / (seconds_2 * min(2, cores)):.0f}% "
        "of two cores)"
    )
    count, raw, raw_cpu = raw_weasyprint(root)
    print(
        f"raw WeasyPrint, one process: {count / raw:.1f} documents/s ({raw:.1f} s, "
        f"CPU {raw_cpu:.1f} s)"
    )
    print(
        f"ratio -j1 / raw: {(docs / seconds_1) / (count / raw):.2f} (target >= 0.9); "
        f"in CPU time (fair on a shared machine): {raw_cpu / cpu_1:.2f}"
    )
    print(
        f"ratio -j2 / (2 x raw): {(docs / seconds_2) / (2 * count / raw):.2f}; "
        f"in CPU time: {raw_cpu / cpu_2:.2f}"
    )
    noop, _, noop_cpu = run_build(root, "-f", "pdf")
    print(f"no-op rebuild of {docs} documents: {noop:.2f} s, CPU {noop_cpu:.2f} s (target <= 1 s)")
    speaker = root / "content/speakers/speaker-007.yaml"
    speaker.write_text(speaker.read_text().replace("Director", "Deputy Director", 1))
    one, _, one_cpu = run_build(root, "-f", "pdf")
    print(f"rebuild after one speaker file changed: {one:.2f} s, CPU {one_cpu:.2f} s")
    shutil.rmtree(root / "build")
    _, rss_first, _ = run_build(root, "-f", "pdf", "-j", "2")
    peaks = (max(rss_1[0], rss_2[0]), max(rss_1[1], rss_2[1]), max(rss_1[2], rss_2[2]))
    print(
        f"peak memory of the whole build: {_memory(peaks)} (target <= 400 MB); "
        f"first build at -j2 (nothing built, no kept charts): {_memory(rss_first)}"
    )
    sample, sample_cpu, summary = speaker_rebuild(3, "talgat-kaliyev")
    print(
        f"sample project, one speaker's position changed: {sample:.2f} s, CPU "
        f"{sample_cpu:.2f} s (median of 3; target <= 3 s): {summary}"
    )
    if args.keep is None:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
