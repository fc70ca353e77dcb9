"""JSON Schemas (draft 2020-12) of the content files and of briefgen.yaml, for editors.

Made from the field declarations (content/declare.py): an editor's YAML language
server then flags an unknown key, a missing ``title`` or a date such as 2021-13-01 as
it is typed, and completes keys. References across files are beyond a schema: ``check``
resolves them.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefgen.content import models
from briefgen.content.config import CONFIG_FILE, Config
from briefgen.content.declare import JsonSchema, record_schema
from briefgen.diagnostics import UsageError

DRAFT = "https://json-schema.org/draft/2020-12/schema"

SCHEMAS: dict[str, type] = {
    "event": models.Event,
    "speaker": models.Speaker,
    "country": models.Country,
    "organisation": models.Organisation,
    "programme": models.Programme,
    "briefgen": Config,
}
"""Schema name (``<name>.schema.json``) -> the record a file of that kind holds."""

FOLDERS: dict[str, tuple[str, ...]] = {
    "event": ("content/events/*.yaml", "content/events/*.yml"),
    "speaker": ("content/speakers/*.yaml", "content/speakers/*.yml"),
    "country": ("content/countries/*.yaml", "content/countries/*.yml"),
    "organisation": ("content/organisations/*.yaml", "content/organisations/*.yml"),
    "programme": ("content/programmes/*.yaml", "content/programmes/*.yml"),
    "briefgen": (CONFIG_FILE,),
}
"""The files each schema describes, as globs from the project's root."""


def schema_document(name: str) -> JsonSchema:
    """The whole schema of one kind of file."""
    schema = record_schema(SCHEMAS[name])
    title = CONFIG_FILE if name == "briefgen" else f"briefgen {name} (content/{name}s/<id>.yaml)"
    if name == "country":
        title = "briefgen country (content/countries/<ISO3>.yaml)"
    return {"$schema": DRAFT, "title": title, **schema}


def schema_bytes(name: str) -> bytes:
    """A schema as written: sorted keys, indented by 2, a final newline (same bytes every
    time)."""
    text = json.dumps(schema_document(name), indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (created when missing); the files written.
    A folder that cannot be written is a usage error, which the command line prints."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output {folder} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name in SCHEMAS:
            path = folder / f"{name}.schema.json"
            path.write_bytes(schema_bytes(name))
            written.append(path)
    except OSError as exc:
        raise UsageError(f"cannot write the schemas into {folder}: {exc.strerror}") from exc
    return written


def vscode_settings(schemas: str = "./schemas") -> bytes:
    """``.vscode/settings.json`` for the YAML extension: each content folder's schema."""
    mapping = {f"{schemas}/{name}.schema.json": list(FOLDERS[name]) for name in SCHEMAS}
    text = json.dumps({"yaml.schemas": mapping}, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")
