"""The current value of every input a document can read, found again from its key.

A key recorded while rendering (see :mod:`briefgen.engine.recording`) is
evaluated here against the project as it is now: content keys by replaying
their address on the freshly loaded graph and settings; the other inputs by
reading what they name. Nothing is rendered and WeasyPrint is not imported;
every key is evaluated at most once per build, however many documents read it.

The same functions compute what a worker records and what is checked later,
so an unchanged input always gives the same digest.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.content.assets import AssetRefused, locate
from briefgen.content.project import Project
from briefgen.content.un_country_names import un_names_digest
from briefgen.engine.recording import (
    MISSING,
    VOLATILE,
    digest,
    key_of,
    shape,
    shape_of_keys,
    whole,
)
from briefgen.render.template_files import BUILTIN_DIR, resolve_template

ENVIRONMENT = ("SOURCE_DATE_EPOCH",)
"""Environment variables a document's bytes depend on."""
LIBRARIES = (
    "weasyprint",
    "pydyf",
    "python-docx",
    "jinja2",
    "babel",
    "pycountry",
    "markdown-it-py",
    "lxml",
)
"""Libraries whose version changes what is written, besides briefgen's own."""


def sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def shown(path: Path, root: Path) -> str:
    """A path as the log shows it: project-relative, or ``built-in <name>``."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        try:
            return "built-in " + path.relative_to(BUILTIN_DIR).as_posix()
        except ValueError:
            return path.as_posix()


@cache
def versions() -> dict[str, str]:
    """briefgen's version and that of every library that shapes the output."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"briefgen": __version__, "un-short-names": un_names_digest()}
    source = source_digest()
    if source is not None:
        found["briefgen-source"] = source
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


@cache
def source_digest() -> str | None:
    """A digest of briefgen's own Python code when it runs from a source tree (an editable
    install, or ``src`` on the path), where its version does not change with its code;
    None for an installed copy, whose version does. Every document records it among the
    versions, so that an edit to briefgen's code rebuilds what the edit may change."""
    return package_digest(Path(__file__).resolve().parent.parent)


def package_digest(package: Path) -> str | None:
    """:func:`source_digest` of the package folder ``package``."""
    if {"site-packages", "dist-packages"} & set(package.parts):
        return None
    sha = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        sha.update(path.relative_to(package).as_posix().encode())
        sha.update(b"\0")
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def catalog_files(lang: str, root: Path) -> dict[str, str | None]:
    """The label catalogs a language reads (briefgen's and the project's) and their sha256."""
    from briefgen.content.catalogs import LOCALE_DIR, PROJECT_LOCALE

    found: dict[str, str | None] = {}
    for folder in (LOCALE_DIR, root / PROJECT_LOCALE):
        for path in sorted((folder / lang / "LC_MESSAGES").glob("briefgen.*")):
            found[shown(path, root) + (" (built-in)" if folder == LOCALE_DIR else "")] = (
                sha256_file(path)
            )
    return found


def reference_docx(root: Path) -> Path:
    return resolve_template("reference.docx", root / "templates")


def template_value(path: Path, sha: str | None, root: Path) -> list[str | None]:
    return [shown(path, root), sha]


def asset_path(root: Path, base: str, relative: str) -> Path | None:
    """The file a ``["file", base, relative]`` key names, or None when it may not be read."""
    folder = (root / "content" / "assets") if base == "assets" else BUILTIN_DIR
    try:
        return locate(folder, relative)
    except AssetRefused:
        return None


class _Failed:
    def __init__(self, name: str) -> None:
        self.name = name


