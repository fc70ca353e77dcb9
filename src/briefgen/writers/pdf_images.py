"""Images that an archival PDF cannot hold, found before rendering and named where they are used.

PDF/A-3 (ISO 19005-3, 6.2.4.3) allows a device-dependent colour space only when
it matches the output intent, which is sRGB here; a CMYK image without an ICC
profile of its own has no colours PDF/A can state, and turning it into RGB
would change them (there is no lossless conversion). Such an image fails the
document, with a message at the line of the field that uses it.

What WeasyPrint converts without loss is left to it, and checked by the tests
with page-validation: 16-bit images, transparency (an alpha channel or a
transparent palette colour, embedded as a soft mask, which PDF/A-3 allows) and
CMYK images with their own ICC profile.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin

from lxml import html as lxml_html
from PIL import Image, UnidentifiedImageError

from briefgen.content.assets import AssetRefused, locate
from briefgen.diagnostics import Diagnostic, Location
from briefgen.render.fetch import ASSETS_URL

_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):")


def archival_image_problems(
    html: str, assets_dir: Path, source: str | None, target: str
) -> list[Diagnostic]:
    """An error for each image of ``html`` that a PDF/A file cannot embed as it is."""
    problems: list[Diagnostic] = []
    tree = lxml_html.document_fromstring(html)
    seen: set[str] = set()
    for src in tree.xpath("//img/@src"):
        url = urljoin(ASSETS_URL, str(src)).split("#", 1)[0]
        if not url.startswith(ASSETS_URL) or url in seen:
            continue
        seen.add(url)
        relative = unquote(url[len(ASSETS_URL) :])
        try:
            path = locate(assets_dir, relative)
        except AssetRefused:
            continue  # the renderer refuses it, and says why
        reason = _cannot_archive(path)
        if reason is None:
            continue
        where, field = _field_using(assets_dir, relative, source)
        problems.append(
            Diagnostic(
                "error",
                f"{target}: {field}: content/assets/{relative} {reason}",
                "pdf",
                where,
            )
        )
    return problems


def _cannot_archive(path: Path) -> str | None:
    try:
        with Image.open(path) as image:
            mode, profile = image.mode, image.info.get("icc_profile")
    except (OSError, UnidentifiedImageError, ValueError):
        return None  # unreadable: the renderer reports it
    if mode == "CMYK" and not profile:
        return (
            "is a CMYK image without an ICC colour profile: a PDF/A file cannot hold it, "
            "and converting it to RGB would change its colours; save it as RGB, or with "
            "its colour profile embedded"
        )
    return None


def _field_using(
    assets_dir: Path, relative: str, source: str | None
) -> tuple[Location | None, str]:
    """The file, line and key that name the asset: the document's own file, then the others."""
    project = assets_dir.parent.parent
    candidates = [project / source] if source else []
    candidates.append(project / "briefgen.yaml")
    candidates += sorted((project / "content").rglob("*.yaml"))
    for path in candidates:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, start=1):
            column = line.find(relative)
            if column < 0:
                continue
            key = next(
                (m.group(1) for m in map(_KEY.match, reversed(lines[:number])) if m), "image"
            )
            shown = path.relative_to(project).as_posix()
            return Location(shown, number, column + 1), key
    return None, "image"
