"""Defects an editor found building a real briefing project of their own (the launch of the
UNODC Programme for Central Asia, Tashkent, 24 November 2021, and its Steering Committee
meetings), each checked with the real renderers: WeasyPrint's PDF read back with
pdftotext, the Word file read as XML and converted by the real LibreOffice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
