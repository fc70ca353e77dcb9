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

A sheet's or a summary's kind line (``p.sheet-kind``: "Country fact sheet ·
office") is left out of its part: the pack's contents names the kind of each
part, its running headers the part and the office, and the same line at the
top of page after page would read as a running header that is not one (to a
screen reader, and to the accessibility checkers).

One document gives both writers what they need: running page numbers and
running headers (each part carries its own running title), an outline that
nests each part's headings under its title, and contents page numbers
(``target-counter`` in the PDF; the PDF's layout in Word).
"""

from __future__ import annotations

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
    """The single document's body, ids prefixed: our own templates' escaped output."""


def pack_parts(graph: ContentGraph, event_id: str) -> list[DocumentRef]:
    """The documented order: the event report, then the sheet of every participating
    country (venue, partners, speakers' countries) in the order of their ISO codes, as the
    report lists them, then the summary of every speaker in the order of the report's list
    of speakers (alphabetical by sort name)."""
    event = graph.events[event_id]
    parts = [DocumentRef("events", event_id)]
    parts += [DocumentRef("countries", code) for code in graph.event_countries(event)]
    parts += [DocumentRef("speakers", speaker.id) for speaker in graph.event_speakers(event)]
    return parts


def anchor_of(ref: DocumentRef) -> str:
    return f"{ref.kind}-{ref.id}"


def render_pack(renderer: PartRenderer, event_id: str, lang: str) -> RenderedDocument:
    """Render the pack of ``event_id``: its parts, then ``pack.html`` around them.

    Everything the parts read is read through the renderer's graph and settings (the
    build engine's recording views): the pack's record holds what its parts read.
    """
    refs = pack_parts(renderer.graph, event_id)
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
    for line in body.xpath(".//p[contains(concat(' ', @class, ' '), ' sheet-kind ')]"):
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
    sections = []
    for section in body.iter("section"):
        heading = _first_child(section)
        if section.get("id") and heading is not None and heading.tag == "h2":
            title = " ".join(str(heading.text_content()).split())
            sections.append(PackSection(str(section.get("id")), title))
    text = str(escape(body.text or "")) + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in body
    )
    return PackPart(doc.ref.kind, doc.ref.id, anchor, doc.title, tuple(sections), Markup(text))


def _element(node: object) -> bool:
    return isinstance(getattr(node, "tag", None), str)


def _first_child(node: etree._Element) -> etree._Element | None:
    return next((child for child in node if _element(child)), None)
