"""The stylesheet is parsed once per process and given to WeasyPrint ready.

base.html still includes ``style.css`` through the template loader (a
project's own replaces or extends the built-in, the engine records it, the
HTML output carries it inline); the PDF writer takes it out of the document
and reuses one parse of it for every document.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render.document import Renderer
from briefgen.render.fetch import FileRead, recording_reads
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers import layout
from briefgen.writers import pdf as pdf_writer
from briefgen.writers.html import write_html
from buildtools import write
from conftest import REPO_ROOT

BUILTIN_CSS = (BUILTIN_DIR / "style.css").read_text(encoding="utf-8")
SPEAKERS = {
    "content/speakers/ana.yaml": "name: Ana Lima\nposition: Analyst\n",
    "content/speakers/ben.yaml": "name: Ben Okafor\nposition: Adviser\n",
}


def _fonts(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout


def test_one_parse_serves_every_document_of_the_process() -> None:
    project = load_project(REPO_ROOT)
    renderer = Renderer(project)
    first, second = (DocumentRef("countries", code) for code in list(project.graph.countries)[:2])
    layout._parsed.clear()
    pdf_writer.write_pdf(renderer.render(first, "en"), project.assets_dir)
    parsed = dict(layout._parsed)
    assert len(parsed) == 2  # style.css, and the document's own rules
    assert any(BUILTIN_CSS.strip() in text for text in parsed)
    pdf_writer.write_pdf(renderer.render(second, "en"), project.assets_dir)
    assert layout._parsed == parsed  # the very same objects, no new parse


def test_a_project_stylesheet_extending_the_builtin_reaches_pdf_and_html(
    tmp_path: Path,
) -> None:
    extra = 'h1 { font-family: "Noto Serif"; }'
    root = write(
        tmp_path / "p",
        {
            "briefgen.yaml": "formats: [pdf, html]\n",
            "templates/style.css": '{% include "!builtin/style.css" %}\n' + extra + "\n",
            **SPEAKERS,
        },
    )
    project = load_project(root)
    doc = Renderer(project).render(DocumentRef("speakers", "ana"), "en")
    assert {"style.css", "!builtin/style.css"} <= set(doc.templates)  # recorded, both files
    pdf, _ = pdf_writer.write_pdf(doc, project.assets_dir)
    fonts = _fonts(pdf, tmp_path)
    assert "NotoSerif-Bold" in fonts.replace("Noto-Serif", "NotoSerif") and "Sans" in fonts
    html = write_html(doc, project.assets_dir).decode("utf-8")
    assert extra in html and BUILTIN_CSS.strip() in html and "<link" not in html


def test_a_stylesheet_that_fetches_is_parsed_for_each_document(tmp_path: Path) -> None:
    root = write(
        tmp_path / "p",
        {
            "briefgen.yaml": "formats: [pdf]\n",
            "templates/style.css": (
                '@import url("extra.css");\n{% include "!builtin/style.css" %}\n'
            ),
            "content/assets/extra.css": 'h1 { font-family: "Noto Serif"; }\n',
            **SPEAKERS,
        },
    )
    project = load_project(root)
    renderer = Renderer(project)
    for speaker in ("ana", "ben"):
        reads: list[FileRead] = []
        with recording_reads(reads.append):
            pdf, _ = pdf_writer.write_pdf(
                renderer.render(DocumentRef("speakers", speaker), "en"), project.assets_dir
            )
        assert [read[1] for read in reads] == ["extra.css"], speaker
        assert "Serif" in _fonts(pdf, tmp_path)
    assert not any("@import" in text for text in layout._parsed)
