"""The DOCX writer: walks the same semantic HTML as the PDF writer and emits a real Word document.

Each element of the HTML set (docs/templates.md) maps to a named style of the
reference document (``styles``): headings, lists with Word numbering,
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

from docx.section import Section
from lxml import html as lxml_html

from briefgen.diagnostics import BriefgenError, Diagnostic, Location
from briefgen.render.charts import Chart, ChartError
from briefgen.render.fetch import ASSETS_URL, AssetResolver, RefusedURL
from briefgen.render.i18n import text_direction
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers.docx import fields as f
from briefgen.writers.docx.bidi import (
    FSI,
    LRI,
    PDI,
    RLI,
    Language,
    language,
)
from briefgen.writers.docx.cover import background_run, dress
from briefgen.writers.docx.images import ImageError, Images, Picture
from briefgen.writers.docx.inline import (
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
from briefgen.writers.docx.layout import StyleMetrics, style_metrics
from briefgen.writers.docx.numbering import Numbering
from briefgen.writers.docx.pack import PART_CLASS, WordSection, close_section, smallest_metrics
from briefgen.writers.docx.package import (
    deterministic_zip,
    set_app_properties,
    set_core_properties,
)
from briefgen.writers.docx.paging import Pagination, cut_keep_chain, row_mark
from briefgen.writers.docx.styles import (
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
from briefgen.writers.docx.tables import (
    BAND_GAP,
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
from briefgen.writers.docx.wml import Element, el, put, qn
from briefgen.writers.layout import MARK
from briefgen.writers.sanitize import strip_attachments

if TYPE_CHECKING:
    from docx.document import Document

    from briefgen.content.project import Project
    from briefgen.render.rendered import RenderedDocument

BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "blockquote",
    "figure",
    "figcaption",
    "section",
    "header",
    "footer",
    "nav",
    "div",
    "article",
    "main",
    "aside",
    "pre",
    "hr",
    "dl",
    "dt",
    "dd",
    "address",
}
FURNITURE = ("running-title", "running-office")
PORTRAIT_MM = (32.0, 40.0)
"""A speaker's photo frame, as style.css draws it (``.portrait img``): filled, the rest cut."""
CHART_MM = 62.0
"""The width of a fact series' chart, as style.css draws it (``img.chart``)."""
LINK_SCHEMES = ("http://", "https://", "mailto:")
_Rows = list[Row]
_Widths = list[int]
"""(Aliases: the builder's ``list`` method hides the built-in in its annotations.)"""
_GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
)
"""CSS's generic families, which name no font Word could use."""
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
    apply_theme(document, project.config.theme.primary_color, project.config.theme.font_family)
    resolver = AssetResolver((project.assets_dir, BUILTIN_DIR), project.config.limits.asset_bytes)
    builder = _Builder(document, styles, resolver, project, page_numbers or {}, doc.lang)
    builder.charts = doc.charts
    builder.build(html_text)
    if reference_path(project)[1].startswith("builtin:"):
        # A project's own reference.docx keeps its metrics; the built-in one takes the PDF's.
        apply_metrics(styles, builder.metrics())
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

    Paragraphs and runs are made only by ``fields.paragraph``/``text_run``
    (through :meth:`paragraph`), which set their direction and language: the
    document's (``<html lang dir>``), or a block's own ``dir`` and ``lang``.
    """

    def __init__(
        self,
        document: Document,
        styles: StyleMap,
        resolver: AssetResolver,
        project: Project,
        page_numbers: dict[str, int],
        lang: str,
    ) -> None:
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
        self.paging = Pagination()
        self.mark: str | None = None
        """The element whose content is being written (its ``MARK``): the page it begins on."""
        self.style_sources: dict[str, str] = {}
        """Style name -> the first element written in it (whose CSS gives its metrics)."""
        self.pending_ids: list[str] = []
        self.pending_float: Element | None = None
        """A floating picture (a speaker's photo), carried by the next paragraph."""
        self.furniture: dict[str, str] = {}
        self.page_label = f.PAGE_LABEL
        self.has_cover = False
        self.in_cover = False
        self.problems: list[str] = []
        self.charts: dict[str, Chart] = {}
        """The document's charts by ``src``: Word takes their PNG at print resolution."""
        self.ended: list[WordSection] = []
        """The Word sections before the one being written (a briefing pack's parts)."""

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

    def add_paragraph(self, p: Element) -> Element:
        """Add a finished paragraph: a page break (where the PDF's page begins) and bookmarks
        go on it."""
        if self.container is self.body and self.paging.begin(self.mark):
            put(f.el_ppr(p), el("w:pageBreakBefore"))
            cut_keep_chain(self._last(), self._keeps_with_next)
        if self.pending_ids:
            self.bookmarks.wrap(p, self.pending_ids)
            self.pending_ids = []
        if self.in_cover:
            dress(p, self.styles)  # white on the theme colour
        if self.pending_float is not None:
            properties = p.find(qn("w:pPr"))
            p.insert(0 if properties is None else 1, self.pending_float)
            self.pending_float = None
        self._add(p)
        return p

    def _keeps_with_next(self, p: Element) -> bool:
        """Whether a paragraph keeps with the next: its own ``w:keepNext``, or its style's."""
        own = p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
        if own is not None:
            return own.get(qn("w:val"), "1") not in ("0", "false", "off")
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = self.styles.name_of(style.get(qn("w:val"), "")) if style is not None else None
        if name is None or not self.styles.has(name):
            return False
        return self.styles.element(name).find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None

    def bidi(self, rtl: bool) -> bool | None:
        """``w:bidi`` of a paragraph: set in right-to-left documents, and turned off there for
        a left-to-right block; never written in a left-to-right document."""
        return True if rtl else (False if self.language.rtl else None)

    def paragraph(
        self,
        style: str,
        segments: list[Segment],
        *,
        jc: str | None = None,
        num: tuple[int, int] | None = None,
        rtl: bool | None = None,
    ) -> Element:
        """A paragraph (``rtl``: its direction; the document's by default). ``jc`` is logical:
        "right" is the end of the line, the left margin in a right-to-left paragraph."""
        rtl = self.language.rtl if rtl is None else rtl
        p = f.paragraph(self.styles.id(style), self.bidi(rtl))
        if self.mark and has_content(segments):
            self.style_sources.setdefault(style, self.mark)
        if num is not None:
            Numbering.apply(p, *num)
        tallest = max((fmt.line or 0 for kind, _, fmt in segments if kind == "text"), default=0)
        own = self.paging.layout.metrics.get(self.mark or "")
        if own is not None and tallest > own.line:  # a run sized apart needs taller lines
            put(f.el_ppr(p), el("w:spacing", line=str(tallest), lineRule="exact"))
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
        self.language = language(self.language.code, direction)
        if self.language.rtl:
            put(self.sect_pr, el("w:bidi"))
        body = tree.find("body")
        if body is None:
            return
        for node in body.iter():
            if isinstance(node.tag, str) and node.get("id"):
                self.bookmarks.declare(node.get("id"))
        # The contents' page numbers: this layout's, which Word's pages follow.
        self.page_numbers = self.paging.lay_out(tree, body, self.resolver) or self.page_numbers
        self.text_width = self.paging.set_up(self.document.sections[0]) or self.text_width
        self.page_label = page_label(tree)
        self.flow(body, self.directed(body, _Ctx(rtl=self.language.rtl)))
        if self.body.find(qn("w:p")) is None:
            self.paragraph("Normal", [])
        self.headers_and_footers()

    def directed(self, node: Element, ctx: _Ctx) -> _Ctx:
        """``ctx`` with the direction and language a block element sets with ``dir``/``lang``."""
        direction = str(node.get("dir", "")).strip().lower()
        if direction == "auto":
            direction = text_direction(node.text_content() or "") or ""
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
        if tag == "section" and PART_CLASS in classes:
            self.pack_part(node, ctx)
            return
        if tag == "p" and classes & set(FURNITURE):
            self.furniture[next(iter(classes & set(FURNITURE)))] = text_of(node)
            return
        if node.get("id"):
            self.pending_ids.append(node.get("id"))
        if "page-break" in classes:
            self.paging.break_requested = True
        if tag == "section" and "cover" in classes:
            self.has_cover = self.in_cover = True
            try:
                self.flow(node, ctx)
            finally:
                self.in_cover = False
            self.paging.break_requested = True
        elif tag == "nav" and "toc" in classes:
            self.toc(node, ctx)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = int(tag[1])
            style = "Title" if level == 1 else f"Heading {min(level - 1, 4)}"
            self.paragraph(style, self.inline_content(node, ctx), rtl=ctx.rtl)
        elif tag == "p":
            named = [CLASS_STYLES[c] for c in sorted(classes) if c in CLASS_STYLES]
            self.paragraph(
                named[0] if named else ctx.style,
                self.inline_content(node, ctx),
                jc=ctx.jc,
                rtl=ctx.rtl,
            )
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

    def pack_part(self, node: Element, ctx: _Ctx) -> None:
        """A part of a briefing pack: a Word section of its own, with its own running header
        (``pack``), beginning on the page where the PDF's part begins."""
        if self._last() is not None:
            current = WordSection(self.sect_pr, self.furniture, self.has_cover, self.style_sources)
            self.ended.append(close_section(current, self._last(), lambda: self._spacer(ctx)))
            self.furniture, self.has_cover, self.style_sources = {}, False, {}
        page = self.paging.layout.page_of(node.get(MARK))
        if page is not None:
            self.paging.page = page  # the section break begins the page: no break before it
        self.paging.break_requested = False
        if node.get("id"):
            self.pending_ids.append(node.get("id"))
        self.flow(node, ctx)

    def _spacer(self, ctx: _Ctx) -> Element:
        """A spacer that ends a section: on the page it follows, whatever block is current."""
        previous, self.mark = self.mark, None
        try:
            self.spacer(ctx)
        finally:
            self.mark = previous
        last = self._last()
        assert last is not None
        return last

    def metrics(self) -> dict[str, StyleMetrics]:
        """The styles' metrics, from the PDF's layout (each part's, in a pack)."""
        if not self.ended:
            return style_metrics(self.style_sources, self.paging.layout)
        current = WordSection(self.sect_pr, style_sources=self.style_sources)
        return smallest_metrics([*self.ended, current], self.paging.layout)

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
        fmt = self._own_look(node, fmt)
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

    def _own_look(self, node: Element, fmt: Fmt) -> Fmt:
        """An inline element the stylesheet sizes or colours apart from its parent (a
        headline figure, a topic tag) keeps that size and colour in Word, as the PDF's
        layout computed them; links keep the Hyperlink style's colour."""
        metrics = self.paging.layout.metrics
        parent = node.getparent()
        mine = metrics.get(str(node.get(MARK, "")))
        theirs = metrics.get(str(parent.get(MARK, ""))) if parent is not None else None
        if mine is None or theirs is None:
            return fmt
        size = round(mine.font_size / 10)
        if size != round(theirs.font_size / 10):
            fmt = replace(fmt, half_points=size, line=round(mine.line))
        if mine.color != theirs.color and node.tag != "a":
            fmt = replace(fmt, color=mine.color)
        if theirs.italic and not mine.italic:
            fmt = replace(fmt, italic=False, upright=True)
        if mine.family != theirs.family and mine.family not in _GENERIC_FAMILIES:
            fmt = replace(fmt, font=mine.family)
        if mine.background and mine.background != theirs.background:
            fmt = replace(fmt, shade=mine.background)
        return fmt

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
        num_id = self.numbering.new_list(
            ordered=ordered, level=depth, start=int(start) if start.isdigit() else 1
        )
        style = "List Number" if ordered else "List Bullet"
        items = [item for item in node if isinstance(item.tag, str) and item.tag == "li"]
        if items and all(item.get(MARK) in self.paging.layout.unmarked for item in items):
            # The stylesheet draws these items without a marker (a delegation's names):
            # plain paragraphs, as in the PDF.
            num_id, style = 0, "Normal"
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
                self.paragraph(
                    style, segments, num=(num_id, depth) if num_id else None, rtl=ctx.rtl
                )
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
        widths = self.paging.column_widths(node, rows, self.text_width) or column_widths(
            rows, columns, self.text_width
        )
        header = [row for row in rows if row.header]
        for number, piece in enumerate(self.paging.pieces(node, rows)):
            if number:
                self.mark = row_mark(piece[0])
            self.table_piece(header if number == 0 else repeated(header), piece, widths, ctx)

    def table_piece(self, header: _Rows, body: _Rows, widths: _Widths, ctx: _Ctx) -> None:
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

    def band(self, node: Element, ctx: _Ctx) -> None:
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

    def spacer(self, ctx: _Ctx) -> None:
        """An empty paragraph (as thin as Word allows) between two tables, or before a table
        that begins a page (a table cannot carry a page break itself)."""
        p = self.paragraph("Normal", [], rtl=ctx.rtl)
        ppr = f.el_ppr(p)
        put(ppr, el("w:spacing", before=0, after=0, line=20, lineRule="exact"))
        rpr = put(ppr, el("w:rPr"))
        put(rpr, el("w:sz", val=2))
        put(rpr, el("w:szCs", val=2))

    def picture(self, node: Element, ctx: _Ctx) -> Picture | None:
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

    def picture_paragraph(self, node: Element, ctx: _Ctx) -> None:
        picture = self.picture(node, ctx)
        if picture is None:
            return
        if "portrait" in ctx.figure or "chart" in ctx.figure:
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

    def headers_and_footers(self) -> None:
        """Each section's running header and footer (one section, but for a pack's parts)."""
        sections = [*self.ended, WordSection(self.sect_pr, self.furniture, self.has_cover)]
        for written in sections:
            section = Section(written.sect_pr, self.document.part)
            f.write_furniture(
                section,
                header_id=self.styles.id("Header"),
                footer_id=self.styles.id("Footer"),
                title=written.furniture.get("running-title", ""),
                office=written.furniture.get("running-office", ""),
                label=self.page_label,
                width=self.text_width,
                cover=written.cover,
                language=self.language,
                bidi=self.bidi(self.language.rtl),
            )
            if written.cover:  # the theme colour behind the whole cover page, as in the PDF
                color = hex_color(self.project.config.theme.primary_color) or "1F4E79"
                shape = background_run(
                    color, int(section.page_width or 7560310), int(section.page_height or 10692130)
                )
                section.first_page_header._element.find(qn("w:p")).append(shape)
            elif len(sections) > 1:  # a pack's part: its first page has the part's header
                section.different_first_page_header_footer = False
