"""Tables: rows and cells of an HTML table, column widths from their content, Word's skeleton.

The look comes from the reference's table style ("briefgen Table"): header
row colours, banding, rules and cell margins. What is set here is structure:
which rows are header rows (``w:tblHeader``, repeated on every page), rows
that must not break across pages (``w:cantSplit``), rows kept with the next
(the header, the first row and the last two: no row alone under a repeated
header or at the end), and column widths proportional to what the columns hold
(when the PDF's layout does not give them).
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from briefgen.writers.docx.wml import Element, el, put, qn

MIN_COLUMN = 900
"""Narrowest column, in twips (about 16 mm)."""
CHAR_TWIPS = 100
"""Average width of one character of 9 pt Noto Sans, in twips."""
CELL_PADDING = 2 * 142
BAND_GAP = 340
"""The gap between the columns of a band (``div.band``), in twips: style.css's 6 mm."""


@dataclass(frozen=True)
class Cell:
    element: Element
    header: bool
    span: int
    numeric: bool


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    header: bool


def _classes(element: Element) -> set[str]:
    return set(str(element.get("class", "")).split())


def table_rows(table: Element) -> list[Row]:
    """Every row in order: thead rows are header rows; so is a first row made of th only."""
    rows: list[Row] = []
    for tr in table.iter("tr"):
        if tr.getparent() is not table and tr.getparent().getparent() is not table:
            continue  # a row of a nested table
        group = tr.getparent().tag if tr.getparent() is not table else "tbody"
        cells = tuple(
            Cell(td, td.tag == "th", _span(td), "num" in _classes(td))
            for td in tr
            if td.tag in ("td", "th")
        )
        if not cells:
            continue
        header = group == "thead" or (
            not rows and all(c.header for c in cells) and group != "tfoot"
        )
        rows.append(Row(cells, header))
    # Word repeats only leading header rows.
    leading = True
    fixed: list[Row] = []
    for row in rows:
        leading = leading and row.header
        fixed.append(Row(row.cells, leading))
    return fixed


def _span(cell: Element) -> int:
    try:
        return max(1, min(int(cell.get("colspan", "1")), 63))
    except ValueError:
        return 1


def column_count(rows: list[Row]) -> int:
    return max((sum(c.span for c in row.cells) for row in rows), default=1)


def column_widths(rows: list[Row], columns: int, total: int) -> list[int]:
    """Widths in twips summing to ``total``: proportional to each column's longest line
    (within bounds), never narrower than its longest word."""
    longest = [4] * columns
    widest_word = [3] * columns
    for row in rows:
        col = 0
        for cell in row.cells:
            if cell.span == 1 and col < columns:
                lines = cell_lines(cell.element)
                longest[col] = max(longest[col], *(len(line) for line in lines))
                words = [len(w) for line in lines for w in line.split()]
                widest_word[col] = max(widest_word[col], *words, 0)
            col += cell.span
    weights = [min(max(n, 6), 48) for n in longest]
    minimum = [max(MIN_COLUMN, min(w, 28) * CHAR_TWIPS + CELL_PADDING) for w in widest_word]
    if sum(minimum) >= total:
        weights, minimum = [1] * columns, [0] * columns
    widths = _distribute(weights, minimum, total)
    widths[-1] += total - sum(widths)
    return widths


def _distribute(weights: list[int], minimum: list[int], total: int) -> list[int]:
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        room = total - sum(fixed.values())
        scale = room / max(sum(weights[i] for i in free), 1)
        short = [i for i in free if weights[i] * scale < minimum[i]]
        if not short:
            widths = [fixed.get(i, math.floor(weights[i] * scale)) for i in range(len(weights))]
            return widths
        for i in short:
            fixed[i] = minimum[i]


def cell_lines(cell: Element) -> list[str]:
    """The cell's text, one entry per line (``<br>`` and block elements end lines)."""
    parts: list[str] = []

    def walk(node: Element) -> None:
        if node.tag in ("br", "p", "li", "div"):
            parts.append("\x00")
        if node.text and node.tag != "br":
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(cell)
    text = re.sub(r"\s+", " ", "".join(parts))
    lines = [line.strip() for line in text.split("\x00")]
    return [line for line in lines if line] or [""]


