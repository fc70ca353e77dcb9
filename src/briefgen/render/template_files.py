"""Where templates are found, without Jinja: the build's no-op path checks template files
(:mod:`briefgen.engine.inputs`) and must not pay for importing the template engine."""

from __future__ import annotations

from pathlib import Path

BUILTIN_DIR = Path(__file__).parent.parent / "templates"
BUILTIN_PREFIX = "!builtin"


def resolve_template(name: str, project_templates: Path) -> Path:
    """The file the loader chain picks for ``name``: the project's first, then the built-in."""
    prefix = BUILTIN_PREFIX + "/"
    if name.startswith(prefix):
        return BUILTIN_DIR / name[len(prefix) :]
    own = project_templates / name
    return own if own.is_file() else BUILTIN_DIR / name
