"""Proof that a change to the writers changes no output: every PDF and .docx, byte for byte.

    python benchmarks/same_output.py BEFORE_SRC [--countries 40] [--keep DIR]

Builds (``briefgen build --force -j1``) the repository's sample project and a generated
one (generate_project.py) twice: with the ``briefgen`` package of BEFORE_SRC (a ``src``
folder, e.g. ``git archive main src | tar -x -C /tmp/before``) and with this checkout's.
Every output file of one build is compared with the other's; exits 1 on any difference,
listing the files. Prints how many files were compared.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from briefgen.content.project import load_project

sys.path.insert(0, str(Path(__file__).parent))
from generate_project import generate

REPO = Path(__file__).resolve().parent.parent
SAMPLE = ("briefgen.yaml", "content", "templates", "locale")


def build(project: Path, src: Path) -> Path:
    """Build every document of ``project`` with the package in ``src``; the output folder."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-m", "briefgen", "build", "--force", "-j1", "--project", "."]
    subprocess.run(command, cwd=project, env=env, check=False, capture_output=True)
    return project / load_project(project).config.output


def outputs(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the src folder of the code before")
    parser.add_argument("--countries", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="build here (default: a temporary folder)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="briefgen-same-output-"))
    generated = work / "generated-source"
    generate(generated, args.countries, max(40, args.countries * 4), max(1, args.countries // 10))
    differ: list[str] = []
    compared = 0
    for name, source in (("sample", None), ("generated", generated)):
        folders = []
        for side, src in (("before", args.before.resolve()), ("after", REPO / "src")):
            project = work / f"{name}-{side}"
            shutil.rmtree(project, ignore_errors=True)
            if source is None:
                project.mkdir(parents=True)
                for item in SAMPLE:
                    if (REPO / item).is_dir():
                        shutil.copytree(REPO / item, project / item)
                    elif (REPO / item).exists():
                        shutil.copy2(REPO / item, project / item)
            else:
                shutil.copytree(source, project)
            folders.append(build(project, src))
        before, after = folders
        names = outputs(before) | outputs(after)
        for relative in sorted(names):
            if not relative.endswith((".pdf", ".docx")):
                continue
            compared += 1
            a, b = before / relative, after / relative
            if not (a.exists() and b.exists() and filecmp.cmp(a, b, shallow=False)):
                differ.append(f"{name}: {relative}")
    print(f"{compared} PDF and .docx files compared, {len(differ)} differ")
    for line in differ:
        print("  differs:", line)
    sys.exit(1 if differ or not compared else 0)


if __name__ == "__main__":
    main()
