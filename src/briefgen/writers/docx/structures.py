"""Tables, bands of blocks side by side, pictures and the table of contents, in Word."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urljoin

from briefgen.render.charts import ChartError
from briefgen.render.columns import classes_of, col_widths, resolve
from briefgen.render.fetch import RefusedURL
from briefgen.writers.docx import contents_levels as levels
from briefgen.writers.docx import fields as f
from briefgen.writers.docx.body import BLOCKS, BodyWriter, Ctx
from briefgen.writers.docx.images import ImageError, Picture
from briefgen.writers.docx.inline import PLAIN, toc_entries
from briefgen.writers.docx.pack import RULE_PT, RULE_SPACE_PT
from briefgen.writers.docx.paging import row_mark
from briefgen.writers.docx.styles import is_on
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
from briefgen.writers.docx.wml import Element, border, el, put, qn, twips
from briefgen.writers.layout import MARK

PORTRAIT_MM = (32.0, 40.0)
"""A speaker's photo frame, as style.css draws it (``.portrait img``): filled, the rest cut."""
PORTRAIT_BELOW_MM = 3.0
"""The space below a speaker's photo, as style.css draws it (``.portrait``: its margin)."""
CHART_MM = 62.0
"""The width of a fact series' chart, as style.css draws it (``img.chart``)."""
_Rows = list[Row]
_Widths = list[int]
_Nodes = list[Element]
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
        self.table_end = (self._last(), node.get(MARK))

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
        self.table_end = (tbl, node.get(MARK))

    def sheet_header(self, node: Element, ctx: Ctx) -> None:
        """A sheet's or a summary's title block (``header.sheet-header``): the rule the PDF
        draws above it (its top border) on its first paragraph, whatever that is (a pack
        leaves the kind line out); and a speaker's portrait beside its name (:meth:`portrait`)."""
        metrics = self.paging.layout.metrics.get(str(node.get(MARK, "")))
        rule = metrics.rule if metrics is not None else None
        if rule is not None:
            self.header_rule = border(
                "top",
                min(max(rule.width / 20, 0.25), 12.0),  # the widths Word draws, in points
                rule.color,
                min(round(rule.padding / 20), 31),
            )
        elif metrics is None:  # no layout (WeasyPrint failed): the stylesheet's rule
            self.header_rule = border("top", RULE_PT, self.rule_color, RULE_SPACE_PT)
        children = [c for c in node if isinstance(c.tag, str)]
        portrait = next(
            (
                c
                for c in children
                if c.tag == "figure" and "portrait" in classes_of(c) and c.find("img") is not None
            ),
            None,
        )
        try:
            if portrait is None:
                self.flow(node, ctx)
                return
            at = children.index(portrait)
            self.flow_nodes(node.text, children[:at], ctx)
            self.portrait(portrait, children[at + 1 :], ctx)
        finally:
            self.header_rule = None

    def portrait(self, figure: Element, beside: _Nodes, ctx: Ctx) -> None:
        """A speaker's photo and the rest of their header (``beside``: the name and the lines
        under it) side by side, in a layout table of one row: the photo at the end of the
        line (the left in a right-to-left summary), as the PDF floats it. What follows the
        header begins below the photo, as in the PDF, whose header clears the float: Word
        and LibreOffice both squeeze a table that follows a floating picture beside it."""
        with self._source(figure):
            picture = self.picture(
                figure.find("img"), replace(ctx, figure=frozenset(classes_of(figure)))
            )
        if picture is None:
            self.flow_nodes(figure.tail, beside, ctx)
            return
        last = self._last()
        if (
            self.paging.pending(self.mark)
            or self.header_rule is not None
            or self.run_on is not None
            or (last is not None and last.tag == qn("w:tbl"))
        ):
            self.spacer(ctx)  # carries the page break, the rule, the space above
        photo = round(picture.width_emu / 635) + BAND_GAP
        text = self.text_width - photo
        tbl = band_element([text, photo], rtl=ctx.rtl)
        self._add(tbl)
        row = el("w:tr")
        tbl.append(row)
        words, frame = band_cell(text, 0, 0), band_cell(photo, BAND_GAP, 0)
        row.append(words)
        row.append(frame)
        full, self.text_width = self.text_width, text
        try:
            with self._into(words):
                self.flow_nodes(figure.tail, beside, ctx)
        finally:
            self.text_width = full
        if not len(words) or words[-1].tag != qn("w:p"):
            words.append(f.paragraph(self.styles.id("Normal"), self.bidi(ctx.rtl)))
        with self._into(frame), self._source(figure):
            p = self.paragraph("Figure", [("pic", picture, PLAIN)], rtl=ctx.rtl)
        # As tall as the photo (a style's exact line height would cut it), at the top of the
        # row, with the photo's margin below it (style.css, ``.portrait``).
        below = twips(PORTRAIT_BELOW_MM)
        put(f.el_ppr(p), el("w:spacing", before=0, after=below, line=240, lineRule="auto"))

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
            # Floats at the end margin, as in the PDF; the next paragraph carries it, so
            # the text beside it starts at the top of the picture. (A portrait in a sheet's
            # header is set beside the name in a layout table: ``portrait``.)
            self.pending_float = self.images.floating_run(picture, end_is_left=ctx.rtl)
            return
        placement = self.paging.layout.placed.get(str(node.get(MARK, "")))
        if placement is not None and self.container is self.body:
            # Where the stylesheet puts it on its page (a cover's logo), out of the flow
            # as in the PDF, so that it does not push the cover's text down; the next
            # paragraph carries it.
            left, top, width, _ = placement.box
            geometry = self.paging.layout.geometry
            middle = geometry.width / 2 if geometry is not None else left + width / 2
            align = ("right" if left + width / 2 > middle else "left") if ctx.rtl else None
            self.pending_float = self.images.placed_run(picture, left, top, align=align)
            return
        self.paragraph("Figure", [("pic", picture, PLAIN)], rtl=ctx.rtl)

    def _beyond_style(
        self, look: f.RunLook | None, level: int, size: int | None
    ) -> f.RunLook | None:
        """What of an entry's look its TOC style does not give it already (a report's
        entries: nothing; a pack's group lines and parts: weight, colour, size). ``size``:
        the style's, which the style takes from its level's first linked entry."""
        if look is None:
            return None
        name = f"TOC {level}"
        color = self.styles.run_property(name, "w:color")
        beyond = f.RunLook(
            look.bold and not is_on(self.styles.run_property(name, "w:b")),
            None
            if color is not None and str(color.get(qn("w:val"), "")).upper() == look.color
            else look.color,
            None if look.half_points == size else look.half_points,
        )
        return beyond if beyond != f.RunLook() else None

    def toc(self, nav: Element, ctx: Ctx) -> None:
        ctx = replace(self.directed(nav, ctx), style="Normal", jc=None, figure=frozenset())
        metrics = self.paging.layout.metrics
        for child in nav:
            if not isinstance(child.tag, str):
                continue
            if child.tag in ("ul", "ol"):
                entries = toc_entries(
                    child, self.bookmarks.names, self.page_numbers, metrics=metrics
                )
                spaces: dict[int, int] = {}
                names = levels.style_names(2)
                if levels.is_grouped(entries):
                    # A pack's: group lines, parts and sections on levels 1 to 3, each
                    # level's style with their look, which Word's F9 then keeps.
                    entries = levels.grouped_levels(entries)
                    spaces = levels.restyle(self.styles, entries)
                    names = levels.style_names(levels.LEVELS)
                sizes: dict[int, int | None] = {}
                for level, name in names.items():
                    # Each TOC style takes its size and line height from the PDF's first
                    # entry of its level (layout.style_metrics): a linked one, but for the
                    # group lines' own level.
                    first = next(
                        (e for e in entries if e.level == level and (e.anchor or e.group)),
                        None,
                    )
                    if first is not None and first.mark:
                        self.style_sources.setdefault(name, first.mark)
                    source = metrics.get(self.style_sources.get(name, ""))
                    sizes[level] = None if source is None else round(source.font_size / 10)
                entries = [
                    replace(e, look=self._beyond_style(e.look, e.level, sizes[e.level]))
                    for e in entries
                ]
                rtl = bool(self.bidi(ctx.rtl))
                self.contents_marks.update(f.marks_by_target(entries, rtl))
                style_ids = {level: self.styles.id(name) for level, name in names.items()}
                for p in f.toc_paragraphs(
                    entries,
                    style_ids,
                    self.text_width,
                    self.language,
                    bidi=self.bidi(ctx.rtl),
                    style_spaces=spaces,
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
