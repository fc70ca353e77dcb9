"""Margin sequences become pagination Artifacts: read from a plain page's bytes, or parsed.

pdf_marked rewrites a page without parsing it when its bytes are plain (as
WeasyPrint writes them); any other page is parsed by pdf_structure. Both ways
give the same operators, the same numbers and the same parent tree.
"""

from __future__ import annotations

import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name

from briefgen.writers.pdf_archival import end_streams_cleanly
from briefgen.writers.pdf_marked import rewrite_margin_sequences
from briefgen.writers.pdf_structure import repair_structure

# As WeasyPrint writes a page 600 high: the body's two sequences, then the page
# number (a margin box's text, MCID 2) near the bottom, under a flipped matrix.
PAGE = b"""1 0 0 -1 0 600 cm
q
/Span
<</MCID 0>>
BDC
BT
1 0 0 -1 50 100 Tm
/F1 12 Tf
[<0028>0<0059>] TJ
ET
EMC
/P
<</MCID 1>>
BDC
BT
1 0 0 -1 50 130 Tm
[<0029>] TJ
ET
EMC
Q
q
/Span
<</MCID 2>>
BDC
BT
1 0 0 -1 500 580 Tm
[<0014>] TJ
ET
EMC
Q
"""


def test_a_plain_page_is_rewritten_in_its_bytes() -> None:
    found = rewrite_margin_sequences(PAGE, margin={2}, kept={0, 1}, height=600)
    assert found is not None
    renumbered, data = found
    assert renumbered == {0: 0, 1: 1}
    assert data == PAGE.replace(
        b"/Span\n<</MCID 2>>\nBDC", b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC"
    )


def test_the_kept_sequences_are_numbered_from_0_and_a_header_is_a_header() -> None:
    # A running header painted first (top of the page, y = 600 - 20), then the body.
    page = b"1 0 0 -1 0 600 cm /Span <</MCID 0>> BDC BT 1 0 0 -1 50 20 Tm ET EMC " + PAGE[18:]
    page = page.replace(b"<</MCID 2>>", b"<</MCID 3>>").replace(b"<</MCID 1>>", b"<</MCID 2>>")
    page = page.replace(b"/Span\n<</MCID 0>>", b"/Span\n<</MCID 1>>")
    found = rewrite_margin_sequences(page, margin={0, 3}, kept={1, 2}, height=600)
    assert found is not None
    renumbered, data = found
    assert renumbered == {1: 0, 2: 1}
    assert data.startswith(
        b"1 0 0 -1 0 600 cm /Artifact <</Type /Pagination /Subtype /Header>> BDC BT"
    )
    assert b"/Span <</MCID 0>> BDC\nBT\n1 0 0 -1 50 100 Tm" in data
    assert b"/P <</MCID 1>> BDC\nBT\n1 0 0 -1 50 130 Tm" in data
    assert b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nBT\n1 0 0 -1 500 580" in data


def test_a_name_is_no_operator() -> None:
    # "/Q" is a name (a graphics state): were it read as Q, the matrix would be lost
    # and the header, 500 above the bottom, taken for a footer.
    page = b"q 1 0 0 1 0 500 cm /Q gs /Span <</MCID 0>> BDC BT 1 0 0 1 0 0 Tm ET EMC Q"
    found = rewrite_margin_sequences(page, margin={0}, kept=set(), height=600)
    assert found == (
        {},
        page.replace(b"/Span <</MCID 0>>", b"/Artifact <</Type /Pagination /Subtype /Header>>"),
    )


def test_a_page_that_is_not_plain_is_left_to_the_parser() -> None:
    # A literal string (it could hold anything), an inline image, an MCID not found
    # in the page's own content (in a form XObject), an MCID written otherwise.
    assert rewrite_margin_sequences(PAGE.replace(b"[<0029>]", b"[(a)]"), {2}, {0, 1}, 600) is None
    inline = PAGE.replace(b"Q\nq\n", b"Q\nBI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI\nq\n")
    assert rewrite_margin_sequences(inline, {2}, {0, 1}, 600) is None
    assert rewrite_margin_sequences(PAGE, {2}, {0, 1, 3}, 600) is None
    other = PAGE.replace(b"<</MCID 1>>", b"<</MCID 1 /ActualText <FEFF0041>>>")
    assert rewrite_margin_sequences(other, {2}, {0, 1}, 600) is None


