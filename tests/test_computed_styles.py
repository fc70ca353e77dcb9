"""Undeclared properties' values taken directly (writers/computed_styles.py): in place with
the pinned WeasyPrint, left out with any other, and every PDF written with it is byte for
byte the one WeasyPrint's own ``ComputedStyle.__missing__`` writes, on the cases that
method treats apart and on real documents."""

from __future__ import annotations

from contextlib import AbstractContextManager

import pytest
import weasyprint
from weasyprint.css import ComputedStyle

import weasyprint_patches as patches
from briefgen.content.documents import DocumentRef
from briefgen.writers import computed_styles
from weasyprint_patches import pdf_of, written_both_ways

TEXT = "Prevention and criminal justice cooperation supports children and victims. " * 3

CASES = {
    # A physical property set through its logical name, in both directions.
    "logical": '<div style="margin-inline-start: 3em; padding-inline-end: 10%; '
    'border-inline-start: 2pt solid red; inline-size: 70%">'
    f'<p>{TEXT}</p><p dir="rtl" lang="ar">{"نص عربي " * 12}</p></div>'
    '<div dir="rtl" style="margin-inline-start: 3em; border-inline-end: 3pt solid blue">'
    f"<p>{TEXT}</p></div>",
    # An inherited percentage inside calc(): the parent leaves it to each child.
    "math": '<div style="text-indent: calc(10% + 1em); line-height: calc(1em + 4pt)">'
    f'<p style="font-size: 20pt">{TEXT}</p><p style="font-size: 8pt">{TEXT}</p></div>',
    # Propagated, not inherited: text-decoration.
    "decoration": '<p style="text-decoration: underline wavy red">'
    f'{TEXT}<span style="color: green">{TEXT}</span><a href="#">link</a></p>',
    # A border's width computed from its style; undeclared widths and radii.
    "borders": '<p style="border-top-style: solid; border-left: dashed">'
    f'{TEXT}</p><p style="border-width: 4pt">{TEXT}</p>'
    '<table style="border-collapse: collapse"><tr><td style="border: 1pt solid">a</td>'
    "<td>b</td></tr></table>",
    # Custom properties, inherited through undeclared elements.
    "custom": '<div style="--accent: #0a5; --gap: 7pt"><section><p style="color: '
    f'var(--accent); margin-top: var(--gap); padding: var(--none, 3pt)">{TEXT}</p>'
    "</section></div>",
    # Named pages, floats, positions: each with a rule of its own in __missing__.
    "pages": "<style>@page wide { size: A5 landscape } .w { page: wide }</style>"
    f'<div class="w"><p>{TEXT}</p><span style="float: right; width: 20%">float</span>'
    f'<span style="position: relative; top: 2pt">{TEXT}</span></div><p>{TEXT}</p>',
}


def weasyprint_own() -> AbstractContextManager[None]:
    """WeasyPrint's own method while the block runs."""
    return patches.weasyprint_own(computed_styles.uninstall, computed_styles.install)


def test_the_short_path_is_in_place_with_the_pinned_weasyprint() -> None:
    assert weasyprint.__version__ == computed_styles.PINNED
    assert computed_styles.installed()
    assert ComputedStyle.__missing__ is not computed_styles._ORIGINAL_MISSING


def test_another_weasyprint_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    with patches.another_weasyprint(computed_styles, monkeypatch):
        assert ComputedStyle.__missing__ is computed_styles._ORIGINAL_MISSING


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_case_apart_is_written_as_weasyprint_writes_it(name: str) -> None:
    patched = pdf_of(CASES[name])
    with weasyprint_own():
        own = pdf_of(CASES[name])
    assert patched == own


def test_the_short_path_answers_most_questions() -> None:
    """It is taken: most questions never reach WeasyPrint's method (it fails if the short
    path is lost, which the byte comparisons above cannot see)."""
    handed_on: list[str] = []
    original = computed_styles._ORIGINAL_MISSING

    def counting(self: ComputedStyle, key: str) -> object:
        handed_on.append(key)
        return original(self, key)

    computed_styles._ORIGINAL_MISSING = counting
    try:
        pdf_of(CASES["borders"])
        with weasyprint_own():
            handed_on.clear()
            pdf_of(CASES["borders"])
            every = len(handed_on)
        handed_on.clear()
        pdf_of(CASES["borders"])
    finally:
        computed_styles._ORIGINAL_MISSING = original
    assert handed_on  # declared properties still go to WeasyPrint
    assert len(handed_on) < every / 2, (len(handed_on), every)


@pytest.mark.parametrize(
    ("which", "ref", "lang"),
    [
        ("sample", DocumentRef("countries", "KAZ"), "ar"),
        ("sample", DocumentRef("events", "kyoto-2021-roadmap-children"), "en"),
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
