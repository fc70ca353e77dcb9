"""The field tables of every entity file and of briefgen.yaml, as the content model defines them."""

from __future__ import annotations

from typing import Any

from briefgen.content import models as m
from briefgen.content import schema as s
from briefgen.content.schema import Context, Field
from briefgen.content.yamlio import YNode

text, md, string = s.text, s.markdown, s.string


def _nested(fields: dict[str, Field], build: Any, *, item: bool = False) -> s.Converter:
    """A converter for a sub-mapping that builds a record from its fields (``item``: one
    of a list's items)."""

    def convert(node: YNode, ctx: Context, key: str) -> Any:
        values = s.struct(node, ctx, key, fields, item=item)
        if isinstance(values, s._Invalid):
            return values
        return build(**values)

    return convert


ORGANISATION = {
    "id": Field(s.slug),
    "name": Field(text, required=True),
    "acronym": Field(text),
    "kind": Field(
        s.enum("un", "government", "regional", "intergovernmental", "civil-society", "other")
    ),
    "country": Field(s.country),
    "parent": Field(s.ref("organisations")),
    "url": Field(s.url),
    "logo": Field(s.asset),
}

PROGRAMME = {
    "id": Field(s.slug),
    "name": Field(text, required=True),
    "acronym": Field(text),
    "lead": Field(s.ref("organisations")),
    "funders": Field(s.list_of(s.organisation_or_country, unique=True)),
    "countries": Field(s.list_of(s.country, unique=True)),
    "start": Field(s.year),
    "end": Field(s.year),
    "summary": Field(md),
    "url": Field(s.url),
}

SPEAKER = {
    "id": Field(s.slug),
    "name": Field(text, required=True),
    "honorific": Field(text),
    "sort_name": Field(string),
    "position": Field(text, required=True),
    "organisation": Field(s.ref("organisations")),
    "country": Field(s.country),
    "bio": Field(md),
    "photo": Field(s.asset),
}

FACT = {
    "label": Field(text, required=True),
    "value": Field(s.number_or_text, required=True),
    "unit": Field(text),
    "year": Field(s.year),
    "source": Field(text),
}

CONTACT = {
    "name": Field(text),
    "position": Field(text),
    "organisation": Field(s.ref("organisations")),
    "email": Field(s.email),
}

PARTNERSHIP = {
    "since": Field(s.year),
    "areas": Field(s.list_of(text)),
    "programmes": Field(s.list_of(s.ref("programmes"), unique=True)),
}

COUNTRY = {
    "id": Field(string),
    "name": Field(text),
    "region": Field(text),
    "summary": Field(md),
    "partnership": Field(_nested(PARTNERSHIP, m.Partnership)),
    "facts": Field(s.list_of(_nested(FACT, m.Fact, item=True))),
    "contacts": Field(s.list_of(_nested(CONTACT, m.Contact, item=True))),
}

VENUE = {
    "name": Field(text),
    "city": Field(text),
    "country": Field(s.country),
}

SESSION = {
    "id": Field(s.slug, required=True),
    "title": Field(text, required=True),
    "date": Field(s.date),
    "start": Field(s.time),
    "end": Field(s.time),
    "chair": Field(s.ref("speakers")),
    "speakers": Field(s.list_of(s.ref("speakers"), unique=True)),
    "summary": Field(md),
}

STATEMENT = {
    "speaker": Field(s.ref("speakers"), required=True),
    "session": Field(s.slug),
    "quote": Field(text, required=True),
    "verbatim": Field(s.boolean),
    "topics": Field(s.list_of(string)),
}

SOURCE = {
    "title": Field(text, required=True),
    "url": Field(s.url),
    "date": Field(s.date),
}

EVENT = {
    "id": Field(s.slug),
    "title": Field(text, required=True),
    "short_title": Field(text),
    "kind": Field(text),
    "parent": Field(text),
    "start": Field(s.date, required=True),
    "end": Field(s.date),
    "venue": Field(_nested(VENUE, m.Venue)),
    "organisers": Field(s.list_of(s.ref("organisations"), unique=True)),
    "partners": Field(s.list_of(s.organisation_or_country, unique=True)),
    "programmes": Field(s.list_of(s.ref("programmes"), unique=True)),
    "summary": Field(md),
    "sessions": Field(s.list_of(lambda n, c, k: s.struct(n, c, k, SESSION, item=True))),
    "statements": Field(s.list_of(lambda n, c, k: s.struct(n, c, k, STATEMENT, item=True))),
    "key_messages": Field(s.list_of(text)),
    "outcomes": Field(s.list_of(text)),
    "sources": Field(s.list_of(_nested(SOURCE, m.SourceRef, item=True))),
}

KINDS = ("events", "speakers", "countries", "organisations", "programmes")
"""Entity kinds in the order their folders are read and their documents listed."""

TABLES = {
    "events": EVENT,
    "speakers": SPEAKER,
    "countries": COUNTRY,
    "organisations": ORGANISATION,
    "programmes": PROGRAMME,
}
