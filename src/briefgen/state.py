"""What the last build made, and whether each output is still current.

The state lives in ``<output>/.briefgen/state.json`` and uses content hashes,
never modification times (a CI checkout resets every mtime). For each
document and language it keeps the content fingerprint and the digest of
every entity it read; the templates and assets its rendering used; and for
each format the output's sha256 (and, for Word, the reference document's).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.outputs import write_atomic
from briefgen.templates import BUILTIN_DIR, resolve_template

STATE_DIR = ".briefgen"
STATE_FILE = "state.json"
FORMAT = 1


def sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class State:
    """The record of the last build; keys are ``<target>|<lang>``."""

    path: Path
    version: str = __version__
    settings: str = ""
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, output_dir: Path) -> State:
        path = output_dir / STATE_DIR / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls(path)
        return cls(path, str(data.get("version", "")), str(data.get("settings", "")),
                   dict(data.get("documents", {})))  # fmt: skip

    def save(self) -> None:
        data = {"format": FORMAT, "version": __version__, "settings": self.settings,
                "documents": dict(sorted(self.documents.items()))}  # fmt: skip
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        write_atomic(self.path, text.encode("utf-8"))

    def outputs(self) -> dict[str, str]:
        """Every output file recorded: path relative to the project -> sha256."""
        found: dict[str, str] = {}
        for record in self.documents.values():
            for out in record.get("outputs", {}).values():
                found[out["path"]] = out["sha256"]
        return found


class Checker:
    """Decides, with a reason, whether an output is current. Files are hashed once a run."""

    def __init__(self, root: Path, state: State, settings: str) -> None:
        self.root = root
        self.state = state
        self.settings = settings
        self._hashes: dict[Path, str | None] = {}
        self._templates: dict[str, tuple[Path, str | None]] = {}

    def _hash(self, path: Path) -> str | None:
        if path not in self._hashes:
            self._hashes[path] = sha256_file(path)
        return self._hashes[path]

    def _template(self, name: str) -> tuple[Path, str | None]:
        """The file the loader picks for template ``name`` and its digest, once a run."""
        if name not in self._templates:
            path = resolve_template(name, self.root / "templates")
            self._templates[name] = (path, self._hash(path))
        return self._templates[name]

    def reference_docx(self) -> Path:
        own = self.root / "templates" / "reference.docx"
        return own if own.is_file() else BUILTIN_DIR / "reference.docx"

    def reason(
        self, key: str, fmt: str, fingerprint: str, deps: dict[str, str], sources: dict[str, str]
    ) -> str | None:
        """Why this output must be built, or None when it is current."""
        record = self.state.documents.get(key)
        out = record.get("outputs", {}).get(fmt) if record else None
        if record is None or out is None:
            return "new"
        if self.state.version != __version__:
            return f"briefgen changed ({self.state.version} -> {__version__})"
        if self.state.settings != self.settings:
            return "settings in briefgen.yaml changed"
        if out.get("fingerprint") != fingerprint:
            return _content_reason(record.get("deps", {}), deps, sources)
        for name, (file, digest) in sorted(out.get("templates", {}).items()):
            current, current_digest = self._template(name)
            if str(current) != file or current_digest != digest:
                return f"template {_show(current, self.root)} changed"
        for asset, digest in sorted(out.get("assets", {}).items()):
            if self._hash(self.root / "content" / "assets" / asset) != digest:
                return f"asset {asset} changed"
        if fmt == "docx" and self._hash(self.reference_docx()) != out.get("reference"):
            return f"{_show(self.reference_docx(), self.root)} changed"
        actual = self._hash(self.root / out["path"])
        if actual is None:
            return "output missing"
        if actual != out["sha256"]:
            return "output changed on disk"
        return None


def _show(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return "built-in " + path.relative_to(BUILTIN_DIR).as_posix()


def _content_reason(old: dict[str, str], new: dict[str, str], sources: dict[str, str]) -> str:
    changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    if not changed:
        return "content changed"
    kind, entity_id, _aspect = changed[0].split("/", 2)
    if kind == "labels":
        return f"the label catalog for {entity_id} changed"
    where = sources.get(f"{kind}/{entity_id}", f"{kind}/{entity_id}")
    more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
    return f"{where} changed{more}"
