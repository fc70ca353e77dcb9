"""The Word body being written: its paragraphs, runs and containers, and the state of the walk.

:class:`BodyWriter` holds what one document's writing needs (styles, numbering,
bookmarks, pictures, the PDF's layout) and makes every paragraph and run, with its
direction and language. The walk over the HTML (:mod:`.walk`), the tables, pictures
and contents (:mod:`.structures`) and the document's assembly (:mod:`.writer`) build on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from briefgen.render.charts import Chart
from briefgen.render.fetch import ASSETS_URL, AssetResolver
from briefgen.writers.docx import fields as f
from briefgen.writers.docx.bidi import Language, language
from briefgen.writers.docx.cover import Band, dress
from briefgen.writers.docx.images import Images
from briefgen.writers.docx.inline import HYPERLINK_REL, PLAIN, Fmt, Segment, has_content, make_runs
from briefgen.writers.docx.layout import Metrics, Placement
from briefgen.writers.docx.numbering import Numbering
from briefgen.writers.docx.pack import RunOn, WordSection, set_apart
from briefgen.writers.docx.paging import Pagination, cut_keep_chain
from briefgen.writers.docx.styles import StyleMap, is_on, theme_color
from briefgen.writers.docx.wml import Element, borders, child, el, put, qn
from briefgen.writers.layout import MARK

if TYPE_CHECKING:
    from docx.document import Document

    from briefgen.content.project import Project

NARROWED_SLACK = 60.0
"""Twips (about 1 mm) that a paragraph narrowed to its text's width in the PDF keeps beyond
it, so that Word's measure of the same text, which may differ by a hair, stays on one line."""

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


@dataclass(frozen=True)
class Ctx:
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


