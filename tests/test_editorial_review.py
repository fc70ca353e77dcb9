"""Defects an editor found building a real briefing project of their own (the launch of the
UNODC Programme for Central Asia, Tashkent, 24 November 2021, and its Steering Committee
meetings), each checked with the real renderers: WeasyPrint's PDF read back with
pdftotext, the Word file read as XML and converted by the real LibreOffice."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from buildtools import pdf_text, write
from docx_helpers import NS, body_paragraphs, build_project, q, soffice_to_pdf, xml_part

EVENT = """\
title: Signing and Launch Ceremony of the UNODC Programme for Central Asia 2022-2025
short_title: Launch of the Programme
start: 2021-11-24
venue: {city: Tashkent, country: UZB}
partners: [UZB]
summary: |-
  UNODC Executive Director Ghada Waly joined the Minister of Foreign Affairs of
  Uzbekistan and the Deputy Ministers of Foreign Affairs of Kazakhstan,
  Kyrgyzstan, Tajikistan and Turkmenistan at a high-level event in Tashkent.
sessions:
  - id: opening
    title: Opening of the ceremony
    speakers: [abdulaziz-kamilov, ghada-waly]
statements:
  - speaker: ghada-waly
    session: opening
    quote: >-
      The new Programme for Central Asia is fully aligned with national
      priorities and the Sustainable Development Goals
  - speaker: ghada-waly
    session: opening
    quote: The new programme will ensure that UNODC support to the region is fit for purpose.
  - speaker: ghada-waly
    session: opening
    verbatim: false
    quote: thanked the Government of Uzbekistan for hosting the event in Tashkent.
outcomes:
  - The Programme was signed.
sources:
  - title: UNODC Programme for Central Asia
    url: https://www.unodc.org/roca/en/About-unodc-roca/unodc-programme-for-central-asia.html
  - title: Signing and Launch Ceremony of the UNODC Programme for Central Asia 2022-2025
    url: https://www.unodc.org/unodc/en/speeches/2021/kazakhcaprog-241121.html
"""
SPEAKERS = {
    "ghada-waly": "name: Ghada Waly\nhonorific: Ms.\nposition: Executive Director\n",
    "abdulaziz-kamilov": "name: Abdulaziz Kamilov\nhonorific: Mr.\n"
    "position: Minister of Foreign Affairs\ncountry: UZB\n",
}
KAZ = """\
region: Central Asia
summary: Kazakhstan cohosted the Programme Steering Committee Meeting in Almaty.
partnership:
  areas: [Air cargo control]
facts:
  - label: Air Cargo Control Unit
    value: Almaty Airport (the first in the region)
    source: UNODC Executive Director, 24 November 2021
  - label: Border Liaison Offices in the region
    value: 19
    source: UNODC Executive Director, 24 November 2021
"""


def _project(root: Path, event: str = EVENT) -> Path:
    files: dict[str, str | bytes] = {
        "briefgen.yaml": "title: UNODC Briefings\n",
        "content/events/launch.yaml": event,
        "content/countries/KAZ.yaml": KAZ,
    }
    files |= {f"content/speakers/{k}.yaml": v for k, v in SPEAKERS.items()}
    return write(root, files)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _project(tmp_path_factory.mktemp("editorial") / "project")
    result = build_project(root, "pdf", "docx", "html")
    assert not result.failed, result.output
    return root


# -- Word: a pack's part that ends on a list ---------------------------------------------


def test_word_pack_section_never_ends_on_a_list_item(
    built: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The report ends with its sources, a numbered list. Its Word section ended on the last
    item, and LibreOffice then numbered every paragraph of the pack after it ("1.
    Uzbekistan", "2. Summary"... up to 190): the section ends on a paragraph of its own."""
    pack = built / "build/en/packs/launch.docx"
    body = xml_part(pack, "word/document.xml").find("w:body", NS)
    assert body is not None
    ends = [p for p in body.iter(q("w:p")) if p.find("w:pPr/w:sectPr", NS) is not None]
    assert ends  # a section per part
    assert all(p.find("w:pPr/w:numPr", NS) is None for p in ends)
    converted = soffice_to_pdf(
        [pack], tmp_path_factory.mktemp("lo"), tmp_path_factory.mktemp("profile")
    )
    assert len(converted) == 1
    numbered = re.findall(r"(?m)^\s*\d+\.\s+(.*)$", pdf_text(converted[0]))
    # the outcome and the two sources, and nothing else
    assert numbered == [
        "The Programme was signed.",
        "UNODC Programme for Central Asia",
        "Signing and Launch Ceremony of the UNODC Programme for Central Asia 2022-2025",
    ]


# -- Word: a speaker's statements one after another --------------------------------------


