"""CPU time of the PDF's finishing per country sheet, phase by phase (not a test).

    python benchmarks/finish_cost.py [--countries 40] [--project DIR] [--repeat 5]

Each sheet is written once as PDF (render, layout, WeasyPrint), keeping what
WeasyPrint wrote; then only the finishing (``writers/pdf.py``'s ``_finish``:
the repairs of pdf_structure and pdf_order, pdf_archival's, pikepdf's save)
is run ``--repeat`` times over those bytes. CPU time (``time.process_time``),
the median of the repeats, in ms per sheet; the phases are timed inside the
same runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render.document import Renderer
from briefgen.writers import pdf

sys.path.insert(0, str(Path(__file__).parent))
from generate_project import generate

PHASES = (
    "repair_structure",
    "paint_in_tree_order",
    "finish_metadata",
    "clear_interpolation",
    "end_streams_cleanly",
    "_save",
    "link_texts",
)
"""What ``_finish`` calls, as writers/pdf.py names it."""


def _timed(
    function: Callable[..., Any], spent: defaultdict[str, float], name: str
) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start

    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", type=int, default=40)
    parser.add_argument("--project", type=Path, help="an existing project (default: generated)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root = args.project
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="briefgen-finish-cost-"))
        generate(root, args.countries, args.countries * 4, max(1, args.countries // 10))
    project = load_project(root)
    renderer = Renderer(project)
    lang = project.config.default_language

    written: list[tuple[bytes, str, str]] = []
    finish = pdf._finish

    def keep(data: bytes, variant: str, html_text: str) -> bytes:
        written.append((data, variant, html_text))
        return finish(data, variant, html_text)

    pdf._finish = keep  # type: ignore[assignment]
    for code in project.graph.countries:
        doc = renderer.render(DocumentRef("countries", code), lang)
        pdf.write_pdf(doc, project.assets_dir, variant=project.config.pdf_variant)
    pdf._finish = finish

    spent: defaultdict[str, float] = defaultdict(float)
    for name in PHASES:
        setattr(pdf, name, _timed(getattr(pdf, name), spent, name))
    runs: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        spent.clear()
        start = time.process_time()
        for data, variant, html_text in written:
            pdf._finish(data, variant, html_text)
        spent["finishing, in all"] = time.process_time() - start
        for name, seconds in spent.items():
            runs.setdefault(name, []).append(1000 * seconds / len(written))
    print(
        f"{len(written)} country sheets, PDF finishing, CPU ms per sheet (median of {args.repeat}):"
    )
    for name in ("finishing, in all", *PHASES):
        print(f"  {name:22s} {statistics.median(runs.get(name, [0.0])):6.2f}")


if __name__ == "__main__":
    main()
