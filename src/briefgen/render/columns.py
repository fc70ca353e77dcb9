"""Column widths of tables, estimated from their text: one estimate for both writers.

WeasyPrint's automatic table layout lays out the text of every cell to measure
it (about a tenth of a country sheet's time). Instead, once a document's HTML is
rendered, each table that does not size its own columns gets a ``<colgroup>``
whose ``<col>`` widths come from an estimate of its text, and ``table-layout:
fixed`` (:func:`size_tables`). The PDF lays the table out at those widths
without measuring; the DOCX writer reads the same ``<col>`` widths
(:func:`col_widths`), so both show the same columns.

The estimate imitates the automatic layout at the width the table usually has
(the built-in style's text column, or a ``div.band``'s share of it): each
column's narrowest width (its widest word, or its whole line when the column
must not wrap) and its widest (its longest line), then the space between
shared as CSS shares it. Widths of characters are Noto Sans's (the built-in
font) for ASCII, one em for East Asian wide characters, and class averages
for other scripts. A column that must not wrap (``td.num``; the first column
of ``table.agenda`` and ``table.participation``, as style.css sets them; a
cell with ``white-space: nowrap``) gets its longest line and a margin as a
length of its own, whatever the table's width: each width is written
``calc(A% + Bem)``, the ``B`` parts summing to zero and the ``A`` parts to
100 %, so that the columns always fill the table exactly.

A table that names widths of its own (a ``<colgroup>`` or ``<col>``, a
``width`` on a cell, a ``table-layout``) is left as the template wrote it, and
so is a table the estimate cannot fit in its width (its content wider than
the table: the automatic layout decides).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import html as lxml_html

if TYPE_CHECKING:
    from lxml.html import HtmlElement as Element

_REGULAR = (
    260, 269, 408, 646, 572, 831, 732, 225, 300, 300, 551, 572, 268, 322, 268, 372,
    572, 572, 572, 572, 572, 572, 572, 572, 572, 572, 268, 268, 572, 572, 572, 434,
    899, 639, 650, 632, 730, 556, 519, 728, 741, 339, 273, 619, 524, 907, 760, 781,
    605, 781, 622, 549, 556, 731, 600, 930, 586, 566, 572, 329, 372, 329, 572, 444,
    281, 561, 615, 480, 615, 564, 344, 615, 618, 258, 258, 534, 258, 935, 618, 605,
    615, 615, 413, 479, 361, 618, 508, 786, 529, 510, 470, 380, 551, 380, 572,
)  # fmt: skip
"""Advance widths of U+0020–U+007E in Noto Sans Regular, in thousandths of an em."""
_BOLD = (
    260, 286, 472, 646, 572, 901, 750, 266, 339, 339, 545, 572, 285, 322, 285, 413,
    572, 572, 572, 572, 572, 572, 572, 572, 572, 572, 285, 285, 572, 572, 572, 477,
    897, 690, 672, 637, 740, 560, 549, 724, 765, 389, 331, 664, 565, 943, 813, 796,
    628, 796, 660, 551, 579, 756, 650, 967, 667, 624, 579, 331, 413, 331, 572, 411,
    362, 604, 633, 514, 633, 591, 387, 633, 657, 305, 305, 620, 305, 982, 657, 619,
    633, 633, 454, 497, 434, 657, 569, 856, 578, 569, 488, 394, 551, 394, 572,
)  # fmt: skip
"""The same in Noto Sans Bold (header cells)."""

OTHER_EM = 0.64
"""A letter of another alphabetic script (accented Latin, Cyrillic, Greek): Noto Sans's
Cyrillic averages 0.62 em."""
ARABIC_EM = 0.55
"""An Arabic letter (Noto Naskh Arabic: joined forms are narrower than isolated ones)."""
WIDE_EM = 1.0
"""An East Asian wide or full-width character (Noto Sans CJK)."""
BOLD_FACTOR = 1.07
"""A bold character outside ASCII, against its regular width."""

PADDING_EM = 1.6
"""A cell's padding at both ends (style.css: 2.5 mm each side, 1.57 em of 9 pt type)."""
NOWRAP_FACTOR = 1.1
NOWRAP_EM = 0.5
"""The margin of a column that must not wrap: 10 % of its longest line and half an em
(another font than Noto Sans, LibreOffice's slightly wider measure)."""
LONGEST_WORD_EM = 15.0
"""A word counted at most this wide in a column's narrowest width (a long URL)."""
ANYWHERE_EM = 4.0
"""The narrowest width of text that may break anywhere (``overflow-wrap: anywhere``)."""
MIN_COLUMN_EM = 3.0
"""Narrowest column, padding included."""
TEXT_EM = 53.5
"""The width of a table in the built-in style's text column: 170 mm of 9 pt type."""
BAND_GAP_EM = 1.9
"""The gap between the sections of a ``div.band`` (style.css: 6 mm)."""
NOWRAP_FIRST_COLUMN = frozenset(("agenda", "participation"))
"""Tables whose first column style.css keeps on one line (``white-space: nowrap``)."""
FIRST_COLUMN_SHARE = {"agenda": 0.28}
"""Tables whose first column style.css gives a width (``table.agenda td:first-child``: 28 %
of the table): the column keeps it, or its longest line when that is wider."""
UNTIMED = "untimed"
"""An agenda without its "When" column (``table.agenda.untimed``: an event of one day whose
sessions have no times): its first column is the sessions', which wraps and has no width
of its own."""
TABLE_LAYOUT = "table-layout: fixed"


