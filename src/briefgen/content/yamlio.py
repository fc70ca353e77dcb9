"""Read YAML files into position-carrying nodes, with YAML 1.2 scalar meaning.

PyYAML's parser gives us events with exact marks; we compose our own small
node tree from them instead of using its constructor, so that:

* no scalar is ever resolved by YAML 1.1 rules (``NO``, ``on``, ``10:30``,
  ``012345`` stay exactly as written; the validator interprets each scalar
  by the type the content model expects for that key);
* anchors, aliases and tags are refused (so no alias bomb and no object
  construction is possible);
* duplicate keys are found with both positions;
* nesting depth is bounded, so a hostile file cannot cause a RecursionError.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev

from briefgen.diagnostics import Diagnostics, Location

MAX_DEPTH = 32
"""Deepest nesting accepted; real content files need fewer than ten levels."""

NOT_CHECKED = "the rest of this file was not checked"
"""Said after a syntax error: reading stops there, so later mistakes appear only once it is
fixed (an editor should not take the one message for the only one)."""

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True)
class YScalar:
    """A scalar exactly as written; ``plain`` is False for quoted and block scalars."""

    value: str
    plain: bool
    loc: Location
    broken: bool = False
    """Stands in for something already reported (an alias): not reported again."""

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in _NULLS


@dataclass(frozen=True)
class YSeq:
    items: tuple[YNode, ...]
    loc: Location


@dataclass(frozen=True)
class YEntry:
    key: str
    key_loc: Location
    value: YNode


@dataclass(frozen=True)
class YMap:
    entries: tuple[YEntry, ...]
    loc: Location

    def get(self, key: str) -> YEntry | None:
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None

    def keys(self) -> list[str]:
        return [e.key for e in self.entries]


YNode = YScalar | YSeq | YMap


class _AbortError(Exception):
    """Parsing of this file cannot go on; the diagnostic is already recorded."""


_CONTROL_IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab and line breaks (CRLF files are allowed)."""
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""In a value (after escapes such as "\\r" are read), only tab and newline are allowed."""

# libyaml reads about ten times faster; the pure-Python parser is the reference
# for error messages, so a file libyaml rejects is read again with it.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)


def _decode(data: bytes, relpath: str, diags: Diagnostics) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        if line_start == 0 and before.startswith(codecs.BOM_UTF8):
            line_start = len(codecs.BOM_UTF8)  # the byte-order mark is not a column
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        diags.error(
            "encoding",
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
            Location(relpath, line, column),
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    match = _CONTROL_IN_FILE.search(text)
    if match is not None:
        bad = match.start()
        before_text = text[:bad]
        line = before_text.count("\n") + 1
        column = bad - (before_text.rfind("\n") + 1) + 1
        diags.error(
            "control-character",
            f"control character U+{ord(text[bad]):04X} is not allowed in content",
            Location(relpath, line, column),
        )
        return None
    return text


class _Composer:
    def __init__(
        self, text: str, relpath: str, diags: Diagnostics, loader: Any = yaml.SafeLoader
    ) -> None:
        self._loader = loader(text)
        self._text = text
        self._newlines: list[int] | None = None
        if any(ch in text for ch in "\u2028\u2029\x85"):
            self._newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self._relpath = relpath
        self._diags = diags

    def _loc(self, mark: Any) -> Location:
        """Line and column as an editor counts them: only "\n" ends a line.

        Computed from the mark's character index, because YAML parsers also break
        lines at U+2028, U+2029 and U+0085, which editors (and YAML 1.2) do not.
        """
        if mark is None:
            return Location(self._relpath, 1, 1)
        if self._newlines is None:  # no other line breaks in the file: the marks are right
            return Location(self._relpath, mark.line + 1, mark.column + 1)
        index = min(int(mark.index), len(self._text))
        line = bisect.bisect_right(self._newlines, index - 1)
        start = self._newlines[line - 1] + 1 if line else 0
        return Location(self._relpath, line + 1, index - start + 1)

    def _next(self) -> ev.Event:
        event: ev.Event = self._loader.get_event()
        return event

    def _peek(self) -> ev.Event:
        event: ev.Event = self._loader.peek_event()
        return event

    def document(self) -> YNode | None:
        self._next()  # StreamStartEvent
        if isinstance(self._peek(), ev.StreamEndEvent):
            self._diags.error("empty-file", "file is empty", Location(self._relpath, 1, 1))
            return None
        self._next()  # DocumentStartEvent
        node = self._node(1)
        self._next()  # DocumentEndEvent
        extra = self._peek()
        if not isinstance(extra, ev.StreamEndEvent):
            self._diags.error(
                "multiple-documents",
                "a content file holds one document; found another one here",
                self._loc(extra.start_mark),
            )
        return node

    def _node(self, depth: int) -> YNode:
        event = self._next()
        loc = self._loc(event.start_mark)
        if depth > MAX_DEPTH:
            self._diags.error(
                "too-deep", f"nesting deeper than {MAX_DEPTH} levels is not allowed", loc
            )
            raise _AbortError
        if isinstance(event, ev.AliasEvent):
            self._diags.error(
                "alias", f"aliases (*{event.anchor}) are not allowed; write the value out", loc
            )
            return YScalar("", True, loc, broken=True)
        assert isinstance(event, ev.NodeEvent)
        refused = False  # the value is reported: it stands in for what it would have been
        if event.anchor is not None:
            refused = True
            self._diags.error(
                "anchor", f"anchors (&{event.anchor}) are not allowed; write the value out", loc
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            refused = True
            self._diags.error("tag", f"YAML tags ({_short_tag(tag)}) are not allowed", loc)
        if isinstance(event, ev.ScalarEvent):
            # Escapes in quoted scalars ("\x01", "\0", "\r") can produce what the file may not hold.
            bad = _CONTROL_IN_VALUE.search(event.value)
            if bad is not None:
                refused = True
                self._diags.error(
                    "control-character",
                    f"control character U+{ord(bad.group()):04X} is not allowed in content",
                    loc,
                )
            plain = event.style in (None, "") and tag is None  # libyaml says "" for plain
            return YScalar(event.value, plain, loc, broken=refused)
        if isinstance(event, ev.SequenceStartEvent):
            items: list[YNode] = []
            while not isinstance(self._peek(), ev.SequenceEndEvent):
                items.append(self._node(depth + 1))
            self._next()
            return YSeq(tuple(items), loc)
        assert isinstance(event, ev.MappingStartEvent)
        entries: list[YEntry] = []
        seen: dict[str, Location] = {}
        while not isinstance(self._peek(), ev.MappingEndEvent):
            key_node = self._node(depth + 1)
            value = self._node(depth + 1)
            if not isinstance(key_node, YScalar):
                self._diags.error("key-type", "a key must be a plain word", key_node.loc)
                continue
            key = key_node.value
            if key in seen:
                first = seen[key]
                self._diags.error(
                    "duplicate-key",
                    f'duplicate key "{key}" (first defined at line {first.line})',
                    key_node.loc,
                )
                continue
            seen[key] = key_node.loc
            entries.append(YEntry(key, key_node.loc, value))
        self._next()
        return YMap(tuple(entries), loc)


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def parse_yaml(data: bytes, relpath: str, diags: Diagnostics) -> YNode | None:
    """Parse one file's bytes; problems go to ``diags``; None when nothing usable was read."""
    text = _decode(data, relpath, diags)
    if text is None:
        return None
    if _FAST_LOADER is not None:
        found = Diagnostics()
        try:
            node = _Composer(text, relpath, found, _FAST_LOADER).document()
        except _AbortError:
            diags.extend(found.items)
            return None
        except yaml.YAMLError:
            pass  # read again below, for the reference parser's message and position
        else:
            diags.extend(found.items)
            return node
    try:
        composer = _Composer(text, relpath, diags)
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, such as U+FFFE
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        diags.error(
            "control-character",
            f"character U+{exc.character:04X} is not allowed in content",
            Location(relpath, line, column),
        )
        return None
    try:
        return composer.document()
    except _AbortError:
        return None
    except yaml.MarkedYAMLError as exc:
        message, mark = _syntax_message(exc, composer)
        diags.error("yaml-syntax", f"{message}; {NOT_CHECKED}", composer._loc(mark))
        return None
    except yaml.YAMLError as exc:  # reader errors carry no mark attribute of that name
        diags.error("yaml-syntax", f"invalid YAML: {exc}; {NOT_CHECKED}", Location(relpath, 1, 1))
        return None


