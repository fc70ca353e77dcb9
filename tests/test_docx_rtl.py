"""Word documents in Arabic (right to left) and Chinese: direction, language, fonts.

One small project in English, Arabic and Chinese is built once through the
real command line; the .docx files are read back with lxml and the Arabic
ones laid out by LibreOffice, whose PDF says where each word landed.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render.document import Renderer
from briefgen.writers.docx.bidi import FSI, LRM, PDI, RLM, language, pieces
from docx_helpers import (
    NS,
    built_project,
    out,
    part_names,
    q,
    soffice_to_pdf,
    xml_part,
)
from ooxml import invalid, needs_validator

ARABIC = re.compile("[\u0600-\u06ff]")
LATIN = re.compile("[A-Za-z]")
ISOLATES = re.compile("[\u2066-\u2069]")
REPORT, SHEET, SPEAKER = "events/roadmap", "countries/KAZ", "speakers/talgat-kaliyev"
TITLE_AR = "خارطة طريق مكتب الأمم المتحدة المعني بالمخدرات والجريمة"

FILES = {
    "briefgen.yaml": """\
title: {en: UNODC Briefings, ar: "إحاطات مكتب الأمم المتحدة", zh: "毒品和犯罪问题办公室简报"}
publisher: unodc
languages: [en, ar, zh]
formats: [pdf, docx]
""",
    "content/organisations/unodc.yaml": """\
name:
  en: United Nations Office on Drugs and Crime
  ar: مكتب الأمم المتحدة المعني بالمخدرات والجريمة
  zh: 联合国毒品和犯罪问题办公室
acronym: UNODC
kind: un
""",
    "content/speakers/miwa-kato.yaml": """\
name: Miwa Kato
honorific: {en: Ms., ar: "السيدة", zh: "女士"}
position: {en: "Director, Division for Operations", ar: "مديرة شعبة العمليات", zh: "业务司司长"}
organisation: unodc
country: JPN
""",
    "content/speakers/talgat-kaliyev.yaml": """\
name: Talgat Kaliyev
honorific: {en: H.E. Mr., ar: "سعادة السيد", zh: "阁下"}
position: {en: Ambassador-at-large, ar: "سفير متجول", zh: "无任所大使"}
country: KAZ
""",
    "content/events/roadmap.yaml": f"""\
title: {{en: The UNODC Roadmap, ar: "{TITLE_AR}", zh: "毒品和犯罪问题办公室路线图"}}
short_title: {{en: UNODC Roadmap, ar: "خارطة الطريق", zh: "路线图"}}
kind: {{en: Special Event, ar: "حدث خاص", zh: "特别活动"}}
start: 2021-03-10
venue: {{city: {{en: Kyoto, ar: "كيوتو", zh: "京都"}}, country: JPN}}
organisers: [unodc]
partners: [AUT, JPN]
summary:
  en: The **roadmap** was *discussed* in Kyoto in 2021.
  ar: "ناقش المشاركون **خارطة الطريق** في *كيوتو* عام 2021، بمشاركة برنامج GP to END VAC."
  zh: "与会者于2021年在**京都**讨论了*路线图*，GP to END VAC 参与其中。"
sessions:
  - id: opening
    title: {{en: Opening, ar: "افتتاح الحدث", zh: "开幕"}}
    start: "09:00"
    end: "10:30"
    speakers: [miwa-kato, talgat-kaliyev]
statements:
  - speaker: miwa-kato
    session: opening
    quote:
      en: We must act now.
      ar: يجب أن نتحرك الآن من أجل الأطفال.
      zh: 我们必须现在就为儿童采取行动。
  - speaker: talgat-kaliyev
    session: opening
    verbatim: false
    quote:
      en: Kazakhstan values the partnership.
      ar: تقدّر كازاخستان شراكتها مع المكتب منذ عام 2019.
      zh: 哈萨克斯坦自2019年以来重视与该办公室的伙伴关系。
  - speaker: miwa-kato
    session: opening
    quote: {{en: "Children first, always."}}
key_messages:
  - {{en: Act now., ar: "يجب التحرك الآن.", zh: "必须立即行动。"}}
  - {{en: Cooperate., ar: "التعاون الدولي ضروري.", zh: "国际合作至关重要。"}}