def _tagged(content: bytes, orphan: int = 2) -> pikepdf.Pdf:
    """One page with ``content``: a Span and a P in the tag tree, with the other two of
    MCIDs 0, 1 and 2 in that order, and ``orphan`` (a margin box's) in no tag."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(400, 600))
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content)
    page.obj.StructParents = 0
    first, second = [mcid for mcid in (0, 1, 2) if mcid != orphan]
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    span = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Span, K=first, Pg=page.obj))
    paragraph = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, K=second, Pg=page.obj))
    margin = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Span, K=orphan, Pg=page.obj))
    document.K = Array([span, paragraph])
    owners = {first: span, second: paragraph, orphan: margin}
    tree = pdf.make_indirect(Dictionary(Nums=Array([0, Array([owners[n] for n in (0, 1, 2)])])))
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        Dictionary(Type=Name.StructTreeRoot, K=document, ParentTree=tree)
    )
    return pdf


def test_both_ways_give_the_same_operators_and_parent_tree() -> None:
    plain, parsed = _tagged(PAGE), _tagged(PAGE.replace(b"[<0029>]", b"[(a)]"))
    repair_structure(plain, {})
    repair_structure(parsed, {})
    # The plain page keeps its bytes but for the artifact; the other was parsed and written.
    artifact = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC"
    assert plain.pages[0].Contents.read_bytes() == PAGE.replace(
        b"/Span\n<</MCID 2>>\nBDC", artifact
    )
    assert artifact not in parsed.pages[0].Contents.read_bytes()

    def operators(pdf: pikepdf.Pdf) -> list[str]:
        return [
            pikepdf.unparse_content_stream([op]).decode()
            for op in pikepdf.parse_content_stream(pdf.pages[0])
            if str(op.operator) != "TJ"
        ]

    assert operators(plain) == operators(parsed)
    assert "/Artifact << /Subtype /Footer /Type /Pagination >> BDC" in operators(plain)
    for pdf in (plain, parsed):
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        assert [str(owner.S) for owner in nums[1]] == ["/Span", "/P"]


def test_a_running_header_painted_first_has_the_others_renumbered_in_the_tree_too() -> None:
    header = b"q /Span <</MCID 0>> BDC BT 1 0 0 1 50 580 Tm [<0001>] TJ ET EMC Q "
    body = b"/Span <</MCID 1>> BDC BT 1 0 0 1 50 100 Tm ET EMC /P <</MCID 2>> BDC EMC"
    pdf = _tagged(header + body, orphan=0)
    repair_structure(pdf, {})
    painted = [
        op.operands
        for op in pikepdf.parse_content_stream(pdf.pages[0])
        if str(op.operator) == "BDC"
    ]
    assert [(str(tag), dict(properties)) for tag, properties in painted] == [
        ("/Artifact", {"/Type": Name.Pagination, "/Subtype": Name.Header}),
        ("/Span", {"/MCID": 0}),
        ("/P", {"/MCID": 1}),
    ]
    document = pdf.Root.StructTreeRoot.K
    assert [int(element.K) for element in document.K] == [0, 1]
    assert [str(owner.S) for owner in pdf.Root.StructTreeRoot.ParentTree.Nums[1]] == ["/Span", "/P"]


def test_a_stream_is_wrapped_until_it_no_longer_ends_in_cr() -> None:
    """A Flate wrapper ends with the Adler-32 of what it wraps, at every level: a stream
    whose compressed bytes and their wrapper both end in CR needs two wrappers."""
    content = next(
        data
        for data in (b"BT %d ET" % n for n in range(1_000_000))
        if zlib.compress(data).endswith(b"\r")
        and zlib.compress(zlib.compress(data), 9).endswith(b"\r")
    )
    pdf = pikepdf.new()
    stream = pdf.make_stream(zlib.compress(content), Filter=Name.FlateDecode)
    end_streams_cleanly(pdf)
    assert stream.Filter == Array([Name.FlateDecode] * 3)
    assert not stream.read_raw_bytes().endswith(b"\r")
    assert stream.read_bytes() == content
