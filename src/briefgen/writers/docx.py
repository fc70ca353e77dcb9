"""The DOCX writer: walks the same semantic HTML as the PDF writer and emits a real Word document.

Each element of the HTML set (docs/templates.md) maps to a named style of the
reference document (``docx_styles``): headings, lists with Word numbering,
tables with a table style and repeated header rows, quotes, a TOC field whose
cached result is already filled in (page numbers from the PDF layout when the
PDF was built first), and headers and footers with PAGE and NUMPAGES fields.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from docx.shared import Twips
from lxml import html as lxml_html

from briefgen.diagnostics import BriefgenError, Diagnostic, Location
from briefgen.fetch import ASSETS_URL, AssetResolver, RefusedURL
from briefgen.templates import BUILTIN_DIR
from briefgen.writers import docx_fields as f
from briefgen.writers.docx_bidi import (
    FSI,
    LRI,
    PDI,
    RLI,
    Language,
    first_strong_direction,
    language,
)
from briefgen.writers.docx_cover import background_run, white_rule, whiten
from briefgen.writers.docx_images import ImageError, Images, Picture
from briefgen.writers.docx_inline import (
    HYPERLINK_REL,
    PLAIN,
    Fmt,
    Segment,
    has_content,
    make_runs,
    page_label,
    pre_segments,
    text_of,
    toc_entries,
)
from briefgen.writers.docx_layout import MARK, Layout, lay_out, mark_elements, style_metrics
from briefgen.writers.docx_numbering import Numbering
from briefgen.writers.docx_package import (
    deterministic_zip,
    set_app_properties,
    set_core_properties,
)
from briefgen.writers.docx_styles import (
    CLASS_STYLES,
    CONTAINER_STYLES,
    StyleMap,
    apply_language,
    apply_metrics,
    apply_theme,
    hex_color,
    open_reference,
    reference_path,
)
from briefgen.writers.docx_tables import (
    BAND_GAP,
    Cell,
    Row,
    add_rows,
    band_cell,
    band_element,
    column_count,
    column_widths,
    table_element,
    table_rows,
)
from briefgen.writers.docx_xml import Element, el, put, qn
from briefgen.writers.sanitize import strip_attachments

if TYPE_CHECKING:
    from docx.document import Document

    from briefgen.project import Project
    from briefgen.render import RenderedDocument

BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "blockquote", "figure",
    "figcaption", "section", "header", "footer", "nav", "div", "article", "main", "aside",
    "pre", "hr", "dl", "dt", "dd", "address",
}  # fmt: skip
FURNITURE = ("running-title", "running-office")
PORTRAIT_MM = (32.0, 40.0)
"""A speaker's photo frame, as style.css draws it (``.portrait img``): filled, the rest cut."""
LINK_SCHEMES = ("http://", "https://", "mailto:")
PAGE_TOLERANCE = 284
"""Twips (5 mm, a line of body text) by which Word's text may run below the PDF's."""
FOOTER_DISTANCE = 454
"""The footer's distance from the bottom of the page, in twips (8 mm)."""
COLUMN_SLACK = 60
"""Twips (about 1 mm) added to a narrow column (under a sixth of the table), from the widest."""
_Rows = list[Row]
_Widths = list[int]
"""(Aliases: the builder's ``list`` method hides the built-in in its annotations.)"""
_ISOLATE = {"ltr": LRI, "rtl": RLI, "auto": FSI}
"""What an inline element with ``dir`` (or ``<bdi>``) is in Unicode: an isolate."""


@dataclass(frozen=True)
class _Ctx:
    style: str = "Normal"
    jc: str | None = None
    figure: frozenset[str] = frozenset()
    rtl: bool = False
    """The direction of the paragraphs made here (the document's, or a block's ``dir``)."""
    lang: str | None = None
    """A block's ``lang``, when it has one."""

    @property
    def fmt(self) -> Fmt:
        return Fmt(lang=self.lang) if self.lang else PLAIN


