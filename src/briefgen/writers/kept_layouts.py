"""A line of text drawn with the Pango layout it was split with, not one made again.

WeasyPrint 70 splits a paragraph into lines with Pango (``split_first_line``), then
drops each line's ``PangoLayout`` (``Layout.deactivate``) and, when it draws the page,
makes it again (``Layout.reactivate``: a new layout, its text set, Pango's itemizing,
shaping and line breaking run again) to read the same glyphs back. That second
making was about 4 % of a country sheet's CPU (py-spy, 2026-12-03). Keeping the
layout makes writing the PDF (drawing, then finishing it) 16 % cheaper in CPU time
(40 sheets, ten interleaved rounds in one process), and a sheet's layout and PDF 2.6 %
cheaper in instructions (callgrind: 2,530 against 2,597 million for five sheets).

Here a line's layout is kept from its splitting to its drawing when the layout made
again would be the same:

- the text is one line for Pango (no paragraph separator in it, and Pango laid it out
  in one line), so the width it was split at changes nothing;
- no word or letter spacing, no ``overflow-wrap`` hyphen attributes and no tab: Pango
  attributes that ``set_text`` adds range by range, which a layout whose text was set
  several times while its line was being found would hold more of;
- no justification spacing (a justified line is drawn with the layout made for it);
- the text box is drawn with the style it was laid out with.

Then ``draw_first_line`` asks the kept layout for the glyphs Pango already has: its
``pango_layout_set_single_paragraph_mode(…, True)`` changes nothing when the layout is
already in that mode, which :func:`_set_text` sets whenever the text has no paragraph
separator (one paragraph either way: the mode matters only for those characters). The
layout is dropped after drawing, as before. At most :data:`BUDGET` layouts are kept per
document, so that a long briefing pack does not hold a Pango layout for every line of
its hundreds of pages until it is drawn (about 2 kB each).

Installed by writers/layout.py with WeasyPrint 70.0 only; the PDFs are byte for byte
those WeasyPrint's own path writes (tests/test_kept_layouts.py).
"""

from __future__ import annotations

import re
from typing import Any

import weasyprint
from weasyprint.text import line_break
from weasyprint.text.ffi import ffi, pango

PINNED = "70.0"
BUDGET = 2000
"""Layouts kept per document: a country sheet keeps all its lines (100 to 300), a
175-page briefing pack its first 2,000 (4,000 added 7 MB to its 225 MB peak)."""

_ORIGINAL_SET_TEXT = line_break.Layout.set_text
_ORIGINAL_DEACTIVATE = line_break.Layout.deactivate
_ORIGINAL_REACTIVATE = line_break.Layout.reactivate
_PARAGRAPH_SEPARATORS = re.compile("[\n\r\x1c-\x1e\x85\u2028\u2029]")
_KEPT, _DRAWING = 1, 2
_left = BUDGET


def new_document() -> None:
    """Start a document's budget of kept layouts (writers/layout.py, before each layout)."""
    global _left
    _left = BUDGET


def _set_text(self: Any, text: str, justify: bool = False) -> None:
    pango.pango_layout_set_single_paragraph_mode(
        self.layout, _PARAGRAPH_SEPARATORS.search(text) is None
    )
    _ORIGINAL_SET_TEXT(self, text, justify)


def _keepable(self: Any) -> bool:
    style = self.style
    letter_spacing = style["letter_spacing"]
    return (
        self.justification_spacing == 0
        and not style["word_spacing"]
        and (letter_spacing == "normal" or not letter_spacing)
        and _PARAGRAPH_SEPARATORS.search(self.text) is None
        and "\t" not in self.text
        and pango.pango_layout_get_line_readonly(self.layout, 1) == ffi.NULL  # one line
    )


def _deactivate(self: Any) -> None:
    global _left
    state = self.__dict__.get("_briefgen_state")
    if state is None and _left > 0 and "layout" in self.__dict__ and _keepable(self):
        self._briefgen_state = _KEPT  # its line is split: kept for drawing
        _left -= 1
        return
    self._briefgen_state = None
    _ORIGINAL_DEACTIVATE(self)


def _reactivate(self: Any, style: Any) -> None:
    if self.__dict__.get("_briefgen_state") == _KEPT and style is self.style:
        self._briefgen_state = _DRAWING  # dropped by the deactivate after drawing
        return
    if self.__dict__.get("_briefgen_state") == _KEPT:
        self._briefgen_state = None
        _ORIGINAL_DEACTIVATE(self)
    _ORIGINAL_REACTIVATE(self, style)


def installed() -> bool:
    return line_break.Layout.reactivate is _reactivate


def install() -> bool:
    """Put the patch in place with WeasyPrint :data:`PINNED`; whether it is in place."""
    if weasyprint.__version__ != PINNED:
        return False
    line_break.Layout.set_text = _set_text
    line_break.Layout.deactivate = _deactivate
    line_break.Layout.reactivate = _reactivate
    return True


def uninstall() -> None:
    """WeasyPrint's own methods back (the tests compare the two)."""
    line_break.Layout.set_text = _ORIGINAL_SET_TEXT
    line_break.Layout.deactivate = _ORIGINAL_DEACTIVATE
    line_break.Layout.reactivate = _ORIGINAL_REACTIVATE
