"""The Unicode bidirectional algorithm (UAX #9, GNU FriBidi) and the runs it gives Word.

The levels come from FriBidi itself; the Word runs are read back from a .docx the real
command line builds, one Arabic paragraph per case: numbers, Latin text with a number,
brackets around Latin text (rule N0 keeps the pair together), and an isolated name.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from briefgen.render.bidi import embedding_levels, paragraph_direction, version
from buildtools import briefgen
from conftest import make_project
from docx_helpers import NS, build_project, q

LRM, RLM, FSI, PDI = "\u200e", "\u200f", "\u2068", "\u2069"

CASES = {
    "numbers": "عقد المكتب 12 اجتماعا",
    "latin and number": "برنامج GP to END VAC 2019 منذ البداية",
    "brackets": "مكتب UNODC (Vienna) هنا",
    "isolate": f"قال {FSI}Talgat Kaliyev{PDI}، 2019",
    "punctuation": "قال: «UNODC, Vienna»!",
}

EXPECTED_RUNS = {
    # A number in Arabic text is part of the right-to-left run (Word's own way).
    "numbers": [("عقد المكتب 12 اجتماعا", True)],
    # W7: a number after Latin text is Latin; the spaces at the edges go with the paragraph.
    "latin and number": [
        ("برنامج ", True),
        ("GP to END VAC 2019", False),
        (" منذ البداية", True),
    ],
    # N0: the brackets take the direction of the Latin text before and inside them.
    "brackets": [("مكتب ", True), ("UNODC (Vienna)", False), (" هنا", True)],
    # The isolate becomes marks Word understands: the name's order, the comma outside it.
    "isolate": [
        (f"قال {RLM}", True),
        (f"{LRM}Talgat Kaliyev{LRM}", False),
        (f"{RLM}، 2019", True),
    ],
    # The comma between two Latin words is Latin; the guillemets and "!" are Arabic.
    "punctuation": [("قال: «", True), ("UNODC, Vienna", False), ("»!", True)],
}


def test_fribidi_is_the_library() -> None:
    major, minor = (int(part) for part in version().split(".")[:2])
    assert (major, minor) >= (1, 0)  # isolates and bracket pairs (UAX #9 of Unicode 6.3)


def test_doctor_names_the_library(tmp_path: Path) -> None:
    run = briefgen("doctor", cwd=tmp_path)
    line = f"  ok       Unicode bidi algorithm: GNU FriBidi {version()}"
    assert line in run.stdout.splitlines(), run.stdout


def test_levels_of_numbers_brackets_and_isolates() -> None:
    # Arabic letters at 1; European digits after Arabic become Arabic numbers, at 2 (I1).
    assert embedding_levels("عام 2019", rtl=True) == [1, 1, 1, 1, 2, 2, 2, 2]
    # A bracket pair around Latin text after Latin text is Latin (N0), like the text.
    assert embedding_levels("ب A (B) ب", rtl=True) == [1, 1, 2, 2, 2, 2, 2, 1, 1]
    # Without N0 the closing bracket, between Latin and Arabic, would take the base (1).
    # An isolate: its initiator and PDI are neutrals of the outer text; inside, Latin at 2.
    assert embedding_levels(f"ب {FSI}AB{PDI} ب", rtl=True) == [1, 1, 1, 2, 2, 1, 1, 1]
    # In a left-to-right paragraph, Arabic is at 1 and a number after it at 2.
    assert embedding_levels("a ب 5", rtl=False) == [0, 0, 1, 1, 2]
    assert embedding_levels("", rtl=True) == []


def test_paragraph_direction_skips_isolates() -> None:
    assert paragraph_direction("Kyoto, 2021") == "ltr"
    assert paragraph_direction("كيوتو 2021") == "rtl"
    # P2: a Latin name isolated at the start of Arabic text does not decide the direction.
    assert paragraph_direction(f"{FSI}Talgat Kaliyev{PDI} قال") == "rtl"
    assert paragraph_direction("2021 – 2022") is None
    assert paragraph_direction(f"{FSI}Kyoto{PDI} 2021") is None
    assert paragraph_direction("") is None


@pytest.fixture(scope="module")
def paragraphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, bool]]]:
    """The runs of each case's paragraph in an Arabic event report built as .docx."""
    summary = "\n\n".join(CASES.values())
    event = {
        "title": {"ar": "منتدى"},
        "start": "2021-03-10",
        "summary": {"ar": summary},
    }
    root = make_project(
        tmp_path_factory.mktemp("bidi"),
        {
            "briefgen.yaml": "title: {ar: إحاطات}\nlanguages: [ar]\nformats: [docx]\n",
            "content/events/forum.yaml": yaml.safe_dump(event, allow_unicode=True),
        },
    )
    built = build_project(root, "docx", targets=("events/forum",))
    assert built.code == 0, built.output
    path = root / "build/ar/events/forum.docx"
    return {name: _runs_of(path, text) for name, text in CASES.items()}


def _runs_of(path: Path, text: str) -> list[tuple[str, bool]]:
    """(text, w:rtl) of each run of the paragraph whose text, marks aside, is ``text``."""
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    plain = text.replace(FSI, "").replace(PDI, "")
    for paragraph in body.iter(q("w:p")):
        runs = [
            ("".join(t.text or "" for t in run.iterfind("w:t", NS)), run.find("w:rPr/w:rtl", NS))
            for run in paragraph.iter(q("w:r"))
        ]
        found = [(words, rtl is not None) for words, rtl in runs if words]
        if "".join(words for words, _ in found).replace(LRM, "").replace(RLM, "") == plain:
            return found
    raise AssertionError(f"no paragraph reads {plain!r}")


@pytest.mark.parametrize("case", list(CASES))
def test_runs_in_the_written_docx(paragraphs: dict[str, list[tuple[str, bool]]], case: str) -> None:
    assert paragraphs[case] == EXPECTED_RUNS[case]
