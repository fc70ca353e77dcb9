"""The entities of the content model, as validated, immutable records.

Every entity keeps ``source``, the project-relative path of its file (None for
a country that is only referenced), so that later stages can point at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from briefgen.content.values import Number, Text


@dataclass(frozen=True)
class Organisation:
    id: str
    source: str
    name: Text
    acronym: Text | None = None
    kind: str | None = None
    country: str | None = None
    parent: str | None = None
    url: str | None = None
    logo: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Programme:
    id: str
    source: str
    name: Text
    acronym: Text | None = None
    lead: str | None = None
    funders: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None
    summary: Text | None = None
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Speaker:
    id: str
    source: str
    name: Text
    position: Text
    sort_name: str = ""
    honorific: Text | None = None
    organisation: str | None = None
    country: str | None = None
    bio: Text | None = None
    photo: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Partnership:
    since: int | None = None
    areas: tuple[Text, ...] = ()
    programmes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    label: Text
    value: Number | Text
    unit: Text | None = None
    year: int | None = None
    source: Text | None = None


@dataclass(frozen=True)
class Contact:
    name: Text | None = None
    position: Text | None = None
    organisation: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Country:
    """A country; ``source`` is None when it has no file and is only referenced."""

    id: str
    source: str | None
    name: Text | None = None
    region: Text | None = None
    summary: Text | None = None
    partnership: Partnership | None = None
    facts: tuple[Fact, ...] = ()
    contacts: tuple[Contact, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def has_file(self) -> bool:
        return self.source is not None


@dataclass(frozen=True)
class Venue:
    name: Text | None = None
    city: Text | None = None
    country: str | None = None


@dataclass(frozen=True)
class Session:
    id: str
    title: Text
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    chair: str | None = None
    speakers: tuple[str, ...] = ()
    summary: Text | None = None


@dataclass(frozen=True)
class Statement:
    speaker: str
    quote: Text
    session: str | None = None
    verbatim: bool = True
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceRef:
    title: Text
    url: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Event:
    id: str
    source: str
    title: Text
    start: dt.date
    end: dt.date
    short_title: Text | None = None
    kind: Text | None = None
    parent: Text | None = None
    venue: Venue | None = None
    organisers: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    summary: Text | None = None
    sessions: tuple[Session, ...] = ()
    statements: tuple[Statement, ...] = ()
    key_messages: tuple[Text, ...] = ()
    outcomes: tuple[Text, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)
