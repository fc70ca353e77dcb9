"""Generate src/briefgen/templates/reference.docx from python-docx's default template.

    python tools/make_reference_docx.py [OUTPUT]

The reference document holds every style the DOCX writer uses (see
``briefgen.writers.docx_styles``), the A4 page set-up of style.css and the
list numbering. Its look follows style.css: Noto Sans, headings in the
default theme blue #1f4e79 (the writer recolours it with the project's
``theme.primary_color``), sober greys, tables with a coloured header row.
Fonts are named per script, as style.css falls back per script: Noto Sans
(or Noto Serif) for Latin text, Noto Naskh Arabic in the complex-script
slot (``w:cs``) and Noto Sans CJK SC (Noto Serif CJK SC) in the East Asian
slot (``w:eastAsia``); the theme's fonts and language say the same. The
writer sets the language and, for right-to-left documents, the direction.
The output is byte-identical from run to run.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm

from briefgen.writers.docx.bidi import ARABIC_FONT, CJK_FONT, LATIN_FONT
from briefgen.writers.docx.package import deterministic_zip
from briefgen.writers.docx.styles import CHARACTER_STYLES, PARAGRAPH_STYLES, TABLE_STYLES
from briefgen.writers.docx.wml import (
    Element,
    border,
    borders,
    el,
    fonts,
    put,
    qn,
    shading,
    twips,
)

OUT = Path(__file__).resolve().parent.parent / "src/briefgen/templates/reference.docx"

PRIMARY = "1F4E79"
TEXT = "1D2329"
DARK = "39434C"
MUTED = "5B6670"
RULE = "B8C2CC"
LINE = "D5DBE1"
BAND = "F3F5F7"
SANS = LATIN_FONT
SERIF = "Noto Serif"
CJK_SERIF = "Noto Serif CJK SC"
SCRIPT_FONTS = {SANS: (ARABIC_FONT, CJK_FONT), SERIF: (ARABIC_FONT, CJK_SERIF)}
"""Latin family -> (its complex-script and East Asian companions), as style.css lists them."""
LANGUAGES = {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"}
TEXT_WIDTH = twips(170)  # A4 less 20 mm margins
WHITE = "FFFFFF"
"""The cover's text: the cover page is the theme colour (the writer draws it)."""
BODY_LINE = 10 * 1.45
"""style.css: 10 pt text, line-height 1.45, every line the same height (exact in Word)."""


def pt(points: float) -> int:
    """Half-points, for w:sz."""
    return round(points * 2)


def rpr(*, size: float | None = None, bold: bool = False, italic: bool = False,
        color: str | None = None, font: str | None = None, caps: bool = False,
        tracking: float = 0.0, underline: str | None = None) -> Element:  # fmt: skip
    r = el("w:rPr")
    if font:
        cs, east_asia = SCRIPT_FONTS.get(font, (font, font))
        put(r, fonts(font, cs=cs, east_asia=east_asia))
    if bold:
        put(r, el("w:b"))
        put(r, el("w:bCs"))
    if italic:
        put(r, el("w:i"))
        put(r, el("w:iCs"))
    if caps:
        put(r, el("w:caps"))
    if color:
        put(r, el("w:color", val=color))
    if tracking:
        put(r, el("w:spacing", val=round(tracking * 20)))
    if size:
        put(r, el("w:sz", val=pt(size)))
        put(r, el("w:szCs", val=pt(size)))
    if underline:
        put(r, el("w:u", val=underline))
    return r


def ppr(*, before: float = 0, after: float | None = None, line: int | None = None,
        exact: float | None = None,
        keep_next: bool = False, keep_lines: bool = False, left: float = 0,
        hanging: float = 0, outline: int | None = None, bdr: Element | None = None,
        tabs: list[Element] | None = None, jc: str | None = None,
        contextual: bool = False) -> Element:  # fmt: skip
    """Paragraph properties; lengths in millimetres, ``line`` in 240ths of a line,
    ``exact`` an exact line height in points (CSS's ``line-height`` times the font size)."""
    p = el("w:pPr")
    if keep_next:
        put(p, el("w:keepNext"))
    if keep_lines:
        put(p, el("w:keepLines"))
    if bdr is not None:
        put(p, bdr)
    if tabs:
        put(p, el("w:tabs", *tabs))
    spacing = el("w:spacing", before=twips(before))
    if after is not None:
        spacing.set(qn("w:after"), str(twips(after)))
    if exact is not None:
        spacing.set(qn("w:line"), str(round(exact * 20)))
        spacing.set(qn("w:lineRule"), "exact")
    elif line is not None:
        spacing.set(qn("w:line"), str(line))
        spacing.set(qn("w:lineRule"), "auto")
    put(p, spacing)
    if left or hanging:
        ind = el("w:ind", left=twips(left))
        if hanging:
            ind.set(qn("w:hanging"), str(twips(hanging)))
        put(p, ind)
    if contextual:
        put(p, el("w:contextualSpacing"))
    if jc:
        put(p, el("w:jc", val=jc))
    if outline is not None:
        put(p, el("w:outlineLvl", val=outline))
    return p


