"""Runs, fields, bookmarks and hyperlinks: the inline WordprocessingML the writer emits.

Every run and paragraph of the document is made here (:func:`paragraph`,
:func:`text_run`, :func:`text_runs`): a paragraph gets its direction
(``w:bidi``), a run its direction (``w:rtl``) and language (``w:lang``)
here, from a :class:`~briefgen.writers.docx.bidi.Language`. Fields are
complex fields (``fldChar`` begin, separate, end) with a cached result, so
that a reader that does not update fields still shows a finished document.
"""

from __future__ import annotations

import hashlib
import re
from copy import copy
from dataclasses import dataclass
from typing import Any

from briefgen.writers.docx.bidi import Language, lang_attributes, pieces
from briefgen.writers.docx.wml import W_DECLARATION, Element, attributes, el, parsed, put, qn
from briefgen.writers.docx.wml import text as wml_text

_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PAGE_PARTS = re.compile(r"(\{page\}|\{pages\})")
PAGE_LABEL = "Page {page} of {pages}"
"""The footer label when the rendered HTML does not carry its own (it is gettext's msgid)."""


_BIDI = {True: "<w:bidi/>", False: '<w:bidi w:val="0"/>', None: ""}
_PARAGRAPHS: dict[tuple[str | None, bool | None], Element] = {}
"""Empty paragraphs by style and direction, parsed once a process; each call gets a copy."""


def paragraph(style_id: str | None, bidi: bool | None = None) -> Element:
    """A paragraph of style ``style_id``; ``bidi`` True makes it right-to-left, False
    left-to-right in a document whose paragraphs default to right-to-left."""
    made = _PARAGRAPHS.get((style_id, bidi))
    if made is None:
        style = f"<w:pStyle{attributes(val=style_id)}/>" if style_id else ""
        properties = style + _BIDI[bidi]
        made = parsed(
            f"<w:p{W_DECLARATION}><w:pPr>{properties}</w:pPr></w:p>"
            if properties
            else f"<w:p{W_DECLARATION}/>"
        )
        if len(_PARAGRAPHS) < 256:
            _PARAGRAPHS[(style_id, bidi)] = made
    return copy(made)  # lxml copies the whole element, as deepcopy does, at less cost


