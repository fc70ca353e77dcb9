"""briefgen run from a source tree (an editable install, ``src`` on the path) records a
digest of its own code among the versions every document reads, so that an edit to its
code rebuilds the documents, as a new version of an installed copy does; an installed
copy records its version alone (engine/inputs.py, ``source_digest``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import briefgen
from briefgen.engine.inputs import package_digest, source_digest, versions
from buildtools import briefgen as run_briefgen
from buildtools import copy_sample

SOURCE = Path(briefgen.__file__).resolve().parent


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_digest_follows_the_code_and_nothing_else(tmp_path: Path) -> None:
    package = tree(tmp_path / "src" / "briefgen", {"a.py": "A = 1\n", "sub/b.py": "B = 2\n"})
    first = package_digest(package)
    assert first is not None and len(first) == 16
    (package / "templates").mkdir()
    (package / "templates" / "x.html").write_text("<p>recorded as a template</p>")
    (package / "notes.txt").write_text("not code")
    assert package_digest(package) == first
    (package / "sub" / "b.py").write_text("B = 2  # an edit\n")
    edited = package_digest(package)
    assert edited != first
    (package / "sub" / "b.py").rename(package / "sub" / "c.py")
    assert package_digest(package) not in (first, edited)


def test_an_installed_copy_records_its_version_alone(tmp_path: Path) -> None:
    for folder in ("site-packages", "dist-packages"):
        package = tree(tmp_path / "lib" / "python3" / folder / "briefgen", {"a.py": "A = 1\n"})
        assert package_digest(package) is None


def test_this_source_tree_is_recorded_among_the_versions() -> None:
    assert "site-packages" not in SOURCE.parts  # the tests run from the repository
    assert versions()["briefgen-source"] == source_digest() == package_digest(SOURCE)


def test_an_edit_to_briefgens_code_rebuilds_what_it_built(tmp_path: Path) -> None:
    """A copy of briefgen's source on PYTHONPATH, as a developer runs it: a build, a no-op,
    then one edit to a module, after which every output is rebuilt, for that reason."""
    src = tmp_path / "src"
    shutil.copytree(SOURCE, src / "briefgen", ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")])}
    root = copy_sample(tmp_path / "sample")
    args = ("build", "speakers/miwa-kato", "-f", "html", "-l", "en")
    first = run_briefgen(*args, cwd=root, env=env)
    assert first.code == 0 and "built 1," in first.output, first.output
    again = run_briefgen(*args, cwd=root, env=env)
    assert "built 0, up to date 1," in again.output, again.output
    module = src / "briefgen" / "render" / "credit.py"
    module.write_text(module.read_text(encoding="utf-8") + "# a developer's edit\n")
    edited = run_briefgen(*args, cwd=root, env=env)
    assert "built 1, up to date 0," in edited.output, edited.output
    assert "(briefgen or a library it uses changed)" in edited.output, edited.output
    explained = run_briefgen("explain", *args[1:], cwd=root, env=env)
    assert "briefgen-source" in explained.output, explained.output
