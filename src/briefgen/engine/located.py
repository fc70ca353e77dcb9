"""Problems met while writing a document, reported at the content field that caused them.

A writer knows the document, not the field: it reports a refused, missing or
malformed asset at the start of the document's file. The asset is known
(named in the message, or the SVG being drawn when an image inside it was
refused), and the project knows every field that names an asset, with its
line and column: the problem is moved there, so an editor's tool jumps to
``photo: kato.svg`` rather than to line 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefgen.content.project import Project
from briefgen.diagnostics import Diagnostic, Location
from briefgen.engine.recording import Recorder, key_of
from briefgen.render.fetch import FileRead
from briefgen.render.rendered import RenderedDocument

_NAMED = re.compile(r"content/assets/([^\s\"']+?)[.,;:)]?(?:\s|$)")


class FileLog:
    """Every file one writer was served, in order, recorded as a read of the output."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self.order: list[FileRead] = []

    def note(self, read: FileRead) -> None:
        base, relative, sha = read
        self.order.append(read)
        self.recorder.note_value(key_of(("file", base, relative)), sha or "<refused>")

    def last_svg(self) -> str | None:
        """The last SVG served from content/assets/: whatever it draws is fetched next."""
        for base, relative, sha in reversed(self.order):
            if base == "assets" and sha and relative.lower().endswith(".svg"):
                return relative
        return None


def _field_of(
    asset: str, doc: RenderedDocument, project: Project, reached: Recorder
) -> Location | None:
    places = project.asset_fields.get(asset, [])
    if not places:
        return None
    read = {project.sources.get(entity) for entity in reached.entities}
    for wanted in ({doc.source}, read):
        for place in places:
            if place.path in wanted:
                return place
    return places[0]


def locate(
    diagnostics: Iterable[Diagnostic],
    doc: RenderedDocument,
    project: Project,
    files: FileLog,
    reached: Recorder,
) -> list[Diagnostic]:
    """The writer's diagnostics, each asset problem moved to the field that names the asset."""
    start = Location(doc.source, 1, 1) if doc.source else None
    found: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if diagnostic.location != start:
            found.append(diagnostic)
            continue
        named = _NAMED.search(diagnostic.message)
        asset, message = (named.group(1), diagnostic.message) if named else (None, "")
        if asset is None or not project.asset_fields.get(asset):
            asset = files.last_svg()
            message = f"{diagnostic.message} (in content/assets/{asset})"
        where = _field_of(asset, doc, project, reached) if asset else None
        if where is None:
            found.append(diagnostic)
        else:
            found.append(Diagnostic(diagnostic.severity, message, diagnostic.code, where))
    return found
