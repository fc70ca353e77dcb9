"""Where the Word document's pages begin: where the PDF's do (see ``layout``).

The DOCX writer asks :class:`Pagination`, block by block, whether the block
begins a page; a block that begins a page of the PDF gets a page break. The
page set-up, the tables' column widths and the places where a table is cut
come from the same layout. Without a layout (WeasyPrint failed: the PDF
writer reports why) the HTML's own breaks (the cover's) are followed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from docx.shared import Twips

from briefgen.render.fetch import AssetResolver
from briefgen.writers.docx.layout import Layout, lay_out
from briefgen.writers.docx.tables import Row, cell_lines, column_count
from briefgen.writers.docx.wml import Element, el, put, qn
from briefgen.writers.layout import MARK, mark_elements

PAGE_TOLERANCE = 284
"""Twips (5 mm, a line of body text) by which Word's text may run below the PDF's."""
FOOTER_DISTANCE = 454
"""The footer's distance from the bottom of the page, in twips (8 mm)."""
FOOTER_ROOM = 340
"""Twips (6 mm) kept clear above the footer's distance, for the footer's line."""
COLUMN_SLACK = 60
"""Twips (about 1 mm): a third of it is kept clear at the end of a column's longest line."""
WIDER = 0.03
"""How much wider than WeasyPrint LibreOffice may measure a line of text (3 %)."""


