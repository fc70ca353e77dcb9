"""Paint each page in the order of its tag tree, so reading order and painting order agree.

WeasyPrint paints floats and images after the text around them (a speaker's
portrait, an image in a paragraph), and a list item's marker (``Lbl``) after
the item's text (it lays an outside marker out as an absolutely positioned box,
painted after the in-flow content of its stacking context), while their
structure elements stay where the HTML has them. A checker that compares the
two orders (outloud ORD-001) then finds a page "scrambled", and a reader that
follows the page's painting order reads the image out of place. (pdf_markers
has WeasyPrint paint markers in order to begin with; what is left is repaired
here.)

A sequence painted out of order is moved to just before the first sequence
that follows it in the tag tree, together with the balanced ``q ... Q`` block
around it (its clipping path and transforms), inside ``q ... Q`` with the
colours, graphics-state parameters and text state it was painted with set
again -- and only when nothing drawn changes: the block holds no other marked
content and leaves the state as it found it (what is painted after its old
place keeps its colours), and the new place has the same clipping, no painting
setting the sequence does not set itself, a transformation it can be re-based
on with a ``cm``, and lies outside any text object or other marked content.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pikepdf
from pikepdf import Dictionary, Pdf

from briefgen.writers.pdf_structure import marked_content_order

Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage


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


class _State(NamedTuple):
    """The graphics state before an operator."""

    matrix: pikepdf.Matrix
    clips: tuple[int, ...]
    """The clipping operators in force, by identity (a path is clipped where it is painted)."""
    paint: tuple[Instruction, ...]
    """The operators that set the colours, extended graphics state and text state in force."""
    depth: int
    """Nesting of marked content (BMC/BDC) before this operator."""
    in_text: bool


def _reorder(pdf: Pdf, page: pikepdf.Page, ranks: dict[int, int]) -> None:
    """Move each sequence painted out of tree order, with one scan of the page.

    Only a block that leaves the state as it found it is moved (a balanced
    ``q ... Q``, or a sequence that changes no state), and it is inserted inside
    ``q ... Q``: every other operator keeps the state it had, so the states read
    once stay true, and only the moved block is scanned again, from its new place.
    """
    ops: list[Instruction] = list(pikepdf.parse_content_stream(page))
    names = [_name(op) for op in ops]
    states, mcids = _scan(ops, names)
    tried: set[int] = set()
    changed = False
    while True:
        painted = [(i, ranks[m], m) for i, m in enumerate(mcids) if m is not None and m in ranks]
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
        block = _block(names, start)
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
        moved_names = [_name(op) for op in moved]
        moved_states, moved_mcids = _scan(moved, moved_names, destination)
        if not (
            _balanced(names, first, last)
            and _same(states[first], states[last + 1])
            and _same(moved_states[-1], destination)
        ):
            continue  # what is painted after its old or its new place would change
        # Every other operator keeps its state: only the indexes after the two places shift.
        ops[first : last + 1], names[first : last + 1] = [], []
        states[first : last + 1], mcids[first : last + 1] = [], []
        ops[target:target], names[target:target] = moved, moved_names
        states[target:target], mcids[target:target] = moved_states[:-1], moved_mcids
        changed = True
    if changed:
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))


def _balanced(names: list[str], first: int, last: int) -> bool:
    """Whether ``names[first : last + 1]`` restores every state it saves, and no other."""
    depth = 0
    for name in names[first : last + 1]:
        if name == "q":
            depth += 1
        elif name == "Q":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _same(a: _State, b: _State) -> bool:
    """Whether two states are one: the same values, set by the same operators."""
    return (
        a.matrix == b.matrix
        and a.clips == b.clips
        and len(a.paint) == len(b.paint)
        and all(x is y for x, y in zip(a.paint, b.paint, strict=True))
        and (a.depth, a.in_text) == (b.depth, b.in_text)
    )


def _op(operator: str, *operands: float) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction(list(operands), pikepdf.Operator(operator))


_START = _State(pikepdf.Matrix(), (), (), 0, False)


def _scan(
    ops: list[Instruction], names: list[str], initial: _State = _START
) -> tuple[list[_State], list[int | None]]:
    """The state before each operator and after the last, and the MCID each operator opens.

    Scanned from ``initial``, with nothing saved yet.
    """
    states: list[_State] = []
    mcids: list[int | None] = []
    stack: list[tuple[pikepdf.Matrix, tuple[int, ...], tuple[Instruction, ...]]] = []
    state = initial
    for instruction, operator in zip(ops, names, strict=True):
        states.append(state)  # one object for a run of operators that change nothing
        mcid = None
        if operator in _CHANGES_STATE:
            matrix, clips, paint, depth, in_text = state
            if operator == "q":
                stack.append((matrix, clips, paint))
            elif operator == "Q":
                if stack:
                    matrix, clips, paint = stack.pop()
            elif operator in _PAINT_STATE:
                key = _paint_key(instruction)
                paint = (*[p for p in paint if _paint_key(p) != key], instruction)
            elif operator == "cm":
                matrix = pikepdf.Matrix(*[float(v) for v in instruction.operands]) @ matrix
            elif operator in ("W", "W*"):
                clips = (*clips, id(instruction))
            elif operator in ("BT", "ET"):
                in_text = operator == "BT"
            elif operator in ("BMC", "BDC"):
                operands = instruction.operands
                properties = operands[1] if operator == "BDC" else None
                if isinstance(properties, Dictionary) and "/MCID" in properties:
                    mcid = int(properties.MCID)
                depth += 1
            elif operator == "EMC":
                depth -= 1
            state = _State(matrix, clips, paint, depth, in_text)
        mcids.append(mcid)
    states.append(state)
    return states, mcids


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

_CHANGES_STATE = frozenset(
    ("q", "Q", "cm", "W", "W*", "BT", "ET", "BMC", "BDC", "EMC", *_PAINT_STATE)
)


def _paint_key(instruction: Instruction) -> object:
    operator = _name(instruction)
    key = _PAINT_STATE[operator]
    if key is None:
        operands = instruction.operands
        return (operator, str(operands[0]) if operands else "")
    return key


def _block(names: list[str], start: int) -> tuple[int, int] | None:
    """The widest balanced ``q ... Q`` block around the sequence at ``start`` holding no other.

    Returns (first, last) indexes, or the sequence itself when it stands alone.
    """
    end = _matching(names, start, "BDC", "EMC")
    if end is None:
        return None
    first, last = start, end
    while True:
        opening = _enclosing_q(names, first)
        if opening is None:
            break
        closing = _matching(names, opening, "q", "Q")
        if closing is None or closing < last:
            break
        inner = names[opening:first] + names[last + 1 : closing + 1]
        if any(name in ("BMC", "BDC", "BT", "Do", "sh") for name in inner):
            break
        first, last = opening, closing
    return first, last


def _enclosing_q(names: list[str], index: int) -> int | None:
    depth = 0
    for i in range(index - 1, -1, -1):
        name = names[i]
        if name == "Q":
            depth += 1
        elif name == "q":
            if depth == 0:
                return i
            depth -= 1
    return None


def _matching(names: list[str], start: int, opening: str, closing: str) -> int | None:
    depth = 0
    for i in range(start, len(names)):
        name = names[i]
        if name == opening or (opening == "BDC" and name == "BMC"):
            depth += 1
        elif name == closing:
            depth -= 1
            if depth == 0:
                return i
    return None


def _name(op: Instruction) -> str:
    return "" if isinstance(op, pikepdf.ContentStreamInlineImage) else str(op.operator)
