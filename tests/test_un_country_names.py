"""Country names as the UN writes them, in its six languages, in the PDF and in Word."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pycountry
import pytest
from docx import Document
from pypdf import PdfReader

from briefgen.content.country_codes import closest_country
from briefgen.content.un_country_names import UN_LANGUAGES, un_member_codes, un_short_name
from briefgen.render.credit import credit_line
from briefgen.render.i18n import country_name, country_other_names
from buildtools import briefgen, pdf_text, write

# What CLDR (and pycountry's common names) gave before: the names an editor would strike out.
UN_AND_EVERYDAY = [
    ("KOR", "en", "Republic of Korea", "South Korea"),
    ("PRK", "en", "Democratic People’s Republic of Korea", "North Korea"),
    ("IRN", "en", "Iran (Islamic Republic of)", "Iran"),
    ("SYR", "en", "Syrian Arab Republic", "Syria"),
    ("TZA", "en", "United Republic of Tanzania", "Tanzania"),
    ("GBR", "en", "United Kingdom of Great Britain and Northern Ireland", None),
    ("USA", "en", "United States of America", None),
    ("VNM", "en", "Viet Nam", "Vietnam"),
    ("PSE", "en", "State of Palestine", "Palestine, State of"),
    ("VAT", "en", "Holy See", None),
    ("PSE", "fr", "État de Palestine", "Territoires palestiniens"),
    ("COD", "fr", "République démocratique du Congo", "Congo-Kinshasa"),
    ("IRQ", "fr", "Iraq", "Irak"),
    ("NGA", "fr", "Nigéria", None),
    ("BLR", "fr", "Bélarus", "Biélorussie"),
    ("KAZ", "es", "Kazajstán", "Kazajistán"),
    ("IRQ", "es", "Iraq", "Irak"),
    ("NZL", "es", "Nueva Zelandia", "Nueva Zelanda"),
    ("RUS", "ru", "Российская Федерация", "Россия"),
    ("PRK", "ru", "Корейская Народно-Демократическая Республика", "КНДР"),
    ("KOR", "zh", "大韩民国", "韩国"),
    ("USA", "zh", "美利坚合众国", "美国"),
    ("SYR", "ar", "الجمهورية العربية السورية", "سوريا"),
    ("PSE", "ar", "دولة فلسطين", "الأراضي الفلسطينية"),
    ("TUR", "fr", "Türkiye", "Turquie"),
    ("NLD", "en", "Netherlands (Kingdom of the)", None),
]


@pytest.mark.parametrize(("code", "lang", "un", "everyday"), UN_AND_EVERYDAY)
def test_the_un_name_is_printed_not_the_everyday_one(
    code: str, lang: str, un: str, everyday: str | None
) -> None:
    assert country_name(code, lang) == un
    assert country_name(code, lang) != everyday


def test_the_table_holds_every_member_and_observer_state_in_six_languages() -> None:
    codes = un_member_codes()
    assert len(codes) == 195  # 193 Member States, the Holy See and the State of Palestine
    assert {"VAT", "PSE", "SSD", "KOR", "PRK"} <= codes
    assert not codes & {"TWN", "HKG", "MAC", "ESH", "PRI", "GRL"}  # not Member States
    for code in codes:
        assert pycountry.countries.get(alpha_3=code) is not None, code
        for lang in UN_LANGUAGES:
            name = un_short_name(code, lang)
            assert name and name == name.strip() and "  " not in name, (code, lang, name)
            assert "'" not in name, (code, lang, name)  # the typographic apostrophe, ’
            assert unicodedata.is_normalized("NFC", name), (code, lang)


def test_regional_variants_take_their_language_and_others_fall_back_to_cldr() -> None:
    assert country_name("KOR", "fr-CH") == "République de Corée"
    assert country_name("KOR", "zh-Hans") == "大韩民国"
    assert country_name("KOR", "de") == "Südkorea"  # not a UN language: CLDR's name
    assert un_short_name("KOR", "de") is None
    assert country_name("HKG", "en") == "Hong Kong"  # a territory: not in the table
    assert un_short_name("HKG", "en") is None


def test_a_mistyped_code_is_explained_with_the_un_name() -> None:
    assert closest_country("KRO", set()) == ("KOR", "Republic of Korea")
    assert closest_country("Republic of Korea", set()) == ("KOR", "Republic of Korea")


# -- in real documents -------------------------------------------------------------------

EVENT = """\
title: {en: Regional Dialogue, fr: Dialogue régional, es: Diálogo regional, zh: 区域对话,
  ar: حوار إقليمي, ru: Региональный диалог}
start: 2024-05-14
venue: {name: Conference Centre, city: Seoul, country: KOR}
partners: [PSE, IRQ]
summary: A dialogue among partners.
sessions:
  - id: opening
    title: {en: Opening, fr: Ouverture, es: Apertura, zh: 开幕, ar: الافتتاح, ru: Открытие}
