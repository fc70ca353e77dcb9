"""The PDF writer: WeasyPrint with a safe fetcher, reproducible metadata and checked fonts."""

from __future__ import annotations

import hashlib
import io
import logging
from pathlib import Path

import pikepdf

from briefgen.diagnostics import BriefgenError, Diagnostic, Location
from briefgen.render.fetch import AssetResolver, RefusedURL, image_problem
from briefgen.render.fonts import missing_fonts
from briefgen.render.rendered import RenderedDocument
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers.layout import (
    SafeFetcher,
    captured_logs,
    lay_out_html,
    marked_html,
    share_layout,
)
from briefgen.writers.pdf_archival import (
    clear_interpolation,
    end_streams_cleanly,
    finish_metadata,
    is_archival,
)
from briefgen.writers.pdf_images import archival_image_problems
from briefgen.writers.pdf_markers import markers_painted_in_flow
from briefgen.writers.pdf_order import paint_in_tree_order
from briefgen.writers.pdf_structure import repair_structure
from briefgen.writers.sanitize import strip_attachments


def _where(doc: RenderedDocument) -> Location | None:
    return Location(doc.source, 1, 1) if doc.source else None


def write_pdf(
    doc: RenderedDocument,
    assets_dir: Path,
    *,
    variant: str = "pdf/ua-1",
    max_asset_bytes: int = 20_000_000,
    page_numbers: dict[str, int] | None = None,
) -> tuple[bytes, list[Diagnostic]]:
    """The PDF's bytes and any warnings; raises BriefgenError when the document must fail.

    When ``page_numbers`` is given, it is filled with the 1-based page of every
    element id of the laid-out document (the DOCX writer's table of contents
    uses them).
    """
    problems: list[str] = []
    html_text, attachments = strip_attachments(doc.html)
    if attachments:
        problems.append("attachments (rel=attachment) are not allowed in documents")
    problems += missing_fonts(_text_of(html_text))
    if is_archival(variant):
        archival = archival_image_problems(html_text, assets_dir, doc.source, doc.ref.target)
        if archival:
            raise BriefgenError(archival)
    resolver = AssetResolver((assets_dir, BUILTIN_DIR), max_asset_bytes)
    fetcher = SafeFetcher(resolver)
    identifier = hashlib.sha256(doc.html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    # Marked as the DOCX writer marks it (data- attributes, which nothing prints), so that
    # Word's pagination can read this layout rather than make its own.
    layout_text = marked_html(html_text)
    document = None
    with captured_logs() as logs:
        try:
            document = lay_out_html(layout_text, fetcher)
            if page_numbers is not None:
                for number, page in enumerate(document.pages, start=1):
                    for anchor in page.anchors:
                        page_numbers.setdefault(anchor, number)
            with markers_painted_in_flow(document):  # reading order = painting order
                pdf = document.write_pdf(
                    pdf_variant=None if variant == "none" else variant,
                    # No /ID from pydyf: to write its second half it serializes (and
                    # compresses) every object a second time, and qpdf replaces that half
                    # anyway; _finish puts the identifier in the trailer instead.
                    pdf_identifier=False,
                    pdf_tags=variant != "none",  # tagged (accessible) unless asked for a bare PDF
                    attachments=[],
                )
        except RefusedURL:
            pdf = b""
        except (OSError, ValueError, SyntaxError, RuntimeError) as exc:
            # A broken asset (truncated PNG, malformed SVG...) fails this document only.
            pdf = b""
            problems.append(f"cannot render: {type(exc).__name__}: {exc}")
    problems += resolver.refusals
    warnings: list[Diagnostic] = []
    for record in logs.records:
        message = record.getMessage()
        if resolver.refusals and "refused" in message.lower():
            continue
        if record.levelno >= logging.ERROR or "Failed to load" in message:
            problems.append(image_problem(message) or f"PDF renderer: {message}")
        else:
            warnings.append(Diagnostic("warning", f"PDF renderer: {message}", "pdf", _where(doc)))
    if problems:
        raise BriefgenError(
            Diagnostic("error", f"{doc.ref.target}: {p}", "pdf", _where(doc))
            for p in dict.fromkeys(problems)
        )
    assert isinstance(pdf, bytes)
    finished = _finish(pdf, variant, html_text, identifier)
    if document is not None:
        share_layout(layout_text, document)
    return finished, warnings


def _finish(pdf: bytes, variant: str, html_text: str, identifier: bytes) -> bytes:
    """WeasyPrint's PDF with the repairs of pdf_structure and pdf_archival, saved reproducibly.

    ``identifier`` is the first half of the file identifier (/ID); qpdf keeps it and writes
    the second half, a digest of the file (``deterministic_id``)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        document.trailer.ID = pikepdf.Array([pikepdf.String(identifier)] * 2)
        if variant != "none":
            repair_structure(document, link_texts(html_text))
            paint_in_tree_order(document)
        finish_metadata(document, variant)
        clear_interpolation(document)
        end_streams_cleanly(document)
        data = _save(document, pikepdf.ObjectStreamMode.preserve)
        if b"\r\nendstream" in data:
            # An object or cross-reference stream that qpdf compressed ends in CR (see
            # pdf_archival.end_streams_cleanly): write the objects plainly instead.
            data = _save(document, pikepdf.ObjectStreamMode.disable)
    return data


def _save(document: pikepdf.Pdf, object_streams: pikepdf.ObjectStreamMode) -> bytes:
    out = io.BytesIO()
    document.save(
        out,
        deterministic_id=True,  # the /ID is a digest of the content: same input, same bytes
        fix_metadata_version=False,
        object_stream_mode=object_streams,
        # Streams are written as end_streams_cleanly left them (with compress_streams, qpdf
        # would decode and recompress them); qpdf still compresses its own object and
        # cross-reference streams.
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        compress_streams=False,
    )
    return out.getvalue()


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def link_texts(html: str) -> dict[str, str]:
    """Element id -> what a link to it should say: its heading, or its own words.

    A link annotation's /Contents is its description for assistive technology
    (ISO 32000-1, 12.5.2; PDF/UA-1, 7.18.5): the target's visible title rather
    than its fragment id.
    """
    from lxml import html as lxml_html

    tree = lxml_html.document_fromstring(html)
    texts: dict[str, str] = {}
    for element in tree.xpath("//body//*[@id]"):
        heading = (
            element
            if element.tag in _HEADINGS
            else next(iter(element.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6")), element)
        )
        text = " ".join(str(heading.text_content()).split())
        if text:
            texts[str(element.get("id"))] = text
    return texts


def _text_of(html: str) -> str:
    from lxml import html as lxml_html

    tree = lxml_html.document_fromstring(html)
    for style in tree.xpath("//style"):
        style.drop_tree()
    return str(tree.text_content())
