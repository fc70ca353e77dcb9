"""Which documents a project has: one per event, country (with a file or referenced) and
speaker, and a briefing pack per event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.content.graph import ContentGraph

DOCUMENT_KINDS = ("events", "countries", "speakers", "packs")
SINGLE_KINDS = ("events", "countries", "speakers")
"""The kinds of single document: those a briefing pack is made of."""
TEMPLATE_OF = {
    "events": "event.html",
    "countries": "country.html",
    "speakers": "speaker.html",
    "packs": "pack.html",
}
SUBJECT_KIND = {
    "events": "events",
    "countries": "countries",
    "speakers": "speakers",
    "packs": "events",
}
"""The kind of entity a document is about: a briefing pack is its event's."""


@dataclass(frozen=True, order=True)
class DocumentRef:
    """A document named as on the command line: ``events/<id>``, ``countries/KAZ``..."""

    kind: str
    id: str

    @property
    def target(self) -> str:
        return f"{self.kind}/{self.id}"

    @property
    def entity(self) -> tuple[str, str]:
        """(kind, id) of the content entity the document is about."""
        return SUBJECT_KIND[self.kind], self.id

    def output_path(self, lang: str, fmt: str) -> str:
        """Path relative to the output folder: ``<lang>/<kind>/<id>.<fmt>``."""
        return f"{lang}/{self.kind}/{self.id}.{fmt}"


def all_documents(
    graph: ContentGraph,
    invalid: Iterable[tuple[str, str]] = (),
    kinds: Iterable[str] = SINGLE_KINDS,
) -> list[DocumentRef]:
    """Every document of ``kinds`` (a build asks for the ``documents`` setting's; the single
    documents by default), including those of entities whose files have errors (they fail)."""
    broken = set(invalid)
    wanted = set(kinds)
    docs: list[DocumentRef] = []
    for kind in (k for k in DOCUMENT_KINDS if k in wanted):
        entities = SUBJECT_KIND[kind]
        ids = set(getattr(graph, entities)) | {i for k, i in broken if k == entities}
        docs += [DocumentRef(kind, i) for i in sorted(ids)]
    return docs
