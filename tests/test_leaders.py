"""A dotted leader drawn as one run of text (writers/leaders.py): in place with the pinned
WeasyPrint, left out with another; one text box per leader instead of one per dot, where
the copies were and as wide; the pages read and look the same as WeasyPrint's own, in
English and in Arabic, right to left; and a leader whose repetitions the font kerns is
made of copies, byte for byte as WeasyPrint makes it."""

from __future__ import annotations

import re
import subprocess
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops
from weasyprint import HTML

import weasyprint_patches as patches
from briefgen.content.documents import DocumentRef
from briefgen.writers import leaders
from briefgen.writers.layout import font_configuration
from weasyprint_patches import pdf_of, written_both_ways

EVENT = "kyoto-2021-roadmap-children"
_LEADERS = re.compile(r"[.\s]+")


def weasyprint_own() -> AbstractContextManager[None]:
    return patches.weasyprint_own(leaders.uninstall, leaders.install)


def contents(leader: str, entries: int = 3) -> str:
    """A contents of ``entries`` lines whose leader is ``leader()``'s argument."""
    lines = "".join(f'<p><a href="#s{n}">Entry {n}</a></p>' for n in range(entries))
    sections = "".join(f'<h2 id="s{n}">Section {n}</h2>' for n in range(entries))
    return (
        f"<style>body {{ font-family: Noto Sans }} "
        f'a::after {{ content: leader({leader}) " " target-counter(attr(href), page) }}'
        f"</style>{lines}{sections}"
    )


def leader_boxes(body: str) -> list[list[Any]]:
    """The boxes of each leader, laid out on an A5 page."""
    page = f"<!DOCTYPE html><html><head><style>@page {{ size: A5 }}</style></head><body>{body}"
    document = HTML(string=page).render(font_config=font_configuration())
    found: list[list[Any]] = []

    def walk(box: Any) -> None:
        if getattr(box, "is_leader", False):
            found.append(list(box.children))
        for child in getattr(box, "children", ()):
            walk(child)

    for page_ in document.pages:
        walk(page_._page_box)
    return found


def leader_texts(body: str) -> list[list[str]]:
    return [[box.text for box in boxes] for boxes in leader_boxes(body)]


def pages(pdf: bytes, tmp_path: Path, first: int, last: int) -> list[Image.Image]:
    """Pages ``first`` to ``last`` as 100 dpi greyscale images."""
    path = tmp_path / "seen.pdf"
    path.write_bytes(pdf)
    for old in tmp_path.glob("seen-*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-png",
            "-r",
            "100",
            "-f",
            str(first),
            "-l",
            str(last),
            str(path),
            str(tmp_path / "seen"),
        ],
        check=True,
    )
    return [Image.open(png).convert("L") for png in sorted(tmp_path.glob("seen-*.png"))]


def text(pdf: bytes, tmp_path: Path) -> str:
    """The document's text without its dots and spaces (where poppler puts a space
    between a title and its leader depends on how the dots were written)."""
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    read = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return _LEADERS.sub("", read.stdout)


def test_in_place_with_the_pinned_weasyprint_only(monkeypatch: pytest.MonkeyPatch) -> None:
    assert leaders.installed()
    assert len(leader_texts(contents("dotted"))[0]) == 1
    with patches.another_weasyprint(leaders, monkeypatch):
        copies = leader_texts(contents("dotted"))[0]  # WeasyPrint's own: a box per dot
        assert len(copies) > 50 and set(copies) == {"."}


def test_a_leader_is_one_run_of_text_not_a_box_per_dot() -> None:
    ours = leader_boxes(contents("dotted"))
    with weasyprint_own():
        theirs = leader_boxes(contents("dotted"))
    assert len(ours) == len(theirs) == 3
    for (run,), copies in zip(ours, theirs, strict=True):
        assert len(copies) > 50 and {copy.text for copy in copies} == {"."}
        assert run.text == "." * len(copies)
        # Where the leftmost copy was, as wide as the copies side by side.
        left = min(copy.position_x for copy in copies)
        right = max(copy.position_x + copy.width for copy in copies)
        assert run.position_x == pytest.approx(left, abs=1e-9)
        assert run.position_x + run.width == pytest.approx(right, abs=1e-6)
        assert run.position_y == copies[0].position_y


