"""pdf_order's quick look at a page's bytes: which pages need to be parsed and reordered.

A page already painted in tag-tree order is left as it is, without being
parsed; one painted out of order is reordered. ``/MCID`` inside a string may
make an ordered page look disordered (it is then parsed), never the reverse.

A page's sequences are moved after one scan of its state: list markers, which
WeasyPrint paints after their items' text, each move before its item with the
state it was painted in; a sequence whose move would change what is painted
after it stays.
"""

from __future__ import annotations

import pikepdf

from briefgen.writers.pdf_order import _painted_in_order, paint_in_tree_order


def _page(content: bytes) -> tuple[pikepdf.Pdf, pikepdf.Page]:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content)
    return pdf, page


def _in_order(content: bytes, ranks: dict[int, int]) -> bool:
    pdf, page = _page(content)  # the page reads its bytes through its Pdf: kept open here
    found = _painted_in_order(page, ranks)
    pdf.close()
    return found


IN_ORDER = b"/P <</MCID 0>> BDC BT (a) Tj ET EMC /Figure <</MCID 1>> BDC EMC"
OUT_OF_ORDER = b"/Figure <</MCID 1>> BDC EMC /P <</MCID 0>> BDC BT (a) Tj ET EMC"


def test_a_page_painted_in_tree_order_is_seen_so_from_its_bytes() -> None:
    ranks = {0: 0, 1: 1}
    assert _in_order(IN_ORDER, ranks)
    assert not _in_order(OUT_OF_ORDER, ranks)
    # The tree reads the figure first: then the second page is the ordered one.
    assert not _in_order(IN_ORDER, {0: 1, 1: 0})
    assert _in_order(OUT_OF_ORDER, {0: 1, 1: 0})


def test_a_number_that_is_not_marked_content_can_only_make_a_page_look_disordered() -> None:
    ranks = {0: 0, 1: 1}
    spurious = IN_ORDER.replace(b"(a)", b"(/MCID 1 /MCID 0)")
    assert not _in_order(spurious, ranks)  # parsed, to be sure
    hidden = OUT_OF_ORDER.replace(b"(a)", b"(/MCID 1)")
    assert not _in_order(hidden, ranks)
    # Contents given as an array of streams are read in their order.
    pdf, page = _page(b"")
    first, second = OUT_OF_ORDER.split(b" /P ")
    page.obj.Contents = pikepdf.Array([pdf.make_stream(first), pdf.make_stream(b"/P " + second)])
    assert not _painted_in_order(page, ranks)
    assert _painted_in_order(page, {0: 1, 1: 0})


def test_an_ordered_page_keeps_its_bytes_and_a_disordered_one_is_reordered() -> None:
    pdf, page = _page(IN_ORDER)
    figure = pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name.Figure, K=1, Pg=page.obj
    )
    paragraph = pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, K=0, Pg=page.obj)
    document = pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem,
        S=pikepdf.Name.Document,
        K=pikepdf.Array([pdf.make_indirect(paragraph), pdf.make_indirect(figure)]),
    )
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pdf.make_indirect(document))
    )
    kept = page.obj.Contents
    paint_in_tree_order(pdf)
    assert page.obj.Contents.objgen == kept.objgen  # not parsed, not rewritten
    assert page.obj.Contents.read_bytes() == IN_ORDER

    page.obj.Contents = pdf.make_stream(OUT_OF_ORDER)
    paint_in_tree_order(pdf)
    painted = [
        int(op.operands[1].MCID)
        for op in pikepdf.parse_content_stream(page)
        if str(op.operator) == "BDC"
    ]
    assert painted == [0, 1]


Node = int | tuple[str, list["Node"]]
"""An MCID, or a structure element: (structure type, kids)."""


def _tag_tree(pdf: pikepdf.Pdf, page: pikepdf.Page, tree: list[Node]) -> None:
    """A tag tree for one page's marked content, under a Document element."""

    def element(kind: str, kids: list[Node]) -> pikepdf.Object:
        made = [kid if isinstance(kid, int) else element(*kid) for kid in kids]
        return pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem,
                S=pikepdf.Name("/" + kind),
                K=pikepdf.Array(made),
                Pg=page.obj,
            )
        )

    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=element("Document", list(tree)))
    )


def _painted(page: pikepdf.Page) -> list[int]:
    return [
        int(op.operands[1].MCID)
        for op in pikepdf.parse_content_stream(page)
        if str(op.operator) == "BDC" and "/MCID" in op.operands[1]
    ]


