"""The walk over the HTML body: block elements become paragraphs, inline ones runs."""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import replace

from briefgen.render.i18n import text_direction
from briefgen.writers.docx.bidi import FSI, LRI, PDI, RLI
from briefgen.writers.docx.body import BLOCKS, Ctx
from briefgen.writers.docx.fields import el_ppr
from briefgen.writers.docx.inline import Fmt, Segment, has_content, pre_segments, text_of
from briefgen.writers.docx.pack import PART_CLASS
from briefgen.writers.docx.structures import StructureWriter
from briefgen.writers.docx.styles import (
    BLOCK_TEXT,
    CLASS_STYLES,
    CONTAINER_STYLES,
    clear_other_side,
    ensure_block_text,
    mirror_borders,
)
from briefgen.writers.docx.wml import Element, put, qn
from briefgen.writers.layout import MARK

FURNITURE = ("running-title", "running-office")
LINK_SCHEMES = ("http://", "https://", "mailto:")
_GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
)
"""CSS's generic families, which name no font Word could use."""
_ISOLATE = {"ltr": LRI, "rtl": RLI, "auto": FSI}
"""What an inline element with ``dir`` (or ``<bdi>``) is in Unicode: an isolate."""


class HtmlWalker(StructureWriter):
    """Maps each element of the HTML set (docs/templates.md) to Word: headings, paragraphs
    in their styles, lists with Word numbering, quotes, figures; inline formatting, links
    and isolates."""

    def directed(self, node: Element, ctx: Ctx) -> Ctx:
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

    def flow(self, parent: Element, ctx: Ctx) -> None:
        """Block children go to :meth:`block`; runs of inline content become paragraphs."""
        self.flow_nodes(parent.text, list(parent), ctx)

    def flow_nodes(self, text: str | None, nodes: list[Element], ctx: Ctx) -> None:
        """:meth:`flow` over some of an element's children, ``text`` before them."""
        pending: list[Segment] = []

        def flush() -> None:
            if has_content(pending):
                self.paragraph(ctx.style, list(pending), jc=ctx.jc, rtl=ctx.rtl)
            pending.clear()

        if text:
            pending.append(("text", text, ctx.fmt))
        for node in nodes:
            if isinstance(node.tag, str) and node.tag in BLOCKS | {"img"}:
                flush()
                self.block(node, ctx)
            elif isinstance(node.tag, str):
                pending.extend(self.inline(node, ctx.fmt, ctx))
            if node.tail:
                pending.append(("text", node.tail, ctx.fmt))
        flush()

    def block(self, node: Element, ctx: Ctx) -> None:
        with self._source(node):
            self._block(node, ctx)
        if node.get(MARK) in self.paging.layout.placed and self._framed(self._last()):
            # LibreOffice anchors a frame to the paragraph after it: an empty one keeps it
            # on its own page (the next block may begin the next page).
            self.spacer(ctx)

    def _framed(self, last: Element | None) -> bool:
        return last is not None and last.find(f"{qn('w:pPr')}/{qn('w:framePr')}") is not None

    def _block(self, node: Element, ctx: Ctx) -> None:
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
        elif tag == "header" and "sheet-header" in classes:
            self.sheet_header(node, ctx)
        elif tag == "blockquote":
            # A statement's quote (class "quote") is a pull-quote in the Quote style; a
            # quotation written in a Markdown field is set in the text's own type (Block Text),
            # as style.css sets each; both with a bar at their start.
            style = "Quote" if "quote" in classes else BLOCK_TEXT
            if style == BLOCK_TEXT:
                ensure_block_text(self.styles)
            if self._ends_a_quote(style):
                self.spacer(ctx)
            before = self._last()
            self.flow(node, replace(ctx, style=style))
            self._bar_to_the_end(before, ctx.rtl, style)
        elif tag == "pre":
            self.paragraph(ctx.style, pre_segments(node), rtl=ctx.rtl)
        elif tag != "hr":
            named = [CONTAINER_STYLES[c] for c in sorted(classes) if c in CONTAINER_STYLES]
            if not named:
                self.flow(node, ctx)
                return
            before = self._last()
            self.flow(node, replace(ctx, style=named[0]))
            self._indent_at_start(before, ctx.rtl, named[0])

    def _ends_a_quote(self, style: str = "Quote") -> bool:
        """Whether the last paragraph written is a quote's in ``style`` (which has a bar at
        its side, or given that bar: an attribution). Word and LibreOffice draw the borders
        of paragraphs that follow one another with the same borders as one box: two quotes
        one after the other would read as one."""
        last = self._last()
        if last is None or last.tag != qn("w:p"):
            return False
        if self.style_name(last) == style:
            return True
        own = last.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
        bars = [self._quote_bar(rtl, style) for rtl in (False, True)]  # either side (its dir)
        return own is not None and any(
            bar is not None and _sides(own) == _sides(bar) for bar in bars
        )

    def _quote_bar(self, rtl: bool | None = None, style: str = "Quote") -> Element | None:
        """The bar of a quote's ``style`` (its ``w:pBdr``) as a quote of direction ``rtl``
        (the document's by default) draws it, or None when the style has none.

        The stylesheet draws the bar at the blockquote's start (``border-inline-start``): on
        the right of a right-to-left blockquote. Word's borders stay where they are named in a
        right-to-left paragraph (``w:bidi`` turns indents, alignment and tabs round, not
        borders): ``apply_language`` moved the style's bar to the right in a right-to-left
        document, and a blockquote of the other direction has it moved back, the style's side
        cleared (a paragraph's own borders replace its style's side by side: Word and
        LibreOffice drew both bars)."""
        bar = self.styles.element(style).find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
        if bar is None:
            return None
        bar = deepcopy(bar)
        rtl = self.language.rtl if rtl is None else rtl
        if rtl:
            mirror_borders(bar)
        if rtl != self.language.rtl:
            clear_other_side(bar)
        return bar

    def _bar_to_the_end(self, before: Element | None, rtl: bool, style: str = "Quote") -> None:
        """A quote's bar runs down to its last line, as the blockquote's border does in the
        PDF: the paragraphs of the quote in another style than its own ``style`` (its
        attribution) get that style's bar and indents, which Word and LibreOffice then draw as
        one bar with the quote's (paragraphs with the same borders and indents share them).

        ``rtl``: the blockquote's direction, which puts the bar and the indent on the right.
        A paragraph of the other direction (an English quote in an Arabic sheet) has its
        indent on its other side (``w:ind`` is logical in a right-to-left paragraph): its
        text and bar stand where the other paragraphs' do, as in the PDF. A blockquote of
        the other direction than the document's (``dir`` on the blockquote) has its bar at
        its own start, as the PDF draws it: every paragraph of it gets that bar, the Quote
        style's standing on the document's side."""
        bar = self._quote_bar(rtl, style)
        if bar is None:
            return
        own_side = rtl != self.language.rtl
        indent = self.styles.element(style).find(f"{qn('w:pPr')}/{qn('w:ind')}")
        numbered = f"{qn('w:pPr')}/{qn('w:numPr')}"
        for node in self._paragraphs_since(before):
            if node.find(numbered) is None:
                quote = self.style_name(node) == style
                if not quote or own_side:
                    put(el_ppr(node), deepcopy(bar))
                if indent is not None and self._is_rtl(node) != rtl:
                    put(el_ppr(node), _mirrored(indent))
                elif indent is not None and not quote:
                    put(el_ppr(node), deepcopy(indent))

    def _indent_at_start(self, before: Element | None, rtl: bool, style: str) -> None:
        """The paragraphs in ``style`` written since ``before`` stand indented at the start
        of their container (of direction ``rtl``), as the stylesheet's
        ``padding-inline-start`` sets them in the PDF: a paragraph of the other direction (an
        English statement in an Arabic sheet's ``div.reported``) has the style's indent
        turned round, ``w:ind`` being logical (its ``w:left`` is the start of the paragraph,
        the right in a right-to-left one)."""
        indent = self.styles.element(style).find(f"{qn('w:pPr')}/{qn('w:ind')}")
        if indent is None:
            return
        for node in self._paragraphs_since(before):
            if (
                self.style_name(node) == style
                and node.find(f"{qn('w:pPr')}/{qn('w:ind')}") is None
                and self._is_rtl(node) != rtl
            ):
                put(el_ppr(node), _mirrored(indent))

    def _paragraphs_since(self, before: Element | None) -> Iterator[Element]:
        """The paragraphs (``w:p``) of the container written after ``before`` (all of them
        when None), up to the section properties."""
        node = before.getnext() if before is not None else next(iter(self.container), None)
        while node is not None and node is not self.sect_pr:
            if node.tag == qn("w:p"):
                yield node
            node = node.getnext()

    def inline_content(self, node: Element, ctx: Ctx) -> list[Segment]:
        segments: list[Segment] = [("text", node.text, ctx.fmt)] if node.text else []
        for child in node:
            if isinstance(child.tag, str):
                segments += self.inline(child, ctx.fmt, ctx)
            if child.tail:
                segments.append(("text", child.tail, ctx.fmt))
        return segments

    def inline(self, node: Element, fmt: Fmt, ctx: Ctx) -> list[Segment]:
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
        # An element the PDF lays out as a block in its line (a topic tag, ``inline-block``)
        # is one neutral character to the text around it (CSS Writing Modes, 2.4): in a
        # right-to-left paragraph, English tags follow one another from the right. In Word,
        # an isolate (``bidi.pieces`` turns it into marks) places it so.
        atomic = "auto" if str(node.get(MARK, "")) in self.paging.layout.atomic else ""
        direction = str(node.get("dir", "auto" if tag == "bdi" else atomic)).strip().lower()
        if direction in _ISOLATE and segments:
            # As in the HTML, the element's text is isolated from the text around it.
            segments = [("text", _ISOLATE[direction], fmt), *segments, ("text", PDI, fmt)]
        return segments

    def _own_look(self, node: Element, fmt: Fmt) -> Fmt:
        """An inline element the stylesheet sizes or colours apart from its parent (a
        headline figure, a topic tag, a lighter line in a bold block) keeps that size,
        colour and weight in Word, as the PDF's layout computed them. A link keeps the
        Hyperlink style's colour, unless the stylesheet paints it in another than a link's
        (the theme's colour): a source's web address (``a.url``) in the notes' grey."""
        metrics = self.paging.layout.metrics
        parent = node.getparent()
        mine = metrics.get(str(node.get(MARK, "")))
        theirs = metrics.get(str(parent.get(MARK, ""))) if parent is not None else None
        if mine is None or theirs is None:
            return fmt
        size = round(mine.font_size / 10)
        if size != round(theirs.font_size / 10):
            fmt = replace(fmt, half_points=size, line=round(mine.line))
        if node.tag == "a":
            if mine.color not in (self.rule_color, self._link_color()):
                fmt = replace(fmt, color=mine.color)
        elif mine.color != theirs.color:
            fmt = replace(fmt, color=mine.color)
        if theirs.italic and not mine.italic:
            fmt = replace(fmt, italic=False, upright=True)
        if theirs.bold and not mine.bold:
            fmt = replace(fmt, bold=False, light=True)
        if mine.family != theirs.family and mine.family not in _GENERIC_FAMILIES:
            fmt = replace(fmt, font=mine.family)
        if mine.background and mine.background != theirs.background:
            fmt = replace(fmt, shade=mine.background)
        if mine.caps and not theirs.caps:
            fmt = replace(fmt, caps=True)
        return fmt

    def _link_color(self) -> str | None:
        """The colour (RRGGBB) the Hyperlink character style gives a link's text, if any."""
        if not self.styles.has("Hyperlink", "character"):
            return None
        color = self.styles.element("Hyperlink", "character").find(f"{qn('w:rPr')}/{qn('w:color')}")
        return None if color is None else str(color.get(qn("w:val"), "")).upper()

    def _link(self, href: str) -> tuple[str, str] | None:
        href = href.strip()
        if href.startswith("#") and href[1:] in self.bookmarks.names:
            return ("anchor", self.bookmarks.names[href[1:]])
        if href.lower().startswith(LINK_SCHEMES):
            return ("url", href)
        return None

    def list(self, node: Element, ctx: Ctx, depth: int) -> None:
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

    def list_item(self, item: Element, ctx: Ctx, num_id: int, depth: int, style: str) -> None:
        with self._source(item):
            self._list_item(item, ctx, num_id, depth, style)

    def _list_item(self, item: Element, ctx: Ctx, num_id: int, depth: int, style: str) -> None:
        if item.get("id"):
            self.pending_ids.append(item.get("id"))
        made = False
        list_rtl = ctx.rtl
        ctx = self.directed(item, ctx)

        def emit(segments: list[Segment]) -> None:
            nonlocal made
            if made:
                p = self.paragraph("List Continue", segments, rtl=ctx.rtl)
                indent = self.styles.element("List Continue").find(f"{qn('w:pPr')}/{qn('w:ind')}")
            else:
                p = self.paragraph(
                    style, segments, num=(num_id, depth) if num_id else None, rtl=ctx.rtl
                )
                indent = self.numbering.indent(num_id, depth) if num_id else None
                made = True
            if indent is not None and ctx.rtl != list_rtl:
                # The list's indent is at its own start (``padding-inline-start``), the
                # marker at the item's (an English item of an Arabic list: indented on
                # the right, its bullet on the left): the indent turned round.
                put(el_ppr(p), _mirrored(indent))

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


def _sides(borders: Element) -> list[tuple[str, dict[str, str]]]:
    """A ``w:pBdr``'s borders, each as its tag and attributes."""
    return [(str(side.tag), dict(side.attrib)) for side in borders]


def _mirrored(indent: Element) -> Element:
    """A ``w:ind`` with its left and right (start and end) indents changed round."""
    out = deepcopy(indent)
    for one, other in (("left", "right"), ("start", "end")):
        first, second = indent.get(qn(f"w:{one}")), indent.get(qn(f"w:{other}"))
        if first is None and second is None:
            continue
        out.set(qn(f"w:{one}"), second or "0")
        out.set(qn(f"w:{other}"), first or "0")
    return out