@dataclass(frozen=True)
class Cell:
    element: Element
    header: bool
    span: int
    numeric: bool


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    header: bool


def classes_of(element: Element) -> set[str]:
    """The classes of any element (a table, a cell, a link, a band)."""
    return set(str(element.get("class", "")).split())


def table_rows(table: Element) -> list[Row]:
    """Every row in order: thead rows are header rows; so is a first row made of th only
    (Word repeats only leading header rows)."""
    rows: list[Row] = []
    for tr in table.iter("tr"):
        parent = tr.getparent()
        if parent is not table and parent.getparent() is not table:
            continue  # a row of a nested table
        group = parent.tag if parent is not table else "tbody"
        cells = tuple(
            Cell(td, td.tag == "th", _span(td), "num" in classes_of(td))
            for td in tr
            if td.tag in ("td", "th")
        )
        if not cells:
            continue
        header = group == "thead" or (
            not rows and all(c.header for c in cells) and group != "tfoot"
        )
        rows.append(Row(cells, header))
    leading = True
    fixed: list[Row] = []
    for row in rows:
        leading = leading and row.header
        fixed.append(Row(row.cells, leading))
    return fixed


def _span(cell: Element) -> int:
    try:
        return max(1, min(int(cell.get("colspan", "1")), 63))
    except ValueError:
        return 1


def column_count(rows: list[Row]) -> int:
    return max((sum(c.span for c in row.cells) for row in rows), default=1)


def cell_lines(cell: Element) -> list[str]:
    """The cell's text, one entry per line (``<br>`` and block elements end lines)."""
    return [text for text, _ in _lines(cell)] or [""]


_LINE_BREAKING = ("br", "p", "li", "div")


def _lines(cell: Element, anywhere: bool = False) -> list[tuple[str, str]]:
    """(text, flags) of each line of a cell, whitespace collapsed; ``flags`` has one
    character per character of the text: ``a`` where the text may break anywhere (a
    printed address), ``.`` elsewhere."""
    parts: list[tuple[str, bool]] = []

    def walk(node: Element, free: bool) -> None:
        if node.tag in _LINE_BREAKING:
            parts.append(("\x00", False))
        free = free or (node.tag == "a" and ("url" in classes_of(node) or anywhere))
        if node.text and node.tag != "br":
            parts.append((node.text, free))
        for child in node:
            if isinstance(child.tag, str):
                walk(child, free)
            if child.tail:
                parts.append((child.tail, free))

    walk(cell, False)
    text = "".join(p for p, _ in parts)
    flags = "".join(("a" if free else ".") * len(p) for p, free in parts)
    lines: list[tuple[str, str]] = []
    start = 0
    for index in [*(i for i, c in enumerate(text) if c == "\x00"), len(text)]:
        lines.append(_collapse(text[start:index], flags[start:index]))
        start = index + 1
    return [(t, f) for t, f in lines if t]


