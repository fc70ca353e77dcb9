"""Every key of the content model is printed in some document, or declared metadata only.

The keys are found by walking the field declarations of the model
(briefgen.content.models); docs/content.md, "Where each key is printed", lists
each of them; tests/roots/every-key gives every key a value of its own, and the
documents rendered from it must show each printed key's value.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html

from briefgen.content import models
from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render.document import Renderer

REPO = Path(__file__).resolve().parent.parent
ROOT = REPO / "tests/roots/every-key"

ENTITIES: dict[str, type] = {
    "event": models.Event,
    "speaker": models.Speaker,
    "country": models.Country,
    "organisation": models.Organisation,
    "programme": models.Programme,
}
BOOKKEEPING = {"id", "source", "extra"}
"""An entity's id is its file name, its source the file's path, ``extra`` is free: not keys
of content that a document could print."""

IMG = "<img>"
"""Expected "text" of an image key: the document holds the picture (its ``src``)."""

PRINTED: dict[str, tuple[str, str]] = {
    "event.title": ("events/evt", "Eventtitle Full"),
    "event.short_title": ("events/evt", "Eventshort"),
    "event.kind": ("events/evt", "Eventkind"),
    "event.parent": ("events/evt", "Eventparent Conference"),
    "event.start": ("events/evt", "10–12 June 2035"),
    "event.end": ("events/evt", "10–12 June 2035"),
    "event.venue.name": ("events/evt", "Venuename Hall, Venuecity, Countryname Austria"),
    "event.venue.city": ("events/evt", "Venuename Hall, Venuecity, Countryname Austria"),
    "event.venue.country": ("events/evt", "Venuename Hall, Venuecity, Countryname Austria"),
    "event.organisers": (
        "events/evt",
        "Parentorg Name (PARACR) https://example.org/parentorg · organiser",
    ),
    "event.partners": ("events/evt", "Contactorg Agency · partner Indonesia · partner"),
    "event.programmes": ("events/evt", "Programmename Initiative (PROGACR)"),
    "event.summary": ("events/evt", "Eventsummary text."),
    "event.sessions.title": ("events/evt", "Sessiontitle"),
    "event.sessions.date": ("events/evt", "11 June 2035, 9.15 a.m.–10.45 a.m."),
    "event.sessions.start": ("events/evt", "11 June 2035, 9.15 a.m.–10.45 a.m."),
    "event.sessions.end": ("events/evt", "11 June 2035, 9.15 a.m.–10.45 a.m."),
    "event.sessions.chair": ("events/evt", "Chair: Speakername Beta"),
    "event.sessions.speakers": ("events/evt", "Speaker: Honorifictitle Speakername Alpha"),
    "event.sessions.summary": ("events/evt", "Sessionsummary text."),
    "event.statements.speaker": (
        "events/evt",
        "Honorifictitle Speakername Alpha, Head of the Childorg Unit, Parentorg Name, "
        "Countryname Austria",
    ),
    "event.statements.quote": ("countries/AUT", "Quotetext verbatim."),
    "event.statements.session": ("speakers/spk-a", "Sessiontitle “Quotetext verbatim.”"),
    "event.statements.verbatim": ("events/evt", "“Quotetext verbatim.”"),
    "event.statements.topics": ("speakers/spk-a", "Topictag"),
    "event.key_messages": ("events/evt", "Keymessage text"),
    "event.outcomes": ("events/evt", "Outcome text"),
    "event.sources.title": ("events/evt", "Sourcetitle, 20 June 2035"),
    "event.sources.url": ("events/evt", "https://example.org/sourceurl"),
    "event.sources.date": ("events/evt", "Sourcetitle, 20 June 2035"),
    "speaker.name": ("speakers/spk-b", "Speakername Beta"),
    "speaker.honorific": ("speakers/spk-a", "Honorifictitle Speakername Alpha"),
    "speaker.position": ("speakers/spk-b", "Positiontext Beta"),
    "speaker.organisation": ("speakers/spk-c", "Speakername Gamma Analyst Childorg Unit"),
    "speaker.country": ("speakers/spk-b", "Positiontext Beta Indonesia"),
    "speaker.bio": ("speakers/spk-a", "Speakerbio text."),
    "speaker.photo": ("speakers/spk-a", IMG),
    "country.name": ("countries/AUT", "Countryname Austria"),
    "country.region": ("countries/AUT", "Regiontext"),
    "country.summary": ("countries/AUT", "Countrysummary text."),
    "country.partnership.since": ("countries/AUT", "Partner since 2033."),
    "country.partnership.areas": ("countries/AUT", "Areatext one"),
    "country.partnership.programmes": ("countries/AUT", "Programmename Initiative (PROGACR)"),
    "country.facts.label": ("countries/AUT", "Factlabel"),
    "country.facts.value": ("countries/AUT", "4,321.5 Factunit (2034)"),
    "country.facts.unit": ("countries/AUT", "4,321.5 Factunit (2034)"),
    "country.facts.year": ("countries/AUT", "4,321.5 Factunit (2034)"),
    "country.facts.source": ("countries/AUT", "Factsource"),
    "country.contacts.name": ("countries/AUT", "Contactname contact@example.org"),
    "country.contacts.position": ("countries/AUT", "Contactposition, Contactorg Agency"),
    "country.contacts.organisation": ("countries/AUT", "Contactposition, Contactorg Agency"),
    "country.contacts.email": ("countries/AUT", "Contactname contact@example.org"),
    "organisation.name": ("events/evt", "Parentorg Name"),
    "organisation.acronym": ("events/evt", "Parentorg Name (PARACR)"),
    "organisation.parent": ("speakers/spk-a", "Head of the Childorg Unit Parentorg Name"),
    "organisation.url": ("events/evt", "https://example.org/parentorg"),
    "organisation.logo": ("events/evt", IMG),
    "programme.name": ("countries/AUT", "Programmename Initiative"),
    "programme.acronym": ("countries/AUT", "(PROGACR)"),
    "programme.lead": ("events/evt", "Lead: Contactorg Agency"),
    "programme.funders": ("events/evt", "Funders: Childorg Unit"),
    "programme.countries": ("events/evt", "Countries: Indonesia"),
    "programme.start": ("countries/AUT", "(PROGACR), 2031–2039, led by Contactorg Agency"),
    "programme.end": ("countries/AUT", "(PROGACR), 2031–2039, led by Contactorg Agency"),
    "programme.summary": ("events/evt", "Programmesummary text."),
    "programme.url": ("events/evt", "https://example.org/programmeurl"),
}
"""Each printed key: the document that prints it, and the text that shows its value."""


def _nested(hint: object) -> type | None:
    """The model record a field holds (itself, optional, or in a tuple), if any; values
    such as Text and Number are leaves."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return hint if hint.__module__ == models.__name__ else None
    for arg in typing.get_args(hint):
        found = _nested(arg)
        if found is not None:
            return found
    return None


