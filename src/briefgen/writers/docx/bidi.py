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
splits the text into runs of one direction each (a small part of the Unicode
bidirectional algorithm: the weak and neutral types, isolates as neutrals).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM = "\u200e", "\u200f"
ISOLATES = (LRI, RLI, FSI, PDI)
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
)
_RTL = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "ug", "sd", "ku"})


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
    direction the language is written in."""
    code = code.strip().replace("_", "-")
    base = code.split("-")[0].lower()
    rtl = direction == "rtl" if direction in ("ltr", "rtl") else base in _RTL
    if base in _EAST_ASIAN:
        slot = "eastAsia"
    elif base in _RTL or base in _COMPLEX:
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


def strip_isolates(text: str) -> str:
    return "".join(ch for ch in text if ch not in ISOLATES)


# -- direction of runs -----------------------------------------------------------------


def _kind(ch: str) -> str:
    """L, R (strong), EN (a number: European or Arabic digits), NSM (takes the class of the
    character before it) or N (neutral)."""
    if ch == LRM:
        return "L"
    if ch == RLM:
        return "R"
    kind = unicodedata.bidirectional(ch)
    if kind == "L":
        return "L"
    if kind in ("R", "AL"):
        return "R"
    if kind in ("EN", "AN"):
        return "EN"
    if kind in ("NSM", "BN"):
        return "NSM"
    return "N"


@dataclass
class _Char:
    ch: str
    chunk: int


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


def _first_strong(nodes: list[_Node]) -> str | None:
    for node in nodes:
        if isinstance(node, _Char):
            kind = _kind(node.ch)
            if kind in ("L", "R"):
                return kind
    return None


def _resolve(nodes: list[_Node], base: str) -> list[tuple[str, int, bool]]:
    """(character, chunk, right-to-left) for ``nodes`` in a context of direction ``base``."""
    kinds: list[str] = []
    for node in nodes:
        kind = _kind(node.ch) if isinstance(node, _Char) else "N"
        if kind == "NSM":  # W1: a mark takes the class of what it follows
            kind = kinds[-1] if kinds else base
        kinds.append(kind)
    strong = base
    for i, kind in enumerate(kinds):  # W7: a number after L text is L; else it acts as R
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN":
            kinds[i] = "L" if strong == "L" else "R"
    i = 0
    while i < len(kinds):  # N1, N2: neutrals between like sides take that side, else the base
        if kinds[i] != "N":
            i += 1
            continue
        j = i
        while j < len(kinds) and kinds[j] == "N":
            j += 1
        before = kinds[i - 1] if i else base
        after = kinds[j] if j < len(kinds) else base
        side = before if before == after else base
        kinds[i:j] = [side] * (j - i)
        i = j
    out: list[tuple[str, int, bool]] = []
    for node, kind in zip(nodes, kinds, strict=True):
        if isinstance(node, _Char):
            out.append((node.ch, node.chunk, kind == "R"))
            continue
        inner = _OPENERS[node.opener.ch] or _first_strong(node.body) or "L"
        if inner == kind == base:
            marks = ""
        elif inner == kind:
            marks = _mark(kind)
        else:
            marks = _mark(kind) + _mark(inner)
        for ch in marks:
            out.append((ch, node.opener.chunk, ch == RLM))
        out += _resolve(node.body, inner)
        close = node.closer.chunk if node.closer is not None else out[-1][1]
        for ch in reversed(marks):
            out.append((ch, close, ch == RLM))
    return out


def _mark(direction: str) -> str:
    return RLM if direction == "R" else LRM


def pieces(chunks: Sequence[str], rtl: bool) -> list[list[tuple[str, bool]]]:
    """Each chunk of one paragraph of direction ``rtl`` as (text, right-to-left) pieces.

    The chunks are read as one text (a neutral at the end of one chunk is resolved by
    what starts the next); isolates become marks; every piece becomes one run.
    """
    if not rtl and not any(_RTL_TEXT.search(chunk) for chunk in chunks):
        return [[(chunk, False)] if chunk else [] for chunk in chunks]
    chars = [_Char(ch, index) for index, chunk in enumerate(chunks) for ch in chunk]
    resolved = _resolve(_parse(chars), "R" if rtl else "L")
    out: list[list[tuple[str, bool]]] = [[] for _ in chunks]
    for ch, chunk, is_rtl in resolved:
        target = out[chunk]
        if target and target[-1][1] == is_rtl:
            target[-1] = (target[-1][0] + ch, is_rtl)
        else:
            target.append((ch, is_rtl))
    return out


def first_strong_direction(text: str) -> str | None:
    """ "ltr" or "rtl" from the first strong character of ``text`` (for ``dir="auto"``)."""
    for ch in text:
        kind = _kind(ch)
        if kind in ("L", "R"):
            return "rtl" if kind == "R" else "ltr"
    return None
