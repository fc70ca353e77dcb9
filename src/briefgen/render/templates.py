"""The Jinja environment: project templates over built-in ones, strict and autoescaped.

A file in the project's ``templates/`` replaces the built-in file of the same
name; ``{% extends "!builtin/event.html" %}`` reaches the original (as in
Sphinx and Pelican). Every template that is loaded is recorded, so that a
document's fingerprint covers exactly the templates it used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import StrictUndefined, TemplateNotFound
from jinja2.loaders import split_template_path

from briefgen.render.template_files import BUILTIN_DIR as BUILTIN_DIR  # re-exported
from briefgen.render.template_files import BUILTIN_PREFIX as BUILTIN_PREFIX
from briefgen.render.template_files import resolve_template


class RecordingLoader(jinja2.BaseLoader):
    """Finds templates with :func:`resolve_template` and records the file and digest of
    every template it serves."""

    def __init__(self, project_templates: Path | None) -> None:
        self.project_templates = project_templates
        self.files: dict[str, tuple[str, str]] = {}
        """Template name -> (file it was read from, sha256 of its text)."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        split_template_path(template)  # refuses "..": no template is read from elsewhere
        path = resolve_template(template, self.project_templates)
        try:
            source = path.read_text(encoding="utf-8")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise TemplateNotFound(template) from None
        filename = str(path)
        digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
        self.files[template] = (filename, digest)
        mtime = path.stat().st_mtime

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        folders = [BUILTIN_DIR] + ([self.project_templates] if self.project_templates else [])
        names = {
            path.relative_to(folder).as_posix()
            for folder in folders
            if folder.is_dir()
            for path in folder.rglob("*")
            if path.is_file()
        }
        return sorted(names)


class RecordingEnvironment(jinja2.Environment):
    """Notes the name of every template asked for, cached or not (extends, include, import)."""

    used: set[str]

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> Any:
        self.used.add(name if isinstance(name, str) else getattr(name, "name", str(name)))
        return super().get_template(name, parent, globals)

    def templates_used(self) -> dict[str, tuple[str, str]]:
        """Name -> (file, sha256) of every template asked for since ``used`` was cleared."""
        loader = self.loader
        assert isinstance(loader, RecordingLoader)
        return {name: loader.files[name] for name in sorted(self.used) if name in loader.files}


def make_environment(project_templates: Path | None) -> RecordingEnvironment:
    """A fresh environment; filters and globals are added by the renderer."""
    env = RecordingEnvironment(
        loader=RecordingLoader(project_templates),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.used = set()
    return env


def template_location(exc: jinja2.TemplateError, project_root: Path) -> tuple[str, int]:
    """(project-relative or built-in name, line) of a template error."""
    filename = getattr(exc, "filename", None) or getattr(exc, "name", None) or "<template>"
    lineno = int(getattr(exc, "lineno", 0) or 0)
    path = Path(filename)
    if path.is_absolute():
        try:
            filename = path.resolve().relative_to(project_root.resolve()).as_posix()
        except ValueError:
            try:
                filename = "builtin:" + path.resolve().relative_to(BUILTIN_DIR).as_posix()
            except ValueError:
                filename = path.name
    return filename, lineno


def traceback_location(exc: BaseException, project_root: Path) -> tuple[str, int] | None:
    """For an error raised while a template ran: the innermost template frame."""
    found: tuple[str, int] | None = None
    tb = exc.__traceback__
    while tb is not None:
        frame_file = tb.tb_frame.f_code.co_filename
        if frame_file.endswith(".html") or frame_file.endswith(".css"):
            found = (frame_file, tb.tb_lineno)
        tb = tb.tb_next
    if found is None:
        return None
    fake: Any = jinja2.TemplateError()
    fake.filename, fake.lineno = found
    return template_location(fake, project_root)
