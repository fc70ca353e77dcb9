"""A check of the project's stylesheets, made once before anything is rendered.

A project's ``templates/style.css`` (and any other ``.css`` file in ``templates/``, which
only a template's ``{% include %}`` can use) is a Jinja template that base.html inlines
into every document. WeasyPrint parses the rendered text, so what it says about a mistake
names the line of the built-in sheet and the project's one together, and once per
document. Here each file is read as the editor wrote it, its Jinja code blanked where it
stood (so that lines and columns stay the file's), and each problem is reported once,
at ``templates/style.css:LINE:COLUMN``:

- errors (``css-syntax``), what cannot be parsed: a rule or declaration that is not one,
  a block, string, URL or comment left open at the end of the file, a bracket that closes
  nothing, a selector that cssselect2 (WeasyPrint's selector engine) cannot compile. The
  documents that use the file fail, as for a template syntax error;
- warnings (``css-ignored``), what the renderer drops (an unknown property, an invalid
  value): WeasyPrint's own validation, given by the caller (``ignored``), since it belongs
  to the writers' stage and costs WeasyPrint's import. ``briefgen check`` reports the
  errors only, without WeasyPrint.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cssselect2
import tinycss2
from tinycss2.ast import LiteralToken, Node

from briefgen.diagnostics import Diagnostic, Location

CSS_SYNTAX = "css-syntax"
"""The code of what cannot be parsed (an error: the documents that use the file fail)."""
CSS_IGNORED = "css-ignored"
"""The code of what the renderer ignores (a warning: the documents are made without it)."""

Problem = tuple[int, int, str]
"""Line, column (1-based, in the file) and message."""

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)

_TOKEN_ERRORS = {
    "bad-string": "a string is not closed before the end of its line",
    "eof-in-string": "a string is not closed by the end of the file",
    "bad-url": "bad url(): an unquoted URL cannot hold spaces, quotes or parentheses",
    "eof-in-url": "url( is not closed by the end of the file",
}
_CLOSERS = {"{": "}", "[": "]", "(": ")"}
_RULE_LISTS = frozenset({"media", "supports", "layer", "container", "document", "scope"})
"""At-rules that hold rules (at the top level; in a style rule they hold declarations)."""
_DECLARATION_LISTS = frozenset({"page", "font-face", "counter-style", "color-profile", "footnote"})
_MARGIN_BOX = re.compile(r"(top|bottom|left|right)-[a-z-]+")


@dataclass
class StylesheetCheck:
    """Every problem of the project's stylesheets, and which files have errors."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken: dict[str, str] = field(default_factory=dict)
    """Template name (``style.css``) -> the file, shown (``templates/style.css``), of each
    stylesheet with errors."""


def stylesheet_files(root: Path) -> list[tuple[str, Path]]:
    """(template name, file) of every stylesheet in the project's ``templates/``."""
    folder = root / "templates"
    if not folder.is_dir():
        return []
    found = sorted(path for path in folder.rglob("*.css") if path.is_file())
    return [(path.relative_to(folder).as_posix(), path) for path in found]


def check_stylesheets(
    root: Path, *, ignored: Callable[[str], list[Problem]] | None = None
) -> StylesheetCheck:
    """Check every project stylesheet; ``ignored``: what the renderer drops from a text."""
    checked = StylesheetCheck()
    for name, path in stylesheet_files(root):
        shown = path.relative_to(root).as_posix()
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            checked.diagnostics.append(
                Diagnostic("error", f"cannot read stylesheet: {exc}", CSS_SYNTAX, Location(shown))
            )
            checked.broken[name] = shown
            continue
        found = check_css(source, shown, ignored=ignored)
        if any(d.severity == "error" for d in found):
            checked.broken[name] = shown
        checked.diagnostics += found
    return checked


def check_css(
    source: str, shown: str, *, ignored: Callable[[str], list[Problem]] | None = None
) -> list[Diagnostic]:
    """The problems of one stylesheet's ``source`` (a Jinja template), at ``shown``."""
    text, jinja = without_jinja(_as_tinycss2_reads(source))
    errors = syntax_errors(text)
    found = [
        Diagnostic("error", message, CSS_SYNTAX, Location(shown, line, column))
        for line, column, message in errors
    ]
    if ignored is not None:
        positions = _positions(text)
        # A declaration that holds Jinja code is known only once rendered, and one that
        # holds an error is reported as such: neither is judged again.
        unknown = jinja + [(at, at + 1) for at in (positions.offset(*e[:2]) for e in errors)]
        for line, column, message in ignored(text):
            start = positions.offset(line, column)
            end = _end_of_declaration(text, start)
            if not any(first < end and last > start for first, last in unknown):
                location = Location(shown, line, column)
                found.append(Diagnostic("warning", message, CSS_IGNORED, location))
    return list(dict.fromkeys(found))