def test_word_quotes_in_a_row_are_not_drawn_as_one(built: Path) -> None:
    """In a speaker's summary the quotes have no attribution between them. Word and
    LibreOffice draw paragraphs that follow one another with the same borders as one box:
    two statements read as one quote under one bar. Something without the bar parts them,
    as the PDF's margin does."""
    paragraphs = body_paragraphs(built / "build/en/speakers/ghada-waly.docx")
    styles = [p.style for p in paragraphs]
    first = next(i for i, p in enumerate(paragraphs) if "fully aligned" in p.text)
    second = next(i for i, p in enumerate(paragraphs) if "fit for purpose" in p.text)
    assert styles[first] == styles[second] == "Quote"
    between = styles[first + 1 : second]
    assert between
    assert "Quote" not in between


# -- a paraphrase without the speaker's name before it -----------------------------------


def test_a_paraphrase_in_a_speakers_summary_begins_its_sentence(built: Path) -> None:
    """A paraphrase is written to follow the speaker's name ("Ms. Ghada Waly (...): thanked
    the Government..."). The speaker's own summary prints it without the name: it begins
    the sentence, with a capital, in the PDF and in Word."""
    text = " ".join(pdf_text(built / "build/en/speakers/ghada-waly.pdf").split())
    assert "Thanked the Government of Uzbekistan" in text
    words = " ".join(p.text for p in body_paragraphs(built / "build/en/speakers/ghada-waly.docx"))
    assert "Thanked the Government of Uzbekistan" in words
    report = " ".join(pdf_text(built / "build/en/events/launch.pdf").split())
    assert "Ms. Ghada Waly (Executive Director): thanked the Government" in report


# -- a fact whose value is words ---------------------------------------------------------


def word_boxes(pdf: Path, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """Every word of a page of the PDF with its box in points (pdftotext -bbox)."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
    ).stdout
    tree = etree.fromstring(xhtml, etree.XMLParser(recover=True))
    found = []
    for word in tree.iter("{*}word"):
        box = [float(word.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")]
        found.append((word.text or "", box[0], box[1], box[2], box[3]))
    return found


def test_a_fact_in_words_wraps_and_overlaps_nothing(built: Path) -> None:
    """Every fact value was set as a number: never broken, aligned at the end. A value in
    words ("Almaty Airport (the first in the region)") then ran on one line, out of the key
    facts table, over the partnership beside it; its source was cut into a letter or two
    per line. A value in words wraps as text; a number still does not."""
    html = (built / "build/en/countries/KAZ.html").read_text(encoding="utf-8")
    cells = re.findall(r"<td( class=\"num\")?>([^<]*)", html)
    assert ("", "Almaty Airport (the first in the region)") in cells
    assert (' class="num"', "19") in cells
    words = word_boxes(built / "build/en/countries/KAZ.pdf")
    overlapping = [
        (a[0], b[0])
        for i, a in enumerate(words)
        for b in words[i + 1 :]
        if min(a[3], b[3]) - max(a[1], b[1]) > 1 and min(a[4], b[4]) - max(a[2], b[2]) > 1
    ]
    assert overlapping == []
    tops = {w[0]: w[2] for w in words}
    assert tops["Almaty"] < tops["region)"]  # wrapped in its column


# -- a session's heading and its statements ----------------------------------------------


def test_a_sessions_heading_and_meta_lines_never_end_a_page_alone(tmp_path: Path) -> None:
    """A session's heading, its date and its speakers' names ended a page, its statements
    on the next. Whatever the summary's length before it (lengths that put the session at
    the foot of the report's first and second pages among them), the page that holds the
    heading holds the session's first statement too."""
    lengths = [*range(8, 16), *range(40, 48)]
    events = {}
    for n in lengths:
        filler = "\n\n".join(
            f"  Paragraph {i} of the summary, one line of text to move the session down."
            for i in range(n)
        )
        event = EVENT.replace("summary: |-\n", "summary: |-\n" + filler + "\n\n")
        events[f"content/events/launch-{n:02d}.yaml"] = event.split("sources:")[0]
    root = write(
        tmp_path / "project",
        {
            "briefgen.yaml": "title: UNODC Briefings\ndocuments: [events]\n",
            **events,
            **{f"content/speakers/{k}.yaml": v for k, v in SPEAKERS.items()},
        },
    )
    result = build_project(root, "pdf")
    assert not result.failed, result.output
    for n in lengths:
        pages = pdf_text(root / f"build/en/events/launch-{n:02d}.pdf").split("\f")
        holding = [
            page
            for page in pages
            if re.search(r"(?m)^\s*Opening of the ceremony\s*$", page)  # the heading
        ]
        assert len(holding) == 1, n
        assert "fully aligned" in holding[0], n
