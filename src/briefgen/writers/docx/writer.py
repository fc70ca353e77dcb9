"""The DOCX writer: walks the same semantic HTML as the PDF writer and emits a real Word document.

This module assembles the document (the reference's styles, the sections of a pack's
parts, running headers and footers, the package); the walk over the HTML is in
:mod:`.walk`, tables, pictures and contents in :mod:`.structures`, paragraphs and runs
in :mod:`.body`. Each element of the HTML set (docs/templates.md) maps to a named style of the
reference document (``styles``): headings, lists with Word numbering,
tables with a table style and repeated header rows, quotes, a TOC field whose
cached result is already filled in (page numbers from the PDF layout when the
PDF was built first), and headers and footers with PAGE and NUMPAGES fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.section import Section
from lxml import html as lxml_html

from briefgen.diagnostics import BriefgenError, Diagnostic, Location
from briefgen.render.fetch import AssetResolver
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers.docx import fields as f
from briefgen.writers.docx.bidi import language
from briefgen.writers.docx.body import Ctx
from briefgen.writers.docx.cover import SHAPE_ID, background_run
from briefgen.writers.docx.inline import page_label
from briefgen.writers.docx.layout import StyleMetrics, style_metrics
from briefgen.writers.docx.pack import (
    WordSection,
    close_section,
    opens_section,
    runs_on,
    smallest_metrics,
)
from briefgen.writers.docx.package import package_bytes, set_app_properties, set_core_properties
from briefgen.writers.docx.styles import (
    apply_language,
    apply_metrics,
    apply_theme,
    open_reference,
    theme_color,
)
from briefgen.writers.docx.walk import HtmlWalker
from briefgen.writers.docx.wml import Element, el, put, qn
from briefgen.writers.layout import MARK
from briefgen.writers.sanitize import strip_attachments

if TYPE_CHECKING:
    from briefgen.content.project import Project
    from briefgen.render.rendered import RenderedDocument


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
    if styles.builtin:
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
    return package_bytes(document, doc.created), []


class _Builder(HtmlWalker):
    """One document: its HTML walked into the Word body, its sections (a pack's parts) and
    their running headers and footers."""

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
        self.flow(body, self.directed(body, Ctx(rtl=self.language.rtl)))
        if self.body.find(qn("w:p")) is None:
            self.paragraph("Normal", [])
        self.headers_and_footers()

    def pack_part(self, node: Element, ctx: Ctx) -> None:
        """A part of a briefing pack: a Word section of its own, with its own running header
        (``pack``), beginning on the page where the PDF's part begins; or, for a part
        without running header lines of its own (a speaker's summary after the first), the
        rest of the section before it, set apart as in the PDF (``runs_on``)."""
        if not opens_section(node):
            self.run_on = runs_on(node, self.paging.layout)
            if node.get("id"):
                self.pending_ids.append(node.get("id"))
            self.flow(node, ctx)
            return
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

    def _spacer(self, ctx: Ctx) -> Element:
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
                color = theme_color(self.project.config.theme.primary_color)
                shape = background_run(
                    color, int(section.page_width or 7560310), int(section.page_height or 10692130)
                )
                header = section.first_page_header._element.find(qn("w:p"))
                header.append(shape)
                for number, band in enumerate(self.cover_bands):
                    for run in band.runs(SHAPE_ID + 1 + 2 * number):
                        header.append(run)
            elif len(sections) > 1:  # a pack's part: its first page has the part's header
                section.different_first_page_header_footer = False
