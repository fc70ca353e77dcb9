"""The arrays of glyph ids WeasyPrint's font subsetting makes are made without parsing C
(writers/ffi_arrays.py), and are the very ctypes cffi's parser gives."""

from __future__ import annotations

from typing import Any

import cffi
import pytest
from weasyprint.text.ffi import ffi

import briefgen.writers.layout  # noqa: F401 - installs the quick arrays on WeasyPrint's FFI
from briefgen.writers.ffi_arrays import quick_arrays


def parsing(target: Any) -> list[str]:
    """The type strings cffi's parser is asked for on ``target`` from now on."""
    asked: list[str] = []
    parse = target._parser.parse_type

    def parse_and_note(cdecl: str) -> Any:
        asked.append(cdecl)
        return parse(cdecl)

    target._parser.parse_type = parse_and_note
    return asked


@pytest.mark.parametrize("cdecl", ["hb_codepoint_t[7]", "hb_codepoint_t[40961]", "hb_tag_t[3]"])
def test_the_array_is_the_ctype_a_parse_gives(cdecl: str) -> None:
    fresh = cffi.FFI()  # cffi's own parser, untouched
    fresh.cdef("typedef uint32_t hb_codepoint_t; typedef uint32_t hb_tag_t;")
    parsed = fresh.typeof(cdecl)
    made = ffi.typeof(cdecl)
    assert made is parsed  # cffi's backend keeps one object per type
    array = ffi.new(cdecl, [5, 6, 7])
    assert list(array[0:3]) == [5, 6, 7] and ffi.sizeof(array) == ffi.sizeof(parsed)


def test_a_new_length_is_not_parsed() -> None:
    own = cffi.FFI()
    own.cdef("typedef uint32_t hb_codepoint_t;")
    quick_arrays(own)
    own.typeof("hb_codepoint_t *")  # the element's pointer: parsed once
    asked = parsing(own)
    for length in (11, 523, 1970):
        own.new(f"hb_codepoint_t[{length}]")
    assert asked == []
    own.typeof("uint16_t[4]")  # any other type string: parsed as before
    assert asked == ["uint16_t[4]"]


def test_a_type_cffi_cannot_make_is_still_its_error() -> None:
    with pytest.raises(cffi.CDefError):
        ffi.typeof("no_such_type_t[4]")
