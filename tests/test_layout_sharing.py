"""One WeasyPrint layout per document: the DOCX writer reads the PDF writer's.

The PDF writer lays out the HTML marked as the DOCX writer marks it and keeps
that layout; the DOCX writer of the same document reads it instead of laying
the same text out again. What Word gets must not depend on which layout it read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from briefgen.content.documents import DocumentRef
from briefgen.content.project import Project, load_project
from briefgen.render.document import Renderer
from briefgen.render.fetch import AssetResolver
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers import layout as shared
from briefgen.writers.docx import layout as docx_layout
from briefgen.writers.docx.writer import write_docx
from briefgen.writers.pdf import write_pdf
from conftest import REPO_ROOT


@pytest.fixture(scope="module")
def sample() -> tuple[Project, Renderer]:
    project = load_project(REPO_ROOT)
    return project, Renderer(project)


def _resolver(project: Project) -> AssetResolver:
    return AssetResolver((project.assets_dir, BUILTIN_DIR), project.config.limits.asset_bytes)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_word_reads_the_pdf_layout_and_gets_what_its_own_layout_gives(
    sample: tuple[Project, Renderer], lang: str
) -> None:
    project, renderer = sample
    ref = DocumentRef("events", next(iter(project.graph.events)))
    doc = renderer.render(ref, lang)
    shared.forget_shared_layout()
    pages: dict[str, int] = {}
    write_pdf(doc, project.assets_dir, variant=project.config.pdf_variant, page_numbers=pages)
    kept = shared._shared
    assert kept is not None
    marked_text, document = kept
    assert 'data-briefgen-node="1"' in marked_text

    # The kept layout reads as a fresh layout of the same text does.
    shared.forget_shared_layout()
    fresh = docx_layout.lay_out(lxml_html.document_fromstring(marked_text), _resolver(project))
    assert docx_layout.read_layout(document) == fresh
    assert fresh.pages > 2 and fresh.start_page and fresh.column_widths

    shared.share_layout(marked_text, document)
    from_pdf, _ = write_docx(doc, project, page_numbers=pages)
    assert shared._shared is None  # read once, then dropped
    own, _ = write_docx(doc, project, page_numbers=pages)
    assert from_pdf == own


def test_a_layout_kept_for_one_document_never_serves_another(
    sample: tuple[Project, Renderer],
) -> None:
    project, renderer = sample
    first, second = (DocumentRef("countries", code) for code in list(project.graph.countries)[:2])
    doc = renderer.render(second, "en")
    shared.forget_shared_layout()
    alone, _ = write_docx(doc, project)
    write_pdf(renderer.render(first, "en"), project.assets_dir)
    assert shared._shared is not None
    after_other_pdf, _ = write_docx(doc, project)
    assert after_other_pdf == alone
    assert shared._shared is not None  # still the first document's, unread


def test_a_failed_pdf_keeps_no_layout(tmp_path: Path, sample: tuple[Project, Renderer]) -> None:
    project, renderer = sample
    doc = renderer.render(DocumentRef("countries", next(iter(project.graph.countries))), "en")
    broken = doc.html.replace("</body>", '<img src="missing-image.png"></body>')
    shared.forget_shared_layout()
    from dataclasses import replace

    from briefgen.diagnostics import BriefgenError

    with pytest.raises(BriefgenError):
        write_pdf(replace(doc, html=broken), project.assets_dir)
    assert shared._shared is None