class Inputs:
    """Evaluates recorded keys against one loaded project; each key, and each prefix, once."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.root = project.root
        self._digests: dict[str, str] = {VOLATILE: "now"}
        self._values: dict[str, Any] = {}

    @cached_property
    def content(self) -> str:
        """A digest of everything the graph and the settings are made from: every content
        file and briefgen.yaml (their bytes) and which of them have errors. While it is the
        one an output was recorded with, no content key it read can have changed."""
        return digest([sorted(self.project.files.items()), sorted(self.project.invalid)])

    def digest(self, key: str) -> str:
        found = self._digests.get(key)
        if found is None:
            try:
                found = self._evaluate(key)
            except (ValueError, TypeError, IndexError, KeyError, AttributeError):
                found = "unreadable key"
            self._digests[key] = found
        return found

    # -- content and settings --------------------------------------------------

    def _evaluate(self, key: str) -> str:
        parent, tab, last = key.rpartition("\t")
        if not tab:
            root = json.loads(key)
            if root[0] not in ("graph", "entity", "config"):
                return self._other(root)
        if last == '["k"]':
            table = self._resolve(parent)
            return digest(shape_of_keys(table) if isinstance(table, Mapping) else "<missing>")
        if last == '["all"]':
            return digest(whole(self._resolve(parent)))
        value = self._resolve(key)
        if isinstance(value, _Failed):
            return digest(["!", value.name])
        return digest(shape(value))

    def _resolve(self, key: str) -> Any:
        if key in self._values:
            return self._values[key]
        parent, tab, last = key.rpartition("\t")
        if tab:
            value = self._step(self._resolve(parent), json.loads(last))
        else:
            root = json.loads(key)
            graph = self.project.graph
            if root == ["graph"]:
                value = graph
            elif root == ["config"]:
                value = self.project.config
            elif root[0] == "entity":
                table = getattr(graph, str(root[1]), None)
                value = table.get(root[2], MISSING) if isinstance(table, Mapping) else MISSING
            else:
                value = MISSING
        self._values[key] = value
        return value

    def _step(self, owner: Any, step: list[Any]) -> Any:
        if owner is MISSING or isinstance(owner, _Failed):
            return MISSING
        what = step[0]
        if what == "a":
            return getattr(owner, step[1], MISSING)
        if what == "i":
            try:
                return owner[step[1]]
            except (KeyError, IndexError, TypeError):
                return MISSING
        if what == "c":
            args = [self._argument(a) for a in step[2]]
            kwargs = {k: self._argument(v) for k, v in step[3].items()}
            if any(a is MISSING for a in (*args, *kwargs.values())):
                return MISSING
            try:
                return getattr(owner, step[1])(*args, **kwargs)
            except Exception as exc:
                return _Failed(type(exc).__name__)
        return MISSING

    def _argument(self, form: Any) -> Any:
        if isinstance(form, dict):
            if "@" in form:
                return self._resolve(form["@"])
            if "seq" in form:
                return tuple(self._argument(item) for item in form["seq"])
            if "date" in form:
                import datetime as dt

                return dt.date.fromisoformat(form["date"])
        return form

    # -- files, templates, catalogs, versions -------------------------------------

    def _other(self, address: list[Any]) -> str:
        kind = address[0]
        if kind == "template":
            path = resolve_template(address[1], self.root / "templates")
            return digest(template_value(path, sha256_file(path), self.root))
        if kind == "file":
            target = asset_path(self.root, address[1], address[2])
            return digest(sha256_file(target) if target else "<refused>")
        if kind == "catalog":
            return digest(catalog_files(address[1], self.root))
        if kind == "reference":
            path = reference_docx(self.root)
            return digest(template_value(path, sha256_file(path), self.root))
        if kind == "version":
            return digest(versions())
        if kind == "env":
            return digest(os.environ.get(address[1], ""))
        return "unknown key"


def always_read(lang: str, root: Path) -> dict[str, str]:
    """The inputs every document reads: versions, environment, its language's catalogs."""
    reads = {key_of(("version",)): digest(versions())}
    for name in ENVIRONMENT:
        reads[key_of(("env", name))] = digest(os.environ.get(name, ""))
    reads[key_of(("catalog", lang))] = digest(catalog_files(lang, root))
    return reads


def _steps(steps: list[Any]) -> str:
    """Steps of an address as Python reads them: ``.sessions[0].title``, ``.speakers['kato']``."""
    out = ""
    for step in steps:
        if step[0] == "a":
            out += f".{step[1]}"
        elif step[0] == "i":
            out += f"[{step[1]!r}]"
        elif step[0] == "k":
            out += " (enumerated)"
        elif step[0] == "all":
            out += " (compared whole)"
        elif step[0] == "c":
            args = [_argument_text(a) for a in step[2]]
            args += [f"{k}={_argument_text(v)}" for k, v in step[3].items()]
            out += f".{step[1]}({', '.join(args)})"
    return out


def _argument_text(form: Any) -> str:
    if isinstance(form, dict):
        if "@" in form:
            return _address_text(form["@"])
        if "seq" in form:
            return "[" + ", ".join(_argument_text(a) for a in form["seq"]) + "]"
        if "date" in form:
            return str(form["date"])
    return repr(form)


def _address_text(key: str) -> str:
    parts = [json.loads(part) for part in key.split("\t")]
    root = parts[0]
    if root[0] == "entity":
        return f"{root[1]}/{root[2]}{_steps(parts[1:])}"
    return f"{root[0]}{_steps(parts[1:])}"


def describe(key: str, project: Project) -> tuple[int, str, str]:
    """(priority, what changed as the log says it, the input in full) of a recorded key.

    The priority orders the reasons of a rebuild: briefgen itself first, content last.
    """
    try:
        parts = [json.loads(part) for part in key.split("\t")]
    except ValueError:
        return 9, "an unreadable input", key
    address, steps = parts[0], parts[1:]
    kind = address[0]
    root = project.root
    if kind == "version":
        return (
            0,
            "briefgen or a library it uses",
            "versions: " + ", ".join(f"{name} {v}" for name, v in versions().items()),
        )
    if kind == "env":
        return 1, f"${address[1]}", f"environment variable {address[1]}"
    if kind == "config":
        return 2, "briefgen.yaml", "setting " + _steps(steps).lstrip(".")
    if kind == "catalog":
        return 3, f"the label catalog for {address[1]}", f"label catalogs for {address[1]}"
    if kind == "reference":
        shown_path = shown(reference_docx(root), root)
        return 4, shown_path, f"Word reference document {shown_path}"
    if kind == "template":
        shown_path = shown(resolve_template(address[1], root / "templates"), root)
        return 5, f"template {shown_path}", f"template {address[1]} ({shown_path})"
    entity: tuple[str, str] | None = None
    rest = steps
    if kind == "entity":
        entity = (address[1], address[2])
    elif kind == "graph" and len(steps) >= 2 and steps[0][0] == "a" and steps[1][0] == "i":
        entity, rest = (steps[0][1], str(steps[1][1])), steps[2:]
    if entity is not None:
        source = project.sources.get(entity, f"{entity[0]}/{entity[1]}")
        return 6, source, f"{entity[0]}/{entity[1]}{_steps(rest)}"
    if kind == "graph":
        return 7, "the content", "graph" + _steps(steps)
    if kind == "file":
        shown_path = (
            f"content/assets/{address[2]}" if address[1] == "assets" else (f"built-in {address[2]}")
        )
        return 8, f"asset {shown_path}", f"file {shown_path}"
    if kind == "volatile":
        return 9, "an input that cannot be recorded", "an input that cannot be recorded"
    return 9, "an unknown input", key
