"""The PDF's file identifier (/ID): its first half names the document's HTML (a digest of
it), its second half is qpdf's digest of the file; WeasyPrint (pydyf) writes none, since
the second half it would write costs a second serialization of every object and qpdf
replaces it."""

from __future__ import annotations

import hashlib
import io

import pikepdf
import pytest

from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render.document import Renderer
from briefgen.render.rendered import RenderedDocument
from briefgen.writers.pdf import write_pdf
from conftest import REPO_ROOT


@pytest.fixture(scope="module")
def rendered() -> tuple[RenderedDocument, RenderedDocument]:
    project = load_project(REPO_ROOT)
    renderer = Renderer(project)
    codes = sorted(project.graph.countries)[:2]
    first, second = (renderer.render(DocumentRef("countries", code), "en") for code in codes)
    return first, second


def identifier(pdf: bytes) -> tuple[bytes, bytes]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        first, second = (bytes(part) for part in document.trailer.ID)
    return first, second


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3u", "none"])
def test_identifier_names_the_html_and_the_file(
    rendered: tuple[RenderedDocument, RenderedDocument], variant: str
) -> None:
    assets = load_project(REPO_ROOT).assets_dir
    pdfs = [write_pdf(doc, assets, variant=variant)[0] for doc in (*rendered, rendered[0])]
    ids = [identifier(pdf) for pdf in pdfs]
    for doc, (first, second) in zip((*rendered, rendered[0]), ids, strict=True):
        assert first == hashlib.sha256(doc.html.encode("utf-8")).hexdigest()[:32].encode()
        assert len(second) == 16 and second != first  # qpdf's MD5 of the file
    assert ids[0] != ids[1]
    assert pdfs[0] == pdfs[2]  # same input, same bytes
