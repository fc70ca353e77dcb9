"""Small WordprocessingML helpers: elements in schema order, measures, borders.

Word rejects a document whose property elements are out of schema order, and
python-docx only knows the order of the elements it exposes; every property
element the DOCX writer (and ``tools/make_reference_docx.py``) adds goes
through :func:`put`, which keeps the order below.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn as qn

Element = Any
"""An lxml element of python-docx's oxml classes (their types are too loose to be useful)."""

PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)
RPR_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
)
TBLPR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
)
TRPR_ORDER = (
    "cnfStyle",
    "divId",
    "gridBefore",
    "gridAfter",
    "wBefore",
    "wAfter",
    "cantSplit",
    "trHeight",
    "tblHeader",
    "tblCellSpacing",
    "jc",
    "hidden",
)
TCPR_ORDER = (
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
)
STYLE_ORDER = (
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
)
SECTPR_ORDER = (
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
)
_ORDERS = {
    "pPr": PPR_ORDER,
    "rPr": RPR_ORDER,
    "tblPr": TBLPR_ORDER,
    "trPr": TRPR_ORDER,
    "tcPr": TCPR_ORDER,
    "style": STYLE_ORDER,
    "sectPr": SECTPR_ORDER,
}

BORDER_ORDER = ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV")

MM = 56.6929
"""Twentieths of a point (twips) per millimetre."""


def twips(mm: float) -> int:
    return round(mm * MM)


def el(tag: str, *children: Element, **attrs: str | int) -> Element:
    """``el("w:tab", val="right", pos=9638)``: attribute names are in the w: namespace."""
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key if ":" in key else f"w:{key.rstrip('_')}"), str(value))
    for child in children:
        element.append(child)
    return element


def _local(element: Element) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def put(parent: Element, child: Element, *, replace: bool = True) -> Element:
    """Insert ``child`` into a property element in schema order (replacing its namesake)."""
    order = _ORDERS.get(_local(parent), ())
    name = _local(child)
    if replace and name not in ("tblStylePr", "headerReference", "footerReference"):
        for old in parent.findall(child.tag):
            parent.remove(old)
    if name in order:
        rank = order.index(name)
        for index, existing in enumerate(parent):
            other = _local(existing)
            if other in order and order.index(other) > rank:
                parent.insert(index, child)
                return child
    parent.append(child)
    return child


def child(parent: Element, tag: str) -> Element:
    """The child ``tag`` of ``parent``, created in schema order when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = put(parent, el(tag))
    return found


def border(side: str, size_pt: float, color: str, space_pt: int = 0) -> Element:
    """A single-line border; ``size_pt`` in points (Word stores eighths)."""
    return el(f"w:{side}", val="single", sz=round(size_pt * 8), space=space_pt, color=color)


def borders(container: str, *sides: Element) -> Element:
    """``w:pBdr``/``w:tblBorders``/``w:tcBorders`` holding ``sides`` in schema order."""
    box = el(container)
    for side in sorted(sides, key=lambda s: BORDER_ORDER.index(_local(s))):
        box.append(side)
    return box


def shading(fill: str) -> Element:
    return el("w:shd", val="clear", color="auto", fill=fill)


def fonts(name: str, *, cs: str | None = None, east_asia: str | None = None) -> Element:
    """``w:rFonts``: ``name`` for Latin text, ``cs`` for complex scripts (Arabic) and
    ``east_asia`` for Chinese, Japanese and Korean (both ``name`` unless given)."""
    return el("w:rFonts", ascii=name, hAnsi=name, cs=cs or name, eastAsia=east_asia or name)
