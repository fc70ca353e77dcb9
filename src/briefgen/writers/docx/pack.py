"""A briefing pack in Word: a section per part, each with its own running header.

The pack's HTML (``briefgen.render.pack``) holds its cover and contents, then one
``section.pack-part`` per part. The DOCX writer ends the Word section it is
writing where a part with running header lines of its own begins
(:func:`opens_section`, :func:`close_section`): the section's properties go
on its last paragraph, and the part starts a new one on a new page, as in the
PDF. Each section gets the running title of its part, the pages numbered
through the whole document (PAGE and NUMPAGES run on). A part without running
header lines (a speaker's summary after the first) follows the one before it on
the page, as in the PDF, in the same section, under the same header; its first
paragraph is set apart from what comes before it (:func:`set_apart`) as the
stylesheet sets it apart, unless it begins a page.

Word styles belong to the whole document, while the parts' stylesheets set
their own sizes (a sheet's text is smaller than a report's). Each style gets
the smallest metrics any part lays it out with (:func:`smallest_metrics`):
a page of Word then never holds less than the same page of the PDF, and the
pages Word begins where the PDF's do keep the contents' page numbers right.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field

from briefgen.writers.docx.fields import el_ppr
from briefgen.writers.docx.layout import Layout, StyleMetrics, style_metrics
from briefgen.writers.docx.wml import Element, border, borders, child, put, qn, twips
from briefgen.writers.layout import MARK

PART_CLASS = "pack-part"
RULE_PT = 6.0
"""The rule above a summary that follows another: its header's top border (style.css,
``.sheet-header``), in points."""
RULE_SPACE_PT = 11
"""Between that rule and the summary's name: the header's padding (4 mm), in points."""


@dataclass(frozen=True)
class RunOn:
    """How a part that follows the one before it on the page is set apart from it."""

    space_before: int
    """Twips above its rule: the part's top margin in the PDF's layout."""


def opens_section(part: Element) -> bool:
    """Whether a pack's part opens a Word section: it has running header lines of its own."""
    return any(
        isinstance(child.tag, str) and "running-title" in str(child.get("class", "")).split()
        for child in part
    )


def runs_on(part: Element, layout: Layout) -> RunOn:
    """How ``part``, which follows the part before it, is set apart: the PDF's margin."""
    metrics = layout.metrics.get(str(part.get(MARK, "")))
    return RunOn(round(metrics.margin_top) if metrics is not None else twips(10))


def set_apart(paragraph: Element, run_on: RunOn, color: str) -> None:
    """The first paragraph of a part that follows another on its page: the space above it
    and the rule of its header, in the theme's ``color``, as in the PDF."""
    ppr = el_ppr(paragraph)
    put(ppr, borders("w:pBdr", border("top", RULE_PT, color, RULE_SPACE_PT)))
    child(ppr, "w:spacing").set(qn("w:before"), str(run_on.space_before))


@dataclass
class WordSection:
    """One Word section being written: its properties and what its header shows."""

    sect_pr: Element
    furniture: dict[str, str] = field(default_factory=dict)
    """``running-title`` and ``running-office`` of its part."""
    cover: bool = False
    """Its first page is a cover: no running header or page number on it."""
    style_sources: dict[str, str] = field(default_factory=dict)
    """Style name -> the first element written in it in this section."""


def close_section(
    section: WordSection, last: Element | None, spacer: Callable[[], Element]
) -> WordSection:
    """End ``section`` (whose properties are the body's) at the last paragraph written, or at
    a ``spacer`` paragraph when the last block is a table, the last paragraph holds a
    field (the contents: LibreOffice loses the page numbers of a section that ends inside
    a field's result) or is a list item (LibreOffice then numbers every paragraph of the
    sections that follow, as items of that list); the section that follows takes
    the body's properties from now on. Returns the ended section, with properties of its
    own: a copy of the body's, without headers and footers (it gets its own)."""
    own = deepcopy(section.sect_pr)
    for name in ("w:headerReference", "w:footerReference", "w:titlePg"):
        for node in own.findall(qn(name)):
            own.remove(node)
    field = f".//{qn('w:fldChar')}"
    item = f"{qn('w:pPr')}/{qn('w:numPr')}"
    plain = (
        last is not None
        and last.tag == qn("w:p")
        and last.find(field) is None
        and last.find(item) is None
    )
    paragraph = last if plain else spacer()
    put(el_ppr(paragraph), own)
    return WordSection(own, section.furniture, section.cover, section.style_sources)


def smallest_metrics(sections: list[WordSection], layout: Layout) -> dict[str, StyleMetrics]:
    """Each style's metrics: the smallest of those of the parts that use it."""
    found: dict[str, StyleMetrics] = {}
    for section in sections:
        for name, metrics in style_metrics(section.style_sources, layout).items():
            was = found.get(name)
            if was is None or (metrics.half_points, metrics.line) < (was.half_points, was.line):
                found[name] = metrics
    return found
