"""The kinds of value a content field holds: each converter of content/schema.py with its
name for editors and the JSON Schema an editor checks it by.

A schema accepts what a YAML 1.2 language server hands it: a field that briefgen reads
as a string accepts a number or a boolean too (``title: 2021`` is the text "2021"), a
year is an integer or a quoted one. It is never stricter than ``check``; where it is
looser (a date such as 2021-02-30), ``check`` reports the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from briefgen.content import schema as s
from briefgen.content.declare import JsonSchema, ValueType
from briefgen.content.iso_codes import COUNTRIES

SCALAR: JsonSchema = {"type": ["boolean", "number", "string"]}
"""Any scalar: briefgen reads it as written."""
LANGUAGE_PATTERN = "^[a-z]{2}(-([A-Z]{2}|[0-9]{3}|[A-Z][a-z]{3}))?$"
"""ISO 639-1, optionally with a region (en-US, es-419) or a script (zh-Hant)."""
SLUG_PATTERN = s.SLUG_RE.pattern
DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
TIME_PATTERN = "^([01]?[0-9]|2[0-3]):[0-5][0-9]$"
YEAR_PATTERN = "^[+]?0*(19[0-9]{2}|2[01][0-9]{2}|2200)$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _fixed(schema: JsonSchema) -> Callable[[], JsonSchema]:
    return lambda: dict(schema)


def value_type(convert: s.Converter, name: str, schema: JsonSchema) -> ValueType:
    return ValueType(convert, name, _fixed(schema))


_TEXT_SCHEMA: JsonSchema = {
    "anyOf": [
        SCALAR,
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": LANGUAGE_PATTERN},
            "additionalProperties": SCALAR,
        },
    ]
}
_SLUG_SCHEMA: JsonSchema = {
    "anyOf": [{"type": "string", "pattern": SLUG_PATTERN}, {"type": "integer", "minimum": 0}]
}
_COUNTRY_SCHEMA: JsonSchema = {"type": "string", "enum": sorted(COUNTRIES)}

TEXT = value_type(s.text, "text", _TEXT_SCHEMA)
MARKDOWN = value_type(s.markdown, "markdown", _TEXT_SCHEMA)
STRING = value_type(s.string, "string", SCALAR)
SLUG = value_type(s.slug, "id", _SLUG_SCHEMA)
DATE = value_type(s.date, "date", {"type": "string", "pattern": DATE_PATTERN, "format": "date"})
TIME = value_type(s.time, "time", {"type": "string", "pattern": TIME_PATTERN})
YEAR = value_type(
    s.year,
    "year",
    {
        "anyOf": [
            {"type": "integer", "minimum": 1900, "maximum": 2200},
            {"type": "string", "pattern": YEAR_PATTERN},
        ]
    },
)
BOOLEAN = value_type(
    s.boolean,
    "true or false",
    {
        "anyOf": [
            {"type": "boolean"},
            {"enum": sorted(s._TRUE | s._FALSE)},
        ]
    },
)
NUMBER_OR_TEXT = value_type(
    s.number_or_text, "number or text", {"anyOf": [{"type": "number"}, _TEXT_SCHEMA]}
)
COUNTRY = value_type(s.country, "country code", _COUNTRY_SCHEMA)
ORGANISATION_OR_COUNTRY = value_type(
    s.organisation_or_country,
    "organisation id or country code",
    {"anyOf": [_COUNTRY_SCHEMA, _SLUG_SCHEMA]},
)
URL = value_type(s.url, "web address", SCALAR)
EMAIL = value_type(s.email, "e-mail address", {"type": "string", "pattern": EMAIL_PATTERN})
ASSET = value_type(s.asset, "asset", SCALAR)
COLOR = value_type(s.color, "CSS colour", {"type": "string", "pattern": s._CSS_COLOR_RE.pattern})
LANGUAGE = value_type(s.language, "language code", {"type": "string", "pattern": LANGUAGE_PATTERN})


def ref(kind: str, name: str) -> ValueType:
    """The id of an entity of ``kind`` (``name``: "speaker id")."""
    return value_type(s.ref(kind), name, _SLUG_SCHEMA)


def enum(*choices: str) -> ValueType:
    return value_type(s.enum(*choices), "one of " + ", ".join(choices), {"enum": list(choices)})


def list_of(item: ValueType, plural: str, *, unique: bool = False) -> ValueType:
    """A list of ``item`` (``plural``: its name for editors, "speaker ids")."""

    def schema() -> JsonSchema:
        found: JsonSchema = {"type": "array", "items": item.schema()}
        if unique:
            found["uniqueItems"] = True
        return found

    return ValueType(s.list_of(item, unique=unique), f"list of {plural}", schema, items=item)
