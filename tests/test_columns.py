"""Tables' column widths, estimated once from their text (render/columns.py): ``<col>``
widths and fixed layout in the HTML, laid out by WeasyPrint, read by the DOCX writer.

The layout checks read WeasyPrint's own boxes: no line of a cell that must not wrap (a
number, an agenda's dates) may run past its cell, in any script.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from weasyprint.formatting_structure.boxes import LineBox, TableBox, TableCellBox

from briefgen.content.documents import DocumentRef
from briefgen.content.project import Project, load_project
from briefgen.render import columns
from briefgen.render.document import Renderer
from briefgen.render.fetch import AssetResolver
from briefgen.render.rendered import RenderedDocument
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers.docx.writer import write_docx
from briefgen.writers.layout import SafeFetcher, forget_shared_layout, lay_out_html
from briefgen.writers.pdf import write_pdf
from buildtools import copy_sample
from conftest import REPO_ROOT, ROOTS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WIDTH = re.compile(r"(-?\d+\.\d+)(%|em)")

LONG_FACTS = """\
facts:
  - label:
      en: Budget of the national programme
      zh: 国家方案预算
      ar: ميزانية البرنامج الوطني
    value: 1234567890.5
    unit:
      en: US dollars per year
      zh: 美元每年按当年价格计算
      ar: دولار أمريكي في السنة
    year: 2021
    source:
      en: Ministry of Finance, annual report
      zh: 财政部年度报告
      ar: وزارة المالية، التقرير السنوي
  - label:
      en: Children in contact with the justice system
      zh: 与司法系统接触的儿童
      ar: الأطفال المتصلون بنظام العدالة
    value: 98765
    unit:
      en: children
      zh: 名儿童
      ar: طفل
    year: 2020
