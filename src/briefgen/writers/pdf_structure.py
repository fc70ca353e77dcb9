"""Repairs to WeasyPrint's tag tree, so a tagged PDF reads right with a screen reader.

WeasyPrint (70) writes a usable PDF/UA-1 structure, but four things in it are
wrong for a reader, and none of them can be set from HTML or CSS:

- **Page furniture is content.** The running headers, footers and page numbers
  of the page margin boxes are marked as tagged content (``/Span <</MCID n>>``)
  whose structure elements hang from the parent tree but not from the tag tree
  (WeasyPrint issue #1836: https://github.com/Kozea/WeasyPrint/issues/1836).
  They become pagination Artifacts here.
- **Nested links.** A link with generated content (the contents' dotted leader
  and page number) gives one ``/Link`` element and one annotation per box, each
  inside the previous one; they become one element with one annotation.
- **Link descriptions** are the fragment id ("session-roadmap-results"); they
  become the visible text of the target (its heading), and every annotation
  gets the Print flag.
- **Table headers** carry /ID without the IDTree that ISO 32000-1, 14.7.2
  requires, and no /Scope.

Everything here is a pure function of the PDF's bytes and its arguments, so the
output stays byte-reproducible.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, Pdf, String

from briefgen.writers.pdf_marked import rewrite_margin_sequences

PRINT_FLAG = 4
"""Annotation flag bit 3 (ISO 32000-1, 12.5.3): print the annotation with the page."""


def repair_structure(pdf: Pdf, link_texts: Mapping[str, str]) -> None:
    """Apply every repair of this module to ``pdf`` in place.

    ``link_texts`` maps an element id of the document to the visible text a
    link to it should announce (the target's heading).
    """
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    # Walked once: the repairs renumber MCIDs and fold nested links away (dropped), nothing else.
    elements = list(_elements(root))
    _artifact_margin_content(pdf, {element.objgen for element in elements})
    dropped = _merge_nested_links(pdf, elements)
    _describe_links(pdf, link_texts)
    _scope_table_headers(pdf, root, [e for e in elements if e.objgen not in dropped])


def _kids(element: Object) -> list[Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _is_element(node: Object) -> bool:
    return isinstance(node, Dictionary) and "/S" in node and "/MCID" not in node


def _elements(root: Object) -> Iterator[Object]:
    """Every structure element under ``root``, depth first in document order."""
    stack = [kid for kid in reversed(_kids(root)) if _is_element(kid)]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(kid for kid in reversed(_kids(element)) if _is_element(kid))


def marked_content_order(root: Object) -> Iterator[tuple[tuple[int, int], int]]:
    """(page objgen, MCID) of every marked-content reference, in tag-tree order."""

    def visit(element: Object, page: Object | None) -> Iterator[tuple[tuple[int, int], int]]:
        page = element.get("/Pg", page)
        for kid in _kids(element):
            if isinstance(kid, int):
                if page is not None:
                    yield page.objgen, kid
            elif _is_element(kid):
                yield from visit(kid, page)
            elif isinstance(kid, Dictionary) and "/MCID" in kid:
                kid_page = kid.get("/Pg", page)
                if kid_page is not None:
                    yield kid_page.objgen, int(kid.MCID)

    for top in _kids(root):
        if _is_element(top):
            yield from visit(top, None)


def _parent_tree(pdf: Pdf) -> dict[int, Object]:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _set_parent_tree(pdf: Pdf, entries: dict[int, Object]) -> None:
    nums = Array()
    for key in sorted(entries):
        nums.append(key)
        nums.append(entries[key])
    pdf.Root.StructTreeRoot.ParentTree.Nums = nums


# -- running headers, footers and page numbers --------------------------------------------


def _artifact_margin_content(pdf: Pdf, reachable: set[tuple[int, int]]) -> None:
    """Mark the content of the page margin boxes as pagination Artifacts (ISO 32000-1, 14.8.2.2).

    WeasyPrint marks a margin box's text with an MCID whose structure element is
    not part of the tag tree; that is how it is found here, whatever the
    template puts in the margins. The page's other MCIDs are renumbered from 0.
    """
    tree = _parent_tree(pdf)
    for page in pdf.pages:
        if "/StructParents" not in page.obj:
            continue
        key = int(page.obj.StructParents)
        owners = tree.get(key)
        if owners is None:
            continue
        margin = {
            mcid
            for mcid, owner in enumerate(owners)
            if not isinstance(owner, Dictionary) or owner.objgen not in reachable
        }
        if not margin:
            continue
        height = float(page.mediabox[3]) - float(page.mediabox[1])
        kept = set(range(len(owners))) - margin
        renumbered = _rewrite_page(pdf, page, margin, kept, height)
        if renumbered is None:
            # Tagged content inside a form XObject (opacity, a transform) keeps its
            # number: the artifacts' numbers are left unused.
            for mcid in margin:
                owners[mcid] = None
            continue
        new_owners = Array()
        changed: dict[tuple[int, int], Object] = {}
        for old, _new in sorted(renumbered.items(), key=lambda item: item[1]):
            owner = owners[old]
            new_owners.append(owner)
            changed[owner.objgen] = owner
        tree[key] = new_owners
        if all(old == new for old, new in renumbered.items()):
            continue  # the margin's numbers came last (as WeasyPrint paints them)
        for owner in changed.values():
            _renumber_kids(owner, page.obj, renumbered)
    _set_parent_tree(pdf, tree)


def _rewrite_page(
    pdf: Pdf, page: pikepdf.Page, margin: set[int], kept: set[int], height: float
) -> dict[int, int] | None:
    """Turn the margin sequences of one page into Artifacts; old MCID -> new for the rest.

    Read from the page's bytes when they are plain (pdf_marked), parsed otherwise.
    Returns None, and keeps every number, when some of ``kept`` are not in the
    page's own content (they are inside a form XObject).
    """
    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        plain = rewrite_margin_sequences(contents.read_bytes(), margin, kept, height)
        if plain is not None:
            # Compressed, like every stream, by pdf_archival.end_streams_cleanly.
            page.obj.Contents = pdf.make_stream(plain[1])
            return plain[0]
    matrix = pikepdf.Matrix()
    saved: list[pikepdf.Matrix] = []
    pending: Dictionary | None = None  # the properties of the artifact being read
    result = list(pikepdf.parse_content_stream(page))
    tagged: dict[int, int] = {}  # index in result -> MCID
    for index, instruction in enumerate(result):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operator = str(instruction.operator)
        if operator == "q":
            saved.append(matrix)
        elif operator == "Q" and saved:
            matrix = saved.pop()
        elif operator == "cm":
            matrix = pikepdf.Matrix(*[float(v) for v in instruction.operands]) @ matrix
        elif operator == "Tm" and pending is not None:
            y = (pikepdf.Matrix(*[float(v) for v in instruction.operands]) @ matrix).f
            pending.Subtype = Name.Header if y > height / 2 else Name.Footer
            pending = None
        elif operator == "BDC":
            properties = instruction.operands[1]
            if not isinstance(properties, Dictionary) or "/MCID" not in properties:
                continue
            mcid = int(properties.MCID)
            if mcid in margin:
                pending = Dictionary(Type=Name.Pagination)
                result[index] = pikepdf.ContentStreamInstruction(
                    [Name.Artifact, pending], pikepdf.Operator("BDC")
                )
            else:
                tagged[index] = mcid
    renumbered: dict[int, int] | None = None
    if set(tagged.values()) == kept:
        renumbered = {mcid: number for number, mcid in enumerate(tagged.values())}
        for index, mcid in tagged.items():
            tag = result[index].operands[0]
            result[index] = pikepdf.ContentStreamInstruction(
                [tag, Dictionary(MCID=renumbered[mcid])], pikepdf.Operator("BDC")
            )
    # Compressed, like every stream, by pdf_archival.end_streams_cleanly.
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(result))
    return renumbered


def _renumber_kids(element: Object, page: Object, renumbered: dict[int, int]) -> None:
    """Rewrite the MCIDs of ``page`` among an element's kids with their new numbers."""
    own_page = element.get("/Pg")
    kids = element.get("/K")
    new: list[Object | int] = []
    for kid in _kids(element):
        if isinstance(kid, int):
            if _same(own_page, page) and kid in renumbered:
                new.append(renumbered[kid])
                continue
        elif (
            isinstance(kid, Dictionary)
            and "/MCID" in kid
            and _same(kid.get("/Pg", own_page), page)
            and int(kid.MCID) in renumbered
        ):
            kid.MCID = renumbered[int(kid.MCID)]
        new.append(kid)
    element.K = Array(new) if isinstance(kids, Array) or len(new) != 1 else new[0]


def _same(a: Object | None, b: Object) -> bool:
    return a is not None and a.objgen == b.objgen


# -- links --------------------------------------------------------------------------------


def _annotation_of(element: Object) -> Object | None:
    for kid in _kids(element):
        if isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR":
            return kid.Obj
    return None


def _merge_nested_links(pdf: Pdf, elements: list[Object]) -> set[tuple[int, int]]:
    """Fold every /Link element inside another /Link into the outer one, with one annotation.

    The outer annotation's rectangle grows to cover the inner ones, so the
    whole entry (title, leader and page number) stays one click target. Returns
    the elements folded away (by objgen).
    """
    tree = _parent_tree(pdf)
    dropped: set[tuple[int, int]] = set()
    for element in elements:
        if element.S != "/Link" or element.objgen in dropped:
            continue
        parent = element.get("/P")
        if parent is not None and parent.get("/S") == "/Link":
            continue  # folded when its outermost link is met
        outer_annotation = _annotation_of(element)
        new_kids: list[Object] = []
        before = len(dropped)
        for kid in _flatten_links(element, dropped):
            if isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR":
                annotation = kid.Obj
                if outer_annotation is not None and annotation.objgen != outer_annotation.objgen:
                    _absorb(pdf, outer_annotation, annotation, tree)
                    continue
            new_kids.append(kid)
        if len(dropped) != before:
            element.K = Array(new_kids)
            _reparent_mcids(pdf, element, tree)
    _set_parent_tree(pdf, tree)
    return dropped


def _flatten_links(element: Object, dropped: set[tuple[int, int]]) -> Iterator[Object]:
    for kid in _kids(element):
        if _is_element(kid) and kid.S == "/Link":
            dropped.add(kid.objgen)
            yield from _flatten_links(kid, dropped)
        else:
            if _is_element(kid):
                kid.P = element
            yield kid


def _absorb(pdf: Pdf, outer: Object, inner: Object, tree: dict[int, Object]) -> None:
    """Remove the annotation ``inner``; ``outer`` covers its rectangle instead."""
    a, b = [float(v) for v in outer.Rect], [float(v) for v in inner.Rect]
    outer.Rect = Array(
        [
            min(a[0], a[2], b[0], b[2]),
            min(a[1], a[3], b[1], b[3]),
            max(a[0], a[2], b[0], b[2]),
            max(a[1], a[3], b[1], b[3]),
        ]
    )
    if "/StructParent" in inner:
        tree.pop(int(inner.StructParent), None)
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if annotations is None:
            continue
        kept = [a for a in annotations if a.objgen != inner.objgen]
        if len(kept) != len(annotations):
            page.obj.Annots = Array(kept)


def _reparent_mcids(pdf: Pdf, element: Object, tree: dict[int, Object]) -> None:
    """Point the parent tree's entries for an element's own MCIDs at the element."""
    pages = {page.obj.objgen: page.obj for page in pdf.pages}
    own_page = element.get("/Pg")
    for kid in _kids(element):
        if _is_element(kid) or (isinstance(kid, Dictionary) and "/MCID" not in kid):
            continue
        if isinstance(kid, Dictionary):
            page, mcid = kid.get("/Pg", own_page), int(kid.MCID)
        else:
            page, mcid = own_page, int(kid)
        if page is None or page.objgen not in pages:
            continue
        owners = tree.get(int(pages[page.objgen].StructParents))
        if owners is not None and mcid < len(owners):
            owners[mcid] = element


def _describe_links(pdf: Pdf, link_texts: Mapping[str, str]) -> None:
    """Each link annotation says where it leads, in words, and prints with the page."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            annotation.F = int(annotation.get("/F", 0)) | PRINT_FLAG
            if annotation.get("/Subtype") != "/Link":
                continue
            target = annotation.get("/Dest")
            if isinstance(target, String) and str(target) in link_texts:
                annotation.Contents = String(link_texts[str(target)])


# -- tables -------------------------------------------------------------------------------


def _scope_table_headers(pdf: Pdf, root: Object, elements: list[Object]) -> None:
    """Give every TH a /Scope and index every element /ID in the IDTree (ISO 32000-1, 14.7.2)."""
    ids: dict[str, Object] = {}
    for element in elements:
        if "/ID" in element:
            ids[bytes(element.ID).decode("latin-1")] = element
        if element.S != "/TH":
            continue
        attributes = element.get("/A")
        table_attributes = None
        for candidate in list(attributes) if isinstance(attributes, Array) else [attributes]:
            if isinstance(candidate, Dictionary) and candidate.get("/O") == "/Table":
                table_attributes = candidate
        if table_attributes is None:
            table_attributes = Dictionary(O=Name.Table)
            element.A = (
                table_attributes
                if attributes is None
                else Array([*_as_list(attributes), table_attributes])
            )
        if "/Scope" not in table_attributes:
            table_attributes.Scope = _scope(element)
    if ids:
        names = Array()
        for key in sorted(ids, key=lambda k: k.encode("latin-1")):
            names.append(String(key.encode("latin-1")))
            names.append(ids[key])
        root.IDTree = pdf.make_indirect(Dictionary(Names=names))


def _as_list(value: Object) -> list[Object]:
    return list(value) if isinstance(value, Array) else [value]


def _scope(header: Object) -> Name:
    """Column for a header in THead or a row of headers; Row for one that leads a row of data."""
    row = header.get("/P")
    if row is None or row.get("/S") != "/TR":
        return Name.Column
    group = row.get("/P")
    if group is not None and group.get("/S") == "/THead":
        return Name.Column
    cells = [kid for kid in _kids(row) if _is_element(kid)]
    if any(cell.S == "/TD" for cell in cells) and cells and cells[0].objgen == header.objgen:
        return Name.Row
    return Name.Column
