"""briefgen.yaml: the project configuration, every key optional with a documented default."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.content import schema as s
from briefgen.content.documents import DOCUMENT_KINDS
from briefgen.content.schema import Context, Field
from briefgen.content.values import Text
from briefgen.content.yamlio import YNode, YScalar, read_mapping

CONFIG_FILE = "briefgen.yaml"
FORMATS = ("pdf", "docx", "html")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3a", "pdf/a-3b", "none")
_FONT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]*$")


@dataclass(frozen=True)
class Theme:
    primary_color: str = "#1f4e79"
    """CSS colour of covers, headings and rules."""
    logo: str | None = None
    """Asset printed on covers, in place of the publisher's logo."""
    font_family: tuple[str, ...] = ()
    """Preferred font families; scripts they lack fall back to installed fonts."""


@dataclass(frozen=True)
class Limits:
    """Bounds on content and rendering (a briefgen extension of the content model)."""

    field_length: int = 100_000
    """Longest text field, in characters."""
    files: int = 20_000
    """Most content files a project may hold."""
    asset_bytes: int = 20_000_000
    """Largest asset file."""
    render_seconds: int = 300
    """Longest time one document may take to render."""
    render_memory_mb: int = 2048
    """Most memory one rendering worker may use."""


@dataclass(frozen=True)
class Config:
    title: Text = field(default_factory=lambda: Text.of("Briefings"))
    """The publishing office, printed on covers and footers."""
    publisher: str | None = None
    """Organisation id whose name and logo go on covers."""
    languages: tuple[str, ...] = ("en",)
    """Languages to build; the first is the default language of plain strings."""
    formats: tuple[str, ...] = ("pdf", "docx")
    """Formats to build."""
    output: str = "build"
    """Where outputs go, relative to the project root; must stay inside the project."""
    theme: Theme = field(default_factory=Theme)
    pdf_variant: str = "pdf/ua-1"
    """Conformance level of PDFs: pdf/ua-1, pdf/a-3b or none."""
    strict: bool = False
    """Warnings fail the build."""
    limits: Limits = field(default_factory=Limits)
    documents: tuple[str, ...] = DOCUMENT_KINDS
    """The kinds of document to build (content model, ``documents``)."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def default_language(self) -> str:
        return self.languages[0]


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


THEME = {
    "primary_color": Field(
        s.color,
        null_message='"primary_color" has no value: quote the colour ("#0b5ea8"), '
        "an unquoted # starts a YAML comment",
    ),
    "logo": Field(s.asset),
    "font_family": Field(_font_families),
}

LIMITS = {name: Field(_positive) for name in Limits.__dataclass_fields__}

CONFIG = {
    "title": Field(s.text),
    "publisher": Field(s.ref("organisations")),
    "languages": Field(s.list_of(s.language, unique=True)),
    "formats": Field(s.list_of(s.enum(*FORMATS), unique=True)),
    "output": Field(_output),
    "theme": Field(lambda n, c, k: s.struct(n, c, k, THEME)),
    "pdf_variant": Field(s.enum(*PDF_VARIANTS)),
    "strict": Field(s.boolean),
    "limits": Field(lambda n, c, k: s.struct(n, c, k, LIMITS)),
    "documents": Field(s.list_of(s.enum(*DOCUMENT_KINDS), unique=True)),
}


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
    if "languages" in values and not values["languages"]:
        values.pop("languages")
    if "formats" in values and not values["formats"]:
        values.pop("formats")
    if "documents" in values and not values["documents"]:
        values.pop("documents")  # an empty list, like an empty `languages`: the default
    if "documents" in values:
        values["documents"] = tuple(values["documents"])
    if "theme" in values:
        theme = dict(values["theme"])
        if "font_family" in theme:
            theme["font_family"] = tuple(theme["font_family"])
        values["theme"] = Theme(**theme)
    if "limits" in values:
        values["limits"] = Limits(**values["limits"])
    return Config(**values)
