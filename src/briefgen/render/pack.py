"""The briefing pack of an event: its cover and contents, then its parts, as one HTML document.

The parts are the event report, the sheet of every participating country and
the summary of every speaker of the event, in that order (docs/templates.md,
"Briefing packs"). Each is rendered by the same renderer from the same
template as its single document; while they render, the renderer knows the
anchor of every part, so that a speaker's or a country's name links to its
part (``part_link``). Each part's body, already rendered and escaped by our
own templates, is then given to ``pack.html`` as markup: its ids prefixed with
the part's anchor (``countries-JPN--summary``) so that they stay unique, its
internal links rewritten to match. Nothing from the content is compiled.

What the pack's own cover and contents do is left out of the parts:

- the report's cover (``section.cover``) becomes a title block
  (``header.sheet-header``, as a sheet's): its ``h1``, with its id, and its
  parent and date/venue lines (``p.sheet-meta``); its kind line, logo and
  publisher go. Its contents (``nav.toc``, and the ``div.page-break`` that
  gives a long one a page of its own) go too: the pack's contents lists the
  report's sections;
- a sheet's or a summary's kind line (``p.sheet-kind``: "Country fact sheet ·
  office"): the pack's contents names the kind of each part, its running
  headers the part and the office, and the same line at the top of page after
  page would read as a running header that is not one (to a screen reader, and
  to the accessibility checkers).

A country's sheet or a speaker's summary, which follows the one before it on the
page and may go on over a page, names its subject in its main headings after the
first ("Events and delegations · Japan", "Statements · Ms. Mairo Abbas").

A part's running header lines (``p.running-title``, ``p.running-office``) are
given apart from its body (``PackPart.running``): ``pack.html`` prints them
for a part that begins its pages (the report), and one pair for a group of parts
that follow one another on the page (the country sheets under "Country fact
sheets", the speakers' summaries under "Speaker summaries"), so that every
page's header is true.

One document gives both writers what they need: running page numbers and
running headers, an outline that nests each part's headings under its title,
and contents page numbers (``target-counter`` in the PDF; the PDF's layout in
Word).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup, escape

from briefgen.content.documents import DocumentRef
from briefgen.content.graph import ContentGraph
from briefgen.render.rendered import RenderedDocument


class PartRenderer(Protocol):
    """What the pack needs of the renderer (render/document.py), which calls it."""

    graph: ContentGraph
    pack_anchors: dict[tuple[str, str], str]

    def render(
        self, ref: DocumentRef, lang: str, parts: list[PackPart] | None = None
    ) -> RenderedDocument: ...

    def countries_by_name(self, codes: Iterable[str], lang: str) -> list[str]: ...


SEPARATOR = "--"
"""Between a part's anchor and an id of its own: ``speakers-mari-miyoshi--bio``."""


@dataclass(frozen=True)
class PackSection:
    """A main section of a part (an ``h2`` that opens a ``section`` with an id)."""

    anchor: str
    title: str


@dataclass(frozen=True)
class PackPart:
    """One part of a pack, as ``pack.html`` receives it in ``parts``."""

    kind: str
    """``events``, ``countries`` or ``speakers``."""
    id: str
    anchor: str
    """The id of the part's ``section.pack-part``: ``countries-JPN``."""
    title: str
    """The single document's title: the event's, the country's or the speaker's name."""
    sections: tuple[PackSection, ...]
    body: Markup
    """The single document's body, ids prefixed, without its running header lines: our own
    templates' escaped output."""
    running: Markup
    """The part's running header lines (``p.running-title``, ``p.running-office``), as its
    own template wrote them."""


def pack_parts(renderer: PartRenderer, event_id: str, lang: str) -> list[DocumentRef]:
    """The documented order: the event report, then the sheet of every participating
    country (venue, partners, speakers' countries) in the alphabetical order of their names
    in ``lang``, as the report lists them, then the summary of every speaker in the order
    of the report's list of speakers (alphabetical by sort name)."""
    graph = renderer.graph
    event = graph.events[event_id]
    parts = [DocumentRef("events", event_id)]
    codes = renderer.countries_by_name(graph.event_countries(event), lang)
    parts += [DocumentRef("countries", code) for code in codes]
    parts += [DocumentRef("speakers", speaker.id) for speaker in graph.event_speakers(event)]
    return parts


def anchor_of(ref: DocumentRef) -> str:
    return f"{ref.kind}-{ref.id}"


def render_pack(renderer: PartRenderer, event_id: str, lang: str) -> RenderedDocument:
    """Render the pack of ``event_id``: its parts, then ``pack.html`` around them.

    Everything the parts read is read through the renderer's graph and settings (the
    build engine's recording views): the pack's record holds what its parts read.
    """
    refs = pack_parts(renderer, event_id, lang)
    renderer.pack_anchors = {(ref.kind, ref.id): anchor_of(ref) for ref in refs}
    try:
        rendered = [renderer.render(ref, lang) for ref in refs]
    finally:
        renderer.pack_anchors = {}
    parts = [_part(doc) for doc in rendered]
    pack = renderer.render(DocumentRef("packs", event_id), lang, parts=parts)
    templates = dict(pack.templates)
    charts = dict(pack.charts)
    for doc in rendered:
        templates.update(doc.templates)
        charts.update(doc.charts)
    created = max(doc.created for doc in [pack, *rendered])
    return replace(pack, templates=templates, charts=charts, created=created)


