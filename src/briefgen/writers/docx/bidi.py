"""Direction and language of the text in a Word document.

Word lays out right-to-left text from three pieces of markup rather than from
the characters alone: the paragraph's direction (``w:bidi``), each run's
direction (``w:rtl``, which also makes Word format the run with its
complex-script font, size, bold and italic: ``w:cs``, ``w:szCs``, ``w:bCs``,
``w:iCs``) and each run's language (``w:lang``, whose ``w:val``,
``w:eastAsia`` and ``w:bidi`` slots hold the language of Latin, East Asian
and complex-script text).

The rendered HTML may isolate Latin names and numbers inside right-to-left
text with the Unicode isolates (FSI, LRI, RLI ... PDI), or with
``<span dir>`` and ``<bdi>``, which the DOCX writer turns into the same
characters. Word draws the isolates as boxes, so :func:`pieces` replaces
them with the marks every reader understands (LRM, RLM) placed so that the
text around the isolate is ordered as the isolate would have ordered it, and
splits the text into runs of one direction each, from the levels the Unicode
bidirectional algorithm (UAX #9, through :mod:`briefgen.render.bidi`) resolves.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.render import i18n
from briefgen.render.bidi import embedding_levels

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM = "\u200e", "\u200f"
_OPENERS = {LRI: "L", RLI: "R", FSI: ""}
_RTL_TEXT = re.compile(
    "[\u0590-\u08ff\u200f\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff"
    "\U0001e800-\U0001efff]"
)
"""Anything that can make a run right-to-left (or is an isolate): its absence is the fast path."""

LATIN_FONT = "Noto Sans"
ARABIC_FONT = "Noto Naskh Arabic"
CJK_FONT = "Noto Sans CJK SC"
"""The families style.css names per script; the reference names them in the same slots."""

_TAGS = {
    "ar": "ar-SA",
    "fa": "fa-IR",
    "he": "he-IL",
    "ur": "ur-PK",
    "ps": "ps-AF",
    "yi": "yi-Hebr",
    "zh": "zh-CN",
    "ja": "ja-JP",
    "ko": "ko-KR",
    "hi": "hi-IN",
    "th": "th-TH",
    "bn": "bn-IN",
}
"""Word's language tags where a bare ISO 639-1 code is not what Word writes."""
_EAST_ASIAN = frozenset({"zh", "ja", "ko"})
_COMPLEX = frozenset(
    {"hi", "th", "bn", "ta", "te", "mr", "gu", "kn", "ml", "pa", "si", "km", "lo", "my", "ne"}
    | {"ar", "fa", "he", "ur", "ps", "yi", "dv", "ug", "sd", "ku"}
)
"""Languages Word tags in the complex-script slot (``w:bidi``): right-to-left scripts too."""


@dataclass(frozen=True)
class Language:
    """A language as Word tags it: which ``w:lang`` slot and which tag."""

    code: str
    rtl: bool
    """Written right to left (the document's direction, for the document's language)."""
    slot: str
    """``val`` (Latin, Cyrillic, Greek...), ``eastAsia`` or ``bidi`` (complex scripts)."""
    tag: str

    @property
    def east_asian(self) -> bool:
        return self.slot == "eastAsia"


def language(code: str, direction: str | None = None) -> Language:
    """The Word tagging of ISO 639-1 ``code``; ``direction`` ("ltr"/"rtl") overrides the
    direction the language is written in (CLDR's, :func:`briefgen.render.i18n.direction`)."""
    code = code.strip().replace("_", "-")
    base = code.split("-")[0].lower()
    if direction not in ("ltr", "rtl"):
        direction = i18n.direction(base)
    rtl = direction == "rtl"
    if base in _EAST_ASIAN:
        slot = "eastAsia"
    elif base in _COMPLEX:
        slot = "bidi"
    else:
        slot = "val"
    tag = code if "-" in code else _TAGS.get(base, base)
    return Language(base, rtl, slot, tag)


def lang_attributes(document: Language, span: str | None = None) -> dict[str, str]:
    """The ``w:lang`` attributes of a run: the document's language in its slot, and the
    language of an enclosing ``lang`` attribute in its own."""
    attrs = {document.slot: document.tag}
    if span:
        other = language(span)
        attrs[other.slot] = other.tag
    return attrs


