"""The reference document in a build worker: parsed and checked once, a fresh copy for each
document, and read again when a project's own reference.docx changes.

The documents are made by the worker's own function (``run_job``, as a forked worker runs
it) and by ``write_docx`` in fresh interpreters: nothing is mocked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx

from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.engine.worker import Job, run_job
from briefgen.render.document import Renderer
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers.docx import styles
from conftest import REPO_ROOT
from docx_helpers import copy_sample

MARKER_FONT = "Reference Marker Sans"


def _own_reference(root: Path, font: str | None = None) -> Path:
    """The built-in reference as the project's own ``templates/reference.docx``; ``font``
    (when given) as its Normal style's font."""
    target = root / "templates" / "reference.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document(str(BUILTIN_DIR / "reference.docx"))
    if font is not None:
        document.styles["Normal"].font.name = font
    document.save(str(target))
    return target


def _styles_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/styles.xml").decode("utf-8")


def test_a_worker_parses_the_reference_once_and_again_when_it_changes(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    reference = _own_reference(root)
    project = load_project(root)
    renderer = Renderer(project)
    jobs = [Job(DocumentRef("countries", code), "en", ("docx",)) for code in ("AUT", "JPN")]
    jobs.append(Job(DocumentRef("countries", "KAZ"), "ar", ("docx",)))
    parses = styles.reference_parses

    results = [run_job(job, project, renderer) for job in jobs]
    assert [output.sha256 is not None for r in results for output in r.outputs] == [True] * 3
    assert styles.reference_parses == parses + 1  # three documents, one parse

    # The project's reference changes between builds: the next document reads it afresh.
    first = results[0].outputs[0]
    assert MARKER_FONT not in _styles_xml(root / first.path)
    stat = reference.stat()
    _own_reference(root, MARKER_FONT)
    os.utime(reference, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    again = run_job(jobs[0], project, renderer).outputs[0]
    assert styles.reference_parses == parses + 2
    assert MARKER_FONT in _styles_xml(root / again.path)
    assert again.reads != first.reads  # the reference is a recorded input of the .docx


_WRITE = """
import sys
from pathlib import Path
from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render.document import Renderer
from briefgen.writers.docx.writer import write_docx

project = load_project(Path(sys.argv[1]))
renderer = Renderer(project)
for n, spec in enumerate(sys.argv[3:]):
    lang, kind, ident = spec.split("/")
    data, _ = write_docx(renderer.render(DocumentRef(kind, ident), lang), project)
    (Path(sys.argv[2]) / f"{n}.docx").write_bytes(data)
"""


def _write_in_one_process(out: Path, *specs: str) -> list[bytes]:
    """The .docx of each ``lang/kind/id``, written one after the other in a fresh process."""
    out.mkdir()
    subprocess.run(
        [sys.executable, "-c", _WRITE, str(REPO_ROOT), str(out), *specs],
        check=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )
    return [(out / f"{n}.docx").read_bytes() for n in range(len(specs))]


def test_documents_written_one_after_the_other_never_see_each_others_edits(
    tmp_path: Path,
) -> None:
    """An Arabic sheet turns the styles right to left (borders mirrored, letter-spacing
    dropped) and gives the body's section ``w:bidi``; every document adds list numbering
    and sets the styles' metrics. Written one after the other in one process, each document
    has the bytes it has when written alone in a fresh one."""
    english, arabic = "en/countries/KAZ", "ar/countries/KAZ"
    in_turn = _write_in_one_process(tmp_path / "in-turn", english, arabic, english)
    (english_alone,) = _write_in_one_process(tmp_path / "en", english)
    (arabic_alone,) = _write_in_one_process(tmp_path / "ar", arabic)
    assert english_alone != arabic_alone
    assert in_turn == [english_alone, arabic_alone, english_alone]
