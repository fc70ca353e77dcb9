"""The semantic HTML set both writers understand (docs/templates.md), and a check of
project templates: syntax errors, and tags or classes outside the set (warnings)."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from briefgen.diagnostics import Diagnostics, Location

TAGS = frozenset(
    {
        # the document shell
        "html",
        "head",
        "body",
        "meta",
        "title",
        "style",
        # blocks
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "p",
        "ul",
        "ol",
        "li",
        "table",
        "colgroup",
        "col",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "blockquote",
        "figure",
        "figcaption",
        "img",
        "section",
        "header",
        "nav",
        "div",
        "pre",
        "hr",
        # inline
        "strong",
        "b",
        "em",
        "i",
        "cite",
        "a",
        "br",
        "span",
        "bdi",
        "code",
    }
)

CLASSES = frozenset(
    {
        "cover",
        "cover-kind",
        "cover-parent",
        "cover-meta",
        "cover-publisher",
        "logo",
        "toc",
        "toc-sub",
        "running-title",
        "running-office",
        "sheet-header",
        "sheet-kind",
        "sheet-meta",
        "portrait",
        "meta",
        "empty",
        "facts",
        "agenda",
        "participants",
        "speakers",
        "contacts",
        "num",
        "chapter",
        "session",
        "event-entry",
        "programme",
        "page-break",
        "quote",
        "reported",
        "attribution",
        "key-messages",
        "outcomes",
        "sources",
        "programmes",
        "url",
        "participation",
        "untimed",
        "delegation",
        "band",
        "topics",
        "tag",
        "chart",
        "headline",
        "pack-cover",
        "pack-toc",
        "pack-part",
        "toc-group",
        "toc-part",
    }
)

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_CLASS = re.compile(r"""\bclass\s*=\s*("([^"]*)"|'([^']*)')""")


def _blank(match: re.Match[str]) -> str:
    """Jinja code replaced by spaces (newlines kept), so positions stay exact."""
    return re.sub(r"[^\n]", " ", match.group())


def _parser() -> jinja2.Environment:
    return jinja2.Environment(extensions=["jinja2.ext.i18n"])


def check_templates(root: Path, diags: Diagnostics) -> None:
    """Warn, with file and line, about tags and classes outside the set in project templates."""
    folder = root / "templates"
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            diags.error("template", f"cannot read template: {exc}", Location(rel))
            continue
        try:
            _parser().parse(source)
        except jinja2.TemplateSyntaxError as exc:
            diags.error(
                "template",
                f"template syntax error: {exc.message}",
                Location(rel, exc.lineno or 1, 1),
            )
        text = _JINJA.sub(_blank, source)
        for line_no, line in enumerate(text.splitlines(), start=1):
            for match in _TAG.finditer(line):
                tag = match.group(1).lower()
                if tag not in TAGS:
                    diags.warning(
                        "html-set",
                        f"<{tag}> is outside the HTML set both writers understand "
                        "(docs/templates.md); Word shows its text as plain paragraphs",
                        Location(rel, line_no, match.start() + 1),
                    )
            for match in _CLASS.finditer(line):
                value = match.group(2) if match.group(2) is not None else match.group(3)
                for name in value.split():
                    if name not in CLASSES:
                        diags.warning(
                            "html-set",
                            f'class "{name}" is outside the HTML set both writers understand '
                            "(docs/templates.md); Word ignores it",
                            Location(
                                rel, line_no, match.start() + 1 + line[match.start() :].index(name)
                            ),
                        )
