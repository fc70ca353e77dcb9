"""Have WeasyPrint paint each list marker just before its item's content, in tree order.

WeasyPrint 70 lays a list item's outside marker (``li::marker``, tagged
``Lbl``) out as an absolutely positioned box (formatting_structure/build.py,
``marker_to_box``: ``marker_box.style['position'] = 'absolute'``), and so
paints it with the positioned boxes of its stacking context (CSS 2.1,
Appendix E, step 8), after all in-flow content: after the item's text
(``LBody``) and every later item's. A tagged PDF's reading order then departs
from its painting order on every page with a list, which pdf_order repairs by
parsing and rewriting the page.

Here each page is painted from a copy of its box tree in which every outside
marker is an in-flow block where it stands: its item's first child. It is
painted with the item's in-flow content (steps 4 and 7), before the text that
follows it. The marker keeps the place its layout gave it, and nothing can be
painted over it that was not before (the blocks' backgrounds and borders are
painted first either way; a marker has no background, border or outline of its
own to move), so the pages look the same; the tag tree, built from the box tree
the layout made, is unchanged. Only drawing sees the copy: ``Page.paint`` is
the hook (``Page._page_box`` is what WeasyPrint draws), and the page's layout,
links, anchors and tags still come from the original boxes.

Upstream: the same painting order splits each marker from its item's text for
text extraction, WeasyPrint issue #2715
(https://github.com/Kozea/WeasyPrint/issues/2715); its pull request #2716,
which stops treating outside markers as positioned in ``stacking.py``, was
closed. The reading-order side, to add there (reproduction)::

    from weasyprint import HTML
    HTML(string='<html lang="en"><ul><li>one</li><li>two</li></ul>').write_pdf(
        "list.pdf", pdf_variant="pdf/ua-1")

    The page paints "one", "two", then both bullets (MCIDs 2 and 3), while the
    structure tree reads Lbl, LBody, Lbl, LBody: the content order is not the
    logical order (PDF/UA-1, 7.1). Painting an outside marker with its item's
    in-flow content (it stands beside that content) keeps both orders the same.

When WeasyPrint paints markers so, tests/test_pdf_markers.py (which expects
WeasyPrint alone to paint them last) fails, and this module can go.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from weasyprint import Document, Page
from weasyprint.formatting_structure.boxes import ParentBox
from weasyprint.layout.absolute import AbsolutePlaceholder


class _MarkersInFlowPage(Page):  # type: ignore[misc]
    """A page that paints its outside list markers in flow (see the module's docstring)."""

    _page_box: Any

    def paint(self, stream: Any, scale: float = 1) -> None:
        laid_out = self._page_box
        self._page_box = _markers_in_flow(laid_out)
        try:
            super().paint(stream, scale)
        finally:
            self._page_box = laid_out


@contextmanager
def markers_painted_in_flow(document: Document) -> Iterator[None]:
    """While in this context, ``document``'s pages paint their list markers in tree order."""
    pages = [page for page in document.pages if type(page) is Page]
    for page in pages:
        page.__class__ = _MarkersInFlowPage
    try:
        yield
    finally:
        for page in pages:
            page.__class__ = Page


def _markers_in_flow(box: Any) -> Any:
    """``box``, or a copy of it and its ancestors of outside markers with each marker in flow.

    A copy holds the boxes of the layout that did not change (shared, not copied).
    """
    inner = box._box if isinstance(box, AbsolutePlaceholder) else box
    if not isinstance(inner, ParentBox):
        return box
    children = []
    changed = False
    for child in inner.children:
        new = _in_flow(child) if _is_outside_marker(child) else _markers_in_flow(child)
        changed = changed or new is not child
        children.append(new)
    if not changed:
        return box
    copy = inner.copy()  # not copy_with_children: it resets the original's decorations
    copy.children = children
    # A placeholder's box is drawn as the placeholder is (StackingContext unwraps it).
    return copy


def _is_outside_marker(box: Any) -> bool:
    return isinstance(box, AbsolutePlaceholder) and bool(box._box.is_outside_marker)


def _in_flow(placeholder: AbsolutePlaceholder) -> Any:
    marker = placeholder._box.copy()
    marker.style = marker.style.copy()
    marker.style["position"] = "static"
    return marker
