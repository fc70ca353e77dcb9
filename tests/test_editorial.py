"""Editorial rules of the built-in templates (issue 10): sections earn their place,
participation is told, counts have their grammatical number, UN house style."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render import i18n
from briefgen.render.credit import credit_line
from briefgen.render.document import Renderer
from buildtools import briefgen, pdf_text, write

EVENT = """\
title: Forum on Justice for Children
start: 2024-05-02
end: 2024-05-03
sessions:
  - id: opening
    title: Opening
    chair: chair-person
    speakers: [ana-berg]
  - id: panel
    title: Panel
    date: 2024-05-03
    speakers: [li-wei, kofi-mensah, nadia-karim]
statements:
  - speaker: ana-berg
    session: opening
    quote: We act now.
  - speaker: ana-berg
    session: opening
    quote: Children first.
  - speaker: floor-voice
    quote: A word from the floor.
    verbatim: false
"""
SPEAKERS = {
    "ana-berg": "name: Ana Berg\nhonorific: H.E. Ms.\nposition: Minister of Foreign Affairs\n"
    "organisation: mfa\ncountry: AUT\n",
    "li-wei": "name: Li Wei\nposition: Judge\ncountry: NGA\n",
    "kofi-mensah": "name: Kofi Mensah\nposition: Prosecutor\ncountry: NGA\n",
    "nadia-karim": "name: Nadia Karim\nposition: Deputy Head for International Cooperation\n"
    "organisation: agency\ncountry: IDN\n",
    "chair-person": "name: Chair Person\nposition: Director\n",
    "floor-voice": "name: Floor Voice\nposition: Observer\n",
}
ORGANISATIONS = {
    "mfa": "name: Ministry of Foreign Affairs of the Republic of Austria\nkind: government\n",
    "agency": "name: National Counterterrorism Agency of Indonesia\nacronym: BNPT\n",
}


def _project(tmp_path: Path, config: str = "title: Office\n", event: str = EVENT) -> Path:
    files: dict[str, str | bytes] = {"briefgen.yaml": config, "content/events/forum.yaml": event}
    files |= {f"content/speakers/{k}.yaml": v for k, v in SPEAKERS.items()}
    files |= {f"content/organisations/{k}.yaml": v for k, v in ORGANISATIONS.items()}
    return write(tmp_path / "project", files)


def _text(root: Path, target: str, lang: str = "en") -> str:
    """A document's text as rendered (the HTML both writers consume), blocks on lines."""
    project = load_project(root)
    doc = Renderer(project).render(DocumentRef(*target.split("/")), lang)
    tree = html.document_fromstring(doc.html)
    body = tree.find("body")
    assert body is not None
    for element in body.iter("p", "li", "td", "th", "br", "h1", "h2", "h3", "h4"):
        element.tail = "\n" + (element.tail or "")
    text = body.text_content().replace(i18n.FSI, "").replace(i18n.PDI, "")
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


# -- sections earn their place ----------------------------------------------------------


def test_speaker_without_statements_says_who_and_where(tmp_path: Path) -> None:
    root = _project(tmp_path)
    run = briefgen("build", "speakers/li-wei", "--format", "pdf", cwd=root)
    assert run.code == 0, run.output
    text = pdf_text(root / "build/en/speakers/li-wei.pdf")
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert lines[0].replace(" ", "") == "SPEAKERSUMMARY·OFFICE"  # letter-spaced capitals
    assert lines[1:8] == [
        "Li Wei",
        "Judge",
        "Nigeria",
        "Participation",
        "Took part in one session at one event.",
        "Date Event Session Role",
        "3 May 2024 Forum on Justice for Children Panel Speaker",
    ]
    assert "Statements" not in text and "Biography" not in text and "None" not in text


