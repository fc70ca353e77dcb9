"""A pack's contents in Word on three levels (writers/docx/contents_levels.py): the levels
of its entries, and each level's style given their look, in a reference that has TOC 3 and
in one that lacks it (a project's own reference.docx may)."""

from __future__ import annotations

import docx

from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers.docx import contents_levels as levels
from briefgen.writers.docx import fields as f
from briefgen.writers.docx.styles import StyleMap
from briefgen.writers.docx.wml import qn

GROUP = f.RunLook(True, "0B5EA8", 17)
PART = f.RunLook(True, "1D2329", 20)
SECTION = f.RunLook(False, "1D2329", 19)

ENTRIES = [
    f.TocEntry(1, "Event report", None, None, caps=True, look=GROUP, group=True),
    f.TocEntry(1, "The report", "r", 3, look=PART),
    f.TocEntry(2, "Agenda", "a", 3, look=SECTION),
    f.TocEntry(
        1, "Country fact sheets", None, None, caps=True, look=GROUP, space_before=227, group=True
    ),
    f.TocEntry(1, "Austria", "at", 9, look=PART),
]


def styles(without_toc3: bool = False) -> StyleMap:
    document = docx.Document(str(BUILTIN_DIR / "reference.docx"))
    root = document.styles.element
    if without_toc3:
        for style in root.findall(qn("w:style")):
            if style.get(qn("w:styleId")) == "TOC3":
                root.remove(style)
    return StyleMap(document)


def run_props(styles: StyleMap, name: str) -> dict[str, str | None]:
    rpr = styles.element(name).find(qn("w:rPr"))
    return {child.tag.split("}")[1]: child.get(qn("w:val")) for child in rpr}


def test_only_a_contents_with_group_lines_is_on_three_levels() -> None:
    assert levels.is_grouped(ENTRIES)
    assert not levels.is_grouped([e for e in ENTRIES if not e.group])
    assert [e.level for e in levels.grouped_levels(ENTRIES)] == [1, 2, 3, 1, 2]


def test_each_level_style_gets_its_lines_look() -> None:
    found = styles()
    toc2_indent = found.element("TOC 2").find(f"{qn('w:pPr')}/{qn('w:ind')}")
    spaces = levels.restyle(found, levels.grouped_levels(ENTRIES))
    assert spaces == {1: 227, 2: 0, 3: 0}
    assert run_props(found, "TOC 1") == {
        "b": None, "bCs": None, "caps": None, "color": "0B5EA8", "sz": "17", "szCs": "17"
    }  # fmt: skip
    assert run_props(found, "TOC 2")["color"] == "1D2329" and "b" in run_props(found, "TOC 2")
    assert "b" not in run_props(found, "TOC 3") and run_props(found, "TOC 3")["sz"] == "19"
    spacing = found.element("TOC 1").find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert spacing is not None and spacing.get(qn("w:before")) == "227"
    # Parts are not indented; chapters are, as TOC 2 indented its entries.
    assert found.element("TOC 2").find(f"{qn('w:pPr')}/{qn('w:ind')}") is None
    indent = found.element("TOC 3").find(f"{qn('w:pPr')}/{qn('w:ind')}")
    assert toc2_indent is not None and indent is not None
    assert indent.get(qn("w:left")) == toc2_indent.get(qn("w:left"))


def test_a_reference_without_toc_3_gets_one() -> None:
    found = styles(without_toc3=True)
    assert not found.has("TOC 3")
    levels.restyle(found, levels.grouped_levels(ENTRIES))
    assert found.has("TOC 3")
    style = found.element("TOC 3")
    assert style.find(qn("w:name")).get(qn("w:val")) == "toc 3"
    assert found.id("TOC 3") not in (found.id("TOC 1"), found.id("TOC 2"))
    assert run_props(found, "TOC 3")["sz"] == "19"