def _part(doc: RenderedDocument) -> PackPart:
    anchor = anchor_of(doc.ref)
    tree = lxml_html.document_fromstring(doc.html)
    body = tree.find("body")
    assert body is not None  # lxml always makes one
    _leave_out_front_matter(body)
    if doc.ref.kind in ("countries", "speakers"):
        _name_the_subject(body)
    running = [
        line
        for line in body
        if _element(line) and line.tag == "p" and set(_classes(line)) & set(RUNNING)
    ]
    for line in running:
        line.drop_tree()
    own = {str(node.get("id")) for node in body.iter() if _element(node) and node.get("id")}
    for node in body.iter():
        if not _element(node):
            continue
        if node.get("id"):
            node.set("id", f"{anchor}{SEPARATOR}{node.get('id')}")
        href = node.get("href", "")
        if href.startswith("#") and href[1:] in own:
            node.set("href", f"#{anchor}{SEPARATOR}{href[1:]}")
    sections = [
        PackSection(str(section.get("id")), " ".join(str(heading.text_content()).split()))
        for section, heading in _main_headings(body)
    ]
    text = str(escape(body.text or "")) + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in body
    )
    lines = "\n".join(
        etree.tostring(line, encoding="unicode", method="html", with_tail=False) for line in running
    )
    return PackPart(
        doc.ref.kind,
        doc.ref.id,
        anchor,
        doc.title,
        tuple(sections),
        Markup(text),
        Markup(lines),
    )


def _leave_out_front_matter(body: etree._Element) -> None:
    """What the pack's own cover and contents do, left out of a part's ``body``: a sheet's
    kind line, the report's cover (its title block stays: :func:`_title_block`), its
    contents and the page break that gives a long one a page of its own."""
    for line in body.xpath(f".//p[{_HAS_CLASS.format('sheet-kind')}]"):
        line.drop_tree()
    for cover in body.xpath(f".//section[{_HAS_CLASS.format('cover')}]"):
        _title_block(cover)
    for contents in body.xpath(f".//nav[{_HAS_CLASS.format('toc')}]"):
        following = contents.getnext()
        if following is not None and "page-break" in _classes(following):
            following.drop_tree()
        contents.drop_tree()


def _name_the_subject(body: etree._Element) -> None:
    """Each main heading of a country's sheet or a speaker's summary but the first (which
    follows the name) names its subject too: "Events and delegations · Japan", "Statements
    · Ms. Mairo Abbas". The sheets, and the summaries, follow one another, and one that
    goes on over a page begins the page with such a heading; the page then says whose it
    is (and the same "Statements" at the top of page after page would read as a running
    header that is not one)."""
    name = body.find(".//h1")
    if name is None:
        return
    text = " ".join(str(name.text_content()).split())
    for _, heading in _main_headings(body)[1:]:
        isolate = etree.SubElement(heading, "bdi")
        isolate.text = text
        last = isolate.getprevious()
        if last is None:
            heading.text = f"{heading.text or ''}{NAME_SEPARATOR}"
        else:
            last.tail = f"{last.tail or ''}{NAME_SEPARATOR}"


def _main_headings(body: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    """A part's main sections, each with its heading: a ``section`` with an id whose first
    child is an ``h2``."""
    found = []
    for section in body.iter("section"):
        heading = _first_child(section)
        if section.get("id") and heading is not None and heading.tag == "h2":
            found.append((section, heading))
    return found


def _title_block(cover: etree._Element) -> None:
    """The report's cover, made its part's title block: ``header.sheet-header`` with the
    cover's ``h1`` and its parent and date/venue lines as ``p.sheet-meta``."""
    header = etree.Element("header", {"class": "sheet-header"})
    header.text = "\n"
    for node in list(cover):
        if not _element(node):
            continue
        classes = _classes(node)
        if node.tag == "h1" or (node.tag == "p" and {"cover-parent", "cover-meta"} & set(classes)):
            if node.tag == "p":
                node.set("class", "sheet-meta")
            node.tail = "\n"
            header.append(node)
    header.tail = cover.tail
    parent = cover.getparent()
    assert parent is not None  # found under the body
    parent.replace(cover, header)


NAME_SEPARATOR = " · "
"""Between a summary's heading and the speaker's name, as the meta lines separate."""
RUNNING = ("running-title", "running-office")
"""The classes of a document's running header lines (base.html)."""
_HAS_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"


def _classes(node: etree._Element) -> list[str]:
    return str(node.get("class", "")).split()


def _element(node: object) -> bool:
    return isinstance(getattr(node, "tag", None), str)


def _first_child(node: etree._Element) -> etree._Element | None:
    return next((child for child in node if _element(child)), None)
