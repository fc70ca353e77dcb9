"""The element tree WeasyPrint's HTML parser (tinyhtml5) builds, built with lxml instead.

WeasyPrint 70 parses a document's HTML with tinyhtml5, a pure-Python HTML5
parser (about 7 ms for a country sheet); lxml parses the same text in about
0.1 ms. The two parsers build different trees for some HTML (tinyhtml5 follows
the HTML5 tree construction: a ``tbody`` around rows written directly in a
table, a ``p`` closed by a block, rows moved out of a ``table``, whitespace
placed under ``html`` or ``body``, ...). :func:`html5_tree` gives the tree only
when it can vouch that it is the one tinyhtml5 would build, and ``None``
otherwise (the caller then lets tinyhtml5 parse the text).

It vouches for the text the writers lay out: lxml's own serialization of a
document (layout.marked_html), with a small vocabulary of elements nested as
the HTML5 parser leaves them (the built-in templates' HTML and what an edited
template usually writes). It refuses, among others, any text lxml would not
serialize back to the same characters, character references other than
``&amp; &lt; &gt; &quot;``, comments, foreign content (inline SVG, MathML),
elements the HTML5 parser treats specially (forms, scripts, ``template``,
``pre``, ...), and nestings the HTML5 parser rearranges; tests/test_html_tree.py
compares both trees over every document of the sample and test projects.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import cssselect2
from lxml import etree
from lxml import html as lxml_html
from weasyprint import HTML, URLFetcher, _find_base_url

DOCTYPE = "<!DOCTYPE html>"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_BLOCKS_CLOSING_P = _names(
    "address article aside blockquote center details dialog dir div dl dd dt fieldset "
    "figcaption figure footer header hgroup main menu nav ol p search section summary ul "
    "h1 h2 h3 h4 h5 h6 hr li table"
)
"""Start tags that close an open ``p`` in button scope (HTML5 "in body"; ``table`` in no-quirks
mode, which ``<!DOCTYPE html>`` sets). A few more than tinyhtml5 2.1 closes it for
(``dialog``, ``search``): refusing more than needed is safe, vouching for more is not."""

_HEADINGS = _names("h1 h2 h3 h4 h5 h6")
_VOID = _names("area base br col embed hr img input link meta param source track wbr")
"""Elements the HTML5 parser closes at once (libxml2 leaves ``wbr`` open)."""

_PHRASING = _names(
    "a abbr b bdi bdo big br cite code data del dfn em font i img ins kbd mark q s samp "
    "small span strike strong sub sup time tt u var wbr"
)
_FLOW = _BLOCKS_CLOSING_P - {"fieldset"}

_TABLE_PARTS = {
    "caption": ("table",),
    "colgroup": ("table",),
    "col": ("colgroup",),
    "thead": ("table",),
    "tbody": ("table",),
    "tfoot": ("table",),
    "tr": ("table", "thead", "tbody", "tfoot"),
    "td": ("tr",),
    "th": ("tr",),
}
"""Table elements and the parents the HTML5 parser leaves them in (a ``tr`` directly in a
``table`` gets a ``tbody``, added here as the parser adds it)."""

_ONLY_CHILDREN = {
    "table": frozenset(("caption", "colgroup", "thead", "tbody", "tfoot", "tr")),
    "thead": frozenset(("tr",)),
    "tbody": frozenset(("tr",)),
    "tfoot": frozenset(("tr",)),
    "tr": frozenset(("td", "th")),
    "colgroup": frozenset(("col",)),
    "head": frozenset(("meta", "title", "style", "link", "base")),
}
"""Elements whose content the HTML5 parser restricts: anything else in them is moved (foster
parenting, the head closed) or closes them. Their text may only be whitespace."""

_BODY_ELEMENTS = _PHRASING | _FLOW | set(_TABLE_PARTS)
_ALL_ELEMENTS = _BODY_ELEMENTS | {"html", "head", "body", "meta", "title", "style", "link", "base"}

_SCOPE_LIMITS = frozenset(("html", "table", "td", "th", "caption", "button"))
"""Where the HTML5 parser stops looking for an open ``p`` (button scope, of the elements
admitted here)."""
_SPECIAL_NOT_LIST_LIMIT = frozenset(("address", "div", "p"))

_BOOLEAN_ATTRIBUTES = _names(
    "checked compact declare defer disabled ismap multiple nohref noresize noshade nowrap "
    "readonly selected"
)
"""Attributes libxml2 writes without a value (HTML5 then reads an empty value, lxml the name)."""

_REFERENCE = re.compile(r"&(?!(?:amp|lt|gt|quot);)")
_UNSAFE_CHARACTERS = re.compile("[\r\x00]")
_WHITESPACE = re.compile(r"[ \t\n\f]*\Z")

_SPECIAL_NAMES = (
    "address applet area article aside base basefont bgsound blockquote body br button "
    "caption center col colgroup command dd details dir div dl dt embed fieldset figure "
    "footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe image img "
    "input isindex li link listing marquee menu meta nav noembed noframes noscript object "
    "ol p param plaintext pre script section select style table tbody td textarea tfoot th "
    "thead title tr ul wbr xmp"
)
_SPECIAL = _names(_SPECIAL_NAMES)
"""The HTML elements of HTML5's "special" category as tinyhtml5 2.1 has them (its
``constants.special_elements``, which lacks a few the standard added: ``main``,
``figcaption``...): where its walk for an open ``li``, ``dd`` or ``dt`` stops.
tests/test_html_tree.py checks that they are tinyhtml5's."""