@pytest.mark.parametrize(
    "spaced", ["a::after { letter-spacing: 3px }", "a::after { word-spacing: 2px }"]
)
def test_a_spaced_leader_is_made_of_copies_as_weasyprint_makes_it(spaced: str) -> None:
    # As wide as the copies, a run spaces its glyphs otherwise (measured: up to 1.5 px
    # apart at 100 dpi with letter-spacing: 3px), so a spaced leader keeps the copies.
    body = contents("space").replace("</style>", f"{spaced}</style>")
    assert len(leader_texts(body)[0]) > 10
    patched = pdf_of(body)
    with weasyprint_own():
        assert patched == pdf_of(body)


def test_a_kerned_leader_is_made_of_copies_as_weasyprint_makes_it() -> None:
    # Noto Sans kerns "AV": "VAVA" is narrower than twice "VA", so one run would move
    # the glyphs; the leader keeps WeasyPrint's copies, and the PDF is its PDF.
    texts = leader_texts(contents('"VA"', entries=1))
    assert len(texts[0]) > 10 and set(texts[0]) == {"VA"}
    patched = pdf_of(contents('"VA"'))
    with weasyprint_own():
        assert patched == pdf_of(contents('"VA"'))


@pytest.mark.parametrize(
    ("kind", "lang", "contents_page"),
    [("packs", "en", 2), ("events", "ar", 2)],
    ids=["the English pack", "the Arabic report, right to left"],
)
def test_the_pages_look_and_read_the_same_and_the_file_is_lighter(
    kind: str, lang: str, contents_page: int, tmp_path: Path
) -> None:
    patched, own = written_both_ways("sample", DocumentRef(kind, EVENT), lang, weasyprint_own)
    assert text(patched, tmp_path) == text(own, tmp_path)
    ours, theirs = (pages(pdf, tmp_path, 1, 99) for pdf in (patched, own))
    assert len(ours) == len(theirs)
    for number, (mine, its) in enumerate(zip(ours, theirs, strict=True), start=1):
        difference = ImageChops.difference(mine, its)
        if number != contents_page:
            assert difference.getbbox() is None, f"page {number} changed"
            continue
        # The PDF places a run's glyphs in thousandths of an em from its start, each copy
        # at its own place: a dot may be a few hundredths of a point from where it was,
        # which shades a pixel's edge a little at 100 dpi and moves nothing.
        histogram = difference.histogram()
        assert max(v for v, count in enumerate(histogram) if count) < 64
        assert sum(v * count for v, count in enumerate(histogram)) / sum(histogram) < 0.1
    assert len(patched) < 0.9 * len(own)  # a text object per leader, not one per dot


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
)


def title_gaps(pdf: bytes, tmp_path: Path) -> list[float]:
    """For each run of leader dots, the space (pt) between it and the nearest word of its
    line that is not a page number: the entry's title, on the left or on the right."""
    path = tmp_path / "gaps.pdf"
    path.write_bytes(pdf)
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    gaps = []
    for page in xhtml.split("<page ")[1:]:
        words = [(float(a), float(b), float(c), t) for a, b, c, _, t in _WORD.findall(page)]
        for x0, y0, x1, text in words:
            if len(text) < 5 or set(text) != {"."}:
                continue
            titles = [
                w for w in words if abs(w[1] - y0) < 1 and set(w[3]) != {"."} and not w[3].isdigit()
            ]
            gaps.append(min(max(w[0] - x1, x0 - w[2]) for w in titles))
    return gaps


@pytest.mark.parametrize(("kind", "lang"), [("events", "en"), ("packs", "en"), ("events", "ar")])
def test_every_contents_entry_keeps_a_space_before_its_leader(
    kind: str, lang: str, tmp_path: Path
) -> None:
    """style.css puts a space before ``leader()``: the dots are aligned from the right end
    of the line, so without it a title that ends where a dot begins touches its dots
    ("Agenda......3")."""
    gaps = title_gaps(patches.written("sample", DocumentRef(kind, EVENT), lang), tmp_path)
    assert len(gaps) >= 6
    assert min(gaps) >= 2.0, gaps
