"""Turn a page's margin sequences into Artifacts in its bytes, without parsing the page.

Parsing a page into operators (pikepdf) and writing it back is most of what
pdf_structure's margin repair costs. WeasyPrint's pages are plain enough to be
read with a few patterns instead: no literal strings (text is shown as hex
strings), no comments, no inline images, and each tagged sequence opens with
``/Tag <</MCID n>> BDC``. Only such a page is read here; for any other,
:func:`rewrite_margin_sequences` returns None and the caller parses the page.

In a page without literal strings, comments or inline images, every ``(``-free
token is a number, a name, a hex string, a dictionary or array delimiter or an
operator, so an operator is a word with a delimiter or whitespace on each side
that is not a name (``/q`` is not ``q``): what the patterns below match is what
a parser would read. Every MCID the page's parent tree lists must be found
exactly once, or the page is parsed.
"""

from __future__ import annotations

import re

import pikepdf

_OPERATORS = re.compile(rb"\b(?:q|Q|cm|Tm|BDC|BI)\b")
"""The operators read, and words that could be them: :func:`_operator` checks each match."""
_DELIMITED = frozenset(b" \t\r\n\f\x00[]<>{}")
"""What stands on either side of an operator: whitespace or a delimiter (ISO 32000-1, 7.2.2)."""
_MARKED = re.compile(rb"/(?P<tag>[^\s/<>\[\]{}()%]+)\s*<<\s*/MCID\s+(?P<mcid>\d+)\s*>>\s*BDC")
_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)")
_NOT_PLAIN = re.compile(rb"[(%]")


def rewrite_margin_sequences(
    data: bytes, margin: set[int], kept: set[int], height: float
) -> tuple[dict[int, int], bytes] | None:
    """Old MCID -> new for the ``kept`` sequences, and the page's new bytes; None if not plain.

    Each ``margin`` sequence becomes a pagination Artifact, a Header above half
    the page's ``height`` and a Footer below (where its first text is placed);
    the kept ones are numbered from 0 in the order they are painted.
    """
    if _NOT_PLAIN.search(data):
        return None
    matrix = pikepdf.Matrix()
    saved: list[pikepdf.Matrix] = []
    pending: int | None = None  # the margin sequence whose first text is awaited
    sequences: list[tuple[int, int, bytes, int]] = []  # start, end, tag, MCID
    subtypes: dict[int, bytes] = {}
    for token in _OPERATORS.finditer(data):
        start, end = token.span()
        if (start and data[start - 1] not in _DELIMITED) or (
            end < len(data) and data[end] not in _DELIMITED
        ):
            continue  # part of a name ("/q") or a number ("1.Q" is no operator)
        operator = token[0]
        if operator == b"BDC":
            properties = data.rfind(b"<<", 0, start)
            opening = data.rfind(b"/", 0, properties) if properties > 0 else -1
            marked = _MARKED.fullmatch(data, opening, end) if opening >= 0 else None
            if marked is None:
                continue  # another kind of sequence; an MCID written otherwise is missed below
            mcid = int(marked["mcid"])
            sequences.append((marked.start(), end, marked["tag"], mcid))
            if mcid in margin:
                pending = mcid
        elif operator == b"cm":
            values = _operands(data, start)
            if values is None:
                return None
            matrix = values @ matrix
        elif operator == b"Tm":
            if pending is None:
                continue  # only the first text of a margin sequence is placed
            values = _operands(data, start)
            if values is None:
                return None
            subtypes[pending] = b"Header" if (values @ matrix).f > height / 2 else b"Footer"
            pending = None
        elif operator == b"q":
            saved.append(matrix)
        elif operator == b"Q":
            if saved:
                matrix = saved.pop()
        else:
            return None  # BI: an inline image's data could hold anything
    found = [mcid for _, _, _, mcid in sequences]
    if len(found) != len(set(found)) or set(found) != margin | kept:
        return None  # some MCID is written otherwise, or inside a form XObject
    renumbered = {mcid: n for n, mcid in enumerate(m for m in found if m not in margin)}
    parts: list[bytes] = []
    at = 0
    for start, end, tag, mcid in sequences:
        if mcid in margin:
            subtype = subtypes.get(mcid)
            kind = b"/Type /Pagination" + (b" /Subtype /" + subtype if subtype else b"")
            parts += [data[at:start], b"/Artifact <<" + kind + b">> BDC"]
        elif renumbered[mcid] != mcid:
            parts += [data[at:start], b"/%s <</MCID %d>> BDC" % (tag, renumbered[mcid])]
        else:
            continue
        at = end
    parts.append(data[at:])
    return renumbered, b"".join(parts)


def _operands(data: bytes, start: int) -> pikepdf.Matrix | None:
    """The six numbers before ``start``, as a matrix; None if they are not six numbers."""
    words = data[max(0, start - 160) : start].split()
    if len(words) < 6 or (len(words) == 6 and start > 160):  # the first may be cut
        return None
    if not all(_NUMBER.fullmatch(word) for word in words[-6:]):
        return None
    return pikepdf.Matrix(*[float(word) for word in words[-6:]])
