"""The reference tables of docs/content.md, made from the field declarations.

``python -m briefgen.content.reference`` rewrites the tables between their marker
comments in docs/content.md; ``--check`` only says whether they are up to date (a test
runs it, so the page cannot drift from the declarations).
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path

from briefgen.content import models
from briefgen.content.config import Config
from briefgen.content.declare import Declared, fields_of

DOC = Path("docs/content.md")
REGENERATE = "python -m briefgen.content.reference"
KINDS: dict[str, tuple[type, str]] = {
    "event": (models.Event, "content/events/<id>.yaml"),
    "speaker": (models.Speaker, "content/speakers/<id>.yaml"),
    "country": (models.Country, "content/countries/<ISO3>.yaml"),
    "organisation": (models.Organisation, "content/organisations/<id>.yaml"),
    "programme": (models.Programme, "content/programmes/<id>.yaml"),
}


def walk(cls: type, prefix: str = "") -> Iterator[tuple[str, Declared]]:
    """Every key of a record, sub-mappings' keys after their own (``venue``,
    ``venue.name``...)."""
    for name, declaration in fields_of(cls).items():
        yield prefix + name, declaration
        kind = declaration.type
        inner = kind.items.record if kind and kind.items else kind.record if kind else None
        if inner is not None:
            yield from walk(inner, f"{prefix}{name}.")


def _default(cls: type, name: str, declaration: Declared) -> str:
    if declaration.required:
        return "required"
    if declaration.documented_default is not None:
        return f"default: {declaration.documented_default}"
    field = next(f for f in dataclasses.fields(cls) if f.name == name)
    value = field.default
    if value is dataclasses.MISSING and field.default_factory is not dataclasses.MISSING:
        value = field.default_factory()
    if value is None or value == () or dataclasses.is_dataclass(value):
        return "optional"
    if isinstance(value, bool):
        return f"default: `{str(value).lower()}`"
    if isinstance(value, tuple):
        return f"default: `[{', '.join(value)}]`"
    return f"default: `{value}`"


def _record_of(cls: type, key: str) -> type:
    """The record that declares ``key`` (a dotted path from ``cls``)."""
    for part in key.split(".")[:-1]:
        kind = fields_of(cls)[part].type
        assert kind is not None
        found = kind.items.record if kind.items else kind.record
        assert found is not None
        cls = found
    return cls


def key_table(cls: type) -> list[str]:
    """key | value | required or default | meaning, for every key of a kind of file."""
    lines = ["| key | value | required / default | meaning |", "| --- | --- | --- | --- |"]
    for key, declaration in walk(cls):
        assert declaration.type is not None
        name = declaration.type.name
        if declaration.type.record is not None:
            name = "mapping"
        elif declaration.type.items is not None and declaration.type.items.record is not None:
            name = "list of mappings"
        default = _default(_record_of(cls, key), key.rsplit(".", 1)[-1], declaration)
        lines.append(f"| `{key}` | {name} | {default} | {declaration.doc} |")
    return lines


def keys_section() -> list[str]:
    lines: list[str] = []
    for kind, (cls, path) in KINDS.items():
        lines += [f"### {kind} (`{path}`)", "", *key_table(cls), ""]
    lines += ["### `briefgen.yaml`", "", *key_table(Config)]
    return lines


def printed_section() -> list[str]:
    """Where each key of the content is printed: consecutive keys printed in the same
    places share a row."""
    rows: list[tuple[list[str], str]] = []
    for kind, (cls, _path) in KINDS.items():
        last = None
        for key, declaration in walk(cls, f"{kind}."):
            where = declaration.printed_in
            kind_of = declaration.type
            assert kind_of is not None
            if where is None or kind_of.record or (kind_of.items and kind_of.items.record):
                last = None  # a sub-mapping: its keys are listed
                continue
            if where == last:
                rows[-1][0].append(key)
            else:
                rows.append(([key], where))
            last = where
    lines = ["| key | printed in |", "| --- | --- |"]
    for keys, where in rows:
        lines.append(f"| {', '.join(f'`{k}`' for k in keys)} | {where} |")
    return lines


def _replace(text: str, name: str, body: list[str]) -> str:
    begin = f"<!-- begin generated {name}: {REGENERATE} -->"
    end = f"<!-- end generated {name} -->"
    head, found, rest = text.partition(begin)
    if not found or end not in rest:
        raise ValueError(f"{DOC} lacks the markers of the {name} table ({begin} ... {end})")
    return head + begin + "\n" + "\n".join(body) + "\n" + end + rest.split(end, 1)[1]


def update(text: str) -> str:
    """docs/content.md with its generated tables made anew."""
    text = _replace(text, "keys", keys_section())
    return _replace(text, "printed", printed_section())


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [a for a in argv if a != "--check"]
    path = Path(paths[0]) if paths else DOC
    text = path.read_text(encoding="utf-8")
    made = update(text)
    if made == text:
        return 0
    if check:
        print(f"{path} disagrees with the field declarations: run {REGENERATE}", file=sys.stderr)
        return 1
    path.write_text(made, encoding="utf-8")
    print(f"updated {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
