"""ContentGraph: the validated, read-only model with the queries documents need."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, TypeVar

from briefgen.content.collation import collation_key
from briefgen.content.models import (
    Country,
    Event,
    Organisation,
    Programme,
    Session,
    Speaker,
    Statement,
)

_E = TypeVar("_E", Event, Speaker, Country, Organisation, Programme)
_INDEXES = frozenset({"events", "speakers", "countries", "organisations", "programmes"})
"""The graph's read-only indexes by id."""
Involvement = Literal["venue", "partner", "speaker"]
SessionRole = Literal["chair", "speaker", "statement"]


@dataclass(frozen=True)
class StatementInContext:
    """A statement with the event and session it was made in."""

    event: Event
    session: Session | None
    statement: Statement
    index: int
    """Position of the statement in its event's list, for stable ordering."""


@dataclass(frozen=True)
class CountryEvent:
    """An event a country took part in, and every way it did."""

    event: Event
    roles: tuple[Involvement, ...]
    speakers: tuple[Speaker, ...]


@dataclass(frozen=True)
class Participation:
    """One event, or one session of it, that a speaker took part in, and how.

    ``session`` is None for statements made outside any session. ``roles`` holds
    "chair" and "speaker" as the session lists them, and "statement" when the
    speaker made a recorded statement there without being listed.
    """

    event: Event
    session: Session | None
    roles: tuple[SessionRole, ...]
    statements: tuple[StatementInContext, ...]

    @property
    def date(self) -> dt.date:
        return self.session.date if self.session else self.event.start


