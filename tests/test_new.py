"""``briefgen new``, and briefgen as a user installs it: from a wheel, not this checkout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from buildtools import REPO, briefgen, pdf_text

SKELETON_FILES = [
    ".gitignore",
    ".vscode/settings.json",
    "briefgen.yaml",
    "content/countries/KEN.yaml",
    "content/events/example-meeting.yaml",
    "content/organisations/example-office.yaml",
    "content/programmes/example-programme.yaml",
    "content/speakers/jane-doe.yaml",
    "content/speakers/john-mwangi.yaml",
    "schemas/briefgen.schema.json",
    "schemas/country.schema.json",
    "schemas/event.schema.json",
    "schemas/organisation.schema.json",
    "schemas/programme.schema.json",
    "schemas/speaker.schema.json",
]


def test_new_project_checks_clean_and_builds(tmp_path: Path) -> None:
    run = briefgen("new", "brief", cwd=tmp_path)
    assert run.code == 0, run.output
    root = tmp_path / "brief"
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == sorted(SKELETON_FILES)
    assert (root / "content/assets").is_dir()
    assert "next: cd brief && briefgen build" in run.stderr
    checked = briefgen("check", "--strict", cwd=root)
    assert checked.code == 0 and checked.stdout.splitlines() == ["7 files, 0 errors, 0 warnings"]
    built = briefgen("build", cwd=root)
    assert built.code == 0, built.output
    assert "built 10, up to date 0, failed 0" in built.stderr  # 4 documents and a pack
    text = " ".join(pdf_text(root / "build/en/events/example-meeting.pdf").split())
    assert "Example Meeting on Community Resilience" in text
    assert "Prevention works best when communities own it." in text
    assert (root / "build/en/countries/KEN.docx").is_file()


def _page_fill(pdf: Path) -> list[float]:
    """Per page, how far down its text reaches, as a share of the page's height (the page
    number in the footer left out)."""
    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ElementTree.fromstring(re.sub(r'xmlns="[^"]+"', "", layout, count=1))
    fills = []
    for page in root.iter("page"):
        bottoms = [
            float(block.get("yMax", 0))
            for block in page.iter("block")
            if not re.fullmatch(
                r"Page \d+ of \d+", " ".join(w.text or "" for w in block.iter("word"))
            )
        ]
        fills.append(max(bottoms, default=0.0) / float(page.get("height", 1)))
    return fills


def test_a_new_projects_first_build_is_clean(tmp_path: Path) -> None:
    """No placeholder ("None recorded."), and no page whose text ends in its top quarter,
    in the PDFs or in the Word documents as LibreOffice lays them out."""
    assert briefgen("new", "brief", cwd=tmp_path).code == 0
    root = tmp_path / "brief"
    built = briefgen("build", "-f", "pdf", "-f", "docx", "-f", "html", cwd=root)
    assert built.code == 0, built.output
    for html in sorted((root / "build").rglob("*.html")):
        text = html.read_text()
        assert 'class="empty"' not in text and "None recorded" not in text, html.name
    for kind in sorted({p.parent for p in (root / "build").rglob("*.docx")}):
        # one folder per kind: the event's report and its pack have the same name
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / "word" / kind.name),
                *map(str, sorted(kind.glob("*.docx"))),
            ],
            capture_output=True,
            check=True,
            timeout=300,
        )
    pdfs = sorted((root / "build").rglob("*.pdf")) + sorted((tmp_path / "word").rglob("*.pdf"))
    assert len(pdfs) == 10
    pages = {pdf.relative_to(tmp_path).as_posix(): _page_fill(pdf) for pdf in pdfs}
    near_empty = {name: fills for name, fills in pages.items() if min(fills) < 0.25}
    assert not near_empty, pages
    report = ("brief/build/en/events/example-meeting.pdf", "word/events/example-meeting.pdf")
    assert [len(pages[name]) for name in report] == [4, 4]
    assert "None recorded" not in pdf_text(root / "build/en/countries/KEN.pdf")


@pytest.mark.parametrize("existing", ["folder", "file"])
def test_new_never_writes_over_anything(tmp_path: Path, existing: str) -> None:
    target = tmp_path / "brief"
    if existing == "folder":
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    else:
        target.write_text("mine")
    run = briefgen("new", "brief", cwd=tmp_path)
    assert run.code == 2
    reason = "is not empty" if existing == "folder" else "exists and is not a folder"
    assert run.stderr.startswith(f"briefgen: error: brief {reason}")
    assert sorted(p.name for p in tmp_path.rglob("*")) == (
        ["brief", "notes.txt"] if existing == "folder" else ["brief"]
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """briefgen built as a wheel and installed into a folder of its own (its dependencies
    still come from this environment)."""
    where = tmp_path_factory.mktemp("wheel")
    # Built from a copy of what a wheel is made of: setuptools builds in the source tree
    # (build/lib, build/bdist.*), and this checkout's build/ holds the sample's documents.
    source = where / "source"
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", *(p.name for p in REPO.glob("LICENSE*"))):
        shutil.copy(REPO / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(where)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = where.glob("briefgen-*.whl")
    target = where / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def test_the_wheel_ships_every_template_catalog_and_skeleton_file(installed: Path) -> None:
    tracked = subprocess.run(
        [
            "git",
            "ls-files",
            "src/briefgen/templates",
            "src/briefgen/locale",
            "src/briefgen/skeleton",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert tracked, "git ls-files found nothing"
    shipped = {p.relative_to(installed).as_posix() for p in installed.rglob("*") if p.is_file()}
    needed = {path.removeprefix("src/") for path in tracked if not path.endswith(".po")}
    needed |= {p.removesuffix(".po") + ".mo" for p in needed if p.endswith(".po")}
    assert needed <= shipped, sorted(needed - shipped)
    (wheel,) = installed.parent.glob("briefgen-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert not [n for n in archive.namelist() if n.startswith(("tests/", "content/"))]


def test_an_installed_briefgen_builds_a_new_project(installed: Path, tmp_path: Path) -> None:
    """The installed package, not this checkout, renders: its templates, stylesheet,
    reference.docx and catalogs are all inside it."""
    env = {**os.environ, "PYTHONPATH": str(installed)}
    where = subprocess.run(
        [sys.executable, "-c", "import briefgen; print(briefgen.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed)
    run = subprocess.run(
        [sys.executable, "-m", "briefgen", "new", "brief"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    config = tmp_path / "brief/briefgen.yaml"
    config.write_text(config.read_text().replace("  - en", "  - en\n  - fr", 1))
    run = subprocess.run(
        [sys.executable, "-m", "briefgen", "build"],
        cwd=tmp_path / "brief",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "built 20, up to date 0, failed 0" in run.stderr
    assert "Table des matières" in pdf_text(tmp_path / "brief/build/fr/events/example-meeting.pdf")
