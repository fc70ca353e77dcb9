"""Small WordprocessingML helpers: elements in schema order, measures, borders.

Word rejects a document whose property elements are out of schema order, and
python-docx only knows the order of the elements it exposes; every property
element the DOCX writer (and ``tools/make_reference_docx.py``) adds goes
through :func:`put`, which keeps the order below.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from docx.oxml.ns import nsmap
from docx.oxml.parser import element_class_lookup, oxml_parser
from lxml import etree

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


_QN: dict[str, str] = {}
_TAGS: dict[str, tuple[str, dict[str, str]]] = {}
_ATTRS: dict[str, str] = {}


def qn(tag: str) -> str:
    """``qn("w:p")``: the Clark name ``{namespace}p`` (python-docx's ``qn``, remembered)."""
    try:
        return _QN[tag]
    except KeyError:
        prefix, local = tag.split(":")
        name = _QN[tag] = f"{{{nsmap[prefix]}}}{local}"
        return name


def _tag(tag: str) -> tuple[str, dict[str, str]]:
    """The Clark name of ``tag`` and the namespace its element declares (as python-docx's
    ``OxmlElement`` makes it)."""
    try:
        return _TAGS[tag]
    except KeyError:
        prefix = tag.split(":")[0]
        made = _TAGS[tag] = (qn(tag), {prefix: nsmap[prefix]})
        return made


def _attr(key: str) -> str:
    try:
        return _ATTRS[key]
    except KeyError:
        name = _ATTRS[key] = qn(_prefixed(key))
        return name


def el(tag: str, *children: Element, **attrs: str | int) -> Element:
    """``el("w:tab", val="right", pos=9638)``: attribute names are in the w: namespace.

    The element is python-docx's (``OxmlElement``: its parser's element class), made
    straight with lxml."""
    name, namespaces = _tag(tag)
    attrib = {_attr(key): str(value) for key, value in attrs.items()} if attrs else None
    element = oxml_parser.makeelement(name, attrib, namespaces)
    for child in children:
        element.append(child)
    return element


_LOCAL: dict[Any, str] = {}


W_DECLARATION = f' xmlns:w="{nsmap["w"]}"'
"""The ``w:`` namespace declared on the outermost element of :func:`parsed` markup."""
_FRAGMENTS = etree.XMLParser(resolve_entities=False)
_FRAGMENTS.set_element_class_lookup(element_class_lookup)
_ATTRIBUTE_ESCAPES = {'"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}


def parsed(markup: str) -> Element:
    """The element of WordprocessingML ``markup`` (its outermost element declares ``w:``,
    :data:`W_DECLARATION`), of python-docx's element classes: one parse makes a run and
    its properties, where :func:`el` would make each element apart (several times slower).
    Its text and attribute values are those :func:`text` and :func:`attributes` wrote."""
    return etree.fromstring(markup, _FRAGMENTS)


def text(value: str) -> str:
    """``value`` as element content that parses back to exactly ``value`` (a carriage
    return too, which a parser would make a line feed)."""
    return escape(value, {"\r": "&#13;"})


def attributes(**attrs: str | int) -> str:
    """`` w:name="value"`` for each of ``attrs``, named as :func:`el` names them, their
    values as a parser gives them back (white space is not normalised)."""
    return "".join(
        f' {_prefixed(key)}="{escape(str(value), _ATTRIBUTE_ESCAPES)}"'
        for key, value in attrs.items()
    )


def _prefixed(key: str) -> str:
    return key if ":" in key else f"w:{key.rstrip('_')}"


def _local(element: Element) -> str:
    tag = element.tag
    try:
        return _LOCAL[tag]
    except KeyError:
        name = _LOCAL[tag] = str(tag).rsplit("}", 1)[-1]
        return name


_RANKS = {
    parent: {name: rank for rank, name in enumerate(order)} for parent, order in _ORDERS.items()
}
"""Each property element's children by local name: their rank in schema order."""
_APPENDED = ("tblStylePr", "headerReference", "footerReference")
"""Children that may repeat: put adds them, never replacing their namesakes."""


def put(parent: Element, child: Element, *, replace: bool = True) -> Element:
    """Insert ``child`` into a property element in schema order (replacing its namesake)."""
    ranks = _RANKS.get(_local(parent))
    name = _local(child)
    if replace and name not in _APPENDED:
        for old in parent.findall(child.tag):
            parent.remove(old)
    rank = ranks.get(name) if ranks is not None else None
    if ranks is not None and rank is not None:
        for index, existing in enumerate(parent):
            other = ranks.get(_local(existing))
            if other is not None and other > rank:
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
