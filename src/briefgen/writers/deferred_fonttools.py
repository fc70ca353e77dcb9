"""fontTools' subsetter and variable-font instancer, imported when WeasyPrint first uses them.

``weasyprint.pdf.fonts`` (WeasyPrint 70) imports ``fontTools.subset`` and
``fontTools.varLib.instancer`` at its top, and uses them only when HarfBuzz's subsetter
is missing or fails on a font (then it subsets with fontTools), or for a variable font
set at some of its variations. Neither happens with the fonts briefgen's documents use
and ``libharfbuzz-subset0`` installed, and the two imports (with ``fontTools.varLib``,
its merger and its OpenType table classes) are most of the fontTools import: 148 of
fontTools' modules are imported with them, 35 without, 60 to 70 ms of every build's
start before the first document (``python -X importtime``, 2026-12-03; a build's whole
start is about 1 s of CPU, benchmarks/start_cost.py).

:func:`fonttools_deferred` puts a stand-in for each in ``sys.modules`` while WeasyPrint is
first imported (writers/native_libraries.py runs that import inside it). The stand-in of
``fontTools.subset`` imports the real module the first time any of its attributes is
asked for (``subset.Options``); that of ``fontTools.varLib.instancer`` holds the one name
WeasyPrint imports from it, ``instantiateVariableFont``, which imports the real module
when it is called and calls the real function. Whoever imports either module later gets
the stand-in, which behaves as the module as soon as it is used.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

SUBSET = "fontTools.subset"
INSTANCER = "fontTools.varLib.instancer"


def _real(name: str) -> ModuleType:
    """The real module ``name``, imported now if its stand-in still holds its place."""
    module = sys.modules.get(name)
    if isinstance(module, _StandIn):
        del sys.modules[name]
        try:
            real = importlib.import_module(name)
        except BaseException:
            sys.modules[name] = module  # the stand-in again, for the next attempt
            raise
        # Whoever holds the stand-in now holds the real module's names.
        module.__dict__.update({k: v for k, v in vars(real).items() if not k.startswith("__")})
        return real
    return module if module is not None else importlib.import_module(name)


class _StandIn(ModuleType):
    """Holds a module's place in ``sys.modules`` until one of its attributes is asked for."""

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):  # the import system's own questions (__path__, ...)
            raise AttributeError(attribute)
        return getattr(_real(self.__name__), attribute)


def _instantiate_variable_font(*args: Any, **kwargs: Any) -> Any:
    """``fontTools.varLib.instancer.instantiateVariableFont``, imported at its first call."""
    return _real(INSTANCER).instantiateVariableFont(*args, **kwargs)


@contextmanager
def fonttools_deferred() -> Iterator[None]:
    """Stand-ins for the two modules, if neither is imported yet, for the block's time and
    after it (a stand-in stays until its module is used)."""
    placed: list[str] = []
    if SUBSET not in sys.modules and INSTANCER not in sys.modules:
        sys.modules[SUBSET] = _StandIn(SUBSET)
        instancer = _StandIn(INSTANCER)
        instancer.instantiateVariableFont = _instantiate_variable_font  # type: ignore[attr-defined]
        sys.modules[INSTANCER] = instancer
        placed = [SUBSET, INSTANCER]
    try:
        yield
    except BaseException:
        for name in placed:  # the import failed: leave fontTools as it was
            if isinstance(sys.modules.get(name), _StandIn):
                del sys.modules[name]
        raise