class Styles:
    """Defines styles on a python-docx Document, replacing the template's namesakes."""

    def __init__(self, document: docx.document.Document) -> None:
        self.root = document.styles.element
        self.defined: list[tuple[str, str]] = []

    def _find(self, kind: str, name: str) -> Element | None:
        for style in self.root.findall(qn("w:style")):
            n = style.find(qn("w:name"))
            if (
                style.get(qn("w:type")) == kind
                and n is not None
                and (str(n.get(qn("w:val"))).lower() == name.lower())
            ):
                return style
        return None

    def define(
        self, kind: str, name: str, style_id: str, *, based: str | None = "Normal",
        next_: str | None = None, p: Element | None = None, r: Element | None = None,
        ui: int = 99, extra: tuple[Element, ...] = (), default: bool = False,
    ) -> None:  # fmt: skip
        """Define a style afresh (same styleId as Word's own when it is a built-in one)."""
        old = self._find(kind, name)
        index = len(self.root)
        if old is not None:
            index = list(self.root).index(old)
            link = old.find(qn("w:link"))
            if link is not None:  # the "X Char" style of the template: drop it too
                for style in self.root.findall(qn("w:style")):
                    if style.get(qn("w:styleId")) == link.get(qn("w:val")):
                        self.root.remove(style)
                index = list(self.root).index(old)
            self.root.remove(old)
        style = el("w:style", type=kind, styleId=style_id)
        if default:
            style.set(qn("w:default"), "1")
        elif name.lower() not in _BUILT_IN:
            style.set(qn("w:customStyle"), "1")
        put(style, el("w:name", val=name))
        if based:
            put(style, el("w:basedOn", val=based))
        if next_:
            put(style, el("w:next", val=next_))
        put(style, el("w:uiPriority", val=ui))
        put(style, el("w:qFormat"))
        for part in (p, r, *extra):
            if part is not None:
                style.append(part)
        self.root.insert(index, style)
        self.defined.append((kind, name))

    def para(self, name: str, style_id: str, p: Element, r: Element, **kw: object) -> None:
        self.define("paragraph", name, style_id, p=p, r=r, **kw)  # type: ignore[arg-type]


_BUILT_IN = {
    "normal", "title", "subtitle", "heading 1", "heading 2", "heading 3", "heading 4",
    "toc heading", "toc 1", "toc 2", "toc 3", "quote", "caption", "list bullet", "list number",
    "list continue", "header", "footer", "hyperlink", "list bullet 2", "list bullet 3",
    "list number 2", "list number 3",
}  # fmt: skip


