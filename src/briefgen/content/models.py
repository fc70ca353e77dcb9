"""The entities of the content model: each field declared once, in YAML order.

These records are what validation checks a file against (content/declare.py derives
the field tables), what templates receive, what the JSON Schemas and the reference
tables of docs/content.md are made from. Every entity keeps ``source``, the
project-relative path of its file (None for a country that is only referenced), so
that later stages can point at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from briefgen.content import valuetypes as t
from briefgen.content.declare import declared, record
from briefgen.content.values import Number, Text

ORGANISATION_ID = t.ref("organisations", "organisation id")
SPEAKER_ID = t.ref("speakers", "speaker id")
PROGRAMME_ID = t.ref("programmes", "programme id")
ORGANISATION_KINDS = ("un", "government", "regional", "intergovernmental", "civil-society", "other")
_ID_DOC = "The file's id, repeated (optional); it must match the file name."


def surname(name: Text, language: str) -> str:
    """The default ``sort_name``: the last word of the name in the default language
    (else its first)."""
    last = name.plain if name.plain is not None else name.translations[0][1]
    for lang, value in name.translations:
        if lang == language:
            last = value
    return last.split()[-1] if last.split() else last


_EVERYWHERE_ORG = "everywhere the organisation is named"
_ORG_TABLE = "report: organisers and partners"


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """An organisation: a UN office, a government body, a donor, a partner."""

    id: str = declared(t.SLUG, doc=_ID_DOC)
    source: str
    name: Text = declared(t.TEXT, required=True, doc="Its full name.", printed_in=_EVERYWHERE_ORG)
    acronym: Text | None = declared(t.TEXT, doc="Its acronym.", printed_in=_ORG_TABLE)
    kind: str | None = declared(
        t.enum(*ORGANISATION_KINDS),
        doc="What kind of body it is.",
        printed_in="metadata only: a classification for custom templates",
    )
    country: str | None = declared(
        t.COUNTRY,
        doc="The country of a government body.",
        printed_in="metadata only: the country of a government body, for custom templates",
    )
    parent: str | None = declared(
        ORGANISATION_ID,
        doc="The organisation it is part of.",
        printed_in="credit lines: the parent is printed when the position names the unit",
    )
    url: str | None = declared(t.URL, doc="Its web address.", printed_in=_ORG_TABLE)
    logo: str | None = declared(
        t.ASSET,
        doc="Its logo, an asset.",
        printed_in="report: cover, for the publisher (`theme.logo` replaces it)",
    )
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


_PROGRAMMES = "report: programmes; country sheet: programmes"
_YEARS = 'report and country sheet: "2022–2025", "since 2022", "until 2025"'


@dataclass(frozen=True, kw_only=True)
class Programme:
    """A programme or initiative."""

    id: str = declared(t.SLUG, doc=_ID_DOC)
    source: str
    name: Text = declared(t.TEXT, required=True, doc="Its full name.", printed_in=_PROGRAMMES)
    acronym: Text | None = declared(t.TEXT, doc="Its acronym.", printed_in=_PROGRAMMES)
    lead: str | None = declared(
        ORGANISATION_ID,
        doc="The organisation that leads it.",
        printed_in='report and country sheet: "led by"',
    )
    funders: tuple[str, ...] = declared(
        t.list_of(t.ORGANISATION_OR_COUNTRY, "organisation ids or country codes", unique=True),
        doc="Who funds it: organisations, or countries by code.",
        printed_in='report: programmes; country sheet: "funder"',
    )
    countries: tuple[str, ...] = declared(
        t.list_of(t.COUNTRY, "country codes", unique=True),
        doc="The countries it works in.",
        printed_in='report: programmes; country sheet: "funder"',
    )
    start: int | None = declared(t.YEAR, doc="The year it starts.", printed_in=_YEARS)
    end: int | None = declared(t.YEAR, doc="The year it ends.", printed_in=_YEARS)
    summary: Text | None = declared(
        t.MARKDOWN, doc="What it does.", printed_in="report: programmes"
    )
    url: str | None = declared(t.URL, doc="Its web address.", printed_in="report: programmes")
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


_NAMED = "everywhere the speaker is named"
_CREDIT = "speaker summary; credit lines; report: list of speakers"


@dataclass(frozen=True, kw_only=True)
class Speaker:
    """A person who speaks or chairs at events."""

    id: str = declared(t.SLUG, doc=_ID_DOC)
    source: str
    name: Text = declared(
        t.TEXT, required=True, doc="The name as printed, without honorific.", printed_in=_NAMED
    )
    honorific: Text | None = declared(
        t.TEXT, doc="Printed before the name (H.E. Mr.).", printed_in=_NAMED
    )
    sort_name: str = declared(
        t.STRING,
        doc="The name lists of speakers are sorted by.",
        printed_in="metadata only: the alphabetical order of lists of speakers",
        default_from="name",
        derive=surname,
        documented_default="the last word of the name",
    )
    position: Text = declared(t.TEXT, required=True, doc="The post they hold.", printed_in=_CREDIT)
    organisation: str | None = declared(
        ORGANISATION_ID, doc="The organisation they work for.", printed_in=_CREDIT
    )
    country: str | None = declared(t.COUNTRY, doc="The country they represent.", printed_in=_CREDIT)
    bio: Text | None = declared(
        t.MARKDOWN, doc="A short biography.", printed_in="speaker summary: biography"
    )
    photo: str | None = declared(
        t.ASSET, doc="A portrait, an asset.", printed_in="speaker summary: portrait"
    )
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


_PARTNERSHIP = "country sheet: partnership and programmes"


@dataclass(frozen=True, kw_only=True)
class Partnership:
    """The country's partnership with the office."""

    since: int | None = declared(t.YEAR, doc="The year it began.", printed_in=_PARTNERSHIP)
    areas: tuple[Text, ...] = declared(
        t.list_of(t.TEXT, "texts"), doc="The areas of work.", printed_in=_PARTNERSHIP
    )
    programmes: tuple[str, ...] = declared(
        t.list_of(PROGRAMME_ID, "programme ids", unique=True),
        doc="The programmes it takes part in.",
        printed_in=_PARTNERSHIP,
    )


