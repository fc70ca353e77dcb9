"""A PDF font's whole file read from HarfBuzz only when something reads it.

For every font a document uses, WeasyPrint 70's ``weasyprint.pdf.fonts.Font.__init__``
copies the font's whole file out of HarfBuzz (``get_hb_object_data``: the face's blob
unpacked into Python bytes, about 500 KB for each of Noto Sans' styles, several MB for
Noto Sans CJK) into ``file_content``. The PDF embeds a subset, which HarfBuzz makes from
the face, not from those bytes, and which replaces them. The whole file is read only for
a variable font, a colour font, a font whose subsetting fails, or one embedded without
subsetting. In a build worker, which gives its heap back to the system after each
document, those copies are fresh pages each time: about 2 % of a country sheet's PDF
(sheet by sheet, alternated in one process, with the heap trimmed in between).

Here ``file_content`` is a property of ``Font``: the copy is made the first time it is
read, from the same face (which the font object keeps for its subsetting, so it is alive
until the PDF is written); a value set (the subset) is kept as it is. What the PDF holds
is unchanged. Installed by :func:`install` (writers/layout.py calls it once, at import)
only with the WeasyPrint these lines follow (:data:`PINNED`).
"""

from __future__ import annotations

from typing import Any

import weasyprint
from weasyprint.pdf import fonts

PINNED = "70.0"
"""The WeasyPrint version whose ``Font.__init__`` this follows."""

_ORIGINAL_INIT = fonts.Font.__init__
_READ = fonts.get_hb_object_data
_KEY = "_briefgen_file_content"


class _NotRead:
    """What ``file_content`` holds until it is first read."""

    __slots__ = ()


_NOT_READ = _NotRead()


def _not_read(hb_object: Any, ot_color: Any = None, glyph: Any = None) -> Any:
    """``get_hb_object_data`` while ``Font.__init__`` runs: the whole face is not read."""
    if ot_color is None and glyph is None:
        return _NOT_READ
    return _READ(hb_object, ot_color, glyph)


def _init(self: Any, pango_font: Any, description: Any, font_size: Any) -> None:
    fonts.get_hb_object_data = _not_read
    try:
        _ORIGINAL_INIT(self, pango_font, description, font_size)
    finally:
        fonts.get_hb_object_data = _READ


def _file_content(self: Any) -> Any:
    data = self.__dict__.get(_KEY, _NOT_READ)
    if data is _NOT_READ:
        data = self.__dict__[_KEY] = _READ(self.hb_face)
    return data


def _set_file_content(self: Any, data: Any) -> None:
    self.__dict__[_KEY] = data


def installed() -> bool:
    """Whether the patch is in place in the WeasyPrint imported."""
    return fonts.Font.__init__ is _init


def install() -> bool:
    """Put the patch in place, if the WeasyPrint imported is :data:`PINNED`; whether it is."""
    if weasyprint.__version__ != PINNED:
        return False
    fonts.Font.__init__ = _init
    fonts.Font.file_content = property(_file_content, _set_file_content)
    return True


def uninstall() -> None:
    """WeasyPrint's own ``Font`` back (the tests compare the two)."""
    fonts.Font.__init__ = _ORIGINAL_INIT
    if isinstance(fonts.Font.__dict__.get("file_content"), property):
        del fonts.Font.file_content
