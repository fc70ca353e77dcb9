"""Which documents a project has: one per event, country (with a file or referenced) and speaker."""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.content.graph import ContentGraph

DOCUMENT_KINDS = ("events", "countries", "speakers")
TEMPLATE_OF = {"events": "event.html", "countries": "country.html", "speakers": "speaker.html"}


@dataclass(frozen=True, order=True)
class DocumentRef:
    """A document named as on the command line: ``events/<id>``, ``countries/KAZ``..."""

    kind: str
    id: str

    @property
    def target(self) -> str:
        return f"{self.kind}/{self.id}"

    def output_path(self, lang: str, fmt: str) -> str:
        """Path relative to the output folder: ``<lang>/<kind>/<id>.<fmt>``."""
        return f"{lang}/{self.kind}/{self.id}.{fmt}"


def all_documents(graph: ContentGraph) -> list[DocumentRef]:
    docs = [DocumentRef("events", i) for i in graph.events]
    docs += [DocumentRef("countries", i) for i in graph.countries]
    docs += [DocumentRef("speakers", i) for i in graph.speakers]
    return docs
