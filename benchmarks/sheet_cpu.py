"""CPU time per country sheet written as PDF and .docx, in one process (as a build worker).

    python benchmarks/sheet_cpu.py [--countries 12] [--project DIR]

CPU time (``time.process_time``) rather than wall time: on a machine shared
with other work it counts only this process. The first sheet is a warm-up
(imports, fonts, the stylesheet's parse) and is not counted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render.document import Renderer
from briefgen.writers.docx.writer import write_docx
from briefgen.writers.pdf import write_pdf

sys.path.insert(0, str(Path(__file__).parent))
from generate_project import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", type=int, default=12)
    parser.add_argument("--project", type=Path, help="an existing project (default: generated)")
    args = parser.parse_args()
    root = args.project
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="briefgen-sheet-cpu-"))
        generate(root, args.countries, max(40, args.countries * 4), max(1, args.countries // 10))
    project = load_project(root)
    renderer = Renderer(project)
    lang = project.config.default_language
    refs = [DocumentRef("countries", code) for code in project.graph.countries]

    def sheet(ref: DocumentRef) -> None:
        doc = renderer.render(ref, lang)
        pages: dict[str, int] = {}
        write_pdf(doc, project.assets_dir, variant=project.config.pdf_variant, page_numbers=pages)
        write_docx(doc, project, page_numbers=pages)

    sheet(refs[0])
    cpu, wall = time.process_time(), time.perf_counter()
    for ref in refs:
        sheet(ref)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        f"{len(refs)} country sheets, PDF and .docx: {1000 * cpu / len(refs):.0f} ms CPU "
        f"per sheet ({1000 * wall / len(refs):.0f} ms wall)"
    )


if __name__ == "__main__":
    main()
