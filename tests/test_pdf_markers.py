"""pdf_markers: WeasyPrint paints each list marker before its item's text, as the tag tree reads.

Real documents rendered by WeasyPrint, with and without the hook: with it,
every page is painted in tag-tree order (so pdf_order has nothing to parse),
every page is drawn pixel for pixel as without it, and the tag tree is the same.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
from weasyprint import HTML, Page
from weasyprint.layout.absolute import AbsolutePlaceholder

from briefgen.writers.pdf_markers import markers_painted_in_flow
from briefgen.writers.pdf_order import _painted_in_order
from briefgen.writers.pdf_structure import marked_content_order

BULLET = (
    "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='6' height='6'>"
    "<rect width='6' height='6' fill='red'/></svg>"
)

LISTS = f"""<html lang="en"><head><style>
@page {{ size: 120mm 90mm; margin: 10mm; }}
.image li {{ list-style-image: url("{BULLET}"); }}
li::marker {{ color: #b00; }}
</style></head><body>
<ul><li>one</li><li><p>two, in a paragraph</p></li>
  <li>three<ul><li>three a</li><li>three b</li></ul></li></ul>
<ol class="image"><li>with an image</li></ol>
<div style="position: relative; left: 5mm"><ol start="7"><li>positioned</li></ol></div>
<table><tr><td><ul><li>in a cell</li></ul></td></tr></table>
<ol dir="rtl"><li>right to left</li><li>second</li></ol>
<ol>{"".join(f"<li>item {n} of a list that runs onto the next page</li>" for n in range(14))}</ol>
</body></html>"""


def _render(hooked: bool) -> tuple[bytes, list[Page], list[list[tuple[object, ...]]]]:
    """The PDF, its pages, and each page's box tree before it was painted."""
    document = HTML(string=LISTS).render()
    trees = [_tree(page._page_box) for page in document.pages]
    if hooked:
        with markers_painted_in_flow(document):
            data = document.write_pdf(pdf_variant="pdf/ua-1")
    else:
        data = document.write_pdf(pdf_variant="pdf/ua-1")
    return data, document.pages, trees


def _tree(box: Any) -> list[tuple[object, ...]]:
    """Every box under ``box`` (itself included) by identity, its position and its children."""
    inner = box._box if isinstance(box, AbsolutePlaceholder) else box
    children = list(getattr(inner, "children", []))
    found = [(id(box), id(inner), inner.style["position"], *map(id, children))]
    for child in children:
        found += _tree(child)
    return found


def _in_order(data: bytes) -> list[bool]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        order: dict[tuple[int, int], dict[int, int]] = {}
        for objgen, mcid in marked_content_order(pdf.Root.StructTreeRoot):
            ranks = order.setdefault(objgen, {})
            ranks.setdefault(mcid, len(ranks))
        return [_painted_in_order(page, order[page.obj.objgen]) for page in pdf.pages]


def _structure(data: bytes) -> list[str]:
    """Each structure element's type and depth, with the text of its page's MCIDs."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        lines: list[str] = []

        def visit(element: pikepdf.Object, depth: int) -> None:
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    lines.append("  " * depth + str(kid.S))
                    visit(kid, depth + 1)
                elif isinstance(kid, int):
                    lines.append("  " * depth + "content")

        visit(pdf.Root.StructTreeRoot, 0)
        return lines


def _drawn(data: bytes, out: Path) -> list[bytes]:
    out.mkdir()
    (out / "doc.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "72", str(out / "doc.pdf"), str(out / "p")], check=True)
    return [p.read_bytes() for p in sorted(out.glob("p-*.ppm"))]


def test_every_page_is_painted_in_tag_tree_order(tmp_path: Path) -> None:
    plain, _, _ = _render(hooked=False)
    hooked, _, _ = _render(hooked=True)
    before, after = _in_order(plain), _in_order(hooked)
    assert len(before) == len(after) > 1  # the last list runs onto the next pages
    assert not any(before)  # WeasyPrint alone paints the markers last, on every page
    assert all(after)


def test_the_pages_are_drawn_as_without_the_hook_and_tagged_alike(tmp_path: Path) -> None:
    plain, _, _ = _render(hooked=False)
    hooked, _, _ = _render(hooked=True)
    assert _structure(hooked) == _structure(plain)
    items = [line.strip() for line in _structure(hooked)].count("/LI")
    assert items == 3 + 2 + 1 + 1 + 1 + 2 + 14  # nested ones included
    drawn, expected = _drawn(hooked, tmp_path / "hooked"), _drawn(plain, tmp_path / "plain")
    assert len(drawn) == len(expected) > 1
    for number, (a, b) in enumerate(zip(drawn, expected, strict=True), start=1):
        assert a == b, f"page {number} is drawn differently"


def test_the_layout_is_left_as_it_was() -> None:
    _, pages, trees = _render(hooked=True)
    assert len(pages) > 1 and all(type(page) is Page for page in pages)
    # The very same boxes, children and styles: what was painted was a copy.
    assert [_tree(page._page_box) for page in pages] == trees
