"""DRAFT (not wired into the engine): a briefing pack as one HTML document.

The parts are rendered by the same Renderer from the same templates (event.html,
country.html, speaker.html); their bodies are stitched into one document after a
pack cover and a contents, each part's ids prefixed with its target so that they
stay unique, and its internal links rewritten to match. One WeasyPrint layout
then gives running page numbers, and the outline nests each part's headings
under its title (the part's h1).
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree
from lxml import html as lxml_html

from briefgen.documents import DocumentRef
from briefgen.render import RenderedDocument, Renderer


def pack_parts(renderer: Renderer, event_id: str) -> list[DocumentRef]:
    """The event report, then the sheet of every participating country, then the
    summary of every speaker of the event (documented order: countries by code,
    speakers in the order the event lists them)."""
    graph = renderer.graph
    event = graph.events[event_id]
    parts = [DocumentRef("events", event_id)]
    parts += [DocumentRef("countries", c) for c in sorted(graph.event_countries(event))]
    parts += [DocumentRef("speakers", s.id) for s in graph.event_speakers(event)]
    return parts


def _prefix(body: etree._Element, prefix: str) -> None:
    for node in body.iter():
        if not isinstance(node.tag, str):
            continue
        if node.get("id"):
            node.set("id", f"{prefix}--{node.get('id')}")
        href = node.get("href", "")
        if href.startswith("#"):
            node.set("href", f"#{prefix}--{href[1:]}")


def render_pack(renderer: Renderer, event_id: str, lang: str) -> RenderedDocument:
    parts = [renderer.render(ref, lang) for ref in pack_parts(renderer, event_id)]
    report = parts[0]
    shell = lxml_html.document_fromstring(report.html)
    body = shell.find("body")
    assert body is not None
    for child in list(body):
        body.remove(child)
    body.set("class", "pack")
    contents = etree.SubElement(body, "nav", {"class": "toc"})
    etree.SubElement(contents, "h2").text = renderer.gettext("Contents")
    listing = etree.SubElement(contents, "ol")
    for part in parts:
        prefix = part.ref.target.replace("/", "-")
        tree = lxml_html.document_fromstring(part.html)
        part_body = tree.find("body")
        assert part_body is not None
        _prefix(part_body, prefix)
        wrapper = etree.SubElement(body, "section", {"class": f"page-break {part.ref.kind}"})
        wrapper.set("id", prefix)
        for child in list(part_body):
            wrapper.append(child)
        entry = etree.SubElement(listing, "li")
        etree.SubElement(entry, "a", {"href": f"#{prefix}"}).text = part.title
    html = etree.tostring(shell, encoding="unicode", method="html", doctype="<!DOCTYPE html>")
    templates: dict[str, tuple[str, str]] = {}
    charts = {}
    for part in parts:
        templates.update(part.templates)
        charts.update(part.charts)
    return replace(
        report, ref=DocumentRef("packs", event_id), html=html, templates=templates,
        charts=charts, subject=renderer.gettext("Briefing pack"),
    )  # fmt: skip
