"""Markdown fields: CommonMark without raw HTML, links limited to http, https and mailto.

Images are assets: their targets are paths relative to ``content/assets/``.
The same parser configuration serves validation (content/schema.py reports
every bad target) and rendering (which never emits one).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

ALLOWED_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _parser(*, permissive: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # Headings would break the document's own outline; a "# x" line stays literal text.
    md.disable(["heading", "lheading", "html_block", "html_inline"])
    if permissive:
        md.validateLink = lambda url: True  # type: ignore[method-assign]
    else:
        md.validateLink = _render_allows  # type: ignore[method-assign]
    return md


def _render_allows(url: str) -> bool:
    return bool(ALLOWED_LINK.match(url)) or not _SCHEME.match(url)


@lru_cache(maxsize=1)
def _checker() -> MarkdownIt:
    return _parser(permissive=True)


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    return _parser(permissive=False)


def _walk(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        if token.children:
            out.extend(_walk(token.children))
    return out


def _targets(source: str) -> list[tuple[str, str]]:
    """(kind, target) for every link and image, targets as written (before normalisation)."""
    if "[" not in source and "<" not in source:
        return []  # no link, image or autolink can be written without these
    found: list[tuple[str, str]] = []
    for token in _walk(_checker().parse(source)):
        if token.type == "link_open":
            found.append(("link", _unescape(str(token.attrGet("href") or ""))))
        elif token.type == "image":
            found.append(("image", _unescape(str(token.attrGet("src") or ""))))
    return found


def _unescape(url: str) -> str:
    from urllib.parse import unquote

    return unquote(url)


def link_problem(target: str) -> str | None:
    """Why a link target is not allowed, or None. (Image targets are assets: the content
    validator checks them with the asset rule, so this module imports nothing of it.)"""
    if ALLOWED_LINK.match(target):
        return None
    return f'link target "{target}" is not allowed: links may use http, https and mailto'


def targets(source: str) -> list[tuple[str, str]]:
    """("link" or "image", target) for every link and image of one Markdown string, in
    order, targets as written."""
    return _targets(source)


def image_targets(source: str) -> list[str]:
    return [target for kind, target in _targets(source) if kind == "image"]


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


def render(source: str) -> Markup:
    """HTML for one Markdown string; raw HTML in the source appears as literal text."""
    md = _renderer()
    tokens = md.parse(source)
    _drop_bad_links(tokens)
    return Markup(md.renderer.render(tokens, md.options, {}))


def mark_directions(html: Markup, direction: str) -> Markup:
    """Give each paragraph and list item whose text runs against ``direction`` its own
    ``dir``, so English quoted in an Arabic document keeps its punctuation in place."""
    from lxml import html as lxml_html

    from briefgen.i18n import text_direction

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
