"""Helpers for the DOCX tests: sample projects, reading .docx back, PDF text, LibreOffice.

Nothing here is mocked: documents are built by briefgen, read back with
python-docx and lxml, and converted by the real LibreOffice.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.opc.coreprops import CoreProperties
from lxml import etree

from conftest import REPO_ROOT, make_project

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}


def q(tag: str) -> str:
    """``q("w:p")`` -> Clark notation."""
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def copy_sample(tmp_path: Path, name: str = "sample") -> Path:
    """A fresh copy of the sample project (briefgen.yaml and content/)."""
    root = tmp_path / name
    root.mkdir(parents=True)
    shutil.copy2(REPO_ROOT / "briefgen.yaml", root / "briefgen.yaml")
    shutil.copytree(REPO_ROOT / "content", root / "content")
    return root


@dataclass(frozen=True)
class Built:
    """What ``briefgen build`` did: exit code and its diagnostic lines."""

    code: int
    output: str

    @property
    def failed(self) -> bool:
        return self.code != 0

    @property
    def diagnostics(self) -> list[str]:
        return [
            line
            for line in self.output.splitlines()
            if ": error: " in line or ": warning: " in line
        ]


def build_project(
    root: Path, *formats: str, targets: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> Built:
    """Run the real command line, ``briefgen build``, on a project (PDF and DOCX by default)."""
    args = [arg for fmt in formats or ("pdf", "docx") for arg in ("-f", fmt)]
    proc = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--project", str(root), *args, *targets],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, **(env or {})},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return Built(proc.returncode, proc.stdout + proc.stderr)


def xml_part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


@dataclass(frozen=True)
class Para:
    style: str
    text: str
    element: etree._Element


def styles_by_id(path: Path) -> dict[str, str]:
    """styleId -> style name, as written in styles.xml."""
    root = xml_part(path, "word/styles.xml")
    return {
        s.get(q("w:styleId")): s.find("w:name", NS).get(q("w:val"))
        for s in root.findall("w:style", NS)
    }


def paragraph_text(p: etree._Element) -> str:
    """Visible text of a paragraph: w:t, tabs and breaks as spaces, no field instructions."""
    parts: list[str] = []
    for node in p.iter(q("w:t"), q("w:tab"), q("w:br")):
        if node.tag == q("w:t"):
            parts.append(node.text or "")
        elif node.getparent().tag == q("w:r"):
            parts.append(" ")
    return "".join(parts)


def body_paragraphs(path: Path) -> list[Para]:
    """Every paragraph of the body in document order (table cells included)."""
    names = styles_by_id(path)
    body = xml_part(path, "word/document.xml").find("w:body", NS)
    out = []
    for p in body.iter(q("w:p")):
        style = p.find("w:pPr/w:pStyle", NS)
        name = names.get(style.get(q("w:val")), "?") if style is not None else "Normal"
        out.append(Para(name, paragraph_text(p), p))
    return out


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def docx_words(path: Path) -> list[str]:
    return [w for p in body_paragraphs(path) for w in words(p.text)]


_PAGE_LINE = re.compile(r"^\s*page \d+ of \d+\s*$", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^\s*(\d{1,2}\.|•)\s+")


def pdf_text(path: Path) -> list[str]:
    """The PDF's text, one string per page (pdftotext, reading order)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def pdf_words(path: Path, furniture: tuple[str, ...]) -> list[str]:
    """Words of the PDF without page furniture (running header lines, "Page X of Y")
    and without list markers (Word numbers lists itself)."""
    found: list[str] = []
    for page in pdf_text(path):
        for line in page.splitlines():
            if line.strip() in furniture or _PAGE_LINE.match(line):
                continue
            found += words(_LIST_MARKER.sub("", line))
    return found


def core_properties(path: Path) -> CoreProperties:
    props: CoreProperties = docx.Document(str(path)).core_properties
    return props


def soffice_to_pdf(docx_files: list[Path], outdir: Path, profile: Path) -> list[Path]:
    """Convert with headless LibreOffice; returns the PDFs that exist afterwards.

    soffice exits 0 even when a conversion fails, so callers check the files.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (apt-get install -y libreoffice-writer-nogui)"
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(p) for p in docx_files),
        ],
        capture_output=True,
        timeout=120 + 15 * len(docx_files),
        check=False,
    )
    return [outdir / f"{p.stem}.pdf" for p in docx_files if (outdir / f"{p.stem}.pdf").is_file()]


_BIDI_CONTROLS = re.compile("[\u200e\u200f\u2066-\u2069\u061c]")


def plain(text: str) -> str:
    """Text without direction marks and isolates, spaces collapsed (for comparisons)."""
    return re.sub(r"\s+", " ", _BIDI_CONTROLS.sub("", text)).strip()


def contents_entries(path: Path) -> list[tuple[str, int | None]]:
    """The contents of a .docx as its TOC field's cached result shows it: (entry text, page
    number after the tab, or None)."""
    document = xml_part(path, "word/document.xml")
    names = styles_by_id(path)
    entries: list[tuple[str, int | None]] = []
    for p in document.iter(q("w:p")):
        style = p.find("w:pPr/w:pStyle", NS)
        name = "" if style is None else names.get(style.get(q("w:val")), "").lower()
        if not re.fullmatch(r"toc [1-9]", name):  # a pack's contents has three levels
            continue
        before: list[str] = []
        after: list[str] = []
        target = before
        for node in p.iter(q("w:t"), q("w:tab")):
            if node.tag == q("w:tab"):
                if node.getparent().tag == q("w:r"):
                    target = after
            else:
                target.append(node.text or "")
        number = "".join(after).strip()
        entries.append((plain("".join(before)), int(number) if number.isdigit() else None))
    return entries


def outline_pages(pdf: Path) -> list[tuple[str, int]]:
    """The PDF's bookmarks (LibreOffice exports one per heading) in document order:
    (title, 1-based page)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((plain(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def heading_pages(
    entries: list[tuple[str, int | None]], outline: list[tuple[str, int]]
) -> list[tuple[str, int | None]]:
    """Each contents entry with the page of its heading in ``outline``, matched in document
    order (a title may repeat; the outline also lists headings the contents leaves out)."""
    rest = iter(outline)
    found: list[tuple[str, int | None]] = []
    for text, _ in entries:
        page = next((p for title, p in rest if title == text), None)
        found.append((text, page))
    return found


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def page_starts(pdf: Path) -> list[str]:
    """How each page after the first begins: the first 12 characters (spaces left out, case
    folded) under the running header line, from ``pdftotext -layout``."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = text.split("\f")
    if text.endswith("\f"):
        pages.pop()  # pdftotext ends every page with a form feed
    starts: list[str] = []
    for page in pages[1:]:
        lines = [line for line in page.splitlines() if line.strip()][1:]
        starts.append("".join("".join(lines[:2]).split()).casefold()[:12])
    return starts


def built_project(
    factory: pytest.TempPathFactory, name: str, files: dict[str, str | bytes]
) -> Path:
    """A project of ``files`` in a fresh folder, built as PDF and .docx, every document
    built (a failure stops the test with the build's output)."""
    root = make_project(factory.mktemp(name), files)
    report = build_project(root, "pdf", "docx")
    assert not report.failed, report.output
    return root


def out(root: Path, lang: str, target: str, fmt: str = "docx") -> Path:
    """Where ``briefgen build`` writes ``target`` in ``lang`` and ``fmt``."""
    return root / "build" / lang / f"{target}.{fmt}"