def write_docx(
    doc: RenderedDocument, project: Project, *, page_numbers: dict[str, int] | None = None
) -> tuple[bytes, list[Diagnostic]]:
    """The .docx bytes; raises BriefgenError (naming doc.source) when the document must fail."""
    html_text, attachments = strip_attachments(doc.html)
    problems = ["attachments (rel=attachment) are not allowed in documents"] if attachments else []
    document, styles = open_reference(project)
    apply_theme(document, project.config.theme.primary_color)
    resolver = AssetResolver((project.assets_dir, BUILTIN_DIR), project.config.limits.asset_bytes)
    builder = _Builder(document, styles, resolver, project, page_numbers or {}, doc.lang)
    builder.build(html_text)
    if reference_path(project)[1].startswith("builtin:"):
        # A project's own reference.docx keeps its metrics; the built-in one takes the PDF's.
        apply_metrics(styles, style_metrics(builder.style_sources, builder.layout))
    apply_language(document, builder.language)
    problems += builder.problems + resolver.refusals
    if problems:
        where = Location(doc.source, 1, 1) if doc.source else None
        raise BriefgenError(
            Diagnostic("error", f"{doc.ref.target}: {p}", "docx", where)
            for p in dict.fromkeys(problems)
        )
    set_core_properties(document, doc)
    set_app_properties(document)
    out = io.BytesIO()
    document.save(out)
    return deterministic_zip(out.getvalue(), doc.created), []


