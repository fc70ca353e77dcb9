"""Every third-party module src/briefgen imports is a declared dependency of the package.

A module that arrives only as a dependency of a dependency (Pillow through WeasyPrint,
tinycss2 through WeasyPrint) works until that package stops needing it; pip would then
install a briefgen that fails at its first import.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "briefgen"


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules() -> dict[str, str]:
    """Top-level module -> the first file:line importing it, for every import in src/briefgen,
    inside functions too."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                where = f"{path.relative_to(REPO).as_posix()}:{node.lineno}"
                found.setdefault(name.split(".")[0], where)
    return found


def declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        _canonical(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0])
        for spec in project["dependencies"]
    }


def test_every_third_party_import_is_declared() -> None:
    owners = packages_distributions()
    wanted = declared()
    undeclared: list[str] = []
    for module, where in sorted(imported_modules().items()):
        if module in sys.stdlib_module_names or module in ("briefgen", "__future__"):
            continue
        distributions = {_canonical(name) for name in owners.get(module, [])}
        if not distributions:
            undeclared.append(f"{where}: {module} is installed by no distribution")
        elif not distributions & wanted:
            undeclared.append(f"{where}: {module} ({', '.join(sorted(distributions))})")
    assert undeclared == []


def test_every_declared_dependency_is_imported() -> None:
    owners = packages_distributions()
    used = {_canonical(name) for module in imported_modules() for name in owners.get(module, [])}
    assert sorted(declared() - used) == []


def test_the_check_sees_imports_inside_functions() -> None:
    modules = imported_modules()
    # content/collation.py imports icu on first use only.
    assert modules["icu"].startswith("src/briefgen/content/collation.py:")
    assert "tinycss2" in modules
