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
from collections.abc import Callable

from briefgen.render.columns import (
    Cell,
    Row,
    cell_lines,
    classes_of,
    col_widths,
    column_count,
    estimate,
    resolve,
    table_rows,
)
from briefgen.writers.docx.wml import Element, el, put, qn

__all__ = ["Cell", "Row", "cell_lines", "column_count", "table_rows"]

BAND_GAP = 340
"""The gap between the columns of a band (``div.band``), in twips: style.css's 6 mm."""
TABLE_EM = 180
"""A table's type (style.css: 9 pt), in twips: the em of its columns' widths when the
PDF's layout does not give the table's own."""


def column_widths(table: Element, rows: list[Row], total: int, em: float = TABLE_EM) -> list[int]:
    """Widths in twips summing to ``total``, from the shared estimate (render/columns.py):
    the ``<col>`` widths it wrote in the HTML, else its estimate for a table ``total``
    twips wide; a table whose content cannot fit that width gets equal columns."""
    columns = column_count(rows)
    widths = col_widths(table, columns) or estimate(rows, columns, total / em, classes_of(table))
    if widths is not None:
        return resolve(widths, total, em)
    equal = [total // columns] * columns
    equal[-1] += total - sum(equal)
    return equal


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
