"""The Unicode bidirectional algorithm (UAX #9), from GNU FriBidi.

FriBidi is the implementation Pango lays text out with, so every machine that runs
WeasyPrint has it (Debian package libfribidi0, a dependency of libpango-1.0-0). It is
called here through ctypes for two answers: a paragraph's direction (rules P2 and P3,
isolates skipped) and the resolved embedding level of each character (rules X1 to I2,
with isolates, brackets and numbers).

python-bidi was the first choice: from 0.5 on it wraps the Rust crate unicode-bidi, but
its API returns only the reordered text (``get_display``); the levels are printed only
in a debug dump, and its pure-Python ``get_embedding_levels`` predates isolates.
"""

from __future__ import annotations

import ctypes
from functools import lru_cache

LIBRARY = "libfribidi.so.0"
PACKAGE = "libfribidi0"
"""The Debian package that ships :data:`LIBRARY`."""

_PAR_LTR, _PAR_RTL, _PAR_ON = 0x110, 0x111, 0x40
"""FriBidiParType: FRIBIDI_PAR_LTR, FRIBIDI_PAR_RTL, FRIBIDI_PAR_ON (fribidi-bidi-types.h)."""


class BidiLibraryError(RuntimeError):
    """FriBidi cannot be loaded: the message names the package to install."""


@lru_cache(maxsize=1)
def _fribidi() -> ctypes.CDLL:
    try:
        lib = ctypes.CDLL(LIBRARY)
    except OSError as error:
        raise BidiLibraryError(
            f"cannot load {LIBRARY} ({error}): install the Debian package {PACKAGE}"
        ) from None
    lib.fribidi_get_par_embedding_levels_ex.restype = ctypes.c_int8
    lib.fribidi_get_par_embedding_levels_ex.argtypes = [
        ctypes.POINTER(ctypes.c_uint32),  # const FriBidiCharType *bidi_types
        ctypes.POINTER(ctypes.c_uint32),  # const FriBidiBracketType *bracket_types
        ctypes.c_int,  # FriBidiStrIndex len
        ctypes.POINTER(ctypes.c_uint32),  # FriBidiParType *pbase_dir (in and out)
        ctypes.POINTER(ctypes.c_int8),  # FriBidiLevel *embedding_levels (out)
    ]
    lib.fribidi_get_bidi_types.restype = None
    lib.fribidi_get_bracket_types.restype = None
    return lib


def version() -> str:
    """FriBidi's version line ("1.0.8"), for ``doctor``."""
    info = ctypes.c_char_p.in_dll(_fribidi(), "fribidi_version_info").value or b""
    first = info.decode("ascii", "replace").splitlines()[0]
    return first.rsplit(" ", 1)[-1]


def _run(text: str, base: int) -> tuple[int, list[int]]:
    """(the paragraph's direction, each character's level) for ``text`` as one paragraph."""
    lib = _fribidi()
    size = len(text)
    chars = (ctypes.c_uint32 * size)(*map(ord, text))
    types = (ctypes.c_uint32 * size)()
    brackets = (ctypes.c_uint32 * size)()
    levels = (ctypes.c_int8 * size)()
    lib.fribidi_get_bidi_types(chars, size, types)
    lib.fribidi_get_bracket_types(chars, size, types, brackets)
    direction = ctypes.c_uint32(base)
    if size and not lib.fribidi_get_par_embedding_levels_ex(
        types, brackets, size, ctypes.byref(direction), levels
    ):
        raise MemoryError("fribidi_get_par_embedding_levels_ex failed")
    return direction.value, list(levels)


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """The resolved level of each character of ``text``, a paragraph of direction ``rtl``:
    odd levels are right to left. Isolate initiators and their PDI get the level they
    resolve to as neutrals in the text around them."""
    return _run(text, _PAR_RTL if rtl else _PAR_LTR)[1]


def paragraph_direction(text: str) -> str | None:
    """ "ltr" or "rtl" from the first strong character outside isolates (rules P2, P3),
    None when ``text`` has none (``dir="auto"`` then keeps the direction around it)."""
    found = _run(text, _PAR_ON)[0] if text else _PAR_ON
    if found == _PAR_ON:  # FriBidi leaves "other neutral" when no character is strong
        return None
    return "rtl" if found == _PAR_RTL else "ltr"
