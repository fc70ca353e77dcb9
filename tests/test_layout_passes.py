"""How many times WeasyPrint lays a page out, and that laying pages out fewer times changes
no byte of the PDF.

WeasyPrint reports every page it makes on its progress logger ("Step 5 - Creating layout -
Page N"); a page it reuses from an earlier pass is reported "(up-to-date)". A page that
introduces a running header (each part of a briefing pack does) is made once; only a page
whose contents need the page numbers of later pages (``target-counter()``) is made again,
once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint import HTML

from briefgen.content.documents import DocumentRef
from briefgen.content.project import Project, load_project
from briefgen.render.document import Renderer
from briefgen.render.fetch import ASSETS_URL, AssetResolver
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers.layout import SafeFetcher, font_configuration, lay_out_html, marked_html
from conftest import REPO_ROOT
from weasyprint_patches import pages_made

EVENT = "kyoto-2021-roadmap-children"


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(REPO_ROOT)


def fetcher(project: Project) -> SafeFetcher:
    return SafeFetcher(AssetResolver((project.assets_dir, BUILTIN_DIR), 20_000_000))


def marked(project: Project, ref: DocumentRef, lang: str) -> str:
    return marked_html(Renderer(project).render(ref, lang).html)


@pytest.mark.parametrize(("kind", "lang"), [("packs", "en"), ("packs", "ar"), ("events", "fr")])
def test_a_document_is_laid_out_once_but_for_its_contents_page(
    project: Project, kind: str, lang: str
) -> None:
    with pages_made() as made:
        document = lay_out_html(marked(project, DocumentRef(kind, EVENT), lang), fetcher(project))
    pages = len(document.pages)
    assert sorted(made) == list(range(1, pages + 1))
    contents = {
        number
        for number, page in enumerate(document.pages, start=1)
        if {"pack-contents", "contents"} & set(page.anchors)
    }
    assert len(contents) == 1  # a pack's report has no contents of its own
    again = {number for number, times in made.items() if times > 1}
    assert again <= contents, (again, contents)
    # Each page with a running header of its part's is among those made once, and the
    # contents page is made twice: once without its numbers, once with them
    # (writers/target_counters.py; WeasyPrint's own code makes it three times).
    assert made == {n: 2 if n in contents else 1 for n in range(1, pages + 1)}, made


@pytest.mark.parametrize(
    ("kind", "id", "lang"),
    [("packs", EVENT, "en"), ("packs", EVENT, "ar"), ("events", EVENT, "fr")],
)
def test_the_pdf_is_the_same_as_weasyprints_own_layout_makes(
    project: Project, kind: str, id: str, lang: str
) -> None:
    """WeasyPrint's own ``HTML.render``, which lays pages out again for their running
    headers and parses the inline stylesheets itself, gives the same bytes."""
    text = marked(project, DocumentRef(kind, id), lang)
    options = {"pdf_identifier": b"0" * 32, "pdf_variant": "pdf/ua-1", "pdf_tags": True}
    ours = lay_out_html(text, fetcher(project)).write_pdf(**options)
    own = HTML(string=text, base_url=ASSETS_URL, url_fetcher=fetcher(project)).render(
        font_config=font_configuration()
    )
    assert ours == own.write_pdf(**options)


def test_a_document_with_notes_keeps_weasyprints_passes(tmp_path: Path) -> None:
    """A note (``position: note()``) is laid out in the note area of the page that calls
    it, which WeasyPrint makes again once it has found the note: such a document keeps
    WeasyPrint's own passes (with the one-pass rule, each page here would be made once)."""
    notes = "".join(
        f'<p>Text {n}<span class="n">Note {n}</span></p><p style="break-after: page">x</p>'
        for n in range(3)
    )
    text = (
        "<html><head><style>"
        ".n { position: note(notes) } @note-area { content: element(notes) }"
        f"</style></head><body>{notes}</body></html>"
    )
    resolver = AssetResolver((tmp_path, BUILTIN_DIR), 1_000)
    with pages_made() as ours:
        document = lay_out_html(text, SafeFetcher(resolver))
    with pages_made() as own:
        HTML(string=text, base_url=ASSETS_URL).render(font_config=font_configuration())
    assert len(document.pages) == 3
    assert ours == own
