"""The tree html_tree builds with lxml is the one WeasyPrint's parser (tinyhtml5) builds, or
none: every document of the sample and test projects, in all their languages, and HTML the
HTML5 parser rearranges; WeasyPrint lays out the same PDF from either."""

from __future__ import annotations

import random
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import tinyhtml5
from weasyprint import HTML

from briefgen.content.documents import DOCUMENT_KINDS, all_documents
from briefgen.content.project import load_project
from briefgen.render.document import Renderer
from briefgen.render.fetch import ASSETS_URL, AssetResolver
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers.html_tree import _SPECIAL, ParsedHTML, html5_tree, weasyprint_html
from briefgen.writers.layout import _STYLESHEETS, SafeFetcher, font_configuration, marked_html
from briefgen.writers.sanitize import strip_attachments
from conftest import REPO_ROOT

ROOTS = [REPO_ROOT, *sorted(p for p in (REPO_ROOT / "tests" / "roots").iterdir() if p.is_dir())]


def difference(mine: ET.Element, theirs: ET.Element, path: str = "html") -> str | None:
    """Where two element trees first differ (tag, attributes and their order, text, tail,
    children), or None."""
    if mine.tag != theirs.tag:
        return f"{path}: tag {mine.tag!r} != {theirs.tag!r}"
    if list(mine.attrib.items()) != list(theirs.attrib.items()):
        return f"{path}: attributes {mine.attrib} != {theirs.attrib}"
    if mine.text != theirs.text or mine.tail != theirs.tail:
        return f"{path}: text {mine.text!r}, tail {mine.tail!r} != {theirs.text!r}, {theirs.tail!r}"
    if len(mine) != len(theirs):
        return f"{path}: children {[c.tag for c in mine]} != {[c.tag for c in theirs]}"
    for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
        found = difference(a, b, f"{path}/{a.tag}[{index}]")
        if found:
            return found
    return None


def layout_text(html: str) -> str:
    """The text WeasyPrint parses for a rendered document (layout.lay_out_html)."""
    return _STYLESHEETS.sub("", marked_html(strip_attachments(html)[0]))


def weasyprint_parse(text: str) -> ET.Element:
    return tinyhtml5.parse(text, namespace_html_elements=False)  # as weasyprint.HTML parses


def project_texts(root: Path) -> dict[str, str]:
    project = load_project(root)
    renderer = Renderer(project)
    texts = {}
    for ref in all_documents(project.graph, kinds=DOCUMENT_KINDS):
        for lang in project.config.languages:
            try:
                doc = renderer.render(ref, lang)
            except Exception:
                continue
            texts[f"{ref.kind}/{ref.id} {lang}"] = layout_text(doc.html)
    return texts


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_every_document_gets_weasyprints_tree(root: Path) -> None:
    texts = project_texts(root)
    assert texts
    for name, text in texts.items():
        mine = html5_tree(text)
        assert mine is not None, f"{name}: not vouched for"
        assert difference(mine, weasyprint_parse(text)) is None, name


