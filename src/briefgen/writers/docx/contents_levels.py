"""A briefing pack's contents in Word, each kind of line on a level whose style has its look.

A pack's contents has three kinds of line: a group's title ("Country fact sheets", in
capitals and the theme colour, without a page number), a part's title (bold) and a
report's section (indented, smaller). Word's F9, and LibreOffice's update, make the
contents again from its TC fields and give each entry its level's style (TOC 1, TOC 2...),
dropping any formatting of the entry's own. With group lines and parts both on level 1,
an updated pack lost the group lines' capitals and colour and the parts' weight.

Here, in a contents with group lines, a group line is on level 1, a part on level 2 and
a section on level 3, and each level's style in this document is given the look its
lines have in the PDF: TOC 1 the group lines' (from TOC 1's own paragraph settings), TOC
2 the parts' (TOC 1's paragraph settings, no indent), TOC 3 the sections' (what TOC 2
was: the indent and size of a sub-entry). The lines are then written in their styles with
nothing of their own, and F9 keeps their look. A report's contents (no group lines) is
written as before, on levels 1 and 2.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import replace

from briefgen.writers.docx import fields as f
from briefgen.writers.docx.styles import StyleMap
from briefgen.writers.docx.wml import Element, el, put, qn

LEVELS = 3
"""Levels of a grouped contents: group lines, parts, sections."""


def is_grouped(entries: list[f.TocEntry]) -> bool:
    """Whether the contents has group lines (a pack's)."""
    return any(entry.group and entry.text for entry in entries)


def grouped_levels(entries: list[f.TocEntry]) -> list[f.TocEntry]:
    """The entries of a grouped contents on their levels: group 1, part 2, section 3."""
    return [replace(e, level=1 if e.group else min(e.level + 1, LEVELS)) for e in entries]


def style_names(levels: int) -> dict[int, str]:
    return {level: f"TOC {level}" for level in range(1, levels + 1)}


def restyle(styles: StyleMap, entries: list[f.TocEntry]) -> dict[int, int]:
    """Give TOC 1 to 3 of this document the looks of a grouped contents' lines (their first
    line of each level); returns each level's space before, in twips, as its style has it
    (a line with another space keeps its own)."""
    if not styles.has("TOC 3"):
        _add_copy(styles, "TOC 2", "TOC 3")
    sources = {
        1: deepcopy(styles.element("TOC 1")),
        2: deepcopy(styles.element("TOC 1")),
        3: deepcopy(styles.element("TOC 2")),
    }
    spaces: dict[int, int] = {}
    for level, source in sources.items():
        target = styles.element(f"TOC {level}")
        for tag in ("w:pPr", "w:rPr"):
            old = target.find(qn(tag))
            if old is not None:
                target.remove(old)
            new = source.find(qn(tag))
            target.append(deepcopy(new) if new is not None else el(tag))
        lines = [e for e in entries if e.level == level]
        if not lines:
            continue
        # A group's title after the first one has the space its top margin gives it.
        space = max(e.space_before for e in lines)
        spaces[level] = space
        if space:
            spacing = target.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
            if spacing is None:
                spacing = el("w:spacing")
                put(target.find(qn("w:pPr")), spacing)
            spacing.set(qn("w:before"), str(space))
        _give_look(target.find(qn("w:rPr")), lines[0])
    return spaces


def _give_look(rpr: Element, line: f.TocEntry) -> None:
    look = line.look
    if look is not None and look.bold:
        put(rpr, el("w:b"))
        put(rpr, el("w:bCs"))
    if line.caps:
        put(rpr, el("w:caps"))
    if look is not None and look.color:
        put(rpr, el("w:color", val=look.color))
    if look is not None and look.half_points:
        put(rpr, el("w:sz", val=look.half_points))
        put(rpr, el("w:szCs", val=look.half_points))


def _add_copy(styles: StyleMap, name: str, new_name: str) -> None:
    """A style ``new_name`` made as a copy of ``name`` (a project's reference.docx may lack
    TOC 3, which Word keeps among its latent styles)."""
    copy = deepcopy(styles.element(name))
    ids = {str(s.get(qn("w:styleId"), "")) for s in styles.root.iterfind(qn("w:style"))}
    style_id = new_name.replace(" ", "")
    while style_id in ids:
        style_id += "x"
    copy.set(qn("w:styleId"), style_id)
    shown = copy.find(qn("w:name"))
    if shown is not None:
        shown.set(qn("w:val"), new_name.lower())
    styles.add(copy)
