"""The reference document: where it comes from, what it must define, and the theme applied to it.

Like Pandoc's reference doc, ``reference.docx`` supplies every style, the page
set-up and the list numbering; its body is ignored. A project replaces the
built-in one with ``templates/reference.docx``. Word silently falls back to
"Normal" for a style a document names but does not define, so the writer
checks the reference first and fails, naming each missing style.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.opc.pkgreader import PackageReader
from docx.package import Package

from briefgen.content.project import Project
from briefgen.diagnostics import BriefgenError, Diagnostic, Location
from briefgen.render.spacing import LANGUAGES as SPACED_LANGUAGES
from briefgen.render.template_files import BUILTIN_DIR, resolve_template
from briefgen.writers.docx.bidi import ARABIC_FONT, CJK_FONT, LATIN_FONT, Language
from briefgen.writers.docx.layout import StyleMetrics
from briefgen.writers.docx.wml import Element, child, el, put, qn

REFERENCE_NAME = "reference.docx"
DEFAULT_PRIMARY = "1F4E79"
"""The built-in reference's heading blue; the writer recolours it with the theme colour."""

# Styles the writer uses, by their name in Word (matched case-insensitively, as Word does).
PARAGRAPH_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "TOC Heading",
    "TOC 1",
    "TOC 2",
    "Quote",
    "Attribution",
    "Reported",
    "Caption",
    "Figure",
    "List Bullet",
    "List Number",
    "List Continue",
    "Header",
    "Footer",
    "Meta",
    "Empty Note",
    "Cover Kind",
    "Cover Meta",
    "Cover Publisher",
    "Sheet Kind",
    "Sheet Meta",
    "Table Text",
)
CHARACTER_STYLES = ("Hyperlink",)
TABLE_STYLES = ("briefgen Table",)
NUMBERED_STYLES = ("List Bullet", "List Number")
"""Paragraph styles that must carry a numbering definition (real Word lists)."""

CLASS_STYLES = {
    "attribution": "Attribution",
    "meta": "Meta",
    "empty": "Empty Note",
    "cover-kind": "Cover Kind",
    "cover-parent": "Subtitle",
    "cover-meta": "Cover Meta",
    "cover-publisher": "Cover Publisher",
    "sheet-kind": "Sheet Kind",
    "sheet-meta": "Sheet Meta",
}
"""Paragraph classes of the HTML set (docs/templates.md) and their Word styles."""
COVER_STYLES = {"Title": "Cover Title", "Subtitle": "Cover Subtitle"}
"""Styles a cover paragraph takes instead, when the reference has them (white on the
theme colour); not required: without them the cover's runs are painted white."""
CONTAINER_STYLES = {"quote": "Quote", "reported": "Reported"}
"""Classes of containers whose paragraphs take a style (blockquote.quote, div.reported)."""
BLOCK_TEXT = "Block Text"
"""The style of a quotation written in a Markdown field (a ``blockquote`` without a class),
Word's own name for an indented passage (Pandoc's too): the reference's when it defines it,
else added to the document where one is written (:func:`ensure_block_text`)."""
BLOCK_TEXT_BAR = "D5DBE1"
"""The colour of its bar, style.css's (``blockquote:not(.quote)``: the rules' grey)."""
_TYPES = {"paragraph": PARAGRAPH_STYLES, "character": CHARACTER_STYLES, "table": TABLE_STYLES}


def reference_path(project: Project) -> tuple[Path, str]:
    """(path, name for messages) of the reference document this project uses."""
    path = resolve_template(REFERENCE_NAME, project.root / "templates")
    if path.parent == BUILTIN_DIR:
        return path, f"builtin:{REFERENCE_NAME}"
    return path, f"templates/{REFERENCE_NAME}"


_read_package: Callable[[IO[bytes]], Any] = PackageReader.from_file
_unmarshal: Callable[[Any, Package, Callable[..., Part]], None] = Unmarshaller.unmarshal
_new_part: Callable[..., Part] = PartFactory  # type: ignore[assignment]  # its __new__ makes a Part
"""python-docx's reading of a package, as ``docx.Document`` does it (its functions are untyped)."""