# As WeasyPrint paints a list: each item's text, then each marker (an absolutely
# positioned box) in its own q ... Q, with its colour and a transformation.
LIST_PAINTED = b"""q 0 0 0 rg
/P <</MCID 0>> BDC BT /F1 10 Tf 1 0 0 -1 30 700 Tm (one) Tj ET EMC
/P <</MCID 1>> BDC BT /F1 10 Tf 1 0 0 -1 30 680 Tm (two) Tj ET EMC
/P <</MCID 2>> BDC BT /F1 10 Tf 1 0 0 -1 30 660 Tm (three) Tj ET EMC
q 1 0 0 1 2 0 cm 0 0 1 rg /Span <</MCID 3>> BDC BT /F1 10 Tf 1 0 0 -1 20 700 Tm (1.) Tj ET EMC Q
q 1 0 0 1 2 0 cm 0 0 1 rg /Span <</MCID 4>> BDC BT /F1 10 Tf 1 0 0 -1 20 680 Tm (2.) Tj ET EMC Q
q 1 0 0 1 2 0 cm 0 0 1 rg /Span <</MCID 5>> BDC BT /F1 10 Tf 1 0 0 -1 20 660 Tm (3.) Tj ET EMC Q
Q"""


def test_every_list_marker_is_moved_before_its_items_text_each_with_its_own_state() -> None:
    pdf, page = _page(LIST_PAINTED)
    items: list[Node] = [
        ("LI", [("Lbl", [marker]), ("LBody", [text])]) for marker, text in [(3, 0), (4, 1), (5, 2)]
    ]
    _tag_tree(pdf, page, [("L", items)])
    paint_in_tree_order(pdf)
    assert _painted(page) == [3, 0, 4, 1, 5, 2]
    # Each marker keeps its block (its transformation and colour) inside one more q ... Q,
    # with the colour and text state it was painted in set again; the texts are untouched.
    marker = (
        "q 0 0 0 rg /F1 10 Tf q 1 0 0 1 2 0 cm 0 0 1 rg"
        " /Span <</MCID {mcid}>> BDC BT /F1 10 Tf 1 0 0 -1 20 {y} Tm ({label}) Tj ET EMC Q Q"
    )
    text = "/P <</MCID {mcid}>> BDC BT /F1 10 Tf 1 0 0 -1 30 {y} Tm ({words}) Tj ET EMC"
    expected = ["q 0 0 0 rg"]
    for mcid, y, label, words in [(0, 700, "1.", "one"), (1, 680, "2.", "two")]:
        expected.append(marker.format(mcid=mcid + 3, y=y, label=label))
        expected.append(text.format(mcid=mcid, y=y, words=words))
    expected += [
        marker.format(mcid=5, y=660, label="3."),
        text.format(mcid=2, y=660, words="three"),
    ]
    expected.append("Q")
    want, _ = _page(" ".join(expected).encode())
    assert _written(page) == _written(want.pages[0])


def _written(page: pikepdf.Page) -> bytes:
    return pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))


def test_a_sequence_that_leaves_a_colour_set_for_what_follows_stays_where_it_is() -> None:
    # The label sets the blue that the next text is painted in: moving it would paint
    # that text black.
    content = (
        b"/P <</MCID 0>> BDC BT /F1 10 Tf (one) Tj ET EMC "
        b"/Lbl <</MCID 1>> BDC 0 0 1 rg BT /F1 10 Tf (1.) Tj ET EMC "
        b"/P <</MCID 2>> BDC BT /F1 10 Tf (two) Tj ET EMC"
    )
    pdf, page = _page(content)
    _tag_tree(pdf, page, [("LI", [("Lbl", [1]), ("LBody", [0])]), ("P", [2])])
    kept = page.obj.Contents
    paint_in_tree_order(pdf)
    assert page.obj.Contents.objgen == kept.objgen
    assert _painted(page) == [0, 1, 2]
    # Wrapped in q ... Q, the same label is moved: it restores what it set.
    page.obj.Contents = pdf.make_stream(
        content.replace(b"/Lbl", b"q /Lbl").replace(b"(1.) Tj ET EMC", b"(1.) Tj ET EMC Q")
    )
    paint_in_tree_order(pdf)
    assert _painted(page) == [1, 0, 2]