BODY_CASES = {
    "rows directly in a table": "<table>\n<tr><td>1</td></tr>\n<tr><td>2</td></tr>\n</table>",
    "rows after a head": "<table><thead><tr><th>a</th></tr></thead> <tr><td>1</td></tr></table>",
    "rows around a foot": "<table><tr><td>1</td></tr>\n<tfoot><tr><td>f</td></tr></tfoot></table>",
    "nested tables": "<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>",
    "text in a table": "<table>text<tr><td>1</td></tr></table>",
    "a div in a table": "<table><div>x</div><tr><td>1</td></tr></table>",
    "a cell in a body": "<table><tbody><td>1</td></tbody></table>",
    "a col without colgroup": "<table><col><tr><td>1</td></tr></table>",
    "a block in a paragraph": "<p>a<div>b</div>c</p>",
    "a table in a paragraph": "<p>a<table><tr><td>1</td></tr></table></p>",
    "a list in a paragraph": "<p>a<ul><li>b</li></ul></p>",
    "a heading in a heading": "<h1>a<h2>b</h2></h1>",
    "an item in an item": "<ul><li>a<div><li>b</li></div></li></ul>",
    "an item in a nested list": "<ul><li>a<ul><li>b</li></ul></li></ul>",
    "an item in a main": "<ul><li>a<main><li>b</li></main></li></ul>",
    "an item in a figure": "<ul><li>a<figure><li>b</li></figure></li></ul>",
    "an item in a figcaption": "<ul><li><figure><figcaption><li>b</li></figcaption></figure></ul>",
    "a paragraph around a dialog": "<p>a<dialog>b</dialog></p>",
    "a body in a body": '<div><body class="x">b</body></div>',
    "a term in a definition": "<dl><dt>a</dt><dd>b<div><dt>c</dt></div></dd></dl>",
    "a link in a link": '<a href="x">a<span><a href="y">b</a></span></a>',
    "strong around blocks": "<strong><p>a</p><div>b</div></strong>",
    "inline svg": '<p><svg viewBox="0 0 1 1"><path d="M0 0"/></svg></p>',
    "mathml": "<p><math><mi>x</mi></math></p>",
    "a comment": "<p>a<!-- c -->b</p>",
    "references": "<p>a&nbsp;b &copy; &#128; &amp; &lt;</p>",
    "an ampersand in a link": '<p><a href="a?b=1&c=2">x</a></p>',
    "a boolean attribute": "<table><tr><td nowrap>1</td></tr></table>",
    "a form": "<form><input name=a></form>",
    "a script": "<script>var a = '<p>';</script><p>x</p>",
    "preformatted": "<pre>\nx</pre>",
    "a textarea": "<textarea>\nx</textarea>",
    "a template": "<template><p>x</p></template>",
    "an image element": '<image src="x.png">',
    "a carriage return": "<p>a\rb</p>",
    "a nul": "<p>a\x00b</p>",
    "control characters": "<p>a\x01b\x0bc\x0cd\x7fe\ufffef</p>",
    "a lone surrogate": "<p>a\ud800b</p>",
    "a select": "<select><option>a<option>b</select>",
    "ruby": "<ruby>a<rt>b</ruby>",
    "a button": "<button><p>a</p></button>",
    "uppercase": '<P CLASS="x">a</P>',
    "duplicate attributes": '<p class="a" class="b">x</p>',
    "a caption": "<table><caption>c<tr><td>1</td></tr></caption></table>",
    "whitespace after the body": "<p>x</p></body>\n\n</html>\n",
    "text after the body": "<p>x</p></body>\n\nafter</html>\n",
    "unknown element": "<foo-bar>x</foo-bar>",
    "quotes in attributes": "<p title='a \"b\" c'>x</p>",
    "non-ascii link": '<p><a href="é ü">x</a></p>',
    "empty body": "",
}
HEAD_CASES = {
    "a div in the head": "<head><div>x</div></head>",
    "text in the head": "<head>text<title>t</title></head>",
    "a reference in the title": "<head><title>a &amp; b</title></head>",
    "a base": '<head><base href="http://example.org/"><title>t</title></head>',
    "a link": '<head><link rel="stylesheet" href="x.css"></head>',
    "a style": "<head><style>p > a { color: red }</style></head>",
    "a noscript": "<head><noscript><p>x</p></noscript></head>",
}
VOUCHED = {
    "rows directly in a table",
    "rows after a head",
    "rows around a foot",
    "nested tables",
    "an item in a nested list",
    "strong around blocks",
    "whitespace after the body",
    "quotes in attributes",
    "empty body",
    "a base",
    "a style",
}
"""Cases html5_tree must vouch for (the others it may refuse)."""


def case_texts() -> dict[str, str]:
    """Each case as the writers would lay it out: lxml's serialization of its parse."""
    cases = {
        name: f"<!DOCTYPE html>\n<html><body>{body}</body></html>"
        for name, body in BODY_CASES.items()
    }
    cases |= {
        name: f"<!DOCTYPE html>\n<html>{head}<body><p>x</p></body></html>"
        for name, head in HEAD_CASES.items()
    }
    marked = {}
    for name, text in cases.items():
        try:
            marked[name] = marked_html(text)
        except ValueError:  # not text lxml takes (a lone surrogate): only as written
            continue
    return marked | {f"{name} (as written)": text for name, text in cases.items()}


@pytest.mark.parametrize("name", sorted(case_texts()))
def test_html5_tree_is_weasyprints_or_none(name: str) -> None:
    text = case_texts()[name]
    mine = html5_tree(text)
    if name in VOUCHED:
        assert mine is not None
    if mine is not None:
        assert difference(mine, weasyprint_parse(text)) is None


def test_special_elements_are_tinyhtml5s() -> None:
    """Where tinyhtml5 stops looking for an open list item (html_tree keeps a copy of the
    list, tinyhtml5 not being one of briefgen's declared dependencies)."""
    from tinyhtml5.constants import namespaces, special_elements

    assert {name for ns, name in special_elements if ns == namespaces["html"]} == _SPECIAL


def test_rows_directly_in_a_table_get_the_tbody_the_parser_adds() -> None:
    mine = html5_tree(case_texts()["rows directly in a table"])
    assert mine is not None
    table = mine.find("body/table")
    assert table is not None
    assert [child.tag for child in table] == ["tbody"]
    assert [row.tag for row in table[0]] == ["tr", "tr"]