def define_styles(document: docx.document.Document) -> Styles:
    s = Styles(document)

    def heading_rule() -> Element:  # a fresh element each time: lxml moves, never copies
        return borders("w:pBdr", border("bottom", 1.2, PRIMARY, 4))

    s.para("Normal", "Normal", ppr(after=2.5, exact=BODY_LINE), rpr(color=TEXT), based=None, ui=0,
           default=True)  # fmt: skip
    s.para("Title", "Title", ppr(after=4, exact=22 * 1.2, keep_next=True),
           rpr(size=24, bold=True, color=PRIMARY), next_="Normal", ui=10)  # fmt: skip
    s.para("Subtitle", "Subtitle", ppr(after=3, line=240),
           rpr(size=13, color=DARK), next_="Normal", ui=11)  # fmt: skip
    s.para("heading 1", "Heading1",
           ppr(before=9 - 2.5, after=3, exact=14 * 1.2, keep_next=True, keep_lines=True,
               outline=0,
               bdr=heading_rule()),
           rpr(size=14, bold=True, color=PRIMARY), next_="Normal", ui=9)  # fmt: skip
    s.para("heading 2", "Heading2",
           ppr(before=6 - 2.5, after=2, exact=11.5 * 1.2, keep_next=True, keep_lines=True,
               outline=1),
           rpr(size=11.5, bold=True, color=PRIMARY), next_="Normal", ui=9)  # fmt: skip
    s.para("heading 3", "Heading3",
           ppr(before=4 - 2.5, after=1.5, exact=10 * 1.2, keep_next=True, keep_lines=True,
               outline=2),
           rpr(size=10, bold=True, color=TEXT), next_="Normal", ui=9)  # fmt: skip
    s.para("heading 4", "Heading4",
           ppr(before=3 - 2.5, after=1, exact=10 * 1.2, keep_next=True, keep_lines=True,
               outline=3),
           rpr(size=10, bold=True, italic=True, color=TEXT), next_="Normal", ui=9)  # fmt: skip
    s.para("TOC Heading", "TOCHeading",
           ppr(before=0, after=4, line=240, keep_next=True, outline=9, bdr=heading_rule()),
           rpr(size=14, bold=True, color=PRIMARY), next_="Normal", ui=39)  # fmt: skip

    def right_tab() -> Element:  # a fresh element each time: lxml moves, never copies
        return el("w:tab", val="right", leader="dot", pos=TEXT_WIDTH)

    s.para("toc 1", "TOC1", ppr(after=2, tabs=[right_tab()]), rpr(), next_="Normal", ui=39)
    s.para("toc 2", "TOC2", ppr(after=2, left=6, tabs=[right_tab()]), rpr(size=9.5),
           next_="Normal", ui=39)  # fmt: skip
    s.para("toc 3", "TOC3", ppr(after=2, left=12, tabs=[right_tab()]), rpr(size=9.5),
           next_="Normal", ui=39)  # fmt: skip
    quote_bar = borders("w:pBdr", border("left", 2.5, PRIMARY, 12))
    s.para("Quote", "Quote", ppr(before=3, after=1.5, exact=11 * 1.45, left=6, keep_lines=True,
                                 keep_next=True, bdr=quote_bar),
           rpr(size=11, italic=True, font=SERIF, color=TEXT), next_="Attribution",
           ui=29)  # fmt: skip
    s.para("Attribution", "Attribution", ppr(after=4, exact=8.5 * 1.45, left=6, keep_lines=True),
           rpr(size=8.5, color=MUTED), next_="Normal", ui=30)  # fmt: skip
    s.para("Reported", "Reported", ppr(before=3, after=1.5, left=6, keep_next=True,
                                       keep_lines=True), rpr(), ui=30)  # fmt: skip
    s.para("caption", "Caption", ppr(before=1, after=3, line=240), rpr(size=8.5, italic=True,
           color=MUTED), next_="Normal", ui=35)  # fmt: skip
    s.para("Figure", "Figure", ppr(before=2, after=1, line=240, keep_next=True), rpr(),
           next_="Caption", ui=35)  # fmt: skip
    s.para("List Bullet", "ListBullet", _numbered(1, 1.2), rpr(), ui=36)
    s.para("List Number", "ListNumber", _numbered(2, 1.2), rpr(), ui=36)
    for level in (2, 3):
        s.para(f"List Bullet {level}", f"ListBullet{level}", _numbered(1, 1.2, level - 1),
               rpr(), ui=36)  # fmt: skip
        s.para(f"List Number {level}", f"ListNumber{level}", _numbered(2, 1.2, level - 1),
               rpr(), ui=36)  # fmt: skip
    s.para("List Continue", "ListContinue", ppr(after=1.2, left=6), rpr(), ui=36)
    header_rule = borders("w:pBdr", border("bottom", 0.5, RULE, 4))
    s.para("header", "Header",
           ppr(after=0, line=240, bdr=header_rule,
               tabs=[el("w:tab", val="right", pos=TEXT_WIDTH)]),
           rpr(size=7.5, color=MUTED, caps=True, tracking=0.3), ui=99)  # fmt: skip
    s.para("footer", "Footer", ppr(after=0, line=240, jc="right"), rpr(size=8, color=MUTED),
           ui=99)  # fmt: skip
    s.para("Meta", "Meta", ppr(after=2, exact=8.5 * 1.45, keep_next=True),
           rpr(size=8.5, color=MUTED), ui=20)  # fmt: skip
    s.para("Empty Note", "EmptyNote", ppr(after=2), rpr(size=8.5, italic=True, color=MUTED),
           ui=20)  # fmt: skip
    s.para("Cover Kind", "CoverKind",
           ppr(before=46, after=6, line=240, keep_next=True,
               bdr=borders("w:pBdr", border("top", 2, WHITE, 8))),
           rpr(size=10, bold=True, caps=True, tracking=1.2, color=WHITE),
           next_="Title", ui=20)  # fmt: skip
    # The cover's title and subtitle: Title and Subtitle in white (the writer uses them on the
    # cover when a reference has them, and paints Title and Subtitle white otherwise).
    s.para("Cover Title", "CoverTitle", ppr(after=10, exact=28 * 1.15, keep_next=True),
           rpr(size=28, bold=True, color=WHITE), based="Title", next_="Cover Meta",
           ui=20)  # fmt: skip
    s.para("Cover Subtitle", "CoverSubtitle", ppr(after=3, line=240),
           rpr(size=13, color=WHITE), based="Subtitle", ui=20)  # fmt: skip
    s.para("Cover Meta", "CoverMeta", ppr(after=2, line=240), rpr(size=11, color=WHITE), ui=20)
    s.para("Cover Publisher", "CoverPublisher",
           ppr(before=70, after=0, line=240, bdr=borders("w:pBdr", border("top", 0.75, WHITE, 8))),
           rpr(size=11, bold=True, color=WHITE), ui=20)  # fmt: skip
    s.para("Sheet Kind", "SheetKind",
           ppr(after=2, line=240, bdr=borders("w:pBdr", border("top", 6, PRIMARY, 14))),
           rpr(size=8.5, bold=True, caps=True, tracking=0.85, color=MUTED), next_="Title",
           ui=20)  # fmt: skip
    s.para("Sheet Meta", "SheetMeta", ppr(after=1, line=240), rpr(size=11, color=DARK), ui=20)
    # Not based on Normal: its colour would override the table style's (white header rows).
    s.para("Table Text", "TableText", ppr(after=0, exact=9 * 1.45), rpr(size=9), based=None,
           ui=40)  # fmt: skip
    s.define("character", "Hyperlink", "Hyperlink", based="DefaultParagraphFont",
             r=rpr(color=PRIMARY), ui=99)  # fmt: skip
    s.define("table", "briefgen Table", "briefgenTable", based="TableNormal", ui=59,
             extra=_table_style())  # fmt: skip
    return s


