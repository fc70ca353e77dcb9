"""Typed conversion of YAML nodes to content values, reporting every problem with its position.

Each converter takes a node, the file's :class:`Context` and the key it sits
under, and returns the value or :data:`INVALID` after recording a diagnostic.
Scalars are interpreted here, by the type the content model expects, never by
YAML's own resolution rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

from briefgen.content.assets import asset_problem
from briefgen.content.iso_codes import COUNTRIES, LANGUAGES, REGIONS
from briefgen.content.values import Number, Text
from briefgen.content.yamlio import YMap, YNode, YScalar, YSeq
from briefgen.diagnostics import Diagnostics, Location

FontCheck = Callable[[str], list[tuple[str, str]]]
"""(character, message) for each character of a string that no installed font covers."""


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = _Invalid()
"""Returned by a converter after it has reported why the value is unusable."""


class Partial(_Invalid):
    """An invalid mapping's sound part: the fields that converted and the keys that did
    not, so that checks across fields can still run on what is sound (and report their
    mistakes in the same run)."""

    def __init__(self, values: dict[str, Any], failed: set[str]) -> None:
        self.values = values
        self.failed = failed


SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_NUMBER_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$")
_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


@dataclass(frozen=True)
class Ref:
    """A reference from content to another entity, kept with its position for resolution."""

    kind: str  # "events", "speakers", "countries", "organisations", "programmes"
    id: str
    loc: Location


@dataclass
class Context:
    """What the converters of one file need: where to report, and project-wide facts."""

    relpath: str
    diags: Diagnostics
    assets_dir: Path
    languages: tuple[str, ...] = ("en",)
    max_field_length: int = 100_000
    max_asset_bytes: int = 20_000_000
    refs: list[Ref] = field(default_factory=list)
    assets: list[tuple[str, Location]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    """The file's text by line, to place problems found inside a value (Markdown links)."""
    text_fields: int = 0
    """Text fields read, for the translation coverage table."""
    plain_fields: int = 0
    """Of those, plain strings: the same in every language."""
    untranslated: dict[str, int] = field(default_factory=dict)
    """Language -> text fields that lack it."""
    fonts: FontCheck | None = None
    """The installed fonts' check of each string (render/fonts.py), given by a build
    (which prints it), not by ``check``, whose answer does not depend on the machine."""

    def find(self, needle: str, start: Location) -> Location:
        """Where ``needle`` is first written at or after ``start`` (``start`` if nowhere)."""
        if not needle:
            return start
        for offset, line in enumerate(self.lines[start.line - 1 :]):
            skip = start.column - 1 if offset == 0 else 0
            column = line.find(needle, skip)
            if column >= 0:
                return Location(start.path, start.line + offset, column + 1)
        return start

    def find_target(self, target: str, start: Location) -> Location:
        """Where a Markdown link or image target is written: ``](x``, ``<x>`` or ``]: x``
        (not an earlier mention of the same text in the prose)."""
        for lead in ("](", "](<", "<", "]: "):
            found = self.find(lead + target, start)
            if found != start:
                return Location(found.path, found.line, found.column + len(lead))
        return self.find(target, start)

    def error(self, code: str, message: str, loc: Location) -> _Invalid:
        self.diags.error(code, message, loc)
        return INVALID

    def warning(self, code: str, message: str, loc: Location) -> None:
        self.diags.warning(code, message, loc)


Converter = Callable[[YNode, Context, str], Any]


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f'; did you mean "{match[0]}"?' if match else ""


def _scalar(node: YNode, ctx: Context, key: str, expected: str) -> YScalar | _Invalid:
    if isinstance(node, YScalar):
        return node
    what = "a list" if isinstance(node, YSeq) else "a mapping"
    return ctx.error("type", f'"{key}" must be {expected}, not {what}', node.loc)


def _check_string(value: str, ctx: Context, key: str, loc: Location) -> bool:
    if len(value) > ctx.max_field_length:
        ctx.error(
            "too-long",
            f'"{key}" is {len(value):,} characters long; the limit is {ctx.max_field_length:,}',
            loc,
        )
        return False
    if ctx.fonts is None:
        return True
    problems = ctx.fonts(value)
    for char, message in problems:
        ctx.error("font", message, ctx.find(char, loc))
    return not problems