class _UnsafeError(Exception):
    """The HTML5 parser could build another tree from this text."""


def html5_tree(text: str) -> ET.Element | None:
    """The ``html`` element tinyhtml5 would build from ``text`` (``namespace_html_elements=False``,
    as WeasyPrint parses), or None when this module cannot vouch for it."""
    if not text.startswith(DOCTYPE) or _REFERENCE.search(text) or _UNSAFE_CHARACTERS.search(text):
        return None
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None
    try:
        if lxml_html.tostring(root, encoding="unicode", doctype=DOCTYPE) != text:
            return None  # not lxml's serialization of its own tree: parsers may differ
        return _document(root)
    except _UnsafeError:
        return None


def _document(root: etree._Element) -> ET.Element:
    """``html`` with ``head`` (the HTML5 parser adds an empty one) and ``body``; whitespace
    where the HTML5 parser puts it: none before ``head``, between ``head`` and ``body`` in
    ``html``, after ``body`` at the end of ``body``."""
    children = list(root)
    if root.tag != "html" or [c.tag for c in children] not in (["head", "body"], ["body"]):
        raise _UnsafeError
    body = children[-1]
    for text in (root.text, root.tail, body.tail):
        _whitespace(text)
    html = ET.Element("html", _attributes(root))
    if len(children) == 2:
        head = children[0]
        converted_head = _element(head, [root])
        converted_head.tail = head.tail
        html.append(converted_head)
    else:
        ET.SubElement(html, "head")
    converted_body = _element(body, [root])
    html.append(converted_body)
    after = (body.tail or "") + (root.tail or "")
    if after:
        if len(converted_body):
            last = converted_body[-1]
            last.tail = (last.tail or "") + after
        else:
            converted_body.text = (converted_body.text or "") + after
    return html


