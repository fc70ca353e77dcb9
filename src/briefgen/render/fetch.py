"""The only way any file reaches a renderer.

:class:`AssetResolver` serves regular files inside ``content/assets/`` and the
built-in template folder (symlinks resolved, then checked) and ``data:``
URLs; it refuses everything else -- other ``file:`` paths, http, https, ftp --
and records each refusal, because WeasyPrint only logs a refusal that happens
inside an SVG image. Both writers use it.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from briefgen.content.assets import FOLDER, AssetRefused, locate

ASSETS_URL = "file:///briefgen-assets/"
"""The base URL of ``content/assets/`` in rendered documents.

Renderers see this fixed URL, never the project's real path: a document's
bytes do not depend on where the project lies (WeasyPrint names image objects
after their URL), and no real ``file:`` path is ever served.
"""
BUILTIN_URL = "file:///briefgen-builtin/"
"""The base URL of the built-in template folder."""


def display_url(url: str) -> str:
    """A URL as an editor knows it: ``content/assets/x.svg`` rather than the internal URL."""
    for base, shown in ((ASSETS_URL, "content/assets/"), (BUILTIN_URL, "built-in template ")):
        if url.startswith(base):
            return shown + unquote(url[len(base) :])
    return f'"{url if len(url) <= 120 else url[:117] + "..."}"'


_FAILED_IMAGE = re.compile(r"Failed to load image at '([^']*)'(?::\s*(.*))?", re.S)


def image_problem(message: str) -> str | None:
    """WeasyPrint's "Failed to load image at 'URL': reason" as an editor's message."""
    match = _FAILED_IMAGE.search(message)
    if match is None:
        return None
    reason = (match.group(2) or "").strip() or "unreadable or malformed image"
    return f"cannot use {display_url(match.group(1))}: {reason}"


FileRead = tuple[str, str, str | None]
"""(``assets`` or ``builtin``, path inside it, sha256 of the bytes served, or None when
there is no such file)."""
_listeners: list[Callable[[FileRead], None]] = []


@contextmanager
def recording_reads(listener: Callable[[FileRead], None]) -> Iterator[None]:
    """Tell ``listener`` of every file any resolver serves or cannot find, in order, meanwhile.

    The build engine records what each document read this way, whichever
    writer (or WeasyPrint, for an image inside an SVG) asked for it.
    """
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def _tell(base: str, relative: str, sha: str | None) -> None:
    for listener in _listeners:
        listener((base, relative, sha))


_REASONS = {
    "missing": "no such file",
    "outside": f"it leads outside {FOLDER}",
    "folder": "not a regular file",
    "too-large": "{size:,} bytes is over the asset size limit",
}
"""Why :func:`briefgen.content.assets.locate` refused a file, as a refused URL says it."""


class RefusedURL(Exception):  # noqa: N818 - reads as what happened
    """A URL the renderer may not read."""


@dataclass
class AssetResolver:
    roots: tuple[Path, ...]
    """``(content/assets, built-in templates)``: served under ASSETS_URL and BUILTIN_URL."""
    max_bytes: int = 20_000_000
    refusals: list[str] = field(default_factory=list)
    """Every refused URL, with the reason, in the order they were asked for."""
    served: dict[str, str] = field(default_factory=dict)
    """Every file served: path -> its bytes' sha256 (for fingerprints)."""

    def __post_init__(self) -> None:
        self.roots = tuple(root.resolve() for root in self.roots)

    def _refuse(self, url: str, reason: str) -> RefusedURL:
        self.refusals.append(f"refused to read {display_url(url)}: {reason}")
        return RefusedURL(reason)

    def resolve(self, url: str) -> tuple[bytes, str]:
        """(bytes, MIME type) for an allowed URL; raises RefusedURL otherwise."""
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return _decode_data_url(url)
        if scheme != "file":
            raise self._refuse(url, f"only files in {FOLDER} may be used")
        plain = url.split("#", 1)[0].split("?", 1)[0]
        served = zip((ASSETS_URL, BUILTIN_URL), self.roots, ("assets", "builtin"), strict=False)
        where = next(
            (
                (root, name, plain[len(base) :])
                for base, root, name in served
                if plain.startswith(base)
            ),
            None,
        )
        if where is None:
            raise self._refuse(url, f"outside {FOLDER}")
        root, label, relative = where[0], where[1], unquote(where[2])
        try:
            target = locate(root, url2pathname(relative), self.max_bytes, within=self.roots)
        except AssetRefused as refused:
            if refused.kind == "missing":
                _tell(label, relative, None)
            raise self._refuse(url, _REASONS[refused.kind].format(size=refused.size)) from None
        data = target.read_bytes()
        self.served[str(target)] = hashlib.sha256(data).hexdigest()
        _tell(label, relative, self.served[str(target)])
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return data, mime


def _decode_data_url(url: str) -> tuple[bytes, str]:
    header, _, payload = url[5:].partition(",")
    parts = header.split(";")
    mime = parts[0] or "text/plain"
    if "base64" in parts[1:]:
        return base64.b64decode(payload), mime
    return unquote(payload).encode("utf-8"), mime
