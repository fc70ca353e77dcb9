"""WeasyPrint's work done once per worker (writers/weasyprint_speedups.py): the patches are
in place with the pinned WeasyPrint, left out with any other, and the PDFs they write are
byte for byte the ones WeasyPrint's own code writes."""

from __future__ import annotations

from contextlib import AbstractContextManager

import pytest
import weasyprint
from weasyprint import HTML
from weasyprint.text import line_break
from weasyprint.text.fonts import FontConfiguration

import weasyprint_patches as patches
from briefgen.content.documents import DocumentRef
from briefgen.writers import weasyprint_speedups as speedups
from briefgen.writers.layout import font_configuration
from weasyprint_patches import pdf_of, written_both_ways

LOREM = (
    "Prevention and criminal justice cooperation, with national institutions and the "
    "regional programme, supports children, victims and communities in every region. "
)
PARAGRAPHS = {
    "ltr": f'<p lang="en">{LOREM * 3}<a id="x" href="#x" style="text-decoration: underline">'
    "an underlined link</a> and <s>struck text</s>.</p>",
    "rtl": '<p lang="ar" dir="rtl" style="font-family: Noto Sans Arabic">'
    + "تعزيز التعاون في مجال منع الجريمة والعدالة الجنائية مع المؤسسات الوطنية. " * 4
    + '<u>نص مسطر</u> 2021 "English words" ومزيد من النص.</p>',
    "justified": f'<p lang="en" style="text-align: justify; hyphens: auto">{LOREM * 4}</p>'
    f'<p lang="en" style="text-align: justify; letter-spacing: 0.05em">{LOREM * 2}</p>',
    "chinese": '<p lang="zh" style="font-family: Noto Sans CJK SC; text-align: justify">'
    + "加强预防犯罪和刑事司法领域的国际合作，支持各国机构。" * 6
    + "</p>",
    "mixed": '<p lang="en" style="font-variant: small-caps; font-weight: bold">Small caps '
    '<span lang="fr" style="font-language-override: TRK">et langue</span> '
    '<span style="font-size: 7.3pt; text-decoration: overline">tiny</span></p>'
    '<pre style="tab-size: 3">a\tb\tc\n  kept</pre>',
}


def weasyprint_own() -> AbstractContextManager[None]:
    """WeasyPrint's own functions while the block runs."""
    return patches.weasyprint_own(speedups.uninstall, speedups.install)


def test_the_patches_are_in_place_with_the_pinned_weasyprint() -> None:
    assert weasyprint.__version__ == speedups.PINNED
    assert speedups.installed()
    assert line_break.Layout.setup is not speedups._ORIGINAL_SETUP


def test_another_weasyprint_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    speedups.uninstall()
    try:
        monkeypatch.setattr(weasyprint, "__version__", "71.0")
        assert not speedups.install()
        assert not speedups.installed()
        assert line_break.Layout.setup is speedups._ORIGINAL_SETUP
        assert FontConfiguration.add_font_face is speedups._ORIGINAL_ADD_FONT_FACE
    finally:
        monkeypatch.undo()
        assert speedups.install()


@pytest.mark.parametrize("name", sorted(PARAGRAPHS))
def test_a_paragraph_is_written_as_weasyprint_writes_it(name: str) -> None:
    font_configuration().__dict__.pop("_briefgen_kept", None)
    patched = pdf_of(PARAGRAPHS[name])
    kept = font_configuration().__dict__.get("_briefgen_kept")
    assert kept is not None and kept.contexts and kept.descriptions  # the patch did the work
    with weasyprint_own():
        own = pdf_of(PARAGRAPHS[name])
    assert patched == own
    assert pdf_of(PARAGRAPHS[name]) == own  # and again, from what was kept


def test_decorated_text_keeps_its_metrics_until_a_font_is_added() -> None:
    config = FontConfiguration()
    HTML(string=PARAGRAPHS["ltr"]).write_pdf(font_config=config)
    kept = config.__dict__["_briefgen_kept"]
    assert kept.metrics  # underline and strike-through
    config.add_font_face(
        {"src": [("local", "No Such Font Briefgen")], "font_family": "Nothing"}, None
    )
    assert not kept.metrics


@pytest.mark.parametrize(
    ("which", "ref", "lang"),
    [
        ("sample", DocumentRef("countries", "KAZ"), "ar"),
        ("sample", DocumentRef("events", "kyoto-2021-roadmap-children"), "en"),
        ("multilingual", DocumentRef("countries", "KAZ"), "zh"),
        ("multilingual", DocumentRef("events", "vienna-forum"), "ar"),
    ],
)
def test_a_document_is_written_as_weasyprint_writes_it(
    which: str, ref: DocumentRef, lang: str
) -> None:
    patched, own = written_both_ways(which, ref, lang, weasyprint_own)
    assert patched == own
