"""The report's cover in Word: a page in the theme colour with white text, as in the PDF.

The colour is a rectangle the size of the page, anchored behind the text in
the first page's header (which only the cover uses): it covers the margins,
as the PDF's full-bleed cover does, and stays out of the way of an editor
changing the cover's text. The text is white through the cover styles of the
reference (Cover Kind, Cover Title, ...), or painted white on a reference
whose cover styles are not.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from briefgen.writers.docx.styles import COVER_STYLES, StyleMap
from briefgen.writers.docx.wml import Element, el, put, qn

_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WHITE = "FFFFFF"
SHAPE_ID = 1_000_000
"""The rectangle's drawing id, out of the range the pictures' ids use (1, 2, ...)."""
_BORDERED = ("top", "bottom")


TWIP_EMU = 635


@dataclass(frozen=True)
class Band:
    """A block of the cover that paints a background of its own (a house style's publisher
    band), drawn as the PDF draws it: its border box filled, its top border a rule of its
    own colour. Twips from the page's top left corner."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    rule: tuple[float, str] | None
    """(width, RRGGBB) of its top border, when it draws one."""

    def runs(self, first_id: int) -> list[Element]:
        """Rectangles behind the text, above the cover's colour (drawing ids from
        ``first_id``)."""
        rule_width = self.rule[0] if self.rule else 0.0
        shapes = [
            background_run(
                self.fill,
                round(self.width * TWIP_EMU),
                round((self.height - rule_width) * TWIP_EMU),
                x=round(self.x * TWIP_EMU),
                y=round((self.y + rule_width) * TWIP_EMU),
                shape_id=first_id,
                layer=1,
            )
        ]
        if self.rule is not None:
            shapes.append(
                background_run(
                    self.rule[1],
                    round(self.width * TWIP_EMU),
                    round(rule_width * TWIP_EMU),
                    x=round(self.x * TWIP_EMU),
                    y=round(self.y * TWIP_EMU),
                    shape_id=first_id + 1,
                    layer=2,
                )
            )
        return shapes


def background_run(
    color: str,
    width_emu: int,
    height_emu: int,
    *,
    x: int = 0,
    y: int = 0,
    shape_id: int = SHAPE_ID,
    layer: int = 0,
) -> Element:
    """A run holding a rectangle of ``color`` (RRGGBB) behind the text: the page's size
    by default; placed at ``x``, ``y`` (EMU from the page's corner) above the rectangles
    of lower ``layer``."""
    anchor = etree.Element(f"{{{_WP}}}anchor", nsmap={"wp": _WP})
    for name, value in (
        ("distT", "0"),
        ("distB", "0"),
        ("distL", "0"),
        ("distR", "0"),
        ("simplePos", "0"),
        ("relativeHeight", str(layer)),
        ("behindDoc", "1"),
        ("locked", "1"),
        ("layoutInCell", "1"),
        ("allowOverlap", "1"),
    ):
        anchor.set(name, value)
    simple = etree.SubElement(anchor, f"{{{_WP}}}simplePos")
    simple.set("x", "0")
    simple.set("y", "0")
    for axis, offset in (("positionH", x), ("positionV", y)):
        position = etree.SubElement(anchor, f"{{{_WP}}}{axis}")
        position.set("relativeFrom", "page")
        etree.SubElement(position, f"{{{_WP}}}posOffset").text = str(offset)
    extent = etree.SubElement(anchor, f"{{{_WP}}}extent")
    extent.set("cx", str(width_emu))
    extent.set("cy", str(height_emu))
    effect = etree.SubElement(anchor, f"{{{_WP}}}effectExtent")
    for side in ("l", "t", "r", "b"):
        effect.set(side, "0")
    etree.SubElement(anchor, f"{{{_WP}}}wrapNone")
    doc_pr = etree.SubElement(anchor, f"{{{_WP}}}docPr")
    doc_pr.set("id", str(shape_id))
    doc_pr.set("name", "Cover background" if shape_id == SHAPE_ID else f"Cover band {shape_id}")
    doc_pr.set("descr", "")
    etree.SubElement(anchor, f"{{{_WP}}}cNvGraphicFramePr")
    graphic = etree.SubElement(anchor, f"{{{_A}}}graphic", nsmap={"a": _A})
    data = etree.SubElement(graphic, f"{{{_A}}}graphicData")
    data.set("uri", _WPS)
    shape = etree.SubElement(data, f"{{{_WPS}}}wsp", nsmap={"wps": _WPS})
    etree.SubElement(shape, f"{{{_WPS}}}cNvSpPr")
    properties = etree.SubElement(shape, f"{{{_WPS}}}spPr")
    frame = etree.SubElement(properties, f"{{{_A}}}xfrm")
    offset = etree.SubElement(frame, f"{{{_A}}}off")
    offset.set("x", "0")
    offset.set("y", "0")
    size = etree.SubElement(frame, f"{{{_A}}}ext")
    size.set("cx", str(width_emu))
    size.set("cy", str(height_emu))
    geometry = etree.SubElement(properties, f"{{{_A}}}prstGeom")
    geometry.set("prst", "rect")
    etree.SubElement(geometry, f"{{{_A}}}avLst")
    fill = etree.SubElement(properties, f"{{{_A}}}solidFill")
    etree.SubElement(fill, f"{{{_A}}}srgbClr").set("val", color)
    etree.SubElement(etree.SubElement(properties, f"{{{_A}}}ln"), f"{{{_A}}}noFill")
    etree.SubElement(shape, f"{{{_WPS}}}bodyPr")
    drawing = el("w:drawing")
    drawing.append(anchor)
    return el("w:r", drawing)


def dress(p: Element, styles: StyleMap) -> None:
    """A cover paragraph: its cover style (``COVER_STYLES``) when the reference has one; white
    text and rules painted on it only where its style is not white already."""
    style_ref = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    name = styles.name_of(str(style_ref.get(qn("w:val")))) if style_ref is not None else None
    if name is None:
        whiten(p)
        return
    variant = next((v for k, v in COVER_STYLES.items() if k.lower() == name.lower()), None)
    if variant is not None and styles.has(variant) and style_ref is not None:
        style_ref.set(qn("w:val"), styles.id(variant))
        name = variant
    style = styles.element(name)
    color = style.find(f"{qn('w:rPr')}/{qn('w:color')}")
    if color is None or str(color.get(qn("w:val"), "")).upper() != WHITE:
        whiten(p)
    top = style.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}")
    if top is not None and str(top.get(qn("w:color"), "")).upper() != WHITE:
        size = int(top.get(qn("w:sz"), "8")) / 8
        white_rule(p, "top", size, int(top.get(qn("w:space"), "0")))


def whiten(p: Element) -> None:
    """White text: every run of the paragraph."""
    for run in p.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = el("w:rPr")
            run.insert(0, rpr)
        put(rpr, el("w:color", val=WHITE))


def white_rule(p: Element, side: str, size_pt: float, space_pt: int) -> None:
    """A white rule on one side of the paragraph (over the style's own)."""
    if side not in _BORDERED:
        raise ValueError(side)
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    put(
        ppr,
        el(
            "w:pBdr",
            el(f"w:{side}", val="single", sz=round(size_pt * 8), space=space_pt, color=WHITE),
        ),
    )
