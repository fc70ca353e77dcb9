"""Markdown fields as HTML: the content model's dialect (content/markdown.py), links that
are not allowed dropped (their text stays), and text direction marked per paragraph."""

from __future__ import annotations

from markdown_it.token import Token
from markupsafe import Markup

from briefgen.content.markdown import ALLOWED_LINK, renderer


def _drop_bad_links(tokens: list[Token]) -> None:
    """Links whose target is not http, https or mailto lose their link (the text stays)."""
    for token in tokens:
        if not token.children:
            continue
        kept: list[Token] = []
        dropping: list[bool] = []
        for child in token.children:
            if child.type == "link_open":
                bad = not ALLOWED_LINK.match(str(child.attrGet("href") or ""))
                dropping.append(bad)
                if bad:
                    continue
            elif child.type == "link_close" and dropping and dropping.pop():
                continue
            kept.append(child)
        token.children = kept


def _number_from_start(tokens: list[Token]) -> None:
    """A numbered list that starts at another number than 1 (``3. three``) counts from it in
    the PDF too: WeasyPrint 70 ignores ``<ol start>`` (the Word writer reads ``start``), so the
    list's counter is set where it begins (``counter-reset: list-item 2`` before the first
    item's increment)."""
    for token in tokens:
        start = str(token.attrGet("start") or "") if token.type == "ordered_list_open" else ""
        if start.isdigit() and int(start) != 1:
            token.attrSet("style", f"counter-reset: list-item {int(start) - 1}")


def render(source: str) -> Markup:
    """HTML for one Markdown string; raw HTML in the source appears as literal text."""
    md = renderer()
    tokens = md.parse(source)
    _drop_bad_links(tokens)
    _number_from_start(tokens)
    return Markup(md.renderer.render(tokens, md.options, {}))


def mark_directions(html: Markup, direction: str) -> Markup:
    """Give each paragraph and list item whose text runs against ``direction`` its own
    ``dir``, so English quoted in an Arabic document keeps its punctuation in place."""
    from lxml import html as lxml_html

    from briefgen.render.i18n import text_direction

    if not html.strip():
        return html
    root = lxml_html.fragment_fromstring(str(html), create_parent="div")
    changed = False
    for block in root.iter("p", "li", "blockquote"):
        found = text_direction(block.text_content())
        if found is not None and found != direction:
            block.set("dir", found)
            changed = True
    if not changed:
        return html
    inner = "".join(lxml_html.tostring(child, encoding="unicode") for child in root)
    return Markup((root.text or "") + inner)