def table_element(style_id: str, widths: list[int], *, rtl: bool = False) -> Element:
    """The table and its grid; ``rtl``: its first column on the right (``w:bidiVisual``)."""
    tbl = el("w:tbl")
    pr = el("w:tblPr")
    put(pr, el("w:tblStyle", val=style_id))
    if rtl:
        put(pr, el("w:bidiVisual"))
    put(pr, el("w:tblW", w=sum(widths), type="dxa"))
    put(pr, el("w:tblLayout", type="fixed"))
    put(
        pr,
        el(
            "w:tblLook",
            val="04A0",
            firstRow=1,
            lastRow=0,
            firstColumn=0,
            lastColumn=0,
            noHBand=0,
            noVBand=1,
        ),
    )
    tbl.append(pr)
    tbl.append(el("w:tblGrid", *(el("w:gridCol", w=w) for w in widths)))
    return tbl


def row_element(header: bool) -> Element:
    tr = el("w:tr")
    pr = el("w:trPr")
    put(pr, el("w:cantSplit"))
    if header:
        put(pr, el("w:tblHeader"))
    tr.append(pr)
    return tr


def cell_element(width: int, span: int) -> Element:
    tc = el("w:tc")
    pr = el("w:tcPr")
    put(pr, el("w:tcW", w=width, type="dxa"))
    if span > 1:
        put(pr, el("w:gridSpan", val=span))
    tc.append(pr)
    return tc


def add_rows(
    tbl: Element,
    rows: list[Row],
    widths: list[int],
    fill: Callable[[Element, Cell], None],
    empty: Callable[[], Element],
) -> None:
    """Rows and cells into ``tbl``; ``fill(tc, cell)`` writes a cell's content, ``empty()``
    makes the paragraph that every cell must end with."""
    columns = len(widths)
    body = [index for index, row in enumerate(rows) if not row.header]
    kept = {index for index, row in enumerate(rows) if row.header}
    if len(body) > 1:  # no lone row under the header, nor alone at the end (as style.css)
        kept |= {body[0], body[-2]}
    for index, row in enumerate(rows):
        tr = row_element(row.header)
        tbl.append(tr)
        col = 0
        for cell in row.cells:
            span = min(cell.span, columns - col)
            if span <= 0:
                break
            tc = cell_element(sum(widths[col : col + span]), span)
            tr.append(tc)
            col += span
            fill(tc, cell)
            if tc[-1].tag != qn("w:p"):
                tc.append(empty())
        if col < columns:
            tc = cell_element(sum(widths[col:]), columns - col)
            tc.append(empty())
            tr.append(tc)
        if index in kept:
            for p in tr.iter(qn("w:p")):
                ppr = p.find(qn("w:pPr"))
                if ppr is None:
                    ppr = el("w:pPr")
                    p.insert(0, ppr)
                put(ppr, el("w:keepNext"))


def band_element(widths: list[int], *, rtl: bool = False) -> Element:
    """A layout table for blocks side by side: no style, no borders, no cell margins."""
    tbl = el("w:tbl")
    pr = el("w:tblPr")
    if rtl:
        put(pr, el("w:bidiVisual"))
    put(pr, el("w:tblW", w=sum(widths), type="dxa"))
    put(pr, el("w:tblLayout", type="fixed"))
    put(pr, el("w:tblCellMar", el("w:left", w=0, type="dxa"), el("w:right", w=0, type="dxa")))
    put(
        pr,
        el(
            "w:tblLook",
            val="0000",
            firstRow=0,
            lastRow=0,
            firstColumn=0,
            lastColumn=0,
            noHBand=1,
            noVBand=1,
        ),
    )
    tbl.append(pr)
    tbl.append(el("w:tblGrid", *(el("w:gridCol", w=w) for w in widths)))
    return tbl


def band_cell(width: int, start: int, end: int) -> Element:
    """A band's cell, ``start`` and ``end`` twips from its neighbours (half the gap each)."""
    tc = el("w:tc")
    pr = el("w:tcPr")
    put(pr, el("w:tcW", w=width, type="dxa"))
    put(pr, el("w:tcMar", el("w:left", w=start, type="dxa"), el("w:right", w=end, type="dxa")))
    tc.append(pr)
    return tc


def repeated(rows: list[Row]) -> list[Row]:
    """Header rows written again at the top of a table's next piece: copies without the
    element ids (a bookmark is made once)."""
    out: list[Row] = []
    for row in rows:
        cells = []
        for cell in row.cells:
            clone = copy.deepcopy(cell.element)
            for node in clone.iter():
                if isinstance(node.tag, str) and node.get("id"):
                    del node.attrib["id"]
            cells.append(Cell(clone, cell.header, cell.span, cell.numeric))
        out.append(Row(tuple(cells), True))
    return out
