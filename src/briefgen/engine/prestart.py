"""Workers started before the project is read, when the build will likely render.

A worker's start is mostly WeasyPrint's import and warm-up (about half a second);
reading the project and planning take a few tenths more. Made one after the
other, they are the whole wait before the first document. Forked first, the
workers import while this process reads (engine/pool.py, ``EarlyWorkers``).

Whether anything is to be rendered is known only from the plan, which needs the
project read. So the guess is made from what costs nothing: ``--force``, no
state yet (a first build, a fresh clone in CI), or a project file newer than the
state. A wrong guess costs no correctness: workers started for nothing are
stopped when the plan says so, and a build the guess missed starts its workers
after planning, as before. Only the no-op build is kept from the cost of a fork.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.content.config import CONFIG_FILE
from briefgen.content.project import CONTENT_DIR
from briefgen.engine.plan import BuildOptions
from briefgen.engine.state import STATE_DIR, STATE_FILE

if TYPE_CHECKING:
    from briefgen.engine.pool import EarlyWorkers

_OUTPUT = re.compile(r"""^output:[ \t]*(["']?)([^"'#\r\n]+?)\1[ \t]*(?:#.*)?$""", re.M)
"""The ``output:`` setting of briefgen.yaml, read without the settings' loader."""
_WATCHED = (CONTENT_DIR, "templates", "locale")


def _state_file(root: Path) -> Path:
    try:
        found = _OUTPUT.search((root / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        found = None
    output = found.group(2).strip() if found else "build"
    return root / output / STATE_DIR / STATE_FILE


def _newest_change(folder: Path) -> float:
    """The latest modification time of ``folder`` and of what is under it (0 if none)."""
    try:
        newest = folder.stat().st_mtime
        entries = list(os.scandir(folder))
    except OSError:
        return 0.0
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                newest = max(newest, _newest_change(Path(entry.path)))
            else:
                newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
        except OSError:
            continue
    return newest


def likely_to_render(root: Path, options: BuildOptions) -> bool:
    """Whether a build of the project at ``root`` will probably render something."""
    if options.force:
        return True
    try:
        recorded = _state_file(root).stat().st_mtime
    except OSError:
        return True  # never built here, or the state is gone
    try:
        settings = (root / CONFIG_FILE).stat().st_mtime
    except OSError:
        settings = 0.0
    newest = max([settings, *(_newest_change(root / name) for name in _WATCHED)])
    return newest >= recorded  # a tie (one tick of the clock) is a change: render


def start_if_likely(root: Path, options: BuildOptions) -> EarlyWorkers | None:
    """The build's workers, forked now if the build will probably render."""
    if not likely_to_render(root, options):
        return None
    from briefgen.engine.pool import start_early

    return start_early(options.jobs or os.cpu_count() or 1)
