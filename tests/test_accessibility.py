"""Accessible and archival by proof: every PDF passes two independent checkers, and reads right.

Each variant (pdf/ua-1, pdf/a-3a, pdf/a-3b) is built once per module for three
projects: the sample (English, French, Arabic; every kind of document), the
multilingual fixture (adds Chinese) and the assets fixture (a theme logo, a
speaker's floated portrait and an image inside a paragraph). Every PDF of every
build goes through page-validation (each profile it claims) and outloud; the
other tests read the structure back with pikepdf to say what the checkers
accept and why.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from PIL import Image

from buildtools import briefgen, copy_sample, write
from conftest import ROOTS
from pdf_checkers import (
    ARABIC_CONTEXTUAL_FORMS,
    outloud_findings,
    outloud_skipped,
    page_validation_failures,
)
from pdf_checkers import (
    is_arabic_contextual_forms as _skips,
)

VARIANTS = ("pdf/ua-1", "pdf/a-3a", "pdf/a-3b")
EPOCH = "1700000000"
EVENT = "kyoto-2021-roadmap-children"
LAUNCH_EVENT = """\
title: Launch of the Acme Programme
start: 2024-05-02
organisers: [acme]
summary: Jane Doe opened the launch.
sessions:
  - id: opening
    title: Opening
    speakers: [jane-doe]
statements:
  - speaker: jane-doe
    session: opening
    quote: We begin today.
"""


def _with_variant(root: Path, variant: str) -> Path:
    config = root / "briefgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"pdf_variant: {variant}\n", "utf-8")
    return root


def _projects(base: Path, variant: str) -> list[Path]:
    sample = _with_variant(copy_sample(base / "sample"), variant)
    multilingual = _with_variant(shutil.copytree(ROOTS / "multilingual", base / "multi"), variant)
    assets = shutil.copytree(ROOTS / "assets", base / "assets")
    write(assets, {"content/events/launch.yaml": LAUNCH_EVENT})
    return [sample, multilingual, _with_variant(assets, variant)]


@pytest.fixture(scope="module", params=VARIANTS)
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, list[Path]]]:
    """(variant, [project roots]) with every PDF and DOCX of the three projects built."""
    variant = str(request.param)
    base = tmp_path_factory.mktemp(variant.replace("/", "-"))
    roots = _projects(base, variant)
    # Word files do not depend on pdf_variant: built (and tested) once.
    formats = ["-f", "pdf", "-f", "docx"] if variant == "pdf/ua-1" else ["-f", "pdf"]
    for root in roots:
        run = briefgen("build", *formats, cwd=root, env={"SOURCE_DATE_EPOCH": EPOCH})
        assert run.code == 0, run.output
    yield variant, roots


def pdfs(roots: list[Path]) -> list[Path]:
    found = [p for root in roots for p in sorted((root / "build").rglob("*.pdf"))]
    assert len(found) >= 45 + 16 + 2, [str(p) for p in found]
    return found


# -- the checkers ---------------------------------------------------------------------------


def test_page_validation_passes_every_profile_each_file_claims(
    built: tuple[str, list[Path]],
) -> None:
    variant, roots = built
    failures = {str(p): page_validation_failures(p, variant) for p in pdfs(roots)}
    assert {path: f for path, f in failures.items() if f} == {}


def test_outloud_finds_no_error_and_no_warning(built: tuple[str, list[Path]]) -> None:
    _, roots = built
    findings = {str(p): outloud_findings(p) for p in pdfs(roots)}
    assert {path: f for path, f in findings.items() if f} == {}


def test_the_one_skipped_rule_is_used_only_for_arabic(built: tuple[str, list[Path]]) -> None:
    """outloud's TXT-004, skipped for Arabic letters only: see ARABIC_CONTEXTUAL_FORMS."""
    _, roots = built
    skipped = {p.relative_to(p.parents[3]).as_posix(): outloud_skipped(p) for p in pdfs(roots)}
    used = {name for name, messages in skipped.items() if messages}
    assert used and all(name.split("/")[1] == "ar" for name in used), used
    assert "7.21.7" in ARABIC_CONTEXTUAL_FORMS
    assert not _skips("TXT-004", "font ABC+Noto-Sans: 5 different codes all map to U+0066 'f'")
    assert _skips("TXT-004", "font ABC+Noto-Naskh-Arabic: 5 different codes all map to U+0644 'ل'")


# -- what the checkers accept, read back ------------------------------------------------------


