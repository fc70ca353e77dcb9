"""The order WordprocessingML's schema gives the children of property elements.

Written out from ECMA-376 Part 1, wml.xsd (the complex type of each parent is named), not
taken from the DOCX writer's own tables (src/briefgen/writers/docx/wml.py): a test that
compared the writer with itself could not fail. Word, and the Open XML SDK validator the
tests also run, reject a part whose property elements are out of this order.
"""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

PPR = (
    # CT_PPrBase (a sequence) ...
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
    # ... then CT_PPr's extension (CT_PPrGeneral, in styles and numbering, has pPrChange only)
    "rPr",
    "sectPr",
    "pPrChange",
)
RPR = (
    # CT_ParaRPr's revision marks, then EG_RPrBase: a sequence in the first edition (and in
    # the schema of the Open XML SDK validator), a choice in later ones; Word writes this order
    "ins",
    "del",
    "moveFrom",
    "moveTo",
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
    "rPrChange",
)
TBLPR = (
    # CT_TblPrBase, then CT_TblPr's tblPrChange
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
    "tblPrChange",
)
TCPR = (
    # CT_TcPrBase, then CT_TcPrInner's EG_CellMarkupElements and CT_TcPr's tcPrChange
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
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
)
SECTPR = (
    # CT_SectPr: EG_HdrFtrReferences (a choice, up to 6), EG_SectPrContents, sectPrChange
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
    "sectPrChange",
)
STYLE = (
    # CT_Style
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
PBDR = ("top", "left", "bottom", "right", "between", "bar")  # CT_PBdr
TBLBORDERS = ("top", "start", "left", "bottom", "end", "right", "insideH", "insideV")
"""CT_TblBorders; CT_TcBorders adds the two diagonals."""
TCBORDERS = (*TBLBORDERS, "tl2br", "tr2bl")
CELLMAR = ("top", "start", "left", "bottom", "end", "right")  # CT_TblCellMar, CT_TcMar

SEQUENCES = {
    "pPr": PPR,
    "rPr": RPR,
    "tblPr": TBLPR,
    "tcPr": TCPR,
    "sectPr": SECTPR,
    "style": STYLE,
    "pBdr": PBDR,
    "tblBorders": TBLBORDERS,
    "tcBorders": TCBORDERS,
    "tblCellMar": CELLMAR,
    "tcMar": CELLMAR,
}
"""Parents whose children the schema orders. Not here: trPr (CT_TrPrBase is a choice,
any order) and the run and paragraph content (mixed, in reading order)."""


def order_problems(part: bytes) -> list[str]:
    """Each property element of an XML part whose children break the schema's order, as
    ``parent: child after previous`` (or an unknown child); none for a valid part."""
    problems: list[str] = []
    for element in etree.fromstring(part).iter(*(f"{{{W}}}{name}" for name in SEQUENCES)):
        parent = etree.QName(element).localname
        order = SEQUENCES[parent]
        previous = -1
        for child in element:
            if not isinstance(child.tag, str) or etree.QName(child).namespace != W:
                continue
            name = etree.QName(child).localname
            if name not in order:
                problems.append(f"{parent}: {name} is not one of its children")
                continue
            if order.index(name) < previous:
                problems.append(f"{parent}: {name} after {order[previous]}")
            previous = max(previous, order.index(name))
    return problems
