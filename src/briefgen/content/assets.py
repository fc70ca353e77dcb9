"""What an asset may be: the one rule for every file a document uses from content/assets/.

An asset is a regular file inside the project's ``content/assets/`` folder (after every
symlink is followed), named by a relative path with no scheme, and no larger than
``limits.asset_bytes``. Content checks the paths editors write against it
(:func:`asset_problem`, with a "did you mean"); the renderers' resolver
(:class:`briefgen.render.fetch.AssetResolver`) and the PDF/A image check find files
through :func:`locate`, so no writer reads a file this rule refuses.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Literal

FOLDER = "content/assets/"
"""The assets folder as an editor knows it, in messages."""

Refusal = Literal["outside", "folder", "missing", "too-large"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class AssetRefused(Exception):  # noqa: N818 - reads as what happened
    """A path the rule refuses: ``kind`` says why, ``size`` is the file's size when too large."""

    def __init__(self, kind: Refusal, size: int = 0) -> None:
        super().__init__(kind)
        self.kind: Refusal = kind
        self.size = size


def locate(
    folder: Path, relative: str, max_bytes: int | None = None, *, within: tuple[Path, ...] = ()
) -> Path:
    """The real file that ``relative`` names inside ``folder``; raises :class:`AssetRefused`.

    ``within`` lists the folders the real file may lie in (``folder`` when empty): the
    renderers serve the built-in templates through the same rule.
    """
    root = folder.resolve()
    allowed = tuple(path.resolve() for path in within) or (root,)
    try:
        target = (root / relative).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise AssetRefused("missing") from None
    if not any(target.is_relative_to(path) for path in allowed):
        raise AssetRefused("outside")
    if target.is_dir():
        raise AssetRefused("folder")
    if not target.is_file():
        raise AssetRefused("missing")
    size = target.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise AssetRefused("too-large", size)
    return target


def asset_problem(value: str, assets_dir: Path, max_bytes: int | None = None) -> str | None:
    """Why ``value``, a path an editor wrote, is not a usable asset, or None when it is one."""
    if not value or value.startswith(("/", "\\")) or _SCHEME.match(value):
        return f'asset "{value}" must be a path relative to {FOLDER}'
    try:
        locate(assets_dir, value, max_bytes)
    except AssetRefused as refused:
        if refused.kind == "outside":
            return f'asset "{value}" leaves {FOLDER}'
        if refused.kind == "folder":
            return f'asset "{value}" is a folder in {FOLDER}, not a file'
        if refused.kind == "missing":
            closest = _closest_asset(value, assets_dir.resolve())
            return f'asset "{value}" not found in {FOLDER}{closest}'
        return (
            f'asset "{value}" is {refused.size:,} bytes; the limit is {max_bytes:,} '
            "(limits.asset_bytes in briefgen.yaml)"
        )
    return None


def _closest_asset(value: str, root: Path, limit: int = 10_000) -> str:
    """A "did you mean" among the files under content/assets/: the same path in other
    letter case first (it works on one computer and not on another), else a close one."""
    names: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        base = Path(folder).relative_to(root)
        names += [
            (base / name).as_posix()
            for name in sorted(files)
            if (Path(folder) / name).resolve().is_relative_to(root)
        ]
        if len(names) >= limit:
            break
    same = [name for name in names if name.lower() == value.lower()]
    close = same or difflib.get_close_matches(value, sorted(names), n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""