_FACTS = 'country sheet: key facts ("4,321.5 people (2020)")'


@dataclass(frozen=True)  # not kw_only: its YAML order puts the required keys first
class Fact:
    """One key fact; facts of one label with numbers in three or more years are a series."""

    label: Text = declared(t.TEXT, required=True, doc="What is counted.", printed_in=_FACTS)
    value: Number | Text = declared(
        t.NUMBER_OR_TEXT, required=True, doc="The figure, or a text.", printed_in=_FACTS
    )
    unit: Text | None = declared(t.TEXT, doc="The unit of the value.", printed_in=_FACTS)
    year: int | None = declared(t.YEAR, doc="The year the value is for.", printed_in=_FACTS)
    source: Text | None = declared(t.TEXT, doc="Where the value comes from.", printed_in=_FACTS)


_CONTACTS = "country sheet: contacts"


@dataclass(frozen=True, kw_only=True)
class Contact:
    """A contact person for the country."""

    name: Text | None = declared(t.TEXT, doc="Their name.", printed_in=_CONTACTS)
    position: Text | None = declared(t.TEXT, doc="The post they hold.", printed_in=_CONTACTS)
    organisation: str | None = declared(
        ORGANISATION_ID, doc="The organisation they work for.", printed_in=_CONTACTS
    )
    email: str | None = declared(t.EMAIL, doc="Their e-mail address.", printed_in=_CONTACTS)


_SHEET = "country sheet (the name everywhere the country is named)"


