"""The DOCX writer: real Word documents made from the same HTML as the PDFs.

Documents are built from copies of the sample project (and small fixture
projects), read back with python-docx and lxml, compared word for word with
their PDFs, and converted by headless LibreOffice.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree, html

from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render.document import Renderer
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers.docx.styles import PARAGRAPH_STYLES
from buildtools import write
from conftest import REPO_ROOT, copy_root
from docx_helpers import (
    NS,
    Built,
    body_paragraphs,
    build_project,
    contents_entries,
    copy_sample,
    core_properties,
    part_names,
    pdf_text,
    q,
    soffice_to_pdf,
    styles_by_id,
    words,
    xml_part,
)
from ooxml import PACKAGE, invalid, needs_validator

REPORT = "events/kyoto-2021-roadmap-children"
EPOCH = 1700000000


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Built]:
    """The sample project, built once as PDF and DOCX (PDF first, as the build does)."""
    root = copy_sample(tmp_path_factory.mktemp("docx"))
    report = build_project(root, "pdf", "docx")
    return root, report


def out(root: Path, target: str, fmt: str = "docx") -> Path:
    return root / "build" / "en" / f"{target}.{fmt}"


def sample_docx(root: Path) -> list[Path]:
    """The English documents: the structural and text tests read these (not the briefing
    pack, whose parts are these documents: tests/test_pack.py reads it)."""
    return sorted(p for p in (root / "build" / "en").rglob("*.docx") if p.parent.name != "packs")


def all_sample_docx(root: Path) -> list[Path]:
    """Every language's documents (the sample builds en, fr and ar)."""
    return sorted((root / "build").rglob("*.docx"))


def rendered_html(root: Path, target: str) -> html.HtmlElement:
    project = load_project(root)
    kind, _, ident = target.partition("/")
    return html.document_fromstring(Renderer(project).render(DocumentRef(kind, ident), "en").html)


def furniture_of(path: Path) -> tuple[list[str], list[str]]:
    """(texts of the running header, texts of the footer) of a built .docx."""
    header: list[str] = []
    footer: list[str] = []
    for name in part_names(path):
        if name.startswith(("word/header", "word/footer")):
            texts = [t.text for t in xml_part(path, name).iter(q("w:t")) if t.text]
            (header if "header" in name else footer).extend(texts)
    return header, footer


def comparable(text_words: list[str]) -> str:
    """Words joined without spaces: letter-spaced capitals and hyphens at line ends of a
    PDF split words differently, never the letters or their order."""
    return "".join(text_words)


def pdf_body_words(path: Path, running: list[str]) -> list[str]:
    """The PDF's words in content order (pdftotext -raw follows WeasyPrint's drawing order),
    without the running header line, "Page X of Y" and list markers."""

    raw = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    header = words(" ".join(running))
    found: list[str] = []
    for line in raw.splitlines():
        if words(line) == header or re.match(r"^\s*Page \d+ (of|sur) \d+\s*$", line, re.I):
            continue
        found += words(re.sub(r"^\s*(\d{1,3}\.|•)(\s+|$)", "", line))
    return found


def is_subsequence(needle: str, haystack: str) -> bool:
    rest = iter(haystack)
    return all(char in rest for char in needle)


# -- every document, and its text ------------------------------------------------------


def test_every_sample_document_exists_as_docx(sample: tuple[Path, Built]) -> None:
    root, report = sample
    assert not report.failed, report.output
    pdfs = sorted(p.with_suffix("") for p in (root / "build").rglob("*.pdf"))
    assert pdfs and pdfs == sorted(p.with_suffix("") for p in all_sample_docx(root))
    assert len(pdfs) == 48  # 15 documents and a pack in English, French and Arabic
    for path in all_sample_docx(root):
        docx.Document(str(path))  # python-docx opens every one


def test_docx_text_matches_pdf_text(sample: tuple[Path, Built]) -> None:
    root, _ = sample
    # English and French (left to right): pdftotext gives Arabic in visual order, so the
    # Arabic documents are compared through LibreOffice and test_docx_rtl.py instead.
    french = sorted(p for p in (root / "build" / "fr").rglob("*.docx") if p.parent.name != "packs")
    for path in sample_docx(root) + french:
        running, _ = furniture_of(path)
        docx_words = [w for p in body_paragraphs(path) for w in words(p.text)]
        pdf_words = pdf_body_words(path.with_suffix(".pdf"), running)
        assert len(docx_words) > 50, path.name
        assert comparable(docx_words) == comparable(pdf_words), path.name


# -- structure: styles, outline, lists, tables, links --------------------------------------


