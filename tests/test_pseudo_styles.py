"""Pseudo-elements' styles made on demand (writers/pseudo_styles.py): fewer styles, the
same PDF. (tests/test_layout_passes.py also compares real packs and a report with
WeasyPrint's own layout, which does not use them.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint import HTML
from weasyprint.css import get_all_computed_styles
from weasyprint.text.fonts import FontConfiguration

from briefgen.render.fetch import ASSETS_URL, AssetResolver
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers.layout import SafeFetcher, font_configuration, lay_out_html
from briefgen.writers.pseudo_styles import SUPPORTED, DeferredPseudoStyles, deferred_pseudo_styles

pytestmark = pytest.mark.skipif(not SUPPORTED, reason="written for WeasyPrint 70's cascade")

PSEUDO_RICH = """<html lang="en"><head><style>
@page { @bottom-center { content: "Page " counter(page) " of " counter(pages) } }
.fn { float: footnote }
.n { position: note(notes) } @note-area { content: element(notes) }
h2::before { content: "§ " }
q::after { content: " (quoted)"; color: #a00 }
a.ref::after { content: " (page " target-counter(attr(href), page) ")" }
li::marker { color: #0b5ea8 }
</style></head><body>
<h2 id="one">One</h2>
<p>A paragraph with a footnote<span class="fn">The footnote's text.</span> and a
<q>quotation</q>; see <a class="ref" href="#two">two</a>.</p>
<ol><li>First</li><li>Second<span class="n">A note.</span></li></ol>
<ul dir="rtl" lang="ar"><li>أول</li><li>ثان</li></ul>
<h2 id="two" style="break-before: page">Two</h2><p>End.</p>
</body></html>"""


def test_the_pseudo_elements_asked_for_are_made_and_no_others() -> None:
    html = HTML(string="<ul><li>One</li></ul><p>Text</p>")
    with deferred_pseudo_styles():
        style_for = get_all_computed_styles(html, font_config=FontConfiguration())
    assert isinstance(style_for, DeferredPseudoStyles)
    root = html.etree_element
    item, paragraph = root.find(".//li"), root.find(".//p")
    made = style_for.get_computed_styles()
    # WeasyPrint's own stylesheet gives every element six pseudo-elements; none is made.
    assert not [key for key in made if key[1] is not None and key[0] in (item, paragraph)]
    marker = style_for(item, "marker")
    assert (item, "marker") in made
    # WeasyPrint's own cascade, which makes every pseudo-element's style up front.
    own_html = HTML(string="<ul><li>One</li></ul><p>Text</p>")
    own = get_all_computed_styles(own_html, font_config=FontConfiguration())
    assert not isinstance(own, DeferredPseudoStyles)
    reference = own(own_html.etree_element.find(".//li"), "marker")
    for name in ("white_space", "font_variant_numeric", "text_transform", "display"):
        assert marker[name] == reference[name], name
    # Asked again: the same style, not a second one.
    assert style_for(item, "marker") is marker
    # One the stylesheet does not give: none, as without deferral.
    assert style_for(paragraph, "before") is None


def test_the_pdf_is_the_same_as_weasyprints_own_cascade_makes(tmp_path: Path) -> None:
    """Footnotes, notes, markers (left-to-right and right-to-left), ``::before`` and
    ``::after`` with ``target-counter()``: the same bytes as WeasyPrint's ``HTML.render``."""
    fetcher = SafeFetcher(AssetResolver((tmp_path, BUILTIN_DIR), 1_000))
    options = {"pdf_identifier": b"0" * 32, "pdf_variant": "pdf/ua-1", "pdf_tags": True}
    ours = lay_out_html(PSEUDO_RICH, fetcher).write_pdf(**options)
    own = HTML(string=PSEUDO_RICH, base_url=ASSETS_URL).render(font_config=font_configuration())
    assert ours == own.write_pdf(**options)
    assert len(own.pages) == 2
