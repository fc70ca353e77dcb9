"""Compiled templates kept between builds (render/compiled_templates.py): the HTML is the
HTML compiling gives, an edited template or another compiler setting is compiled afresh,
and a damaged or unwritable cache is only a cache miss."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render.compiled_templates import compiler_settings
from briefgen.render.document import Renderer
from buildtools import briefgen, write
from conftest import copy_root

JANE = DocumentRef("speakers", "jane-doe")
OVERRIDE = (
    '{% extends "!builtin/speaker.html" %}'
    "{% block body %}<p>Edition {{ 'ONE' }}</p>{{ super() }}{% endblock %}\n"
)


def counted(renderer: Renderer) -> list[str]:
    """The names of the templates ``renderer`` compiles from now on."""
    names: list[str] = []
    compile_source: Callable[..., Any] = renderer.env.compile

    def compile_and_note(source: str, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        names.append(str(name))
        return compile_source(source, name, *args, **kwargs)

    renderer.env.compile = compile_and_note  # type: ignore[method-assign]
    return names


def test_kept_code_renders_the_html_compiling_gives(tmp_path: Path) -> None:
    project = load_project(copy_root("minimal", tmp_path))
    kept = tmp_path / "compiled"
    plain = Renderer(project).render(JANE, "en")
    first = Renderer(project, compiled_templates=kept)
    compiled_by_first = counted(first)
    made = first.render(JANE, "en")
    assert compiled_by_first and len(list(kept.glob("*.code"))) == len(compiled_by_first)
    second = Renderer(project, compiled_templates=kept)
    compiled_by_second = counted(second)
    again = second.render(JANE, "en")
    assert compiled_by_second == []  # every template's code was read from the folder
    assert made.html == plain.html == again.html
    assert made.templates == plain.templates == again.templates  # still recorded


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    root = copy_root("minimal", tmp_path)
    override = write(root, {"templates/speaker.html": OVERRIDE}) / "templates" / "speaker.html"
    project = load_project(root)
    kept = tmp_path / "compiled"
    assert "Edition ONE" in Renderer(project, compiled_templates=kept).render(JANE, "en").html
    before = override.stat()
    override.write_text(OVERRIDE.replace("ONE", "TWO"), encoding="utf-8")  # the same size,
    os.utime(override, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same time
    renderer = Renderer(project, compiled_templates=kept)
    compiled = counted(renderer)
    html = renderer.render(JANE, "en").html
    assert "Edition TWO" in html and "Edition ONE" not in html
    assert compiled == ["speaker.html"]  # the others were not edited


def test_another_compiler_setting_is_another_file() -> None:
    env = jinja2.Environment(autoescape=jinja2.select_autoescape(disabled_extensions=("css",)))
    env.filters["t"] = str
    settings = compiler_settings(env, "page.html")
    assert compiler_settings(env, "page.html") == settings
    assert compiler_settings(env, "style.css") != settings  # escaped in one, not the other
    env.filters["t"] = jinja2.pass_context(lambda context, value: value)
    assert compiler_settings(env, "page.html") != settings  # called with the context
    with_context = compiler_settings(env, "page.html")
    env.filters["u"] = str
    assert compiler_settings(env, "page.html") != with_context  # a filter that exists
    with_u = compiler_settings(env, "page.html")
    env.trim_blocks = not env.trim_blocks
    assert compiler_settings(env, "page.html") != with_u


def test_a_damaged_file_is_compiled_again(tmp_path: Path) -> None:
    project = load_project(copy_root("minimal", tmp_path))
    kept = tmp_path / "compiled"
    made = Renderer(project, compiled_templates=kept).render(JANE, "en")
    files = sorted(kept.glob("*.code"))
    for path in files:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])  # a copy cut short
    renderer = Renderer(project, compiled_templates=kept)
    compiled = counted(renderer)
    assert renderer.render(JANE, "en").html == made.html
    assert len(compiled) == len(files)
    again = Renderer(project, compiled_templates=kept)
    compiled_again = counted(again)
    assert again.render(JANE, "en").html == made.html
    assert compiled_again == []  # the damaged files were replaced


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    project = load_project(copy_root("minimal", tmp_path))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n", encoding="utf-8")
    html = Renderer(project, compiled_templates=blocked / "compiled").render(JANE, "en").html
    assert html == Renderer(project).render(JANE, "en").html


def test_a_build_keeps_the_code_and_rebuilds_with_an_edit(tmp_path: Path) -> None:
    root = copy_root("minimal", tmp_path)
    override = write(root, {"templates/speaker.html": OVERRIDE}) / "templates" / "speaker.html"
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert briefgen("build", "-f", "html", "-j1", cwd=root, env=cache).code == 0
    kept = tmp_path / "cache" / "briefgen" / "templates"
    assert len(list(kept.glob("*.code"))) >= 3  # speaker.html, base.html, style.css...
    assert stat.S_IMODE(kept.stat().st_mode) == 0o700  # only the user writes code there
    assert not (root / "build" / ".briefgen" / "templates").exists()  # never the project
    (output,) = (root / "build").rglob("jane-doe.html")
    assert "Edition ONE" in output.read_text(encoding="utf-8")
    before = override.stat()
    override.write_text(OVERRIDE.replace("ONE", "TWO"), encoding="utf-8")
    os.utime(override, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert briefgen("build", "-f", "html", "-j1", cwd=root, env=cache).code == 0
    text = output.read_text(encoding="utf-8")
    assert "Edition TWO" in text and "Edition ONE" not in text


def test_a_cache_folder_others_may_write_is_not_used(tmp_path: Path) -> None:
    """Code another user could have written is never run: a group- or world-writable folder
    is no cache, and a project's own build/ folder never is one."""
    shared = tmp_path / "cache" / "briefgen" / "templates"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    root = copy_root("minimal", tmp_path)
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert briefgen("build", "-f", "html", "-j1", cwd=root, env=cache).code == 0
    assert list(shared.iterdir()) == []
    shared.chmod(0o700)
    assert briefgen("build", "-f", "html", "-j1", "--force", cwd=root, env=cache).code == 0
    assert list(shared.glob("*.code"))
