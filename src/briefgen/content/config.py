"""briefgen.yaml: the project configuration, every key optional with a documented default."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.content import schema as s
from briefgen.content import valuetypes as t
from briefgen.content.declare import JsonSchema, ValueType, build, declared, fields_of, record
from briefgen.content.documents import DOCUMENT_KINDS
from briefgen.content.schema import Context
from briefgen.content.values import Text
from briefgen.content.yamlio import YNode, YScalar, YSeq, read_mapping
from briefgen.diagnostics import ERRORS, WARNINGS

CONFIG_FILE = "briefgen.yaml"
FORMATS = ("pdf", "docx", "html")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3a", "pdf/a-3b", "none")
_FONT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]*$")


def _font_name(node: YNode, ctx: Context, key: str) -> Any:
    value = s.string(node, ctx, key)
    if isinstance(value, str) and not _FONT_NAME.match(value):
        names = [name.strip() for name in value.split(",")]
        if len(names) > 1 and all(_FONT_NAME.match(name) for name in names):
            listed = ", ".join(names)
            return ctx.error(
                "font", f'"{key}" names one family per item: write a list, [{listed}]', node.loc
            )
        return ctx.error(
            "font",
            f'font family "{value}" may hold letters, digits, spaces and hyphens only',
            node.loc,
        )
    return value


def _font_families(node: YNode, ctx: Context, key: str) -> Any:
    """One family name, or a list of them in order of preference."""
    if isinstance(node, YScalar):
        name = _font_name(node, ctx, key)
        return name if isinstance(name, s._Invalid) else (name,)
    return s.list_of(_font_name)(node, ctx, key)


def _positive(node: YNode, ctx: Context, key: str) -> Any:
    value = s.string(node, ctx, key)
    if isinstance(value, str) and not (value.isdigit() and int(value) > 0):
        return ctx.error("type", f'"{key}" must be a positive whole number', node.loc)
    return int(value) if isinstance(value, str) else value


def _output(node: YNode, ctx: Context, key: str) -> Any:
    value = s.string(node, ctx, key)
    if not isinstance(value, str):
        return value
    project = ctx.assets_dir.parent.parent.resolve()
    target = (project / value).resolve()
    if not value.strip() or not target.is_relative_to(project) or target == project:
        return ctx.error(
            "output", f'"output" must be a folder inside the project, not "{value}"', node.loc
        )
    for protected in ("content", "templates"):
        if target.is_relative_to(project / protected):
            return ctx.error("output", f'"output" must not be inside {protected}/', node.loc)
    return value


def _warning_codes(node: YNode, ctx: Context, key: str) -> Any:
    """The codes of warnings not to report. A code that is not a warning's is an error
    where it is written (an error's code saying that errors cannot be suppressed), and
    the other codes of the list still apply."""
    if not isinstance(node, YSeq):
        return ctx.error("type", f'"{key}" must be a list of warning codes', node.loc)
    known = ", ".join(WARNINGS)
    codes: list[str] = []
    for item in node.items:
        if isinstance(item, YScalar) and item.broken:
            continue
        code = s.string(item, ctx, key)
        if isinstance(code, s._Invalid):
            continue
        if code in codes:
            ctx.error("duplicate-item", f'"{code}" is listed twice in "{key}"', item.loc)
        elif code in WARNINGS:
            codes.append(code)
        elif code in ERRORS:
            ctx.error(
                "choice",
                f'"{key}": "{code}" is the code of an error, and errors cannot be suppressed '
                f"(the codes of warnings: {known})",
                item.loc,
            )
        else:
            ctx.error(
                "choice",
                f'"{key}": "{code}" is not the code of a warning (the codes of warnings: '
                f"{known}){s.did_you_mean(code, tuple(WARNINGS))}",
                item.loc,
            )
    return tuple(codes)


_FONT_NAME_SCHEMA: JsonSchema = {"type": "string", "pattern": _FONT_NAME.pattern}
FONT_FAMILIES = ValueType(
    _font_families,
    "font family, or a list of them",
    lambda: {"anyOf": [_FONT_NAME_SCHEMA, {"type": "array", "items": _FONT_NAME_SCHEMA}]},
)
POSITIVE = ValueType(
    _positive,
    "positive whole number",
    lambda: {
        "anyOf": [
            {"type": "integer", "minimum": 1},
            {"type": "string", "pattern": "^[0-9]*[1-9][0-9]*$"},
        ]
    },
)
OUTPUT = ValueType(_output, "folder", lambda: dict(t.SCALAR))
_WARNING_CODE = ValueType(
    s.enum(*WARNINGS), "warning code", lambda: {"type": "string", "enum": list(WARNINGS)}
)
WARNING_CODES = ValueType(
    _warning_codes,
    "list of warning codes",
    lambda: {"type": "array", "items": _WARNING_CODE.schema(), "uniqueItems": True},
    items=_WARNING_CODE,
)


@dataclass(frozen=True, kw_only=True)
class Theme:
    """The look of the documents."""

    primary_color: str = declared(
        t.COLOR,
        default="#1f4e79",
        doc="CSS colour of covers, headings and rules; quote it (an unquoted # starts a comment).",
        null_message='"primary_color" has no value: quote the colour ("#0b5ea8"), '
        "an unquoted # starts a YAML comment",
    )
    logo: str | None = declared(
        t.ASSET, doc="Asset printed on covers, in place of the publisher's logo."
    )
    font_family: tuple[str, ...] = declared(
        FONT_FAMILIES,
        default=(),
        doc="Preferred font families; scripts they lack fall back to installed fonts.",
        documented_default="the Noto fonts",
    )


@dataclass(frozen=True, kw_only=True)
class Limits:
    """Bounds on content and rendering (a briefgen extension of the content model)."""

    field_length: int = declared(
        POSITIVE, default=100_000, doc="Longest text field, in characters."
    )
    files: int = declared(POSITIVE, default=20_000, doc="Most content files a project may hold.")
    asset_bytes: int = declared(POSITIVE, default=20_000_000, doc="Largest asset file, in bytes.")
    render_seconds: int = declared(
        POSITIVE, default=300, doc="Longest time one document may take to render."
    )
    render_memory_mb: int = declared(
        POSITIVE, default=2048, doc="Most memory one rendering worker may use, in MB."
    )


@dataclass(frozen=True, kw_only=True)
class Config:
    """briefgen.yaml: the project's settings, every key optional."""

    title: Text = declared(
        t.TEXT,
        default_factory=lambda: Text.of("Briefings"),
        doc="The publishing office, printed on covers and footers.",
        documented_default="Briefings",
    )
    publisher: str | None = declared(
        t.ref("organisations", "organisation id"),
        doc="Organisation id whose name and logo go on covers.",
    )
    languages: tuple[str, ...] = declared(
        t.list_of(t.LANGUAGE, "language codes", unique=True),
        default=("en",),
        doc="Languages to build; the first is the default language of plain strings.",
    )
    formats: tuple[str, ...] = declared(
        t.list_of(t.enum(*FORMATS), "formats", unique=True),
        default=("pdf", "docx"),
        doc="Formats to build.",
    )
    output: str = declared(
        OUTPUT,
        default="build",
        doc="Where outputs go, relative to the project root; must stay inside the project.",
    )
    theme: Theme = declared(record(Theme), default_factory=Theme, doc="The look of the documents.")
    pdf_variant: str = declared(
        t.enum(*PDF_VARIANTS),
        default="pdf/ua-1",
        doc="Conformance level of PDFs (pdf/ua-1 is accessible).",
    )
    strict: bool = declared(t.BOOLEAN, default=False, doc="Warnings fail the build.")
    suppress_warnings: tuple[str, ...] = declared(
        WARNING_CODES,
        doc="Codes of warnings not to report (nor to fail a strict build), such as "
        "speaker-without-event for a roster of speakers; errors cannot be suppressed.",
    )
    limits: Limits = declared(
        record(Limits),
        default_factory=Limits,
        doc="Bounds on content and rendering (a briefgen extension).",
    )
    documents: tuple[str, ...] = declared(
        t.list_of(t.enum(*DOCUMENT_KINDS), "document kinds", unique=True),
        default=DOCUMENT_KINDS,
        doc="The kinds of document to build.",
    )
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def default_language(self) -> str:
        return self.languages[0]


THEME = fields_of(Theme)
LIMITS = fields_of(Limits)
CONFIG = fields_of(Config)
"""The field tables of briefgen.yaml, derived from the declarations above."""


def load_config(root: Path, ctx: Context) -> Config:
    """Read briefgen.yaml when present; problems go to ``ctx``, defaults fill the gaps."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return Config()
    node = read_mapping(path, CONFIG_FILE, ctx.diags)
    if node is None:
        return Config()
    values = s.struct(node, ctx, CONFIG_FILE, CONFIG, extra=True)
    if isinstance(values, s._Invalid):
        # Keep what was valid so that the rest of the run still has sensible settings.
        values = {}
        for entry in node.entries:
            spec = CONFIG.get(entry.key)
            if spec is not None:
                quiet = Context(ctx.relpath, type(ctx.diags)(), ctx.assets_dir)
                value = spec.convert(entry.value, quiet, entry.key)
                if not isinstance(value, s._Invalid):
                    values[entry.key] = value
    result: Config = build(Config, values, "en")
    return result