@dataclass(frozen=True, kw_only=True)
class Country:
    """A country; ``source`` is None when it has no file and is only referenced."""

    id: str = declared(t.STRING, doc="The file's ISO 3166-1 alpha-3 code, repeated (optional).")
    source: str | None
    name: Text | None = declared(
        t.TEXT,
        doc="Its name (default: the UN's short name in the six UN languages, CLDR's in others).",
        printed_in=_SHEET,
    )
    region: Text | None = declared(t.TEXT, doc="The region it belongs to.", printed_in=_SHEET)
    summary: Text | None = declared(
        t.MARKDOWN, doc="The office's work with the country.", printed_in=_SHEET
    )
    partnership: Partnership | None = declared(
        record(Partnership), doc="The partnership with the office."
    )
    facts: tuple[Fact, ...] = declared(
        t.list_of(record(Fact, item=True), "facts"), doc="Key facts."
    )
    contacts: tuple[Contact, ...] = declared(
        t.list_of(record(Contact, item=True), "contacts"),
        doc="Contact people.",
    )
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def has_file(self) -> bool:
        return self.source is not None


_COVER = "report: cover"


@dataclass(frozen=True, kw_only=True)
class Venue:
    """Where the event took place; each key optional."""

    name: Text | None = declared(t.TEXT, doc="The building or hall.", printed_in=_COVER)
    city: Text | None = declared(t.TEXT, doc="The city.", printed_in=_COVER)
    country: str | None = declared(t.COUNTRY, doc="The country.", printed_in=_COVER)


_WHEN = (
    'report: agenda ("When") and the line under the session\'s heading, the date only for an '
    "event of several days (an event of one day has its date on the cover; without times, its "
    'agenda has no "When" column); speaker summary: participation (date)'
)
_AGENDA = "agenda (an event of two sessions or more: one session has no agenda table)"


@dataclass(frozen=True, kw_only=True)
class Session:
    """One session of the event, in running order."""

    id: str = declared(
        t.SLUG,
        required=True,
        doc="The session's id, unique in the event; statements name it.",
        printed_in="metadata only: the session's anchor, for links and references",
    )
    title: Text = declared(
        t.TEXT,
        required=True,
        doc="The session's title.",
        printed_in=f"report: {_AGENDA}, contents and the session's heading; speaker "
        "summary: participation",
    )
    date: dt.date = declared(
        t.DATE,
        doc="The day of the session.",
        printed_in=_WHEN,
        default_from="../start",
        documented_default="the event's start",
    )
    start: dt.time | None = declared(t.TIME, doc="When it starts.", printed_in=_WHEN)
    end: dt.time | None = declared(t.TIME, doc="When it ends.", printed_in=_WHEN)
    chair: str | None = declared(
        SPEAKER_ID,
        doc="Who chairs it.",
        printed_in='report: "Chair:" under the session\'s heading; speaker summary: role "chair"',
    )
    speakers: tuple[str, ...] = declared(
        t.list_of(SPEAKER_ID, "speaker ids", unique=True),
        doc="Who speaks, in speaking order.",
        printed_in=f'report: {_AGENDA} and "Speakers:" under the session\'s heading; '
        'speaker summary: role "speaker"',
    )
    summary: Text | None = declared(
        t.MARKDOWN, doc="What was said and decided.", printed_in="report: the session's section"
    )


@dataclass(frozen=True, kw_only=True)
class Statement:
    """Something a speaker said at the event."""

    speaker: str = declared(
        SPEAKER_ID,
        required=True,
        doc="Who said it.",
        printed_in="report: attribution; country sheet: its delegation's statements; speaker "
        "summary",
    )
    session: str | None = declared(
        t.SLUG,
        doc="The session of this event it was said in.",
        printed_in="report: the session's section; speaker summary: the session's heading over "
        "the statement",
    )
    quote: Text = declared(
        t.TEXT,
        required=True,
        doc="What was said.",
        printed_in="report; country sheet; speaker summary",
    )
    verbatim: bool = declared(
        t.BOOLEAN,
        default=True,
        doc="True: the speaker's own words, in quotation marks; false: reported speech, "
        "printed after the speaker's name (alone, its first letter a capital, in their own "
        "summary).",
        printed_in="report, sheet and summary: in quotation marks (true) or as reported speech "
        "(false)",
    )
    topics: tuple[str, ...] = declared(
        t.list_of(t.STRING, "strings"),
        doc="Tags for the statement.",
        printed_in="speaker summary: tags under the statement",
    )


