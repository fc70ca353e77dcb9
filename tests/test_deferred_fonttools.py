"""fontTools' subsetter and instancer imported when first used (writers/deferred_fonttools.py):
not imported with WeasyPrint, and the real modules as soon as WeasyPrint (or anyone) uses
them. Each case runs in a fresh interpreter, where WeasyPrint is imported for the first
time."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run_fresh(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_weasyprint_is_imported_without_them() -> None:
    out = run_fresh(
        """
        import sys
        import briefgen.writers.pdf
        import weasyprint.pdf.fonts
        print(type(sys.modules["fontTools.subset"]).__name__)
        print("fontTools.varLib" in sys.modules, "fontTools.subset.cff" in sys.modules)
        """
    )
    assert out.split() == ["_StandIn", "False", "False"]


def test_the_subsetter_is_the_real_module_once_used() -> None:
    """WeasyPrint's fontTools path (taken without HarfBuzz's subsetter): a real PDF whose
    fonts fontTools subsets, with the warning WeasyPrint gives then."""
    out = run_fresh(
        """
        import io, sys, logging
        import briefgen.writers.pdf
        import weasyprint.pdf.fonts as fonts
        from weasyprint import HTML
        from pypdf import PdfReader
        log = io.StringIO()
        logging.getLogger("weasyprint").addHandler(logging.StreamHandler(log))
        fonts.harfbuzz_subset = None
        pdf = HTML(string="<p style='font-family: Noto Sans'>Subset by fontTools</p>").write_pdf()
        print(type(sys.modules["fontTools.subset"]).__name__)
        print("Using fontTools" in log.getvalue())
        print(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().strip())
        """
    )
    assert out.splitlines() == ["module", "True", "Subset by fontTools"]


def test_the_instancer_calls_the_real_function() -> None:
    out = run_fresh(
        """
        import sys, glob
        import briefgen.writers.pdf
        import weasyprint.pdf.fonts as fonts
        from fontTools.ttLib import TTFont
        from fontTools.varLib import instancer  # another user of the module, later
        font = TTFont(glob.glob("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")[0])
        try:
            fonts.instantiateVariableFont(font, {"wght": 400})
        except ValueError as error:
            print(error)
        print(type(sys.modules["fontTools.varLib.instancer"]).__name__)
        print(instancer.instantiateVariableFont.__module__)
        """
    )
    assert out.splitlines() == [
        "Missing required table fvar",  # fontTools' own answer: a static font
        "module",
        "fontTools.varLib.instancer",
    ]