def test_roles_chair_speaker_and_statement(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert "2 May 2024\nForum on Justice for Children\nOpening\nChair" in _text(
        root, "speakers/chair-person"
    )
    assert "Opening\nSpeaker and two statements" in _text(root, "speakers/ana-berg")
    floor = _text(root, "speakers/floor-voice")
    assert "Took part in one event.\n" in floor
    assert "2 May 2024\nForum on Justice for Children\nOne statement" in floor


def test_empty_sections_and_their_contents_entries_are_left_out(tmp_path: Path) -> None:
    root = _project(tmp_path)
    report = _text(root, "events/forum")
    contents = report.split("Contents\n", 1)[1].split("\nAgenda\n", 1)[0]
    assert contents.splitlines() == [
        "Agenda",
        "Opening",
        "Panel",
        "Statements",
        "Participating countries",  # no programme: the heading does not promise one
        "List of speakers",
    ]
    for absent in ("Summary", "Key messages", "Outcomes", "Sources", "Programmes", "None"):
        assert f"\n{absent}\n" not in report
    sheet = _text(root, "countries/NGA")  # no file: only what the content says
    assert [
        line
        for line in sheet.splitlines()
        if line
        in {
            "Summary",
            "Key facts",
            "Contacts",
            "Partnership and programmes",
            "Events and delegations",
        }
    ] == ["Events and delegations"]


# -- participation told ---------------------------------------------------------------


def test_country_sheet_names_its_delegation(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert _text(root, "countries/NGA").endswith(
        "Delegation: two speakers\nKofi Mensah, Prosecutor\nLi Wei, Judge"
    )
    austria = _text(root, "countries/AUT")
    assert "Delegation: one speaker\nH.E. Ms. Ana Berg, Minister of Foreign Affairs\n" in austria
    assert "“We act now.”\nH.E. Ms. Ana Berg\n" in austria


def test_each_session_names_its_speakers(tmp_path: Path) -> None:
    report = _text(_project(tmp_path), "events/forum")
    assert "Opening\n2 May 2024 · Chair: Chair Person\nSpeaker: H.E. Ms. Ana Berg\n" in report
    assert "Panel\n3 May 2024\nSpeakers: Li Wei, Kofi Mensah and Nadia Karim\n" in report
    assert "Nigeria\nTwo speakers\n" in report and "Indonesia\nOne speaker\n" in report


@pytest.mark.parametrize(
    ("lang", "one", "two", "many"),
    [
        ("en", "Delegation: one speaker", "Delegation: two speakers", "Delegation: 11 speakers"),
        (
            "fr",
            "Délégation : 1 intervenant",
            "Délégation : 2 intervenants",
            "Délégation : 11 intervenants",
        ),
        ("ru", "Делегация: 1 выступающий", "Делегация: 2 выступающих", "Делегация: 11 выступающих"),
        # Arabic names one and two without a figure: the dual is "two speakers" by itself.
        ("ar", "الوفد: متكلم واحد", "الوفد: متكلمان", "الوفد: 11 متكلمًا"),
        ("zh", "代表团：1名发言者", "代表团：2名发言者", "代表团：11名发言者"),
    ],
)
def test_delegation_counts_have_their_grammatical_number(
    tmp_path: Path, lang: str, one: str, two: str, many: str
) -> None:
    speakers = [f"p{i}" for i in range(11)]
    event = (
        "title: Meeting\nstart: 2024-05-02\nsessions:\n"
        "  - id: a\n    title: A\n    speakers: [solo, duo-1, duo-2]\n"
        f"  - id: b\n    title: B\n    speakers: [{', '.join(speakers)}]\n"
    )
    files = {
        "content/speakers/solo.yaml": "name: Solo\nposition: X\ncountry: AUT\n",
        "content/speakers/duo-1.yaml": "name: Duo One\nposition: X\ncountry: IDN\n",
        "content/speakers/duo-2.yaml": "name: Duo Two\nposition: X\ncountry: IDN\n",
    } | {
        f"content/speakers/{p}.yaml": f"name: P {p}\nposition: X\ncountry: NGA\n" for p in speakers
    }
    root = write(
        tmp_path / "project",
        {
            "briefgen.yaml": f"title: Office\nlanguages: [en, {lang}]\n"
            if lang != "en"
            else "title: Office\n",
            "content/events/meeting.yaml": event,
            **files,
        },
    )
    assert one in _text(root, "countries/AUT", lang)
    assert two in _text(root, "countries/IDN", lang)
    assert many in _text(root, "countries/NGA", lang)


# -- UN house style -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "day", "days"),
    [
        ("en", "10 March 2021", "10–12 March 2021"),
        ("en-GB", "10 March 2021", "10\u2009–\u200912 March 2021"),
        ("en-US", "March 10, 2021", "March 10\u2009–\u200912, 2021"),
        ("fr", "10 mars 2021", "10–12 mars 2021"),
        ("ru", "10 марта 2021\u202fг.", "10—12 марта 2021\u202fг."),
        ("zh", "2021年3月10日", "2021年3月10日\u2009–\u200912日"),
    ],
)
def test_dates_are_cldr_long_dates_and_un_style_in_english(lang: str, day: str, days: str) -> None:
    import datetime as dt

    start, end = dt.date(2021, 3, 10), dt.date(2021, 3, 12)
    assert i18n.format_date(start, lang) == day
    assert i18n.format_date_range(start, end, lang) == days


def test_ranges_across_months_write_months_in_full() -> None:
    import datetime as dt

    start, end = dt.date(2021, 3, 30), dt.date(2021, 4, 2)
    assert i18n.format_date_range(start, end, "en") == "30 March\u2009–\u20092 April 2021"
    assert i18n.format_date_range(start, end, "fr") == "30 mars\u2009–\u20092 avril 2021"


@pytest.mark.parametrize(
    ("lang", "times"),
    [
        ("en", ["midnight", "9.15 a.m.", "10 a.m.", "noon", "12.30 p.m.", "3 p.m."]),
        (
            "en-US",
            [
                "12:00\u202fAM",
                "9:15\u202fAM",
                "10:00\u202fAM",
                "12:00\u202fPM",
                "12:30\u202fPM",
                "3:00\u202fPM",
            ],
        ),
        ("fr", ["00:00", "09:15", "10:00", "12:00", "12:30", "15:00"]),
    ],
)
def test_times_of_day_are_un_style_in_english(lang: str, times: list[str]) -> None:
    import datetime as dt

    clock = [dt.time(0), dt.time(9, 15), dt.time(10), dt.time(12), dt.time(12, 30), dt.time(15)]
    assert [i18n.format_clock(t, lang) for t in clock] == times


def test_counts_are_spelled_out_one_to_nine_in_english() -> None:
    assert [i18n.format_count(n, "en") for n in (1, 2, 9, 10, 1200)] == [
        "one",
        "two",
        "nine",
        "10",
        "1,200",
    ]
    assert [i18n.format_count(n, "en-US") for n in (3, 0)] == ["three", "0"]
    assert [i18n.format_count(n, "fr") for n in (1, 1200)] == ["1", "1\u202f200"]


def test_credit_lines_do_not_repeat_themselves() -> None:
    ministry = [["Ministry of Foreign Affairs of the Republic of Kazakhstan"]]
    assert credit_line("Minister of Foreign Affairs", ministry, "Kazakhstan") == [
        "Minister of Foreign Affairs",
        "Kazakhstan",
    ]
    agency = [["National Counterterrorism Agency of Indonesia", "BNPT"]]
    assert credit_line("Deputy Head", agency, "Indonesia") == [
        "Deputy Head",
        "National Counterterrorism Agency of Indonesia",
    ]
    unodc = [["Division for Operations"], ["United Nations Office on Drugs and Crime", "UNODC"]]
    assert credit_line("Director, Division for Operations", unodc, None) == [
        "Director, Division for Operations",
        "United Nations Office on Drugs and Crime",
    ]
    assert credit_line("Minister of Justice", [["Ministry of Foreign Affairs"]], "Chile") == [
        "Minister of Justice",
        "Ministry of Foreign Affairs",
        "Chile",
    ]
    # An acronym counts as a word only: "EU" is not named by "Europe".
    assert credit_line("Head of Europe Desk", [["European Union", "EU"]], None) == [
        "Head of Europe Desk",
        "European Union",
    ]


def test_credit_lines_in_documents(tmp_path: Path) -> None:
    report = _text(_project(tmp_path), "events/forum")
    assert (
        "H.E. Ms. Ana Berg\nMinister of Foreign Affairs\nAustria\n"
        "Nadia Karim\nDeputy Head for International Cooperation\n"
        "National Counterterrorism Agency of Indonesia\n"
    ) in report.split("List of speakers\n")[-1]
    assert "“We act now.”\nH.E. Ms. Ana Berg, Minister of Foreign Affairs, Austria\n" in report


# -- languages with a region ------------------------------------------------------------


def test_region_tags_are_accepted_and_fall_back_to_the_base_language(tmp_path: Path) -> None:
    event = EVENT.replace(
        "title: Forum on Justice for Children",
        "title:\n  en: Forum on Justice for Children\n  fr: Forum sur la justice pour enfants",
    )
    config = "title: Office\nlanguages: [en-GB, fr-CA, es-419, zh-Hant]\n"
    root = _project(tmp_path, config, event)
    run = briefgen("check", cwd=root)
    assert run.code == 0, run.output
    assert "fr-CA" not in run.output  # the fr text serves fr-CA: no missing translation
    assert run.output.count("[missing-translation]") == 2  # es-419 and zh-Hant lack it
    canada = _text(root, "events/forum", "fr-CA")
    assert "Forum sur la justice pour enfants\n2–3 mai 2024\n" in canada
    assert "Table des matières" in canada  # French labels
    britain = _text(root, "events/forum", "en-GB")  # thin spaces around the dash, as spaces
    assert "Forum on Justice for Children\n2 – 3 May 2024\n" in britain


@pytest.mark.parametrize("tag", ["en-XX", "EN", "en_US", "english", "fr-ca"])
def test_malformed_language_tags_are_refused(tmp_path: Path, tag: str) -> None:
    root = _project(tmp_path, f"title: Office\nlanguages: [en, {tag}]\n")
    run = briefgen("check", cwd=root)
    assert run.code == 1
    assert (
        f'briefgen.yaml:2:17: error: "{tag}" is not an ISO 639-1 language code '
        "(two lower-case letters, e.g. en, fr, ar) [language]"
    ) in run.output


# -- the graph's queries ----------------------------------------------------------------


def test_participation_lists_every_session_with_roles(tmp_path: Path) -> None:
    graph = load_project(_project(tmp_path)).graph
    table = {
        speaker: [
            (p.date.isoformat(), p.session.id if p.session else None, p.roles, len(p.statements))
            for p in graph.participation(speaker)
        ]
        for speaker in sorted(graph.speakers)
    }
    assert table == {
        "ana-berg": [("2024-05-02", "opening", ("speaker",), 2)],
        "chair-person": [("2024-05-02", "opening", ("chair",), 0)],
        "floor-voice": [("2024-05-02", None, ("statement",), 1)],
        "kofi-mensah": [("2024-05-03", "panel", ("speaker",), 0)],
        "li-wei": [("2024-05-03", "panel", ("speaker",), 0)],
        "nadia-karim": [("2024-05-03", "panel", ("speaker",), 0)],
    }


def test_delegation_is_a_countrys_speakers_at_an_event(tmp_path: Path) -> None:
    graph = load_project(_project(tmp_path)).graph
    event = graph.events["forum"]
    assert [s.id for s in graph.delegation(event, "NGA")] == ["kofi-mensah", "li-wei"]
    assert [s.id for s in graph.delegation(event, "AUT")] == ["ana-berg"]
    assert graph.delegation(event, "JPN") == []


def test_a_facts_column_with_nothing_in_it_is_left_out(tmp_path: Path) -> None:
    """No fact has a source: the Source column goes, rather than print empty cells."""
    root = _project(tmp_path)
    country = root / "content/countries/NGA.yaml"
    country.parent.mkdir(parents=True, exist_ok=True)
    country.write_text("facts:\n  - {label: Population, value: 218541212, year: 2022}\n")
    assert "Indicator\nValue\nPopulation\n218,541,212 (2022)" in _text(root, "countries/NGA")
    country.write_text(
        "facts:\n  - {label: Population, value: 218541212, year: 2022, source: World Bank}\n"
    )
    assert "Indicator\nValue\nSource\nPopulation\n218,541,212 (2022)\nWorld Bank" in _text(
        root, "countries/NGA"
    )


def _agenda(root: Path, lang: str = "en") -> tuple[set[str], list[str], list[list[str]], list[str]]:
    """The report's agenda as rendered: its classes, its head cells, its rows' cells, and each
    session's first line under its title (its first ``p.meta``: its time and chair, else its
    speakers)."""
    project = load_project(root)
    doc = Renderer(project).render(DocumentRef("events", "forum"), lang)
    tree = html.document_fromstring(doc.html)

    def text(node: html.HtmlElement) -> str:
        return " ".join(node.text_content().replace(i18n.FSI, "").replace(i18n.PDI, "").split())

    table = tree.find(".//table[@class]")
    assert table is not None and "agenda" in table.get("class", "")
    heads = [text(th) for th in table.iter("th")]
    rows = [[text(td) for td in tr.iter("td")] for tr in table.find("tbody").iter("tr")]
    lines = [
        text(section.find("p[@class='meta']"))
        if section.find("p[@class='meta']") is not None
        else ""
        for section in tree.iterfind(".//section[@class='session']")
    ]
    return set(table.get("class", "").split()), heads, rows, lines


PANEL_SPEAKERS = "Speakers: Li Wei, Kofi Mensah and Nadia Karim"


def test_an_agenda_of_several_days_gives_each_sessions_date(tmp_path: Path) -> None:
    """The forum runs over two days: the "When" column and each session's line give the
    session's date."""
    classes, heads, rows, lines = _agenda(_project(tmp_path))
    assert classes == {"agenda"}
    assert heads == ["When", "Session", "Speakers"]
    assert [row[0] for row in rows] == ["2 May 2024", "3 May 2024"]
    assert lines == ["2 May 2024 · Chair: Chair Person", "3 May 2024"]


def test_an_event_of_one_session_has_no_agenda_table(tmp_path: Path) -> None:
    """The table's one row would say what the session's heading and its lines say below it:
    the agenda is the session itself, its heading, chair, speakers and statements. An
    event of two sessions keeps its table."""
    one = EVENT.replace(
        "  - id: panel\n    title: Panel\n    date: 2024-05-03\n"
        "    speakers: [li-wei, kofi-mensah, nadia-karim]\n",
        "",
    )
    assert "panel" not in one
    root = _project(tmp_path, event=one)
    doc = Renderer(load_project(root)).render(DocumentRef("events", "forum"), "en")
    tree = html.document_fromstring(doc.html)
    agenda = tree.find(".//section[@id='agenda']")
    assert agenda is not None and agenda.find(".//table") is None
    assert [child.tag for child in agenda][:2] == ["h2", "section"]
    full = _text(root, "events/forum")
    text = full.rsplit("\nAgenda\n", 1)[1]  # the chapter, after the contents' entry
    assert text.startswith(
        "Opening\n2 May 2024 · Chair: Chair Person\nSpeaker: H.E. Ms. Ana Berg\n“We act now.”"
    ), text[:200]
    # the contents still lists the agenda and the session under it
    assert "Contents\nAgenda\nOpening\nStatements\n" in full


def test_an_agenda_of_one_day_does_not_repeat_its_date(tmp_path: Path) -> None:
    """An event of one day has its date on the cover. Without times, its agenda has no
    "When" column (each row said the same date) and its sessions' lines leave the date
    out: a session without a chair has no line at all. With times, the column and the
    lines give the times alone. The table is marked ``untimed`` when the column goes, so
    that the stylesheet's first-column width and no-wrap rule stay the dates' (a session's
    title wraps)."""
    one_day = EVENT.replace("end: 2024-05-03\n", "").replace("    date: 2024-05-03\n", "")
    root = _project(tmp_path, event=one_day)
    classes, heads, rows, lines = _agenda(root)
    assert classes == {"agenda", "untimed"}
    assert heads == ["Session", "Speakers"]
    assert [row[0] for row in rows] == ["Opening", "Panel"]
    assert lines == ["Chair: Chair Person", PANEL_SPEAKERS]  # the panel's first line: speakers
    assert "2 May 2024" not in _text(root, "events/forum").split("Agenda", 1)[1]

    timed = one_day.replace("    title: Opening\n", '    title: Opening\n    start: "09:30"\n')
    (root / "content/events/forum.yaml").write_text(timed, encoding="utf-8")
    classes, heads, rows, lines = _agenda(root)
    assert classes == {"agenda"}
    assert heads == ["When", "Session", "Speakers"]
    assert [row[0] for row in rows] == ["9.30 a.m.", ""]
    assert lines == ["9.30 a.m. · Chair: Chair Person", PANEL_SPEAKERS]
