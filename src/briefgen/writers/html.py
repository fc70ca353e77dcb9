"""The HTML writer: the same semantic HTML, self-contained (images inlined), for preview."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import urljoin

from lxml import html as lxml_html

from briefgen.diagnostics import BriefgenError, Diagnostic, Location
from briefgen.render.fetch import ASSETS_URL, AssetResolver, RefusedURL
from briefgen.render.rendered import RenderedDocument
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers.sanitize import strip_attachments


def write_html(
    doc: RenderedDocument, assets_dir: Path, *, max_asset_bytes: int = 20_000_000
) -> bytes:
    html_text, attachments = strip_attachments(doc.html)
    problems = ["attachments (rel=attachment) are not allowed in documents"] if attachments else []
    resolver = AssetResolver((assets_dir, BUILTIN_DIR), max_asset_bytes)
    base = ASSETS_URL
    tree = lxml_html.document_fromstring(html_text)
    for img in tree.xpath("//img[@src]"):
        try:
            data, mime = resolver.resolve(urljoin(base, img.get("src")))
        except RefusedURL:
            continue
        img.set("src", f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}")
    problems += resolver.refusals
    if problems:
        where = Location(doc.source, 1, 1) if doc.source else None
        raise BriefgenError(
            Diagnostic("error", f"{doc.ref.target}: {p}", "html", where) for p in problems
        )
    out: bytes = lxml_html.tostring(
        tree, encoding="utf-8", doctype="<!DOCTYPE html>", method="html"
    )
    return out