class BodyWriter:
    """One document: the Word body and what writing into it needs.

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
        self.contents_marks: dict[str, list[str]] = {}
        """Bookmark name -> the TC field instructions of the contents entries its paragraph
        carries."""
        self.pending_float: Element | None = None
        """A floating picture (a chart), carried by the next paragraph."""
        self.header_rule: Element | None = None
        """The rule a sheet's header draws above it (``w:top``), for its first paragraph."""
        self.furniture: dict[str, str] = {}
        self.page_label = f.PAGE_LABEL
        self.has_cover = False
        self.in_cover = False
        self.cover_started = False
        """Whether the cover's first paragraph in the text's flow has been written."""
        self.cover_bands: list[Band] = []
        """Blocks of the cover with a background of their own, drawn behind its text."""
        self.problems: list[str] = []
        self.charts: dict[str, Chart] = {}
        """The document's charts by ``src``: Word takes their PNG at print resolution."""
        self.ended: list[WordSection] = []
        """The Word sections before the one being written (a briefing pack's parts)."""
        self.run_on: RunOn | None = None
        """A pack's part that follows another on its page has begun: its first paragraph is
        set apart (``pack.set_apart``)."""
        self.rule_color = theme_color(project.config.theme.primary_color)
        self.table_end: tuple[Element, str | None] | None = None
        """The table just written and its ``MARK``: the paragraph after it is set below it
        as the PDF sets it (:meth:`_below_table`)."""

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
        breaks = self.container is self.body and self.paging.begin(self.mark)
        if breaks:
            put(f.el_ppr(p), el("w:pageBreakBefore"))
            cut_keep_chain(self._last(), self._keeps_with_next)
        if self.header_rule is not None and self.container is self.body:
            if self.style_name(p) != "Sheet Kind":  # the reference's style draws it
                put(f.el_ppr(p), borders("w:pBdr", self.header_rule))
            self.header_rule = None
        if self.table_end is not None:
            table, table_mark = self.table_end
            self.table_end = None
            if not breaks and self._last() is table:
                self._below_table(p, table_mark)
        if self.run_on is not None and self.container is self.body:
            if not breaks:  # at the top of a page, nothing is there to be set apart from
                set_apart(p, self.run_on, self.rule_color)
            self.run_on = None
        if self.pending_ids:
            self.bookmarks.wrap(p, self.pending_ids)
            for html_id in self.pending_ids:
                marks = self.contents_marks.pop(self.bookmarks.declare(html_id), None)
                if marks:
                    f.mark_entries(p, marks)
            self.pending_ids = []
        if self.in_cover:
            dress(p, self.styles)  # white on the theme colour
            if self.mark not in self.paging.layout.placed:
                if not self.cover_started:
                    self.cover_started = True
                    self._cover_top(p)
                self._cover_sides(p)
        placement = self.paging.layout.placed.get(self.mark or "")
        if (
            placement is not None
            and self.container is self.body
            and p.find(f".//{qn('w:drawing')}") is None  # text: a picture keeps its place
        ):
            own = self.paging.layout.metrics.get(self.mark or "")
            if self.in_cover and own is not None and own.background:
                placement = self._cover_band(p, placement, own)
            frame(p, placement)  # where the stylesheet puts it on its page (a cover's foot)
        if self.pending_float is not None:
            properties = p.find(qn("w:pPr"))
            p.insert(0 if properties is None else 1, self.pending_float)
            self.pending_float = None
        self._add(p)
        return p

    def _cover_top(self, p: Element) -> None:
        """The cover's first paragraph begins as far down the page as the PDF's first line
        (the top of its border box, where the rule above a kind line is drawn): its space
        above is that depth less the section's top margin, which is the body pages' and so
        differs from document to document (a pack's pages have narrower margins than a
        report's), where the cover style's own space above is one figure."""
        top = self.paging.layout.tops.get(self.mark or "")
        margin = self._section_twips("w:pgMar", "top")
        if top is None or margin is None:
            return
        before = round(top - margin)
        if before > 0:
            child(f.el_ppr(p), "w:spacing").set(qn("w:before"), str(before))

    def _cover_sides(self, p: Element) -> None:
        """A cover paragraph stands between the sides of its text in the PDF: the cover's
        page has no margin and its own padding (22 mm in style.css), where the Word section
        has the body pages' margins (20 mm). Its indents (``w:ind``, logical: ``w:left`` is
        the start, the right in a right-to-left paragraph) make up the difference; a line
        as narrow as its text (:attr:`Layout.narrowed`) keeps a little room for Word's
        measure of it."""
        sides = self.paging.layout.sides.get(self.mark or "")
        width = self._section_twips("w:pgSz", "w")
        margin_left = self._section_twips("w:pgMar", "left")
        margin_right = self._section_twips("w:pgMar", "right")
        if sides is None or width is None or margin_left is None or margin_right is None:
            return
        left = sides[0] - margin_left
        right = width - sides[1] - margin_right
        start, end = (right, left) if self._is_rtl(p) else (left, right)
        if (self.mark or "") in self.paging.layout.narrowed:
            end -= NARROWED_SLACK
        start, end = round(max(start, 0.0)), round(max(end, 0.0))
        if start or end:
            put(f.el_ppr(p), el("w:ind", left=str(start), right=str(end)))

    def _section_twips(self, tag: str, attribute: str) -> int | None:
        """A measure of the section (``w:pgMar``'s ``top``, ``w:pgSz``'s ``w``), in twips."""
        found = self.sect_pr.find(qn(tag))
        value = found.get(qn(f"w:{attribute}")) if found is not None else None
        return int(value) if value is not None else None

    def _cover_band(self, p: Element, placement: Placement, own: Metrics) -> Placement:
        """A cover block that paints its own background and top rule (a house style's
        publisher band): both drawn behind the text as the PDF draws them (the header
        draws them, with the cover's colour), the paragraph's own rule taken off, and its
        text framed where the PDF's begins, below the rule and the padding."""
        rule = (own.rule.width, own.rule.color) if own.rule is not None else None
        self.cover_bands.append(Band(*placement.box, own.background or "", rule))
        put(f.el_ppr(p), el("w:pBdr", el("w:top", val="nil")))
        if own.rule is None:
            return placement
        return replace(placement, y=placement.y + own.rule.width + own.rule.padding)

    def _below_table(self, p: Element, table_mark: str | None) -> None:
        """The space above a paragraph that follows a table: the PDF's, where the table's
        bottom margin and the paragraph's top margin collapse into the larger. A style's
        space before is its top margin less a body paragraph's space after, which Word adds
        to it (``layout.style_metrics``); a table adds nothing, and a heading after one had
        almost no space above it. With a project's own reference, never less than the
        style's own space before."""
        metrics = self.paging.layout.metrics
        own = metrics.get(self.mark or "")
        if own is None:
            return
        table = metrics.get(table_mark or "")
        before = max(own.margin_top, table.margin_bottom if table is not None else 0.0)
        name = self.style_name(p)
        if not self.styles.builtin and name is not None and self.styles.has(name):
            spacing = self.styles.element(name).find(f"{qn('w:pPr')}/{qn('w:spacing')}")
            declared = spacing.get(qn("w:before")) if spacing is not None else None
            if declared is not None and declared.isdigit():
                before = max(before, float(declared))
        child(f.el_ppr(p), "w:spacing").set(qn("w:before"), str(round(before)))

    def _style_caps(self, name: str) -> bool:
        """Whether a paragraph style sets its text in capitals (``w:caps``)."""
        if not self.styles.has(name):
            return False
        caps = self.styles.element(name).find(f"{qn('w:rPr')}/{qn('w:caps')}")
        return caps is not None and is_on(caps)

    def style_name(self, p: Element) -> str | None:
        """The name of a paragraph's style, or None."""
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return None if style is None else self.styles.name_of(style.get(qn("w:val"), ""))

    def _keeps_with_next(self, p: Element) -> bool:
        """Whether a paragraph keeps with the next: its own ``w:keepNext``, or its style's."""
        own = p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
        if own is not None:
            return is_on(own)
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = self.styles.name_of(style.get(qn("w:val"), "")) if style is not None else None
        if name is None or not self.styles.has(name):
            return False
        return self.styles.element(name).find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None

    def _is_rtl(self, p: Element) -> bool:
        """Whether a paragraph is right to left: its ``w:bidi``, else the document's."""
        bidi = p.find(f"{qn('w:pPr')}/{qn('w:bidi')}")
        return self.language.rtl if bidi is None else is_on(bidi)

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
        if own is not None and own.caps and not self._style_caps(style):
            # The stylesheet sets the block in capitals and its style does not: its runs.
            segments = [(kind, value, replace(fmt, caps=True)) for kind, value, fmt in segments]
        if own is not None and tallest > own.line:  # a run sized apart needs taller lines
            put(f.el_ppr(p), el("w:spacing", line=str(tallest), lineRule="exact"))
        if any(kind == "pic" for kind, _, _ in segments):
            # An inline picture is as tall as it is: an exact line height (the styles'
            # rhythm) would show a strip of it, in Word as in LibreOffice (a cover's logo).
            spacing = child(f.el_ppr(p), "w:spacing")
            spacing.set(qn("w:line"), "240")
            spacing.set(qn("w:lineRule"), "auto")
        narrowed = self.paging.layout.narrowed.get(self.mark or "")
        if own is not None and narrowed and (own.rule is not None or own.background):
            # A block laid out as an inline-block (the cover's kind line) is as wide as its
            # text in the PDF, and so is the rule above it; a Word paragraph spans its column.
            # Its end indent (logical, as ``w:ind`` is in a right-to-left paragraph) narrows
            # it to the PDF's width, and a little room for Word's own measure of the text.
            room = self.text_width - narrowed - NARROWED_SLACK
            if room > 0:
                put(f.el_ppr(p), el("w:ind", right=str(round(room))))
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

    def spacer(self, ctx: Ctx) -> None:
        """An empty paragraph (as thin as Word allows) between two tables, between two quotes
        (whose bars would join), or before a table that begins a page (a table cannot carry
        a page break itself)."""
        p = self.paragraph("Normal", [], rtl=ctx.rtl)
        ppr = f.el_ppr(p)
        put(ppr, el("w:spacing", before=0, after=0, line=20, lineRule="exact"))
        rpr = put(ppr, el("w:rPr"))
        put(rpr, el("w:sz", val=2))
        put(rpr, el("w:szCs", val=2))

    @contextmanager
    def _source(self, node: Element) -> Iterator[None]:
        """What is written inside belongs to ``node`` (for the page it starts on)."""
        previous, self.mark = self.mark, node.get(MARK) or self.mark
        try:
            yield
        finally:
            self.mark = previous

    # -- what the subclasses provide (walk.HtmlWalker, writer._Builder) ----------

    def directed(self, node: Element, ctx: Ctx) -> Ctx:
        """``ctx`` with the direction and language a block element sets."""
        raise NotImplementedError

    def flow(self, parent: Element, ctx: Ctx) -> None:
        """Write the children of ``parent``: blocks, and paragraphs of inline content."""
        raise NotImplementedError

    def flow_nodes(self, text: str | None, nodes: list[Element], ctx: Ctx) -> None:
        """:meth:`flow` over some of an element's children, ``text`` before them."""
        raise NotImplementedError

    def block(self, node: Element, ctx: Ctx) -> None:
        raise NotImplementedError

    def inline_content(self, node: Element, ctx: Ctx) -> list[Segment]:
        raise NotImplementedError

    def pack_part(self, node: Element, ctx: Ctx) -> None:
        raise NotImplementedError


def frame(p: Element, placement: Placement) -> None:
    """A paragraph in a frame at ``placement`` on its page (``w:framePr``, measured from
    the page's edges as the PDF's absolute position is), its space before dropped: the
    frame's top is the top of its border box. Word and LibreOffice both keep such a frame
    where it is put, whatever the length of the text before it; consecutive paragraphs
    with the same frame share it.

    A frame as far from either side of the page is centred on it (``w:xAlign``) rather
    than placed from its left edge: LibreOffice measures a frame's ``w:x`` from the right
    in a right-to-left document, and the centre is the same seen from either side."""
    ppr = f.el_ppr(p)
    across: dict[str, str | int] = (
        {"xAlign": "center"} if placement.centered else {"x": round(placement.x)}
    )
    put(
        ppr,
        el(
            "w:framePr",
            w=round(placement.width),
            **across,
            y=round(placement.y),
            wrap="around",
            hAnchor="page",
            vAnchor="page",
        ),
    )
    child(ppr, "w:spacing").set(qn("w:before"), "0")
