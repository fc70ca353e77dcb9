"""Checks on rendered HTML that every writer applies before using it."""

from __future__ import annotations

from lxml import html as lxml_html


def strip_attachments(html: str) -> tuple[str, int]:
    """Remove ``rel=attachment`` links (WeasyPrint would embed their targets in the PDF).

    Returns the cleaned HTML and how many were removed; the caller fails the
    document when that is not zero.
    """
    if "attachment" not in html:
        return html, 0
    tree = lxml_html.document_fromstring(html)
    removed = 0
    for element in tree.xpath("//*[@rel]"):
        if "attachment" in element.get("rel", "").lower().split():
            element.drop_tree()
            removed += 1
    if not removed:
        return html, 0
    return lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>"), removed
