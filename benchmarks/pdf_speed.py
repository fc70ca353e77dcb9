"""Print PDF writing speed on the sample project: fact sheets per second, ms per report page.

    python benchmarks/pdf_speed.py [--rounds N] [--project DIR]

Everything runs in one process, as a build worker does: one Jinja
environment, one WeasyPrint FontConfiguration. The first render of each kind
is a warm-up and is not counted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from pypdf import PdfReader

from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render.document import Renderer
from briefgen.writers.pdf import write_pdf

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--project", type=Path, default=REPO)
    args = parser.parse_args()

    project = load_project(args.project)
    renderer = Renderer(project)
    countries = [DocumentRef("countries", code) for code in project.graph.countries]
    events = [DocumentRef("events", eid) for eid in project.graph.events]

    def render_pdf(ref: DocumentRef) -> bytes:
        doc = renderer.render(ref, project.config.default_language)
        pdf, _ = write_pdf(doc, project.assets_dir, variant=project.config.pdf_variant)
        return pdf

    render_pdf(countries[0])  # warm-up: fonts, stylesheet parsing, imports
    sheets_per_second = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for ref in countries:
            render_pdf(ref)
        sheets_per_second.append(len(countries) / (time.perf_counter() - start))

    ms_per_page = []
    for ref in events:
        render_pdf(ref)
        for _ in range(args.rounds):
            start = time.perf_counter()
            pdf = render_pdf(ref)
            elapsed = time.perf_counter() - start
            import io

            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            ms_per_page.append(elapsed * 1000 / pages)

    print(
        f"fact sheets: {statistics.median(sheets_per_second):.1f} PDFs per second "
        f"(median of {args.rounds} rounds of {len(countries)})"
    )
    if ms_per_page:
        print(
            f"event report: {statistics.median(ms_per_page):.0f} ms per page "
            f"(median of {len(ms_per_page)} renders)"
        )


if __name__ == "__main__":
    main()
