"""Inline content: HTML text as segments (text, line break, picture) with emphasis and links.

Segments are collected from the HTML first and turned into runs second, so
that HTML's white-space rules (:func:`normalise`) apply across element
boundaries exactly as a browser applies them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from briefgen.writers.docx import fields as f
from briefgen.writers.docx.bidi import Language, lang_attributes, pieces
from briefgen.writers.docx.bidi import language as bidi_language
from briefgen.writers.docx.images import Picture
from briefgen.writers.docx.layout import Metrics
from briefgen.writers.docx.wml import Element
from briefgen.writers.layout import MARK

HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
SPACE = re.compile(r"[ \t\n\r\f]+")
"""HTML white space (not NBSP and its narrow sibling, which must stay)."""


@dataclass(frozen=True)
class Fmt:
    bold: bool = False
    italic: bool = False
    link: tuple[str, str] | None = None
    """("url", address) or ("anchor", bookmark name)."""
    lang: str | None = None
    """The ``lang`` of an enclosing element, when it differs from the document's."""
    half_points: int | None = None
    """A font size of its own (an inline element the stylesheet sizes), in half-points."""
    color: str | None = None
    """A text colour of its own (RRGGBB)."""
    line: int | None = None
    """The line height such a run needs (twips): its paragraph's lines grow to it."""
    upright: bool = False
    """Not italic, where the paragraph's style is."""
    font: str | None = None
    """A font family of its own."""
    shade: str | None = None
    """A background colour of its own (RRGGBB)."""
    caps: bool = False
    """In capitals (``w:caps``): the stylesheet's ``text-transform: uppercase``."""
    light: bool = False
    """Not bold, where the paragraph's style is (a lighter line in a bold block)."""


PLAIN = Fmt()

Segment = tuple[str, str | Picture | None, Fmt]
"""("text", text, fmt), ("br", None, fmt) or ("pic", Picture, fmt)."""


def has_content(segments: list[Segment]) -> bool:
    return any(kind != "text" or str(value).strip() for kind, value, _ in segments)


def normalise(segments: list[Segment]) -> list[Segment]:
    """HTML white-space rules: runs of spaces collapse, none at line starts or ends."""
    out: list[Segment] = []
    after_space = True
    for kind, value, fmt in segments:
        if kind == "text":
            text = SPACE.sub(" ", str(value or ""))
            if after_space:
                text = text.lstrip(" ")
            if not text:
                continue
            after_space = text.endswith(" ")
            out.append((kind, text, fmt))
        else:
            if kind == "br":
                _rstrip(out)
            after_space = kind == "br"
            out.append((kind, value, fmt))
    _rstrip(out)
    return out


def _rstrip(out: list[Segment]) -> None:
    while out and out[-1][0] == "text":
        kind, value, fmt = out[-1]
        text = str(value).rstrip(" ")
        if text:
            out[-1] = (kind, text, fmt)
            return
        out.pop()


def make_runs(
    segments: list[Segment],
    *,
    relate: Callable[[str], str],
    link_style_id: str | None,
    picture_run: Callable[[Picture], Element],
    language: Language,
    rtl: bool,
) -> list[Element]:
    """Runs for ``segments`` of a paragraph of direction ``rtl``; consecutive segments with
    one link share one ``w:hyperlink``.

    The text of all segments is read together for its direction (the space between
    Arabic text and a Latin name belongs to the right-to-left run, whichever element
    it is in), and a segment becomes one run per change of direction.
    ``relate(url)`` returns the relationship id of an external link.
    """
    segments = normalise(segments)
    texts = [str(value) if kind == "text" else "" for kind, value, _ in segments]
    hint = "eastAsia" if language.east_asian else None
    out: list[Element] = []
    group: list[Element] = []
    current: tuple[str, str] | None = None

    def close() -> None:
        if current is None:
            out.extend(group)
        elif current[0] == "anchor":
            out.append(f.internal_link(current[1], list(group)))
        else:
            out.append(f.external_link(relate(current[1]), list(group)))
        group.clear()

    for (kind, value, fmt), chunk in zip(segments, pieces(texts, rtl), strict=True):
        if fmt.link != current:
            close()
            current = fmt.link
        if kind == "text":
            style = link_style_id if fmt.link else None
            lang = lang_attributes(language, fmt.lang)
            # Latin text marked as such in a Chinese document (render/latin_parts.py): its
            # quotation marks and apostrophes in the Latin face, as the PDF sets them.
            own_hint = None if fmt.lang and not bidi_language(fmt.lang).east_asian else hint
            for piece, piece_rtl in chunk:
                group.append(
                    f.text_run(
                        piece,
                        bold=fmt.bold,
                        italic=fmt.italic,
                        style_id=style,
                        rtl=piece_rtl,
                        lang=lang,
                        hint=own_hint,
                        half_points=fmt.half_points,
                        color=fmt.color,
                        upright=fmt.upright,
                        font=fmt.font,
                        shade=fmt.shade,
                        caps=fmt.caps,
                        light=fmt.light,
                    )
                )
        elif kind == "br":
            group.append(f.break_run())
        elif isinstance(value, Picture):
            group.append(picture_run(value))
    close()
    return out


