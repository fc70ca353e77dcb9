"""The field tables of every entity file, derived from the declarations in models.py.

Validation reads a file against these tables (``schema.struct``); they are not written by
hand: each is ``fields_of`` the record it builds.
"""

from __future__ import annotations

from briefgen.content import models as m
from briefgen.content.declare import fields_of

ORGANISATION = fields_of(m.Organisation)
PROGRAMME = fields_of(m.Programme)
SPEAKER = fields_of(m.Speaker)
FACT = fields_of(m.Fact)
CONTACT = fields_of(m.Contact)
PARTNERSHIP = fields_of(m.Partnership)
COUNTRY = fields_of(m.Country)
VENUE = fields_of(m.Venue)
SESSION = fields_of(m.Session)
STATEMENT = fields_of(m.Statement)
SOURCE = fields_of(m.SourceRef)
EVENT = fields_of(m.Event)

KINDS = tuple(m.ENTITIES)
"""Entity kinds in the order their folders are read and their documents listed."""

TABLES = {kind: fields_of(model) for kind, model in m.ENTITIES.items()}