def test_report_uses_named_styles(sample: tuple[Path, Built]) -> None:
    root, _ = sample
    path = out(root, REPORT)
    used = {p.style for p in body_paragraphs(path)}
    assert {
        "Cover Title",
        "Cover Subtitle",
        "Cover Kind",
        "Cover Meta",
        "Cover Publisher",
        "TOC Heading",
        "toc 1",
        "toc 2",
        "heading 1",
        "heading 2",
        "heading 3",
        "Quote",
        "Attribution",
        "Reported",
        "Meta",
        "List Bullet",
        "List Number",
        "Table Text",
        "Normal",
    } <= used
    assert "?" not in used  # every pStyle is defined in styles.xml
    # Emphasis is bold and italic runs, never a paragraph painted by hand (the cover's white
    # text comes from its styles too).
    document = xml_part(path, "word/document.xml")
    assert not document.findall(".//w:p/w:pPr/w:rPr/w:color", NS)
    assert not document.findall(".//w:r/w:rPr/w:sz", NS)
    assert not document.findall(".//w:r/w:rPr/w:color", NS)
    names = styles_by_id(path)
    for tbl in document.iter(q("w:tbl")):
        assert names[tbl.find("w:tblPr/w:tblStyle", NS).get(q("w:val"))] == "briefgen Table"


def test_heading_outline_follows_the_html(sample: tuple[Path, Built]) -> None:
    root, _ = sample
    for target in (REPORT, "countries/KAZ", "speakers/miwa-kato"):
        tree = rendered_html(root, target)
        expected = [
            (int(h.tag[1]) - 1, re.sub(r"\s+", " ", h.text_content()).strip())
            for h in tree.iter("h2", "h3", "h4")
            if h.getparent().get("class") != "toc"
        ]
        got = [
            (int(p.style[-1]), p.text)
            for p in body_paragraphs(out(root, target))
            if p.style.startswith("heading ")
        ]
        assert got == expected, target
        # The report's title is on its cover, in the cover's own title style.
        titles = [
            p.text
            for p in body_paragraphs(out(root, target))
            if p.style in ("Title", "Cover Title")
        ]
        assert titles == [re.sub(r"\s+", " ", tree.find(".//h1").text_content()).strip()]


def test_lists_use_real_word_numbering(sample: tuple[Path, Built]) -> None:
    root, _ = sample
    path = out(root, REPORT)
    numbering = xml_part(path, "word/numbering.xml")
    formats = {
        a.get(q("w:abstractNumId")): a.find("w:lvl[@w:ilvl='0']/w:numFmt", NS).get(q("w:val"))
        for a in numbering.findall("w:abstractNum", NS)
    }
    nums = {n.get(q("w:numId")): n for n in numbering.findall("w:num", NS)}
    items: dict[str, list[tuple[str, str]]] = {}
    for p in body_paragraphs(path):
        num = p.element.find("w:pPr/w:numPr/w:numId", NS)
        if p.style in ("List Bullet", "List Number"):
            assert num is not None, p.text
            num_id = num.get(q("w:val"))
            abstract = nums[num_id].find("w:abstractNumId", NS).get(q("w:val"))
            items.setdefault(num_id, []).append((p.style, formats[abstract]))
    lists = list(items.values())
    # key messages (3 bullets), outcomes (4 numbers), organisers and partners, sources
    assert [("List Bullet", "bullet")] * 3 in lists
    assert [("List Number", "decimal")] * 4 in lists
    numbered = [n for n, entries in items.items() if entries[0][1] == "decimal"]
    assert len(numbered) == 2  # outcomes and sources: two lists, each restarting at 1
    for num_id in numbered:
        assert nums[num_id].find("w:lvlOverride/w:startOverride", NS).get(q("w:val")) == "1"
    assert not any(re.match(r"^\d+\.|^•", p.text) for p in body_paragraphs(path))


def test_the_contents_heading_has_the_size_of_the_other_section_headings(
    sample: tuple[Path, Built],
) -> None:
    """The report's "Contents" is an h2 like "Summary" (14 pt in style.css): in Word its
    style takes the heading's computed size, not the size of the nav around it."""
    root, _ = sample
    styles = xml_part(out(root, REPORT), "word/styles.xml")
    sizes = {
        s.find("w:name", NS).get(q("w:val")): s.find("w:rPr/w:sz", NS).get(q("w:val"))
        for s in styles.findall("w:style", NS)
        if s.find("w:rPr/w:sz", NS) is not None
    }
    assert sizes["TOC Heading"] == sizes["heading 1"] == "28"


def test_topic_tags_look_as_in_the_pdf(sample: tuple[Path, Built]) -> None:
    """Tags are small upright sans-serif words on a grey ground in the PDF (``.tag``);
    inside an italic serif quote, Word's runs say the same."""
    root, _ = sample
    spans = rendered_html(root, "speakers/miwa-kato").xpath("//span[@class='tag']")
    tags = [" ".join(t.text_content().split()) for t in spans]
    assert tags == [
        "health crisis",
        "temptation of isolation",
        "children associated with terrorist and violent extremist groups",
        "urgency of action",
    ]
    body = xml_part(out(root, "speakers/miwa-kato"), "word/document.xml")
    runs = {"".join(r.itertext()): r.find("w:rPr", NS) for r in body.iter(q("w:r"))}
    for tag in tags:
        rpr = runs[tag]
        assert rpr.find("w:sz", NS).get(q("w:val")) == "15"  # 7.5 pt
        assert rpr.find("w:i", NS).get(q("w:val")) == "0"
        assert rpr.find("w:rFonts", NS).get(q("w:ascii")) == "Noto Sans"
        assert rpr.find("w:shd", NS).get(q("w:fill")) == "E8EDF2"
        assert rpr.find("w:color", NS).get(q("w:val")) == "39434C"