def string(node: YNode, ctx: Context, key: str) -> str | _Invalid:
    s = _scalar(node, ctx, key, "a string")
    if isinstance(s, _Invalid):
        return s
    return s.value if _check_string(s.value, ctx, key, s.loc) else INVALID


_LANGUAGE_TAG = re.compile(r"([a-z]{2})(?:-([A-Z]{2}|[0-9]{3}|[A-Z][a-z]{3}))?")
"""An ISO 639-1 code, optionally with a region (en-US, es-419) or a script (zh-Hant)."""
_SCRIPTS = frozenset({"Arab", "Cyrl", "Hans", "Hant", "Latn"})


def _language_code(code: str, ctx: Context, loc: Location) -> bool:
    tag = _LANGUAGE_TAG.fullmatch(code)
    if tag and tag[1] in LANGUAGES:
        sub = tag[2]
        if sub is None or sub.isdigit() or sub in _SCRIPTS or sub in REGIONS:
            return True
    ctx.error(
        "language",
        f'"{code}" is not an ISO 639-1 language code (two lower-case letters, e.g. en, fr, ar)',
        loc,
    )
    return False


def text(node: YNode, ctx: Context, key: str) -> Text | _Invalid:
    """A string, or a mapping from language code to string."""
    ctx.text_fields += 1
    if isinstance(node, YScalar):
        ctx.plain_fields += 1
        if not _check_string(node.value, ctx, key, node.loc):
            return INVALID
        return Text(plain=node.value, loc=node.loc)
    if isinstance(node, YSeq):
        return ctx.error(
            "type",
            f'"{key}" must be text (a string, or a mapping of languages to strings), not a list',
            node.loc,
        )
    pairs: list[tuple[str, str]] = []
    ok = True
    for entry in node.entries:
        ok = _language_code(entry.key, ctx, entry.key_loc) and ok
        value = entry.value
        if not isinstance(value, YScalar) or value.is_null:
            ctx.error("type", f'"{key}.{entry.key}" must be a string', value.loc)
            ok = False
            continue
        if not value.value.strip():
            ctx.error("empty", f'"{key}.{entry.key}" is empty', value.loc)
            ok = False
            continue
        ok = _check_string(value.value, ctx, f"{key}.{entry.key}", value.loc) and ok
        pairs.append((entry.key, value.value))
    if not ok:
        return INVALID
    if not pairs:
        return ctx.error("type", f'"{key}" has no text in any language', node.loc)
    result = Text(translations=tuple(pairs), loc=node.loc)
    fallback = ctx.languages[0] if ctx.languages[0] in result.languages else pairs[0][0]
    for lang in ctx.languages:
        if lang not in result.languages and lang.split("-")[0] not in result.languages:
            ctx.untranslated[lang] = ctx.untranslated.get(lang, 0) + 1
            ctx.warning(
                "missing-translation",
                f'"{key}" has no "{lang}" text; the "{fallback}" text is used',
                node.loc,
            )
    return result


def markdown(node: YNode, ctx: Context, key: str) -> Text | _Invalid:
    """Text whose strings are CommonMark; links and images are checked here."""
    from briefgen.content.markdown import (  # markdown-it: for markdown fields only
        link_problem,
        targets,
    )

    value = text(node, ctx, key)
    if isinstance(value, _Invalid):
        return value
    strings = [value.plain] if value.plain is not None else [s for _, s in value.translations]
    for source in strings:
        images: list[str] = []
        for kind, target in targets(source):
            if kind == "link":
                problem = link_problem(target)
            else:
                images.append(target)
                problem = asset_problem(target, ctx.assets_dir, ctx.max_asset_bytes)
                problem = problem and f"image: {problem}"
            if problem:
                ctx.error("markdown-link", problem, ctx.find_target(target, node.loc))
        ctx.assets += [(asset, node.loc) for asset in images]
    return Text(value.plain, value.translations, value.loc, markdown=True)


