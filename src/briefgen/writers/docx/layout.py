"""The PDF's layout, read for Word: on which page each block starts, page geometry, column widths.

Word documents paginate by themselves, and the report's contents carries page
numbers. For those numbers to be the pages where Word or LibreOffice puts the
headings, the Word document is made to break its pages where the PDF breaks
them. The DOCX writer lays the same HTML out with WeasyPrint (the PDF writer's
engine, same stylesheet, same fonts, same assets), after marking every element
with a ``data-`` attribute (which no selector of the stylesheet can see), and
reads back:

- the page on which each element's first box lies (:attr:`Layout.start_page`);
- the size and margins of the pages that hold the body (not the cover's);
- the widths WeasyPrint gave each table's columns;
- the computed font size, line height and margins of each element, from
  which the Word styles take their metrics, and the rule (top border) it draws;
- where on its page each absolutely positioned element lies (a cover's publisher
  block, at the foot of the page), which Word places there in a frame.

With the styles at the PDF's metrics (or a little tighter), a page of Word
never holds less than the same page of the PDF, and the page breaks forced at
the PDF's page starts make every page of Word begin where the PDF's does.

The PDF writer lays out the same marked text and keeps its layout
(:func:`share_layout`): when Word is written right after the PDF, that layout
is read and WeasyPrint lays each document out once for both writers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefgen.render.fetch import AssetResolver
from briefgen.writers.layout import (
    MARK,
    SafeFetcher,
    captured_logs,
    lay_out_html,
    serialized,
    take_shared_layout,
)

if TYPE_CHECKING:  # python-docx is not the PDF writer's to import (7 MB a process)
    from briefgen.writers.docx.wml import Element

PX_TWIPS = 15.0
"""One CSS pixel (0.75 pt) in twips."""
MM_PX = 96 / 25.4
"""A millimetre in CSS pixels."""


@dataclass(frozen=True)
class PageGeometry:
    """A page of the PDF, in twips."""

    width: int
    height: int
    top: int
    right: int
    bottom: int
    left: int


@dataclass(frozen=True)
class Metrics:
    """Computed CSS of one element, in twips (``line`` is the line height)."""

    font_size: float
    line: float
    margin_top: float
    margin_bottom: float
    color: str = "000000"
    """The text colour, RRGGBB."""
    italic: bool = False
    family: str = ""
    """The first family of the computed font-family."""
    background: str | None = None
    """The background colour (RRGGBB), when the element paints one."""
    rule: Rule | None = None
    """The top border the element draws (a sheet's header), when it draws one."""
    caps: bool = False
    """Its text is set in capitals (``text-transform: uppercase``)."""
    bold: bool = False
    """Its font weight is 600 or more."""


@dataclass(frozen=True)
class Placement:
    """Where an absolutely positioned element lies on its page, in twips from the page's
    top left corner: its text's left edge and width (the content box), and the top of its
    border box (where a rule above it is drawn)."""

    x: float
    y: float
    width: float
    centered: bool = False
    """Its text is as far from either side of the page (within a millimetre)."""
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    """Its border box: left, top, width and height (the band a background paints)."""


@dataclass(frozen=True)
class Rule:
    """A solid top border as the PDF draws it: its width, its colour, and the padding between it
    and the element's content (twips)."""

    width: float
    color: str
    padding: float


@dataclass
class Layout:
    """What the PDF layout says about the marked elements of one document."""

    pages: int = 0
    start_page: dict[str, int] = field(default_factory=dict)
    """Mark -> the 1-based page of the element's first box."""
    geometry: PageGeometry | None = None
    """The pages that hold the body (the last page's; the cover has its own)."""
    column_widths: dict[str, list[float]] = field(default_factory=dict)
    """Mark of a table -> its columns' widths, in twips."""
    metrics: dict[str, Metrics] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    """Mark of a table cell -> the lines of text it holds (on its first page)."""
    room: dict[str, float] = field(default_factory=dict)
    """Mark of a table cell -> its content width less its longest line, in twips."""
    longest: dict[str, float] = field(default_factory=dict)
    """Mark of a table cell -> its longest line, in twips."""
    unmarked: set[str] = field(default_factory=set)
    """Marks of the list items the stylesheet draws without a marker (``list-style: none``)."""
    atomic: set[str] = field(default_factory=set)
    """Marks of the inline elements laid out as one block in their line (``display:
    inline-block``: a topic tag), which the bidi algorithm places as one neutral character."""
    placed: dict[str, Placement] = field(default_factory=dict)
    """Mark -> where the element lies on its page, for the elements the stylesheet positions
    themselves (``position: absolute`` or ``fixed``: a cover's publisher block)."""
    tops: dict[str, float] = field(default_factory=dict)
    """Mark of an element on the first page -> the top of its border box, in twips from the
    page's top (where a cover's first line and the rule above it stand)."""
    sides: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Mark of an element on the first page -> the left and right edges of its content box,
    in twips from the page's left (where a cover's text begins and ends)."""
    narrowed: dict[str, float] = field(default_factory=dict)
    """Mark of a block laid out in a line of its own as an inline-block, narrower than that
    line (``display: inline-block`` on a paragraph: a cover's kind line, whose rule is as
    long as its text) -> its width (margin box), in twips."""

    def page_of(self, mark: str | None) -> int | None:
        return self.start_page.get(mark) if mark else None


def lay_out(tree: Element, resolver: AssetResolver) -> Layout:
    """Lay out the (marked) HTML ``tree`` as the PDF writer does, and read it back.

    When the PDF writer has just laid out the very same text, its layout is
    read instead (one WeasyPrint layout per document for both writers). A
    document WeasyPrint cannot lay out gives an empty layout: the PDF writer
    reports why, and Word paginates by itself.
    """
    html_text = serialized(tree)
    document = take_shared_layout(html_text)
    if document is not None:
        return read_layout(document)
    with captured_logs():
        try:
            document = lay_out_html(html_text, SafeFetcher(resolver))
        except Exception:  # the PDF writer reports the same failure
            return Layout()
    return read_layout(document)


def read_layout(document: Any) -> Layout:
    """What a WeasyPrint document laid out from marked HTML says about its marked elements."""
    from weasyprint.formatting_structure.boxes import BlockContainerBox, InlineBlockBox

    layout = Layout(pages=len(document.pages))
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        # Placeholders too: the boxes inside an absolutely positioned one (the spans of a
        # cover's publisher block) have their own metrics.
        for box in page_box.descendants(placeholders=True):
            element = getattr(box, "element", None)
            mark = element.get(MARK) if element is not None and hasattr(element, "get") else None
            if isinstance(box, BlockContainerBox):
                _read_narrowed(box, layout)
            if mark is None:
                continue
            layout.start_page.setdefault(mark, number)
            if number == 1 and mark not in layout.tops:
                layout.tops[mark] = box.border_box_y() * PX_TWIPS
                left = box.content_box_x()
                layout.sides[mark] = (left * PX_TWIPS, (left + box.width) * PX_TWIPS)
            if mark not in layout.metrics and getattr(box, "style", None) is not None:
                layout.metrics[mark] = _metrics(box)
            if box.element_tag == "li" and box.style["list_style_type"] == "none":
                layout.unmarked.add(mark)
            if isinstance(box, InlineBlockBox):
                layout.atomic.add(mark)
            if (
                mark not in layout.placed
                and box.style["position"] in ("absolute", "fixed")
                and "::" not in box.element_tag  # a list's marker is its item's, not placed
            ):
                left = box.content_box_x()
                right = page_box.margin_width() - left - box.width
                layout.placed[mark] = Placement(
                    left * PX_TWIPS,
                    box.border_box_y() * PX_TWIPS,
                    box.width * PX_TWIPS,
                    abs(left - right) < MM_PX,
                    (
                        box.border_box_x() * PX_TWIPS,
                        box.border_box_y() * PX_TWIPS,
                        box.border_width() * PX_TWIPS,
                        box.border_height() * PX_TWIPS,
                    ),
                )
            if box.element_tag in ("td", "th") and mark not in layout.lines:
                lines = _lines(box)
                layout.lines[mark] = len(lines)
                layout.longest[mark] = max(lines, default=0.0) * PX_TWIPS
                layout.room[mark] = (box.width - max(lines, default=0.0)) * PX_TWIPS
            widths = getattr(box, "column_widths", None)
            if widths and mark not in layout.column_widths:
                layout.column_widths[mark] = [w * PX_TWIPS for w in _in_order(box, widths)]
    last = document.pages[-1]._page_box if document.pages else None
    if last is not None:
        layout.geometry = PageGeometry(
            round(last.margin_width() * PX_TWIPS),
            round(last.margin_height() * PX_TWIPS),
            round(last.margin_top * PX_TWIPS),
            round(last.margin_right * PX_TWIPS),
            round(last.margin_bottom * PX_TWIPS),
            round(last.margin_left * PX_TWIPS),
        )
    return layout


def _read_narrowed(block: Any, layout: Layout) -> None:
    """The blocks that ``block``'s lines hold alone as inline-blocks (:attr:`Layout.narrowed`)."""
    from weasyprint.formatting_structure.boxes import InlineBlockBox, LineBox

    line: Any
    for line in block.children:
        if not isinstance(line, LineBox):
            continue
        # What the line holds besides it is white space at most (a template's line break).
        pieces = [c for c in line.children if not _blank(c)]
        if len(pieces) != 1:
            continue
        only = pieces[0]
        element = getattr(only, "element", None) if isinstance(only, InlineBlockBox) else None
        mark = element.get(MARK) if element is not None and hasattr(element, "get") else None
        if mark is not None and mark not in layout.narrowed and only.margin_width() < block.width:
            layout.narrowed[mark] = only.margin_width() * PX_TWIPS


