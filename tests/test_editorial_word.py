"""Defects the office's editor found in the Word documents (and one in both writers), each
checked with the real renderers: the .docx read back as XML, the PDF read with pdftotext,
and the Word file converted by the real LibreOffice, where Word and the PDF must agree.

The project is the editorial review's (tests/test_editorial_review.py), with a publisher, a
speaker's portrait (a PNG) and a delegate whose two statements the country's sheet quotes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from buildtools import pdf_text, write
from docx_helpers import NS, body_paragraphs, build_project, q, soffice_to_pdf, xml_part
from test_editorial_review import EVENT, KAZ, SPEAKERS, word_boxes

PUBLISHER = "United Nations Office on Drugs and Crime"
OFFICE = "UNODC Briefings"
DELEGATE_SAYS = """\
  - speaker: akan-rakhmetullin
    session: opening
    quote: Kazakhstan is ready to host the Programme Steering Committee.
  - speaker: akan-rakhmetullin
    session: opening
    quote: Border liaison offices have proved their worth.
"""
MM = 72 / 25.4
"""Points in a millimetre (pdftotext -bbox gives points)."""


def _portrait() -> bytes:
    """A portrait photo (taller than wide), as PNG."""
    image = Image.new("RGB", (320, 400), (155, 160, 170))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    speakers = dict(SPEAKERS)
    speakers["ghada-waly"] += "photo: photos/ghada-waly.png\n"
    speakers["akan-rakhmetullin"] = (
        "name: Akan Rakhmetullin\nhonorific: Mr.\n"
        "position: Deputy Minister of Foreign Affairs\ncountry: KAZ\n"
    )
    event = EVENT.replace(
        "speakers: [abdulaziz-kamilov, ghada-waly]",
        "speakers: [abdulaziz-kamilov, ghada-waly, akan-rakhmetullin]",
    ).replace("statements:\n", "statements:\n" + DELEGATE_SAYS)
    root = write(
        tmp_path_factory.mktemp("editorial-word") / "project",
        {
            "briefgen.yaml": f"title: {OFFICE}\npublisher: unodc\n"
            'theme: {primary_color: "#a01010"}\n',
            "content/organisations/unodc.yaml": f"name: {PUBLISHER}\nacronym: UNODC\nkind: un\n",
            "content/events/launch.yaml": event,
            "content/countries/KAZ.yaml": KAZ,
            "content/assets/photos/ghada-waly.png": _portrait(),
            **{f"content/speakers/{k}.yaml": v for k, v in speakers.items()},
        },
    )
    result = build_project(root, "pdf", "docx")
    assert not result.failed, result.output
    return root


@pytest.fixture(scope="module")
def converted(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Word documents as LibreOffice lays them out, by target."""
    targets = ["speakers/ghada-waly", "packs/launch"]
    pdfs = soffice_to_pdf(
        [built / f"build/en/{t}.docx" for t in targets],
        tmp_path_factory.mktemp("lo"),
        tmp_path_factory.mktemp("profile"),
    )
    assert len(pdfs) == len(targets)
    return dict(zip(targets, pdfs, strict=True))


def _top(
    words: list[tuple[str, float, float, float, float]], text: str, below: float = -1.0
) -> float:
    """The top of the first ``text`` on the page below ``below`` (points)."""
    return min(w[2] for w in words if w[0] == text and w[2] > below)


def _body(path: Path) -> etree._Element:
    body = xml_part(path, "word/document.xml").find("w:body", NS)
    assert body is not None
    return body


def _style_ids(path: Path) -> dict[str, str]:
    """Style name -> styleId."""
    root = xml_part(path, "word/styles.xml")
    return {
        s.find("w:name", NS).get(q("w:val")): s.get(q("w:styleId"))
        for s in root.findall("w:style", NS)
    }


def _styled(p: etree._Element, style_id: str) -> bool:
    style = p.find("w:pPr/w:pStyle", NS)
    return style is not None and style.get(q("w:val")) == style_id


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(q("w:t")))


# -- Word: a speaker's portrait and the table after it -----------------------------------


