"""Print how long a briefing pack takes to build against the sum of its parts' build times.

    python benchmarks/pack_speed.py [--rounds N] [--project DIR] [--lang CODE] [--event ID]

In one process, with a warm renderer and fonts: the pack of an event (HTML
rendering, then the PDF, then Word from the PDF's layout, as a build writes
them), and each of its parts built the same way as a single document. The
median of N rounds of each, in seconds, and the ratio of the pack to the sum, in wall
time and in CPU time (the fairer one on a machine shared with other work).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render.document import Renderer
from briefgen.render.pack import pack_parts
from briefgen.writers.docx.writer import write_docx
from briefgen.writers.layout import forget_shared_layout
from briefgen.writers.pdf import write_pdf

REPO = Path(__file__).resolve().parent.parent


Times = tuple[float, float, float, float]
"""Seconds: render, PDF, Word (wall time), and the CPU time of the three."""


def build_once(renderer: Renderer, ref: DocumentRef, lang: str) -> Times:
    """The times of one document, written as a build writes it."""
    project = renderer.project
    forget_shared_layout()
    cpu = time.process_time()
    t0 = time.perf_counter()
    doc = renderer.render(ref, lang)
    t1 = time.perf_counter()
    pages: dict[str, int] = {}
    write_pdf(doc, project.assets_dir, variant=project.config.pdf_variant, page_numbers=pages)
    t2 = time.perf_counter()
    write_docx(doc, project, page_numbers=pages)
    t3 = time.perf_counter()
    cpu = time.process_time() - cpu
    forget_shared_layout()
    return t1 - t0, t2 - t1, t3 - t2, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--project", type=Path, default=REPO)
    parser.add_argument("--lang", default=None)
    parser.add_argument("--event", default=None)
    args = parser.parse_args()

    project = load_project(args.project)
    lang = args.lang or project.config.default_language
    event = args.event or sorted(project.graph.events)[0]
    renderer = Renderer(project)
    pack = DocumentRef("packs", event)
    parts = pack_parts(renderer, event, lang)
    build_once(renderer, pack, lang)  # warm-up: fonts, stylesheets, catalogs
    pack_times: list[Times] = []
    part_times: list[Times] = []
    for _ in range(args.rounds):
        pack_times.append(build_once(renderer, pack, lang))
        each = [build_once(renderer, ref, lang) for ref in parts]
        part_times.append(tuple(sum(t[i] for t in each) for i in range(4)))  # type: ignore[arg-type]

    def median(times: list[Times], stage: int | None = None) -> float:
        return statistics.median(sum(t[:3]) if stage is None else t[stage] for t in times)

    print(f"pack {pack.target} ({lang}): {len(parts)} parts, median of {args.rounds} rounds")
    print(f"{'':10} {'render':>8} {'PDF':>8} {'Word':>8} {'total':>8} {'CPU':>8}")
    for name, times in (("pack", pack_times), ("parts", part_times)):
        row = " ".join(f"{median(times, i):8.2f}" for i in range(3))
        print(f"{name:10} {row} {median(times):8.2f} {median(times, 3):8.2f}  s")
    wall = median(pack_times) / median(part_times)
    cpu = median(pack_times, 3) / median(part_times, 3)
    print(f"pack / sum of parts: {wall:.2f} in wall time, {cpu:.2f} in CPU time")


if __name__ == "__main__":
    main()