def _blank(box: Any) -> bool:
    """Whether a box is a piece of text with nothing but white space (or nothing) in it."""
    text = getattr(box, "text", None)
    return isinstance(text, str) and not text.strip()


def _in_order(table: Any, widths: list[float]) -> list[float]:
    """The columns' widths in the document's order (Word's). WeasyPrint turns a right-to-left
    table's lists into drawing order (left to right) as it lays it out: its positions then
    grow, where in document order they would shrink."""
    positions = list(getattr(table, "column_positions", None) or [])
    if (
        table.style["direction"] == "rtl"
        and len(positions) == len(widths) > 1
        and positions == sorted(positions)
    ):
        return widths[::-1]
    return list(widths)


def _lines(box: Any) -> list[float]:
    """The width of each line of text in a box (a table cell), in CSS pixels: from the start
    of its first piece to the end of its last."""
    from weasyprint.formatting_structure.boxes import LineBox

    widths = []
    for line in box.descendants():
        if isinstance(line, LineBox) and line.children:
            start = min(child.position_x for child in line.children)
            end = max(child.position_x + child.margin_width() for child in line.children)
            widths.append(end - start)
    return widths


def _metrics(box: Any) -> Metrics:
    style = box.style
    size = float(style["font_size"])
    line_height = style["line_height"]
    if line_height == "normal":
        line = size * 1.2
    elif isinstance(line_height, (int, float)):
        line = size * float(line_height)
    else:
        line = float(getattr(line_height, "value", size * 1.2))
    top = getattr(box, "margin_top", None)
    bottom = getattr(box, "margin_bottom", None)
    return Metrics(
        size * PX_TWIPS,
        line * PX_TWIPS,
        float(top or 0) * PX_TWIPS,
        float(bottom or 0) * PX_TWIPS,
        _hex(style["color"]),
        style["font_style"] != "normal",
        str(style["font_family"][0]) if style["font_family"] else "",
        _hex(style["background_color"]) if _alpha(style["background_color"]) > 0.5 else None,
        _rule(box),
        style["text_transform"] == "uppercase",
        int(style["font_weight"]) >= 600,
    )


