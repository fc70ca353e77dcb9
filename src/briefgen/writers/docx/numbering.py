"""Real Word lists: every HTML list becomes its own numbering instance of the reference's lists.

The reference document links "List Bullet" and "List Number" to multi-level
numbering definitions. Each ``<ol>`` gets a new ``w:num`` on the numbered
definition with a start override, so that it restarts at 1 (or at its
``start``), as Word does for "Restart numbering"; a nested list uses the next
level of the same definition.
"""

from __future__ import annotations

from docx.document import Document

from briefgen.writers.docx.styles import StyleMap
from briefgen.writers.docx.wml import Element, el, put, qn

BULLET_STYLE = "List Bullet"
NUMBER_STYLE = "List Number"
MAX_LEVEL = 8


class Numbering:
    def __init__(self, document: Document, styles: StyleMap) -> None:
        self.root: Element = document.part.numbering_part.element
        self._abstract: dict[str, str] = {}
        nums = {str(num.get(qn("w:numId"))): num for num in self.root.findall(qn("w:num"))}
        for style in (BULLET_STYLE, NUMBER_STYLE):
            num_id = styles.num_id(style)
            num = nums.get(num_id or "")
            abstract = num.find(qn("w:abstractNumId")) if num is not None else None
            if abstract is None:
                raise KeyError(style)
            self._abstract[style] = str(abstract.get(qn("w:val")))
        self._next = max((int(n) for n in nums if n.isdigit()), default=0) + 1

    def new_list(self, *, ordered: bool, level: int, start: int = 1) -> int:
        """A fresh numbering instance for one list at ``level`` (0-based nesting depth)."""
        style = NUMBER_STYLE if ordered else BULLET_STYLE
        num_id = self._next
        self._next += 1
        num = el("w:num", el("w:abstractNumId", val=self._abstract[style]), numId=num_id)
        level = min(level, MAX_LEVEL)
        override = el("w:lvlOverride", ilvl=level)
        override.append(el("w:startOverride", val=start))
        num.append(override)
        cleanup = self.root.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            self.root.append(num)
        return num_id

    def indent(self, num_id: int, level: int) -> Element | None:
        """The indent (``w:ind``) list ``num_id`` gives its items at ``level``, or None."""
        num = self.root.find(f"{qn('w:num')}[@{qn('w:numId')}='{num_id}']")
        abstract = num.find(qn("w:abstractNumId")) if num is not None else None
        if abstract is None:
            return None
        abstract_id = abstract.get(qn("w:val"))
        definition = self.root.find(
            f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{abstract_id}']"
        )
        if definition is None:
            return None
        lvl = definition.find(f"{qn('w:lvl')}[@{qn('w:ilvl')}='{min(level, MAX_LEVEL)}']")
        return None if lvl is None else lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}")

    @staticmethod
    def apply(p: Element, num_id: int, level: int) -> None:
        """Make paragraph ``p`` an item of list ``num_id`` at ``level``."""
        ppr = p.find(qn("w:pPr"))
        put(ppr, el("w:numPr", el("w:ilvl", val=min(level, MAX_LEVEL)), el("w:numId", val=num_id)))
