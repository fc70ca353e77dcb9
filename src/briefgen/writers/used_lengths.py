"""A box's used margins, paddings, sizes and borders set in one pass, as WeasyPrint 70 sets them.

``weasyprint.layout.percent.resolve_percentages`` runs for every box each time layout
places it (several times a box: a page laid out again, a table's cells measured then laid
out). For each of its fourteen lengths it calls ``resolve_one_percentage``, which calls
``percentage``, which asks ``getattr(value, "unit", None)``, then ``setattr`` by name; the
borders' names are formatted anew each call. py-spy put the function at about 5 % of a
country sheet's CPU, most of it those calls rather than arithmetic.

:func:`_resolve_percentages` sets the same attributes, in the same order, from the same
style values: a ``Dimension`` in pixels or a percentage is read directly; anything else
(``auto``, ``None``, a math function) goes to WeasyPrint's own ``percentage``, and
``box-sizing`` other than ``content-box`` to its own ``adjust_box_sizing``. Installed by
:func:`install` (writers/layout.py calls it once, at import) only with the WeasyPrint these
lines follow (:data:`PINNED`); the tests compare real documents written both ways byte for
byte (tests/test_used_lengths.py).
"""

from __future__ import annotations

from math import inf
from typing import Any

import weasyprint
from weasyprint.css.functions import check_math
from weasyprint.css.properties import Dimension
from weasyprint.formatting_structure.boxes import Box, PageBox
from weasyprint.layout import absolute, block, column, grid, inline, page, percent, table
from weasyprint.layout import float as floats

PINNED = "70.0"
"""The WeasyPrint version whose ``resolve_percentages`` this follows, line by line."""

_ORIGINAL = percent.resolve_percentages
_IMPORTERS = (absolute, block, column, floats, grid, inline, page, table)
"""The modules that bound ``resolve_percentages`` by name at import (``from .percent import``);
flex.py calls it through the module and sees the patch in ``percent`` itself."""
_BORDERS = ("border_top_width", "border_right_width", "border_bottom_width", "border_left_width")


def _used(value: Any, style: Any, refer_to: Any) -> Any:
    """``percentage(value, style, refer_to)``, its two common cases read directly."""
    if type(value) is Dimension:
        if value.unit == "%":
            return refer_to * value.value / 100
        return value.value
    return percent.percentage(value, style, refer_to)


def _resolve_percentages(box: Any, containing_block: Any) -> None:
    """``resolve_percentages(box, containing_block)`` of WeasyPrint 70, in one function."""
    if isinstance(containing_block, Box):
        cb_width = containing_block.width
        cb_height = containing_block.height
    else:
        cb_width, cb_height = containing_block
    maybe_height = cb_height if isinstance(box, PageBox) else cb_width
    style = box.style
    box.margin_left = _used(style["margin_left"], style, cb_width)
    box.margin_right = _used(style["margin_right"], style, cb_width)
    box.margin_top = _used(style["margin_top"], style, maybe_height)
    box.margin_bottom = _used(style["margin_bottom"], style, maybe_height)
    box.padding_left = _used(style["padding_left"], style, cb_width)
    box.padding_right = _used(style["padding_right"], style, cb_width)
    box.padding_top = _used(style["padding_top"], style, maybe_height)
    box.padding_bottom = _used(style["padding_bottom"], style, maybe_height)
    box.width = _used(style["width"], style, cb_width)
    min_width = _used(style["min_width"], style, cb_width)
    box.min_width = 0 if min_width == "auto" else min_width
    box.max_width = _used(style["max_width"], style, cb_width)

    if cb_height == "auto":
        height = style["height"]
        if height == "auto" or check_math(height) or height.unit == "%":
            box.height = "auto"
        else:
            assert height.unit.lower() == "px"
            box.height = height.value
        min_height = _used(style["min_height"], style, 0)
        box.min_height = 0 if min_height == "auto" else min_height
        box.max_height = _used(style["max_height"], style, inf)
    else:
        box.height = _used(style["height"], style, cb_height)
        min_height = _used(style["min_height"], style, cb_height)
        box.min_height = 0 if min_height == "auto" else min_height
        box.max_height = _used(style["max_height"], style, cb_height)

    collapse = style["border_collapse"] == "collapse"
    for name in _BORDERS:
        # A collapsed border's width was set when the table's borders were resolved.
        if not (collapse and hasattr(box, name)):
            setattr(box, name, style[name])

    if style["box_sizing"] != "content-box":  # content-box: the sizes stay as they are
        percent.adjust_box_sizing(box, "width")
        percent.adjust_box_sizing(box, "height")


def installed() -> bool:
    """Whether the patch is in place in the WeasyPrint imported."""
    return percent.resolve_percentages is _resolve_percentages


def install() -> bool:
    """Put the patch in place, if the WeasyPrint imported is :data:`PINNED`; whether it is."""
    if weasyprint.__version__ != PINNED:
        return False
    percent.resolve_percentages = _resolve_percentages
    for module in _IMPORTERS:
        module.resolve_percentages = _resolve_percentages
    return True


def uninstall() -> None:
    """WeasyPrint's own function back (the tests compare the two)."""
    percent.resolve_percentages = _ORIGINAL
    for module in _IMPORTERS:
        module.resolve_percentages = _ORIGINAL