_OPENED = {
    "while parsing a flow sequence": "the list opened with [ at line {line}, column {column}",
    "while parsing a flow mapping": "the mapping opened with {{ at line {line}, column {column}",
    "while scanning a quoted scalar": "the quoted text that starts at line {line}, column {column}",
    "while parsing a block mapping": "the keys that start at line {line}, column {column}",
    "while parsing a block collection": "the list that starts at line {line}, column {column}",
}
"""PyYAML's context, in an editor's words: where the unfinished construct began."""


def _syntax_message(exc: yaml.MarkedYAMLError, composer: _Composer) -> tuple[str, Any]:
    """PyYAML's problem in an editor's words, and the mark to report it at.

    The common mistakes get a message that says what to do; otherwise PyYAML's own
    words, with where the construct it was reading began when that is on another line
    (an unclosed ``[`` or quote is found only where the file ends).
    """
    problem = exc.problem or exc.context or "invalid YAML"
    start, end = exc.context_mark, exc.problem_mark
    before = composer._text[end.index - 1] if end is not None and end.index > 0 else ""
    if problem.startswith("found character '\\t'"):
        return "invalid YAML: a tab cannot indent YAML; use spaces", end
    if problem == "mapping values are not allowed here":
        return (
            "invalid YAML: a colon followed by a space cannot stand here: if it is part of "
            "the text, put the whole value in quotes; if it starts a key, check the "
            "indentation of this line and of the line above"
        ), end
    if problem == "could not find expected ':'" and start is not None:
        return (
            'invalid YAML: this line is not "key: value": add the key and a colon, or '
            "indent the line if it continues the value above"
        ), start
    if problem.startswith("expected <block end>, but found") and before in ('"', "'"):
        quote = before
        return (
            f"invalid YAML: text follows the closing {quote} of a quoted value: a {quote} "
            f"inside the text must be doubled ({quote}{quote})"
            if quote == "'"
            else 'invalid YAML: text follows the closing " of a quoted value: write a " inside '
            "the text as \\\", or quote the whole value with ' instead"
        ), end
    if problem.startswith("expected <block end>, but found"):
        problem = "this line is indented more or less than the lines of its block"
    message = f"invalid YAML: {problem}"
    if exc.context and start is not None and end is not None and start.line != end.line:
        loc = composer._loc(start)
        template = _OPENED.get(exc.context, exc.context + " at line {line}, column {column}")
        message += " (in " + template.format(line=loc.line, column=loc.column) + ")"
    return message, end or start


def read_mapping(
    path: Path, relpath: str, diags: Diagnostics, *, data: bytes | None = None
) -> YMap | None:
    """Read a content file (or its bytes, when already read) whose root must be a mapping."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            diags.error("read", f"cannot read file: {exc.strerror}", Location(relpath))
            return None
    node = parse_yaml(data, relpath, diags)
    if node is None:
        return None
    if not isinstance(node, YMap):
        if isinstance(node, YScalar) and node.is_null:
            diags.error("empty-file", "file is empty", node.loc)
        else:
            what = "a list" if isinstance(node, YSeq) else "a single value"
            diags.error(
                "root-not-mapping", f"the file must hold a mapping of keys, not {what}", node.loc
            )
        return None
    return node