_SPACES = re.compile("[ \t\n\r\f]+")


def _collapse(text: str, flags: str) -> tuple[str, str]:
    """Whitespace collapsed as CSS collapses it (a no-break space is no space), ``flags``
    kept in step."""
    if "a" not in flags:
        line = _SPACES.sub(" ", text).strip(" ")
        return line, "." * len(line)
    out, kept = [], []
    space = True
    for char, flag in zip(text, flags, strict=True):
        if char in " \t\n\r\f":
            if not space:
                out.append(" ")
                kept.append(flag)
            space = True
        else:
            out.append(char)
            kept.append(flag)
            space = False
    while out and out[-1] == " ":
        out.pop()
        kept.pop()
    return "".join(out), "".join(kept)


_EMS = (
    {chr(32 + i): w / 1000 for i, w in enumerate(_REGULAR)},
    {chr(32 + i): w / 1000 for i, w in enumerate(_BOLD)},
)
"""Character -> estimated width in ems, regular and bold: ASCII, then each other character
met (:func:`char_em`)."""
_BREAK_AFTER = frozenset("-\u2010\u2013\u2014")


def char_em(char: str, bold: bool = False) -> float:
    """The estimated width of one character, in ems of its type."""
    found = _EMS[bold].get(char)
    if found is not None:
        return found
    code = ord(char)
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf", "Cc"):
        width = 0.0  # combining marks, isolates and other invisible controls
    elif unicodedata.east_asian_width(char) in ("W", "F"):
        width = WIDE_EM
    elif category == "Zs":
        width = 0.26
    elif 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFEFF:
        width = ARABIC_EM * (BOLD_FACTOR if bold else 1.0)
    else:
        width = OTHER_EM * (BOLD_FACTOR if bold else 1.0)
    _EMS[bold][char] = width
    return width


def text_em(text: str, bold: bool = False) -> float:
    """The estimated width of a line of text, in ems."""
    return _measure(text, "." * len(text), bold)[0]


def _measure(text: str, flags: str, bold: bool) -> tuple[float, float]:
    """(the width of a line of text, its widest piece no line may break: its min-content
    width), in ems. Lines break at spaces, after a hyphen or a dash, around East Asian
    wide characters, and anywhere in text flagged ``a`` (counted :data:`ANYWHERE_EM` at
    most); a word counts :data:`LONGEST_WORD_EM` at most."""
    ems = _EMS[bold]
    line = widest = word = free = 0.0
    for char, flag in zip(text, flags, strict=True):
        width = ems.get(char)
        if width is None:
            width = char_em(char, bold)
        line += width
        if char == " " or width == WIDE_EM:  # only a wide character is one em
            widest = max(widest, min(word, LONGEST_WORD_EM), min(free, ANYWHERE_EM))
            word = free = 0.0
            if char != " ":
                widest = max(widest, width)
        elif flag == "a":
            free += width
        else:
            word += width
            if char in _BREAK_AFTER and word > width:
                widest = max(widest, min(word, LONGEST_WORD_EM))
                word = 0.0
    widest = max(widest, min(word, LONGEST_WORD_EM), min(free, ANYWHERE_EM))
    return line, widest


@dataclass(frozen=True)
class Width:
    """A column's width as CSS computes ``calc(percent% + em em)`` of its table."""

    percent: float
    em: float

    def css(self) -> str:
        percent = f"{self.percent:.2f}%"
        if self.percent == 0:
            return f"width: {self.em:.2f}em"
        if self.em == 0:
            return f"width: {percent}"
        sign = "-" if self.em < 0 else "+"
        return f"width: calc({percent} {sign} {abs(self.em):.2f}em)"

    def twips(self, table: float, em: float) -> float:
        return self.percent / 100 * table + self.em * em


def _nowrap(cell: Cell, first: bool, table_classes: set[str]) -> bool:
    if cell.header:
        return False
    if cell.numeric:
        return True
    if first and table_classes & NOWRAP_FIRST_COLUMN:
        return True
    style = str(cell.element.get("style", "")).replace(" ", "").lower()
    return "white-space:nowrap" in style or cell.element.get("nowrap") is not None