"""


@pytest.fixture(scope="module")
def sample() -> tuple[Project, Renderer]:
    project = load_project(REPO_ROOT)
    return project, Renderer(project)


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Renderer]:
    """The multilingual project, its country with long values in three scripts."""
    root = tmp_path_factory.mktemp("columns") / "multilingual"
    shutil.copytree(ROOTS / "multilingual", root)
    country = root / "content" / "countries" / "KAZ.yaml"
    text = country.read_text(encoding="utf-8")
    country.write_text(text[: text.index("facts:")] + LONG_FACTS, encoding="utf-8")
    project = load_project(root)
    return project, Renderer(project)


def _layout(project: Project, doc: RenderedDocument) -> list[TableBox]:
    resolver = AssetResolver((project.assets_dir, BUILTIN_DIR), 20_000_000)
    document = lay_out_html(doc.html, SafeFetcher(resolver))
    return [
        box
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, TableBox)
    ]


def _cells(table: TableBox) -> list[TableCellBox]:
    return [box for box in table.descendants() if isinstance(box, TableCellBox)]


def _lines(cell: TableCellBox) -> list[tuple[float, float]]:
    out = []
    for line in cell.descendants():
        if isinstance(line, LineBox) and line.children:
            start = min(child.position_x for child in line.children)
            end = max(child.position_x + child.margin_width() for child in line.children)
            out.append((start, end))
    return out


def _nowrap_cells(table: TableBox) -> list[TableCellBox]:
    return [c for c in _cells(table) if c.style["white_space"] == "nowrap"]


def _widths(html: str) -> list[list[tuple[float, float]]]:
    """(percent, em) of each col of each table the estimate sized."""
    tree = lxml_html.document_fromstring(html)
    found = []
    for table in tree.iter("table"):
        cols = table.findall("colgroup/col")
        found.append([_parse(str(col.get("style"))) for col in cols])
    return found


def _parse(style: str) -> tuple[float, float]:
    percent, em = 0.0, 0.0
    body = style.removeprefix("width: ")
    sign = -1.0 if " - " in body else 1.0
    for value, unit in _WIDTH.findall(body):
        if unit == "%":
            percent = float(value)
        else:
            em = float(value) * (sign if "calc" in body else 1.0)
    return percent, em


@pytest.mark.parametrize(
    ("kind", "lang"),
    [("countries", "en"), ("countries", "ar"), ("events", "fr"), ("speakers", "en")],
)
def test_every_table_gets_widths_that_fill_it(
    sample: tuple[Project, Renderer], kind: str, lang: str
) -> None:
    project, renderer = sample
    ids = {
        "countries": ["KAZ"],
        "events": list(project.graph.events),
        "speakers": ["mari-miyoshi"],
    }[kind]
    doc = renderer.render(DocumentRef(kind, ids[0]), lang)
    tables = _widths(doc.html)
    assert tables and all(tables)
    for cols in tables:
        assert sum(p for p, _ in cols) == pytest.approx(100.0, abs=1e-6)
        assert sum(e for _, e in cols) == pytest.approx(0.0, abs=1e-6)
    assert doc.html.count('style="table-layout: fixed"') == len(tables)
    # Laid out: each table's columns are the table's width, none of them empty.
    for table in _layout(project, doc):
        assert table.style["table_layout"] == "fixed"
        assert sum(table.column_widths) == pytest.approx(table.width, abs=0.5)
        assert min(table.column_widths) > 20  # px: no starved column


@pytest.mark.parametrize("lang", ["en", "zh", "ar"])
def test_numbers_never_run_into_the_next_column(wide: tuple[Project, Renderer], lang: str) -> None:
    project, renderer = wide
    doc = renderer.render(DocumentRef("countries", "KAZ"), lang)
    assert "<colgroup>" in doc.html
    tables = _layout(project, doc)
    cells = [cell for table in tables for cell in _nowrap_cells(table)]
    assert len(cells) >= 2
    for cell in cells:
        left = cell.content_box_x()
        text = "".join(cell.element.itertext())
        for start, end in _lines(cell):
            assert start >= left - 0.5 and end <= left + cell.width + 0.5, (
                f"{lang}: a line of {text!r} runs out of its cell"
            )


def timed(root: Path) -> tuple[Project, Renderer]:
    """The sample with its event over two days and its sessions timed: an agenda with a
    "When" column of dates and times (the sample's own is of one day, untimed, without it)."""
    event = root / "content" / "events" / "kyoto-2021-roadmap-children.yaml"
    text = event.read_text(encoding="utf-8").replace(
        "start: 2021-03-10\n", "start: 2021-03-10\nend: 2021-03-11\n", 1
    )
    for number, ident in enumerate(("opening", "roadmap-results", "strive-juvenile")):
        text = text.replace(
            f"  - id: {ident}\n",
            f'  - id: {ident}\n    start: "{9 + number}:00"\n    end: "{9 + number}:45"\n',
            1,
        )
    event.write_text(text, encoding="utf-8")
    project = load_project(root)
    return project, Renderer(project)


def test_an_agenda_keeps_its_dates_and_times_inside_their_column(tmp_path: Path) -> None:
    project, renderer = timed(copy_sample(tmp_path))
    event = next(iter(project.graph.events))
    for lang in ("en", "fr", "ar"):
        doc = renderer.render(DocumentRef("events", event), lang)
        agenda = [t for t in _layout(project, doc) if "agenda" in t.element.get("class", "")]
        cells = [c for t in agenda for c in _nowrap_cells(t)]
        assert cells, lang
        for cell in cells:
            left = cell.content_box_x()
            for start, end in _lines(cell):
                assert start >= left - 0.5 and end <= left + cell.width + 0.5, lang
        # style.css gives the "When" column 28 % of the table (or its longest line).
        table = agenda[0]
        assert cells[0].border_width() >= 0.28 * table.width - 1, (lang, cells[0].border_width())


def test_an_untimed_agenda_wraps_its_sessions_titles(tmp_path: Path) -> None:
    """The sample's event is of one day and its sessions untimed: its agenda has no "When"
    column (``table.agenda.untimed``), and the first column, the sessions' titles, neither
    keeps the dates' 28 % nor stays on one line: a long title wraps inside its cell."""
    root = copy_sample(tmp_path)
    event = root / "content" / "events" / "kyoto-2021-roadmap-children.yaml"
    long_title = "Results achieved under the UNODC Roadmap " * 3
    text = event.read_text(encoding="utf-8").replace(
        "title: Results achieved under the UNODC Roadmap", f"title: {long_title.strip()}", 1
    )
    event.write_text(text, encoding="utf-8")
    project = load_project(root)
    doc = Renderer(project).render(DocumentRef("events", next(iter(project.graph.events))), "en")
    agenda = [t for t in _layout(project, doc) if "agenda" in t.element.get("class", "")]
    assert len(agenda) == 1 and "untimed" in agenda[0].element.get("class", "")
    assert not _nowrap_cells(agenda[0])
    titles = [c for c in _cells(agenda[0]) if "Roadmap" in "".join(c.element.itertext())]
    assert titles and len(_lines(titles[0])) >= 2
    for start, end in _lines(titles[0]):
        left = titles[0].content_box_x()
        assert start >= left - 0.5 and end <= left + titles[0].width + 0.5


def test_east_asian_text_counts_about_twice_as_wide() -> None:
    latin = columns.text_em("abcdefgh")
    chinese = columns.text_em("司法系统接触儿童")
    assert chinese == pytest.approx(8.0)
    assert chinese > 1.7 * latin
    assert columns.text_em("Казахстан") > columns.text_em("Kazakstan")
    assert columns.text_em("\u2068Ab\u2069") == columns.text_em("Ab")  # isolates: nothing
    table = lxml_html.fragment_fromstring(
        "<table><tr><th>Name</th><th>Role</th></tr>"
        "<tr><td>儿童司法论坛儿童司法论坛儿童司法论坛</td><td>abcdefghijklmnopqrstuvwxyz</td></tr>"
        "</table>"
    )
    widths = columns.table_widths(table)
    assert widths is not None
    # Chinese breaks between any two characters: it is the long line, not a long word,
    # that makes its column the wider one.
    assert widths[0].percent > widths[1].percent


def test_tables_a_template_sized_are_left_as_written() -> None:
    sized = [
        '<table><colgroup><col style="width: 30mm"><col></colgroup>'
        "<tr><td>a</td><td>b</td></tr></table>",
        '<table><tr><td width="20%">a</td><td>b</td></tr></table>',
        '<table><tr><td style="width: 3cm">a</td><td>b</td></tr></table>',
        '<table style="table-layout: auto"><tr><td>a</td><td>b</td></tr></table>',
    ]
    for table in sized:
        html = f"<!DOCTYPE html>\n<html><body>{table}</body></html>"
        assert columns.size_tables(html) == html
    plain = (
        "<!DOCTYPE html>\n<html><body><table><tr><td>a</td><td>b</td></tr></table></body></html>"
    )
    sized_once = columns.size_tables(plain)
    assert sized_once != plain and "<colgroup>" in sized_once
    assert columns.size_tables(sized_once) == sized_once  # sized once, then left alone


def test_a_table_in_a_table_or_too_wide_to_fit_is_left_to_the_automatic_layout() -> None:
    nested = (
        "<!DOCTYPE html>\n<html><body><table><tr><td>x</td><td><table><tr><td>a</td>"
        "<td>b</td></tr></table></td></tr></table></body></html>"
    )
    out = columns.size_tables(nested)
    assert out.count("<colgroup>") == 1  # the outer table only
    crowded = "".join(f'<td class="num">{"9" * 30}</td>' for _ in range(4))
    too_wide = f"<!DOCTYPE html>\n<html><body><table><tr>{crowded}</tr></table></body></html>"
    assert columns.size_tables(too_wide) == too_wide


def test_a_caption_and_column_spans() -> None:
    html = (
        "<!DOCTYPE html>\n<html><body><table><caption>Budget</caption>"
        '<tr><th colspan="2">A heading much longer than the two columns under it</th></tr>'
        '<tr><td>a</td><td class="num">1</td></tr></table></body></html>'
    )
    tree = lxml_html.document_fromstring(columns.size_tables(html))
    table = tree.find(".//table")
    assert [child.tag for child in table][:2] == ["caption", "colgroup"]
    widths = columns.col_widths(table, 2)
    assert widths is not None and len(widths) == 2


def test_the_same_input_gives_the_same_bytes(sample: tuple[Project, Renderer]) -> None:
    project, renderer = sample
    event = next(iter(project.graph.events))
    first = renderer.render(DocumentRef("events", event), "ar").html
    again = Renderer(load_project(REPO_ROOT)).render(DocumentRef("events", event), "ar").html
    assert first == again
    assert columns.size_tables(first) == first


@pytest.mark.parametrize(
    ("kind", "lang"), [("events", "en"), ("events", "ar"), ("countries", "fr")]
)
def test_word_columns_are_the_pdf_columns(
    sample: tuple[Project, Renderer], kind: str, lang: str
) -> None:
    """Word's grid has the PDF's proportions, with the PDF's layout and without one (a
    country's key facts: a table in a band, half the text's width)."""
    project, renderer = sample
    subject = next(iter(project.graph.events)) if kind == "events" else "KAZ"
    doc = renderer.render(DocumentRef(kind, subject), lang)
    pdf_columns = [
        [w / sum(t.column_widths) for w in _document_order(t)] for t in _layout(project, doc)
    ]
    forget_shared_layout()
    pages: dict[str, int] = {}
    write_pdf(doc, project.assets_dir, variant=project.config.pdf_variant, page_numbers=pages)
    with_layout, _ = write_docx(doc, project, page_numbers=pages)
    forget_shared_layout()
    alone, _ = write_docx(doc, project)
    for data in (with_layout, alone):
        grids = _grids(data)
        assert len(grids) >= len(pdf_columns)
        word = [[w / sum(g) for w in g] for g in grids]
        # A table the PDF cuts over pages is several tables in Word, each with the grid.
        for grid in word:
            assert any(_same(grid, pdf) for pdf in pdf_columns), (grid, pdf_columns)


def _same(word: list[float], pdf: list[float]) -> bool:
    return len(word) == len(pdf) and all(abs(a - b) < 0.003 for a, b in zip(word, pdf, strict=True))


def _document_order(table: TableBox) -> list[float]:
    widths = list(table.column_widths)
    positions = list(table.column_positions)
    if table.style["direction"] == "rtl" and positions == sorted(positions) and len(widths) > 1:
        return widths[::-1]
    return widths


def _grids(data: bytes) -> list[list[int]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    return [
        [int(col.get(f"{W}w")) for col in grid.iter(f"{W}gridCol")]
        for grid in body.iter(f"{W}tblGrid")
        if grid.getparent().find(f"{W}tblPr/{W}tblStyle") is not None  # not a band's
    ]