class Pagination:
    """The page of the PDF the writer is on, and what the PDF's layout says."""

    def __init__(self) -> None:
        self.layout = Layout()
        self.page = 1
        self.break_requested = False
        """Without a layout: the HTML asks for a break before the next block (after a cover)."""

    def lay_out(self, tree: Element, body: Element, resolver: AssetResolver) -> dict[str, int]:
        """Lay the document out; the page of each element id (the contents' page numbers),
        empty when there is no layout."""
        mark_elements(body)
        self.layout = lay_out(tree, resolver)
        pages: dict[str, int] = {}
        for node in body.iter():
            if isinstance(node.tag, str) and node.get("id"):
                page = self.layout.page_of(node.get(MARK))
                if page is not None:
                    pages[str(node.get("id"))] = page
        return pages

    def pending(self, mark: str | None) -> bool:
        """Whether the block ``mark`` begins a page (:meth:`begin` would break)."""
        if self.layout.pages:
            page = self.layout.page_of(mark)
            return page is not None and page > self.page
        return self.break_requested

    def begin(self, mark: str | None) -> bool:
        """Whether the block ``mark`` begins a page; the writer is on that page afterwards."""
        breaks = self.pending(mark)
        if breaks:
            self.page = (
                (self.layout.page_of(mark) or self.page + 1)
                if self.layout.pages
                else (self.page + 1)
            )
        self.break_requested = False
        return breaks

    def set_up(self, section: Any) -> int | None:
        """The PDF's page size and margins on ``section``; the text column's width (twips).

        Word's text may run a line lower than the PDF's before its page is full:
        where its lines wrap differently, the page still ends where the PDF's does
        (the next page begins with a break). The footer moves down to leave room.
        """
        geometry = self.layout.geometry
        if geometry is None:
            return None
        tolerance = min(PAGE_TOLERANCE, max(geometry.bottom - FOOTER_DISTANCE - FOOTER_ROOM, 0))
        section.page_width, section.page_height = Twips(geometry.width), Twips(geometry.height)
        section.top_margin = Twips(geometry.top)
        section.bottom_margin = Twips(geometry.bottom - tolerance)
        section.footer_distance = Twips(FOOTER_DISTANCE)
        section.left_margin, section.right_margin = Twips(geometry.left), Twips(geometry.right)
        return max(geometry.width - geometry.left - geometry.right, 1440)

    def column_widths(self, table: Element, rows: list[Row], total: int) -> list[int] | None:
        """The PDF's column widths of ``table``, scaled to ``total`` twips, or None.

        LibreOffice measures text a hair wider than WeasyPrint: a column whose
        longest line just fits in the PDF ("Value", a name) would wrap in Word. Such
        a column gets the room it lacks from the columns with room to spare, or
        else from the widest column whose text wraps anyway.
        """
        laid_out = self.layout.column_widths.get(table.get(MARK, ""))
        if not laid_out or sum(laid_out) <= 0 or len(laid_out) != column_count(rows):
            return None
        scale = total / sum(laid_out)
        widths = [max(int(w * scale), 1) for w in laid_out]
        wrapping, spare = self._fit(rows, len(widths))
        for number in range(len(widths)):
            lacking = math.ceil(-spare[number])
            if number in wrapping or lacking <= 0:
                continue
            got = 0
            donors = sorted(
                (n for n in range(len(widths)) if n != number and spare[n] >= 1),
                key=lambda n: -spare[n],
            )
            for donor in donors:
                given = min(lacking - got, math.floor(spare[donor]))
                widths[donor] -= given
                spare[donor] -= given
                got += given
                if got >= lacking:
                    break
            if got < lacking and wrapping:
                widths[max(wrapping, key=lambda n: widths[n])] -= lacking - got
                got = lacking
            widths[number] += got
            spare[number] += got
        widths[widths.index(max(widths))] += total - sum(widths)
        return widths if min(widths) > 0 else None

    def _fit(self, rows: list[Row], columns: int) -> tuple[set[int], list[float]]:
        """(the columns whose text the PDF wraps, each column's room to spare in twips).

        A cell wraps when it has more lines than its line breaks make; its room is
        its width less its longest line and the margin LibreOffice's wider measure
        needs (3 % of the line), negative when it lacks room.
        """
        wraps: set[int] = set()
        spare = [float("inf")] * columns
        for row in rows:
            column = 0
            for cell in row.cells:
                mark = cell.element.get(MARK, "")
                if cell.span == 1 and mark in self.layout.lines and column < columns:
                    if self.layout.lines[mark] > len(cell_lines(cell.element)):
                        wraps.add(column)
                    margin = self.layout.longest[mark] * WIDER + COLUMN_SLACK / 3
                    spare[column] = min(spare[column], self.layout.room[mark] - margin)
                column += cell.span
        return wraps, [0.0 if s == float("inf") else s for s in spare]

    def pieces(self, table: Element, rows: list[Row]) -> list[list[Row]]:
        """The body rows of ``table`` (header rows left out), cut where the PDF's pages cut
        them: a row that begins a page begins a piece."""
        pieces: list[list[Row]] = [[]]
        page = self.layout.page_of(table.get(MARK))
        for row in rows:
            if row.header:
                continue
            row_page = self.layout.page_of(row_mark(row))
            if pieces[-1] and row_page is not None and page is not None and row_page > page:
                pieces.append([])
            page = row_page if row_page is not None else page
            pieces[-1].append(row)
        return pieces


def row_mark(row: Row) -> str | None:
    """The ``MARK`` of a row's ``tr``."""
    tr = row.cells[0].element.getparent()
    return None if tr is None else tr.get(MARK)


def cut_keep_chain(last: Element | None, keeps: Callable[[Element], bool]) -> None:
    """The PDF ends a page after ``last``: the keep-with-next chain that ends there (headings
    and the lines kept with them, across a table) is cut, each of its paragraphs set not to
    keep with the next. Word and LibreOffice would otherwise move the chain, or part of it,
    onto the next page, which begins where the PDF's does anyway."""
    node = last
    while node is not None:
        if node.tag == qn("w:tbl"):
            node = node.getprevious()
            continue
        if node.tag != qn("w:p") or not keeps(node):
            return
        properties = node.find(qn("w:pPr"))
        if properties is None:
            properties = el("w:pPr")
            node.insert(0, properties)
        put(properties, el("w:keepNext", val=0))
        node = node.getprevious()