def estimate(
    rows: list[Row], columns: int, width_em: float, table_classes: set[str]
) -> list[Width] | None:
    """The columns' widths for a table ``width_em`` wide, or None when its content cannot
    fit that width (then the automatic layout decides)."""
    narrow = [MIN_COLUMN_EM] * columns
    wide = [MIN_COLUMN_EM] * columns
    need = [0.0] * columns
    spans: list[tuple[int, Cell, float, float]] = []
    for row in rows:
        col = 0
        for position, cell in enumerate(row.cells):
            if col >= columns:
                break
            bold = cell.header
            anywhere = "contacts" in table_classes or (
                "facts" in table_classes and position == 2 and not cell.header
            )
            lines = _lines(cell.element, anywhere)
            if anywhere and "facts" in table_classes:
                lines = [(t, "a" * len(t)) for t, _ in lines]
            measured = [_measure(t, f, bold) for t, f in lines] or [(0.0, 0.0)]
            longest = max(line for line, _ in measured) + PADDING_EM
            nowrap = _nowrap(cell, position == 0, table_classes)
            if nowrap:
                least = longest * NOWRAP_FACTOR + NOWRAP_EM
            else:
                least = max(word for _, word in measured) + PADDING_EM
            if cell.span == 1:
                narrow[col] = max(narrow[col], least)
                wide[col] = max(wide[col], longest, least)
                if nowrap:
                    need[col] = max(need[col], least)
            else:
                spans.append((col, cell, least, longest))
            col += cell.span
    for col, cell, least, longest in spans:
        covered = range(col, min(col + cell.span, columns))
        for values, wanted in ((narrow, least), (wide, max(least, longest))):
            lacking = wanted - sum(values[i] for i in covered)
            if lacking > 0:
                for i in covered:
                    values[i] += lacking / len(covered)
    for i in range(columns):
        wide[i] = max(wide[i], narrow[i])
        if need[i]:
            need[i] = narrow[i]  # a column that must not wrap: also its header's words
    given = next(
        (FIRST_COLUMN_SHARE[c] for c in sorted(table_classes & FIRST_COLUMN_SHARE.keys())), None
    )
    first = 0  # columns before it have a width of their own
    if given is not None and columns > 1:  # as the automatic layout gives a width in percent
        narrow[0] = wide[0] = max(narrow[0], given * width_em)
        first = 1
    fixed = sum(need)
    if sum(narrow) > width_em or fixed >= width_em:
        return None
    widths = narrow[:first] + _share(narrow[first:], wide[first:], width_em - sum(narrow[:first]))
    room = width_em - fixed
    shares = [(widths[i] - need[i]) / room for i in range(columns)]
    percents = [round(share * 10000) for share in shares]
    percents[-1] = 10000 - sum(percents[:-1])
    ems = [round((need[i] - shares[i] * fixed) * 100) for i in range(columns)]
    ems[-1] = -sum(ems[:-1])
    return [Width(p / 100, e / 100) for p, e in zip(percents, ems, strict=True)]


def _share(narrow: list[float], wide: list[float], width: float) -> list[float]:
    """Columns' widths as the automatic layout shares ``width``: each its widest when all
    fit (what is left shared in proportion to them), else each its narrowest and the
    rest in proportion to what each lacks of its widest."""
    total_wide = sum(wide)
    if total_wide <= width:
        return [w + (width - total_wide) * w / total_wide for w in wide]
    gap = total_wide - sum(narrow)
    spare = width - sum(narrow)
    return [n + spare * (w - n) / gap for n, w in zip(narrow, wide, strict=True)]


def resolve(widths: list[Width], table: int, em: float) -> list[int]:
    """Widths in twips of a table ``table`` twips wide, its type ``em`` twips; the last
    column takes the rounding."""
    out = [max(round(w.twips(table, em)), 1) for w in widths]
    out[-1] += table - sum(out)
    return out


_COL_WIDTH = re.compile(
    r"^\s*width:\s*(?:calc\(\s*(-?\d+(?:\.\d+)?)%\s*([+-])\s*(\d+(?:\.\d+)?)em\s*\)"
    r"|(-?\d+(?:\.\d+)?)(%|em))\s*;?\s*$"
)