def boolean(node: YNode, ctx: Context, key: str) -> bool | _Invalid:
    s = _scalar(node, ctx, key, "true or false")
    if isinstance(s, _Invalid):
        return s
    if s.value in _TRUE:
        return True
    if s.value in _FALSE:
        return False
    return ctx.error("type", f'"{key}" must be true or false, not "{s.value}"', s.loc)


def date(node: YNode, ctx: Context, key: str) -> dt.date | _Invalid:
    s = _scalar(node, ctx, key, "a date (YYYY-MM-DD)")
    if isinstance(s, _Invalid):
        return s
    m = _DATE_RE.match(s.value)
    if not m:
        return ctx.error("date", f'"{key}" must be a date (YYYY-MM-DD), not "{s.value}"', s.loc)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return ctx.error(
            "date", f'"{key}": {s.value} is not a date (YYYY-MM-DD){_date_hint(m)}', s.loc
        )


def _date_hint(m: re.Match[str]) -> str:
    """Why a YYYY-MM-DD value is no date: day and month swapped (2021-24-11: 2021-11-24),
    or a day past the month's end (2021-02-30: February 2021 has 28 days)."""
    y, month, day = int(m[1]), int(m[2]), int(m[3])
    try:
        swapped = dt.date(y, day, month)
    except ValueError:
        pass
    else:
        return f"; did you mean {swapped.isoformat()}?"
    if 1 <= month <= 12 and day > 28:
        days = calendar.monthrange(y, month)[1]
        return f": {calendar.month_name[month]} {y} has {days} days"
    return ""


def time(node: YNode, ctx: Context, key: str) -> dt.time | _Invalid:
    s = _scalar(node, ctx, key, "a time (HH:MM)")
    if isinstance(s, _Invalid):
        return s
    m = _TIME_RE.match(s.value)
    if m and int(m[1]) < 24 and int(m[2]) < 60:
        return dt.time(int(m[1]), int(m[2]))
    return ctx.error("time", f'"{key}" must be a 24-hour time (HH:MM), not "{s.value}"', s.loc)


def year(node: YNode, ctx: Context, key: str) -> int | _Invalid:
    s = _scalar(node, ctx, key, "a year")
    if isinstance(s, _Invalid):
        return s
    if _INT_RE.match(s.value) and 1900 <= int(s.value) <= 2200:
        return int(s.value)
    return ctx.error("year", f'"{key}" must be a year from 1900 to 2200, not "{s.value}"', s.loc)


def number_or_text(node: YNode, ctx: Context, key: str) -> Number | Text | _Invalid:
    """A plain scalar that reads as a number is a number; ``012345`` and quoted values are text."""
    if isinstance(node, YScalar) and node.plain and _NUMBER_RE.match(node.value):
        try:
            return Number(node.value, Decimal(node.value))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            pass
    return text(node, ctx, key)


def slug(node: YNode, ctx: Context, key: str) -> str | _Invalid:
    value = string(node, ctx, key)
    if isinstance(value, _Invalid):
        return value
    if SLUG_RE.match(value):
        return value
    return ctx.error(
        "id",
        f'"{value}" is not a valid id: use lower-case letters, digits and single hyphens',
        node.loc,
    )


def country_code(value: str, ctx: Context, loc: Location) -> str | _Invalid:
    if value in COUNTRIES:
        return value
    if value.upper() in COUNTRIES:
        return ctx.error(
            "country", f'country codes are written in upper case: "{value.upper()}"', loc
        )
    from briefgen.content.country_codes import closest_country  # loads pycountry: ~90 ms

    suggestion = closest_country(value, _project_countries(ctx))
    hint = f'; did you mean "{suggestion[0]}" ({suggestion[1]})?' if suggestion else " (e.g. KAZ)"
    return ctx.error("country", f'"{value}" is not an ISO 3166-1 alpha-3 country code{hint}', loc)


