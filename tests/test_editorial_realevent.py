"""Defects an editor found building a real event as a new user would: the 33rd session of
the Commission on Crime Prevention and Criminal Justice (Vienna, 13-17 May 2024), from
UNODC's press releases of its opening and its closing, in English, French, Spanish and
Arabic, with the English quotes left untranslated. Each is checked in the real
renderers' output: WeasyPrint's PDF read back with pdftotext, the Word file read with
python-docx's XML."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from buildtools import write
from docx_helpers import body_paragraphs, build_project

EVENT = """\
title: 33rd session of the Commission on Crime Prevention and Criminal Justice
short_title: 33rd Crime Commission
start: 2024-05-13
end: 2024-05-17
venue: {city: Vienna, country: AUT}
sessions:
  - id: opening
    title: Opening of the session
    start: "10:00"
    chair: ivo-sramek
    speakers: [dennis-francis, ghada-waly]
  - id: closing
    title: Closing of the session
    date: 2024-05-17
    speakers: [ghada-waly]
statements:
  - speaker: dennis-francis
    session: opening
    quote: >-
      There is no doubt that our multilateral system must be fit enough to
      effectively address the day's pressing issues.
  - speaker: ghada-waly
    session: closing
    quote: The Commission continued to lay a strong foundation.
sources:
  - title: >-
      Strengthening global cooperation in crime prevention and enhancing criminal
      justice systems: highlights from the 33rd Crime Commission
    url: https://unodc.org/unodc/frontpage/2024/May/strengthening-global-cooperation.html
    date: 2024-05-17
"""
SPEAKERS = {
    "dennis-francis": "name: Dennis Francis\nhonorific: H.E.\n"
    "position: President of the 78th Session of the UN General Assembly\n"
    "organisation: un-general-assembly\n",
    "ghada-waly": "name: Ghada Waly\nposition: Executive Director\norganisation: unodc\n",
    "ivo-sramek": "name: Ivo Šrámek\nhonorific: H.E.\nposition: Chair\ncountry: CZE\n",
}
ORGANISATIONS = {
    "un-general-assembly": "name: United Nations General Assembly\nkind: un\n",
    "unodc": "name: United Nations Office on Drugs and Crime\nacronym: UNODC\nkind: un\n",
}
ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f"))
"""Bidi controls, which neither the reader nor these tests see."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files: dict[str, str | bytes] = {
        "briefgen.yaml": "title: UNODC Briefings\nlanguages: [en, fr, es, ar]\n",
        "content/events/ccpcj-33.yaml": EVENT,
    }
    files |= {f"content/speakers/{k}.yaml": v for k, v in SPEAKERS.items()}
    files |= {f"content/organisations/{k}.yaml": v for k, v in ORGANISATIONS.items()}
    root = write(tmp_path_factory.mktemp("realevent") / "project", files)
    result = build_project(root, "pdf", "docx", targets=("events", "speakers"))
    assert not result.failed, result.output
    return root


def pdf(root: Path, lang: str, doc: str) -> str:
    """The PDF's text in reading order, one line per line, without bidi controls."""
    path = root / f"build/{lang}/{doc}.pdf"
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return out.translate(ISOLATES)


def word(root: Path, lang: str, doc: str) -> list[str]:
    """The Word file's paragraphs, without bidi controls."""
    path = root / f"build/{lang}/{doc}.docx"
    return [p.text.translate(ISOLATES) for p in body_paragraphs(path)]


# -- quotation marks ----------------------------------------------------------------------


def test_an_english_quote_in_an_arabic_document_has_english_quotation_marks(
    built: Path,
) -> None:
    """A quote left in English in an Arabic report is a left-to-right paragraph; it takes
    English quotation marks, “...”. It had the Arabic ones, ”...“, which in a
    left-to-right line read backwards: the text, isolated for the bidi algorithm before
    it was quoted, hid its own direction from the choice of marks."""
    for doc in ("events/ccpcj-33", "speakers/dennis-francis"):
        text = pdf(built, "ar", doc)
        assert "“There is no doubt that our multilateral system" in text, doc
        assert "pressing issues.”" in text, doc
        assert "”There is no doubt" not in text, doc
        quote = next(p for p in word(built, "ar", doc) if "There is no doubt" in p)
        assert quote.startswith("“There is no doubt") and quote.endswith("issues.”"), doc
    # An English document is as it was.
    assert "“There is no doubt that our multilateral" in pdf(built, "en", "events/ccpcj-33")


# -- the separator between a title and its date -------------------------------------------