def _end_of_declaration(text: str, start: int) -> int:
    ends = [at for at in (text.find(char, start) for char in ";{}") if at >= 0]
    return min(ends, default=len(text))


def without_jinja(source: str) -> tuple[str, list[tuple[int, int]]]:
    """``source`` as CSS, its Jinja code blanked where it stood (newlines kept, so that
    lines and columns stay the file's), and where the Jinja code was (offsets).

    ``{% %}`` and ``{# #}`` become spaces; ``{{ }}`` becomes underscores, an identifier
    (``.{{ name }} {``, ``width: {{ w }}mm``, ``url({{ u }})`` still parse as CSS).
    """
    spans: list[tuple[int, int]] = []

    def blank(match: re.Match[str]) -> str:
        code = match.group()
        spans.append(match.span())
        return re.sub(r"[^\n]", "_" if code.startswith("{{") else " ", code)

    return _JINJA.sub(blank, source), spans


def syntax_errors(text: str) -> list[Problem]:
    """What cannot be parsed in the CSS ``text``, in order, each once."""
    text = _as_tinycss2_reads(text)
    found = _token_errors(tinycss2.parse_component_value_list(text))
    found += _open_at_end(text)
    top = tinycss2.parse_component_value_list(text, skip_comments=True)
    rules = tinycss2.parse_stylesheet(top, skip_comments=True, skip_whitespace=True)
    found += _rule_errors(text, rules, top, nested=False)
    return sorted(dict.fromkeys(found))


def _as_tinycss2_reads(text: str) -> str:
    """The text with the line breaks tinycss2 counts (it reads CR, CRLF and FF as LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


def _token_errors(tokens: Iterable[Node]) -> list[Problem]:
    found: list[Problem] = []
    for token in tokens:
        if token.type == "error":
            kind = token.kind
            message = _TOKEN_ERRORS.get(kind) or (
                f'unmatched "{kind}": it closes nothing' if len(kind) == 1 else token.message
            )
            found.append((token.source_line, token.source_column, message))
        inner = getattr(token, "content", None) or getattr(token, "arguments", None)
        if isinstance(inner, list):
            found += _token_errors(inner)
    return found


class _Positions:
    """Offsets in a text <-> tinycss2's 1-based lines and columns."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def of(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        return self.starts[min(line, len(self.starts)) - 1] + column - 1


@functools.lru_cache(maxsize=4)
def _positions(text: str) -> _Positions:
    """The positions of ``text``, made once for every problem found in it."""
    return _Positions(text)


def _open_at_end(text: str) -> list[Problem]:
    """Blocks, brackets and a comment still open at the end of the file (tinycss2 closes
    them silently, so that the rest of the file becomes part of the last rule)."""
    positions = _positions(text)
    found: list[Problem] = []
    stack: list[tuple[str, int]] = []
    at, end = 0, len(text)
    while at < end:
        char = text[at]
        if text.startswith("/*", at):
            close = text.find("*/", at + 2)
            if close < 0:
                found.append((*positions.of(at), "a comment is not closed by the end of the file"))
                break
            at = close + 2
            continue
        if char in "\"'":  # tinycss2 reports a string left open; here it is only skipped
            at += 1
            while at < end and text[at] not in (char, "\n"):
                at += 2 if text[at] == "\\" else 1
        elif char == "\\":
            at += 1
        elif char in _CLOSERS:
            stack.append((char, at))
        elif stack and char == _CLOSERS[stack[-1][0]]:
            stack.pop()
        at += 1
    for char, offset in stack:
        found.append((*positions.of(offset), f'"{char}" is not closed by the end of the file'))
    return found


