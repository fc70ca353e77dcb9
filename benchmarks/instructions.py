"""A change measured in instructions, which the machine's speed does not move.

    python benchmarks/instructions.py BEFORE_SRC [--after SRC] [--sheets 5] [--countries 10]
                                     [--word]

Counts, with ``valgrind --tool=callgrind``, the instructions that laying out and writing
``--sheets`` country sheets take in one process, with the ``briefgen`` package of
BEFORE_SRC (a ``src`` folder, e.g. ``git archive main src | tar -x -C /tmp/before``) and
with this checkout's. Each count is the difference between a run over one sheet and a
run over one plus ``--sheets``: Python's start, the imports and the first sheet's
first-use costs drop out. ``--word`` writes each sheet's .docx too.

Why: this project's machines are shared virtual ones whose speed moves by 10 to 20 %
within minutes (docs/performance.md), so a change worth a few percent does not show in
timed runs, interleaved or not; they have no hardware counters for ``perf stat``.
Instructions are not time (a cache miss costs more than an addition), but two versions
of the same work compare fairly. Needs valgrind (Debian: ``apt-get install valgrind``);
about a minute per count.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate_project import generate

REPO = Path(__file__).resolve().parent.parent

SHEETS = """
import sys
from pathlib import Path
from briefgen.content.documents import DocumentRef
from briefgen.content.project import load_project
from briefgen.render.document import Renderer
from briefgen.writers.pdf import write_pdf

project = load_project(Path.cwd())
renderer = Renderer(project)
word = sys.argv[2] == "word"
if word:
    from briefgen.writers.docx.writer import write_docx
for code in sorted(project.graph.countries)[: int(sys.argv[1])]:
    doc = renderer.render(DocumentRef("countries", code), "en")
    write_pdf(doc, project.assets_dir, variant=project.config.pdf_variant)
    if word:
        write_docx(doc, project)
"""


def instructions(root: Path, src: Path, sheets: int, word: bool) -> int:
    """Instructions the script executes over ``sheets`` sheets, with the package in ``src``."""
    env = dict(os.environ, PYTHONPATH=str(src))
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            SHEETS,
            str(sheets),
            "word" if word else "pdf",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"the count failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the src folder of the code before")
    parser.add_argument(
        "--after",
        type=Path,
        default=REPO / "src",
        help="the src folder of the code after "
        "(default: this checkout's), to weigh changes made one after another",
    )
    parser.add_argument("--sheets", type=int, default=5)
    parser.add_argument("--countries", type=int, default=10)
    parser.add_argument("--word", action="store_true", help="write each sheet's .docx too")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("instructions.py needs valgrind (apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="briefgen-instructions-") as folder:
        root = Path(folder) / "project"
        generate(root, args.countries, max(40, args.countries * 4), max(1, args.countries // 10))
        counts = {}
        for name, src in (("before", args.before.resolve()), ("after", args.after.resolve())):
            one = instructions(root, src, 1, args.word)
            more = instructions(root, src, 1 + args.sheets, args.word)
            counts[name] = more - one
            print(
                f"  {name:<7} {counts[name] / 1e6:10.1f} million instructions "
                f"for {args.sheets} sheets ({one / 1e6:.1f} million for the first)"
            )
    print(f"  after / before: {counts['after'] / counts['before']:.4f}")


if __name__ == "__main__":
    main()