class _Reference:
    """A reference document read, parsed and checked once (per worker, per version of the
    file): each document gets a fresh copy of its parts (:meth:`document`), never another
    document's edits.

    The zip is read and its XML parsed once; a copy deep-copies the parsed XML parts (a
    document edits its body, styles, numbering, settings and core properties) and shares
    the other parts' bytes, which nothing changes (``set_app_properties`` gives its copy
    of ``app.xml`` new bytes). The parts are put together by python-docx's own unmarshaller,
    as ``docx.Document`` does, with each XML part's class as the parse made it.
    """

    def __init__(self, data: bytes) -> None:
        self._reader = _read_package(io.BytesIO(data))
        model = Package()
        _unmarshal(self._reader, model, _new_part)
        main = model.main_document_part
        if main.content_type != CT.WML_DOCUMENT_MAIN:
            raise ValueError(f"it is not a Word file (its content type is {main.content_type})")
        self._parts: dict[str, Part] = {str(part.partname): part for part in model.iter_parts()}
        checked = self.document()
        self.index = _style_index(checked.styles.element)
        self.problems = StyleMap(checked, self.index).preflight()

    def document(self) -> Document:
        """A fresh Document on the reference: its own copy of every part that can change."""
        package = Package()
        _unmarshal(self._reader, package, self._part)
        document: Document = package.main_document_part.document
        return document

    def _part(
        self, partname: PackURI, content_type: str, reltype: str, blob: bytes, package: Package
    ) -> Part:
        model = self._parts.get(str(partname))
        if isinstance(model, XmlPart):
            return type(model)(partname, content_type, deepcopy(model.element), package)
        return _new_part(partname, content_type, reltype, blob, package)


reference_parses = 0
"""How many times this process has parsed a reference document: once per file and version."""


@lru_cache(maxsize=8)
def _reference(path: str, mtime_ns: int, size: int) -> _Reference:
    global reference_parses
    reference_parses += 1
    return _Reference(Path(path).read_bytes())


def open_reference(project: Project) -> tuple[Document, StyleMap]:
    """A fresh python-docx Document on the reference, checked; raises BriefgenError.

    The reference is parsed and checked once per process and version of the file (its
    path, modification time and size): a project's own reference.docx that changes is
    read again."""
    path, shown = reference_path(project)
    where = Location(shown) if shown.startswith("templates/") else None
    try:
        stat = path.stat()
        reference = _reference(str(path), stat.st_mtime_ns, stat.st_size)
    except Exception as exc:  # a broken override: any parse error names the file
        raise BriefgenError(
            [Diagnostic("error", f"{shown} is not a readable Word document: {exc}", "docx", where)]
        ) from None
    if reference.problems:
        hint = (
            "; start from briefgen's own reference.docx (tools/make_reference_docx.py) "
            "and change its styles"
        )
        raise BriefgenError(
            Diagnostic("error", f"{shown}: {problem}{hint}", "docx-reference", where)
            for problem in reference.problems
        )
    document = reference.document()
    return document, StyleMap(document, reference.index, builtin=shown.startswith("builtin:"))


@dataclass(frozen=True)
class _Style:
    style_id: str
    kind: str
    element: Element


_Index = dict[tuple[str, str], tuple[str, str, int]]
"""(type, lower-case name) -> (styleId, type, position among the ``w:style`` elements)."""