def _elements(root: pikepdf.Object) -> Iterator[pikepdf.Object]:
    kids = root.get("/K")
    items = [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    for kid in items:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and "/MCID" not in kid:
            yield kid
            yield from _elements(kid)


def _marked_sequences(
    page: pikepdf.Page | pikepdf.Object, resources: pikepdf.Object | None = None
) -> list[tuple[str, pikepdf.Object | None]]:
    """(tag, properties) of every BDC/BMC of a page, and of the forms it paints, in order."""
    if resources is None:
        resources = page.obj.get("/Resources") if isinstance(page, pikepdf.Page) else None
    forms = resources.get("/XObject", {}) if resources is not None else {}
    found: list[tuple[str, pikepdf.Object | None]] = []
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operator, operands = str(instruction.operator), instruction.operands
        if operator == "BDC":
            found.append((str(operands[0]), operands[1]))
        elif operator == "BMC":
            found.append((str(operands[0]), None))
        elif operator == "Do" and str(operands[0]) in forms:
            form = forms[str(operands[0])]
            if form.get("/Subtype") == "/Form":
                found += _marked_sequences(form, form.get("/Resources", resources))
    return found


def test_running_headers_footers_and_page_numbers_are_pagination_artifacts(
    built: tuple[str, list[Path]],
) -> None:
    _, roots = built
    for lang in ("en", "fr", "ar"):
        path = roots[0] / f"build/{lang}/events/{EVENT}.pdf"
        with pikepdf.open(path) as pdf:
            tree = pdf.Root.StructTreeRoot
            in_tree = {e.objgen for e in _elements(tree)}
            nums = tree.ParentTree.Nums
            for index in range(1, len(pdf.pages)):  # the cover has no furniture
                page = pdf.pages[index]
                owners = nums[2 * int(page.StructParents) + 1]
                # every tagged sequence of the page belongs to the tag tree: nothing orphaned
                assert all(owner.objgen in in_tree for owner in owners), (lang, index)
                pagination = [
                    str(p.Subtype)
                    for tag, p in _marked_sequences(page)
                    if tag == "/Artifact" and p is not None and p.get("/Type") == "/Pagination"
                ]
                # running title and office in the header, "Page n of N" in the footer
                assert sorted(pagination) == ["/Footer", "/Header", "/Header"], (lang, index)
        # still printed on the page
        text = _text(path)
        assert {"en": "Page 2 of 7", "fr": "Page 2 sur 7", "ar": "7"}[lang] in text


def _text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_every_table_header_has_a_scope_and_every_id_is_in_the_idtree(
    built: tuple[str, list[Path]],
) -> None:
    _, roots = built
    headers = 0
    for path in pdfs(roots):
        with pikepdf.open(path) as pdf:
            tree = pdf.Root.StructTreeRoot
            elements = list(_elements(tree))
            ids = {bytes(e.ID) for e in elements if "/ID" in e}
            indexed: dict[bytes, tuple[int, int]] = {}
            if ids:
                names = tree.IDTree.Names
                indexed = {bytes(names[i]): names[i + 1].objgen for i in range(0, len(names), 2)}
                assert list(indexed) == sorted(indexed), path  # a name tree is sorted
            assert indexed == {bytes(e.ID): e.objgen for e in elements if "/ID" in e}, path
            for element in elements:
                if element.S == "/TH":
                    headers += 1
                    assert element.A.Scope in ("/Column", "/Row"), path
                if element.S == "/TD" and "/Headers" in element.A:
                    assert all(bytes(h) in indexed for h in element.A.Headers), path
    assert headers > 0


TOC_EN = [
    "Summary",
    "Agenda",
    "Opening of the event",
    "Results achieved under the UNODC Roadmap",
    "Introduction of STRIVE Juvenile",
    "Key messages",
    "Outcomes",
    "Participating countries and programmes",
    "List of speakers",
    "Sources",
]


def test_one_printable_link_per_contents_entry_named_after_its_target(
    built: tuple[str, list[Path]],
) -> None:
    _, roots = built
    path = roots[0] / f"build/en/events/{EVENT}.pdf"
    with pikepdf.open(path) as pdf:
        contents = pdf.pages[1]
        links = [a for a in contents.Annots if a.Subtype == "/Link"]
        assert [str(a.Contents) for a in links] == TOC_EN
        for annotation in (a for page in pdf.pages for a in page.get("/Annots", [])):
            assert int(annotation.F) & 4, "the Print flag"
        for element in _elements(pdf.Root.StructTreeRoot):
            if element.S == "/Link":
                assert element.P.S != "/Link", "no link inside a link"
                owned = [
                    k
                    for k in element.K
                    if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                ]
                assert len(owned) == 1, "one annotation per link"


def test_the_title_is_the_documents_own(built: tuple[str, list[Path]]) -> None:
    _, roots = built
    expected = {
        f"build/en/events/{EVENT}.pdf": (
            "The UNODC Roadmap on the Treatment of Children Associated with Terrorist and "
            "Violent Extremist Groups"
        ),
        "build/fr/countries/KAZ.pdf": "Kazakhstan",
        "build/ar/countries/KAZ.pdf": "كازاخستان",
        "build/en/speakers/miwa-kato.pdf": "Miwa Kato",
    }
    for name, title in expected.items():
        with pikepdf.open(roots[0] / name) as pdf:
            assert str(pdf.docinfo.Title) == title
            with pdf.open_metadata() as xmp:
                assert xmp["dc:title"] == title
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


def _tree_order(element: pikepdf.Object, page: pikepdf.Object) -> Iterator[int]:
    """The MCIDs of ``page`` under ``element``, in the tag tree's reading order."""
    kids = element.get("/K")
    for kid in [] if kids is None else kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            if element.Pg.objgen == page.objgen:
                yield kid
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from _tree_order(kid, page)


def test_floats_and_images_are_painted_in_tag_tree_order(built: tuple[str, list[Path]]) -> None:
    _, roots = built
    for name in ("build/en/speakers/jane-doe.pdf", "build/en/events/launch.pdf"):
        with pikepdf.open(roots[2] / name) as pdf:
            page = pdf.pages[0]
            painted = [
                int(p.MCID) for _, p in _marked_sequences(page) if p is not None and "/MCID" in p
            ]
            assert painted == list(_tree_order(pdf.Root.StructTreeRoot, page.obj)), name
            figures = [e for e in _elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
            assert figures and all(str(f.Alt).strip() for f in figures), name


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The same projects built untagged (``pdf_variant: none``): what WeasyPrint draws."""
    roots = _projects(tmp_path_factory.mktemp("none"), "none")
    for root in roots:
        run = briefgen(
            "build", "-f", "pdf", "events", "speakers", cwd=root, env={"SOURCE_DATE_EPOCH": EPOCH}
        )
        assert run.code == 0, run.output
    return roots


def _pages_drawn(path: Path, out: Path) -> list[bytes]:
    out.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-r", "40", str(path), str(out / "p")], check=True)
    return [p.read_bytes() for p in sorted(out.glob("p-*.ppm"))]


def test_the_repairs_change_nothing_that_is_drawn(
    built: tuple[str, list[Path]], plain: list[Path], tmp_path: Path
) -> None:
    """Artifacts, merged links and reordered sequences: every page renders pixel for pixel
    as the untagged PDF of the same document."""
    _, roots = built
    documents = [(0, f"build/{lang}/events/{EVENT}.pdf") for lang in ("en", "fr", "ar")] + [
        (0, "build/ar/speakers/miwa-kato.pdf"),
        (1, "build/zh/events/vienna-forum.pdf"),
        (2, "build/en/speakers/jane-doe.pdf"),
        (2, "build/en/events/launch.pdf"),
    ]
    for index, (project, name) in enumerate(documents):
        repaired = _pages_drawn(roots[project] / name, tmp_path / f"r{index}")
        untagged = _pages_drawn(plain[project] / name, tmp_path / f"u{index}")
        assert len(repaired) == len(untagged) > 0, name
        for number, (a, b) in enumerate(zip(repaired, untagged, strict=True), start=1):
            assert a == b, f"{name}: page {number} is drawn differently"


# -- archival ---------------------------------------------------------------------------------


def test_archival_files_identify_as_pdf_a_and_pdf_ua(built: tuple[str, list[Path]]) -> None:
    variant, roots = built
    for path in pdfs(roots):
        with pikepdf.open(path) as pdf:
            metadata = pdf.Root.Metadata
            xmp = metadata.read_bytes()
            assert b'pdfuaid:part="1"' in xmp, path
            for image in (o for o in pdf.objects if isinstance(o, pikepdf.Stream)):
                if image.get("/Subtype") == "/Image":
                    assert "/Interpolate" not in image, path
            if variant == "pdf/ua-1":
                assert b"pdfaid" not in xmp
                continue
            assert "/Filter" not in metadata, "the XMP stays plain text (ISO 19005-3, 6.6.2.1)"
            level = variant[-1].upper()
            assert f'pdfaid:part="3" pdfaid:conformance="{level}"'.encode() in xmp, path
            assert b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp, path
            assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
            assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked is True


def test_an_archival_build_is_reproducible(tmp_path: Path) -> None:
    root = _with_variant(shutil.copytree(ROOTS / "assets", tmp_path / "assets"), "pdf/a-3a")
    outputs = []
    for _ in range(2):
        run = briefgen("build", "-f", "pdf", "--force", cwd=root, env={"SOURCE_DATE_EPOCH": EPOCH})
        assert run.code == 0, run.output
        outputs.append((root / "build/en/speakers/jane-doe.pdf").read_bytes())
    assert outputs[0] == outputs[1]


# -- images a PDF/A file cannot hold as they are ------------------------------------------------


def _speaker_with_photo(tmp_path: Path, image: Image.Image, name: str, **save: object) -> Path:
    root = _with_variant(shutil.copytree(ROOTS / "assets", tmp_path / "assets"), "pdf/a-3b")
    image.save(root / "content/assets/photos" / name, **save)
    speaker = root / "content/speakers/jane-doe.yaml"
    speaker.write_text(
        speaker.read_text("utf-8").replace("photo: photos/jane-doe.png", f"photo: photos/{name}"),
        "utf-8",
    )
    return root


def test_a_cmyk_image_without_a_profile_fails_its_document_at_the_field(tmp_path: Path) -> None:
    root = _speaker_with_photo(tmp_path, Image.new("CMYK", (40, 50), (10, 200, 30, 0)), "c.jpg")
    run = briefgen("build", "-f", "pdf", cwd=root)
    assert run.code == 1
    assert (
        "content/speakers/jane-doe.yaml:3:8: error: speakers/jane-doe: photo: "
        "content/assets/photos/c.jpg is a CMYK image without an ICC colour profile: a PDF/A "
        "file cannot hold it, and converting it to RGB would change its colours; save it as "
        "RGB, or with its colour profile embedded [pdf]"
    ) in run.stderr.splitlines()
    assert not (root / "build/en/speakers/jane-doe.pdf").exists()


@pytest.mark.parametrize(
    ("mode", "name", "save"),
    [
        ("I;16", "deep.png", {}),  # 16-bit grey
        ("RGBA", "alpha.png", {}),  # an alpha channel: a soft mask, allowed in PDF/A-3
        ("P", "palette.png", {"transparency": 0}),  # a transparent palette colour
    ],
)
def test_images_that_can_be_embedded_losslessly_pass_pdf_a(
    tmp_path: Path, mode: str, name: str, save: dict[str, object]
) -> None:
    colour = {"I;16": 1000, "RGBA": (10, 200, 30, 128), "P": 1}[mode]
    image = Image.new(mode, (40, 50), colour)
    if mode == "P":
        image.putpalette([0, 0, 0, 200, 30, 10] * 128)
    root = _speaker_with_photo(tmp_path, image, name, **save)
    run = briefgen("build", "-f", "pdf", cwd=root)
    assert run.code == 0, run.output
    path = root / "build/en/speakers/jane-doe.pdf"
    assert page_validation_failures(path, "pdf/a-3b") == []
    assert outloud_findings(path) == []


# -- Word -------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def test_word_images_have_alt_text_tables_header_rows_and_the_language_is_set(
    built: tuple[str, list[Path]],
) -> None:
    variant, roots = built
    if variant != "pdf/ua-1":
        pytest.skip("Word files do not depend on pdf_variant: checked with the pdf/ua-1 build")
    documents = [p for root in roots for p in sorted((root / "build").rglob("*.docx"))]
    images = tables = 0
    for path in documents:
        lang = path.relative_to(path.parents[2]).parts[0]
        body = _part(path, "word/document.xml")
        for drawing in body.iter(f"{{{WP}}}docPr"):
            images += 1
            assert drawing.get("descr", "").strip(), f"{path}: an image without alt text"
        for table in body.iter(f"{{{W}}}tbl"):
            look = table.find(f"{{{W}}}tblPr/{{{W}}}tblLook")
            if table.find(f"{{{W}}}tblPr/{{{W}}}tblStyle") is None and (
                look is not None and look.get(f"{{{W}}}firstRow") == "0"
            ):
                continue  # a layout table (div.band: blocks side by side), no data to head
            tables += 1
            first = table.find(f"{{{W}}}tr")
            assert first is not None, path
            assert first.find(f"{{{W}}}trPr/{{{W}}}tblHeader") is not None, path
        # the document's language, in the w:lang slot of its script, on every run that has one
        slot = f"{{{W}}}" + ("bidi" if lang == "ar" else "eastAsia" if lang == "zh" else "val")
        tags = [e.get(slot) for e in body.iter(f"{{{W}}}lang") if e.get(slot)]
        assert tags and {t.split("-")[0] for t in tags} == {lang}, (path, set(tags))
        based_on = {
            style.get(f"{{{W}}}styleId"): style.find(f"{{{W}}}basedOn")
            for style in _part(path, "word/styles.xml").iter(f"{{{W}}}style")
        }

        def lineage(style_id: str | None, based_on: dict = based_on) -> set[str | None]:
            """A style and every style it is based on (the cover title is based on Title)."""
            found: set[str | None] = set()
            while style_id is not None and style_id not in found:
                found.add(style_id)
                parent = based_on.get(style_id)
                style_id = parent.get(f"{{{W}}}val") if parent is not None else None
            return found

        used = set().union(*(lineage(s.get(f"{{{W}}}val")) for s in body.iter(f"{{{W}}}pStyle")))
        if "/speakers/" in path.as_posix() or "/events/" in path.as_posix():
            assert {"Title", "Heading1"} <= used, (path, used)
    assert images >= 3 and tables >= 3
