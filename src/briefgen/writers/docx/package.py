"""Same input, same bytes: core properties from the document, a zip with fixed metadata.

python-docx stamps the current time on every zip entry and, for a template
without core properties, on ``dcterms:created``; both are replaced here.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING, Any

from briefgen import __version__

if TYPE_CHECKING:
    from docx.document import Document

    from briefgen.render.rendered import RenderedDocument

_FIRST = ("[Content_Types].xml", "_rels/.rels")
"""Entries some readers expect first; the rest follow in name order."""


CORE_PROPERTY_LIMIT = 255
"""Word's limit for a core property's text (python-docx refuses longer values)."""


def fit(text: str, limit: int = CORE_PROPERTY_LIMIT) -> str:
    """``text`` shortened to ``limit`` characters at a word or list boundary, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    for boundary in (", ", " "):
        at = cut.rfind(boundary)
        if at > limit // 2:
            cut = cut[:at]
            break
    return cut.rstrip(" ,;:") + "…"


def set_core_properties(document: Document, doc: RenderedDocument) -> None:
    props = document.core_properties
    props.title = fit(doc.title)
    props.author = fit(doc.author)
    props.subject = fit(doc.subject)
    props.keywords = fit(", ".join(doc.keywords))
    props.language = doc.lang
    props.category = fit(doc.subject)
    props.comments = fit(f"{doc.subject}: {doc.title}")
    props.content_status = ""
    props.identifier = fit(doc.ref.target)
    props.version = ""
    props.last_modified_by = f"briefgen {__version__}"
    props.revision = 1
    created = doc.created.astimezone(dt.UTC).replace(microsecond=0)
    props.created = created
    props.modified = created


_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>briefgen</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def set_app_properties(document: Document) -> None:
    """docProps/app.xml names briefgen, without the reference's stale page and word counts."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in document.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = _APP_XML.encode("utf-8")


def _zip_time(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    if when.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    if when.year > 2107:
        return (2107, 12, 31, 23, 59, 58)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second // 2 * 2)


def deterministic_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same package with stable entry order, timestamps, permissions and compression."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    return _zip(entries, when)


class _Entries:
    """What python-docx's package writer writes (its zip's entries), kept by name."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes | str) -> None:
        data = blob.encode("utf-8") if isinstance(blob, str) else blob  # as zipfile.writestr
        self.entries[str(pack_uri.membername)] = data


def package_bytes(document: Document, when: dt.datetime) -> bytes:
    """The document saved, as ``deterministic_zip`` of what ``document.save`` writes: the
    same entries (python-docx's own writer makes them), zipped once instead of twice."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    parts = package.parts
    written = _Entries()
    writer: Any = PackageWriter  # python-docx's OpcPackage.save, without its zip
    writer._write_content_types_stream(written, parts)
    writer._write_pkg_rels(written, package.rels)
    writer._write_parts(written, parts)
    return _zip(written.entries, when)


def _zip(entries: dict[str, bytes], when: dt.datetime) -> bytes:
    """The package of ``entries`` with stable entry order, timestamps, permissions and
    compression."""
    names = [n for n in _FIRST if n in entries] + sorted(n for n in entries if n not in _FIRST)
    stamp = _zip_time(when)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            target.writestr(info, entries[name])
    return out.getvalue()
