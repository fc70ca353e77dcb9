"""WeasyPrint's layout of a document's semantic HTML, made once for both writers.

The PDF writer lays out the HTML with every body element marked (``MARK``, a
``data-`` attribute no selector sees) and keeps the result (:func:`share_layout`);
the DOCX writer, writing the same document next, reads that layout (where each
block's page starts, column widths, computed metrics: writers/docx/layout.py)
instead of laying the same HTML out again.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from lxml import html as lxml_html
from weasyprint import CSS, DEFAULT_OPTIONS, URLFetcher
from weasyprint.document import Document
from weasyprint.text.ffi import ffi
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse

from briefgen.render.fetch import ASSETS_URL, AssetResolver
from briefgen.writers.cascade_cache import install as install_cascade_cache
from briefgen.writers.computed_styles import install as install_computed_styles
from briefgen.writers.ffi_arrays import quick_arrays
from briefgen.writers.font_data import install as install_font_data
from briefgen.writers.html_tree import weasyprint_html
from briefgen.writers.kept_layouts import install as install_kept_layouts
from briefgen.writers.kept_layouts import new_document as new_kept_layouts
from briefgen.writers.leaders import install as install_leaders
from briefgen.writers.pseudo_styles import deferred_pseudo_styles
from briefgen.writers.target_counters import install as install_target_counters
from briefgen.writers.used_lengths import install as install_used_lengths
from briefgen.writers.weasyprint_speedups import install as install_speedups

if TYPE_CHECKING:
    from lxml.html import HtmlElement as Element

quick_arrays(ffi)  # the PDF's font subsets: no C parsed per document (writers/ffi_arrays.py)
install_speedups()  # work WeasyPrint repeats, done once (writers/weasyprint_speedups.py)
install_computed_styles()  # undeclared properties' values directly (writers/computed_styles.py)
install_kept_layouts()  # a line drawn with the Pango layout it was split with (kept_layouts.py)
install_target_counters()  # a contents page laid out twice, not three times (target_counters.py)
install_used_lengths()  # a box's used lengths set in one pass (used_lengths.py)
install_font_data()  # a font's whole file read only if something reads it (font_data.py)
install_cascade_cache()  # declarations walked once per set of matching rules (cascade_cache.py)
install_leaders()  # a dotted leader drawn as one run of text, not one box per dot (leaders.py)

MARK = "data-briefgen-node"
"""The attribute that numbers the elements of the body (ignored by the stylesheet)."""

_font_config: FontConfiguration | None = None


def font_configuration() -> FontConfiguration:
    """One FontConfiguration per process: faster, and memory does not grow per render."""
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


class SafeFetcher(URLFetcher):  # type: ignore[misc]
    """WeasyPrint's fetcher interface over :class:`AssetResolver`; never touches the network."""

    def __init__(self, resolver: AssetResolver) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.resolver = resolver
        self.calls = 0
        """How many URLs it was asked for."""

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        self.calls += 1
        data, mime = self.resolver.resolve(url)
        return URLFetcherResponse(url, data, {"Content-Type": mime})


_STYLESHEETS = re.compile(r'<style data-briefgen="([a-z]+)">(.*?)</style>', re.DOTALL)
"""The stylesheets base.html writes: ``style.css`` (the project's or the built-in one), then
the document's own few rules (theme colour and font, page label)."""
_parsed: dict[str, CSS] = {}
"""Stylesheet text -> WeasyPrint's parse of it, kept for the life of the process."""
_PARSED_KEPT = 32


def lay_out_html(html_text: str, fetcher: SafeFetcher) -> Document:
    """WeasyPrint's layout of ``html_text``, as both writers make it.

    The stylesheets base.html writes are parsed once per process (per distinct
    text: ``style.css`` once, the document's own rules once per language and
    direction) and given to WeasyPrint ready, rather than parsed again from
    each document's ``<style>``; the rest of the HTML is parsed with lxml when
    that gives the tree WeasyPrint's own parser would (writers/html_tree.py).
    The stylesheets keep their order, so that the document's rules follow
    ``style.css`` as they did inline. A stylesheet that fetches something
    while it is parsed (``@import``, ``@font-face``) is parsed per document,
    so that every document records and checks what it reads.
    """
    matches = list(_STYLESHEETS.finditer(html_text))
    sheets = [_stylesheet(m.group(2), fetcher, checked=m.group(1) == "stylesheet") for m in matches]
    rest, at = [], 0
    for match in matches:
        rest.append(html_text[at : match.start()])
        at = match.end()
    rest.append(html_text[at:])
    html = weasyprint_html("".join(rest), ASSETS_URL, fetcher)
    new_kept_layouts()
    with deferred_pseudo_styles():  # writers/pseudo_styles.py
        if _NEEDS_REMAKES.search(html_text):
            return html.render(stylesheets=sheets, font_config=font_configuration())
        options = {**DEFAULT_OPTIONS, "stylesheets": sheets}
        return _OnePassRunningElements._render(html, font_configuration(), None, None, options)