def col_widths(table: Element, columns: int) -> list[Width] | None:
    """The widths :func:`size_tables` wrote in ``table``'s ``<col>`` elements, or None when
    the table has no such widths for its ``columns`` (a template's own)."""
    cols = [col for group in table if group.tag == "colgroup" for col in group if col.tag == "col"]
    if len(cols) != columns:
        return None
    out = []
    for col in cols:
        found = _COL_WIDTH.match(str(col.get("style", "")))
        if found is None or col.get("span"):
            return None
        if found.group(4) is not None:
            value = float(found.group(4))
            out.append(Width(value, 0.0) if found.group(5) == "%" else Width(0.0, value))
        else:
            em = float(found.group(3)) * (-1 if found.group(2) == "-" else 1)
            out.append(Width(float(found.group(1)), em))
    return out


def _sized(table: Element) -> bool:
    """Whether the template sized the table's columns itself."""
    if "table-layout" in str(table.get("style", "")):
        return True
    for node in table.iter("colgroup", "col", "td", "th"):
        if node.tag in ("colgroup", "col") or node.get("width") is not None:
            return True
        if "width" in str(node.get("style", "")):
            return True
    return False


def _width_em(table: Element) -> float | None:
    """The width the table usually has, in ems of its type; None inside another table."""
    width = TEXT_EM
    node = table.getparent()
    child = table
    while node is not None:
        if node.tag in ("td", "th", "table"):
            return None
        if node.tag == "div" and "band" in classes_of(node):
            parts = [c for c in node if isinstance(c.tag, str)]
            if child in parts and len(parts) > 1:
                width = (width - BAND_GAP_EM * (len(parts) - 1)) / len(parts)
        child, node = node, node.getparent()
    return width


def table_widths(table: Element) -> list[Width] | None:
    """The estimated widths of ``table``'s columns, or None (sized by its template, nested,
    or too wide to fit)."""
    if _sized(table):
        return None
    width = _width_em(table)
    rows = table_rows(table)
    if width is None or not rows:
        return None
    classes = classes_of(table)
    if UNTIMED in classes:
        classes -= NOWRAP_FIRST_COLUMN | FIRST_COLUMN_SHARE.keys()
    return estimate(rows, column_count(rows), width, classes)


_TABLE_START = re.compile(r"<table\b[^>]*>", re.IGNORECASE)


def size_tables(html: str) -> str:
    """``html`` with each table that does not size itself given ``<col>`` widths and fixed
    layout. The rest of the text is left as it was, byte for byte."""
    if "<table" not in html:
        return html
    tree = lxml_html.document_fromstring(html)
    tables = list(tree.iter("table"))
    sized = [(table, table_widths(table)) for table in tables]
    starts = list(_TABLE_START.finditer(html))
    simple = len(starts) == len(tables) and all(
        widths is None
        or (
            table.get("style") is None
            and not any(child.tag == "caption" for child in table)
            and "style=" not in starts[index].group().lower()
        )
        for index, (table, widths) in enumerate(sized)
    )
    if not any(widths for _, widths in sized):
        return html
    if not simple:  # a caption, a style of its own: the tree is changed and written again
        for table, widths in sized:
            if widths is not None:
                _set(table, widths)
        return str(lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>"))
    out, at = [], 0
    for match, (_, widths) in zip(starts, sized, strict=True):
        if widths is None:
            continue
        tag = match.group()
        out.append(html[at : match.start()])
        out.append(f'{tag[:-1]} style="{TABLE_LAYOUT}">{_colgroup(widths)}')
        at = match.end()
    out.append(html[at:])
    return "".join(out)


def _colgroup(widths: list[Width]) -> str:
    return "<colgroup>" + "".join(f'<col style="{w.css()}">' for w in widths) + "</colgroup>"


def _set(table: Element, widths: list[Width]) -> None:
    style = str(table.get("style", "")).strip().rstrip(";")
    table.set("style", f"{style}; {TABLE_LAYOUT}" if style else TABLE_LAYOUT)
    group = lxml_html.fragment_fromstring(_colgroup(widths))
    at = 1 if len(table) and table[0].tag == "caption" else 0
    table.insert(at, group)
