"""A line drawn with the Pango layout it was split with (writers/kept_layouts.py): in place
with the pinned WeasyPrint, left out with any other, taken for most lines, and every PDF
written with it is byte for byte the one WeasyPrint's own path writes: on the cases the
patch leaves to WeasyPrint (spacing, tabs, line feeds, justification, ellipses, hyphens)
and on real documents in five languages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
import weasyprint
from weasyprint.text import line_break

import weasyprint_patches as patches
from briefgen.content.documents import DocumentRef
from briefgen.writers import kept_layouts
from weasyprint_patches import pdf_of, written, written_both_ways

TEXT = "Prevention and criminal justice cooperation supports children and victims. " * 3

CASES = {
    "plain": f"<p>{TEXT}</p><h2>A heading</h2><ul><li>{TEXT}</li><li>short</li></ul>",
    "spacing": f'<p style="letter-spacing: 1pt">{TEXT}</p>'
    f'<p style="word-spacing: 4pt">{TEXT}</p><p style="letter-spacing: -0.5pt">{TEXT}</p>',
    "justified": f'<p style="text-align: justify">{TEXT}</p>'
    f'<p style="text-align: justify; text-align-last: justify">{TEXT}</p>',
    "preformatted": "<pre>line one\nline two\n\ttabbed line\n</pre>"
    f'<p style="white-space: pre-wrap">{TEXT}\n{TEXT}</p><p>{TEXT}<br>{TEXT}</p>',
    "wrapping": '<p style="width: 40pt; overflow-wrap: anywhere">'
    "Supercalifragilisticexpialidocious-and-more</p>"
    '<p style="width: 60pt; overflow-wrap: break-word">https://www.unodc.org/a/very/long/path'
    "</p><p style='width: 50pt'>Unbreakablewordthatoverflowsitsbox</p>",
    "hyphens": f'<p lang="en" style="hyphens: auto; width: 120pt">{TEXT}</p>'
    '<p style="hyphens: manual; width: 80pt">inter\u00adnational co\u00adoperation</p>',
    "ellipsis": f'<p style="width: 150pt; white-space: nowrap; overflow: hidden; '
    f'text-overflow: ellipsis">{TEXT}</p>'
    f'<p style="width: 150pt; max-lines: 2; block-ellipsis: auto; overflow: hidden">{TEXT}</p>',
    "scripts": f'<p lang="ar" dir="rtl">{"نص عربي للاختبار " * 10}</p>'
    f'<p lang="zh">{"中文测试文本，" * 20}</p><p>Mixed العربية and 中文 in one line.</p>',
    "decorated": f'<p style="text-decoration: underline">{TEXT}</p>'
    f'<p style="text-decoration: line-through; font-variant: small-caps">{TEXT}</p>',
    "separators": "<p>one\u2028two\u2029three\x85four</p>",
}


def weasyprint_own() -> AbstractContextManager[None]:
    return patches.weasyprint_own(kept_layouts.uninstall, kept_layouts.install)


def test_the_patch_is_in_place_with_the_pinned_weasyprint() -> None:
    assert weasyprint.__version__ == kept_layouts.PINNED
    assert kept_layouts.installed()


def test_another_weasyprint_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    with patches.another_weasyprint(kept_layouts, monkeypatch):
        pass  # refused, and left out: what the helper checks


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_case_is_written_as_weasyprint_writes_it(name: str) -> None:
    kept_layouts.new_document()  # pdf_of calls WeasyPrint directly, not lay_out_html
    patched = pdf_of(CASES[name])
    with weasyprint_own():
        own = pdf_of(CASES[name])
    assert patched == own


@pytest.fixture
def draws() -> Iterator[dict[str, int]]:
    """How many text boxes were drawn with their kept layout, and how many with a new one."""
    counts = {"kept": 0, "new": 0}
    patched = line_break.Layout.reactivate

    def counting(self: Any, style: Any) -> None:
        was_kept = self.__dict__.get("_briefgen_state") == kept_layouts._KEPT
        patched(self, style)
        drawn_kept = was_kept and self.__dict__.get("_briefgen_state") == kept_layouts._DRAWING
        counts["kept" if drawn_kept else "new"] += 1

    line_break.Layout.reactivate = counting
    try:
        yield counts
    finally:
        line_break.Layout.reactivate = patched


def test_most_lines_are_drawn_with_their_kept_layout(draws: dict[str, int]) -> None:
    """It is taken (the byte comparisons cannot see a patch that is never used)."""
    written("sample", DocumentRef("countries", "KAZ"), "en")
    assert draws["kept"] > 2 * draws["new"], draws


def test_spaced_and_tabbed_lines_are_made_again(draws: dict[str, int]) -> None:
    kept_layouts.new_document()
    pdf_of(CASES["spacing"] + "<pre>\tone tabbed line\n\tanother</pre>")
    assert draws["kept"] == 0 and draws["new"] > 10, draws


def test_a_budget_caps_the_layouts_kept_per_document(
    draws: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept_layouts, "BUDGET", 3)
    kept_layouts.new_document()
    pdf_of(CASES["plain"])
    assert draws["kept"] == 3, draws


@pytest.mark.parametrize(
    ("which", "ref", "lang"),
    [
        ("sample", DocumentRef("countries", "KAZ"), "ar"),
        ("sample", DocumentRef("events", "kyoto-2021-roadmap-children"), "en"),
        ("sample", DocumentRef("packs", "kyoto-2021-roadmap-children"), "fr"),
        ("sample", DocumentRef("speakers", "talgat-kaliyev"), "fr"),
        ("multilingual", DocumentRef("countries", "KAZ"), "zh"),
        ("multilingual", DocumentRef("events", "vienna-forum"), "ar"),
    ],
)
def test_a_document_is_written_as_weasyprint_writes_it(
    which: str, ref: DocumentRef, lang: str
) -> None:
    patched, own = written_both_ways(which, ref, lang, weasyprint_own)
    assert patched == own