def test_a_source_and_a_session_date_are_separated_by_the_languages_comma(
    built: Path,
) -> None:
    """A source's date follows its title, and a session's time its date, after a comma:
    in Arabic, the Arabic comma "،", as everywhere else in an Arabic document (credit
    lines, lists). The template wrote a Latin ", ". In the PDF the Latin comma also let
    a day that follows an English title wrapped onto a second line join the title's
    left-to-right run: "...Crime Commission, 17" on one side of the line and its month
    on the other."""
    text = pdf(built, "ar", "events/ccpcj-33")
    assert "Commission, 17" not in text
    assert "Commission، 17" not in text  # the day stays with its month
    lines = word(built, "ar", "events/ccpcj-33")
    source = next(p for p in lines if p.startswith("Strengthening global cooperation"))
    assert "highlights from the 33rd Crime Commission، 17 مايو 2024 https://" in source
    meta = next(p for p in lines if p.startswith("13 مايو 2024") and " · " in p)
    assert meta.startswith("13 مايو 2024، 10:00")
    english = word(built, "en", "events/ccpcj-33")
    assert any(
        "highlights from the 33rd Crime Commission, 17 May 2024 https://" in p for p in english
    )
    assert any(p.startswith("13 May 2024, 10 a.m. · Chair:") for p in english)


# -- Spanish dates --------------------------------------------------------------------------


def test_a_spanish_date_range_is_written_as_the_long_date(built: Path) -> None:
    """Spanish writes a date "13 de mayo de 2024"; a range of days wrote "13–17 mayo 2024",
    CLDR's pattern for an abbreviated month with the month written out. CLDR's pattern
    for the full month keeps the "de": "13–17 de mayo de 2024"."""
    from briefgen.render import i18n

    assert i18n.format_date_range(dt.date(2024, 5, 13), dt.date(2024, 5, 17), "es") == (
        "13–17 de mayo de 2024"
    )
    assert i18n.format_date_range(dt.date(2024, 5, 30), dt.date(2024, 6, 2), "es") == (
        "30 de mayo\u2009–\u20092 de junio de 2024"
    )
    assert i18n.format_date_range(dt.date(2024, 5, 13), dt.date(2024, 5, 17), "en") == (
        "13–17 May 2024"
    )
    assert i18n.format_date_range(dt.date(2024, 5, 13), dt.date(2024, 5, 17), "fr") == (
        "13–17 mai 2024"
    )
    assert "13–17 de mayo de 2024" in pdf(built, "es", "events/ccpcj-33")
    assert any(
        p.startswith("13–17 de mayo de 2024 · ") for p in word(built, "es", "events/ccpcj-33")
    )
    assert "mayo 2024" not in pdf(built, "es", "speakers/ghada-waly")


# -- credit lines ---------------------------------------------------------------------------


def test_a_position_naming_the_un_body_is_not_followed_by_its_full_name(built: Path) -> None:
    """ "President of the 78th Session of the UN General Assembly, United Nations General
    Assembly" said the body twice: "UN" is how the United Nations abbreviates its name in
    running text, and the credit line did not read it so."""
    position = "President of the 78th Session of the UN General Assembly"
    report = pdf(built, "en", "events/ccpcj-33")
    assert f"H.E. Dennis Francis, {position}\n" in report
    assert f"{position}, United Nations General Assembly" not in report
    summary = word(built, "en", "speakers/dennis-francis")
    assert position in summary
    assert "United Nations General Assembly" not in summary
    # "un" in lower case is a word of its own (French "a"), not the United Nations.
    from briefgen.render.credit import credit_line

    office = [["United Nations Office"]]
    assert credit_line("Chef d'un bureau", office, None) == [
        "Chef d'un bureau",
        "United Nations Office",
    ]
    assert credit_line("Head of the UN Office", office, None) == ["Head of the UN Office"]
    # Another organisation is still printed.
    assert "Ghada Waly, Executive Director, United Nations Office on Drugs and Crime" in (
        report.replace("\n", " ")
    )


# -- the participants' heading ----------------------------------------------------------------


def test_participants_heading_does_not_promise_programmes_the_event_has_not(
    built: Path,
) -> None:
    """The chapter of the event's countries, organisations and programmes was always
    "Participating countries and programmes"; an event with no programme (a commission's
    session) is "Participating countries", in the contents too, in both formats."""
    report = pdf(built, "en", "events/ccpcj-33")
    assert "and programmes" not in report
    assert report.count("Participating countries") == 2  # contents and heading
    paragraphs = word(built, "en", "events/ccpcj-33")
    assert not any("and programmes" in p for p in paragraphs)
    assert "Participating countries" in paragraphs
    assert "البلدان المشاركة" in pdf(built, "ar", "events/ccpcj-33")
    assert "Países participantes" in pdf(built, "es", "events/ccpcj-33")


def test_the_list_of_speakers_never_leaves_the_organisation_column_empty(built: Path) -> None:
    """A speaker whose position names their organisation ("...of the UN General
    Assembly") and who represents no country had an empty "Country or organisation"
    cell in the list of speakers, which reads as missing: the cell names the
    organisation, as the credit line beside a quote need not."""
    cells = word(built, "en", "events/ccpcj-33")
    row = cells.index("H.E. Dennis Francis")
    assert cells[row : row + 3] == [
        "H.E. Dennis Francis",
        "President of the 78th Session of the UN General Assembly",
        "United Nations General Assembly",
    ]
    # The country still comes first for a speaker who represents one.
    row = cells.index("H.E. Ivo Šrámek")
    assert cells[row : row + 3] == ["H.E. Ivo Šrámek", "Chair", "Czechia"]
    report = pdf(built, "en", "events/ccpcj-33").split("List of speakers")[-1]
    assert "United Nations General Assembly" in report