def _style_index(root: Element) -> _Index:
    """The styles of a ``w:styles`` root by type and name (the first of a name counts)."""
    index: _Index = {}
    for position, style in enumerate(root.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        if name is None:
            continue
        kind = style.get(qn("w:type"), "paragraph")
        key = (kind, str(name.get(qn("w:val"), "")).lower())
        index.setdefault(key, (style.get(qn("w:styleId"), ""), kind, position))
    return index


class StyleMap:
    """Style name -> styleId of one document (ids differ between Word's languages).

    ``index``: the reference's (``_style_index``), read once, for a copy of it."""

    def __init__(
        self, document: Document, index: _Index | None = None, *, builtin: bool = True
    ) -> None:
        self.document = document
        self.builtin = builtin
        """The styles are briefgen's own reference.docx's, not a project's (whose styles
        keep their metrics and spacing)."""
        self.root: Element = document.styles.element
        if index is None:
            index = _style_index(self.root)
        elements = self.root.findall(qn("w:style"))
        self._by_name: dict[tuple[str, str], _Style] = {
            key: _Style(style_id, kind, elements[position])
            for key, (style_id, kind, position) in index.items()
        }
        self._by_id: dict[tuple[str, str], tuple[str, _Style]] = {}
        for (kind, name), style in self._by_name.items():
            self._by_id.setdefault((kind, style.style_id), (name, style))

    def add(self, element: Element) -> None:
        """Add a style (a ``w:style`` with its name) to the document's styles."""
        self.root.append(element)
        name = element.find(qn("w:name"))
        kind = element.get(qn("w:type"), "paragraph")
        key = (kind, str(name.get(qn("w:val"), "") if name is not None else "").lower())
        style = _Style(element.get(qn("w:styleId"), ""), kind, element)
        self._by_name.setdefault(key, style)
        self._by_id.setdefault((kind, style.style_id), (key[1], style))

    def has(self, name: str, kind: str = "paragraph") -> bool:
        return (kind, name.lower()) in self._by_name

    def id(self, name: str, kind: str = "paragraph") -> str:
        return self._by_name[(kind, name.lower())].style_id

    def element(self, name: str, kind: str = "paragraph") -> Element:
        return self._by_name[(kind, name.lower())].element

    def name_of(self, style_id: str, kind: str = "paragraph") -> str | None:
        """The name (as the writer spells it) of the style ``style_id``, or None."""
        found = self._by_id.get((kind, style_id))
        if found is None:
            return None
        name, style = found
        shown = style.element.find(qn("w:name"))
        return str(shown.get(qn("w:val"))) if shown is not None else name

    def preflight(self) -> list[str]:
        """One message per style the writer needs and the reference lacks."""
        problems = [
            f'the {kind} style "{name}" is missing (the DOCX writer needs it)'
            for kind, names in _TYPES.items()
            for name in names
            if not self.has(name, kind)
        ]
        numbering = _numbering_root(self.document)
        defined = {
            str(num.get(qn("w:numId")))
            for num in (numbering.findall(qn("w:num")) if numbering is not None else [])
            if num.find(qn("w:abstractNumId")) is not None
        }
        for name in NUMBERED_STYLES:
            if self.has(name) and self.num_id(name) not in defined:
                problems.append(f'the style "{name}" has no list numbering (Format > Numbering)')
        return problems

    def num_id(self, name: str) -> str | None:
        """The numId a paragraph style's numbering uses, following basedOn."""
        seen: set[str] = set()
        style: Element | None = self.element(name)
        while style is not None:
            num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            if num is not None:
                value = str(num.get(qn("w:val"), ""))
                return value if value not in ("", "0") else None
            based = style.find(qn("w:basedOn"))
            if based is None:
                return None
            base_id = str(based.get(qn("w:val"), ""))
            if base_id in seen:
                return None
            seen.add(base_id)
            style = next((s.element for s in self._by_name.values() if s.style_id == base_id), None)
        return None

    def run_property(self, name: str, tag: str) -> Element | None:
        """The run property ``tag`` (``w:b``, ``w:sz``...) a paragraph style gives its text,
        following basedOn, then the document's defaults; None when nothing sets it."""
        seen: set[str] = set()
        style: Element | None = self.element(name) if self.has(name) else None
        while style is not None:
            found = style.find(f"{qn('w:rPr')}/{qn(tag)}")
            if found is not None:
                return found
            based = style.find(qn("w:basedOn"))
            base_id = "" if based is None else str(based.get(qn("w:val"), ""))
            if not base_id or base_id in seen:
                break
            seen.add(base_id)
            found_style = self._by_id.get(("paragraph", base_id))
            style = None if found_style is None else found_style[1].element
        defaults = self.root.find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn(tag)}"
        )
        return defaults


def ensure_block_text(styles: StyleMap) -> None:
    """Add the Block Text style to a document whose reference lacks it: based on Normal (the
    text's own type, as the PDF sets a quotation in a Markdown field), with the Quote
    style's indent and bar, the bar in the rules' grey. Written only into the documents
    that hold such a quotation: the others' styles stay the reference's."""
    if styles.has(BLOCK_TEXT):
        return
    ids = {str(s.get(qn("w:styleId"), "")) for s in styles.root.iterfind(qn("w:style"))}
    style_id, number = "BlockText", 1
    while style_id in ids:
        number += 1
        style_id = f"BlockText{number}"
    ppr = el("w:pPr")
    quote = styles.element("Quote").find(qn("w:pPr"))
    for name in ("w:pBdr", "w:ind"):
        found = quote.find(qn(name)) if quote is not None else None
        if found is not None:
            put(ppr, deepcopy(found))
    for side in ppr.iterfind(f"{qn('w:pBdr')}/*"):
        if side.get(qn("w:color")) is not None:
            side.set(qn("w:color"), BLOCK_TEXT_BAR)
    styles.add(
        el(
            "w:style",
            el("w:name", val=BLOCK_TEXT),
            el("w:basedOn", val=styles.id("Normal")),
            el("w:uiPriority", val=30),
            el("w:qFormat"),
            ppr,
            type="paragraph",
            styleId=style_id,
        )
    )