def _element(node: etree._Element, ancestors: list[etree._Element]) -> ET.Element:
    tag = node.tag
    if not isinstance(tag, str) or tag not in _ALL_ELEMENTS:
        raise _UnsafeError  # comments, processing instructions, elements not vetted
    _check_place(tag, ancestors)
    if tag == "li" and not len(node) and not node.text:
        raise _UnsafeError  # libxml2 writes an empty li without its end tag: it stays open
    if tag in _VOID and (len(node) or node.text):
        raise _UnsafeError  # libxml2 does not know wbr is void: what follows is in it
    element = ET.Element(tag, _attributes(node))
    allowed = _ONLY_CHILDREN.get(tag)
    if allowed is not None:
        _whitespace(node.text)
    if tag in ("style", "title") and (len(node) or re.search("[<&]", node.text or "")):
        raise _UnsafeError  # raw text, or text whose references the HTML5 parser decodes
    element.text = node.text
    ancestors.append(node)
    rows: ET.Element | None = None  # the tbody the parser opens for rows directly in a table
    for child in node:
        if allowed is not None:
            if child.tag not in allowed:
                raise _UnsafeError
            _whitespace(child.tail)
        converted = _element(child, ancestors)
        converted.tail = child.tail
        if tag == "table" and child.tag == "tr":
            if rows is None:
                rows = ET.SubElement(element, "tbody")
            rows.append(converted)
        else:
            rows = None
            element.append(converted)
    ancestors.pop()
    return element


def _check_place(tag: str, ancestors: list[etree._Element]) -> None:
    """Raise :class:`_UnsafeError` unless the HTML5 parser inserts a ``tag`` start tag, met with
    ``ancestors`` open, as a child of the last of them."""
    parent = ancestors[-1].tag
    if tag == "html" or (tag in ("head", "body") and parent != "html"):
        raise _UnsafeError  # only where _document puts them
    if tag in _TABLE_PARTS:
        if parent not in _TABLE_PARTS[tag]:
            raise _UnsafeError
    elif tag in _BODY_ELEMENTS and parent in ("head", "html"):
        raise _UnsafeError
    if tag in _BLOCKS_CLOSING_P:
        for ancestor in reversed(ancestors):
            if ancestor.tag == "p":
                raise _UnsafeError
            if ancestor.tag in _SCOPE_LIMITS:
                break
    if tag in _HEADINGS and parent in _HEADINGS:
        raise _UnsafeError
    if tag in ("li", "dd", "dt"):
        closed = ("li",) if tag == "li" else ("dd", "dt")
        for ancestor in reversed(ancestors):
            if ancestor.tag in closed:
                raise _UnsafeError
            if ancestor.tag in _SPECIAL and ancestor.tag not in _SPECIAL_NOT_LIST_LIMIT:
                break
    if tag == "a" and any(ancestor.tag == "a" for ancestor in ancestors):
        raise _UnsafeError


def _attributes(node: etree._Element) -> dict[str, str]:
    attributes = dict(node.attrib)
    if any(name in _BOOLEAN_ATTRIBUTES for name in attributes):
        raise _UnsafeError
    return attributes


def _whitespace(text: str | None) -> None:
    if text and not _WHITESPACE.match(text):
        raise _UnsafeError


class ParsedHTML(HTML):  # type: ignore[misc]
    """WeasyPrint's :class:`~weasyprint.HTML` of a tree already built, rather than of text.

    Private API of WeasyPrint 70, used only here: ``HTML.__init__`` parses the text
    (``tinyhtml5.parse(..., namespace_html_elements=False)``) and sets exactly the
    attributes set below, which the layout reads (``Document._render``, the cascade in
    ``css/__init__.py``); ``weasyprint._find_base_url`` applies a ``<base>`` element.
    Should WeasyPrint set another attribute, parse with other options or rename that
    function, tests/test_html_tree.py fails (it compares this object with WeasyPrint's own).
    """

    def __init__(self, root: ET.Element, base_url: str, url_fetcher: URLFetcher) -> None:
        self.base_url = _find_base_url(root, base_url)
        self.url_fetcher = url_fetcher
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element


def weasyprint_html(text: str, base_url: str, url_fetcher: URLFetcher) -> HTML:
    """WeasyPrint's HTML of ``text``: of the tree :func:`html5_tree` builds when it can, else
    of WeasyPrint's own parse."""
    root = html5_tree(text)
    if root is None:
        return HTML(string=text, base_url=base_url, url_fetcher=url_fetcher)
    return ParsedHTML(root, base_url, url_fetcher)
