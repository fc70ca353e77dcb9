"""One declaration per content field, and what is derived from it.

A content record (an event, a session, briefgen.yaml's theme) is a frozen dataclass
whose fields are declared with :func:`declared`: the value type (a :class:`ValueType`,
which converts a YAML node and knows its JSON Schema and its name for the docs),
whether it is required, its default, one sentence for editors, and where documents
print it. The field order is the YAML order. From these declarations come the field
tables that validate a file (:func:`fields_of`, read by ``schema.struct``), the
building of the records (:func:`build`), the JSON Schemas (content/jsonschema.py) and
the reference tables of docs/content.md (content/reference.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass
from functools import cache
from typing import Any

from briefgen.content import schema as s
from briefgen.content.schema import Context, Converter, Field
from briefgen.content.yamlio import YNode

JsonSchema = dict[str, Any]
_KEY = "briefgen"
"""The key of a dataclass field's metadata that holds its declaration."""


@dataclass(frozen=True, eq=False)
class ValueType:
    """A converter, with its name for editors ("date (YYYY-MM-DD)") and its JSON Schema.

    ``schema`` is a function so that a record's schema is made only when asked for:
    ``check`` never needs one."""

    convert: Converter
    name: str
    schema: Callable[[], JsonSchema]
    record: type | None = None
    """The model a sub-mapping builds (for a list of them, the items' type says so)."""
    items: ValueType | None = None
    """The type of a list's items."""
    deferred: bool = False
    """A record built with its parent, as one of its defaults comes from the parent."""

    def __call__(self, node: YNode, ctx: Context, key: str) -> Any:
        return self.convert(node, ctx, key)


@dataclass(frozen=True)
class Declared(Field):
    """One field as editors meet it: its validation (``Field``) and its documentation."""

    type: ValueType | None = None
    doc: str = ""
    """One sentence for editors (docs/content.md, the schemas' descriptions)."""
    printed_in: str | None = None
    """Which documents print it, or "metadata only: ..."; None for a file's ``id``."""
    documented_default: str | None = None
    """The default as the docs say it, when it is not a plain value."""
    default_from: str | None = None
    """The field whose value is the default (``../start``: the enclosing record's)."""
    derive: Callable[[Any, str], Any] | None = None
    """Makes the default from ``default_from``'s value and the default language."""


def declared(
    value_type: ValueType,
    *,
    doc: str,
    required: bool = False,
    printed_in: str | None = None,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | None = None,
    default_from: str | None = None,
    derive: Callable[[Any, str], Any] | None = None,
    documented_default: str | None = None,
    null_message: str | None = None,
) -> Any:
    """A dataclass field carrying its declaration. Optional fields default to None (an
    empty tuple for lists); required and derived ones have no default of their own."""
    declaration = Declared(
        value_type,
        required,
        null_message,
        type=value_type,
        doc=doc,
        printed_in=printed_in,
        documented_default=documented_default,
        default_from=default_from,
        derive=derive,
    )
    metadata = {_KEY: declaration}
    if default_factory is not None:
        return dataclasses.field(default_factory=default_factory, metadata=metadata)
    if default is MISSING and not required and default_from is None:
        default = () if value_type.items is not None else None
    return dataclasses.field(default=default, metadata=metadata)


@cache
def fields_of(cls: type) -> dict[str, Declared]:
    """The declared fields of a record, in YAML order: its validation table."""
    return {f.name: f.metadata[_KEY] for f in dataclasses.fields(cls) if _KEY in f.metadata}


def has_extra(cls: type) -> bool:
    """Whether the record takes ``extra:``, the editors' free mapping."""
    return any(f.name == "extra" for f in dataclasses.fields(cls))


def _needs_parent(cls: type) -> bool:
    return any((d.default_from or "").startswith("../") for d in fields_of(cls).values())


def record(cls: type, *, item: bool = False) -> ValueType:
    """The type of a sub-mapping that holds a ``cls`` (``item``: as a list's items)."""
    deferred = _needs_parent(cls)

    def convert(node: YNode, ctx: Context, key: str) -> Any:
        values = s.struct(node, ctx, key, fields_of(cls), extra=has_extra(cls), item=item)
        if isinstance(values, s._Invalid) or deferred:
            return values
        return build(cls, values, ctx.languages[0])

    return ValueType(
        convert, cls.__name__.lower(), lambda: record_schema(cls), record=cls, deferred=deferred
    )


EXTRA_SCHEMA: JsonSchema = {
    "type": ["object", "null"],
    "description": "Anything of your own: never checked, never printed (a custom template may).",
}


def record_schema(cls: type) -> JsonSchema:
    """The JSON Schema of a record: its declared keys (a null is "not given" for an
    optional one, unless it has a message of its own), the required ones, nothing else
    but ``extra``."""
    properties: JsonSchema = {}
    for name, declaration in fields_of(cls).items():
        assert declaration.type is not None
        found = declaration.type.schema()
        if not declaration.required and declaration.null_message is None:
            found = _nullable(found)  # an empty value: "not given"
        properties[name] = {**found, "description": declaration.doc}
    if has_extra(cls):
        properties["extra"] = dict(EXTRA_SCHEMA)
    schema: JsonSchema = {
        "type": "object",
        "description": (cls.__doc__ or "").split("\n\n")[0].replace("\n", " ").strip(),
        "properties": properties,
        "additionalProperties": False,
    }
    required = [name for name, declaration in fields_of(cls).items() if declaration.required]
    if required:
        schema["required"] = required
    return schema


def _nullable(schema: JsonSchema) -> JsonSchema:
    """``schema`` or null (YAML's empty value)."""
    if "anyOf" in schema:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}
    found = dict(schema)
    if "enum" in found:
        found["enum"] = [*found["enum"], None]
    if "type" in found:
        kinds = found["type"] if isinstance(found["type"], list) else [found["type"]]
        found["type"] = [*kinds, "null"]
    return found


def build(
    cls: type,
    values: Mapping[str, Any],
    language: str,
    parent: Mapping[str, Any] | None = None,
    **fixed: Any,
) -> Any:
    """A ``cls`` from a file's converted ``values``: what is given, then the declared
    defaults (``default_from``), then the dataclass's own. An empty list is the default
    (``languages: []`` builds the default languages). ``fixed``: values that do not come
    from the YAML (an entity's id is its file's name, its source the file)."""
    kwargs = dict(fixed)
    for name, declaration in fields_of(cls).items():
        if name in fixed:
            continue
        if name in values:
            value = values[name]
            kind = declaration.type
            if kind is not None and kind.items is not None and kind.items.deferred:
                value = tuple(build(_record(kind.items), v, language, values) for v in value)
            elif kind is not None and kind.deferred:
                value = build(_record(kind), value, language, values)
            if value != ():
                kwargs[name] = value
        elif declaration.default_from is not None:
            source = declaration.default_from
            scope = parent if source.startswith("../") and parent is not None else values
            given = scope.get(source.removeprefix("../"))
            kwargs[name] = declaration.derive(given, language) if declaration.derive else given
    if "extra" in values and has_extra(cls):
        kwargs["extra"] = values["extra"]
    return cls(**kwargs)


def _record(kind: ValueType) -> type:
    assert kind.record is not None
    return kind.record
