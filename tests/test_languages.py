"""Documents in English, French, Arabic and Chinese: text, fonts, direction, locale rules."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from buildtools import REPO, briefgen, pdf_text

ROOT = REPO / "tests/roots/multilingual"
BIDI_CONTROLS = {
    chr(c) for c in (*range(0x200E, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("languages") / "project"
    shutil.copytree(ROOT, root)
    run = briefgen("build", cwd=root, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert run.code == 0, run.output
    return root


def text(path: Path) -> str:
    """PDF text with bidi controls removed and white space folded, for exact comparisons."""
    raw = pdf_text(path)
    cleaned = "".join(ch for ch in raw if ch not in BIDI_CONTROLS)
    return " ".join(unicodedata.normalize("NFC", cleaned).split())


def logical(path: Path) -> str:
    """Text in logical (reading) order, as pdftotext gives it after its bidi pass; bidi
    controls removed, no-break spaces read as spaces (PDF text has no such distinction)."""
    raw = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    cleaned = "".join(ch for ch in raw if ch not in BIDI_CONTROLS)
    return " ".join(cleaned.replace("\u202f", " ").replace("\u00a0", " ").split())


def test_one_document_per_language(built: Path) -> None:
    for lang in ("en", "fr", "ar", "zh"):
        for doc in (
            "events/vienna-forum",
            "countries/KAZ",
            "countries/AUT",
            "speakers/talgat-kaliyev",
        ):
            for fmt in ("pdf", "docx"):
                assert (built / f"build/{lang}/{doc}.{fmt}").is_file(), (lang, doc, fmt)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Forum on Justice for Children",
                "10 March 2021",
                "Vienna, Austria",
                "“We act now.”",
                "H.E. Mr. Talgat Kaliyev",
            ],
        ),
        (
            "fr",
            [
                "Forum sur la justice pour enfants",
                "10 mars 2021",
                "Vienna, Autriche",
                "« Nous agissons maintenant. »",
                "S. E. M. Talgat Kaliyev",
            ],
        ),
        ("ar", ["منتدى العدالة للأطفال", "مارس", "النمسا", "نحن نعمل الآن", "الأطفال أولا"]),
        (
            "zh",
            [
                "儿童司法论坛",
                "2021年3月10日",
                "奥地利",
                "“我们现在就行动。”",
                "Talgat Kaliyev 阁下",
                "儿童优先。",
            ],
        ),
    ],
)
def test_report_text_in_each_language(built: Path, lang: str, expected: list[str]) -> None:
    found = logical(built / f"build/{lang}/events/vienna-forum.pdf")
    for phrase in expected:
        assert phrase in found, (lang, phrase, found[:600])


@pytest.mark.parametrize(
    ("lang", "number", "name"),
    [
        ("en", "1,234,567.5", "Kazakhstan"),
        ("fr", "1 234 567,5", "Kazakhstan"),
        ("ar", "1,234,567.5", "كازاخستان"),
        ("zh", "1,234,567.5", "哈萨克斯坦"),
    ],
)
def test_numbers_and_country_names_follow_the_locale(
    built: Path, lang: str, number: str, name: str
) -> None:
    found = logical(built / f"build/{lang}/countries/KAZ.pdf")
    assert number in found, (lang, found[:400])
    assert name in found


def test_arabic_text_extracts_in_logical_order(built: Path) -> None:
    found = logical(built / "build/ar/countries/KAZ.pdf")
    assert "شريك منذ عام" in found and "2019" in found  # words in reading order
    assert "الميزانية" in found


@pytest.mark.parametrize(
    ("lang", "family"),
    [("ar", "Noto-Naskh-Arabic"), ("zh", "Noto-Sans-CJK-SC"), ("en", "Noto-Sans")],
)
def test_intended_font_families_are_embedded(built: Path, lang: str, family: str) -> None:
    out = subprocess.run(
        ["pdffonts", str(built / f"build/{lang}/events/vienna-forum.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    names = [row.split()[0].split("+", 1)[1] for row in out.splitlines()[2:]]
    assert any(name == family or name.startswith(family + "-") for name in names), names
    if lang == "en":
        assert not any("Naskh" in n or "CJK" in n for n in names), names
    if lang in ("ar", "zh"):
        assert not any(n.endswith("Oblique") for n in names), names  # no synthetic italics


def test_arabic_documents_are_right_to_left(built: Path) -> None:
    from briefgen.content.documents import DocumentRef
    from briefgen.content.project import load_project
    from briefgen.render.document import Renderer

    renderer = Renderer(load_project(built))
    html = renderer.render(DocumentRef("countries", "KAZ"), "ar").html
    assert '<html lang="ar" dir="rtl">' in html
    assert "@top-right { content: element(runningTitle); }" in html
    assert (
        "\u2068سعادة السيد Talgat Kaliyev\u2069"
        in renderer.render(DocumentRef("events", "vienna-forum"), "ar").html
    )
    english = renderer.render(DocumentRef("countries", "KAZ"), "en").html
    assert '<html lang="en" dir="ltr">' in english and "\u2068" not in english


def test_missing_translation_falls_back_and_warns(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(ROOT, root)
    speaker = root / "content/speakers/talgat-kaliyev.yaml"
    speaker.write_text(speaker.read_text().replace("  zh: 无任所大使\n", ""))
    run = briefgen("check", cwd=root)
    assert (
        'content/speakers/talgat-kaliyev.yaml:8:3: warning: "position" has no "zh" text; '
        'the "en" text is used [missing-translation]'
    ) in run.stdout.splitlines()
    assert briefgen("check", "--strict", cwd=root).code == 1
    assert (
        briefgen("build", "speakers/talgat-kaliyev", "--lang", "zh", "-f", "pdf", cwd=root).code
        == 0
    )
    assert "Ambassador-at-large" in text(root / "build/zh/speakers/talgat-kaliyev.pdf")


def test_translation_coverage_table(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(ROOT, root)
    speaker = root / "content/speakers/talgat-kaliyev.yaml"
    speaker.write_text(speaker.read_text().replace("  zh: 无任所大使\n", ""))
    run = briefgen("check", "--translations", cwd=root)
    rows = {
        line.split()[0]: line.split()[1:]
        for line in run.stdout.splitlines()
        if line.startswith(("content/", "all files", "file"))
    }
    assert rows["file"] == ["texts", "plain", "en", "fr", "ar", "zh"]
    assert rows["content/speakers/talgat-kaliyev.yaml"] == ["3", "1", "100%", "100%", "100%", "66%"]


@pytest.mark.parametrize(
    ("lang", "honorific", "name", "expected"),
    [
        ("en", "H.E. Mr.", "Talgat Kaliyev", "H.E. Mr. Talgat Kaliyev"),
        ("ar", "سعادة السيد", "طلغت كالييف", "سعادة السيد طلغت كالييف"),
        ("zh", "阁下", "Talgat Kaliyev", "Talgat Kaliyev 阁下"),
        ("zh", "先生", "王毅", "王毅先生"),
        ("zh", "H.E. Mr.", "Talgat Kaliyev", "H.E. Mr. Talgat Kaliyev"),  # not translated
        ("ja", "様", "田中", "田中様"),
        ("ko", "대사", "김철수", "김철수 대사"),
    ],
)
def test_honorifics_stand_where_the_language_puts_them(
    lang: str, honorific: str, name: str, expected: str
) -> None:
    from briefgen.render.i18n import with_honorific

    assert with_honorific(name, honorific, lang) == expected


def _chinese_project(root: Path) -> Path:
    """The multilingual project in Chinese alone, with a second speaker whose name is
    Latin and a programme led by an organisation named in Chinese and in English."""
    shutil.copytree(ROOT, root)
    config = root / "briefgen.yaml"
    config.write_text(config.read_text().replace("languages: [en, fr, ar, zh]", "languages: [zh]"))
    event = root / "content/events/vienna-forum.yaml"
    event.write_text(
        event.read_text()
        .replace("speakers: [talgat-kaliyev]", "speakers: [talgat-kaliyev, miwa-kato]")
        .replace("  zh: 论坛讨论了儿童**司法**问题。", "  zh: 论坛讨论了UNODC的儿童**司法**问题。")
    )
    (root / "content/speakers/miwa-kato.yaml").write_text(
        "name: Miwa Kato\nposition: Director\ncountry: JPN\n", encoding="utf-8"
    )
    (root / "content/organisations").mkdir()
    (root / "content/organisations/unodc.yaml").write_text(
        "name:\n  en: United Nations Office on Drugs and Crime\n  zh: 联合国毒品和犯罪问题办公室\n"
        "acronym: UNODC\n",
        encoding="utf-8",
    )
    (root / "content/organisations/unicef.yaml").write_text(
        "name: United Nations Children's Fund\nacronym: UNICEF\n", encoding="utf-8"
    )
    (root / "content/programmes").mkdir()
    for pid, lead in (("justice", "unodc"), ("care", "unicef")):
        (root / f"content/programmes/{pid}.yaml").write_text(
            f"name:\n  en: Programme {pid}\n  zh: {pid}方案\nlead: {lead}\ncountries: [KAZ]\n",
            encoding="utf-8",
        )
    country = root / "content/countries/KAZ.yaml"
    country.write_text(country.read_text() + "partnership:\n  since: 2019\n", encoding="utf-8")
    return root


def test_chinese_sets_latin_words_apart_from_han_in_both_formats(tmp_path: Path) -> None:
    """Chinese text sets a Latin word apart from the Han characters beside it ("Talgat
    Kaliyev 阁下和 Miwa Kato"), as Word and LibreOffice do when they lay text out; the PDF
    gets the same space from the HTML, and the Word file the same text with Word's own
    spacing turned off, so that the two formats agree. Digits stay against the characters
    (the long date "2021年3月10日", "自2019年起"), and a label around a Chinese name
    adds no space of its own ("由联合国毒品和犯罪问题办公室牵头")."""
    from docx_helpers import NS, body_paragraphs, q, xml_part

    root = _chinese_project(tmp_path / "project")
    run = briefgen("build", cwd=root, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert run.code == 0, run.output
    report, sheet = root / "build/zh/events/vienna-forum", root / "build/zh/countries/KAZ"
    expected_report = [
        "发言者：Talgat Kaliyev 阁下和 Miwa Kato",
        "论坛讨论了 UNODC 的儿童司法问题。",
        "2021年3月10日",
    ]
    expected_sheet = [
        "自2019年起为合作伙伴。",
        "由联合国毒品和犯罪问题办公室牵头",
        "由 United Nations",
    ]
    for path, expected in ((report, expected_report), (sheet, expected_sheet)):
        pdf = logical(path.with_suffix(".pdf"))
        paragraphs = body_paragraphs(path.with_suffix(".docx"))
        word = " ".join(" ".join(p.text.split()) for p in paragraphs)
        for phrase in expected:
            assert phrase in pdf, (phrase, pdf)
            assert phrase in word, (phrase, word)
        defaults = xml_part(path.with_suffix(".docx"), "word/styles.xml").find(
            "w:docDefaults/w:pPrDefault/w:pPr", NS
        )
        for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
            toggle = defaults.find(name, NS)
            assert toggle is not None and toggle.get(q("w:val")) == "0", name


def test_the_space_between_scripts_goes_beside_a_link_not_into_it() -> None:
    """Across inline elements the space is put in the outer text (beside the link, so
    that it is not underlined); a block boundary, a digit or a full-width sign gets none;
    other languages are left as they are."""
    from briefgen.render.spacing import space_scripts

    html = (
        '<!DOCTYPE html><html lang="zh"><head><title>UNODC和</title></head><body>'
        '<p>发言者：<a href="#a">Miwa Kato</a>和<a href="#b">Mari Miyoshi</a>。</p>'
        "<p>2021年3月10日，UNODC（毒罪办）<em>报告</em>Roadmap</p><p>A</p><p>中</p></body></html>"
    )
    out = space_scripts(html, "zh")
    assert '<a href="#a">Miwa Kato</a> 和 <a href="#b">Mari Miyoshi</a>。' in out
    assert "<p>2021年3月10日，UNODC（毒罪办）<em>报告</em> Roadmap</p><p>A</p><p>中</p>" in out
    assert "<title>UNODC和</title>" in out
    english = html.replace('lang="zh"', 'lang="en"')
    assert space_scripts(english, "en") == english