def hex_color(css: str) -> str | None:
    """``RRGGBB`` for a CSS colour (alpha ignored), or None when it does not parse."""
    import tinycss2.color3

    parsed = tinycss2.color3.parse_color(css)
    if parsed is None or isinstance(parsed, str):
        return None
    red, green, blue = (round(max(0.0, min(1.0, c)) * 255) for c in parsed[:3])
    return f"{red:02X}{green:02X}{blue:02X}"


def theme_color(css: str) -> str:
    """``RRGGBB`` of the theme colour ``css``; the reference's own blue when it does not parse."""
    return hex_color(css) or DEFAULT_PRIMARY


def apply_theme(document: Document, primary_css: str, font_family: tuple[str, ...] = ()) -> None:
    """Recolour the reference's default blue with the theme colour; the theme's first font
    family (Word names one family per script) for Latin and Cyrillic text."""
    if font_family:
        doc_defaults = child(document.styles.element, "w:docDefaults")
        defaults = child(child(doc_defaults, "w:rPrDefault"), "w:rPr")
        fonts = defaults.find(qn("w:rFonts"))
        if fonts is None:
            fonts = put(defaults, el("w:rFonts"))
        for attr in ("ascii", "hAnsi"):
            fonts.attrib.pop(qn(f"w:{attr}Theme"), None)
            fonts.set(qn(f"w:{attr}"), font_family[0])
    primary = theme_color(primary_css)
    roots = [document.styles.element]
    numbering = _numbering_root(document)
    if numbering is not None:
        roots.append(numbering)
    if primary != DEFAULT_PRIMARY:
        for root in roots:
            for node in root.iter():
                for attr in (qn("w:color"), qn("w:fill"), qn("w:val")):
                    if str(node.get(attr, "")).upper() == DEFAULT_PRIMARY:
                        node.set(attr, primary)


_PBDR_ORDER = ("top", "left", "bottom", "right", "between", "bar")
_SWAP = {"left": "right", "right": "left"}
_PLAIN_SCRIPTS = ("bidi", "eastAsia")
"""Languages whose script has no italic of its own: their styles are upright, as in style.css."""


def apply_language(document: Document, language: Language) -> None:
    """The document's language and direction in the reference's defaults and styles.

    - the default language (``w:lang``) in the language's slot, also for the theme fonts;
    - a font for each script in the defaults (``w:rFonts``: Arabic in ``w:cs``, Chinese
      in ``w:eastAsia``) where the reference names none;
    - right to left: paragraphs default to right to left (``w:bidi``); a paragraph
      style's left and right borders change sides (``w:bidi`` mirrors indents,
      alignment and tabs, not borders: the Quote bar moves to the right, where the
      PDF draws it), and letter-spacing goes (it would pull joined Arabic letters apart);
    - Arabic and Chinese styles are upright (quotes, notes, captions), as style.css sets
      them: those scripts have no italics, only a slanted copy. Emphasis written in the
      content (``<em>``) stays italic, in both slots (``w:i``, ``w:iCs``);
    - Chinese and Japanese: Word's own space between Han characters and Latin text or
      digits is off (``w:autoSpaceDE``, ``w:autoSpaceDN``): the HTML holds the space
      the PDF prints (:mod:`briefgen.render.spacing`), and dates keep their digits
      against the characters ("2021年3月10日"), as in the PDF.
    """
    root = document.styles.element
    doc_defaults = child(root, "w:docDefaults")
    defaults = child(child(doc_defaults, "w:rPrDefault"), "w:rPr")
    fonts = defaults.find(qn("w:rFonts"))
    if fonts is None:
        fonts = put(defaults, el("w:rFonts", ascii=LATIN_FONT, hAnsi=LATIN_FONT))
    for attr, name in (("cs", ARABIC_FONT), ("eastAsia", CJK_FONT)):
        if fonts.get(qn(f"w:{attr}")) is None and fonts.get(qn(f"w:{attr}Theme")) is None:
            fonts.set(qn(f"w:{attr}"), name)
    lang_el = defaults.find(qn("w:lang"))
    if lang_el is None:
        lang_el = put(defaults, el("w:lang"))
    lang_el.set(qn(f"w:{language.slot}"), language.tag)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn(f"w:{language.slot}"), language.tag)
    if language.rtl:
        put(child(child(doc_defaults, "w:pPrDefault"), "w:pPr"), el("w:bidi"))
        for border_box in root.iterfind(f"{qn('w:style')}/{qn('w:pPr')}/{qn('w:pBdr')}"):
            mirror_borders(border_box)
        for rpr in root.iter(qn("w:rPr")):
            for spacing in rpr.findall(qn("w:spacing")):
                rpr.remove(spacing)
    if language.code in SPACED_LANGUAGES:
        paragraph_defaults = child(child(doc_defaults, "w:pPrDefault"), "w:pPr")
        put(paragraph_defaults, el("w:autoSpaceDE", val=0))
        put(paragraph_defaults, el("w:autoSpaceDN", val=0))
    if language.slot in _PLAIN_SCRIPTS:
        for rpr in root.iterfind(f"{qn('w:style')}/{qn('w:rPr')}"):
            if any(is_on(rpr.find(qn(tag))) for tag in ("w:i", "w:iCs")):
                put(rpr, el("w:i", val=0))
                put(rpr, el("w:iCs", val=0))