def _rule(box: Any) -> Rule | None:
    """The box's top border, when it is a visible line (solid, double and the like)."""
    width = float(getattr(box, "border_top_width", 0) or 0)
    style = box.style
    if width <= 0 or style["border_top_style"] in ("none", "hidden"):
        return None
    color = style["border_top_color"]
    if color == "currentcolor":
        color = style["color"]
    if _alpha(color) <= 0.5:
        return None
    padding = float(getattr(box, "padding_top", 0) or 0)
    return Rule(width * PX_TWIPS, _hex(color), padding * PX_TWIPS)


def _alpha(color: Any) -> float:
    return float(getattr(color, "alpha", 0.0))


def _hex(color: Any) -> str:
    """A computed CSS colour as Word writes it (RRGGBB)."""
    try:
        channels = color.to("srgb").coordinates
    except (AttributeError, ValueError):  # currentcolor and the like: not a colour of its own
        return "000000"
    return "".join(f"{round(max(0.0, min(1.0, float(c))) * 255):02X}" for c in channels)


SPACED_STYLES = (
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "List Bullet",
    "List Number",
)
"""Styles whose spacing comes from the CSS margins too (the others keep the reference's)."""


def style_metrics(sources: dict[str, str], layout: Layout) -> dict[str, StyleMetrics]:
    """The Word metrics of each style, from the first element written in it.

    Font size and line height are the CSS's (an exact line height, as CSS gives
    every line of a paragraph the same height whatever its script). Spacing: CSS
    margins collapse, Word adds a paragraph's space after to the next one's
    space before; so a style's space before is its top margin less a body
    paragraph's bottom margin, which is what the CSS adds the most often.
    """
    normal = layout.metrics.get(sources.get("Normal", ""))
    body_after = normal.margin_bottom if normal else 0.0
    out: dict[str, StyleMetrics] = {}
    for name, mark in sources.items():
        metrics = layout.metrics.get(mark)
        if metrics is None:
            continue
        spacing: tuple[int, int] | None = None
        if name in SPACED_STYLES:
            before = 0.0 if name == "Normal" else max(0.0, metrics.margin_top - body_after)
            spacing = (round(before), round(metrics.margin_bottom))
        out[name] = StyleMetrics(round(metrics.font_size / 10), round(metrics.line), spacing)
    return out


@dataclass(frozen=True)
class StyleMetrics:
    half_points: int
    line: int
    """Exact line height, in twips."""
    spacing: tuple[int, int] | None
    """(before, after) in twips, or None to keep the style's."""
