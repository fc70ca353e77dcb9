"""Images for the DOCX writer: read through the PDF writer's resolver, SVG made PNG safely.

Every image is read by :class:`briefgen.render.fetch.AssetResolver` with the same
roots as the other writers (``content/assets/`` and the built-in templates);
anything else is refused and fails the document. Word documents cannot rely
on SVG, so an SVG is laid out by WeasyPrint through the same
:class:`~briefgen.writers.pdf.SafeFetcher` as the PDF (an SVG that refers to
anything outside the assets is refused), and its page is rasterised with
``pdftoppm`` at 150 dpi.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document
from docx.image.image import Image
from lxml import etree

from briefgen.render.fetch import AssetResolver, RefusedURL, display_url, image_problem
from briefgen.writers.docx.wml import Element, el, qn

EMU_PER_MM = 36000
EMU_PER_CSS_PX = 9525
SVG_DPI = 150
_RASTER_TYPES = {"image/png", "image/jpeg", "image/gif"}
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt|mm|cm|in|pc)?\s*$")
_PX_PER = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_MAX_SVG_PX = 2400.0


class ImageError(Exception):
    """An image that cannot go into the document (the message says why)."""


@dataclass(frozen=True)
class Picture:
    blob: bytes
    width_emu: int
    height_emu: int
    alt: str
    crop: tuple[int, int, int, int] = (0, 0, 0, 0)
    """Left, top, right, bottom cut from the image, in thousandths of a percent
    (``a:srcRect``): what CSS ``object-fit: cover`` cuts to fill a frame."""


def _cover_crop(
    width: float, height: float, frame_w: float, frame_h: float
) -> tuple[int, int, int, int]:
    """The even cut (a:srcRect units) that makes a ``width`` x ``height`` image fill a
    frame of ``frame_w`` x ``frame_h``, as ``object-fit: cover`` with centred position."""
    image_ratio, frame_ratio = width / height, frame_w / frame_h
    if image_ratio > frame_ratio:  # wider than the frame: cut the sides
        side = round((1 - frame_ratio / image_ratio) / 2 * 100_000)
        return (side, 0, side, 0)
    band = round((1 - image_ratio / frame_ratio) / 2 * 100_000)
    return (0, band, 0, band)


class Images:
    def __init__(self, document: Document, resolver: AssetResolver, base_url: str) -> None:
        self.document = document
        self.resolver = resolver
        self.base_url = base_url
        self._shape_id = 0

    def load(
        self,
        url: str,
        alt: str,
        *,
        width_mm: float | None = None,
        max_mm: tuple[float | None, float | None] = (None, None),
        frame_mm: tuple[float, float] | None = None,
        text_width_emu: int,
    ) -> Picture:
        """Read, convert and size one image: ``frame_mm`` (width, height) filled and the
        rest cut off evenly, as CSS ``object-fit: cover``; else ``width_mm`` exactly, or
        its natural size (96 px to the inch) within ``max_mm`` and the text column.

        Raises RefusedURL (recorded by the resolver) or ImageError.
        """
        data, mime = self.resolver.resolve(url)
        if mime == "image/svg+xml":
            data, css_w, css_h = self._svg_to_png(url, data)
        elif mime in _RASTER_TYPES:
            try:
                info = Image.from_blob(data)
            except Exception as exc:  # python-docx raises several kinds for bad data
                detail = str(exc).strip() or "unreadable or malformed image"
                raise ImageError(f"cannot use {display_url(url)}: {detail}") from None
            css_w = info.px_width * 96 / (info.horz_dpi or 96)
            css_h = info.px_height * 96 / (info.vert_dpi or 96)
        else:
            raise ImageError(f"{_short(url)}: {mime} images are not supported (PNG, JPEG, SVG)")
        width = max(css_w, 1.0) * EMU_PER_CSS_PX
        height = max(css_h, 1.0) * EMU_PER_CSS_PX
        if frame_mm is not None:
            return Picture(
                data,
                round(frame_mm[0] * EMU_PER_MM),
                round(frame_mm[1] * EMU_PER_MM),
                alt,
                _cover_crop(width, height, *frame_mm),
            )
        scale = width_mm * EMU_PER_MM / width if width_mm else 1.0
        max_w, max_h = max_mm
        if max_w:
            scale = min(scale, max_w * EMU_PER_MM / width)
        if max_h:
            scale = min(scale, max_h * EMU_PER_MM / height)
        scale = min(scale, text_width_emu / width)
        return Picture(data, max(round(width * scale), 1), max(round(height * scale), 1), alt)

    def chart(self, svg: bytes, png: bytes, alt: str, width_mm: float) -> Picture:
        """A chart drawn twice by the chart library: the PNG, at the size of the SVG the
        PDF shows, ``width_mm`` wide."""
        css_w, css_h = svg_size(svg)
        width = round(width_mm * EMU_PER_MM)
        return Picture(png, width, max(round(width * css_h / css_w), 1), alt)

    def run(self, picture: Picture) -> Element:
        """A run holding the picture inline, with its alt text."""
        inline = self.document.part.new_pic_inline(
            io.BytesIO(picture.blob), picture.width_emu, picture.height_emu
        )
        self._shape_id += 1
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("id", str(self._shape_id))
        doc_pr.set("name", f"Picture {self._shape_id}")
        doc_pr.set("descr", picture.alt)
        if any(picture.crop):
            left, top, right, bottom = picture.crop
            blip = inline.find(f".//{qn('pic:blipFill')}/{qn('a:blip')}")
            src_rect = el("a:srcRect")
            for name, value in (("l", left), ("t", top), ("r", right), ("b", bottom)):
                src_rect.set(name, str(value))  # DrawingML attributes: no namespace
            blip.addnext(src_rect)
        return el("w:r", el("w:drawing", inline))

    def floating_run(self, picture: Picture, *, end_is_left: bool) -> Element:
        """The picture as a run that floats at the end of the line (the right margin, or
        the left in a right-to-left document), with text wrapped beside it."""
        gap = round(6 * EMU_PER_MM)
        wrap = el("wp:wrapSquare")
        wrap.set("wrapText", "bothSides")
        return self._anchored(
            picture,
            _position("wp:positionH", "margin", align="left" if end_is_left else "right"),
            _position("wp:positionV", "paragraph", offset=0),
            wrap,
            gaps=(0, gap, gap, gap),
            overlap=False,
        )

    def placed_run(
        self, picture: Picture, x_twips: float, y_twips: float, *, align: str | None = None
    ) -> Element:
        """The picture as a run placed on its page at ``x_twips``, ``y_twips`` from the
        page's top left corner, out of the text's flow: where the stylesheet positions it
        (``position: absolute``: a cover's logo), the text around it unmoved. ``align``
        ("left", "right"): against that margin instead of at ``x_twips`` (LibreOffice
        measures a page offset from the right in a right-to-left document, Word from the
        left; a margin's side is the same to both)."""
        horizontal = (
            _position("wp:positionH", "margin", align=align)
            if align is not None
            else _position("wp:positionH", "page", offset=round(x_twips * 635))
        )
        return self._anchored(
            picture,
            horizontal,
            _position("wp:positionV", "page", offset=round(y_twips * 635)),
            el("wp:wrapNone"),
            gaps=(0, 0, 0, 0),
            overlap=True,
        )

    def _anchored(
        self,
        picture: Picture,
        horizontal: Element,
        vertical: Element,
        wrap: Element,
        *,
        gaps: tuple[int, int, int, int],
        overlap: bool,
    ) -> Element:
        """The picture as a run anchored at ``horizontal``, ``vertical`` (``wp:positionH``,
        ``wp:positionV``), wrapped as ``wrap`` says, ``gaps`` (top, bottom, left, right,
        EMU) from the text."""
        run = self.run(picture)
        inline = run.find(f"{qn('w:drawing')}/{qn('wp:inline')}")
        anchor = el("wp:anchor")
        top, bottom, left, right = gaps
        for name, value in (
            ("distT", top),
            ("distB", bottom),
            ("distL", left),
            ("distR", right),
            ("simplePos", 0),
            ("relativeHeight", 1),
            ("behindDoc", 0),
            ("locked", 0),
            ("layoutInCell", 1),
            ("allowOverlap", int(overlap)),
        ):
            anchor.set(name, str(value))  # DrawingML attributes: no namespace
        simple = el("wp:simplePos")
        simple.set("x", "0")
        simple.set("y", "0")
        extent, *rest = [child for child in inline if child.tag != qn("wp:effectExtent")]
        effect = el("wp:effectExtent")
        for side in ("l", "t", "r", "b"):
            effect.set(side, "0")
        for child in (simple, horizontal, vertical, extent, effect, wrap, *rest):
            anchor.append(child)
        inline.getparent().replace(inline, anchor)
        return run

    # -- SVG ------------------------------------------------------------------

    def _svg_to_png(self, url: str, data: bytes) -> tuple[bytes, float, float]:
        css_w, css_h = svg_size(data)
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            raise ImageError(
                f"{_short(url)}: SVG images in Word documents need pdftoppm "
                "(install the Debian package poppler-utils)"
            )
        from weasyprint import HTML

        from briefgen.writers.layout import SafeFetcher, captured_logs, font_configuration

        page = (
            "<!DOCTYPE html><html><head><style>"
            f"@page {{ size: {css_w:.3f}px {css_h:.3f}px; margin: 0 }}"
            "html, body { margin: 0; padding: 0 }"
            f"img {{ display: block; width: {css_w:.3f}px; height: {css_h:.3f}px }}"
            '</style></head><body><img src="" alt=""></body></html>'
        )
        html_text = page.replace('src=""', f'src="{html.escape(url, quote=True)}"')
        refused_before = len(self.resolver.refusals)
        with captured_logs() as logs:
            try:
                pdf = HTML(
                    string=html_text, base_url=self.base_url, url_fetcher=SafeFetcher(self.resolver)
                ).write_pdf(font_config=font_configuration())
            except RefusedURL:
                pdf = None
        if len(self.resolver.refusals) > refused_before or pdf is None:
            raise RefusedURL("the SVG refers to something outside content/assets/")
        failures = [r.getMessage() for r in logs.records if "Failed to load" in r.getMessage()]
        if failures:
            raise ImageError(image_problem(failures[0]) or f"{_short(url)}: {failures[0]}")
        with tempfile.TemporaryDirectory(prefix="briefgen-svg-") as tmp:
            source = Path(tmp) / "image.pdf"
            source.write_bytes(pdf)
            done = subprocess.run(
                [
                    pdftoppm,
                    "-png",
                    "-r",
                    str(SVG_DPI),
                    "-singlefile",
                    str(source),
                    str(Path(tmp) / "image"),
                ],
                capture_output=True,
                timeout=120,
                check=False,
            )
            png = Path(tmp) / "image.png"
            if done.returncode != 0 or not png.is_file():
                message = done.stderr.decode("utf-8", "replace").strip() or "no output"
                raise ImageError(f"{_short(url)}: pdftoppm failed: {message}")
            return png.read_bytes(), css_w, css_h


def svg_size(data: bytes) -> tuple[float, float]:
    """The SVG's intrinsic size in CSS pixels (width/height, else viewBox, else 300x150).

    The parser loads no DTD, resolves no entity and reads nothing from the network.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImageError(f"the SVG image is not well-formed XML ({exc})") from None
    view = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v][2:4]

    def length(name: str) -> float | None:
        match = _LENGTH.match(root.get(name, ""))
        return float(match.group(1)) * _PX_PER[match.group(2) or "px"] if match else None

    width, height = length("width"), length("height")
    if width is None and height is None:
        width, height = (view[0], view[1]) if len(view) == 2 else (300.0, 150.0)
    elif width is None:
        assert height is not None
        width = height * view[0] / view[1] if len(view) == 2 and view[1] else height * 2
    elif height is None:
        height = width * view[1] / view[0] if len(view) == 2 and view[0] else width / 2
    scale = min(1.0, _MAX_SVG_PX / max(width, height, 1.0))
    return max(width * scale, 1.0), max(height * scale, 1.0)


def _short(url: str) -> str:
    if url.startswith("data:"):
        return url[:40] + "..."
    return url.rsplit("/", 1)[-1]


def _position(
    axis: str, relative_from: str, *, align: str | None = None, offset: int = 0
) -> Element:
    """``wp:positionH`` or ``wp:positionV``: aligned (``align``) or at ``offset`` EMU from
    ``relative_from`` (page, margin, paragraph)."""
    position = el(axis, el("wp:align") if align is not None else el("wp:posOffset"))
    position.set("relativeFrom", relative_from)
    position[0].text = align if align is not None else str(offset)
    return position
