"""The space between Chinese (or Japanese) characters and Latin words: one for both writers.

Chinese typesetting sets a Latin word or name apart from the Han characters around it
by about a quarter of an em ("发言者：Miwa Kato 和 Talgat Kaliyev 阁下"). Word and
LibreOffice add that space themselves while they lay a paragraph out (Word's
"automatically adjust space between Asian and Latin text"); WeasyPrint does not
(it has no ``text-autospace``), so a PDF would print "Miwa Kato和H.E. Mr. ...". The
document's HTML gets the space instead, once, as an ordinary space (about a quarter
of an em in the CJK fonts; the catalogs write "第 3 页" so too): both writers print
the same text, and the Word writer turns Word's own spacing off for these languages
(``w:autoSpaceDE``, ``w:autoSpaceDN``), which would otherwise add a second one.

Only letters are spaced from Han characters: digits stay against them, as the
language's long date writes them ("2021年3月10日") and counts do ("2名发言者").
Punctuation is left as it is (a full-width comma or colon has its own space).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import html as lxml_html

from briefgen.content.catalogs import base

if TYPE_CHECKING:
    from lxml.html import HtmlElement as Element

LANGUAGES = frozenset({"zh", "ja"})
"""Languages whose documents get the space (Word spaces them itself: see the module)."""

HAN_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
"""Han ideographs, and Japanese kana (character class ranges)."""
LETTER_RANGES = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff"
)
"""Letters of the Latin, Greek and Cyrillic scripts (character class ranges)."""
_HAN_CHAR = re.compile(f"[{HAN_RANGES}]")
_LETTER_CHAR = re.compile(f"[{LETTER_RANGES}]")
_BETWEEN = re.compile(
    f"(?<=[{HAN_RANGES}])(?=[{LETTER_RANGES}])|(?<=[{LETTER_RANGES}])(?=[{HAN_RANGES}])"
)

_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark"}
    | {"q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
)
"""Elements inside a line: text on either side of them is one run of text."""
_SKIPPED = frozenset({"head", "style", "script", "template"})


def applies(lang: str) -> bool:
    return base(lang) in LANGUAGES


def _pair(before: str, after: str) -> bool:
    """A Han character and a letter meet at the join of ``before`` and ``after``."""
    if not before or not after:
        return False
    a, b = before[-1], after[0]
    return bool(
        (_HAN_CHAR.match(a) and _LETTER_CHAR.match(b))
        or (_LETTER_CHAR.match(a) and _HAN_CHAR.match(b))
    )


class _Spacer:
    """Walks the text of the body in reading order, one run of inline text at a time."""

    def __init__(self) -> None:
        self.changed = False
        self.last: tuple[Element, str, int] | None = None
        """The text read last in this run: (element, "text" or "tail", depth)."""

    def _read(self, node: Element, slot: str, depth: int) -> None:
        value = getattr(node, slot)
        if not value:
            return
        spaced = _BETWEEN.sub(" ", value)
        if self.last is not None:
            owner, last_slot, last_depth = self.last
            if _pair(getattr(owner, last_slot), spaced):
                # The space goes to the outer of the two texts: beside a link, not in it.
                if depth <= last_depth:
                    spaced = " " + spaced
                else:
                    setattr(owner, last_slot, getattr(owner, last_slot) + " ")
        if spaced != value:
            setattr(node, slot, spaced)
            self.changed = True
        self.last = (node, slot, depth)

    def walk(self, node: Element, depth: int) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        inline = tag in _INLINE
        if not inline:
            self.last = None
        if tag not in _SKIPPED and tag:
            self._read(node, "text", depth)
            for child in node:
                self.walk(child, depth + 1)
        if not inline:
            self.last = None
        self._read(node, "tail", depth - 1)


def space_scripts(html: str, lang: str) -> str:
    """``html`` with a space between each Han character and a letter that meet in its
    text (in a document of :data:`LANGUAGES`; any other is returned as it is)."""
    if not applies(lang) or not _HAN_CHAR.search(html) or not _LETTER_CHAR.search(html):
        return html
    tree = lxml_html.document_fromstring(html)
    body = tree.find("body")
    if body is None:
        return html
    spacer = _Spacer()
    spacer.walk(body, 0)
    if not spacer.changed:
        return html
    return str(lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>"))
