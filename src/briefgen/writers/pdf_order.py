"""Paint each page in the order of its tag tree, so reading order and painting order agree.

WeasyPrint paints floats and images after the text around them (a speaker's
portrait, an image in a paragraph), while their structure elements stay where
the HTML has them. A checker that compares the two orders (outloud ORD-001)
then finds a page "scrambled", and a reader that follows the page's painting
order reads the image out of place.

A sequence painted out of order is moved to just before the first sequence
that follows it in the tag tree, together with the balanced ``q ... Q`` block
around it (its clipping path and transforms), inside ``q ... Q`` with the
colours, graphics-state parameters and text state it was painted with set
again -- and only when nothing drawn changes: the block holds no other marked
content, and the new place has the same clipping, no painting setting the
sequence does not set itself, a transformation it can be re-based on with a
``cm``, and lies outside any text object or other marked content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pikepdf
from pikepdf import Dictionary, Pdf

from briefgen.writers.pdf_structure import marked_content_order

Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage


@dataclass
class _State:
    matrix: pikepdf.Matrix
    clips: tuple[int, ...]
    """Indexes of the clipping operators in force (a path is clipped where it is painted)."""
    paint: tuple[Instruction, ...]
    """The operators that set the colours, extended graphics state and text state in force."""
    depth: int
    """Nesting of marked content (BMC/BDC) before this operator."""
    in_text: bool


def paint_in_tree_order(pdf: Pdf) -> None:
    """Reorder the content of every page whose painting order departs from its tag tree."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    order: dict[tuple[int, int], dict[int, int]] = {}
    for objgen, mcid in marked_content_order(root):
        ranks = order.setdefault(objgen, {})
        ranks.setdefault(mcid, len(ranks))
    for page in pdf.pages:
        page_ranks = order.get(page.obj.objgen)
        if page_ranks and len(page_ranks) > 1 and not _painted_in_order(page, page_ranks):
            _reorder(pdf, page, page_ranks)


_MCID = re.compile(rb"/MCID\s+(\d+)")


def _painted_in_order(page: pikepdf.Page, ranks: dict[int, int]) -> bool:
    """Whether the page paints its sequences in tree order, read from its bytes alone.

    Most pages do, and parsing a page into operators (as :func:`_reorder` must) is
    the costly part of this module. A ``/MCID n`` that is not a marked-content
    property (inside a string or an inline image) can only add a number to the
    order read here, so it can make an ordered page look disordered (and be
    parsed), never the reverse.
    """
    contents = page.obj.get("/Contents")
    if contents is None:
        return True
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    latest = -1
    for stream in streams:
        for found in _MCID.finditer(stream.read_bytes()):
            rank = ranks.get(int(found.group(1)))
            if rank is None:
                continue
            if rank < latest:
                return False
            latest = rank
    return True


def _reorder(pdf: Pdf, page: pikepdf.Page, ranks: dict[int, int]) -> None:
    ops: list[Instruction] = list(pikepdf.parse_content_stream(page))
    tried: set[int] = set()
    changed = False
    while True:
        states, sequences = _scan(ops)
        painted = [(start, ranks[mcid], mcid) for start, mcid in sequences if mcid in ranks]
        # Painted late: after a sequence that the tree reads after it.
        out_of_place, latest = [], -1
        for item in painted:
            if item[1] < latest and item[2] not in tried:
                out_of_place.append(item)
            latest = max(latest, item[1])
        if not out_of_place:
            break
        start, rank, mcid = out_of_place[0]
        tried.add(mcid)
        block = _block(ops, start)
        # Before the earliest painted sequence that comes after it in the tree.
        targets = [s for s, r, _ in painted if r > rank and s < start]
        if block is None or not targets:
            continue
        first, last = block
        target = min(targets)
        source, destination = states[first], states[target]
        if destination.depth or destination.in_text or source.clips != destination.clips:
            continue
        if not {_paint_key(p) for p in destination.paint} <= {_paint_key(p) for p in source.paint}:
            continue  # a setting in force there that the sequence never had cannot be undone
        # Saved and restored around the move; the state it was painted in is set again.
        prefix: list[Instruction] = [_op("q")]
        if source.matrix != destination.matrix:
            rebase = source.matrix @ destination.matrix.inverse()
            prefix.append(_op("cm", *rebase.shorthand))
        moved = [*prefix, *source.paint, *ops[first : last + 1], _op("Q")]
        ops[first : last + 1] = []
        ops[target:target] = moved
        changed = True
    if changed:
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))


