"""Where templates are found: the one lookup, for the Jinja loader
(:mod:`briefgen.render.templates`), the Word reference document and the build's no-op
path, which checks template files (:mod:`briefgen.engine.inputs`) and must not pay for
importing the template engine."""

from __future__ import annotations

from pathlib import Path

BUILTIN_DIR = Path(__file__).parent.parent / "templates"
BUILTIN_PREFIX = "!builtin"


def resolve_template(name: str, project_templates: Path | None) -> Path:
    """The file for template ``name``: the project's ``templates/`` first, then the built-in
    folder; ``!builtin/NAME`` is always the built-in file (a project's template extends the
    original it replaces). The file may not exist: callers say so in their own terms."""
    prefix = BUILTIN_PREFIX + "/"
    if name.startswith(prefix):
        return BUILTIN_DIR / name[len(prefix) :]
    if project_templates is not None:
        own = project_templates / name
        if own.is_file():
            return own
    return BUILTIN_DIR / name
