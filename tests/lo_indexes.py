"""What LibreOffice makes of each .docx's contents when it updates it, as F9 does in Word.

    /usr/bin/python3 tests/lo_indexes.py FILE.docx [FILE.docx ...]

Prints, as JSON, for each file the text of every index (the contents) as the file holds
it (the cached result the DOCX writer filled in) and after LibreOffice has updated it
from the document: the entries its fields select, the pages its own layout gives; and how
each line looks before and after (capitals, weight, colour, indent).
Debian's python3-uno is importable by the system Python only, so the tests run this
script with it (tests/test_pack.py). The office is started as benchmarks/uno_convert.py
starts it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from uno_convert import uno_property, warm_office


def contents(document: Any) -> list[str]:
    indexes = document.getDocumentIndexes()
    return [str(indexes.getByIndex(n).getAnchor().getString()) for n in range(indexes.getCount())]


def looks(document: Any) -> list[list[list[Any]]]:
    """Each index's lines as they look: text (to the tab), capitals (LibreOffice's
    CharCaseMap, 1 for upper case), weight (150 bold) and colour of the line's first run,
    its left indent (1/100 mm) and its paragraph style."""
    indexes = document.getDocumentIndexes()
    found = []
    for n in range(indexes.getCount()):
        lines = []
        paragraphs = indexes.getByIndex(n).getAnchor().createEnumeration()
        while paragraphs.hasMoreElements():
            paragraph = paragraphs.nextElement()
            text = str(paragraph.getString()).split("\t")[0]
            if not text:
                continue
            portions = paragraph.createEnumeration()
            run = portions.nextElement() if portions.hasMoreElements() else paragraph
            lines.append(
                [
                    text,
                    int(run.getPropertyValue("CharCaseMap")),
                    round(float(run.getPropertyValue("CharWeight"))),
                    int(run.getPropertyValue("CharColor")),
                    int(paragraph.getPropertyValue("ParaLeftMargin")),
                    str(paragraph.getPropertyValue("ParaStyleName")),
                ]
            )
        found.append(lines)
    return found


def main() -> None:
    found = {}
    with warm_office("briefgen-indexes") as desktop:
        for name in sys.argv[1:]:
            url = Path(name).resolve().as_uri()
            document = desktop.loadComponentFromURL(
                url, "_blank", 0, (uno_property("Hidden", True),)
            )
            before, looked = contents(document), looks(document)
            indexes = document.getDocumentIndexes()
            for n in range(indexes.getCount()):
                indexes.getByIndex(n).update()
            found[name] = {
                "cached": before,
                "updated": contents(document),
                "cached_looks": looked,
                "updated_looks": looks(document),
            }
            document.close(True)
    print(json.dumps(found))


if __name__ == "__main__":
    main()
