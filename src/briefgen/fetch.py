"""The only way any file reaches a renderer.

:class:`AssetResolver` serves regular files inside ``content/assets/`` and the
built-in template folder (symlinks resolved, then checked) and ``data:``
URLs; it refuses everything else -- other ``file:`` paths, http, https, ftp --
and records each refusal, because WeasyPrint only logs a refusal that happens
inside an SVG image. Both writers use it.
"""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname


class RefusedURL(Exception):  # noqa: N818 - reads as what happened
    """A URL the renderer may not read."""


@dataclass
class AssetResolver:
    roots: tuple[Path, ...]
    max_bytes: int = 20_000_000
    refusals: list[str] = field(default_factory=list)
    """Every refused URL, with the reason, in the order they were asked for."""
    served: dict[str, str] = field(default_factory=dict)
    """Every file served: path -> its bytes' sha256 (for fingerprints)."""

    def __post_init__(self) -> None:
        self.roots = tuple(root.resolve() for root in self.roots)

    def _refuse(self, url: str, reason: str) -> RefusedURL:
        shown = url if len(url) <= 120 else url[:117] + "..."
        self.refusals.append(f'refused to read "{shown}": {reason}')
        return RefusedURL(reason)

    def resolve(self, url: str) -> tuple[bytes, str]:
        """(bytes, MIME type) for an allowed URL; raises RefusedURL otherwise."""
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return _decode_data_url(url)
        if scheme != "file":
            raise self._refuse(url, "only files in content/assets/ may be used")
        path = Path(url2pathname(unquote(urlsplit(url).path)))
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise self._refuse(url, "no such file") from None
        if not any(target.is_relative_to(root) for root in self.roots):
            raise self._refuse(url, "outside content/assets/")
        if not target.is_file():
            raise self._refuse(url, "not a regular file")
        size = target.stat().st_size
        if size > self.max_bytes:
            raise self._refuse(url, f"{size:,} bytes is over the asset size limit")
        data = target.read_bytes()
        import hashlib

        self.served[str(target)] = hashlib.sha256(data).hexdigest()
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return data, mime


def _decode_data_url(url: str) -> tuple[bytes, str]:
    header, _, payload = url[5:].partition(",")
    parts = header.split(";")
    mime = parts[0] or "text/plain"
    if "base64" in parts[1:]:
        return base64.b64decode(payload), mime
    return unquote(payload).encode("utf-8"), mime
