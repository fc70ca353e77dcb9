"""Print Word writing speed on the sample project: .docx documents per second, one process.

    python benchmarks/docx_speed.py [--rounds N] [--project DIR]

The HTML of every document is rendered once first; what is timed is the
DOCX writer alone (reference.docx loading, the HTML walk, the zip), without
PDF page numbers.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from briefgen.content.documents import all_documents
from briefgen.content.project import load_project
from briefgen.render.document import Renderer
from briefgen.writers.docx.writer import write_docx

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--project", type=Path, default=REPO)
    args = parser.parse_args()

    project = load_project(args.project)
    renderer = Renderer(project)
    docs = [
        renderer.render(ref, project.config.default_language)
        for ref in all_documents(project.graph)
    ]
    write_docx(docs[0], project)  # warm-up
    rates = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for doc in docs:
            write_docx(doc, project)
        rates.append(len(docs) / (time.perf_counter() - start))
    print(
        f"docx: {statistics.median(rates):.1f} documents per second "
        f"(median of {args.rounds} rounds of {len(docs)})"
    )


if __name__ == "__main__":
    main()