_SOURCES = "report: sources"


@dataclass(frozen=True, kw_only=True)
class SourceRef:
    """A source the report is based on."""

    title: Text = declared(t.TEXT, required=True, doc="Its title.", printed_in=_SOURCES)
    url: str | None = declared(t.URL, doc="Where to find it.", printed_in=_SOURCES)
    date: dt.date | None = declared(t.DATE, doc="Its date.", printed_in=_SOURCES)


_DATES = (
    'report: cover (a range: "10–12 March 2021"); sheets and summaries: under the event\'s heading'
)


@dataclass(frozen=True, kw_only=True)
class Event:
    """An event: a meeting, a conference, a special event, with its sessions and
    statements."""

    id: str = declared(t.SLUG, doc=_ID_DOC)
    source: str
    title: Text = declared(
        t.TEXT,
        required=True,
        doc="The event's full title.",
        printed_in="report: cover, running title when there is no `short_title`; country "
        "sheet and speaker summary: event headings",
    )
    short_title: Text | None = declared(
        t.TEXT,
        doc="A short title for running headers.",
        printed_in="report: running title; speaker summary: participation table",
    )
    kind: Text | None = declared(t.TEXT, doc="What kind of event it is.", printed_in=_COVER)
    parent: Text | None = declared(
        t.TEXT,
        doc="The conference or meeting it is part of.",
        printed_in="report: cover; country sheet and speaker summary: under the event's heading",
    )
    start: dt.date = declared(t.DATE, required=True, doc="The first day.", printed_in=_DATES)
    end: dt.date = declared(
        t.DATE,
        doc="The last day.",
        printed_in=_DATES,
        default_from="start",
        documented_default="the start",
    )
    venue: Venue | None = declared(record(Venue), doc="Where it took place.")
    organisers: tuple[str, ...] = declared(
        t.list_of(ORGANISATION_ID, "organisation ids", unique=True),
        doc="The organisations that organised it.",
        printed_in="report: organisers and partners (name, acronym, web address)",
    )
    partners: tuple[str, ...] = declared(
        t.list_of(t.ORGANISATION_OR_COUNTRY, "organisation ids or country codes", unique=True),
        doc="Partner organisations, or governments by country code.",
        printed_in="report: organisers and partners, countries' roles; country sheet: role at "
        "the event",
    )
    programmes: tuple[str, ...] = declared(
        t.list_of(PROGRAMME_ID, "programme ids", unique=True),
        doc="The programmes it belongs to.",
        printed_in="report: programmes",
    )
    summary: Text | None = declared(t.MARKDOWN, doc="What happened.", printed_in="report: summary")
    sessions: tuple[Session, ...] = declared(
        t.list_of(record(Session, item=True), "sessions"),
        doc="The sessions, in running order.",
    )
    statements: tuple[Statement, ...] = declared(
        t.list_of(record(Statement, item=True), "statements"),
        doc="What speakers said.",
    )
    key_messages: tuple[Text, ...] = declared(
        t.list_of(t.TEXT, "texts"), doc="The key messages.", printed_in="report"
    )
    outcomes: tuple[Text, ...] = declared(
        t.list_of(t.TEXT, "texts"), doc="What the event achieved.", printed_in="report"
    )
    sources: tuple[SourceRef, ...] = declared(
        t.list_of(record(SourceRef, item=True), "sources"),
        doc="The sources of the report.",
    )
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)


ENTITIES: dict[str, type] = {
    "events": Event,
    "speakers": Speaker,
    "countries": Country,
    "organisations": Organisation,
    "programmes": Programme,
}
"""The entity kinds, in the order their folders are read and their documents listed."""
