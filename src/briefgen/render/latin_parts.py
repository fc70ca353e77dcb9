"""Latin text in a Chinese (or Japanese) document, marked with its language.

A Chinese document prints Latin text: names ("Ms. Ghada Waly"), acronyms, and whole
texts that have no Chinese version yet, which fall back to the project's default
language. Unmarked, that text is Chinese to every reader of the file:

- the stylesheet sets it in the CJK face, whose apostrophe and quotation marks are
  full width ("Prosecutor’ s Office"), while Word sets Latin letters in the Latin face
  (the run fonts' ``w:ascii``), so the two formats did not match;
- a screen reader reads it with a Chinese voice (WCAG 2.1, 3.1.2, language of parts):
  Word's runs now carry its language (``w:lang``). WeasyPrint's tagged PDF writes no
  ``/Lang`` for a span, so the PDF gets the face but not yet the language.

Each run of Latin text (Latin, Greek or Cyrillic letters, with the digits, spaces and
Western punctuation inside it) is marked with the project's default language (the
language text falls back to) when that is not itself Chinese or Japanese: an element
whose text is all Latin takes ``lang`` itself (``<td lang="en">``), other runs go in
``<span lang="...">``. style.css sets marked text in the Latin face, the DOCX writer
gives its runs the language and no East Asian font hint. Digits alone ("2021年3月10日")
and punctuation alone (" · ") are not Latin text and stay as they are.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree
from lxml import html as lxml_html

from briefgen.content.catalogs import base
from briefgen.render import spacing

if TYPE_CHECKING:
    from lxml.html import HtmlElement as Element

_CJK = (
    spacing.HAN_RANGES
    + "\u2e80-\u2fff\u3000-\u303f\u3100-\u312f\u31c0-\u31ef\uff00-\uffef\ufe30-\ufe4f"
)
"""Han and kana, with CJK punctuation and full-width forms: never part of a Latin run."""
_PART = re.compile(f"[^{_CJK}]+")
_LETTER = re.compile(f"[{spacing.LETTER_RANGES}]")
_EDGE = " \u00a0\t\n·•|,;:–—-"
"""Stripped from either end of a run: spaces and separators belong to the text around."""
_SKIPPED = frozenset({"head", "style", "script", "template", "code"})


def _runs(value: str) -> list[tuple[str, bool]]:
    """``value`` cut into (text, is a Latin run) pieces."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for found in _PART.finditer(value):
        part = found.group()
        core = part.strip(_EDGE)
        if not core or not _LETTER.search(core):
            continue
        start = found.start() + part.index(core)
        if start > at:
            pieces.append((value[at:start], False))
        pieces.append((core, True))
        at = start + len(core)
    if at < len(value):
        pieces.append((value[at:], False))
    return pieces


def _span(text: str, lang: str) -> Element:
    span: Element = lxml_html.Element("span", lang=lang)
    span.text = text
    return span


def _spans(value: str, lang: str) -> tuple[str, list[Element]] | None:
    """``value`` as the text before its first Latin run and a span per run (each span's
    tail the text up to the next), or None when it has no Latin run."""
    pieces = _runs(value)
    if not any(latin for _, latin in pieces):
        return None
    lead = ""
    spans: list[Element] = []
    for text, latin in pieces:
        if latin:
            spans.append(_span(text, lang))
        elif spans:
            spans[-1].tail = (spans[-1].tail or "") + text
        else:
            lead += text
    return lead, spans


def _mark_text(node: Element, lang: str) -> None:
    """The Latin runs of ``node.text`` in spans, before its first child."""
    found = _spans(node.text or "", lang)
    if found is not None:
        node.text, spans = found
        for index, span in enumerate(spans):
            node.insert(index, span)


def _mark_tail(node: Element, lang: str) -> None:
    """The Latin runs of ``node.tail`` in spans, after ``node`` in its parent."""
    found = _spans(node.tail or "", lang) if node.getparent() is not None else None
    if found is not None:
        node.tail, spans = found
        for span in reversed(spans):
            node.addnext(span)


def _all_latin(node: Element) -> bool:
    """``node`` holds text alone, and that text is one Latin run (spaces around it aside)."""
    if len(node) or not node.text:
        return False
    pieces = _runs(node.text)
    latin = [text for text, is_latin in pieces if is_latin]
    return len(latin) == 1 and all(is_latin or not text.strip() for text, is_latin in pieces)


def _walk(node: Element, lang: str) -> None:
    """Marks ``node``'s text and its descendants'. An element whose text is all Latin takes
    the language itself (``<td lang="en">``); a link's text is otherwise left whole, so that
    its tagged PDF keeps one link (WeasyPrint loses a link annotation's structure when the
    link holds a span and a ``::after`` page number, as the contents' entries do)."""
    tag = node.tag if isinstance(node.tag, str) else ""
    if not tag or tag in _SKIPPED or node.get("lang"):
        return
    if tag != "body" and _all_latin(node):
        node.set("lang", lang)
        return
    if tag == "a":
        return
    children = list(node)
    _mark_text(node, lang)
    for child in children:
        _walk(child, lang)
        _mark_tail(child, lang)


def mark(html: str, lang: str, default_language: str) -> str:
    """``html`` with its Latin runs marked ``lang=default_language``, in a Chinese or
    Japanese document whose project's default language is written in another script;
    any other document is returned as it is."""
    if base(lang) not in spacing.LANGUAGES or base(default_language) in spacing.LANGUAGES:
        return html
    if not _LETTER.search(html):
        return html
    tree = lxml_html.document_fromstring(html)
    body = tree.find("body")
    if body is None:
        return html
    _walk(body, default_language)
    return str(etree.tostring(tree, encoding="unicode", method="html", doctype="<!DOCTYPE html>"))
