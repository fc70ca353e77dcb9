"""A document rendered: its semantic HTML and the metadata every writer needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefgen.content.documents import DocumentRef
from briefgen.render.charts import Chart


@dataclass(frozen=True)
class RenderedDocument:
    """A document as semantic HTML, with the metadata every writer needs."""

    ref: DocumentRef
    lang: str
    html: str
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    created: dt.datetime
    source: str | None
    """Project-relative path of the subject's content file, for messages."""
    templates: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Every template used to render it: name -> (file, sha256)."""
    charts: dict[str, Chart] = field(default_factory=dict)
    """The charts in it, by the ``src`` of their ``<img>``: Word takes their PNG."""
