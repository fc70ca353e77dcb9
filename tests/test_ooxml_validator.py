"""The schema validator the Word tests rely on (tests/ooxml.py) finds errors, file by file,
when it is given several files at once."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx

from ooxml import invalid, needs_validator, schema_errors


def _broken_copy(source: Path, target: Path) -> Path:
    """``source`` with an element that WordprocessingML does not have in its body."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body><w:notAnElement/>", 1)
                assert b"notAnElement" in data
            zout.writestr(item, data)
    return target


@needs_validator
def test_the_validator_judges_each_file_of_a_batch(tmp_path: Path) -> None:
    good = tmp_path / "lang" / "kind" / "good.docx"
    good.parent.mkdir(parents=True)
    document = docx.Document()
    document.add_paragraph("A paragraph.")
    document.save(str(good))
    bad = _broken_copy(good, good.with_name("bad.docx"))
    verdicts = schema_errors([good, bad, good])
    assert verdicts[good] == []
    assert verdicts[bad], "the element outside the schema was not reported"
    assert "notAnElement" in verdicts[bad][0]["description"]
    assert list(invalid([good, bad])) == ["lang/kind/bad.docx"]
