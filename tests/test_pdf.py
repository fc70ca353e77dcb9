"""The sample's PDFs read back: text, pages, metadata, outline, fonts, validity, identity."""

from __future__ import annotations

import hashlib
import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from buildtools import briefgen, copy_sample, pdf_text

EPOCH = "1700000000"
EVENT = "kyoto-2021-roadmap-children"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    run = briefgen("build", "--format", "pdf", cwd=root, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert run.code == 0, run.output
    assert "warning" not in run.stderr.lower(), run.stderr
    return root


def pdfs(root: Path) -> list[Path]:
    return sorted((root / "build").rglob("*.pdf"))


def test_every_document_is_built(built: Path) -> None:
    names = {p.relative_to(built / "build").as_posix() for p in pdfs(built)}
    expected: set[str] = set()
    for lang in ("en", "fr", "ar"):  # the sample's languages
        expected |= {f"{lang}/events/{EVENT}.pdf", f"{lang}/packs/{EVENT}.pdf"}
        expected |= {
            f"{lang}/countries/{c}.pdf" for c in ("AUT", "IDN", "IRQ", "JPN", "KAZ", "NGA")
        }
        people = (built / "content/speakers").glob("*.yaml")
        expected |= {f"{lang}/speakers/{p.stem}.pdf" for p in people}
    assert names == expected


def test_report_text_structure_and_metadata(built: Path) -> None:
    path = built / f"build/en/events/{EVENT}.pdf"
    reader = PdfReader(path)
    text = pdf_text(path)
    for heading in (
        "Contents",
        "Summary",
        "Agenda",
        "Key messages",
        "Outcomes",
        "Participating countries and programmes",
        "List of speakers",
        "Sources",
    ):
        assert heading in text
    assert "Page 2 of" in text
    meta = reader.metadata
    assert meta is not None
    assert meta.title.startswith("The UNODC Roadmap on the Treatment of Children")
    assert meta.author == "United Nations Office on Drugs and Crime"
    assert meta.subject.startswith("Event report")
    assert "Kazakhstan" in str(meta.get("/Keywords"))
    assert str(reader.trailer["/Root"].get("/Lang")) == "en"
    outline = flatten(reader.outline)
    assert outline[0].startswith("The UNODC Roadmap")
    for entry in ("Contents", "Summary", "Agenda", "Opening of the event", "List of speakers"):
        assert entry in outline


def flatten(outline: list[object]) -> list[str]:
    titles: list[str] = []
    for item in outline:
        if isinstance(item, list):
            titles += flatten(item)
        else:
            titles.append(str(getattr(item, "title", "")))
    return titles


def test_contents_page_numbers_point_at_the_headings(built: Path) -> None:
    path = built / f"build/en/events/{EVENT}.pdf"
    pages = [p.extract_text() for p in PdfReader(path).pages]
    contents = pages[1]
    for heading in ("Summary", "Agenda", "List of speakers"):
        match = re.search(rf"^{re.escape(heading)}[ .]*(\d+)\s*$", contents, re.M)
        assert match, (heading, contents)
        page = int(match.group(1))
        assert any(line.strip() == heading for line in pages[page - 1].splitlines()), heading


def test_statements_are_quoted_or_reported(built: Path) -> None:
    text = " ".join(pdf_text(built / f"build/en/events/{EVENT}.pdf").split())
    assert "“The danger we will face coming out of this health crisis" in text
    assert "“Stressed" not in text and "Stressed the strong commitment" in text


def test_fact_sheets_fit_on_one_or_two_pages(built: Path) -> None:
    for path in (built / "build/en/countries").glob("*.pdf"):
        assert 1 <= len(PdfReader(path).pages) <= 2, path.name


def test_metadata_dates_follow_source_date_epoch(built: Path) -> None:
    meta = PdfReader(built / "build/en/countries/KAZ.pdf").metadata
    assert meta is not None
    assert meta.creation_date is not None and int(meta.creation_date.timestamp()) == int(EPOCH)
    assert meta.modification_date is not None
    assert int(meta.modification_date.timestamp()) == int(EPOCH)


def test_rebuild_is_byte_identical(built: Path, tmp_path: Path) -> None:
    other = copy_sample(tmp_path / "again")
    run = briefgen("build", "--format", "pdf", cwd=other, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert run.code == 0, run.output
    for first in pdfs(built):
        second = other / first.relative_to(built)
        assert (
            hashlib.sha256(first.read_bytes()).digest()
            == hashlib.sha256(second.read_bytes()).digest()
        ), first.name


def test_without_epoch_dates_come_from_content(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    run = briefgen("build", f"events/{EVENT}", "-f", "pdf", cwd=root, env={"SOURCE_DATE_EPOCH": ""})
    assert run.code == 0, run.output
    meta = PdfReader(root / f"build/en/events/{EVENT}.pdf").metadata
    assert meta is not None and meta.creation_date is not None
    assert meta.creation_date.date().isoformat() == "2021-03-10"


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is installed by .ci/run")
def test_qpdf_check_passes(built: Path) -> None:
    for path in pdfs(built):
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, (path.name, result.stdout, result.stderr)


def test_every_font_is_embedded(built: Path) -> None:
    for path in pdfs(built):
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
        rows = out.stdout.splitlines()[2:]
        assert rows, path.name
        for row in rows:
            columns = row.split()
            assert columns[-5] == "yes", (path.name, row)  # the "emb" column


def test_no_pdf_has_an_attachment(built: Path) -> None:
    for path in pdfs(built):
        reader = PdfReader(path)
        assert not reader.attachments, path.name
        assert b"/EmbeddedFile" not in path.read_bytes()


@pytest.mark.parametrize("variant", ["pdf/a-3b", "none"])
def test_pdf_variants(tmp_path: Path, variant: str) -> None:
    root = copy_sample(tmp_path)
    config = root / "briefgen.yaml"
    config.write_text(config.read_text() + f"pdf_variant: {variant}\n")
    run = briefgen("build", "countries/KAZ", "-f", "pdf", cwd=root)
    assert run.code == 0, run.output
    reader = PdfReader(root / "build/en/countries/KAZ.pdf")
    xmp = reader.xmp_metadata
    part = xmp.rdf_root.toxml() if xmp is not None else ""
    assert ('pdfaid:part="3"' in part) == (variant == "pdf/a-3b")
    assert ("/StructTreeRoot" in reader.trailer["/Root"]) == (variant != "none")


def test_html_preview_is_self_contained(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    run = briefgen("build", "countries/KAZ", "-f", "html", cwd=root)
    assert run.code == 0, run.output
    html = (root / "build/en/countries/KAZ.html").read_text()
    assert '<style data-briefgen="stylesheet">' in html and "Kazakhstan" in html
    assert "@page" in html and "var(--primary)" in html  # style.css, inline
    assert "file:" not in html and 'src="http' not in html


# -- long words and addresses ------------------------------------------------------

LONG_WORD = "Unbroken" * 16  # 128 letters: wider than any line of an A4 page
LONG_URL = "https://www.example.org/" + "/".join(["a-long-path-segment"] * 8) + "/index.html"
LONG_WORDS = {
    "briefgen.yaml": "formats: [pdf]\n",
    "content/speakers/ana.yaml": (
        f"name: Ana Lima\nposition: Analyst\ncountry: MEX\nbio: See {LONG_URL} and {LONG_WORD}.\n"
    ),
    "content/countries/MEX.yaml": (
        f"facts:\n  - label: Population\n    value: 126014024\n    unit: people\n"
        f"    year: 2020\n    source: {LONG_URL}\ncontacts:\n  - name: Ana Lima\n"
        f"    email: {'a-long-mailbox-name-' * 4}ana@example.org\n"
    ),
    "content/events/forum.yaml": (
        "title: Forum\nstart: 2024-05-01\nsessions:\n  - id: s\n    title: Opening\n"
        "    speakers: [ana]\nstatements:\n  - speaker: ana\n    session: s\n"
        f"    quote: {LONG_WORD}.\nsources:\n  - title: The forum's page\n    url: {LONG_URL}\n"
    ),
}


_WORD_BOX = re.compile(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)".*>(.*)</word>')


def word_boxes(path: Path) -> list[tuple[str, float, float, float]]:
    """(word, xMin, xMax, page width) of every word pdftotext finds."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes: list[tuple[str, float, float, float]] = []
    width = 0.0
    for line in xhtml.splitlines():
        if page := re.search(r'<page width="([\d.]+)"', line):
            width = float(page.group(1))
        elif word := _WORD_BOX.search(line):
            boxes.append((word.group(3), float(word.group(1)), float(word.group(2)), width))
    return boxes


def test_long_words_and_addresses_stay_inside_the_page(tmp_path: Path) -> None:
    """An unbroken word in prose, a long URL as a fact's source and a long e-mail address
    break inside the text column (a 20 mm margin at least on each side) instead of
    running off the page; numbers and words in tables stay whole; a source's address is
    printed in full, for the paper reader."""
    from buildtools import write

    write(tmp_path, LONG_WORDS)
    run = briefgen("build", cwd=tmp_path)
    assert run.code == 0, run.output
    margin = 20 * 72 / 25.4
    for name in ("speakers/ana", "countries/MEX", "events/forum"):
        path = tmp_path / f"build/en/{name}.pdf"
        boxes = word_boxes(path)
        assert boxes, name
        for word, x_min, x_max, width in boxes:
            assert margin - 1 <= x_min and x_max <= width - margin + 1, (name, word, x_max)
    sheet = [w for w, *_ in word_boxes(tmp_path / "build/en/countries/MEX.pdf")]
    assert {"126,014,024", "(2020)", "Population", "people"} <= set(sheet)
    report = "".join(pdf_text(tmp_path / "build/en/events/forum.pdf").split())
    assert "The forum's page" in pdf_text(tmp_path / "build/en/events/forum.pdf")
    assert LONG_URL in report


def test_names_in_tables_stay_whole(built: Path) -> None:
    """Every speaker's name in the report (its agenda and list of speakers are tables)
    is printed in whole words: a column is never narrowed by breaking inside a name."""
    import yaml

    words = [word for word, *_ in word_boxes(built / f"build/en/events/{EVENT}.pdf")]
    split = {a + b for a, b in itertools.pairwise(words)}  # a word broken across two lines
    for path in sorted((built / "content/speakers").glob("*.yaml")):
        name = yaml.safe_load(path.read_text(encoding="utf-8"))["name"]
        for part in name.split():
            assert part in words and part not in split, (path.name, part)


def test_a_portrait_fills_its_frame_without_stretching(tmp_path: Path) -> None:
    """A wide photo fills the 32 x 40 mm portrait frame and loses its sides
    (object-fit: cover), as in the .docx: its red centre band, 15 % of the photo's width,
    spans half the frame's width; stretched, it would span 15 %."""
    from PIL import Image

    from buildtools import write

    photo = Image.new("RGB", (1600, 600), (40, 180, 60))  # no colour of the design
    photo.paste((220, 30, 30), (680, 0, 920, 600))
    write(
        tmp_path,
        {
            "briefgen.yaml": "formats: [pdf]\n",
            "content/speakers/ana.yaml": "name: Ana Lima\nposition: Analyst\nphoto: wide.png\n",
        },
    )
    (tmp_path / "content/assets").mkdir()
    photo.save(tmp_path / "content/assets/wide.png")
    assert briefgen("build", cwd=tmp_path).code == 0
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "144",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(tmp_path / "build/en/speakers/ana.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    page = Image.open(tmp_path / "page.png").convert("RGB")

    def near(pixel: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
        return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True))

    frame = [
        (x, y)
        for x in range(page.width)
        for y in range(0, page.height // 3)
        if near(page.getpixel((x, y)), (40, 180, 60)) or near(page.getpixel((x, y)), (220, 30, 30))
    ]
    xs, ys = [x for x, _ in frame], [y for _, y in frame]
    width_mm = (max(xs) - min(xs) + 1) * 25.4 / 144
    height_mm = (max(ys) - min(ys) + 1) * 25.4 / 144
    assert abs(width_mm - 32) < 1 and abs(height_mm - 40) < 1, (width_mm, height_mm)
    middle = (min(ys) + max(ys)) // 2
    red = sum(near(page.getpixel((x, middle)), (220, 30, 30)) for x in range(min(xs), max(xs)))
    assert 0.45 < red / (max(xs) - min(xs)) < 0.55