def _project_countries(ctx: Context) -> set[str]:
    """The codes of the project's country files (content/countries/<code>.yaml)."""
    folder = ctx.assets_dir.parent / "countries"
    try:
        return {p.stem for p in folder.iterdir() if p.suffix in (".yaml", ".yml")}
    except OSError:
        return set()


def country(node: YNode, ctx: Context, key: str) -> str | _Invalid:
    value = string(node, ctx, key)
    if isinstance(value, _Invalid):
        return value
    code = country_code(value, ctx, node.loc)
    if not isinstance(code, _Invalid):
        ctx.refs.append(Ref("countries", code, node.loc))
    return code


def ref(kind: str) -> Converter:
    """A reference by id to an entity of ``kind``, resolved once every file is read."""

    def convert(node: YNode, ctx: Context, key: str) -> str | _Invalid:
        value = slug(node, ctx, key)
        if not isinstance(value, _Invalid):
            ctx.refs.append(Ref(kind, value, node.loc))
        return value

    return convert


def organisation_or_country(node: YNode, ctx: Context, key: str) -> str | _Invalid:
    """An upper-case three-letter value is a country; anything else an organisation id."""
    if isinstance(node, YScalar) and _ISO3_RE.match(node.value):
        return country(node, ctx, key)
    result: str | _Invalid = ref("organisations")(node, ctx, key)
    return result


def enum(*choices: str) -> Converter:
    def convert(node: YNode, ctx: Context, key: str) -> str | _Invalid:
        value = string(node, ctx, key)
        if isinstance(value, _Invalid) or value in choices:
            return value
        listed = ", ".join(choices)
        return ctx.error(
            "choice",
            f'"{key}" must be one of {listed}; not "{value}"{did_you_mean(value, choices)}',
            node.loc,
        )

    return convert


def asset(node: YNode, ctx: Context, key: str) -> str | _Invalid:
    """A path relative to content/assets/ that exists there and does not leave it."""
    value = string(node, ctx, key)
    if isinstance(value, _Invalid):
        return value
    problem = asset_problem(value, ctx.assets_dir, ctx.max_asset_bytes)
    if problem:
        return ctx.error("asset", problem, node.loc)
    ctx.assets.append((value, node.loc))
    return value


_CSS_COLOR_RE = re.compile(
    r"^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|"
    r"(rgb|rgba|hsl|hsla)\(\s*[-0-9.%\s,/deg]+\)|[a-zA-Z]+)$"
)


def color(node: YNode, ctx: Context, key: str) -> str | _Invalid:
    import tinycss2.color3  # small, pure Python; WeasyPrint's own colour parser

    value = string(node, ctx, key)
    if isinstance(value, _Invalid):
        return value
    if _CSS_COLOR_RE.match(value.strip()) and tinycss2.color3.parse_color(value) is not None:
        return value.strip()
    return ctx.error(
        "color", f'"{key}" must be a CSS colour such as "#0b5ea8", not "{value}"', node.loc
    )


def url(node: YNode, ctx: Context, key: str) -> str | _Invalid:
    value = string(node, ctx, key)
    if not isinstance(value, _Invalid) and not re.match(r"^(https?://|mailto:)", value, re.I):
        ctx.warning(
            "url", f'"{key}" is not an http, https or mailto address; it is not linked', node.loc
        )
    return value


def email(node: YNode, ctx: Context, key: str) -> str | _Invalid:
    value = string(node, ctx, key)
    if not isinstance(value, _Invalid) and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value):
        return ctx.error("email", f'"{key}" is not an e-mail address: "{value}"', node.loc)
    return value


def language(node: YNode, ctx: Context, key: str) -> str | _Invalid:
    value = string(node, ctx, key)
    if isinstance(value, _Invalid) or _language_code(value, ctx, node.loc):
        return value
    return INVALID


