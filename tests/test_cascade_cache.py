"""Declarations walked once per set of matching rules (writers/cascade_cache.py): in place
with the pinned WeasyPrint, left out with any other; the walk is kept for the next elements
and documents with the same stylesheets, an element's own declarations are merged as
WeasyPrint merges them, and every PDF written with it is byte for byte the one WeasyPrint's
own cascade writes, on snippets that weigh declarations against each other and on real
documents in five languages."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

import pytest
import weasyprint
from weasyprint import HTML
from weasyprint.css import get_all_computed_styles

import weasyprint_patches as patches
from briefgen.content.documents import DocumentRef
from briefgen.render.fetch import AssetResolver
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers import cascade_cache, pseudo_styles
from briefgen.writers.layout import SafeFetcher, font_configuration, lay_out_html
from weasyprint_patches import written_both_ways

STYLE = """<style>
@page { @bottom-center { content: "Page " counter(page) " of " counter(pages) } }
@layer base, theme;
@layer base { p { color: #111; margin: 4pt 0 } .lead { font-weight: bold } }
@layer theme { p { color: #222 } }
p { color: #333; line-height: 1.4 }
p.lead { color: #0b5ea8 !important }
.box p { padding-left: 6pt }
#special { text-decoration: underline }
[lang|="ar"] { font-family: "Noto Naskh Arabic" }
li::marker { color: #a00 } h2::before { content: "§ " } q::after { content: " *" }
:is(ul, ol) :is(ul, ol) { margin: 0 }
</style>"""

BODIES = {
    "rules": "<h2 id='a'>One</h2><p class='lead'>Lead</p><p>Plain</p><p>Plain too</p>"
    "<div class='box'><p>Boxed</p><p class='lead'>Boxed lead</p></div>"
    "<ul><li>One<ol><li>Nested</li></ol></li><li>Two</li></ul><q>Quoted</q>",
    "own declarations": "<p style='color: #0a0'>Own colour, lighter than the rule</p>"
    "<p class='lead' style='color: #0a0'>!important rule against an own colour</p>"
    "<p class='lead' style='color: #0a0 !important'>!important own colour</p>"
    "<p id='special' style='margin: 0'>id and own margin</p>"
    "<p lang='ar' dir='rtl'>نص عربي</p><p lang='fr'>Texte français</p>"
    "<p style='line-height: 2'>line height</p><p>after them, shared again</p>",
}


def document(body: str) -> str:
    return f"<!DOCTYPE html><html lang='en'><head>{STYLE}</head><body>{body}</body></html>"


def weasyprint_own() -> AbstractContextManager[None]:
    return patches.weasyprint_own(cascade_cache.uninstall, cascade_cache.install)


def laid_out_pdf(html: str, tmp_path: Path) -> bytes:
    fetcher = SafeFetcher(AssetResolver((tmp_path, BUILTIN_DIR), 1_000))
    options = {"pdf_identifier": b"0" * 32, "pdf_variant": "pdf/ua-1", "pdf_tags": True}
    return bytes(lay_out_html(html, fetcher).write_pdf(**options))


def test_the_patch_is_in_place_with_the_pinned_weasyprint() -> None:
    assert weasyprint.__version__ == cascade_cache.PINNED
    assert cascade_cache.installed()


def test_another_weasyprint_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    with patches.another_weasyprint(cascade_cache, monkeypatch):
        assert pseudo_styles.CASCADE is pseudo_styles.DeferredPseudoStyles


@pytest.mark.parametrize("name", sorted(BODIES))
def test_a_snippet_is_written_as_weasyprints_cascade_writes_it(name: str, tmp_path: Path) -> None:
    patched = laid_out_pdf(document(BODIES[name]), tmp_path)
    again = laid_out_pdf(document(BODIES[name]), tmp_path)  # from what the first one kept
    with weasyprint_own():
        own = laid_out_pdf(document(BODIES[name]), tmp_path)
    assert patched == own
    assert again == own


def test_each_computed_value_is_weasyprints() -> None:
    """Element by element, the properties the snippets set, with the cascade kept from an
    earlier document and with WeasyPrint's own."""
    names = ("color", "font_weight", "margin_top", "padding_left", "line_height", "font_family")
    values = []
    for install in (True, True, False):
        if not install:
            cascade_cache.uninstall()
        try:
            html = HTML(string=document("".join(BODIES.values())))
            with pseudo_styles.deferred_pseudo_styles():
                style_for = get_all_computed_styles(html, font_config=font_configuration())
            values.append(
                [
                    [style_for(element)[name] for name in names]
                    for element in html.etree_element.iter()
                    if isinstance(element.tag, str) and style_for(element) is not None
                ]
            )
        finally:
            assert cascade_cache.install()
    assert values[0] == values[1] == values[2]
    assert len(values[0]) > 20


def test_the_walk_is_kept_for_the_next_elements_and_documents(tmp_path: Path) -> None:
    cascade_cache.uninstall()
    assert cascade_cache.install()  # nothing kept
    laid_out_pdf(document(BODIES["rules"]), tmp_path)
    assert len(cascade_cache._kept) == 1
    (sheets, walks), *_ = cascade_cache._kept.values()
    kept = len(walks)
    elements = len(list(HTML(string=document(BODIES["rules"])).etree_element.iter()))
    assert 0 < kept < elements  # elements matched by the same rules share a walk
    laid_out_pdf(document(BODIES["rules"]), tmp_path)
    assert len(walks) == kept  # a second document walks nothing again
    laid_out_pdf(document(BODIES["rules"].replace("Plain", "Other")), tmp_path)
    assert len(walks) == kept  # its text differs, not its rules
    assert all(sheet is not None for sheet in sheets)  # held: their identities stay theirs


@pytest.mark.parametrize(
    ("which", "ref", "lang"),
    [
        ("sample", DocumentRef("countries", "KAZ"), "ar"),
        ("sample", DocumentRef("events", "kyoto-2021-roadmap-children"), "en"),
        ("sample", DocumentRef("packs", "kyoto-2021-roadmap-children"), "fr"),
        ("sample", DocumentRef("speakers", "talgat-kaliyev"), "es"),
        ("multilingual", DocumentRef("countries", "KAZ"), "zh"),
        ("multilingual", DocumentRef("events", "vienna-forum"), "ru"),
    ],
)
def test_a_document_is_written_as_weasyprint_writes_it(
    which: str, ref: DocumentRef, lang: str
) -> None:
    patched, own = written_both_ways(which, ref, lang, weasyprint_own)
    assert patched == own
