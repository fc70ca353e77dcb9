"""A short path to the computed values that no declaration of the document sets.

WeasyPrint 70 computes an element's style lazily: ``ComputedStyle.__missing__`` runs the
first time layout or drawing asks for a property. For most of those questions no rule of
the document names the property, and the answer is the parent's computed value (an
inherited property) or the initial value (any other). ``__missing__`` still takes its
general path each time: it looks up the property's logical aliases, asks for the
element's ``direction``, builds the property's hyphenated name, tests for pending
``var()`` values and math functions. On country sheets, three calls in five take that
path for nothing, about 5 % of a sheet's PDF (measured by alternating the two versions
sheet by sheet in one process: benchmarks and figures in docs/performance.md).

:func:`_missing` answers those questions directly, with exactly the value
``__missing__`` would store, and hands every other question to WeasyPrint's own method:

- a property the element's cascade declares, or whose logical alias it declares
  (``margin-inline-start`` for ``margin-left``, in either direction);
- the properties ``__missing__`` treats apart: ``float``, ``display`` and ``position``
  (their specified values are kept), ``page`` (inherited when ``auto``), the
  ``text-decoration-*`` properties (propagated, not inherited), custom properties;
- an inherited value that still holds a math function (a ``calc()`` with a percentage,
  which the parent leaves unresolved): WeasyPrint's method tries it again for the child
  and may warn, and the warning is kept;
- the root element, whose "inherit" means the initial value.

Installed by :func:`install` (writers/layout.py calls it once, at import) only with the
WeasyPrint these lines were written against (:data:`PINNED`).
"""

from __future__ import annotations

from typing import Any

import weasyprint
from weasyprint.css import ComputedStyle
from weasyprint.css.computed_values import COMPUTER_FUNCTIONS, PHYSICAL_FUNCTIONS
from weasyprint.css.functions import check_math
from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES

PINNED = "70.0"
"""The WeasyPrint version whose ``ComputedStyle.__missing__`` this follows, line by line."""

_ORIGINAL_MISSING = ComputedStyle.__missing__

_APART = frozenset(
    {"float", "display", "position", "page"}
    | {name for name in INITIAL_VALUES if name.startswith("text_decoration_")}
)
"""Properties ``__missing__`` computes with a rule of their own: always its own path."""

_LOGICAL_ALIASES: dict[str, tuple[str, ...]] = {
    name: tuple(sorted({alias(block="ttb", inline=inline) for inline in ("ltr", "rtl")}))
    for name, alias in PHYSICAL_FUNCTIONS.items()
}
"""A physical property's logical names, in both inline directions (``__missing__`` takes a
declared logical name in place of the physical one)."""

_FROM_PARENT = frozenset(name for name in INHERITED if name not in _APART)
"""Inherited properties: undeclared, their value is the parent's computed value."""

_INITIAL = frozenset(
    name
    for name in INITIAL_VALUES
    if name not in INHERITED
    and name not in _APART
    and (name not in INITIAL_NOT_COMPUTED or name not in COMPUTER_FUNCTIONS)
)
"""Other properties whose initial value is their computed value."""

_INITIAL_COMPUTED = frozenset(
    name
    for name in INITIAL_VALUES
    if name not in INHERITED
    and name not in _APART
    and name in INITIAL_NOT_COMPUTED
    and name in COMPUTER_FUNCTIONS
)
"""Other properties whose initial value is computed for the element (a border's width is
0 when its style is ``none``)."""


def _missing(self: Any, key: str) -> Any:
    """``ComputedStyle.__missing__``, with the undeclared cases answered directly."""
    cascaded = self.cascaded
    if key in cascaded:
        return _ORIGINAL_MISSING(self, key)
    for alias in _LOGICAL_ALIASES.get(key, ()):
        if alias in cascaded:
            return _ORIGINAL_MISSING(self, key)
    if key in _FROM_PARENT:
        parent = self.parent_style
        if parent is not None:
            value = parent[key]
            if not check_math(value):
                self[key] = value
                return value
    elif key in _INITIAL:
        value = self[key] = INITIAL_VALUES[key]
        return value
    elif key in _INITIAL_COMPUTED:
        value = self[key] = COMPUTER_FUNCTIONS[key](self, key, INITIAL_VALUES[key])
        return value
    return _ORIGINAL_MISSING(self, key)


def installed() -> bool:
    """Whether the short path is in place in the WeasyPrint imported."""
    return ComputedStyle.__missing__ is _missing


def install() -> bool:
    """Put the short path in place, if the WeasyPrint imported is :data:`PINNED`; whether
    it is in place."""
    if weasyprint.__version__ != PINNED:
        return False
    ComputedStyle.__missing__ = _missing
    return True


def uninstall() -> None:
    """WeasyPrint's own method back (the tests compare the two)."""
    ComputedStyle.__missing__ = _ORIGINAL_MISSING