@pytest.mark.parametrize("target", ["speakers/ghada-waly", "packs/launch"])
def test_word_participation_table_clears_the_portrait(
    built: Path, converted: dict[str, Path], target: str
) -> None:
    """A speaker's photo floated beside their name, and the Participation table after the
    header was squeezed beside it in Word (its cells wrapped: "Spea/ker", "24 November /
    2021"); the PDF clears the photo first. The photo and the name now sit side by side in a
    borderless layout table, which Word and LibreOffice both end below the photo."""
    docx_path = built / f"build/en/{target}.docx"
    ids = _style_ids(docx_path)
    body = _body(docx_path)
    (title,) = [
        p for p in body.iter(q("w:p")) if _styled(p, ids["Title"]) and _text(p) == "Ms. Ghada Waly"
    ]
    tables = list(title.iterancestors(q("w:tbl")))
    assert tables, "the name is not in the table that sets it beside the photo"
    layout = tables[-1]
    assert layout.getparent() is body
    assert layout.find("w:tblPr/w:tblStyle", NS) is None  # a layout table, not data
    (picture,) = layout.iterfind(".//wp:docPr", {"wp": WP})
    assert picture.get("descr") == "Ghada Waly"
    assert not list(layout.iterfind(".//wp:anchor", {"wp": WP}))  # in its cell, not floating
    assert title.getparent() is not next(picture.iterancestors(q("w:tc")))  # beside the name

    for pdf in (built / f"build/en/{target}.pdf", converted[target]):
        page = next(
            n
            for n, text in enumerate(pdf_text(pdf).split("\f"), start=1)
            if "Ms. Ghada Waly" in text and "Participation" in text
        )
        words = word_boxes(pdf, page)
        name = _top(words, "Waly")
        heading = _top(words, "Participation", below=name)
        assert heading - name > 40 * MM, pdf  # below the 40 mm photo, which is beside the name
        # the date does not wrap (style.css: nowrap); the role is one word on one line
        table = [w for w in words if heading < w[2] < _top(words, "Statements", below=heading)]
        dates = [w for w in table if w[0] in ("24", "November", "2021")]
        assert len(dates) == 3 and len({round(w[2]) for w in dates}) == 1, (pdf, dates)
        assert "Speaker" in [w[0] for w in table], pdf


WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


# -- Word: the rule above a sheet's header -----------------------------------------------


def _rule(p: etree._Element) -> etree._Element | None:
    return p.find("w:pPr/w:pBdr/w:top", NS)


def test_word_pack_parts_have_the_rule_above_their_header(built: Path) -> None:
    """The PDF draws a thick rule above a sheet's or a summary's header (its top border in
    style.css, ``header.sheet-header``). Word drew it only as the border of the kind line's
    style ("Country fact sheet · ..."), which a pack leaves out: a pack's report, country
    sheet and first speaker summary had no rule. The header's first paragraph has it."""
    pack = built / "build/en/packs/launch.docx"
    ids = _style_ids(pack)
    body = _body(pack)
    titles = {
        _text(p): p
        for p in body.iter(q("w:p"))
        if _styled(p, ids["Title"]) and not _styled(p, ids.get("Cover Title", ""))
    }
    parts = [
        "Signing and Launch Ceremony of the UNODC Programme for Central Asia 2022-2025",
        "Kazakhstan",
        "Ms. Ghada Waly",
        "Mr. Abdulaziz Kamilov",
    ]
    assert set(parts) <= set(titles)
    for name in parts:
        first = titles[name]
        if first.getparent() is not body:  # beside a portrait: the table's, before it
            first = next(first.iterancestors(q("w:tbl"))).getprevious()
        rule = _rule(first)
        assert rule is not None, name
        assert rule.get(q("w:val")) == "single"
        assert int(rule.get(q("w:sz"))) == 48, name  # 6 pt, as in the PDF
        assert rule.get(q("w:color")) == "A01010", name  # the theme colour
    # A single sheet keeps its rule on its kind line, through the style: nothing is doubled.
    sheet = built / "build/en/countries/KAZ.docx"
    sheet_ids = _style_ids(sheet)
    paragraphs = list(_body(sheet).iter(q("w:p")))
    assert _styled(paragraphs[0], sheet_ids["Sheet Kind"])
    assert not [p for p in paragraphs if _rule(p) is not None]


# -- Word: a quote's bar and its attribution ---------------------------------------------


def _effective(p: etree._Element, styles: etree._Element, name: str) -> list[object]:
    """The paragraph's own ``w:pPr/w:NAME``, else its style's: it and its children, each as
    its tag and attributes."""
    own = p.find(f"w:pPr/w:{name}", NS)
    if own is None:
        style_id = p.find("w:pPr/w:pStyle", NS).get(q("w:val"))
        style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        own = style.find(f"w:pPr/w:{name}", NS)
    return [] if own is None else [(e.tag, sorted(e.attrib.items())) for e in own.iter()]