def _numbered(num_id: int, after: float, level: int = 0) -> Element:
    p = ppr(after=after, contextual=False)
    numpr = el("w:numPr", el("w:ilvl", val=level), el("w:numId", val=num_id))
    put(p, numpr)
    return p


def _table_style() -> tuple[Element, ...]:
    p = ppr(after=0, line=240)
    tbl = el("w:tblPr")
    put(tbl, el("w:tblStyleRowBandSize", val=1))
    put(tbl, el("w:tblStyleColBandSize", val=1))
    put(tbl, borders("w:tblBorders", border("bottom", 0.5, LINE), border("insideH", 0.5, LINE)))
    put(tbl, el("w:tblCellMar", el("w:top", w=twips(1.8), type="dxa"),
                el("w:left", w=twips(2.5), type="dxa"),
                el("w:bottom", w=twips(1.8), type="dxa"),
                el("w:right", w=twips(2.5), type="dxa")))  # fmt: skip
    tc = el("w:tcPr", el("w:vAlign", val="top"))
    first = el("w:tblStylePr", type="firstRow")
    first.append(el("w:pPr", el("w:keepNext")))
    first.append(rpr(bold=True, color="FFFFFF"))
    first.append(el("w:trPr", el("w:tblHeader")))
    first.append(el("w:tcPr", borders("w:tcBorders", border("bottom", 0.5, PRIMARY)),
                    shading(PRIMARY), el("w:vAlign", val="bottom")))  # fmt: skip
    band = el("w:tblStylePr", type="band2Horz")
    band.append(el("w:tcPr", shading(BAND)))
    return (p, tbl, tc, first, band)


def define_numbering(document: docx.document.Document) -> None:
    """Two multi-level lists: bullets (numId 1) and decimal numbers (numId 2)."""
    root = document.part.numbering_part.element
    for node in list(root):
        root.remove(node)
    bullets = ("\u2022", "\u2013", "\u2022", "\u2013", "\u2022", "\u2013", "\u2022", "\u2013",
               "\u2022")  # fmt: skip
    for abstract_id, fmt, style in ((0, "bullet", "ListBullet"), (1, "decimal", "ListNumber")):
        abstract = el("w:abstractNum", abstractNumId=abstract_id)
        abstract.append(el("w:nsid", val=f"B41EF{abstract_id:03X}"))
        abstract.append(el("w:multiLevelType", val="hybridMultilevel"))
        for level in range(9):
            lvl = el("w:lvl", ilvl=level)
            lvl.append(el("w:start", val=1))
            lvl.append(el("w:numFmt", val=fmt))
            if level == 0:
                lvl.append(el("w:pStyle", val=style))
            text = bullets[level] if fmt == "bullet" else f"%{level + 1}."
            lvl.append(el("w:lvlText", val=text))
            lvl.append(el("w:lvlJc", val="left"))
            hanging = 4 if fmt == "bullet" else 6
            lvl.append(el("w:pPr", el("w:ind", left=twips(6 * (level + 1)),
                                      hanging=twips(hanging))))  # fmt: skip
            if fmt == "bullet":
                lvl.append(el("w:rPr", fonts(SANS), el("w:color", val=PRIMARY)))
            abstract.append(lvl)
        root.append(abstract)
    for num_id, abstract_id in ((1, 0), (2, 1)):
        root.append(el("w:num", el("w:abstractNumId", val=abstract_id), numId=num_id))


