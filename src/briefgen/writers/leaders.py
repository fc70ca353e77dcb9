"""A contents entry's dotted leader drawn as one run of text, not one box per dot.

WeasyPrint 70 fills a ``leader()`` (style.css: ``leader(dotted)`` between a contents
entry and its page number) with copies of one text box, ``". "``, each at its own place
(``layout/leader.py``): a contents line of the sample holds about 200 of them, and the
English briefing pack's contents page 3,213. Each copy is then a box of its own at
every later step: drawn alone, with its Pango layout made again for the drawing, and
written as a text object of its own (BT … ET). That page's content stream was 340 kB
before compression; the leaders were a fifth of the CPU time of a pack's PDF and of a
report's (the sample, English and Arabic, 15 to 28 %).

Here the copies are one text box holding the leader's string repeated as many times,
placed where the leftmost copy was. The copies were laid side by side, each one box
wide from the right end of the line, so the glyphs of the one run fall where theirs
did, as long as the run is exactly as wide as the copies together: Pango gives each
glyph its advance, and a string repeated is the same glyphs again, unless the font
kerns or joins the end of one repetition with the start of the next. That is checked
for each leader: when the run is not as wide (a kerned pair, ``leader("VA")`` in Noto
Sans), or when ``letter-spacing`` or ``word-spacing`` spaces its glyphs (a run spaces
them otherwise than copies spaced one by one), the copies are made as WeasyPrint makes
them, and the PDF is WeasyPrint's own. Otherwise the page reads and looks the same: the
same text, and each glyph where it was to within a few hundredths of a point (the PDF
places a run's glyphs in thousandths of an em from its start, each copy at its own
place); tests/test_leaders.py compares the pages' pixels. The PDF differs in its bytes:
one text object per leader instead of one per dot.

Installed by writers/layout.py with WeasyPrint :data:`PINNED` only; the rest of
WeasyPrint's ``handle_leader`` (the space the leader takes, the boxes after it moved,
right to left) is kept line for line.
"""

from __future__ import annotations

from typing import Any

import weasyprint
from weasyprint.layout import inline, leader
from weasyprint.layout.inline import split_text_box

PINNED = "70.0"

_ORIGINAL = inline.handle_leader
_SAME_WIDTH = 1e-6
"""How far (in CSS px) the run may be from the copies' width: rounding, not a kerned pair."""


def _places(line: Any, leader_box: Any, text_box: Any, available_width: float) -> list[float]:
    """The left edges of WeasyPrint's copies, from the right end of the line leftwards."""
    width = text_box.width
    places = []
    position_x = line.position_x + line.width
    for _ in range(int(line.width // width)):
        position_x -= width
        if position_x < leader_box.position_x:
            continue  # not behind the text on the left
        if position_x + width > leader_box.position_x + available_width:
            continue  # not behind the text on the right
        places.append(position_x)
    return places


def _one_run(context: Any, text_box: Any, places: list[float]) -> Any | None:
    """The leader's string repeated once per place, laid out where the leftmost copy
    was; None when it is not exactly as wide as the copies (the font kerns across), or
    when letters or words are spaced (a run spaces its glyphs otherwise than copies
    spaced one by one, though it is as wide)."""
    style = text_box.style
    letter_spacing = style["letter_spacing"]
    if style["word_spacing"] or (letter_spacing != "normal" and letter_spacing):
        return None
    run, _, _ = split_text_box(
        context, text_box.copy_with_text(text_box.text * len(places)), None, 0
    )
    if run is None or abs(run.width - len(places) * text_box.width) > _SAME_WIDTH:
        return None
    run.position_x = places[-1]
    run.position_y = text_box.position_y
    return run


def _copies(text_box: Any, places: list[float]) -> list[Any]:
    copies = []
    for position_x in places:
        text_box = text_box.copy()
        text_box.position_x = position_x
        copies.append(text_box)
    return copies


def _handle_leader(context: Any, line: Any, containing_block: Any) -> None:
    """``weasyprint.layout.leader.handle_leader``, with the copies made one run."""
    index, leader_box = leader.leader_index(line)
    extra_width = 0
    if index is not None and leader_box.children:
        (text_box,) = leader_box.children
        if text_box.width <= 0:
            return  # a leader of no width: nothing to repeat
        extra_width = containing_block.width - sum(
            child.margin_width() for child in line.children if child.is_in_normal_flow()
        )
        for shape in context.excluded_shapes:
            if shape.position_y + shape.height > line.position_y:
                extra_width -= shape.width
        available_width = extra_width + text_box.width
        line.width = containing_block.width
        places = _places(line, leader_box, text_box, available_width)
        run = _one_run(context, text_box, places) if len(places) > 1 else None
        leader_box.children = (run,) if run is not None else tuple(_copies(text_box, places))
        if line.style["direction"] == "rtl":
            leader_box.translate(dx=-extra_width)
    # The leader's boxes widened and the boxes after it moved, as WeasyPrint does.
    box = line
    while index is not None:
        for child in box.children[index[0] + 1 :]:
            if child.is_in_normal_flow():
                child.translate(
                    dx=extra_width if line.style["direction"] == "ltr" else -extra_width
                )
        box = box.children[index[0]]
        box.width += extra_width
        index = index[1]


def installed() -> bool:
    return inline.handle_leader is _handle_leader


def install() -> bool:
    """Put the one-run leader in place with WeasyPrint :data:`PINNED`; whether it is."""
    if weasyprint.__version__ != PINNED:
        return False
    inline.handle_leader = _handle_leader
    return True


def uninstall() -> None:
    """WeasyPrint's own leaders back (the tests compare the two)."""
    inline.handle_leader = _ORIGINAL