def _keys(prefix: str, cls: type, top: bool) -> Iterator[str]:
    hints = typing.get_type_hints(cls, vars(models))
    for field in dataclasses.fields(cls):
        if top and field.name in BOOKKEEPING:
            continue
        inner = _nested(hints[field.name])
        if inner is not None:
            yield from _keys(f"{prefix}.{field.name}", inner, top=False)
        else:
            yield f"{prefix}.{field.name}"


def model_keys() -> list[str]:
    """Every key of the content model, as ``entity.key`` or ``entity.key.subkey``."""
    return [key for name, cls in ENTITIES.items() for key in _keys(name, cls, top=True)]


def documented_keys() -> dict[str, str]:
    """docs/content.md, "Where each key is printed": key -> where (or "metadata only")."""
    text = (REPO / "docs/content.md").read_text(encoding="utf-8")
    section = text.split("## Where each key is printed", 1)[1].split("\n## ", 1)[0]
    table: dict[str, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            for key in re.findall(r"`([a-z_.]+)`", cells[0]):
                table[key] = cells[1]
    return table


def test_the_walk_finds_the_model() -> None:
    keys = model_keys()
    assert len(keys) == len(set(keys))
    assert {
        "event.venue.city",
        "event.statements.topics",
        "country.facts.year",
        "programme.start",
        "speaker.sort_name",
    } <= set(keys)
    assert not {k for k in keys if k.endswith((".id", ".source", ".extra")) and k.count(".") == 1}


def test_every_key_is_printed_or_declared_metadata_only() -> None:
    documented = documented_keys()
    metadata = {k for k, where in documented.items() if where.startswith("metadata only")}
    keys = set(model_keys())
    assert sorted(keys - documented.keys()) == [], "keys missing from docs/content.md"
    assert sorted(documented.keys() - keys) == [], "docs/content.md lists keys the model lacks"
    assert sorted(keys - metadata - PRINTED.keys()) == [], "printed keys without a check here"
    assert sorted(metadata & PRINTED.keys()) == [], "declared metadata only, yet checked as printed"
    assert metadata == {
        "event.sessions.id",
        "speaker.sort_name",
        "organisation.kind",
        "organisation.country",
    }


@pytest.fixture(scope="module")
def documents() -> dict[str, html.HtmlElement]:
    project = load_project(ROOT)
    assert not [d for d in project.diagnostics if d.severity == "error"]
    renderer = Renderer(project)
    targets = {target for target, _ in PRINTED.values()}
    return {
        target: html.document_fromstring(
            renderer.render(DocumentRef(*target.split("/")), "en").html
        )
        for target in sorted(targets)
    }


_BLOCKS = {"p", "li", "td", "th", "br", "h1", "h2", "h3", "h4", "div", "section", "header"}


def _text(tree: html.HtmlElement) -> str:
    """The body's text, a space between blocks, bidi isolates removed, spaces collapsed."""
    body = tree.find("body")
    assert body is not None
    for element in body.iter(*_BLOCKS):
        element.tail = " " + (element.tail or "")
    text = body.text_content().replace("\u2068", "").replace("\u2069", "")
    return " ".join(text.split())


@pytest.mark.parametrize("key", sorted(PRINTED))
def test_printed_key_shows_its_value(documents: dict[str, html.HtmlElement], key: str) -> None:
    target, expected = PRINTED[key]
    tree = documents[target]
    if expected == IMG:
        sources = [img.get("src") for img in tree.iter("img")]
        wanted = {"speaker.photo": "portrait.png", "organisation.logo": "org-logo.png"}[key]
        assert wanted in sources
    else:
        assert expected in _text(tree), (key, _text(tree))
