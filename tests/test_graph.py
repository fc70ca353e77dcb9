"""ContentGraph queries, on the sample project (the repository root) and on tests/roots/graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.content.graph import ContentGraph
from briefgen.content.project import load_project
from conftest import REPO_ROOT, ROOTS, make_project


@pytest.fixture(scope="module")
def sample() -> ContentGraph:
    project = load_project(REPO_ROOT)
    assert [d.format() for d in project.diagnostics] == []
    return project.graph


@pytest.fixture(scope="module")
def graph() -> ContentGraph:
    project = load_project(ROOTS / "graph")
    assert [d.format() for d in project.diagnostics] == []
    return project.graph


# -- the sample: UNODC special event, Kyoto, 10 March 2021 ---------------------------------


def test_sample_holds_the_seeds_entities(sample: ContentGraph) -> None:
    assert list(sample.events) == ["kyoto-2021-roadmap-children"]
    assert len(sample.speakers) == 8
    assert list(sample.countries) == ["AUT", "IDN", "IRQ", "JPN", "KAZ", "NGA"]
    assert sorted(sample.programmes) == ["gp-end-vac", "strive-juvenile", "unodc-roadmap"]
    assert sample.referenced_only_countries() == []


def test_statements_by_speaker(sample: ContentGraph) -> None:
    event = sample.events["kyoto-2021-roadmap-children"]
    found = sample.statements_by("faiq-zidan")
    assert [(s.event.id, s.session and s.session.id, s.index) for s in found] == [
        (event.id, "strive-juvenile", 5),
        (event.id, "strive-juvenile", 6),
    ]
    assert [s.statement.verbatim for s in found] == [True, False]
    assert found[0].statement.quote.plain is not None
    assert found[0].statement.quote.plain.startswith("the Supreme Judicial Council in Iraq")
    assert [s.session and s.session.id for s in sample.statements_by("miwa-kato")] == ["opening"]
    assert sample.statements_by("no-such-speaker") == []


def test_every_statement_belongs_to_its_speaker(sample: ContentGraph) -> None:
    for speaker_id in sample.speakers:
        for entry in sample.statements_by(speaker_id):
            assert entry.statement.speaker == speaker_id
    total = sum(len(sample.statements_by(s)) for s in sample.speakers)
    assert total == len(sample.events["kyoto-2021-roadmap-children"].statements) == 9


@pytest.mark.parametrize(
    ("code", "roles", "speakers"),
    [
        ("JPN", ("venue", "partner", "speaker"), ["mari-miyoshi"]),
        ("AUT", ("partner",), []),
        ("IDN", ("partner", "speaker"), ["andhika-chrisnayudhanto"]),
        ("KAZ", ("speaker",), ["talgat-kaliyev"]),
        ("IRQ", ("speaker",), ["faiq-zidan"]),
        ("NGA", ("speaker",), ["mairo-abbas", "yem-musa"]),  # Abbas before Musa
    ],
)
def test_events_of_a_country_and_how(
    sample: ContentGraph, code: str, roles: tuple[str, ...], speakers: list[str]
) -> None:
    [found] = sample.events_of_country(code)
    assert found.event.id == "kyoto-2021-roadmap-children"
    assert found.roles == roles
    assert [s.id for s in found.speakers] == speakers


def test_a_country_that_took_no_part_has_no_events(sample: ContentGraph) -> None:
    assert sample.events_of_country("FRA") == []


@pytest.mark.parametrize(
    ("code", "programmes"),
    [
        ("KAZ", ["gp-end-vac"]),  # its partnership (and the programme's countries)
        ("IDN", ["strive-juvenile"]),
        ("IRQ", ["strive-juvenile"]),
        ("NGA", ["strive-juvenile"]),
        ("AUT", []),
        ("JPN", []),
    ],
)
def test_programmes_of_a_country(sample: ContentGraph, code: str, programmes: list[str]) -> None:
    assert [p.id for p in sample.programmes_of_country(code)] == programmes


def test_session_speakers_in_speaking_order(sample: ContentGraph) -> None:
    event = sample.events["kyoto-2021-roadmap-children"]
    by_session = {s.id: [p.id for p in sample.session_speakers(event, s)] for s in event.sessions}
    assert by_session == {
        "opening": ["miwa-kato", "mari-miyoshi"],
        "roadmap-results": ["talgat-kaliyev"],
        "strive-juvenile": [
            "hilde-hardeman",
            "andhika-chrisnayudhanto",
            "faiq-zidan",
            "yem-musa",
            "mairo-abbas",
        ],
    }


def test_sample_speakers_in_alphabetical_order(sample: ContentGraph) -> None:
    # sort_name defaults to the last word of the name; Mr. Andhika sorts under "Andhika"
    assert [s.id for s in sample.speakers_sorted()] == [
        "mairo-abbas",
        "andhika-chrisnayudhanto",
        "hilde-hardeman",
        "talgat-kaliyev",
        "miwa-kato",
        "mari-miyoshi",
        "yem-musa",
        "faiq-zidan",
    ]


def test_event_countries_and_organisation_chain(sample: ContentGraph) -> None:
    event = sample.events["kyoto-2021-roadmap-children"]
    assert sample.event_countries(event) == ["AUT", "IDN", "IRQ", "JPN", "KAZ", "NGA"]
    chain = sample.organisation_chain("unodc-division-for-operations")
    assert [o.id for o in chain] == ["unodc-division-for-operations", "unodc"]


# -- tests/roots/graph: diacritics, referenced-only countries, chairs ----------------------


def test_speakers_sort_with_diacritics_among_their_base_letters(graph: ContentGraph) -> None:
    ordered = [s.sort_name for s in graph.speakers_sorted()]
    # Code-point order would put Ängström and Øster after Zulu.
    assert ordered == ["Adams", "Ängström", "Berg", "Olsen", "Øster", "Ozil", "Zulu"]


def test_sort_is_case_insensitive(tmp_path: Path) -> None:
    speakers = {
        "content/speakers/a.yaml": "name: Anna de Vries\nposition: P\nsort_name: de Vries\n",
        "content/speakers/b.yaml": "name: Carl Dahl\nposition: P\n",
        "content/speakers/c.yaml": "name: Eva Émond\nposition: P\n",
        "content/speakers/d.yaml": "name: Finn Egan\nposition: P\n",
    }
    graph = load_project(make_project(tmp_path, speakers)).graph
    assert [s.sort_name for s in graph.speakers_sorted()] == ["Dahl", "de Vries", "Egan", "Émond"]


def test_countries_referenced_without_a_file(graph: ContentGraph) -> None:
    assert list(graph.countries) == ["DEU", "FRA", "NOR"]
    assert {c.id: c.has_file for c in graph.countries.values()} == {
        "DEU": False,  # a partner of an event and a funder of a programme
        "FRA": False,  # Bo Olsen's country
        "NOR": True,
    }
    assert [c.id for c in graph.referenced_only_countries()] == ["DEU", "FRA"]
    fra = graph.countries["FRA"]
    assert (fra.source, fra.name, fra.facts) == (None, None, ())


def test_a_referenced_only_country_takes_part_through_its_speakers(graph: ContentGraph) -> None:
    found = graph.events_of_country("FRA")
    assert [(e.event.id, e.roles, [s.id for s in e.speakers]) for e in found] == [
        ("spring-forum", ("speaker",), ["bo-olsen"]),
        ("oslo-round-table", ("speaker",), ["bo-olsen"]),
    ]
    assert [(e.event.id, e.roles) for e in graph.events_of_country("DEU")] == [
        ("oslo-round-table", ("partner",))
    ]
    assert [(e.event.id, e.roles) for e in graph.events_of_country("NOR")] == [
        ("oslo-round-table", ("venue", "speaker"))
    ]


def test_programmes_of_a_country_through_partnership_countries_and_funders(
    graph: ContentGraph,
) -> None:
    # NOR: justice-reform lists it; youth-dialogue only through NOR's partnership
    assert [p.id for p in graph.programmes_of_country("NOR")] == [
        "justice-reform",
        "youth-dialogue",
    ]
    assert [p.id for p in graph.programmes_of_country("DEU")] == ["justice-reform"]  # funder
    assert graph.programmes_of_country("FRA") == []


def test_statements_by_speaker_across_events_by_date(graph: ContentGraph) -> None:
    found = graph.statements_by("bo-olsen")
    assert [(s.event.id, s.session and s.session.id, s.index) for s in found] == [
        ("spring-forum", None, 0),
        ("oslo-round-table", "panel", 0),
        ("oslo-round-table", None, 2),
    ]


def test_session_speakers_chair_first_then_speaking_order(graph: ContentGraph) -> None:
    event = graph.events["oslo-round-table"]
    welcome, panel = event.sessions
    assert [s.id for s in graph.session_speakers(event, welcome)] == [
        "carl-adams",
        "ola-oster",
        "anna-angstrom",
    ]
    # speaking order, not alphabetical order
    assert [s.id for s in graph.session_speakers(event, panel)] == [
        "zoe-zulu",
        "bo-olsen",
        "eva-ozil",
        "hans-berg",
    ]
    assert panel.date.isoformat() == "2022-05-03"
    assert welcome.date.isoformat() == "2022-05-02"  # defaults to the event's start


def test_statements_in_a_session(graph: ContentGraph) -> None:
    event = graph.events["oslo-round-table"]
    welcome, panel = event.sessions
    assert [s.quote.plain for s in graph.statements_in(event, panel)] == [
        "First remark on the panel."
    ]
    assert [s.quote.plain for s in graph.statements_in(event, None)] == [
        "A closing remark outside any session."
    ]
    assert [s.speaker for s in graph.statements_in(event, welcome)] == ["ola-oster"]


def test_event_speakers_alphabetical(graph: ContentGraph) -> None:
    event = graph.events["oslo-round-table"]
    assert [s.sort_name for s in graph.event_speakers(event)] == [
        "Adams",
        "Ängström",
        "Berg",
        "Olsen",
        "Øster",
        "Ozil",
        "Zulu",
    ]
    assert graph.event_countries(event) == ["DEU", "FRA", "NOR"]


def test_an_entity_with_errors_is_left_out_of_the_graph(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "content/speakers/ann-lee.yaml": "name: Ann Lee\nposition: Director\n",
            "content/speakers/duplicate-key.yaml": "name: B\nposition: P\nname: C\n",
            "content/speakers/bad-tag.yaml": "name: !custom B\nposition: P\n",
            "content/speakers/bad-key.yaml": "name: B\nposition: P\ntitel: x\n",
        },
    )
    project = load_project(root)
    assert list(project.graph.speakers) == ["ann-lee"]
    assert project.invalid == {
        ("speakers", "duplicate-key"),
        ("speakers", "bad-tag"),
        ("speakers", "bad-key"),
    }
