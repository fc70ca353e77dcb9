"""A box's used lengths set in one pass (writers/used_lengths.py): in place with the pinned
WeasyPrint, left out with any other, and every PDF written with it is byte for byte the one
WeasyPrint's own ``resolve_percentages`` writes: on the cases it hands back to WeasyPrint
(``auto``, math functions, border-box and padding-box sizing, collapsed borders, a
containing block of unknown height) and on real documents in five languages."""

from __future__ import annotations

from contextlib import AbstractContextManager

import pytest
import weasyprint
from weasyprint.layout import block, percent, table

import weasyprint_patches as patches
from briefgen.content.documents import DocumentRef
from briefgen.writers import used_lengths
from weasyprint_patches import pdf_of, written_both_ways

TEXT = "Prevention and criminal justice cooperation supports children and victims. " * 2

CASES = {
    "percentages": f'<div style="width: 60%; margin: 2% 5% 3% 10%; padding: 1% 4%">{TEXT}</div>'
    f'<div style="min-width: 30%; max-width: 80%; min-height: 10%; max-height: 90%">{TEXT}</div>',
    "sizing": f'<div style="box-sizing: border-box; width: 200pt; padding: 12pt; '
    f'border: 3pt solid">{TEXT}</div><div style="box-sizing: padding-box; width: 50%; '
    f'height: 80pt; padding: 5%; border: 1pt solid">{TEXT}</div>'
    f'<div style="box-sizing: border-box; min-height: 40pt; max-width: 10pt; '
    f'padding: 20pt">{TEXT}</div>',
    "math": f'<div style="width: calc(100% - 40pt); margin-left: calc(10% + 2pt); '
    f'padding-top: calc(1em + 2%)">{TEXT}</div>'
    f'<div style="height: calc(50% + 10pt); min-height: calc(5% + 1pt)">{TEXT}</div>',
    "tables": "<table style='border-collapse: collapse; width: 80%'><tr>"
    "<td style='border: 2pt solid; padding: 3%'>a</td><td style='border: 4pt dashed; "
    f"width: 30%'>{TEXT}</td></tr></table><table style='border-spacing: 4pt'><tr>"
    f"<td style='border: 1pt solid; padding: 2pt'>{TEXT}</td></tr></table>",
    "positioned": f'<div style="position: relative; height: 200pt"><div style="position: '
    f'absolute; top: 10%; left: 5%; width: 40%; padding: 2%">{TEXT}</div></div>'
    f'<div style="float: right; width: 30%; margin: 1%">{TEXT}</div><p>{TEXT}</p>',
    "flex and grid": f'<div style="display: flex"><div style="flex: 1; padding: 3%">{TEXT}'
    f'</div><div style="width: 25%">b</div></div><div style="display: grid; '
    f'grid-template-columns: 1fr 2fr"><div style="margin: 2%">{TEXT}</div><div>c</div></div>',
    "pages": "<style>@page { margin: 5% 10%; @top-center { content: 'Top'; width: 50%; "
    "padding: 2% } }</style>" + f"<p style='break-after: page'>{TEXT}</p><p>{TEXT}</p>",
    "inline": f'<p>{TEXT}<span style="padding: 0 3%; margin: 0 2%; border: 1pt solid">'
    f'inline box</span> <img style="width: 20%; height: auto" '
    "src='data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42"
    "mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='></p>",
}


def weasyprint_own() -> AbstractContextManager[None]:
    return patches.weasyprint_own(used_lengths.uninstall, used_lengths.install)


def test_the_patch_is_in_place_with_the_pinned_weasyprint() -> None:
    assert weasyprint.__version__ == used_lengths.PINNED
    assert used_lengths.installed()
    # Every module that bound the function by name at import calls the patch.
    assert block.resolve_percentages is table.resolve_percentages is percent.resolve_percentages


def test_another_weasyprint_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    with patches.another_weasyprint(used_lengths, monkeypatch):
        assert block.resolve_percentages is not used_lengths._resolve_percentages


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
        ("sample", DocumentRef("events", "kyoto-2021-roadmap-children"), "en"),
        ("sample", DocumentRef("packs", "kyoto-2021-roadmap-children"), "fr"),
        ("multilingual", DocumentRef("countries", "KAZ"), "zh"),
        ("multilingual", DocumentRef("events", "vienna-forum"), "ar"),
    ],
)
def test_a_document_is_written_as_weasyprint_writes_it(
    which: str, ref: DocumentRef, lang: str
) -> None:
    patched, own = written_both_ways(which, ref, lang, weasyprint_own)
    assert patched == own


def test_the_box_gets_the_values_weasyprint_gives_it() -> None:
    """Attribute by attribute, on boxes of a laid-out page, including the cases handed back."""
    from weasyprint import HTML

    from briefgen.writers.layout import font_configuration

    page = (
        HTML(string=f"<body>{''.join(CASES.values())}</body>")
        .render(font_config=font_configuration())
        .pages[0]
    )
    boxes = list(page._page_box.descendants())
    names = [
        "margin_left", "margin_right", "margin_top", "margin_bottom", "padding_left",
        "padding_right", "padding_top", "padding_bottom", "width", "min_width", "max_width",
        "height", "min_height", "max_height", "border_top_width", "border_left_width",
    ]  # fmt: skip
    checked = 0
    for box in boxes:
        for containing_block in ((400.0, 600.0), (400.0, "auto")):
            outcomes = []
            for resolve in (used_lengths._resolve_percentages, used_lengths._ORIGINAL):
                try:
                    resolve(box, containing_block)
                except TypeError as error:  # a page's % margins against an unknown height
                    outcomes.append(str(error))
                else:
                    outcomes.append([getattr(box, name) for name in names])
            assert outcomes[0] == outcomes[1]
            checked += isinstance(outcomes[0], list)
    assert checked > 50
