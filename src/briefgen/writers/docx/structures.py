"""Tables, bands of blocks side by side, pictures and the table of contents, in Word."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urljoin

from briefgen.render.charts import ChartError
from briefgen.render.columns import col_widths, resolve
from briefgen.render.fetch import RefusedURL
from briefgen.writers.docx import fields as f
from briefgen.writers.docx.body import BLOCKS, BodyWriter, Ctx
from briefgen.writers.docx.images import ImageError, Picture
from briefgen.writers.docx.inline import PLAIN, toc_entries
from briefgen.writers.docx.paging import row_mark
from briefgen.writers.docx.tables import (
    BAND_GAP,
    TABLE_EM,
    Cell,
    Row,
    add_rows,
    band_cell,
    band_element,
    column_count,
    column_widths,
    repeated,
    table_element,
    table_rows,
)
from briefgen.writers.docx.wml import Element, el, qn
from briefgen.writers.layout import MARK

PORTRAIT_MM = (32.0, 40.0)
"""A speaker's photo frame, as style.css draws it (``.portrait img``): filled, the rest cut."""
CHART_MM = 62.0
"""The width of a fact series' chart, as style.css draws it (``img.chart``)."""
_Rows = list[Row]
_Widths = list[int]
"""(Aliases: the builder's ``list`` method hides the built-in in its annotations.)"""


class StructureWriter(BodyWriter):
    """Writes the HTML's tables (cut where the PDF's pages cut them), bands, pictures and
    the table of contents."""

    def table(self, node: Element, ctx: Ctx) -> None:
        """A table, cut where the PDF's pages cut it: the rows that begin a page of the PDF
        begin a page of Word, under the header rows repeated (as Word repeats them)."""
        rows = table_rows(node)
        if not rows:
            return
        # The widths render/columns.py gave the table, as the PDF lays them out (its type's
        # em from the layout); a table the template sized itself takes the PDF's widths.
        metrics = self.paging.layout.metrics.get(node.get(MARK, ""))
        em = metrics.font_size if metrics is not None and metrics.font_size > 0 else TABLE_EM
        sized = col_widths(node, column_count(rows))
        if sized is not None:
            widths = resolve(sized, self.text_width, em)
        else:
            widths = self.paging.column_widths(node, rows, self.text_width) or column_widths(
                node, rows, self.text_width, em
            )
        header = [row for row in rows if row.header]
        for number, piece in enumerate(self.paging.pieces(node, rows)):
            if number:
                self.mark = row_mark(piece[0])
            self.table_piece(header if number == 0 else repeated(header), piece, widths, ctx)

    def table_piece(self, header: _Rows, body: _Rows, widths: _Widths, ctx: Ctx) -> None:
        last = self._last()
        if self.paging.pending(self.mark) or (last is not None and last.tag == qn("w:tbl")):
            self.spacer(ctx)  # carries the page break; Word would merge two adjacent tables
        # A right-to-left table lists its columns from the right (w:bidiVisual).
        tbl = table_element(self.styles.id("briefgen Table", "table"), widths, rtl=ctx.rtl)
        self._add(tbl)
        text_id = self.styles.id("Table Text")

        def fill(tc: Element, cell: Cell) -> None:
            cell_ctx = replace(ctx, style="Table Text", jc="right" if cell.numeric else None)
            with self._into(tc), self._source(cell.element):
                if cell.element.get("id"):
                    self.pending_ids.append(cell.element.get("id"))
                self.flow(cell.element, cell_ctx)

        add_rows(
            tbl, [*header, *body], widths, fill, lambda: f.paragraph(text_id, self.bidi(ctx.rtl))
        )

    def band(self, node: Element, ctx: Ctx) -> None:
        """Blocks side by side (``div.band``): a borderless table of one row, a column each."""
        parts = [c for c in node if isinstance(c.tag, str) and c.tag in BLOCKS]
        if not parts:
            return
        last = self._last()
        if self.paging.pending(self.mark) or (last is not None and last.tag == qn("w:tbl")):
            self.spacer(ctx)
        gap = BAND_GAP // 2
        width = self.text_width // len(parts)
        tbl = band_element([width] * len(parts), rtl=ctx.rtl)
        self._add(tbl)
        row = el("w:tr")
        tbl.append(row)
        for number, part in enumerate(parts):
            margins = (0 if number == 0 else gap, 0 if number == len(parts) - 1 else gap)
            tc = band_cell(width, *margins)
            row.append(tc)
            full, self.text_width = self.text_width, width - sum(margins)
            try:
                with self._into(tc):
                    self.block(part, ctx)
            finally:
                self.text_width = full
            if not len(tc) or tc[-1].tag != qn("w:p"):
                tc.append(f.paragraph(self.styles.id("Normal"), self.bidi(ctx.rtl)))

    def picture(self, node: Element, ctx: Ctx) -> Picture | None:
        src = node.get("src", "")
        classes = set(node.get("class", "").split())
        frame = PORTRAIT_MM if "portrait" in ctx.figure else None
        box = (70.0, 22.0) if "logo" in classes else (None, None)
        chart = self.charts.get(src)
        try:
            if chart is not None:
                return self.images.chart(chart.svg, chart.png(), node.get("alt", ""), CHART_MM)
            return self.images.load(
                urljoin(self.base, src),
                node.get("alt", ""),
                frame_mm=frame,
                max_mm=box,
                text_width_emu=self.text_width * 635,
            )
        except RefusedURL:
            return None  # the resolver recorded why
        except ImageError as exc:
            self.problems.append(str(exc))
            return None
        except ChartError as exc:
            self.problems.append(f"cannot draw the chart {node.get('alt', '')!r}: {exc}")
            return None

    def picture_paragraph(self, node: Element, ctx: Ctx) -> None:
        picture = self.picture(node, ctx)
        if picture is None:
            return
        if "portrait" in ctx.figure or "chart" in ctx.figure:
            # Floats at the end margin, as in the PDF; the next paragraph (the name) carries
            # it, so the text beside it starts at the top of the photo.
            self.pending_float = self.images.floating_run(picture, end_is_left=ctx.rtl)
            return
        self.paragraph("Figure", [("pic", picture, PLAIN)], rtl=ctx.rtl)

    def toc(self, nav: Element, ctx: Ctx) -> None:
        style_ids = {1: self.styles.id("TOC 1"), 2: self.styles.id("TOC 2")}
        ctx = replace(self.directed(nav, ctx), style="Normal", jc=None, figure=frozenset())
        for child in nav:
            if not isinstance(child.tag, str):
                continue
            if child.tag in ("ul", "ol"):
                entries = toc_entries(child, self.bookmarks.names, self.page_numbers)
                for p in f.toc_paragraphs(
                    entries, style_ids, self.text_width, self.language, bidi=self.bidi(ctx.rtl)
                ):
                    self.add_paragraph(p)
            elif child.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                if child.get("id"):
                    self.pending_ids.append(child.get("id"))
                # The heading's own mark: the style takes the heading's size, not the nav's.
                previous, self.mark = self.mark, child.get(MARK) or self.mark
                self.paragraph("TOC Heading", self.inline_content(child, ctx), rtl=ctx.rtl)
                self.mark = previous
            else:
                self.block(child, ctx)