def el_ppr(p: Element) -> Element:
    """The paragraph's w:pPr, created first in the paragraph when missing."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    return ppr


def text_run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    style_id: str | None = None,
    rtl: bool = False,
    lang: dict[str, str] | None = None,
    hint: str | None = None,
    half_points: int | None = None,
    color: str | None = None,
    upright: bool = False,
    font: str | None = None,
    shade: str | None = None,
    caps: bool = False,
    light: bool = False,
) -> Element:
    """One run of text. Bold and italic are set for both Latin and complex-script text
        (``w:b``/``w:bCs``, ``w:i``/``w:iCs``): Word shows Arabic bold only with ``w:bCs``;
        so is a size of its own (``w:sz``/``w:szCs``). ``caps``: shown in capitals (``w:caps``,
        CSS's ``text-transform: uppercase``), the text kept as written. ``light``: not bold,
    where the paragraph's style is (``w:b w:val="0"``), as ``upright`` is not italic."""
    properties = ""
    flags = (
        bold,
        italic,
        style_id,
        rtl,
        lang,
        hint,
        half_points,
        color,
        upright,
        font,
        shade,
        light,
    )
    if any(flags) or caps:
        # In schema order (wml.RPR_ORDER), as put() would place them.
        if style_id:
            properties += f"<w:rStyle{attributes(val=style_id)}/>"
        if hint or font:
            fonts = {"ascii": font, "hAnsi": font} if font else {}
            if hint:
                fonts["hint"] = hint
            properties += f"<w:rFonts{attributes(**fonts)}/>"
        if bold:
            properties += "<w:b/><w:bCs/>"
        elif light:
            properties += '<w:b w:val="0"/><w:bCs w:val="0"/>'
        if italic:
            properties += "<w:i/><w:iCs/>"
        elif upright:
            properties += '<w:i w:val="0"/><w:iCs w:val="0"/>'
        if caps:
            properties += "<w:caps/>"
        if color:
            properties += f"<w:color{attributes(val=color)}/>"
        if half_points:
            size = attributes(val=str(half_points))
            properties += f"<w:sz{size}/><w:szCs{size}/>"
        if shade:
            properties += f"<w:shd{attributes(val='clear', color='auto', fill=shade)}/>"
        if rtl:
            properties += "<w:rtl/>"
        if lang:
            properties += f"<w:lang{attributes(**lang)}/>"
        properties = f"<w:rPr>{properties}</w:rPr>"
    content = _XML_UNSAFE.sub("", text)
    space = ' xml:space="preserve"' if content != content.strip() else ""
    run = parsed(f"<w:r{W_DECLARATION}>{properties}<w:t{space}>{wml_text(content)}</w:t></w:r>")
    if not content:
        run[-1].text = ""  # an empty text, written <w:t></w:t>, as lxml writes it
    return run


def text_runs(
    texts: list[str],
    language: Language,
    *,
    rtl: bool,
    bold: bool = False,
    italic: bool = False,
    style_id: str | None = None,
    span_lang: str | None = None,
    caps: bool = False,
    color: str | None = None,
    half_points: int | None = None,
) -> list[list[Element]]:
    """The runs of each of ``texts``, read together as (part of) one paragraph of
    direction ``rtl``: split where the direction changes, isolates made marks."""
    lang = lang_attributes(language, span_lang)
    hint = "eastAsia" if language.east_asian else None
    out: list[list[Element]] = []
    for chunk in pieces(texts, rtl):
        out.append(
            [
                text_run(
                    piece,
                    bold=bold,
                    italic=italic,
                    style_id=style_id,
                    rtl=piece_rtl,
                    lang=lang,
                    hint=hint,
                    caps=caps,
                    color=color,
                    half_points=half_points,
                )
                for piece, piece_rtl in chunk
            ]
        )
    return out


def runs_of(
    text: str, language: Language, *, rtl: bool, caps: bool = False, look: RunLook | None = None
) -> list[Element]:
    """Runs for one string in a paragraph of direction ``rtl`` (``caps``: in capitals),
    plain or with ``look``."""
    if look is None:
        return text_runs([text], language, rtl=rtl, caps=caps)[0]
    return text_runs(
        [text],
        language,
        rtl=rtl,
        caps=caps,
        bold=look.bold,
        color=look.color,
        half_points=look.half_points,
    )[0]


def tab_run(rtl: bool = False) -> Element:
    run = el("w:r")
    if rtl:
        run.append(el("w:rPr", el("w:rtl")))
    run.append(el("w:tab"))
    return run


def break_run(kind: str | None = None) -> Element:
    return el("w:r", el("w:br", type=kind) if kind else el("w:br"))


def field(instruction: str, result: list[Element]) -> list[Element]:
    """The runs of a complex field: begin, instruction, separate, cached result, end."""
    instr = el("w:instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [
        el("w:r", el("w:fldChar", fldCharType="begin")),
        el("w:r", instr),
        el("w:r", el("w:fldChar", fldCharType="separate")),
        *result,
        el("w:r", el("w:fldChar", fldCharType="end")),
    ]


def page_label_runs(label: str, language: Language, *, rtl: bool) -> list[Element]:
    """ "Page {page} of {pages}" as text runs around PAGE and NUMPAGES fields."""
    parts = [part for part in _PAGE_PARTS.split(label) if part]
    fields = {"{page}": "PAGE", "{pages}": "NUMPAGES"}
    texts = [("1" if part in fields else part) for part in parts]
    runs: list[Element] = []
    for part, part_runs in zip(parts, text_runs(texts, language, rtl=rtl), strict=True):
        runs += field(fields[part], part_runs) if part in fields else part_runs
    return runs


def external_link(r_id: str, runs: list[Element]) -> Element:
    link = el("w:hyperlink", history=1)
    link.set(qn("r:id"), r_id)
    for run in runs:
        link.append(run)
    return link


def internal_link(anchor: str, runs: list[Element]) -> Element:
    link = el("w:hyperlink", anchor=anchor, history=1)
    for run in runs:
        link.append(run)
    return link


class Bookmarks:
    """Element ids of the HTML as Word bookmark names (letters, digits, _; at most 40)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self._used: set[str] = set()
        self._next_id = 0

    def declare(self, html_id: str) -> str:
        if html_id in self.names:
            return self.names[html_id]
        name = re.sub(r"[^A-Za-z0-9_]", "_", html_id)
        if not name[:1].isalpha():
            name = "id_" + name
        if len(name) > 40 or name.lower() in self._used:
            digest = hashlib.sha256(html_id.encode("utf-8")).hexdigest()[:8]
            name = f"{name[:31]}_{digest}"
        self._used.add(name.lower())
        self.names[html_id] = name
        return name

    def wrap(self, p: Element, html_ids: list[str]) -> None:
        """Bookmark the whole paragraph ``p`` under each id."""
        ppr = p.find(qn("w:pPr"))
        at = 1 if ppr is not None else 0
        for html_id in html_ids:
            self._next_id += 1
            start = el("w:bookmarkStart", id=self._next_id, name=self.declare(html_id))
            p.insert(at, start)
            at += 1
            p.append(el("w:bookmarkEnd", id=self._next_id))


@dataclass(frozen=True)
class RunLook:
    """How an entry's text looks in the PDF, for its runs: bold, colour (RRGGBB), size."""

    bold: bool = False
    color: str | None = None
    half_points: int | None = None


@dataclass(frozen=True)
class TocEntry:
    level: int
    """1 or 2 (TOC 1 / TOC 2); in a pack's contents 1 to 3 (writers/docx/contents_levels.py)."""
    text: str
    anchor: str | None
    """Bookmark name of the target, when the target exists."""
    page: int | None
    """Page in the PDF layout, when known."""
    caps: bool = False
    """Its text in capitals (``w:caps``), as the stylesheet sets it."""
    look: RunLook | None = None
    """Its text's weight, colour and size in the PDF (a pack's group lines and parts)."""
    space_before: int = 0
    """Twips above it, as the PDF's top margin of the entry (a pack's group lines)."""
    mark: str = ""
    """The entry's element (``MARK``), whose metrics the PDF layout has."""
    group: bool = False
    """A line that names a group of entries and links nowhere (a pack's "Country fact
    sheets")."""


TOC_TYPE = "B"
"""The type of the TC fields the writer puts where each contents entry points: the TOC
field lists those alone (``\\f B``)."""
TOC_INSTRUCTION = f"TOC \\f {TOC_TYPE} \\h \\z"
"""Built from briefgen's TC fields, not from the heading styles: updated in Word (F9) or
LibreOffice, the contents lists what the PDF's lists (a report's chapters and sessions,
a pack's group lines, parts and the report's chapters), not every heading of every part."""


def tc_instruction(entry: TocEntry, rtl: bool) -> str:
    """The TC field that makes ``entry`` an entry of the contents when Word updates it: its
    text (with the bidi marks its cached runs have, in a right-to-left contents: Word draws
    the HTML's isolates as boxes) and level, without a page number for a line that has
    none (a pack's group line)."""
    text = "".join(piece for piece, _ in pieces([entry.text], rtl)[0])
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    instruction = f'TC "{text}" \\f {TOC_TYPE} \\l {entry.level}'
    return instruction + " \\n" if entry.anchor is None else instruction


def marks_by_target(entries: list[TocEntry], rtl: bool) -> dict[str, list[str]]:
    """Bookmark name -> the TC instructions of the contents entries that go in its
    paragraph: its own, after those of entries without a target that come before it (a
    pack's group line, marked at its group's first part)."""
    marks: dict[str, list[str]] = {}
    waiting: list[str] = []
    for entry in entries:
        if entry.anchor is None:
            if entry.text:
                waiting.append(tc_instruction(entry, rtl))
            continue
        marks.setdefault(entry.anchor, []).extend([*waiting, tc_instruction(entry, rtl)])
        waiting = []
    return marks


def mark_entries(p: Element, instructions: list[str]) -> None:
    """TC fields with ``instructions`` at the start of ``p``, after its properties and the
    bookmarks that begin it: where Word takes each entry's page from. A TC field's result
    is empty: it prints nothing."""
    at = 0
    for child_element in p:
        if child_element.tag not in (qn("w:pPr"), qn("w:bookmarkStart")):
            break
        at += 1
    for instruction in instructions:
        for run in field(instruction, []):
            p.insert(at, run)
            at += 1


def toc_paragraphs(
    entries: list[TocEntry],
    style_ids: dict[int, str],
    width: int,
    language: Language,
    *,
    bidi: bool | None = None,
    style_spaces: dict[int, int] | None = None,
) -> list[Element]:
    """The TOC field: one paragraph per entry, its cached result already filled in.

    ``width`` (twips) places the end-aligned, dot-led page numbers at the end
    of the text column, as Word itself writes them (in a right-to-left
    paragraph, "right" is the end: the left margin). ``style_spaces``: the space
    before (twips) that each level's style gives; an entry with another has its own.
    """
    rtl = bool(bidi)
    paragraphs: list[Element] = []
    for entry in entries or [TocEntry(1, "", None, None)]:
        p = paragraph(style_ids.get(entry.level, style_ids[1]), bidi)
        properties = el_ppr(p)
        put(properties, el("w:tabs", el("w:tab", val="right", leader="dot", pos=width)))
        if entry.space_before != (style_spaces or {}).get(entry.level, 0):
            put(properties, el("w:spacing", before=entry.space_before))
        look = entry.look
        runs = (
            runs_of(entry.text, language, rtl=rtl, caps=entry.caps, look=look) if entry.text else []
        )
        if entry.page is not None and entry.anchor:
            runs.append(tab_run(rtl))
            runs += field(
                f"PAGEREF {entry.anchor} \\h",
                runs_of(str(entry.page), language, rtl=rtl, look=look),
            )
        if entry.anchor:
            p.append(internal_link(entry.anchor, runs))
        else:
            for run in runs:
                p.append(run)
        paragraphs.append(p)
    begin = field(TOC_INSTRUCTION, [])
    first = paragraphs[0]
    at = 1  # after w:pPr
    for run in begin[:3]:
        first.insert(at, run)
        at += 1
    paragraphs[-1].append(begin[-1])
    return paragraphs


def write_furniture(
    section: Any,
    *,
    header_id: str,
    footer_id: str,
    title: str,
    office: str,
    label: str,
    width: int,
    cover: bool,
    language: Language,
    bidi: bool | None = None,
) -> None:
    """Running header (title at the start, office at the end) and "Page X of Y" footer.

    The header's tab stop and the footer's alignment are logical: in a
    right-to-left paragraph (``bidi``) the title is on the right, the office
    on the left and the page label (the Footer style's "right", the end) on
    the left, as in the PDF. The first page has its own header and footer:
    none on it, as in the PDF, and no page number either when the first page
    is the report's cover.
    """
    rtl = bool(bidi)
    section.different_first_page_header_footer = True
    header = paragraph(header_id, bidi)
    put(el_ppr(header), el("w:tabs", el("w:tab", val="right", pos=width)))
    for run in (
        *runs_of(title, language, rtl=rtl),
        tab_run(rtl),
        *runs_of(office, language, rtl=rtl),
    ):
        header.append(run)

    def footer() -> Element:
        p = paragraph(footer_id, bidi)
        for run in page_label_runs(label, language, rtl=rtl):
            p.append(run)
        return p

    for part, content in (
        (section.header, header),
        (section.first_page_header, paragraph(None, bidi)),
        (section.footer, footer()),
        (section.first_page_footer, paragraph(footer_id, bidi) if cover else footer()),
    ):
        part.is_linked_to_previous = False
        root = part._element
        for node in list(root):
            root.remove(node)
        root.append(content)