def is_on(toggle: Element | None) -> bool:
    """Whether a WordprocessingML on/off property (``w:i``, ``w:keepNext``, ``w:bidi``...) is
    present and not turned off (``w:val`` 0, false or off)."""
    return toggle is not None and str(toggle.get(qn("w:val"), "1")) not in ("0", "false", "off")


def mirror_borders(box: Element) -> None:
    """Swap a ``w:pBdr``'s left and right borders, keeping the schema's order."""
    sides = list(box)
    for side in sides:
        local = str(side.tag).rsplit("}", 1)[-1]
        if local in _SWAP:
            side.tag = qn(f"w:{_SWAP[local]}")
        box.remove(side)

    def rank(side: Element) -> int:
        local = str(side.tag).rsplit("}", 1)[-1]
        return _PBDR_ORDER.index(local) if local in _PBDR_ORDER else len(_PBDR_ORDER)

    for side in sorted(sides, key=rank):
        box.append(side)


def clear_other_side(box: Element) -> None:
    """Add to a ``w:pBdr`` a cleared border (``nil``) on the other side of each of its left
    and right borders, keeping the schema's order: a paragraph's own borders replace its
    style's side by side, so a bar moved to the other side than its style's leaves none
    there."""
    for side in list(box):
        local = str(side.tag).rsplit("}", 1)[-1]
        if local in _SWAP and box.find(qn(f"w:{_SWAP[local]}")) is None:
            box.append(el(f"w:{_SWAP[local]}", val="nil"))

    def rank(side: Element) -> int:
        local = str(side.tag).rsplit("}", 1)[-1]
        return _PBDR_ORDER.index(local) if local in _PBDR_ORDER else len(_PBDR_ORDER)

    for side in sorted(box, key=rank):
        box.append(side)


def _numbering_root(document: Document) -> Element | None:
    """The numbering part's root, without creating one when the reference has none."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in document.part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            return rel.target_part.element
    return None


def apply_metrics(styles: StyleMap, metrics: dict[str, StyleMetrics]) -> None:
    """Font size, exact line height and spacing of each style, as the PDF lays them out
    (:func:`briefgen.writers.docx.layout.style_metrics`)."""
    for name, metric in sorted(metrics.items()):
        if not styles.has(name):
            continue
        style = styles.element(name)
        rpr = child(style, "w:rPr")
        put(rpr, el("w:sz", val=metric.half_points))
        put(rpr, el("w:szCs", val=metric.half_points))
        spacing = child(child(style, "w:pPr"), "w:spacing")
        spacing.set(qn("w:line"), str(metric.line))
        spacing.set(qn("w:lineRule"), "exact")
        if metric.spacing is not None:
            spacing.set(qn("w:before"), str(metric.spacing[0]))
            spacing.set(qn("w:after"), str(metric.spacing[1]))