outcomes:
  - {{en: A new initiative., ar: "إطلاق مبادرة جديدة.", zh: "启动新倡议。"}}
""",
    "content/countries/KAZ.yaml": """\
region: {en: Central Asia, ar: "آسيا الوسطى", zh: "中亚"}
summary:
  en: A partner since 2019.
  ar: تُعدّ **كازاخستان** من أكثر الشركاء تميّزاً منذ عام 2019.
  zh: "**哈萨克斯坦**自2019年起是伙伴。"
partnership:
  since: 2019
  areas:
    - {en: Rehabilitation, ar: "إعادة التأهيل وإعادة الإدماج", zh: "康复与重返社会"}
    - {en: Legal frameworks, ar: "تعزيز الأطر القانونية", zh: "加强法律框架"}
facts:
  - label: {en: Population, ar: "عدد السكان", zh: "人口"}
    value: 19000000
    unit: {en: people, ar: "نسمة", zh: "人"}
    year: 2021
    source: {en: World Bank, ar: "البنك الدولي", zh: "世界银行"}
contacts:
  - name: Talgat Kaliyev
    position: {en: Ambassador, ar: "سفير", zh: "大使"}
    email: t.kaliyev@example.org
""",
    # Inline isolation written in a template: <span dir lang> and <bdi>.
    "templates/speaker.html": """\
{% extends "!builtin/speaker.html" %}
{% block body %}
{{ super() }}
<p class="isolates">{{ _("Speaker") }}: <bdi>Talgat Kaliyev</bdi>،
<span dir="ltr" lang="en">UNODC, 2019</span>.</p>
{% endblock %}
""",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_project(tmp_path_factory, "docx-rtl", FILES)


def body(path: Path) -> etree._Element:
    return xml_part(path, "word/document.xml").find("w:body", NS)


def text_runs(element: etree._Element) -> list[etree._Element]:
    return [r for r in element.iter(q("w:r")) if r.find("w:t", NS) is not None]


def run_text(run: etree._Element) -> str:
    return "".join(t.text or "" for t in run.iterfind("w:t", NS))


def on(element: etree._Element | None) -> bool:
    return element is not None and element.get(q("w:val"), "1") not in ("0", "false", "off")


def all_parts_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        )


# -- the algorithm on its own --------------------------------------------------------------


def test_isolates_become_marks_and_runs_split_by_direction() -> None:
    text = f"السيد {FSI}Talgat Kaliyev{PDI}، 2019"
    [chunk] = pieces([text], rtl=True)
    assert chunk == [
        (f"السيد {RLM}", True),
        (f"{LRM}Talgat Kaliyev{LRM}", False),
        (f"{RLM}، 2019", True),
    ]
    assert "".join(p for p, _ in chunk).replace(LRM, "").replace(RLM, "") == (
        "السيد Talgat Kaliyev، 2019"
    )
    # Neutrals at a boundary go with the paragraph; a number after Latin text is Latin.
    assert pieces(["تعاون مع ", "GP to END VAC 2019", " منذ."], rtl=True) == [
        [("تعاون مع ", True)],
        [("GP to END VAC 2019", False)],
        [(" منذ.", True)],
    ]
    # An Arabic isolate in Arabic text needs no mark; English text needs no work at all.
    assert pieces([f"نص {FSI}عربي{PDI} هنا"], rtl=True) == [[("نص عربي هنا", True)]]
    assert pieces(["plain", " text"], rtl=False) == [[("plain", False)], [(" text", False)]]
    # Arabic quoted in an English paragraph: its own right-to-left run.
    assert pieces(["The name كازاخستان here"], rtl=False) == [
        [("The name ", False), ("كازاخستان", True), (" here", False)]
    ]


def test_word_language_tags() -> None:
    assert (language("ar").slot, language("ar").tag, language("ar").rtl) == ("bidi", "ar-SA", True)
    assert (language("zh").slot, language("zh").tag) == ("eastAsia", "zh-CN")
    assert (language("fr").slot, language("fr").tag, language("fr").rtl) == ("val", "fr", False)
    assert language("en", "rtl").rtl


# -- Arabic: direction everywhere --------------------------------------------------------


@pytest.mark.parametrize("target", [REPORT, SHEET, SPEAKER])
def test_arabic_paragraphs_tables_and_section_are_right_to_left(built: Path, target: str) -> None:
    path = out(built, "ar", target)
    doc = body(path)
    paragraphs = list(doc.iter(q("w:p")))
    directions = [p.find("w:pPr/w:bidi", NS) for p in paragraphs]
    # Every paragraph is right to left, except the English quote that has no Arabic text.
    ltr = [p for p, d in zip(paragraphs, directions, strict=True) if not on(d)]
    assert all(d is not None for d in directions)
    assert all(not ARABIC.search("".join(p.itertext())) for p in ltr), ltr
    assert on(doc.find("w:sectPr/w:bidi", NS))
    tables = doc.findall(".//w:tbl", NS)
    assert tables or target == SPEAKER
    assert all(on(t.find("w:tblPr/w:bidiVisual", NS)) for t in tables)
    styles = xml_part(path, "word/styles.xml")
    assert on(styles.find("w:docDefaults/w:pPrDefault/w:pPr/w:bidi", NS))
    for name in part_names(path):
        if name.startswith(("word/header", "word/footer")):
            for p in xml_part(path, name).iter(q("w:p")):
                assert on(p.find("w:pPr/w:bidi", NS)), name


def test_arabic_runs_are_right_to_left_and_tagged_arabic(built: Path) -> None:
    for target in (REPORT, SHEET, SPEAKER):
        path = out(built, "ar", target)
        for run in text_runs(body(path)):
            text, rpr = run_text(run), run.find("w:rPr", NS)
            assert rpr is not None and rpr.find("w:lang", NS).get(q("w:bidi")) == "ar-SA", text
            rtl = on(rpr.find("w:rtl", NS))
            if ARABIC.search(text):
                assert rtl and not LATIN.search(text), text
            if LATIN.search(text):
                assert not rtl and not ARABIC.search(text), text
    runs = [run_text(r) for r in text_runs(body(out(built, "ar", SHEET)))]
    assert "Talgat Kaliyev" in runs  # the Latin name keeps its own left-to-right run


def test_arabic_bold_and_italic_use_the_complex_script_properties(built: Path) -> None:
    path = out(built, "ar", REPORT)
    runs = {run_text(r): r.find("w:rPr", NS) for r in text_runs(body(path))}
    bold, italic = runs["خارطة الطريق"], runs["كيوتو"]
    assert on(bold.find("w:b", NS)) and on(bold.find("w:bCs", NS)) and on(bold.find("w:rtl", NS))
    assert on(italic.find("w:i", NS)) and on(italic.find("w:iCs", NS))
    for rpr in body(path).iter(q("w:rPr")):
        for latin, cs in (("w:b", "w:bCs"), ("w:i", "w:iCs"), ("w:sz", "w:szCs")):
            if rpr.find(latin, NS) is not None:
                assert rpr.find(cs, NS) is not None, etree.tostring(rpr)
    styles = xml_part(path, "word/styles.xml")
    for rpr in styles.iter(q("w:rPr")):
        for latin, cs in (("w:b", "w:bCs"), ("w:i", "w:iCs"), ("w:sz", "w:szCs")):
            if rpr.find(latin, NS) is not None:
                assert rpr.find(cs, NS) is not None, etree.tostring(rpr)


def test_no_isolate_controls_reach_word_and_no_text_is_lost(built: Path) -> None:
    kind, _, ident = SPEAKER.partition("/")
    html = Renderer(load_project(built)).render(DocumentRef(kind, ident), "ar").html
    assert FSI in html and PDI in html  # the HTML isolates Latin names in Arabic text
    for path in sorted((built / "build").rglob("*.docx")):
        assert not ISOLATES.search(all_parts_xml(path)), path
    # The template's <bdi> and <span dir="ltr" lang="en"> keep their text in order.
    path = out(built, "ar", SPEAKER)
    paragraph = next(p for p in body(path).iter(q("w:p")) if "UNODC, 2019" in "".join(p.itertext()))
    runs = text_runs(paragraph)
    visible = "".join(run_text(r) for r in runs).replace(LRM, "").replace(RLM, "")
    assert visible.endswith(": Talgat Kaliyev، UNODC, 2019.")
    span = next(r for r in runs if "UNODC" in run_text(r))
    assert span.find("w:rPr/w:lang", NS).get(q("w:val")) == "en"
    assert span.find("w:rPr/w:lang", NS).get(q("w:bidi")) == "ar-SA"
    assert not on(span.find("w:rPr/w:rtl", NS))


def test_an_english_quote_in_an_arabic_document_is_a_left_to_right_paragraph(built: Path) -> None:
    path = out(built, "ar", REPORT)
    quote = next(p for p in body(path).iter(q("w:p")) if "Children first" in "".join(p.itertext()))
    assert quote.find("w:pPr/w:bidi", NS).get(q("w:val")) == "0"
    assert not any(on(r.find("w:rPr/w:rtl", NS)) for r in text_runs(quote))


def test_arabic_styles_mirror_borders_and_drop_letter_spacing(built: Path) -> None:
    def quote_sides(path: Path) -> list[str]:
        styles = xml_part(path, "word/styles.xml")
        quote = styles.find("w:style[@w:styleId='Quote']", NS)
        return [etree.QName(b).localname for b in quote.find("w:pPr/w:pBdr", NS)]

    assert quote_sides(out(built, "ar", REPORT)) == ["right"]  # the bar beside the text's start
    assert quote_sides(out(built, "en", REPORT)) == ["left"]
    styles = xml_part(out(built, "ar", REPORT), "word/styles.xml")
    assert not styles.findall(".//w:style/w:rPr/w:spacing", NS)  # tracked caps break Arabic
    quote_rpr = styles.find("w:style[@w:styleId='Quote']/w:rPr", NS)
    assert not on(quote_rpr.find("w:i", NS)) and not on(quote_rpr.find("w:iCs", NS))


def test_header_has_title_then_office_and_footer_is_page_label(built: Path) -> None:
    path = out(built, "ar", REPORT)
    names = part_names(path)
    headers = [xml_part(path, n) for n in names if n.startswith("word/header")]
    header = next(h for h in headers if "".join(h.itertext()).strip())
    p = header.find("w:p", NS)
    children = [etree.QName(c[-1]).localname for c in p.iterfind("w:r", NS)]
    assert children.index("tab") > 0
    assert "".join(header.itertext()).startswith("خارطة الطريق")  # start: the right
    styles = xml_part(path, "word/styles.xml")
    footer_jc = styles.find("w:style[@w:styleId='Footer']/w:pPr/w:jc", NS)
    assert footer_jc.get(q("w:val")) == "right"  # the end of a right-to-left line: the left


# -- fonts and language defaults ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "slot", "tag"),
    [("en", "val", "en"), ("ar", "bidi", "ar-SA"), ("zh", "eastAsia", "zh-CN")],
)
def test_fonts_per_script_and_default_language(built: Path, lang: str, slot: str, tag: str) -> None:
    path = out(built, lang, SHEET)
    styles = xml_part(path, "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = defaults.find("w:rFonts", NS)
    assert fonts.get(q("w:ascii")) == fonts.get(q("w:hAnsi")) == "Noto Sans"
    assert fonts.get(q("w:cs")) == "Noto Naskh Arabic"
    assert fonts.get(q("w:eastAsia")) == "Noto Sans CJK SC"
    assert defaults.find("w:szCs", NS) is not None
    assert defaults.find("w:lang", NS).get(q(f"w:{slot}")) == tag
    quote = styles.find("w:style[@w:styleId='Quote']/w:rPr/w:rFonts", NS)
    assert (quote.get(q("w:ascii")), quote.get(q("w:cs")), quote.get(q("w:eastAsia"))) == (
        "Noto Serif",
        "Noto Naskh Arabic",
        "Noto Serif CJK SC",
    )
    settings = xml_part(path, "word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(q(f"w:{slot}")) == tag


def test_chinese_runs_are_tagged_east_asian(built: Path) -> None:
    path = out(built, "zh", REPORT)
    runs = text_runs(body(path))
    assert runs
    latin = 0
    for run in runs:
        rpr = run.find("w:rPr", NS)
        lang = rpr.find("w:lang", NS)
        assert lang.get(q("w:eastAsia")) == "zh-CN"
        hint = rpr.find("w:rFonts", NS)
        hint = None if hint is None else hint.get(q("w:hint"))
        if lang.get(q("w:val")) == "en":  # Latin text, marked (render/latin_parts.py)
            assert hint is None, run_text(run)
            assert not re.search("[\u4e00-\u9fff]", run_text(run)), run_text(run)
            latin += 1
        else:
            assert hint == "eastAsia", run_text(run)
    assert any("路线图" in run_text(r) for r in runs)
    assert latin >= 3  # the speakers' names, at least


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_left_to_right_documents_carry_no_right_to_left_markup(built: Path, lang: str) -> None:
    for target in (REPORT, SHEET, SPEAKER):
        path = out(built, lang, target)
        for name in part_names(path):
            if not name.endswith(".xml"):
                continue
            root = xml_part(path, name)
            for tag in ("w:bidi", "w:rtl", "w:bidiVisual"):
                assert not root.findall(f".//{tag}", NS), (path.name, name, tag)
            assert not re.search(f"[{LRM}{RLM}]", "".join(root.itertext())), (path.name, name)
    if lang == "en":
        runs = text_runs(body(out(built, "en", SHEET)))
        assert {r.find("w:rPr/w:lang", NS).get(q("w:val")) for r in runs} == {"en"}


@needs_validator
def test_schema_validation_finds_no_error(built: Path) -> None:
    files = [
        out(built, lang, target) for lang in ("ar", "zh") for target in (REPORT, SHEET, SPEAKER)
    ]
    assert invalid(files) == {}


# -- laid out by LibreOffice -----------------------------------------------------------


def words_on_pages(pdf: Path) -> list[list[tuple[str, float, float, float]]]:
    """(word in logical order, xMin, xMax, yMin) of each page, from pdftotext -bbox.

    pdftotext gives right-to-left words in visual order: they are reversed back here.
    """
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    root = etree.fromstring(xhtml)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in root.iterfind(".//x:page", ns):
        found = []
        for word in page.iterfind("x:word", ns):
            text = unicodedata.normalize("NFC", word.text or "")
            if ARABIC.search(text):
                text = text[::-1]
            found.append(
                (text, float(word.get("xMin")), float(word.get("xMax")), float(word.get("yMin")))
            )
        pages.append(found)
    return pages


def find(page: list[tuple[str, float, float, float]], text: str) -> tuple[float, float, float]:
    """(xMin, xMax, yMin) of the topmost occurrence of ``text`` on ``page``."""
    matches = [(x0, x1, y) for word, x0, x1, y in page if word == text]
    assert matches, (text, [w for w, *_ in page])
    return min(matches, key=lambda m: m[2])


def find_on_line(
    page: list[tuple[str, float, float, float]], text: str, y: float
) -> tuple[float, float, float]:
    """(xMin, xMax, yMin) of ``text`` on the line at ``y`` of ``page``."""
    matches = [(x0, x1, top) for word, x0, x1, top in page if word == text and abs(top - y) < 2]
    assert matches, (text, y, [w for w, *_ in page])
    return matches[0]


def test_libreoffice_lays_arabic_out_right_to_left(built: Path, tmp_path: Path) -> None:
    files = [out(built, "ar", REPORT), out(built, "ar", SHEET)]
    report_pdf, sheet_pdf = soffice_to_pdf(files, tmp_path / "lo", tmp_path / "profile")
    width = 595.3  # A4, points; text from 56.7 to 538.6
    sheet = words_on_pages(sheet_pdf)[0]
    x0, x1, _ = find(sheet, "كازاخستان")
    assert x1 > 530 and x0 > width / 2  # the title starts at the right margin
    # The table's first column (Indicator) is on the right of the second (Value).
    indicator, value = find(sheet, "المؤشر"), find(sheet, "القيمة")
    assert indicator[0] > value[1]
    # "سعادة السيد Talgat Kaliyev": the honorific on the right, the name left to right.
    # (On the honorific's line: the contacts, higher on the page, name him without one.)
    honorific = find(sheet, "السيد")
    talgat, kaliyev = (find_on_line(sheet, name, honorific[2]) for name in ("Talgat", "Kaliyev"))
    assert talgat[1] < kaliyev[0] < kaliyev[1] < honorific[0]
    # Running header: title on the right, office on the left; the page label on the left.
    contents = words_on_pages(report_pdf)[1]
    title, office = find(contents, "الطريق"), find(contents, "إحاطات")
    assert title[0] > width / 2 > office[1] and abs(title[2] - office[2]) < 2
    label = find(contents, "الصفحة")
    assert label[1] < width / 2 and label[2] > 780
