"""What LibreOffice makes of each .docx's contents when it updates it, as F9 does in Word.

    /usr/bin/python3 tests/lo_indexes.py FILE.docx [FILE.docx ...]

Prints, as JSON, for each file the text of every index (the contents) as the file holds
it (the cached result the DOCX writer filled in) and after LibreOffice has updated it
from the document: the entries its fields select, the pages its own layout gives.
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


def main() -> None:
    found = {}
    with warm_office("briefgen-indexes") as desktop:
        for name in sys.argv[1:]:
            url = Path(name).resolve().as_uri()
            document = desktop.loadComponentFromURL(
                url, "_blank", 0, (uno_property("Hidden", True),)
            )
            before = contents(document)
            indexes = document.getDocumentIndexes()
            for n in range(indexes.getCount()):
                indexes.getByIndex(n).update()
            found[name] = {"cached": before, "updated": contents(document)}
            document.close(True)
    print(json.dumps(found))


if __name__ == "__main__":
    main()
