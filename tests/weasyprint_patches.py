"""What the tests of briefgen's WeasyPrint patches share (test_weasyprint_speedups.py,
test_computed_styles.py, test_kept_layouts.py, test_target_counters.py,
test_layout_passes.py, test_used_lengths.py, test_font_data.py, test_cascade_cache.py):
the patch taken out for a block, a snippet written as a PDF, real documents written as
PDFs, so that the two can be compared byte for byte, and a count of the pages WeasyPrint
lays out."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from types import ModuleType

import pytest
import weasyprint
from weasyprint import HTML

from briefgen.content.documents import DocumentRef
from briefgen.content.project import Project, load_project
from briefgen.render.document import Renderer
from briefgen.writers.layout import font_configuration
from briefgen.writers.pdf import write_pdf
from conftest import REPO_ROOT, ROOTS

MADE = "Step 5 - Creating layout - Page %d"
"""WeasyPrint's progress message for a page it lays out (not for one it reuses, reported
"(up-to-date)")."""


@contextmanager
def pages_made() -> Iterator[Counter[int]]:
    """How many times each page (1-based) is laid out while the block runs."""
    made: Counter[int] = Counter()

    class Count(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.msg == MADE:
                made[int(record.args[0])] += 1  # type: ignore[index]

    logger = logging.getLogger("weasyprint.progress")
    handler, level = Count(logging.INFO), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield made
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextmanager
def weasyprint_own(uninstall: Callable[[], None], install: Callable[[], bool]) -> Iterator[None]:
    """WeasyPrint's own code while the block runs: the patch uninstalled, then put back."""
    uninstall()
    try:
        yield
    finally:
        assert install()


@contextmanager
def another_weasyprint(patch: ModuleType, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The patch module ``patch`` taken out and asked to install itself while another
    WeasyPrint version (71.0) is imported: it must refuse and stay out. The block checks
    that WeasyPrint's own code is in place; the patch is put back after it."""
    patch.uninstall()
    try:
        monkeypatch.setattr(weasyprint, "__version__", "71.0")
        assert patch.install() is False
        assert not patch.installed()
        yield
    finally:
        monkeypatch.undo()
        assert patch.install()


def pdf_of(html: str) -> bytes:
    """``html`` as the body of an A5 page, written as a PDF."""
    page = f"<!DOCTYPE html><html><head><style>@page {{ size: A5 }}</style></head><body>{html}"
    return bytes(HTML(string=page).write_pdf(font_config=font_configuration()))


@cache
def project(which: str) -> Project:
    """The repository's sample ("sample") or a test root (``tests/roots/<which>``)."""
    return load_project(REPO_ROOT if which == "sample" else ROOTS / which)


def written_both_ways(
    which: str, ref: DocumentRef, lang: str, own: Callable[[], AbstractContextManager[None]]
) -> tuple[bytes, bytes]:
    """A real document written with the patch, then inside ``own()`` (WeasyPrint's code)."""
    patched = written(which, ref, lang)
    with own():
        return patched, written(which, ref, lang)


def written(which: str, ref: DocumentRef, lang: str) -> bytes:
    """A real document of ``project(which)`` written as a PDF."""
    loaded = project(which)
    doc = Renderer(loaded).render(ref, lang)
    pdf, _ = write_pdf(doc, loaded.assets_dir, variant=loaded.config.pdf_variant)
    return pdf