"""
PROJECT = {
    "briefgen.yaml": (
        "title: Briefing Office\nlanguages: [en, fr, es, ru, zh, ar]\nformats: [pdf, docx]\n"
    ),
    "content/events/dialogue.yaml": EVENT,
    "content/countries/KOR.yaml": "summary: A partner.\n",
    # An editor's own name for a country is printed as written, in the language given.
    "content/countries/IRQ.yaml": "name: {fr: République d’Iraq}\nsummary: A partner.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write(tmp_path_factory.mktemp("un-names") / "project", dict(PROJECT))
    run = briefgen("build", cwd=root, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert run.code == 0, run.output
    return root


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pdf_text(path: Path) -> str:
    return " ".join(pdf_text(path).split())


@pytest.mark.parametrize(
    ("lang", "korea", "palestine"),
    [
        ("en", "Republic of Korea", "State of Palestine"),
        ("fr", "République de Corée", "État de Palestine"),
        ("es", "República de Corea", "Estado de Palestina"),
        ("ru", "Республика Корея", "Государство Палестина"),
        ("zh", "大韩民国", "巴勒斯坦国"),
    ],
)
def test_sheets_and_reports_print_the_un_names_in_pdf_and_word(
    built: Path, lang: str, korea: str, palestine: str
) -> None:
    sheet = built / f"build/{lang}/countries/KOR"
    assert korea in _pdf_text(sheet.with_suffix(".pdf"))
    assert korea in _docx_text(sheet.with_suffix(".docx"))
    report = built / f"build/{lang}/events/dialogue"
    for text in (_pdf_text(report.with_suffix(".pdf")), _docx_text(report.with_suffix(".docx"))):
        assert korea in text and palestine in text, (lang, text[:800])


def test_arabic_word_document_names_the_state_of_palestine(built: Path) -> None:
    text = _docx_text(built / "build/ar/events/dialogue.docx")
    assert "دولة فلسطين" in text and "جمهورية كوريا" in text
    assert "الأراضي الفلسطينية" not in text


def test_the_editors_name_wins_in_its_language_and_the_un_name_elsewhere(built: Path) -> None:
    assert "République d’Iraq" in _pdf_text(built / "build/fr/countries/IRQ.pdf")
    assert "Iraq" in _pdf_text(built / "build/es/countries/IRQ.pdf")
    assert "Irak" not in _pdf_text(built / "build/es/countries/IRQ.pdf")


# -- in the order of the names -----------------------------------------------------------


def _participants(path: Path) -> list[str]:
    """The first column of the report's table of participating countries, in Word."""
    document = Document(str(path))
    table = document.tables[-1]  # agenda first, the countries last
    return [row.cells[0].text for row in table.rows[1:]]


@pytest.mark.parametrize(
    ("lang", "order"),
    [
        ("en", ["Iraq", "Republic of Korea", "State of Palestine"]),
        ("fr", ["État de Palestine", "République d’Iraq", "République de Corée"]),
        ("es", ["Estado de Palestina", "Iraq", "República de Corea"]),
        ("zh", ["巴勒斯坦国", "大韩民国", "伊拉克"]),  # by pinyin: ba, da, yi
    ],
)
def test_participating_countries_run_in_the_order_of_their_names(
    built: Path, lang: str, order: list[str]
) -> None:
    assert _participants(built / f"build/{lang}/events/dialogue.docx") == order


def _top_bookmarks(path: Path) -> list[str]:
    return [item.title for item in PdfReader(path).outline if not isinstance(item, list)]


@pytest.mark.parametrize(
    ("lang", "order"),
    [
        ("fr", ["État de Palestine", "République d’Iraq", "République de Corée"]),
        ("en", ["Iraq", "Republic of Korea", "State of Palestine"]),
    ],
)
def test_the_packs_country_sheets_follow_the_same_order(
    built: Path, lang: str, order: list[str]
) -> None:
    bookmarks = _top_bookmarks(built / f"build/{lang}/packs/dialogue.pdf")
    assert bookmarks[2:] == order  # after the contents and the event report


# -- credit lines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("position", "code", "lang", "line"),
    [
        # The position names the country by a shorter name: the UN name is not added.
        ("President of Bolivia", "BOL", "en", ["President of Bolivia"]),
        ("Minister of Justice of Iran", "IRN", "en", ["Minister of Justice of Iran"]),
        (
            "Ambassadeur de la République de Corée",
            "KOR",
            "fr",
            ["Ambassadeur de la République de Corée"],
        ),
        ("Ambassador of South Korea", "KOR", "en", ["Ambassador of South Korea"]),
        # Nothing names it: the UN name is.
        ("Ambassador", "KOR", "en", ["Ambassador", "Republic of Korea"]),
        ("Ministre de la justice", "IRQ", "fr", ["Ministre de la justice", "Iraq"]),
    ],
)
def test_a_credit_line_names_the_country_once(
    position: str, code: str, lang: str, line: list[str]
) -> None:
    other = country_other_names(code, lang)
    assert credit_line(position, [], country_name(code, lang), other) == line