@dataclass(frozen=True)
class ContentGraph:
    events: MappingProxyType[str, Event]
    speakers: MappingProxyType[str, Speaker]
    countries: MappingProxyType[str, Country]
    """Every country with a file and every country referenced without one."""
    organisations: MappingProxyType[str, Organisation]
    programmes: MappingProxyType[str, Programme]
    _by_speaker: dict[str, list[StatementInContext]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _by_country: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)
    _event_speakers: dict[tuple[str, str], tuple[Event, list[Speaker]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def build(
        cls,
        events: Iterable[Event],
        speakers: Iterable[Speaker],
        countries: Iterable[Country],
        organisations: Iterable[Organisation],
        programmes: Iterable[Programme],
    ) -> ContentGraph:
        def index(items: Iterable[_E]) -> MappingProxyType[str, _E]:
            return MappingProxyType({item.id: item for item in sorted(items, key=lambda i: i.id)})

        graph = cls(
            index(events),
            index(speakers),
            index(countries),
            index(organisations),
            index(programmes),
        )
        for event in sorted(graph.events.values(), key=lambda e: (e.start, e.id)):
            for i, statement in enumerate(event.statements):
                entry = StatementInContext(
                    event,
                    event.session(statement.session) if statement.session else None,
                    statement,
                    i,
                )
                graph._by_speaker.setdefault(statement.speaker, []).append(entry)
        return graph

    def __getstate__(self) -> dict[str, object]:
        """The graph as pickle sends it to a worker forked before the project was read
        (engine/pool.py): a read-only index goes as its dictionary."""
        return {
            name: dict(value) if isinstance(value, MappingProxyType) else value
            for name, value in vars(self).items()
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            if name in _INDEXES and isinstance(value, dict):
                value = MappingProxyType(value)
            object.__setattr__(self, name, value)

    @property
    def is_empty(self) -> bool:
        return not (self.events or self.speakers or self.countries)

    # -- speakers -------------------------------------------------------------

    def speakers_sorted(self, ids: Iterable[str] | None = None, lang: str = "") -> list[Speaker]:
        """Speakers in alphabetical order of ``sort_name``, as a reader of ``lang`` expects
        (:mod:`briefgen.content.collation`; CLDR's root order when ``lang`` is empty)."""
        chosen = self.speakers.values() if ids is None else [self.speakers[i] for i in ids]
        key = collation_key(lang)
        return sorted(chosen, key=lambda s: (key(s.sort_name), s.sort_name, s.id))

    def statements_by(self, speaker_id: str) -> list[StatementInContext]:
        """Every statement of a speaker, across events (by date), in speaking order."""
        return list(self._by_speaker.get(speaker_id, ()))

    def statements_by_event(self, speaker_id: str) -> list[tuple[Event, list[StatementInContext]]]:
        """A speaker's statements grouped by event, events in date order."""
        groups: dict[str, tuple[Event, list[StatementInContext]]] = {}
        for entry in self.statements_by(speaker_id):
            groups.setdefault(entry.event.id, (entry.event, []))[1].append(entry)
        return list(groups.values())

    def session_speakers(self, event: Event, session: Session) -> list[Speaker]:
        """A session's speakers in speaking order; the chair first when not listed."""
        ids = list(session.speakers)
        if session.chair and session.chair not in ids:
            ids.insert(0, session.chair)
        return [self.speakers[i] for i in ids]

    def event_speakers(self, event: Event, lang: str = "") -> list[Speaker]:
        """Everyone who chaired, spoke in a session or made a statement at an event, in
        alphabetical order for ``lang``."""
        cached = self._event_speakers.get((event.id, lang))
        if cached is None or cached[0] is not event:
            ids: set[str] = {st.speaker for st in event.statements}
            for session in event.sessions:
                ids.update(session.speakers)
                if session.chair:
                    ids.add(session.chair)
            cached = (event, self.speakers_sorted((i for i in ids if i in self.speakers), lang))
            self._event_speakers[event.id, lang] = cached
        return list(cached[1])

    def participation(self, speaker_id: str) -> list[Participation]:
        """Every session (and event, for statements outside sessions) a speaker took part
        in, with or without statements: events by date, sessions in running order."""
        found: list[Participation] = []
        mine = self.statements_by(speaker_id)
        for event in sorted(self.events.values(), key=lambda e: (e.start, e.id)):
            for session in (*event.sessions, None):
                said = tuple(e for e in mine if e.event.id == event.id and e.session == session)
                roles: list[SessionRole] = []
                if session is not None and session.chair == speaker_id:
                    roles.append("chair")
                if session is not None and speaker_id in session.speakers:
                    roles.append("speaker")
                if said and not roles:
                    roles.append("statement")
                if roles:
                    found.append(Participation(event, session, tuple(roles), said))
        return found

    def statements_in(self, event: Event, session: Session | None) -> list[Statement]:
        """Statements of one session (or those without a session, for None), in order."""
        wanted = session.id if session else None
        return [st for st in event.statements if st.session == wanted]

    # -- countries ------------------------------------------------------------

    def referenced_only_countries(self) -> list[Country]:
        """Countries referenced in content that have no file of their own."""
        return [c for c in self.countries.values() if not c.has_file]

    def speakers_of_country(self, code: str, lang: str = "") -> list[Speaker]:
        if not self._by_country:
            for speaker in self.speakers.values():
                if speaker.country:
                    self._by_country.setdefault(speaker.country, []).append(speaker.id)
            self._by_country[""] = []
        return self.speakers_sorted(self._by_country.get(code, ()), lang)

    def events_of_country(self, code: str) -> list[CountryEvent]:
        """Events a country took part in: as venue, as partner, or through its speakers."""
        found: list[CountryEvent] = []
        own = {s.id for s in self.speakers_of_country(code)}
        for event in sorted(self.events.values(), key=lambda e: (e.start, e.id)):
            roles: list[Involvement] = []
            if event.venue and event.venue.country == code:
                roles.append("venue")
            if code in event.partners:
                roles.append("partner")
            speakers = [s for s in self.event_speakers(event) if s.id in own]
            if speakers:
                roles.append("speaker")
            if roles:
                found.append(CountryEvent(event, tuple(roles), tuple(speakers)))
        return found

    def delegation(self, event: Event, code: str, lang: str = "") -> list[Speaker]:
        """The speakers of a country at an event (its delegation), in alphabetical order."""
        return [s for s in self.event_speakers(event, lang) if s.country == code]

    def programmes_of_country(self, code: str) -> list[Programme]:
        """Programmes working in, funded by, or listed in the partnership of a country."""
        listed: set[str] = set()
        country = self.countries.get(code)
        if country and country.partnership:
            listed.update(country.partnership.programmes)
        chosen = [
            p
            for p in self.programmes.values()
            if p.id in listed or code in p.countries or code in p.funders
        ]
        return sorted(chosen, key=lambda p: p.id)

    # -- organisations and programmes ------------------------------------------

    def organisation_chain(self, org_id: str) -> list[Organisation]:
        """An organisation followed by its parents, innermost first."""
        chain: list[Organisation] = []
        current = self.organisations.get(org_id)
        while current is not None and current not in chain:
            chain.append(current)
            current = self.organisations.get(current.parent) if current.parent else None
        return chain

    def event_countries(self, event: Event) -> list[str]:
        """Countries taking part in an event: venue, partners and speakers' countries."""
        codes: set[str] = set()
        if event.venue and event.venue.country:
            codes.add(event.venue.country)
        codes.update(p for p in event.partners if p in self.countries)
        codes.update(s.country for s in self.event_speakers(event) if s.country)
        return sorted(codes)
