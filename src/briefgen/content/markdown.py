"""The Markdown of content fields: CommonMark without raw HTML or headings, links limited
to http, https and mailto.

Images are assets: their targets are paths relative to ``content/assets/``.
The same parser configuration serves validation (content/schema.py reports
every bad target) and rendering (render/markdown.py, which never emits one).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

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
def renderer() -> MarkdownIt:
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