def test_a_list_drawn_without_markers_has_no_word_numbering(sample: tuple[Path, Built]) -> None:
    """A country's delegation is a list the stylesheet draws without bullets
    (``list-style: none``): in Word its names are plain paragraphs, not bullets."""
    root, _ = sample
    delegation = rendered_html(root, "countries/KAZ").xpath("//ul[@class='delegation']/li")
    names = [" ".join(li.text_content().split()) for li in delegation]
    assert names == ["H.E. Mr. Talgat Kaliyev, Ambassador-at-large"]
    paragraphs = {" ".join(p.text.split()): p for p in body_paragraphs(out(root, "countries/KAZ"))}
    for name in names:
        assert paragraphs[name].style == "Normal"
        assert paragraphs[name].element.find("w:pPr/w:numPr", NS) is None
    bullets = [p for p in body_paragraphs(out(root, REPORT)) if p.style == "List Bullet"]
    assert bullets and all(p.element.find("w:pPr/w:numPr", NS) is not None for p in bullets)


def test_tables_have_header_rows_widths_and_number_alignment(
    sample: tuple[Path, Built],
) -> None:
    root, _ = sample
    for target, count in ((REPORT, 3), ("countries/KAZ", 1)):
        path = out(root, target)
        tree = rendered_html(root, target)
        html_tables = tree.findall(".//table")
        document = xml_part(path, "word/document.xml")
        # Data tables have the table style; a band (blocks side by side) is a plain layout table.
        tables = [t for t in document.iter(q("w:tbl")) if styled(t)]
        assert len(tables) == len(html_tables) == count
        margins = document.find("w:body/w:sectPr/w:pgMar", NS)
        page = int(document.find("w:body/w:sectPr/w:pgSz", NS).get(q("w:w")))
        text_width = page - int(margins.get(q("w:left"))) - int(margins.get(q("w:right")))
        for tbl, table in zip(tables, html_tables, strict=True):
            rows = tbl.findall("w:tr", NS)
            assert len(rows) == len(table.findall(".//tr"))
            flags = [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows]
            assert flags == [True] + [False] * (len(rows) - 1)
            heads = [re.sub(r"\s+", " ", th.text_content()).strip() for th in table.iter("th")]
            first = [
                "".join(t.text or "" for t in tc.iter(q("w:t")))
                for tc in rows[0]
                if tc.tag == q("w:tc")
            ]
            assert first == heads
            grid = [int(g.get(q("w:w"))) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
            cell = tbl.getparent()
            if cell.tag == q("w:tc"):  # in a band: the column of the band, less its gap
                mar = [int(m.get(q("w:w"))) for m in cell.find("w:tcPr/w:tcMar", NS)]
                room = int(cell.find("w:tcPr/w:tcW", NS).get(q("w:w"))) - sum(mar)
            else:
                room = text_width
            assert len(grid) == len(heads) and sum(grid) == room
            assert min(grid) >= 700  # the PDF's widths: a number's column may be narrow
    agenda = next(xml_part(out(root, REPORT), "word/document.xml").iter(q("w:tbl")))
    widths = [int(g.get(q("w:w"))) for g in agenda.findall("w:tblGrid/w:gridCol", NS)]
    # The sample's event is of one day, its sessions untimed: no "When" column (each row
    # would say the same date), Session and Speakers share the width, neither squeezed.
    head_row = agenda.find("w:tr", NS)
    heads = ["".join(t.text or "" for t in tc.iter(q("w:t"))) for tc in head_row.iter(q("w:tc"))]
    assert heads == ["Session", "Speakers"]
    assert min(widths) >= 0.35 * sum(widths), widths
    sheet = xml_part(out(root, "countries/KAZ"), "word/document.xml")
    facts = next(t for t in sheet.iter(q("w:tbl")) if styled(t))
    aligned = [tc.find("w:p/w:pPr/w:jc", NS) for tc in facts.find("w:tr", NS).findall("w:tc", NS)]
    assert [a.get(q("w:val")) if a is not None else None for a in aligned] == [
        None,
        "right",
        None,
    ]


def styled(tbl: etree._Element) -> bool:
    """A data table (with the table style), not a band's layout table."""
    return tbl.find("w:tblPr/w:tblStyle", NS) is not None


def test_internal_links_are_bookmarked_hyperlinks(sample: tuple[Path, Built]) -> None:
    root, _ = sample
    document = xml_part(out(root, REPORT), "word/document.xml")
    bookmarks = {b.get(q("w:name")) for b in document.iter(q("w:bookmarkStart"))}
    assert {"summary", "agenda", "session_opening", "session_strive_juvenile"} <= bookmarks
    agenda = next(document.iter(q("w:tbl")))
    links = agenda.findall(".//w:hyperlink", NS)
    assert [link.get(q("w:anchor")) for link in links] == [
        "session_opening",
        "session_roadmap_results",
        "session_strive_juvenile",
    ]
    names = styles_by_id(out(root, REPORT))
    for link in links:
        style = link.find("w:r/w:rPr/w:rStyle", NS).get(q("w:val"))
        assert names[style] == "Hyperlink"


def test_markdown_content_external_links_emphasis_and_nested_lists(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    (root / "content/countries/NOR.yaml").write_text(
        "summary: |-\n"
        "  See the [UNODC site](https://www.unodc.org/) and **this** *note*.\n\n"
        "  - first\n    - nested one\n    - nested two\n  - second\n\n"
        "  3. three\n  4. four\n"
        "contacts:\n  - name: Desk officer\n    email: desk@example.org\n",
        encoding="utf-8",
    )
    report = build_project(root, "docx", "pdf", targets=("countries/NOR",))
    assert not report.failed, report.output
    path = out(root, "countries/NOR")
    pages = pdf_text(out(root, "countries/NOR", "pdf"))
    pdf_lines = [" ".join(line.split()) for page in pages for line in page.splitlines()]
    assert "3. three" in pdf_lines and "4. four" in pdf_lines  # as Word numbers them
    document = xml_part(path, "word/document.xml")
    rels = xml_part(path, "word/_rels/document.xml.rels")
    targets = {
        r.get("Id"): (r.get("Target"), r.get("TargetMode"))
        for r in rels
        if r.get("Type").endswith("/hyperlink")
    }
    links = document.findall(".//w:hyperlink[@r:id]", NS)
    assert [targets[link.get(q("r:id"))] for link in links] == [
        ("https://www.unodc.org/", "External"),
        ("mailto:desk@example.org", "External"),
    ]
    assert "".join(t.text for t in links[0].iter(q("w:t"))) == "UNODC site"
    runs = {"".join(r.itertext()): r for r in document.iter(q("w:r"))}
    assert runs["this"].find("w:rPr/w:b", NS) is not None
    assert runs["note"].find("w:rPr/w:i", NS) is not None
    levels = [
        (p.text, int(p.element.find("w:pPr/w:numPr/w:ilvl", NS).get(q("w:val"))))
        for p in body_paragraphs(path)
        if p.style.startswith("List ")
    ]
    assert levels == [
        ("first", 0),
        ("nested one", 1),
        ("nested two", 1),
        ("second", 0),
        ("three", 0),
        ("four", 0),
    ]
    numbering = xml_part(path, "word/numbering.xml")
    overrides = numbering.iterfind(".//w:num/w:lvlOverride/w:startOverride", NS)
    starts = [o.get(q("w:val")) for o in overrides]
    assert "3" in starts  # <ol start="3"> keeps its start


# -- contents, fields, furniture ------------------------------------------------------


def toc_entries(path: Path) -> list[tuple[str, str, str | None]]:
    """(style, text, cached page) of every TOC paragraph."""
    entries = []
    for p in body_paragraphs(path):
        if p.style.startswith("toc "):
            pages = [
                "".join(t.text or "" for t in instr_result(p.element))
                for _ in p.element.iter(q("w:instrText"))
                if "PAGEREF" in _.text
            ]
            text = "".join(t.text or "" for t in p.element.iter(q("w:t")))
            page = pages[0] if pages else None
            entries.append((p.style, text[: len(text) - len(page or "")], page))
    return entries


def instr_result(p: etree._Element) -> list[etree._Element]:
    """The w:t of the PAGEREF field's cached result in paragraph ``p``."""
    found: list[etree._Element] = []
    state = None
    for node in p.iter(q("w:instrText"), q("w:fldChar"), q("w:t")):
        if node.tag == q("w:instrText") and "PAGEREF" in node.text:
            state = "instr"
        elif node.tag == q("w:fldChar") and state == "instr":
            state = "result" if node.get(q("w:fldCharType")) == "separate" else state
        elif node.tag == q("w:fldChar") and state == "result":
            state = None
        elif node.tag == q("w:t") and state == "result":
            found.append(node)
    return found


def test_toc_is_a_word_field_filled_with_the_pdf_page_numbers(
    sample: tuple[Path, Built],
) -> None:
    root, _ = sample
    path = out(root, REPORT)
    document = xml_part(path, "word/document.xml")
    instructions = [i.text.strip() for i in document.iter(q("w:instrText"))]
    assert instructions[0] == "TOC \\f B \\h \\z"  # built from briefgen's TC fields
    kinds = [c.get(q("w:fldCharType")) for c in document.iter(q("w:fldChar"))]
    assert (
        kinds.count("begin") == kinds.count("separate") == kinds.count("end") == len(instructions)
    )
    # The PDF prints its own contents with target-counter(): the same entries, same pages.
    pdf_toc = re.findall(
        r"^(.+?)\s*\.{3,}\s*(\d+)\s*$", pdf_text(path.with_suffix(".pdf"))[1], re.M
    )
    entries = toc_entries(path)
    assert [(text, page) for _, text, page in entries] == pdf_toc
    assert [style for style, _, _ in entries] == ["toc 1", "toc 1", "toc 2", "toc 2", "toc 2"] + [
        "toc 1"
    ] * 5
    for link in document.iter(q("w:hyperlink")):
        assert link.get(q("w:anchor")) in {
            b.get(q("w:name")) for b in document.iter(q("w:bookmarkStart"))
        }
    # Each entry's TC field (its text and level) is in the paragraph its link leads to, so
    # that Word's update (F9) makes the same list, with the pages of Word's own layout.
    marked = []
    for p in document.iter(q("w:p")):
        names = [b.get(q("w:name")) for b in p.iter(q("w:bookmarkStart"))]
        for instr in p.iter(q("w:instrText")):
            found = re.fullmatch(r' TC "(.*)" \\f B \\l (\d) ', instr.text)
            if found:
                marked.append((found[1], int(found[2]), names))
    anchors = [
        p.element.find(".//w:hyperlink", NS).get(q("w:anchor"))
        for p in body_paragraphs(path)
        if p.style.startswith("toc ")
    ]
    assert [(text, level) for text, level, _ in marked] == [
        (text, 2 if style == "toc 2" else 1) for style, text, _ in entries
    ]
    assert all(a in names for a, (_, _, names) in zip(anchors, marked, strict=True)), marked


def test_headers_and_footers_use_page_fields(sample: tuple[Path, Built]) -> None:
    root, _ = sample
    for target, cover in ((REPORT, True), ("countries/KAZ", False)):
        path = out(root, target)
        section = docx.Document(str(path)).sections[0]
        assert section.different_first_page_header_footer
        header = "".join(p.text for p in section.header.paragraphs)
        running = rendered_html(root, target)
        title = running.find(".//p[@class='running-title']").text_content()
        office = running.find(".//p[@class='running-office']").text_content()
        assert header == f"{title}\t{office}"
        assert "".join(p.text for p in section.first_page_header.paragraphs) == ""
        footer = section.footer._element
        assert [i.text.strip() for i in footer.iter(q("w:instrText"))] == ["PAGE", "NUMPAGES"]
        assert "".join(t.text for t in footer.iter(q("w:t"))) == "Page 1 of 1"  # cached
        first = section.first_page_footer._element
        assert bool(list(first.iter(q("w:instrText")))) is not cover
        body_text = " ".join(p.text for p in body_paragraphs(path))
        assert "Page 1 of" not in body_text and not body_text.startswith(title + " " + office)


def test_core_properties_and_language(sample: tuple[Path, Built]) -> None:
    root, _ = sample
    props = core_properties(out(root, REPORT))
    assert props.title.startswith("The UNODC Roadmap on the Treatment of Children")
    assert props.author == "United Nations Office on Drugs and Crime"
    assert props.subject == "Event report"
    assert props.keywords.startswith("Austria, Indonesia, Iraq, Japan, Kazakhstan, Nigeria")
    assert props.language == "en"
    assert props.created.isoformat().startswith("2021-03-10T00:00:00")
    assert props.modified == props.created
    assert props.revision == 1
    assert props.last_modified_by.startswith("briefgen")
    styles = xml_part(out(root, REPORT), "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(q("w:val")) == "en"


def test_core_properties_longer_than_word_allows_are_shortened(tmp_path: Path) -> None:
    """Word keeps 255 characters in a core property: an event with sixty partner
    countries still gets its .docx, with the keywords cut at a comma."""
    import pycountry

    codes = sorted(c.alpha_3 for c in pycountry.countries)[:60]
    title = "A very long title of a meeting " * 10
    write(
        tmp_path,
        {
            "briefgen.yaml": "formats: [docx]\n",
            "content/events/long.yaml": f"title: {title.strip()}\nstart: 2024-05-01\n"
            f"partners: [{', '.join(codes)}]\n",
        },
    )
    result = build_project(tmp_path, "docx", targets=("events/long",))
    assert result.code == 0, result.output
    props = core_properties(tmp_path / "build/en/events/long.docx")
    assert len(props.keywords) <= 255 and props.keywords.endswith("…")
    assert props.keywords.startswith("Aruba, Afghanistan, Angola")  # as listed
    assert not props.keywords[:-1].endswith(",")  # cut at the list's boundary
    assert len(props.title) <= 255 and props.title.endswith("…")
    assert title.startswith(props.title[:-1] + " ")  # cut between two words


# -- same input, same bytes ------------------------------------------------------


def test_same_source_date_epoch_gives_identical_bytes(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": str(EPOCH)}
    first, second = copy_sample(tmp_path, "one"), copy_sample(tmp_path, "two")
    assert not build_project(first, env=env).failed
    assert not build_project(second, env=env).failed
    for path in sample_docx(first):
        twin = second / path.relative_to(first)
        assert path.read_bytes() == twin.read_bytes(), path.name
    path = out(first, REPORT)
    with zipfile.ZipFile(path) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert core_properties(path).created.timestamp() == EPOCH


# -- the reference document --------------------------------------------------------


def reference_without(style_name: str) -> bytes:
    document = docx.Document(str(BUILTIN_DIR / "reference.docx"))
    root = document.styles.element
    for style in root.findall(q("w:style")):
        if style.find(q("w:name")).get(q("w:val")) == style_name:
            root.remove(style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_reference_missing_a_style_fails_loudly(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    (root / "templates").mkdir()
    (root / "templates/reference.docx").write_bytes(reference_without("Quote"))
    report = build_project(root, "pdf", "docx", targets=("speakers/miwa-kato",))
    assert report.failed
    assert out(root, "speakers/miwa-kato", "pdf").is_file()  # the PDF does not need it
    messages = report.diagnostics
    assert any(
        m.startswith("templates/reference.docx: error: templates/reference.docx: ")
        and 'the paragraph style "Quote" is missing' in m
        for m in messages
    ), messages
    assert not out(root, "speakers/miwa-kato").exists()


def test_every_needed_style_is_checked() -> None:
    for name in ("Quote", "Attribution", "TOC 1", "Title"):
        assert name in PARAGRAPH_STYLES
    document = docx.Document(io.BytesIO(reference_without("toc 1")))
    from briefgen.writers.docx.styles import StyleMap

    assert StyleMap(document).preflight() == [
        'the paragraph style "TOC 1" is missing (the DOCX writer needs it)'
    ]


def test_project_reference_docx_overrides_the_builtin_one(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    document = docx.Document(str(BUILTIN_DIR / "reference.docx"))
    heading = document.styles["Heading 1"]
    heading.font.size = docx.shared.Pt(20)
    heading.font.name = "DejaVu Serif"
    document.add_paragraph("Text in the reference's body is not copied")
    (root / "templates").mkdir()
    document.save(str(root / "templates/reference.docx"))
    assert not build_project(root, "docx", targets=("countries/KAZ",)).failed
    path = out(root, "countries/KAZ")
    built = docx.Document(str(path))
    assert built.styles["Heading 1"].font.size == docx.shared.Pt(20)
    assert built.styles["Heading 1"].font.name == "DejaVu Serif"
    assert "reference's body" not in " ".join(p.text for p in body_paragraphs(path))


def test_theme_colour_recolours_the_reference(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    config = root / "briefgen.yaml"
    config.write_text(config.read_text().replace('"#0b5ea8"', '"#a01010"'), encoding="utf-8")
    assert not build_project(root, "docx", targets=("countries/KAZ",)).failed
    styles = xml_part(out(root, "countries/KAZ"), "word/styles.xml")
    text = etree.tostring(styles).decode()
    assert "1F4E79" not in text.upper()
    heading = docx.Document(str(out(root, "countries/KAZ"))).styles["Heading 1"]
    assert str(heading.font.color.rgb) == "A01010"
    fills = {s.get(q("w:fill")) for s in styles.iter(q("w:shd"))}
    assert "A01010" in fills  # the table header row


# -- images ------------------------------------------------------------------------

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="160" viewBox="0 0 120 160">'
    '<rect width="120" height="160" fill="#0b5ea8"/><circle cx="60" cy="60" r="30" fill="#fff"/>'
    "</svg>"
)


DRAWING = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}


def portrait_size_mm(document: etree._Element) -> tuple[int, int]:
    """Width and height of the speaker's photo (the summary's only picture), in whole mm."""
    extent = document.find(".//wp:inline/wp:extent", DRAWING)
    return round(int(extent.get("cx")) / 36000), round(int(extent.get("cy")) / 36000)


def test_images_png_and_svg_with_alt_text(tmp_path: Path) -> None:
    root = copy_root("assets", tmp_path)
    (root / "content/assets/photos/svg-person.svg").write_text(SVG, encoding="utf-8")
    (root / "content/speakers/svg-person.yaml").write_text(
        "name: Sam Vector\nposition: Analyst\nphoto: photos/svg-person.svg\n", encoding="utf-8"
    )
    report = build_project(root, "docx", targets=("speakers",))
    assert not report.failed, report.output
    jane = out(root, "speakers/jane-doe")
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    pictures = xml_part(jane, "word/document.xml").findall(".//wp:docPr", {"wp": wp})
    assert [p.get("descr") for p in pictures] == ["Jane Doe", "Jane Doe"]
    assert len({p.get("id") for p in pictures}) == 2
    sam = out(root, "speakers/svg-person")
    media = [n for n in part_names(sam) if n.startswith("word/media/")]
    assert len(media) == 1 and media[0].endswith(".png")
    with zipfile.ZipFile(sam) as package:
        png = package.read(media[0])
    assert png.startswith(b"\x89PNG")
    assert portrait_size_mm(xml_part(sam, "word/document.xml")) == (32, 40)  # the frame


def test_portraits_fill_their_frame_and_cut_the_rest_evenly(tmp_path: Path) -> None:
    """Every speaker photo fills the same 32 x 40 mm frame, as object-fit: cover does in the
    PDF: a wide photo loses its sides, a tall one its top and bottom, none is stretched."""
    from PIL import Image

    root = copy_root("assets", tmp_path)
    for name, size in (("wide", (1600, 600)), ("tall", (300, 900))):
        Image.new("RGB", size, (30, 120, 180)).save(root / f"content/assets/photos/{name}.png")
        (root / f"content/speakers/{name}.yaml").write_text(
            f"name: {name.title()} Photo\nposition: Analyst\nphoto: photos/{name}.png\n",
            encoding="utf-8",
        )
    report = build_project(root, "docx", targets=("speakers/wide", "speakers/tall"))
    assert not report.failed, report.output
    for name, crop in (
        ("wide", ("35000", "0", "35000", "0")),  # keeps 0.8 / (1600 / 600)
        ("tall", ("0", "29167", "0", "29167")),
    ):  # keeps (300 / 900) / 0.8
        path = out(root, f"speakers/{name}")
        document = xml_part(path, "word/document.xml")
        assert portrait_size_mm(document) == (32, 40)
        rect = document.find(".//a:srcRect", DRAWING)
        assert tuple(rect.get(side) for side in "ltrb") == crop, name
        # It stands at the end of the line beside the name, as in the PDF: in the last
        # cell of the layout table whose first cell holds the title (tests/
        # test_editorial_word.py: what follows the header clears it).
        assert not list(document.iterfind(".//wp:anchor", DRAWING))
        (inline,) = document.iterfind(".//wp:inline", DRAWING)
        row = next(inline.iterancestors(q("w:tr")))
        first, last = row.findall("w:tc", NS)
        assert inline in last.iter()
        titles = first.findall("w:p/w:pPr/w:pStyle[@w:val='Title']", NS)
        assert len(titles) == 1
    if PACKAGE.exists():
        assert invalid(out(root, f"speakers/{name}") for name in ("wide", "tall")) == {}


@pytest.mark.parametrize(
    "href", ["https://example.org/tracker.png", "file:///etc/hostname", "../../outside.png"]
)
def test_svg_referring_outside_the_assets_fails_the_document(tmp_path: Path, href: str) -> None:
    root = copy_root("assets", tmp_path)
    evil = SVG.replace("</svg>", f'<image href="{href}" width="10" height="10"/></svg>')
    (root / "content/assets/photos/evil.svg").write_text(evil, encoding="utf-8")
    (root / "content/speakers/evil.yaml").write_text(
        "name: Eve\nposition: Analyst\nphoto: photos/evil.svg\n", encoding="utf-8"
    )
    report = build_project(root, "docx", targets=("speakers/evil",))
    assert report.failed
    messages = report.diagnostics
    assert any(
        m.startswith("content/speakers/evil.yaml:3:8: error: speakers/evil: refused to read")
        and "(in content/assets/photos/evil.svg)" in m
        for m in messages
    ), messages
    assert not out(root, "speakers/evil").exists()


def speaker_page_with(tmp_path: Path, html: str) -> Path:
    """The assets test root, its speaker's summary beginning with ``html`` (a project
    template extending the built-in one)."""
    root = copy_root("assets", tmp_path)
    (root / "templates").mkdir()
    (root / "templates/speaker.html").write_text(
        '{% extends "!builtin/speaker.html" %}{% block body %}'
        f"{html}{{{{ super() }}}}{{% endblock %}}",
        encoding="utf-8",
    )
    return root


def test_img_outside_the_assets_fails_the_document(tmp_path: Path) -> None:
    root = speaker_page_with(tmp_path, '<p><img src="../../outside.png" alt="outside"></p>')
    report = build_project(root, "docx", targets=("speakers/jane-doe",))
    assert report.failed
    messages = report.diagnostics
    assert any(
        m.startswith("content/speakers/jane-doe.yaml:1:1: error: speakers/jane-doe: refused")
        and "outside content/assets/" in m
        for m in messages
    ), messages


def test_an_inline_picture_has_a_line_as_tall_as_it(tmp_path: Path) -> None:
    """A picture in a paragraph of its own (a project template's figure) is inline: its
    paragraph's line grows with it (``lineRule="auto"``). The styles' exact line height
    would show a strip of it, in Word as in LibreOffice."""
    root = speaker_page_with(
        tmp_path, '<figure><img src="photos/jane-doe.png" alt="A seal"></figure>'
    )
    report = build_project(root, "docx", targets=("speakers/jane-doe",))
    assert not report.failed, report.diagnostics
    document = xml_part(out(root, "speakers/jane-doe"), "word/document.xml")
    inline = ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline"
    holders = [p for p in document.iter(q("w:p")) if p.find(inline) is not None]
    assert holders, "no inline picture written"
    for p in holders:
        spacing = p.find("w:pPr/w:spacing", NS)
        assert spacing is not None and spacing.get(q("w:lineRule")) == "auto", etree.tostring(p)


def test_attachments_fail_the_document(tmp_path: Path) -> None:
    root = speaker_page_with(tmp_path, '<p><a rel="attachment" href="logo.png">logo</a></p>')
    report = build_project(root, "docx", targets=("speakers/jane-doe",))
    assert report.failed
    assert any("attachments (rel=attachment)" in d for d in report.diagnostics)


# -- LibreOffice ----------------------------------------------------------------------


def test_libreoffice_converts_every_sample_docx(sample: tuple[Path, Built], tmp_path: Path) -> None:
    root, _ = sample
    files = sample_docx(root)
    pdfs = soffice_to_pdf(files, tmp_path / "lo", tmp_path / "profile")
    assert [p.stem for p in pdfs] == [p.stem for p in files]  # soffice exits 0 even on failure
    for path, converted in zip(files, pdfs, strict=True):
        assert converted.stat().st_size > 1000
        running, _ = furniture_of(path)
        expected = comparable([w for p in body_paragraphs(path) for w in words(p.text)])
        got = comparable(pdf_body_words(converted, running))
        # All the text, in order; LibreOffice may add only repeated table header rows.
        assert is_subsequence(expected, got), path.name
        assert len(got) - len(expected) < 50, path.name
    report = pdfs[[p.stem for p in files].index(REPORT.split("/")[1])]
    contents = pdf_text(report)[1]
    # French and Arabic convert too, and the report's cover carries its translated title.
    titles = {"fr": "La feuille de route de l’ONUDC", "ar": "خارطة طريق مكتب الأمم المتحدة"}
    for lang, title in titles.items():
        files = sorted(
            p for p in (root / "build" / lang).rglob("*.docx") if p.parent.name != "packs"
        )
        converted = soffice_to_pdf(files, tmp_path / f"lo-{lang}", tmp_path / "profile")
        assert [p.stem for p in converted] == [p.stem for p in files], lang
        cover = pdf_text(converted[[p.stem for p in files].index(REPORT.split("/")[1])])[0]
        bidi_controls = {
            "\u200e",
            "\u200f",
            *map(chr, range(0x202A, 0x202F)),
            *map(chr, range(0x2066, 0x206A)),
        }
        visible = "".join(ch for ch in cover if ch not in bidi_controls)
        assert title in " ".join(visible.split()), (lang, visible[:300])
    # The contents open filled: entries and page numbers without any update step
    # (test_docx_pages.py checks that each number is the page of its heading).
    entries = contents_entries(out(root, REPORT))
    assert len(entries) == 10
    for text, page in entries:
        assert re.search(rf"^{re.escape(text)}\s*\.+\s*{page}$", contents, re.M), contents


def test_packaged_reference_is_what_the_script_makes(tmp_path: Path) -> None:
    import sys

    target = tmp_path / "reference.docx"
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "tools/make_reference_docx.py"), str(target)],
        check=True,
        capture_output=True,
    )
    assert target.read_bytes() == (BUILTIN_DIR / "reference.docx").read_bytes()


def test_property_elements_are_in_schema_order(sample: tuple[Path, Built]) -> None:
    """Word refuses a document whose property elements are out of order: every part of
    every sample document, against the order of ECMA-376's wml.xsd (tests/wml_order.py)."""
    from wml_order import order_problems

    root, _ = sample
    checked = 0
    for path in sample_docx(root):
        with zipfile.ZipFile(path) as package:
            for part in package.namelist():
                if part.startswith("word/") and part.endswith(".xml"):
                    assert order_problems(package.read(part)) == [], (path.name, part)
                    checked += 1
    assert checked >= 3 * len(sample_docx(root))  # document, styles and numbering at least


def test_the_order_check_finds_what_word_refuses() -> None:
    from wml_order import W, order_problems

    part = (
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:pPr><w:jc w:val="left"/><w:spacing/>'
        "<w:rPr><w:sz w:val='20'/><w:b/></w:rPr></w:pPr></w:p><w:tbl><w:tblPr>"
        "<w:tblBorders><w:left/><w:start/></w:tblBorders><w:tblW/><w:tblStyle/></w:tblPr>"
        "</w:tbl></w:body></w:document>"
    ).encode()
    assert order_problems(part) == [
        "pPr: spacing after jc",
        "rPr: b after sz",
        "tblPr: tblW after tblBorders",
        "tblPr: tblStyle after tblBorders",
        "tblBorders: start after left",
    ]


def test_footer_label_comes_from_the_same_html(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    base = (BUILTIN_DIR / "base.html").read_text(encoding="utf-8")
    assert '_("Page {page} of {pages}")' in base
    (root / "templates").mkdir()
    (root / "templates/base.html").write_text(
        base.replace('_("Page {page} of {pages}")', '"Seite {page} von {pages}"'), encoding="utf-8"
    )
    assert not build_project(root, "docx", targets=("countries/KAZ",)).failed
    footer = docx.Document(str(out(root, "countries/KAZ"))).sections[0].footer._element
    assert "".join(t.text for t in footer.iter(q("w:t"))) == "Seite 1 von 1"
    assert [i.text.strip() for i in footer.iter(q("w:instrText"))] == ["PAGE", "NUMPAGES"]


@needs_validator
def test_open_xml_sdk_schema_validation_finds_no_error(sample: tuple[Path, Built]) -> None:
    root, _built = sample
    assert invalid(sample_docx(root)) == {}