def list_of(item: Converter, *, unique: bool = False) -> Converter:
    def convert(node: YNode, ctx: Context, key: str) -> tuple[Any, ...] | _Invalid:
        if not isinstance(node, YSeq):
            return ctx.error("type", f'"{key}" must be a list', node.loc)
        values: list[Any] = []
        ok = True
        for child in node.items:
            if isinstance(child, YScalar) and child.broken:
                ok = False
                continue
            value = item(child, ctx, key)
            if isinstance(value, _Invalid):
                ok = False
            elif unique and value in values:
                ctx.error("duplicate-item", f'"{value}" is listed twice in "{key}"', child.loc)
            else:
                values.append(value)
        return tuple(values) if ok else INVALID

    return convert


_TEXTS: tuple[Converter, ...] = (text, markdown, string)
"""The converters of texts: a text left empty is not given (an error where it is required).
Other kinds of value report an empty one as what it is not (a date, an id, a list)."""


@dataclass(frozen=True)
class Field:
    convert: Converter
    required: bool = False
    null_message: str | None = None
    """When set, an explicit null is an error with this message (rather than 'not given')."""


def plain_data(node: YNode) -> Any:
    """A node as plain Python data (scalars as written), for ``extra:``."""
    if isinstance(node, YScalar):
        return None if node.is_null else node.value
    if isinstance(node, YSeq):
        return [plain_data(n) for n in node.items]
    return {e.key: plain_data(e.value) for e in node.entries}


def struct(
    node: YNode,
    ctx: Context,
    key: str,
    fields: Mapping[str, Field],
    *,
    extra: bool = False,
    item: bool = False,
) -> dict[str, Any] | _Invalid:
    """Convert a mapping by its field table; every problem is reported, none stops the rest.

    ``item``: the mapping is an item of the list ``key`` (a session, a statement).
    """
    if not isinstance(node, YMap):
        found = "a list" if isinstance(node, YSeq) else "a single value"
        required = [name for name, field in fields.items() if field.required]
        keys = ", ".join(f"{name}:" for name in required or fields)
        subject = f'each item of "{key}"' if item else f'"{key}"'
        return ctx.error(
            "type", f"{subject} must be a mapping of keys ({keys}), not {found}", node.loc
        )
    out: dict[str, Any] = {}
    failed: set[str] = set()
    allowed = set(fields) | ({"extra"} if extra else set())
    for entry in node.entries:
        if extra and entry.key == "extra":
            if not isinstance(entry.value, YMap) and not (
                isinstance(entry.value, YScalar) and entry.value.is_null
            ):
                ctx.error("type", '"extra" must be a mapping', entry.value.loc)
            else:
                out["extra"] = plain_data(entry.value) or {}
            continue
        spec = fields.get(entry.key)
        if spec is None:
            ctx.error(
                "unknown-key",
                f'unknown key "{entry.key}"{did_you_mean(entry.key, allowed)}',
                entry.key_loc,
            )
            continue
        value_node = entry.value
        if isinstance(value_node, YScalar) and value_node.broken:
            failed.add(entry.key)
            continue
        if isinstance(value_node, YScalar) and value_node.is_null:
            if spec.null_message:
                ctx.error("null", spec.null_message, value_node.loc)
                failed.add(entry.key)
            elif spec.required:
                ctx.error("missing", f'"{entry.key}" needs a value', value_node.loc)
                failed.add(entry.key)
            continue
        if (
            getattr(spec.convert, "convert", spec.convert) in _TEXTS  # a ValueType's own
            and isinstance(value_node, YScalar)
            and not value_node.value.strip()
        ):
            # '' or "  ": a document would print nothing where the text belongs.
            if spec.required:
                ctx.error("empty", f'"{entry.key}" is empty; it needs a value', value_node.loc)
                failed.add(entry.key)
            else:
                ctx.warning(
                    "empty",
                    f'"{entry.key}" is empty and is left out; give it a value or remove the key',
                    value_node.loc,
                )
            continue
        value = spec.convert(value_node, ctx, entry.key)
        if isinstance(value, _Invalid):
            failed.add(entry.key)
        else:
            out[entry.key] = value
    present = set(node.keys())
    for name, spec in fields.items():
        if spec.required and name not in present:
            ctx.error("missing", f'missing required key "{name}"', node.loc)
            failed.add(name)
    return Partial(out, failed) if failed else out