_NEEDS_REMAKES = re.compile(r"note\(|note-area|@import|<link", re.IGNORECASE)


class _RunningElements(defaultdict[int, list[Any]]):
    """One running name's elements, per page number."""

    def __init__(self) -> None:
        super().__init__(list)

    def get(self, page: int, default: Any = None) -> Any:
        return super().get(page, [])


class _OnePassRunningElements(Document):  # type: ignore[misc]
    """WeasyPrint's layout, without laying a page out again for a running element that
    first appears on it (when it holds no notes).

    WeasyPrint 70 (layout/page.py, make_page) compares a page's running elements with
    those of its previous layout and lays the page out again when elements appeared;
    on a page's first layout the previous ones are None, so every page that introduces
    a running element already named on an earlier page is laid out twice. That check
    matters for notes (``position: note()``, laid out in the page's note area at the
    top of the page), not for running elements that only margin boxes show (``element()``),
    which are laid out after all pages. Here a page not laid out before holds an empty
    list of running elements, so only a page that loses some is laid out again. Used only
    when the document's HTML and stylesheets name no note, no note area, no ``@import``
    and no ``<link>`` (whose sheets could).
    """

    @classmethod
    def _build_layout_context(cls, *args: Any, **kwargs: Any) -> Any:
        context = super()._build_layout_context(*args, **kwargs)
        context.running_elements = defaultdict(_RunningElements)
        return context


def _stylesheet(text: str, fetcher: SafeFetcher, *, checked: bool) -> CSS:
    """WeasyPrint's parse of a stylesheet. ``checked``: the text is ``style.css``, whose
    parse messages the build's stylesheet check reported once, at the project's file and
    line (render/stylesheet_check.py): they are not repeated here for each document. What
    the parse could not load (an ``@import``, a font) is still the document's problem."""
    css = _parsed.get(text)
    if css is None:
        calls = fetcher.calls
        with _parse_messages_dropped(checked):
            css = CSS(
                string=text,
                base_url=ASSETS_URL,
                url_fetcher=fetcher,
                font_config=font_configuration(),
            )
        if fetcher.calls == calls:
            if len(_parsed) >= _PARSED_KEPT:
                _parsed.clear()
            _parsed[text] = css
    return css


def _is_parse_message(record: logging.LogRecord) -> bool:
    """A warning about the stylesheet's text, not a failure to load what it names (the PDF
    writer makes those the document's errors)."""
    return record.levelno < logging.ERROR and "Failed to load" not in record.getMessage()


@contextmanager
def _parse_messages_dropped(dropped: bool) -> Iterator[None]:
    logger = logging.getLogger("weasyprint")
    keep = (lambda record: not _is_parse_message(record)) if dropped else None
    if keep is not None:
        logger.addFilter(keep)
    try:
        yield
    finally:
        if keep is not None:
            logger.removeFilter(keep)


class _LogCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def captured_logs() -> Iterator[_LogCapture]:
    logger = logging.getLogger("weasyprint")
    handler = _LogCapture()
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


def mark_elements(body: Element) -> None:
    """Number every element under ``body`` (``MARK``), in document order."""
    for number, node in enumerate(body.iter()):
        if isinstance(node.tag, str):
            node.set(MARK, str(number))


def marked_html(html_text: str) -> str:
    """``html_text`` with every element of its body marked, serialized as :func:`lay_out`
    serializes the DOCX writer's marked tree (the PDF writer lays this text out)."""
    tree = lxml_html.document_fromstring(html_text)
    body = tree.find("body")
    if body is not None:
        mark_elements(body)
    return serialized(tree)


def serialized(tree: Element) -> str:
    return str(lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>"))


_shared: tuple[str, Any] | None = None
"""The PDF writer's last laid-out document and the marked HTML it laid out."""


def share_layout(html_text: str, document: Any) -> None:
    """Keep the PDF writer's layout of the marked ``html_text`` for the DOCX writer of the
    same document, which then reads it instead of laying the same HTML out again."""
    global _shared
    _shared = (html_text, document)


def forget_shared_layout() -> None:
    """Drop the kept layout (a build worker does before each document, so that a layout
    made with assets as they were never serves a later build)."""
    global _shared
    _shared = None


def take_shared_layout(html_text: str) -> Any:
    """The kept layout when it is of ``html_text`` (it is then dropped: read once), else
    None."""
    global _shared
    if _shared is not None and _shared[0] == html_text:
        document, _shared = _shared[1], None
        return document
    return None