# -- direction of runs -----------------------------------------------------------------


@dataclass
class _Char:
    ch: str
    chunk: int
    level: int
    """Resolved by UAX #9 (odd: right to left)."""


@dataclass
class _Isolate:
    opener: _Char
    body: list[_Char | _Isolate]
    closer: _Char | None


_Node = _Char | _Isolate


def _parse(chars: list[_Char]) -> list[_Node]:
    """Characters as a tree: each isolate (initiator to its PDI) holds its content."""
    root: list[_Node] = []
    stack: list[_Isolate] = []
    for item in chars:
        current = stack[-1].body if stack else root
        if item.ch in _OPENERS:
            isolate = _Isolate(item, [], None)
            current.append(isolate)
            stack.append(isolate)
        elif item.ch == PDI:
            if stack:
                stack.pop().closer = item
            # an unmatched PDI is dropped
        else:
            current.append(item)
    return root


def _level(node: _Node) -> int:
    return node.level if isinstance(node, _Char) else node.opener.level


def _inner_level(node: _Isolate, embedding: int) -> int:
    """The embedding level inside an isolate opened at ``embedding`` (rules X5a-X5c)."""
    wanted = _OPENERS[node.opener.ch]
    if not wanted:  # FSI: the lowest level inside is the one it opened
        levels = [_level(child) for child in node.body]
        if levels:
            return min(levels)
        wanted = "L"
    odd = wanted == "R"
    return embedding + (1 if (embedding + 1) % 2 == odd else 2)


def _runs(nodes: list[_Node], embedding: int) -> list[tuple[str, int, bool]]:
    """(character, chunk, right-to-left) for ``nodes``, an isolating run at ``embedding``.

    A character is right to left when its level is odd, and so is a number the algorithm
    raised above right-to-left text (rule I2 puts it at the level of Latin text, but Word
    wants it in the right-to-left run, formatted like the text it belongs to): a character
    above ``embedding`` with no Latin letter before it at its level (rule W7 made numbers
    after Latin text Latin).
    """
    out: list[tuple[str, int, bool]] = []
    run_level, latin = -1, False
    for node in nodes:
        level = _level(node)
        if level != run_level:
            run_level, latin = level, False
        if isinstance(node, _Char):
            latin = latin or unicodedata.bidirectional(node.ch) == "L"
            rtl = level % 2 == 1 or (level > embedding and not latin)
            out.append((node.ch, node.chunk, rtl))
            continue
        inner = _inner_level(node, embedding)
        side, inside, base = (("R" if n % 2 else "L") for n in (level, inner, embedding))
        if inside == side == base:
            marks = ""
        elif inside == side:
            marks = _mark(side)
        else:
            marks = _mark(side) + _mark(inside)
        for ch in marks:
            out.append((ch, node.opener.chunk, ch == RLM))
        out += _runs(node.body, inner)
        close = node.closer.chunk if node.closer is not None else out[-1][1]
        for ch in reversed(marks):
            out.append((ch, close, ch == RLM))
    return out


def _mark(direction: str) -> str:
    return RLM if direction == "R" else LRM


def pieces(chunks: Sequence[str], rtl: bool) -> list[list[tuple[str, bool]]]:
    """Each chunk of one paragraph of direction ``rtl`` as (text, right-to-left) pieces.

    The chunks are read as one text by the Unicode bidi algorithm (a neutral at the end
    of one chunk is resolved by what starts the next); isolates become marks; every piece
    becomes one run.
    """
    if not rtl and not any(_RTL_TEXT.search(chunk) for chunk in chunks):
        return [[(chunk, False)] if chunk else [] for chunk in chunks]
    text = "".join(chunks)
    owners = [index for index, chunk in enumerate(chunks) for _ in chunk]
    levels = embedding_levels(text, rtl)
    chars = [_Char(*item) for item in zip(text, owners, levels, strict=True)]
    resolved = _runs(_parse(chars), 1 if rtl else 0)
    out: list[list[tuple[str, bool]]] = [[] for _ in chunks]
    for ch, chunk, is_rtl in resolved:
        target = out[chunk]
        if target and target[-1][1] == is_rtl:
            target[-1] = (target[-1][0] + ch, is_rtl)
        else:
            target.append((ch, is_rtl))
    return out
