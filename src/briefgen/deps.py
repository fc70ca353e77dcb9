"""What each document reads, and a fingerprint of it.

A document's content fingerprint covers briefgen's version, the settings it
uses, and the canonical content of every entity it draws from -- not the
files' bytes, so reformatting a YAML file or editing a comment rebuilds
nothing. Entities another document only names (a country in a list of
participants) count by their name alone.

Templates, stylesheets, reference.docx and assets are not known until a
document is rendered; :mod:`briefgen.state` records them from the last build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from briefgen import __version__
from briefgen.content.graph import ContentGraph
from briefgen.content.models import Event
from briefgen.content.values import Number, Text
from briefgen.documents import DocumentRef
from briefgen.project import Project

Dependency = tuple[str, str, str]
"""(kind, id, aspect): aspect "all" is the whole entity, "name" only its name."""


def _canonical(value: Any) -> Any:
    if isinstance(value, Text):
        return value.canonical()
    if isinstance(value, Number):
        return {"number": value.raw}
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _canonical(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name != "source"
        }
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    return value


def digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Fingerprints:
    """Dependencies and fingerprints of every document of one loaded project."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.graph: ContentGraph = project.graph
        self._entity: dict[Dependency, str] = {}
        self._labels: dict[str, str] = {}
        self._deps: dict[DocumentRef, frozenset[Dependency]] = {}

    @cached_property
    def settings(self) -> str:
        """The settings every document's look depends on."""
        c = self.project.config
        return digest({
            "version": __version__, "title": _canonical(c.title), "publisher": c.publisher,
            "theme": _canonical(c.theme), "pdf_variant": c.pdf_variant,
            "default_language": c.default_language, "asset_bytes": c.limits.asset_bytes,
        })  # fmt: skip

    def entity(self, dep: Dependency) -> str:
        """The digest of one entity (or its name), "missing" when it is not in the graph."""
        if dep not in self._entity:
            kind, entity_id, aspect = dep
            table: Any = getattr(self.graph, kind)
            entity = table.get(entity_id)
            if entity is None:
                value: Any = "missing"
            elif aspect == "name":
                value = _canonical(getattr(entity, "name", None))
            else:
                value = _canonical(entity)
            self._entity[dep] = digest(value)
        return self._entity[dep]

    # -- what each kind of document reads ----------------------------------------

    def _organisations(self, ids: Iterable[str | None]) -> set[Dependency]:
        deps: set[Dependency] = set()
        for org_id in ids:
            seen: set[str] = set()
            while org_id and org_id not in seen:
                seen.add(org_id)
                deps.add(("organisations", org_id, "all"))
                org = self.graph.organisations.get(org_id)
                org_id = org.parent if org else None
        return deps

    def _party(self, value: str) -> set[Dependency]:
        """An organisation id or an ISO3 code, as named in a list."""
        if value.isupper() and len(value) == 3:
            return {("countries", value, "name")}
        return self._organisations([value])

    def _speakers(self, ids: Iterable[str]) -> set[Dependency]:
        deps: set[Dependency] = set()
        for sid in ids:
            deps.add(("speakers", sid, "all"))
            speaker = self.graph.speakers.get(sid)
            if speaker is not None:
                deps |= self._organisations([speaker.organisation])
                if speaker.country:
                    deps.add(("countries", speaker.country, "name"))
        return deps

    def _programmes(self, ids: Iterable[str]) -> set[Dependency]:
        deps: set[Dependency] = set()
        for pid in ids:
            deps.add(("programmes", pid, "all"))
            programme = self.graph.programmes.get(pid)
            if programme is not None:
                deps |= self._organisations([programme.lead])
                for party in (*programme.funders, *programme.countries):
                    deps |= self._party(party)
        return deps

    def _event_speaker_ids(self, event: Event) -> set[str]:
        ids = {st.speaker for st in event.statements}
        for session in event.sessions:
            ids.update(session.speakers)
            if session.chair:
                ids.add(session.chair)
        return ids

    def dependencies(self, ref: DocumentRef) -> frozenset[Dependency]:
        """Every entity a document reads (computed once per document and run)."""
        if ref not in self._deps:
            self._deps[ref] = frozenset(self._dependencies(ref))
        return self._deps[ref]

    def _dependencies(self, ref: DocumentRef) -> set[Dependency]:
        g = self.graph
        deps: set[Dependency] = {(ref.kind, ref.id, "all")}
        if self.project.config.publisher:
            deps |= self._organisations([self.project.config.publisher])
        if ref.kind == "events":
            event = g.events.get(ref.id)
            if event is None:
                return deps
            deps |= self._speakers(self._event_speaker_ids(event))
            deps |= self._organisations(event.organisers)
            for party in event.partners:
                deps |= self._party(party)
            deps |= self._programmes(event.programmes)
            if event.venue and event.venue.country:
                deps.add(("countries", event.venue.country, "name"))
        elif ref.kind == "speakers":
            speaker = g.speakers.get(ref.id)
            if speaker is None:
                return deps
            deps |= self._speakers([ref.id])
            for entry in g.statements_by(ref.id):
                deps.add(("events", entry.event.id, "all"))
        else:
            own = [s.id for s in g.speakers.values() if s.country == ref.id]
            deps |= self._speakers(own)
            for involvement in g.events_of_country(ref.id):
                deps.add(("events", involvement.event.id, "all"))
            deps |= self._programmes(p.id for p in g.programmes_of_country(ref.id))
            country = g.countries.get(ref.id)
            if country is not None:
                deps |= self._organisations(c.organisation for c in country.contacts)
                if country.partnership:
                    deps |= self._programmes(country.partnership.programmes)
        return deps

    def labels(self, lang: str) -> str:
        """The digest of the catalogs that translate the labels into ``lang``."""
        if lang not in self._labels:
            from briefgen.i18n import LOCALE_DIR, PROJECT_LOCALE

            found = {}
            for folder in (LOCALE_DIR, self.project.root / PROJECT_LOCALE):
                for path in sorted((folder / lang / "LC_MESSAGES").glob("briefgen.*")):
                    found[path.name + str(folder == LOCALE_DIR)] = hashlib.sha256(
                        path.read_bytes()
                    ).hexdigest()
            self._labels[lang] = digest(found)
        return self._labels[lang]

    def content(self, ref: DocumentRef, lang: str) -> tuple[str, dict[str, str]]:
        """(fingerprint, {dependency: digest}) of one document in one language."""
        table = {"/".join(dep): self.entity(dep) for dep in sorted(self.dependencies(ref))}
        table["labels/" + lang + "/all"] = self.labels(lang)
        return digest({"settings": self.settings, "lang": lang, "deps": table}), table
