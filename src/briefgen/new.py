"""``briefgen new``: a new project to start from, as ``mkdocs new`` or ``quarto create``.

The skeleton ships inside the package (``skeleton/``): a commented
``briefgen.yaml`` and one small, valid example of every kind of content file,
so that ``briefgen check`` passes and ``briefgen build`` works at once; and the JSON
Schemas of the content (``schemas/``) with ``.vscode/settings.json`` mapping each content
folder to its schema, so that an editor with a YAML extension flags mistakes as they are
typed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from briefgen.content.jsonschema import vscode_settings, write_schemas
from briefgen.diagnostics import UsageError

SKELETON = Path(__file__).parent / "skeleton"

_RENAMED = {"gitignore": ".gitignore"}
"""Package data does not reliably carry dotfiles: these are stored under another name."""


def create_project(target: Path) -> list[Path]:
    """Write the skeleton into ``target`` (a new or empty folder); the files written,
    relative to ``target``."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty: give a new folder's name")
    written: list[Path] = []
    for source in sorted(SKELETON.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(SKELETON)
        relative = relative.with_name(_RENAMED.get(relative.name, relative.name))
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        written.append(relative)
    (target / "content" / "assets").mkdir(parents=True, exist_ok=True)
    written += [p.relative_to(target) for p in write_schemas(target / "schemas")]
    settings = target / ".vscode" / "settings.json"
    settings.parent.mkdir()
    settings.write_bytes(vscode_settings())
    written.append(settings.relative_to(target))
    return written
