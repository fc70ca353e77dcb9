"""What an archival (PDF/A-3) file needs beyond WeasyPrint's output; what every PDF's streams need.

- An archival briefing stays accessible: it is tagged and identifies as
  PDF/UA-1 too (``pdfuaid:part`` in the XMP), with the extension schema that
  ISO 19005-3, 6.6.2.3 requires for a namespace PDF/A does not predefine.
- The XMP stream is not filtered (ISO 19005-3, 6.6.2.1: plain text, readable
  without a PDF library).
- No stream's data ends with a carriage return: before the end-of-line that
  precedes ``endstream`` it makes the data look one byte shorter than /Length
  to a validator (ISO 19005-3, 6.1.7.1).
- Images carry no ``/Interpolate true`` (ISO 19005-3, 6.2.8): WeasyPrint sets it
  for every image drawn with ``image-rendering: auto``.
"""

from __future__ import annotations

import zlib

from lxml import etree
from pikepdf import Array, Name, Object, Pdf, Stream

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"

_UA_EXTENSION_SCHEMA = f"""\
<rdf:Description xmlns:rdf="{RDF}" xmlns:pdfaExtension="{_EXTENSION}"
    xmlns:pdfaSchema="{_SCHEMA}" xmlns:pdfaProperty="{_PROPERTY}" rdf:about="">
  <pdfaExtension:schemas>
    <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>{PDFUAID}</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
        <pdfaSchema:property>
          <rdf:Seq>
            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>part</pdfaProperty:name>
              <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
              <pdfaProperty:category>internal</pdfaProperty:category>
              <pdfaProperty:description>Part of ISO 14289 followed</pdfaProperty:description>
            </rdf:li>
          </rdf:Seq>
        </pdfaSchema:property>
      </rdf:li>
    </rdf:Bag>
  </pdfaExtension:schemas>
</rdf:Description>"""


def is_archival(variant: str) -> bool:
    return variant.startswith("pdf/a-")


def finish_metadata(pdf: Pdf, variant: str) -> None:
    """Identify an archival file as PDF/UA-1 too, and store its XMP unfiltered."""
    if not is_archival(variant) or "/Metadata" not in pdf.Root:
        return
    stream = pdf.Root.Metadata
    packet = stream.read_bytes()
    start, end = packet.index(b"<x:xmpmeta"), packet.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    meta = etree.fromstring(packet[start:end])
    rdf = meta.find(f"{{{RDF}}}RDF")
    assert rdf is not None
    if not rdf.xpath("//@*[namespace-uri()=$ns and local-name()='part']", ns=PDFUAID):
        identity = etree.SubElement(rdf, f"{{{RDF}}}Description", nsmap={"pdfuaid": PDFUAID})
        identity.set(f"{{{RDF}}}about", "")
        identity.set(f"{{{PDFUAID}}}part", "1")
        rdf.append(etree.fromstring(_UA_EXTENSION_SCHEMA))
    body = etree.tostring(meta, encoding="utf-8")
    stream.write(packet[:start] + body + packet[end:])  # no /Filter: written as is


def clear_interpolation(pdf: Pdf) -> None:
    """Remove /Interpolate from every image XObject and soft mask of the file."""
    for obj in pdf.objects:
        if not isinstance(obj, Stream):
            continue  # an image is a stream: the many dictionaries are not looked into
        if obj.get("/Subtype") == Name.Image and "/Interpolate" in obj:
            del obj.Interpolate


def end_streams_cleanly(pdf: Pdf) -> None:
    """Compress every stream but the XMP; wrap each whose bytes end in CR in more Flate layers.

    Compressing here rather than in qpdf's writer means the bytes checked are
    the bytes written. A Flate stream's last four bytes are the Adler-32 of the
    bytes it wraps, whatever the compression level: a wrapper ends in CR only
    when the Adler-32 of what it wraps does (1 in 256), and is then wrapped again.
    """
    for obj in pdf.objects:
        if not isinstance(obj, Stream):
            continue
        filters = obj.get("/Filter")
        if filters is None:
            if obj.get("/Type") == Name.Metadata:
                continue
            obj.write(zlib.compress(obj.read_bytes()), filter=Name.FlateDecode)
            filters = Name.FlateDecode
        raw = obj.read_raw_bytes()
        if not raw.endswith(b"\r"):
            continue
        parms = obj.get("/DecodeParms")
        chain = _as_list(filters)
        wrapped, layers = raw, 0
        while wrapped.endswith(b"\r"):
            wrapped, layers = zlib.compress(wrapped, 9), layers + 1
        obj.write(wrapped, filter=Array([*[Name.FlateDecode] * layers, *chain]))
        if parms is not None:
            old = _as_list(parms) if isinstance(parms, Array) else [parms] * len(chain)
            obj.DecodeParms = Array([*[None] * layers, *old])


def _as_list(value: Object) -> list[Object]:
    return list(value) if isinstance(value, Array) else [value]