def test_text_weasyprint_would_parse_otherwise_is_refused() -> None:
    assert (
        html5_tree(marked_html("<!DOCTYPE html><html><body><p>a<div>b</div></p></body></html>"))
        is not None
    )
    assert (
        html5_tree("<!DOCTYPE html>\n<html><body><p>a<div>b</div></p></body></html>") is None
    )  # not lxml's text
    assert html5_tree("<html><body><p>x</p></body></html>") is None  # quirks mode without a doctype


def test_parsed_html_is_weasyprints_html_and_lays_out_the_same_pdf() -> None:
    """ParsedHTML stands in for weasyprint.HTML: the same attributes (WeasyPrint 70's private
    API: this fails when WeasyPrint adds or renames one) and the same PDF, byte for byte."""
    project = load_project(REPO_ROOT)
    doc = Renderer(project).render(all_documents(project.graph, kinds=("countries",))[0], "en")
    text = layout_text(doc.html)
    fetcher = SafeFetcher(AssetResolver((project.assets_dir, BUILTIN_DIR), 20_000_000))
    theirs = HTML(string=text, base_url=ASSETS_URL, url_fetcher=fetcher)
    mine = weasyprint_html(text, ASSETS_URL, fetcher)
    assert isinstance(mine, ParsedHTML)
    assert vars(mine).keys() == vars(theirs).keys()
    for name in ("base_url", "url_fetcher", "media_type"):
        assert getattr(mine, name) == getattr(theirs, name)
    assert difference(mine.etree_element, theirs.etree_element) is None
    pdfs = [
        html.render(font_config=font_configuration()).write_pdf(
            pdf_identifier=b"0" * 32, pdf_tags=True
        )
        for html in (theirs, mine)
    ]
    assert pdfs[0] == pdfs[1]
    assert pdfs[0].startswith(b"%PDF")


FUZZ_TAG_NAMES = (
    "address center dialog search details summary hgroup menu dir u s tt font big abbr var kbd "
    "samp cite dfn del ins data wbr p div section ul ol li dl dt dd h1 h2 h3 span a strong em b "
    "i br img table thead tbody tfoot tr td th caption colgroup col blockquote figure figcaption "
    "main nav header footer article aside hr small sub sup code q bdi mark time pre form label"
)
FUZZ_TAGS = FUZZ_TAG_NAMES.split()
FUZZ_VOID = {"br", "img", "hr", "col", "wbr"}
FUZZ_TEXT = ["x", " ", "\n", "a b", "  ", "a &amp; b", "&lt;p&gt;", "\u00a0é", '"q"', "\t"]
FUZZ_ATTRIBUTES = ["", ' class="c"', ' id="i"', ' dir="rtl"', ' title="t &amp; u"', ' href="a b"']
FUZZ_HEADS = [
    "",
    "<head><title>t</title></head>",
    '<head><style>p{}</style><link rel="x" href="y"><base href="z/"></head>',
    '<head>\n<meta charset="utf-8">\n</head>\n',
]


def random_body(rng: random.Random, depth: int) -> str:
    parts = []
    for _ in range(rng.randint(0, 4)):
        if rng.random() < 0.3:
            parts.append(rng.choice(FUZZ_TEXT))
            continue
        tag, attributes = rng.choice(FUZZ_TAGS), rng.choice(FUZZ_ATTRIBUTES)
        if tag in FUZZ_VOID:
            parts.append(f"<{tag}{attributes}>")
        else:
            inner = "y" if depth > 4 else random_body(rng, depth + 1)
            parts.append(f"<{tag}{attributes}>{inner}</{tag}>")
    return "".join(parts)


@pytest.mark.parametrize("seed", range(4))
def test_random_nestings_get_weasyprints_tree_or_none(seed: int) -> None:
    """Random documents of the HTML vocabulary, nested in every way, as the writers lay them
    out (lxml's serialization) and as written: html5_tree must never vouch for a tree that
    is not tinyhtml5's (it found libxml2 leaving an empty li and a wbr open)."""
    rng = random.Random(seed)
    vouched = 0
    for _ in range(1500):
        head, body = rng.choice(FUZZ_HEADS), random_body(rng, 0)
        written = f"<!DOCTYPE html>\n<html>{head}<body>{body}</body></html>" + rng.choice(
            ["", "\n"]
        )
        for text in (marked_html(written), written):
            mine = html5_tree(text)
            if mine is not None:
                vouched += 1
                assert difference(mine, weasyprint_parse(text)) is None, text
    assert vouched > 500  # the test is not vacuous
