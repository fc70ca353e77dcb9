"""pdf_order's quick look at a page's bytes: which pages need to be parsed and reordered.

A page already painted in tag-tree order is left as it is, without being
parsed; one painted out of order is reordered. ``/MCID`` inside a string may
make an ordered page look disordered (it is then parsed), never the reverse.
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
