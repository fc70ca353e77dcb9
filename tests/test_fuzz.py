"""Property-based tests: whatever editors write, briefgen answers with its own diagnostics.

Profiles: "ci" (the default: a fixed seed and bounded examples, run by ./dev.sh test) and
"long" for a local hunt:  HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.content.yamlio import parse_yaml
from briefgen.diagnostics import Diagnostics
from briefgen.render import markdown
from buildtools import write

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

KINDS = ("events", "speakers", "countries", "organisations", "programmes")
FILE_NAMES = {
    "events": "forum",
    "speakers": "ana",
    "countries": "KAZ",
    "organisations": "office",
    "programmes": "plan",
}

yaml_like = st.text(
    alphabet=st.sampled_from(list("abcNOyes:-[]{}&*!|>'\"#%@`,?\n\t 0123456789.\\\x07é\u200f")),
    max_size=200,
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(),
)
data = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
entity_keys = st.sampled_from(
    [
        "title",
        "name",
        "position",
        "start",
        "end",
        "sessions",
        "statements",
        "speaker",
        "quote",
        "country",
        "partners",
        "summary",
        "facts",
        "value",
        "label",
        "extra",
        "id",
        "honorific",
        "venue",
        "programmes",
        "since",
        "partnership",
        "contacts",
        "email",
        "url",
    ]
)
entity = st.dictionaries(entity_keys, data, max_size=8)


def load(files: dict[str, str | bytes]) -> Diagnostics:
    from briefgen.content.project import load_project

    with tempfile.TemporaryDirectory() as folder:
        return load_project(write(Path(folder), files)).diagnostics


@given(st.binary(max_size=300))
def test_any_bytes_give_diagnostics_not_exceptions(raw: bytes) -> None:
    diags = Diagnostics()
    parse_yaml(raw, "x.yaml", diags)
    for d in diags:
        assert d.location is not None and d.location.line >= 1 and d.location.column >= 1


@given(yaml_like)
def test_yaml_like_text_gives_diagnostics_not_exceptions(text: str) -> None:
    diags = Diagnostics()
    parse_yaml(text.encode("utf-8"), "x.yaml", diags)
    assert all(d.format().startswith("x.yaml:") for d in diags)


@given(st.sampled_from(KINDS), yaml_like)
def test_any_entity_text_is_validated_without_exceptions(kind: str, text: str) -> None:
    diags = load({f"content/{kind}/{FILE_NAMES[kind]}.yaml": text})
    for d in diags:
        assert "\n" not in d.format()


@given(st.sampled_from(KINDS), entity)
def test_any_mapping_is_validated_without_exceptions(kind: str, mapping: dict[str, Any]) -> None:
    text = yaml.safe_dump(mapping, allow_unicode=True)
    diags = load(
        {
            f"content/{kind}/{FILE_NAMES[kind]}.yaml": text,
            "briefgen.yaml": yaml.safe_dump({"languages": ["en", "fr"]}),
        }
    )
    assert all(d.location is None or d.location.path for d in diags)


@given(data)
def test_any_configuration_is_validated_without_exceptions(config: Any) -> None:
    load({"briefgen.yaml": yaml.safe_dump(config, allow_unicode=True)})


_HREF = re.compile(r'\bhref="([^"]*)"')
_SRC = re.compile(r'\bsrc="([^"]*)"')
markdownish = st.text(
    alphabet=st.sampled_from(list("[]()<>!*_`#-:/\"'= \nabcjavscriptJAVSCRIPTfilehtpmlo.&;%0")),
    max_size=160,
) | st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<style>@import url(http://127.0.0.1/)</style>",
        '<a href="javascript:alert(1)" onclick="x()">x</a>',
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](java%73cript:alert(1))",
        "![i](file:///etc/passwd)",
        "<img src=x onerror=alert(1)>",
        "[x](<javascript:alert(1)>)",
        "[a]: javascript:x\n\n[a]",
        "![x](data:text/html;base64,PHNjcmlwdD4=)",
        "<http://127.0.0.1/>",
        "[x](vbscript:x)",
    ]
)


@given(markdownish)
def test_markdown_html_never_carries_script_style_handlers_or_other_links(text: str) -> None:
    html = str(markdown.render(text))
    lowered = html.lower()
    assert "<script" not in lowered and "<style" not in lowered and "<link" not in lowered
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", lowered)
    for href in _HREF.findall(html):
        assert re.match(r"^(https?://|mailto:)", href, re.I), href
    for src in _SRC.findall(html):
        assert not re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.lower().startswith(
            ("http://", "https://")
        ), src


printable = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Co", "Cn"),
        blacklist_characters="\u2028\u2029",
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=12)
@given(printable, printable, printable)
def test_accepted_text_is_written_to_pdf_and_docx(name: str, position: str, quote: str) -> None:
    from briefgen.content.documents import DocumentRef
    from briefgen.content.project import load_project
    from briefgen.render.document import Renderer
    from briefgen.render.fonts import uncovered
    from briefgen.writers.docx.writer import write_docx
    from briefgen.writers.pdf import write_pdf

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content/speakers").mkdir(parents=True)
        (root / "content/events").mkdir(parents=True)
        (root / "content/speakers/ana.yaml").write_text(
            yaml.safe_dump({"name": name, "position": position}, allow_unicode=True)
        )
        (root / "content/events/forum.yaml").write_text(
            yaml.safe_dump(
                {
                    "title": name,
                    "start": "2021-03-10",
                    "summary": quote,
                    "statements": [{"speaker": "ana", "quote": quote}],
                },
                allow_unicode=True,
            )
        )
        project = load_project(root, fonts=uncovered)  # as a build reads it
        if project.diagnostics.has_errors:
            return  # refused with a diagnostic (text no font covers...): an answer too
        renderer = Renderer(project)
        for ref in (DocumentRef("speakers", "ana"), DocumentRef("events", "forum")):
            doc = renderer.render(ref, "en")
            pdf, _warnings = write_pdf(doc, project.assets_dir)
            assert pdf.startswith(b"%PDF")
            docx, _ = write_docx(doc, project)
            assert docx.startswith(b"PK")