def text_of(node: Element) -> str:
    return SPACE.sub(" ", node.text_content() or "").strip()


def own_text(node: Element) -> Iterator[str]:
    """The text of ``node`` without its nested lists."""
    if node.text:
        yield node.text
    for child in node:
        if isinstance(child.tag, str) and child.tag not in ("ul", "ol"):
            yield from own_text(child)
        if child.tail:
            yield child.tail


def pre_segments(node: Element) -> list[Segment]:
    """Preformatted text: its lines and spaces kept (spaces as no-break spaces)."""
    segments: list[Segment] = []
    for i, line in enumerate((node.text_content() or "").strip("\n").split("\n")):
        segments += [("br", None, PLAIN)] if i else []
        segments.append(("text", line.replace(" ", "\u00a0"), PLAIN))
    return segments


def toc_entries(
    items: Element,
    bookmarks: dict[str, str],
    page_numbers: dict[str, int],
    depth: int = 0,
    *,
    metrics: Mapping[str, Metrics] | None = None,
) -> list[f.TocEntry]:
    """The entries of a contents list: text, target bookmark, page (when the PDF gave one).

    ``li.toc-sub`` and nested lists are second-level entries. With the PDF layout's
    ``metrics`` (by ``MARK``), an entry also takes the look its text has there: capitals,
    weight, colour and size (a pack's group lines and parts), and the space above it.
    """
    entries: list[f.TocEntry] = []
    for li in items:
        if not (isinstance(li.tag, str) and li.tag == "li"):
            continue
        sub = "toc-sub" in li.get("class", "").split()
        link = next((a for a in li.iter("a") if a.get("href", "").startswith("#")), None)
        target = "" if link is None else str(link.get("href", ""))[1:]
        text = SPACE.sub(" ", "".join(own_text(li))).strip()
        level = 2 if sub or depth else 1
        own = (metrics or {}).get(str(li.get(MARK, "")))
        text_look = own if link is None else (metrics or {}).get(str(link.get(MARK, "")), own)
        entries.append(
            f.TocEntry(
                level,
                text,
                bookmarks.get(target),
                page_numbers.get(target),
                caps=own is not None and own.caps,
                look=None if text_look is None else _run_look(text_look),
                space_before=0 if own is None else round(own.margin_top),
                mark=str(li.get(MARK, "")),
                group=link is None,
            )
        )
        for nested in li:
            if isinstance(nested.tag, str) and nested.tag in ("ul", "ol"):
                entries += toc_entries(nested, bookmarks, page_numbers, depth + 1, metrics=metrics)
    return entries


def _run_look(metrics: Metrics) -> f.RunLook:
    return f.RunLook(metrics.bold, metrics.color, round(metrics.font_size / 10))


def page_label(tree: Element) -> str:
    """The footer label of this document ("Page {page} of {pages}", translated).

    base.html writes it into ``<meta name="briefgen-page-label">`` from the same
    gettext message as the PDF's footer; a template without it gets the default.
    """
    meta = tree.find(".//meta[@name='briefgen-page-label']")
    if meta is not None and meta.get("content"):
        return str(meta.get("content"))
    return f.PAGE_LABEL