class _Builder:
    """One document: walks its HTML body and appends paragraphs and tables to the Word body.

    Paragraphs and runs are made only by ``docx_fields.paragraph``/``text_run``
    (through :meth:`paragraph`), which set their direction and language: the
    document's (``<html lang dir>``), or a block's own ``dir`` and ``lang``.
    """

    def __init__(self, document: Document, styles: StyleMap, resolver: AssetResolver,
                 project: Project, page_numbers: dict[str, int], lang: str) -> None:  # fmt: skip
        self.document = document
        self.language: Language = language(lang)
        self.styles = styles
        self.page_numbers = page_numbers
        self.project = project
        self.body: Element = document.element.body
        for node in list(self.body):
            if node.tag != qn("w:sectPr"):
                self.body.remove(node)
        self.sect_pr = self.body.find(qn("w:sectPr"))
        if self.sect_pr is None:
            self.sect_pr = el("w:sectPr")
            self.body.append(self.sect_pr)
        section = document.sections[0]
        page = section.page_width or 11906 * 635  # EMU; A4 when the reference omits it
        margins = (section.left_margin or 0) + (section.right_margin or 0)
        self.text_width = max(int((page - margins) / 635), 1440)  # the text column, in twips
        self.container = self.body
        self.bookmarks = f.Bookmarks()
        self.numbering = Numbering(document, styles)
        base = ASSETS_URL
        self.base = base
        self.images = Images(document, resolver, base)
        self.resolver = resolver
        self.layout = Layout()
        self.mark: str | None = None
        """The element whose content is being written (its ``MARK``)."""
        self.word_page = 1
        self.style_sources: dict[str, str] = {}
        """Style name -> the first element written in it (whose CSS gives its metrics)."""
        """The page of the PDF layout the writer is on: a block that starts a later page of the
        PDF starts a page in Word too."""
        self.pending_ids: list[str] = []
        self.pending_float: Element | None = None
        """A floating picture (a speaker's photo), carried by the next paragraph."""
        self.break_before = False
        self.furniture: dict[str, str] = {}
        self.page_label = f.PAGE_LABEL
        self.has_cover = False
        self.in_cover = False
        self.problems: list[str] = []

    # -- output ------------------------------------------------------------------

    def _add(self, element: Element) -> None:
        if self.container is self.body:
            self.sect_pr.addprevious(element)
        else:
            self.container.append(element)

    def _last(self) -> Element | None:
        if self.container is self.body:
            return self.sect_pr.getprevious()
        return self.container[-1] if len(self.container) else None

    @contextmanager
    def _into(self, container: Element) -> Iterator[None]:
        previous, self.container = self.container, container
        try:
            yield
        finally:
            self.container = previous

    def starts_page(self) -> bool:
        """Whether the block being written must begin a new page: it begins one in the PDF
        (or, without a layout, the HTML asks for a break). Moves the writer to that page."""
        if self.container is not self.body:
            return False
        if self.layout.pages:
            page = self.layout.page_of(self.mark)
            self.break_before = False
            if page is not None and page > self.word_page:
                self.word_page = page
                return True
            return False
        if self.break_before:
            self.break_before = False
            self.word_page += 1
            return True
        return False

    def add_paragraph(self, p: Element) -> Element:
        """Add a finished paragraph: a page break (:meth:`starts_page`) and bookmarks go on it."""
        if self.starts_page():
            put(f.el_ppr(p), el("w:pageBreakBefore"))
        if self.pending_ids:
            self.bookmarks.wrap(p, self.pending_ids)
            self.pending_ids = []
        if self.in_cover:
            self.on_cover(p)
        if self.pending_float is not None:
            properties = p.find(qn("w:pPr"))
            p.insert(0 if properties is None else 1, self.pending_float)
            self.pending_float = None
        self._add(p)
        return p

    def on_cover(self, p: Element) -> None:
        """A cover paragraph: white on the theme colour, its rules white too."""
        whiten(p)
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style_id = style.get(qn("w:val")) if style is not None else None
        if style_id == self.styles.id("Cover Kind"):
            white_rule(p, "top", 2, 8)
        elif style_id == self.styles.id("Cover Publisher"):
            white_rule(p, "top", 0.75, 8)

    def bidi(self, rtl: bool) -> bool | None:
        """``w:bidi`` of a paragraph: set in right-to-left documents, and turned off there for
        a left-to-right block; never written in a left-to-right document."""
        return True if rtl else (False if self.language.rtl else None)

    def paragraph(self, style: str, segments: list[Segment], *, jc: str | None = None,
                  num: tuple[int, int] | None = None,
                  rtl: bool | None = None) -> Element:  # fmt: skip
        """A paragraph (``rtl``: its direction; the document's by default). ``jc`` is logical:
        "right" is the end of the line, the left margin in a right-to-left paragraph."""
        rtl = self.language.rtl if rtl is None else rtl
        p = f.paragraph(self.styles.id(style), self.bidi(rtl))
        if self.mark and has_content(segments):
            self.style_sources.setdefault(style, self.mark)
        if num is not None:
            Numbering.apply(p, *num)
        if jc:
            put(f.el_ppr(p), el("w:jc", val=jc))
        for run in self.runs(segments, rtl):
            p.append(run)
        return self.add_paragraph(p)

    def runs(self, segments: list[Segment], rtl: bool) -> list[Element]:
        return make_runs(
            segments,
            relate=lambda url: self.document.part.relate_to(url, HYPERLINK_REL, is_external=True),
            link_style_id=self.styles.id("Hyperlink", "character"),
            picture_run=self.images.run,
            language=self.language,
            rtl=rtl,
        )

    # -- walking -----------------------------------------------------------------

    def build(self, html_text: str) -> None:
        tree = lxml_html.document_fromstring(html_text)
        direction = str(tree.get("dir", "")).strip().lower()
        if direction not in ("ltr", "rtl"):
            from briefgen.i18n import direction as language_direction

            direction = language_direction(self.language.code)
        self.language = language(self.language.code, direction)
        if self.language.rtl:
            put(self.sect_pr, el("w:bidi"))
        body = tree.find("body")
        if body is None:
            return
        for node in body.iter():
            if isinstance(node.tag, str) and node.get("id"):
                self.bookmarks.declare(node.get("id"))
        mark_elements(body)
        self.layout = lay_out(tree, self.resolver)
        if self.layout.pages:  # the contents' page numbers: this layout's, which Word follows
            self.page_numbers = {
                str(node.get("id")): page for node in body.iter()
                if isinstance(node.tag, str) and node.get("id")
                and (page := self.layout.page_of(node.get(MARK))) is not None
            }  # fmt: skip
        self.page_setup()
        self.page_label = page_label(tree)
        self.flow(body, self.directed(body, _Ctx(rtl=self.language.rtl)))
        if self.body.find(qn("w:p")) is None:
            self.paragraph("Normal", [])
        self.headers_and_footers()

    def page_setup(self) -> None:
        """The PDF's page size and margins (of the pages after the cover)."""
        geometry = self.layout.geometry
        if geometry is None:
            return
        section = self.document.sections[0]
        section.page_width, section.page_height = (Twips(geometry.width),
                                                   Twips(geometry.height))  # fmt: skip
        # Word's text may run a line lower than the PDF's before its page is full: where its
        # lines wrap differently, the page still ends where the PDF's does (the next page
        # starts with a forced break). The footer moves down to leave the room.
        tolerance = min(PAGE_TOLERANCE, max(geometry.bottom - FOOTER_DISTANCE - 340, 0))
        section.top_margin = Twips(geometry.top)
        section.bottom_margin = Twips(geometry.bottom - tolerance)
        section.footer_distance = Twips(FOOTER_DISTANCE)
        section.left_margin, section.right_margin = Twips(geometry.left), Twips(geometry.right)
        self.text_width = max(geometry.width - geometry.left - geometry.right, 1440)

    def directed(self, node: Element, ctx: _Ctx) -> _Ctx:
        """``ctx`` with the direction and language a block element sets with ``dir``/``lang``."""
        direction = str(node.get("dir", "")).strip().lower()
        if direction == "auto":
            direction = first_strong_direction(node.text_content() or "") or ""
        if direction in ("ltr", "rtl") and (direction == "rtl") != ctx.rtl:
            ctx = replace(ctx, rtl=direction == "rtl")
        lang = str(node.get("lang", "")).strip()
        if lang and lang != ctx.lang:
            ctx = replace(ctx, lang=None if lang == self.language.code else lang)
        return ctx

    def flow(self, parent: Element, ctx: _Ctx) -> None:
        """Block children go to :meth:`block`; runs of inline content become paragraphs."""
        pending: list[Segment] = []

        def flush() -> None:
            if has_content(pending):
                self.paragraph(ctx.style, list(pending), jc=ctx.jc, rtl=ctx.rtl)
            pending.clear()

        if parent.text:
            pending.append(("text", parent.text, ctx.fmt))
        for node in parent:
            if isinstance(node.tag, str) and node.tag in BLOCKS | {"img"}:
                flush()
                self.block(node, ctx)
            elif isinstance(node.tag, str):
                pending.extend(self.inline(node, ctx.fmt, ctx))
            if node.tail:
                pending.append(("text", node.tail, ctx.fmt))
        flush()

    @contextmanager
    def _source(self, node: Element) -> Iterator[None]:
        """What is written inside belongs to ``node`` (for the page it starts on)."""
        previous, self.mark = self.mark, node.get(MARK) or self.mark
        try:
            yield
        finally:
            self.mark = previous

    def block(self, node: Element, ctx: _Ctx) -> None:
        with self._source(node):
            self._block(node, ctx)

    def _block(self, node: Element, ctx: _Ctx) -> None:
        tag, classes = node.tag, set(node.get("class", "").split())
        ctx = self.directed(node, ctx)
        if tag == "p" and classes & set(FURNITURE):
            self.furniture[next(iter(classes & set(FURNITURE)))] = text_of(node)
            return
        if node.get("id"):
            self.pending_ids.append(node.get("id"))
        if "page-break" in classes:
            self.break_before = True
        if tag == "section" and "cover" in classes:
            self.has_cover = self.in_cover = True
            try:
                self.flow(node, ctx)
            finally:
                self.in_cover = False
            self.break_before = True
        elif tag == "nav" and "toc" in classes:
            self.toc(node, ctx)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = int(tag[1])
            style = "Title" if level == 1 else f"Heading {min(level - 1, 4)}"
            self.paragraph(style, self.inline_content(node, ctx), rtl=ctx.rtl)
        elif tag == "p":
            named = [CLASS_STYLES[c] for c in sorted(classes) if c in CLASS_STYLES]
            self.paragraph(named[0] if named else ctx.style, self.inline_content(node, ctx),
                           jc=ctx.jc, rtl=ctx.rtl)  # fmt: skip
        elif tag in ("ul", "ol"):
            self.list(node, ctx, 0)
        elif tag == "table":
            self.table(node, ctx)
        elif tag == "div" and "band" in classes:
            self.band(node, ctx)
        elif tag == "img":
            self.picture_paragraph(node, ctx)
        elif tag == "figure":
            self.flow(node, replace(ctx, figure=frozenset(classes)))
        elif tag == "figcaption":
            self.flow(node, replace(ctx, style="Caption"))
        elif tag == "blockquote":
            self.flow(node, replace(ctx, style="Quote"))
        elif tag == "pre":
            self.paragraph(ctx.style, pre_segments(node), rtl=ctx.rtl)
        elif tag != "hr":
            named = [CONTAINER_STYLES[c] for c in sorted(classes) if c in CONTAINER_STYLES]
            self.flow(node, replace(ctx, style=named[0]) if named else ctx)

    def inline_content(self, node: Element, ctx: _Ctx) -> list[Segment]:
        segments: list[Segment] = [("text", node.text, ctx.fmt)] if node.text else []
        for child in node:
            if isinstance(child.tag, str):
                segments += self.inline(child, ctx.fmt, ctx)
            if child.tail:
                segments.append(("text", child.tail, ctx.fmt))
        return segments

    def inline(self, node: Element, fmt: Fmt, ctx: _Ctx) -> list[Segment]:
        tag = node.tag
        if node.get("id"):
            self.pending_ids.append(node.get("id"))
        if tag == "br":
            return [("br", None, fmt)]
        if tag == "img":
            picture = self.picture(node, ctx)
            return [("pic", picture, fmt)] if picture is not None else []
        if tag in ("strong", "b"):
            fmt = replace(fmt, bold=True)
        elif tag in ("em", "i", "cite"):
            fmt = replace(fmt, italic=True)
        elif tag == "a":
            fmt = replace(fmt, link=self._link(node.get("href", "")) or fmt.link)
        lang = str(node.get("lang", "")).strip()
        if lang:
            fmt = replace(fmt, lang=None if lang == self.language.code else lang)
        segments: list[Segment] = [("text", node.text, fmt)] if node.text else []
        for child in node:
            if isinstance(child.tag, str):
                segments += self.inline(child, fmt, ctx)
            if child.tail:
                segments.append(("text", child.tail, fmt))
        direction = str(node.get("dir", "auto" if tag == "bdi" else "")).strip().lower()
        if direction in _ISOLATE and segments:
            # As in the HTML, the element's text is isolated from the text around it.
            segments = [("text", _ISOLATE[direction], fmt), *segments, ("text", PDI, fmt)]
        return segments

    def _link(self, href: str) -> tuple[str, str] | None:
        href = href.strip()
        if href.startswith("#") and href[1:] in self.bookmarks.names:
            return ("anchor", self.bookmarks.names[href[1:]])
        if href.lower().startswith(LINK_SCHEMES):
            return ("url", href)
        return None

    # -- lists, tables, pictures, contents -----------------------------------------

    def list(self, node: Element, ctx: _Ctx, depth: int) -> None:
        ctx = self.directed(node, ctx)
        ordered = node.tag == "ol"
        start = node.get("start", "1")
        num_id = self.numbering.new_list(ordered=ordered, level=depth,
                                         start=int(start) if start.isdigit() else 1)  # fmt: skip
        style = "List Number" if ordered else "List Bullet"
        for item in node:
            if isinstance(item.tag, str) and item.tag == "li":
                self.list_item(item, ctx, num_id, depth, style)

    def list_item(self, item: Element, ctx: _Ctx, num_id: int, depth: int, style: str) -> None:
        with self._source(item):
            self._list_item(item, ctx, num_id, depth, style)

    def _list_item(self, item: Element, ctx: _Ctx, num_id: int, depth: int, style: str) -> None:
        if item.get("id"):
            self.pending_ids.append(item.get("id"))
        made = False
        ctx = self.directed(item, ctx)

        def emit(segments: list[Segment]) -> None:
            nonlocal made
            if made:
                self.paragraph("List Continue", segments, rtl=ctx.rtl)
            else:
                self.paragraph(style, segments, num=(num_id, depth), rtl=ctx.rtl)
                made = True

        item_ctx = replace(ctx, style="List Continue")
        pending: list[Segment] = [("text", item.text, ctx.fmt)] if item.text else []

        def flush(*, force: bool = False) -> None:
            nonlocal pending
            if has_content(pending) or (force and not made):
                emit(pending)
            pending = []

        for child in item:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag in ("ul", "ol"):
                flush(force=True)
                self.list(child, ctx, depth + 1)
            elif tag == "p":
                flush()
                pending = self.inline_content(child, ctx)
                with self._source(child):
                    flush(force=True)
            elif tag in BLOCKS or tag == "img":
                flush(force=True)
                self.block(child, item_ctx)
            elif tag is not None:
                pending += self.inline(child, ctx.fmt, ctx)
            if child.tail:
                pending.append(("text", child.tail, ctx.fmt))
        flush(force=True)

    def table(self, node: Element, ctx: _Ctx) -> None:
        """A table, cut where the PDF's pages cut it: the rows that begin a page of the PDF
        begin a page of Word, under the header rows repeated (as Word repeats them)."""
        rows = table_rows(node)
        if not rows:
            return
        columns = column_count(rows)
        widths = self.column_widths(node, rows, columns)
        header = [row for row in rows if row.header]
        pieces: list[list[Row]] = [[]]
        page = self.layout.page_of(node.get(MARK))
        for row in rows[len(header):]:
            row_page = self.layout.page_of(row.cells[0].element.getparent().get(MARK))
            if pieces[-1] and row_page is not None and page is not None and row_page > page:
                pieces.append([])
            page = row_page if row_page is not None else page
            pieces[-1].append(row)
        for number, piece in enumerate(pieces):
            if number:
                self.mark = piece[0].cells[0].element.getparent().get(MARK)
            self.table_piece(header if number == 0 else _unmarked(header), piece, widths, ctx)

    def table_piece(self, header: _Rows, body: _Rows, widths: _Widths,
                    ctx: _Ctx) -> None:  # fmt: skip
        last = self._last()
        if self.starts_page_pending() or (last is not None and last.tag == qn("w:tbl")):
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

        add_rows(tbl, [*header, *body], widths, fill,
                 lambda: f.paragraph(text_id, self.bidi(ctx.rtl)))  # fmt: skip

    def band(self, node: Element, ctx: _Ctx) -> None:
        """Blocks side by side (``div.band``): a borderless table of one row, a column each."""
        parts = [c for c in node if isinstance(c.tag, str) and c.tag in BLOCKS]
        if not parts:
            return
        last = self._last()
        if self.starts_page_pending() or (last is not None and last.tag == qn("w:tbl")):
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

    def starts_page_pending(self) -> bool:
        """Whether :meth:`starts_page` would break before the current block."""
        if self.layout.pages:
            page = self.layout.page_of(self.mark)
            return page is not None and page > self.word_page
        return self.break_before

    def spacer(self, ctx: _Ctx) -> None:
        """An empty paragraph (as thin as Word allows) between two tables, or before a table
        that begins a page (a table cannot carry a page break itself)."""
        p = self.paragraph("Normal", [], rtl=ctx.rtl)
        ppr = f.el_ppr(p)
        put(ppr, el("w:spacing", before=0, after=0, line=20, lineRule="exact"))
        rpr = put(ppr, el("w:rPr"))
        put(rpr, el("w:sz", val=2))
        put(rpr, el("w:szCs", val=2))

    def column_widths(self, node: Element, rows: _Rows, columns: int) -> _Widths:
        """The PDF's column widths, scaled to Word's text column; estimated without a layout."""
        laid_out = self.layout.column_widths.get(node.get(MARK, ""))
        if laid_out and len(laid_out) == columns and sum(laid_out) > 0:
            scale = self.text_width / sum(laid_out)
            widths = [max(int(w * scale), 1) for w in laid_out]
            # LibreOffice measures text a hair wider than WeasyPrint: a narrow column laid
            # out at its one word ("Value") would break it. It gets a little of the widest's.
            widest = widths.index(max(widths))
            for number, width in enumerate(widths):
                if number != widest and width * 6 < self.text_width:
                    widths[number] += COLUMN_SLACK
            widths[widest] += self.text_width - sum(widths)
            return widths
        return column_widths(rows, columns, self.text_width)

    def picture(self, node: Element, ctx: _Ctx) -> Picture | None:
        src = node.get("src", "")
        classes = set(node.get("class", "").split())
        frame = PORTRAIT_MM if "portrait" in ctx.figure else None
        box = (70.0, 22.0) if "logo" in classes else (None, None)
        try:
            return self.images.load(urljoin(self.base, src), node.get("alt", ""),
                                    frame_mm=frame, max_mm=box,
                                    text_width_emu=self.text_width * 635)  # fmt: skip
        except RefusedURL:
            return None  # the resolver recorded why
        except ImageError as exc:
            self.problems.append(str(exc))
            return None

    def picture_paragraph(self, node: Element, ctx: _Ctx) -> None:
        picture = self.picture(node, ctx)
        if picture is None:
            return
        if "portrait" in ctx.figure:
            # Floats at the end margin, as in the PDF; the next paragraph (the name) carries
            # it, so the text beside it starts at the top of the photo.
            self.pending_float = self.images.floating_run(picture, end_is_left=ctx.rtl)
            return
        self.paragraph("Figure", [("pic", picture, PLAIN)], rtl=ctx.rtl)

    def toc(self, nav: Element, ctx: _Ctx) -> None:
        style_ids = {1: self.styles.id("TOC 1"), 2: self.styles.id("TOC 2")}
        ctx = replace(self.directed(nav, ctx), style="Normal", jc=None, figure=frozenset())
        for child in nav:
            if not isinstance(child.tag, str):
                continue
            if child.tag in ("ul", "ol"):
                entries = toc_entries(child, self.bookmarks.names, self.page_numbers)
                for p in f.toc_paragraphs(entries, style_ids, self.text_width, self.language,
                                          bidi=self.bidi(ctx.rtl)):  # fmt: skip
                    self.add_paragraph(p)
            elif child.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                if child.get("id"):
                    self.pending_ids.append(child.get("id"))
                self.paragraph("TOC Heading", self.inline_content(child, ctx), rtl=ctx.rtl)
            else:
                self.block(child, ctx)

    def headers_and_footers(self) -> None:
        f.write_furniture(
            self.document.sections[0], header_id=self.styles.id("Header"),
            footer_id=self.styles.id("Footer"), title=self.furniture.get("running-title", ""),
            office=self.furniture.get("running-office", ""), label=self.page_label,
            width=self.text_width, cover=self.has_cover, language=self.language,
            bidi=self.bidi(self.language.rtl),
        )  # fmt: skip
        if self.has_cover:  # the theme colour behind the whole cover page, as in the PDF
            section = self.document.sections[0]
            color = hex_color(self.project.config.theme.primary_color) or "1F4E79"
            shape = background_run(color, int(section.page_width or 7560310),
                                   int(section.page_height or 10692130))  # fmt: skip
            section.first_page_header._element.find(qn("w:p")).append(shape)


def _unmarked(rows: list[Row]) -> list[Row]:
    """Header rows written again at the top of a table's next piece: their ids are not
    bookmarked twice."""
    return [Row(tuple(replace(c, element=_without_ids(c.element)) for c in row.cells), True)
            for row in rows]  # fmt: skip


def _without_ids(element: Element) -> Element:
    import copy

    clone = copy.deepcopy(element)
    for node in clone.iter():
        if isinstance(node.tag, str) and node.get("id"):
            del node.attrib["id"]
    return clone