def _op(operator: str, *operands: float) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction(list(operands), pikepdf.Operator(operator))


def _scan(ops: list[Instruction]) -> tuple[list[_State], list[tuple[int, int]]]:
    """The graphics state before each operator, and (index, MCID) of each tagged sequence."""
    states: list[_State] = []
    stack: list[tuple[pikepdf.Matrix, tuple[int, ...], tuple[Instruction, ...]]] = []
    matrix, depth, in_text = pikepdf.Matrix(), 0, False
    clips: tuple[int, ...] = ()
    paint: tuple[Instruction, ...] = ()
    sequences: list[tuple[int, int]] = []
    for index, instruction in enumerate(ops):
        states.append(_State(matrix, clips, paint, depth, in_text))
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operator, operands = str(instruction.operator), instruction.operands
        if operator == "q":
            stack.append((matrix, clips, paint))
        elif operator == "Q" and stack:
            matrix, clips, paint = stack.pop()
        elif operator in _PAINT_STATE:
            key = _PAINT_STATE[operator] or (operator, str(operands[0]) if operands else "")
            paint = (*[p for p in paint if _paint_key(p) != key], instruction)
        elif operator == "cm":
            matrix = pikepdf.Matrix(*[float(v) for v in operands]) @ matrix
        elif operator in ("W", "W*"):
            clips = (*clips, index)
        elif operator == "BT":
            in_text = True
        elif operator == "ET":
            in_text = False
        elif operator in ("BMC", "BDC"):
            if operator == "BDC" and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]:
                sequences.append((index, int(operands[1].MCID)))
            depth += 1
        elif operator == "EMC":
            depth -= 1
    return states, sequences


_FILL, _STROKE = "fill colour", "stroke colour"
_PAINT_STATE: dict[str, object] = {
    **dict.fromkeys(("rg", "g", "k", "sc", "scn"), _FILL),
    **dict.fromkeys(("RG", "G", "K", "SC", "SCN"), _STROKE),
    "cs": "fill space",
    "CS": "stroke space",
    "gs": None,  # each named parameter dictionary adds its own settings
    **{op: op for op in ("w", "J", "j", "M", "d", "ri", "i")},
    **{op: op for op in ("Tc", "Tw", "Tz", "TL", "Tf", "Tr", "Ts")},
}
"""Painting-state operators -> what they set (None: keyed by the operator and its name)."""


def _paint_key(instruction: Instruction) -> object:
    operator = _name(instruction)
    key = _PAINT_STATE[operator]
    if key is None:
        operands = instruction.operands
        return (operator, str(operands[0]) if operands else "")
    return key


def _block(ops: list[Instruction], start: int) -> tuple[int, int] | None:
    """The widest balanced ``q ... Q`` block around the sequence at ``start`` holding no other.

    Returns (first, last) indexes, or the sequence itself when it stands alone.
    """
    end = _matching(ops, start, "BDC", "EMC")
    if end is None:
        return None
    first, last = start, end
    while True:
        opening = _enclosing_q(ops, first)
        if opening is None:
            break
        closing = _matching(ops, opening, "q", "Q")
        if closing is None or closing < last:
            break
        inner = ops[opening:first] + ops[last + 1 : closing + 1]
        if any(_name(op) in ("BMC", "BDC", "BT", "Do", "sh") for op in inner):
            break
        first, last = opening, closing
    return first, last


def _enclosing_q(ops: list[Instruction], index: int) -> int | None:
    depth = 0
    for i in range(index - 1, -1, -1):
        name = _name(ops[i])
        if name == "Q":
            depth += 1
        elif name == "q":
            if depth == 0:
                return i
            depth -= 1
    return None


def _matching(ops: list[Instruction], start: int, opening: str, closing: str) -> int | None:
    depth = 0
    for i in range(start, len(ops)):
        name = _name(ops[i])
        if name == opening or (opening == "BDC" and name == "BMC"):
            depth += 1
        elif name == closing:
            depth -= 1
            if depth == 0:
                return i
    return None


def _name(op: Instruction) -> str:
    return "" if isinstance(op, pikepdf.ContentStreamInlineImage) else str(op.operator)