def test_word_quote_bar_reaches_its_attribution(built: Path) -> None:
    """In the PDF a quote's bar (the blockquote's left border) runs down to its attribution
    line; in Word it stopped at the quote's last line. The attribution has the quote's
    border and indent, which Word and LibreOffice draw as one bar with the quote's; two
    quotes one after the other still have something without the bar between them."""
    sheet = built / "build/en/countries/KAZ.docx"
    styles = xml_part(sheet, "word/styles.xml")
    paragraphs = body_paragraphs(sheet)
    quotes = [i for i, p in enumerate(paragraphs) if p.style == "Quote"]
    attributions = [i for i, p in enumerate(paragraphs) if p.style == "Attribution"]
    assert len(quotes) == len(attributions) == 2
    for quote, attribution in zip(quotes, attributions, strict=True):
        assert attribution == quote + 1
        q_el, a_el = paragraphs[quote].element, paragraphs[attribution].element
        bar = _effective(q_el, styles, "pBdr")
        assert q("w:left") in [tag for tag, _ in bar]  # type: ignore[misc]
        assert _effective(a_el, styles, "pBdr") == bar
        assert _effective(a_el, styles, "ind") == _effective(q_el, styles, "ind")
    between = paragraphs[attributions[0] + 1 : quotes[1]]
    assert between
    assert all(p.element.find("w:pPr/w:pBdr", NS) is None for p in between)
    assert all(p.style != "Quote" for p in between)


def _sides(p: etree._Element, styles: etree._Element, document_rtl: bool) -> tuple[int, int]:
    """A paragraph's indents on the page, (left, right) in twips: ``w:ind`` is logical in a
    right-to-left paragraph (``w:left`` is its start, on the right)."""
    own = p.find("w:pPr/w:ind", NS)
    if own is None:
        style_id = p.find("w:pPr/w:pStyle", NS).get(q("w:val"))
        own = styles.find(f"w:style[@w:styleId='{style_id}']/w:pPr/w:ind", NS)
    left = int(own.get(q("w:left"), "0")) if own is not None else 0
    right = int(own.get(q("w:right"), "0")) if own is not None else 0
    bidi = p.find("w:pPr/w:bidi", NS)
    rtl = document_rtl if bidi is None else bidi.get(q("w:val"), "1") not in ("0", "false")
    return (right, left) if rtl else (left, right)


def test_word_quote_bar_reaches_its_attribution_in_a_right_to_left_sheet(
    tmp_path: Path,
) -> None:
    """In an Arabic sheet the PDF draws the bar on the right, the quote (in English, left to
    right) and its attribution indented from it. In Word the quote's paragraph is left to
    right: its indent went to the left, away from its bar, and its bar and the
    attribution's (a right-to-left paragraph) stood apart. Both stand where the PDF's do."""
    root = write(
        tmp_path / "project",
        {
            "briefgen.yaml": f"title: {OFFICE}\nlanguages: [ar]\n",
            "content/events/launch.yaml": EVENT.replace(
                "speakers: [abdulaziz-kamilov, ghada-waly]",
                "speakers: [abdulaziz-kamilov, ghada-waly, akan-rakhmetullin]",
            ).replace("statements:\n", "statements:\n" + DELEGATE_SAYS),
            "content/countries/KAZ.yaml": KAZ,
            "content/speakers/akan-rakhmetullin.yaml": "name: Akan Rakhmetullin\n"
            "position: Deputy Minister of Foreign Affairs\ncountry: KAZ\n",
            **{f"content/speakers/{k}.yaml": v for k, v in SPEAKERS.items()},
        },
    )
    result = build_project(root, "docx", targets=("countries/KAZ",))
    assert not result.failed, result.output
    sheet = root / "build/ar/countries/KAZ.docx"
    styles = xml_part(sheet, "word/styles.xml")
    paragraphs = body_paragraphs(sheet)
    quotes = [i for i, p in enumerate(paragraphs) if p.style == "Quote"]
    assert len(quotes) == 2
    for quote in quotes:
        q_el, a_el = paragraphs[quote].element, paragraphs[quote + 1].element
        assert paragraphs[quote + 1].style == "Attribution"
        bar = _effective(q_el, styles, "pBdr")
        assert q("w:right") in [tag for tag, _ in bar]  # type: ignore[misc]
        assert _effective(a_el, styles, "pBdr") == bar
        left, right = _sides(q_el, styles, document_rtl=True)
        assert left == 0 < right  # indented from the bar, on the right
        assert _sides(a_el, styles, document_rtl=True) == (left, right)


# -- both writers: the pack's cover names the publisher ----------------------------------


def test_pack_cover_names_the_publisher_as_the_report_cover_does(built: Path) -> None:
    """The report's cover names the publisher (briefgen.yaml ``publisher``); the pack's
    printed the office's title (``title``) in its place. Both name the publisher, in the PDF
    and in Word."""
    for target in ("events/launch", "packs/launch"):
        cover = " ".join(pdf_text(built / f"build/en/{target}.pdf").split("\f")[0].split())
        assert PUBLISHER in cover, target
        assert OFFICE not in cover, target
        publisher_lines = [
            p.text
            for p in body_paragraphs(built / f"build/en/{target}.docx")
            if p.style == "Cover Publisher"
        ]
        assert publisher_lines == [PUBLISHER], target
