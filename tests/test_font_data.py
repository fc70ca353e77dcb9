"""A PDF font's whole file read from HarfBuzz only when read (writers/font_data.py): in place
with the pinned WeasyPrint, left out with any other; the whole file is what WeasyPrint's
own ``Font`` would hold when something reads it, a subset set on the font is kept, and
every PDF written with the patch is byte for byte the one WeasyPrint's own code writes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
import weasyprint
from weasyprint.pdf import fonts

import weasyprint_patches as patches
from briefgen.content.documents import DocumentRef
from briefgen.writers import font_data
from weasyprint_patches import pdf_of, written_both_ways

CASES = {
    "styles": "<p>Plain <b>bold</b> <i>italic</i> <b><i>both</i></b> "
    "<span style='font-family: Noto Serif'>serif</span></p>",
    "scripts": '<p lang="ar" dir="rtl">نص عربي للاختبار</p><p lang="zh">中文测试文本</p>'
    '<p lang="ru">Русский текст</p>',
    "spaces only": "<p style='font-family: Noto Sans Mono'>&#8203;</p><p>&nbsp;</p>",
}


def weasyprint_own() -> AbstractContextManager[None]:
    return patches.weasyprint_own(font_data.uninstall, font_data.install)


def test_the_patch_is_in_place_with_the_pinned_weasyprint() -> None:
    assert weasyprint.__version__ == font_data.PINNED
    assert font_data.installed()


def test_another_weasyprint_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    with patches.another_weasyprint(font_data, monkeypatch):
        assert "file_content" not in fonts.Font.__dict__


@pytest.fixture
def made_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every ``Font`` WeasyPrint makes while the test runs."""
    made: list[Any] = []
    init = fonts.Font.__init__

    def noted(self: Any, *args: Any) -> None:
        init(self, *args)
        made.append(self)

    monkeypatch.setattr(fonts.Font, "__init__", noted)
    yield made


def test_the_whole_file_is_read_when_asked_for_and_is_weasyprints(
    made_fonts: list[Any],
) -> None:
    pdf_of(CASES["styles"])
    assert made_fonts
    font = made_fonts[0]
    subset = font.file_content  # the PDF was written: the subset HarfBuzz made
    assert subset[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true")
    del font.__dict__[font_data._KEY]  # as before subsetting: not read yet
    whole = font.file_content
    assert whole == fonts.get_hb_object_data(font.hb_face)
    assert len(whole) > 10 * len(subset)
    font.file_content = b"set"
    assert font.file_content == b"set"


def test_fonts_are_made_without_reading_their_whole_files(
    made_fonts: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes: list[int] = []
    read = font_data._READ

    def counted(hb_object: Any, *args: Any) -> Any:
        data = read(hb_object, *args)
        sizes.append(len(data))
        return data

    monkeypatch.setattr(font_data, "_READ", counted)
    pdf_of(CASES["styles"])
    assert len(made_fonts) >= 3
    # Each font's subset is read from HarfBuzz (tens of KB); no font's whole file is.
    assert sizes and max(sizes) < 100_000


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_case_is_written_as_weasyprint_writes_it(name: str) -> None:
    patched = pdf_of(CASES[name])
    with weasyprint_own():
        own = pdf_of(CASES[name])
    assert patched == own


@pytest.mark.parametrize(
    ("which", "ref", "lang"),
    [
        ("sample", DocumentRef("countries", "KAZ"), "ar"),
        ("sample", DocumentRef("speakers", "talgat-kaliyev"), "fr"),
        ("multilingual", DocumentRef("countries", "KAZ"), "zh"),
        ("multilingual", DocumentRef("events", "vienna-forum"), "ru"),
    ],
)
def test_a_document_is_written_as_weasyprint_writes_it(
    which: str, ref: DocumentRef, lang: str
) -> None:
    patched, own = written_both_ways(which, ref, lang, weasyprint_own)
    assert patched == own
