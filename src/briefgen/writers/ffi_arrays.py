"""WeasyPrint's arrays of glyph ids made without parsing C each time a length is new.

The PDF's fonts are subset with HarfBuzz (weasyprint/pdf/fonts.py), which hands it the
glyph ids to keep in a cffi array made as ``ffi.new(f"hb_codepoint_t[{n}]", ...)``. cffi
parses each type string it has not seen with pycparser (about 5 ms of CPU here), and
keeps the result by the string: a length not seen before is parsed again. A font's
glyph count differs from one document to the next, so a build worker parsed a few
such strings per document (43 over 40 country sheets: 0.2 s of CPU).

:func:`quick_arrays` gives the FFI's table of parsed types a ``__missing__`` that makes
``hb_codepoint_t[N]`` from the element's pointer type, as cffi's parser itself does
(``new_array_type(pointer to the element, N)``); cffi's backend keeps one object per
type, so the result is the very ctype a parse gives (tests/test_ffi_arrays.py). Any
other string is parsed by cffi as before.
"""

from __future__ import annotations

import re
from typing import Any

_ARRAY = re.compile(r"(hb_codepoint_t|hb_tag_t)\[([0-9]+)\]")
"""The arrays WeasyPrint makes with a length in the type string: element type, length."""


class _ParsedTypes(dict[Any, Any]):
    """cffi's ``FFI._parsed_types`` (type string -> (ctype, is a raw function)), which
    makes a known array type from its element type rather than have it parsed."""

    def __init__(self, ffi: Any, parsed: dict[Any, Any]) -> None:
        super().__init__(parsed)
        self.ffi = ffi

    def __missing__(self, cdecl: Any) -> Any:
        match = _ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if match is None:
            raise KeyError(cdecl)  # cffi parses it
        pointer = self.ffi.typeof(f"{match.group(1)} *")
        made = (self.ffi._backend.new_array_type(pointer, int(match.group(2))), False)
        self[cdecl] = made
        return made


def quick_arrays(ffi: Any) -> None:
    """Have ``ffi`` make the known array types without parsing (once per FFI; a cffi without
    the table this relies on is left as it is)."""
    parsed = getattr(ffi, "_parsed_types", None)
    if type(parsed) is dict and hasattr(ffi, "_backend"):
        ffi._parsed_types = _ParsedTypes(ffi, parsed)