def _rule_errors(text: str, nodes: list[Any], tokens: list[Any], *, nested: bool) -> list[Problem]:
    """Errors of a list of rules (``nested``: the contents of a style rule or of an at-rule
    that holds declarations); ``tokens``: the list's own tokens, to say where an invalid
    rule or declaration begins (tinycss2 places the error where it gave up)."""
    found: list[Problem] = []
    for node in nodes:
        if node.type == "error" and node.kind not in _TOKEN_ERRORS and len(node.kind) > 1:
            found.append(_invalid(text, tokens, node, nested=nested))
        elif node.type == "qualified-rule":
            problem = selector_error(node.prelude, nested=nested)
            if problem is not None:
                found.append(problem)
            found += _declaration_errors(text, node.content)
        elif node.type == "at-rule" and node.content is not None:
            keyword = node.lower_at_keyword
            if keyword in _RULE_LISTS and not nested:
                inner = tinycss2.parse_rule_list(node.content, skip_comments=True)
                found += _rule_errors(text, inner, node.content, nested=False)
            elif _holds_declarations(keyword):
                found += _declaration_errors(text, node.content)
    return found


def _holds_declarations(keyword: str) -> bool:
    """Whether an at-rule (in a style rule, or one of these) holds declarations."""
    return (
        keyword in _RULE_LISTS
        or keyword in _DECLARATION_LISTS
        or _MARGIN_BOX.fullmatch(keyword) is not None
    )


def _declaration_errors(text: str, content: list[Any]) -> list[Problem]:
    inner = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
    return _rule_errors(text, inner, content, nested=True)


def _invalid(text: str, tokens: list[Any], error: Any, *, nested: bool) -> Problem:
    """An invalid rule or declaration, at its start, with its text."""
    line, column = error.source_line, error.source_column
    start = (line, column)
    expecting = True
    for token in tokens:
        here = (token.source_line, token.source_column)
        if here > (line, column):
            break
        if token.type in ("whitespace", "comment"):
            continue
        if expecting:
            start, expecting = here, False
        if token.type == "{} block" or (token.type == "literal" and token.value == ";"):
            expecting = True
    positions = _positions(text)
    first = positions.offset(*start)
    last = max(positions.offset(line, column), first)
    while last < len(text) and text[last] not in ";{}\n":
        last += 1
    words = " ".join(text[first:last].split())
    if len(words) > 60:
        words = words[:57] + "..."
    what = "a declaration (property: value)" if nested else "a rule (selector { declarations })"
    return (*start, f'"{words}" is not {what}' if words else f"expected {what}")


def selector_error(prelude: list[Any], *, nested: bool = False) -> Problem | None:
    """Why cssselect2 cannot compile a rule's selector, or None. A nested rule's selector is
    compiled as WeasyPrint compiles it: ``&`` stands for the parent, a selector without it
    is relative to the parent. A selector holding a token error is reported as that."""
    if any(token.type == "error" for token in prelude):
        return None
    tokens = _as_top_level(prelude) if nested else _ampersand_as_any(prelude)
    try:
        cssselect2.compile_selector_list(tokens)
    except cssselect2.SelectorError as exc:
        first = next((t for t in prelude if t.type not in ("whitespace", "comment")), None)
        where, *words = exc.args if exc.args else (None,)
        if not isinstance(where, Node):
            words, where = [where, *words], first
        message = " ".join(str(word) for word in words if word is not None) or "invalid"
        shown = " ".join(tinycss2.serialize(prelude).split())
        line, column = (where.source_line, where.source_column) if where else (1, 1)
        return line, column, f'invalid selector "{shown}": {message}'
    return None


def _ampersand_as_any(prelude: list[Any]) -> list[Any]:
    return [
        LiteralToken(t.source_line, t.source_column, "*") if _is_ampersand(t) else t
        for t in prelude
    ]


def _as_top_level(prelude: list[Any]) -> list[Any]:
    tokens: list[Any] = []
    groups: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            groups.append([])
        else:
            groups[-1].append(token)
    for group in groups:
        if tokens:
            tokens.append(LiteralToken(1, 1, ","))
        if not any(_is_ampersand(t) for t in group):
            first = next((t for t in group if t.type != "whitespace"), None)
            if first is not None:
                tokens += [LiteralToken(first.source_line, first.source_column, "*"), _SPACE]
        tokens += _ampersand_as_any(group)
    return tokens


_SPACE = tinycss2.parse_component_value_list(" ")[0]


def _is_ampersand(token: Any) -> bool:
    return bool(token.type == "literal" and token.value == "&")