def document_defaults(document: docx.document.Document) -> None:
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    for node in list(defaults):
        defaults.remove(node)
    r = rpr(font=SANS, size=10)
    put(r, el("w:lang", **LANGUAGES))
    defaults.append(el("w:rPrDefault", r))
    defaults.append(el("w:pPrDefault", ppr(after=2.5, exact=BODY_LINE)))


def theme_fonts(document: docx.document.Document) -> None:
    """The theme's heading and body fonts become Noto Sans, with Noto Naskh Arabic and Noto
    Sans CJK SC for Arabic and Chinese (styles may name theme fonts)."""
    theme = document.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    xml = re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*"', rf'\g<1>{SANS}"', xml)
    xml = re.sub(r'(<a:ea typeface=")[^"]*"', rf'\g<1>{CJK_FONT}"', xml)
    xml = re.sub(r'(<a:cs typeface=")[^"]*"', rf'\g<1>{ARABIC_FONT}"', xml)
    xml = re.sub(r'(<a:font script="Arab" typeface=")[^"]*"', rf'\g<1>{ARABIC_FONT}"', xml)
    xml = re.sub(r'(<a:font script="Hans" typeface=")[^"]*"', rf'\g<1>{CJK_FONT}"', xml)
    theme._blob = xml.encode("utf-8")


def page_setup(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.gutter = 0


def settings(document: docx.document.Document) -> None:
    root = document.settings.element
    for rsids in root.findall(qn("w:rsids")):
        root.remove(rsids)
    for setting in root.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    for tag in ("w:proofState", "w:savePreviewPicture"):
        for node in root.findall(qn(tag)):
            root.remove(node)
    for node in root.findall(qn("w:themeFontLang")):
        for key, value in LANGUAGES.items():
            node.set(qn(f"w:{key}"), value)


def drop_extras(document: docx.document.Document) -> None:
    """No thumbnail of a blank page, no Word 2010 stylesWithEffects copy, no custom XML."""
    package_rels = document.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[r_id]
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects") or rel.reltype.endswith("/customXml"):
            del document.part.rels[r_id]


def prune_table_styles(document: docx.document.Document) -> None:
    """Keep only the table styles briefgen uses (Word re-adds its built-in ones on demand)."""
    root = document.styles.element
    keep = {"normal table", "table grid"}
    for style in root.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if (
            style.get(qn("w:type")) == "table"
            and name is not None
            and (str(name.get(qn("w:val"))).lower() not in keep)
        ):
            root.remove(style)


def build() -> bytes:
    document = docx.Document()
    prune_table_styles(document)
    body = document.element.body
    for node in list(body):
        if node.tag != qn("w:sectPr"):
            body.remove(node)
    document_defaults(document)
    styles = define_styles(document)
    wanted = (
        [("paragraph", n) for n in PARAGRAPH_STYLES]
        + [("character", n) for n in CHARACTER_STYLES]
        + [("table", n) for n in TABLE_STYLES]
    )
    defined = {(k, n.lower()) for k, n in styles.defined}
    missing = [n for k, n in wanted if (k, n.lower()) not in defined]
    assert not missing, f"the script does not define {missing}"
    define_numbering(document)
    theme_fonts(document)
    page_setup(document)
    settings(document)
    drop_extras(document)
    props = document.core_properties
    when = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    props.title, props.author, props.last_modified_by = "briefgen reference", "briefgen", "briefgen"
    props.comments, props.subject, props.keywords, props.category = "", "", "", ""
    props.created = props.modified = when
    props.revision = 1
    out = io.BytesIO()
    document.save(out)
    return deterministic_zip(out.getvalue(), dt.datetime(1980, 1, 1))


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    target.write_bytes(build())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
