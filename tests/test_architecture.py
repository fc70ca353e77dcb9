"""The package reads as its pipeline (docs/architecture.md): stages import only earlier
stages, no module imports itself back through others, few modules at the top.

Imports are read from the source with ``ast``, those inside functions included: an import
deferred into a function still ties the two modules together."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "briefgen"
STAGES = ("content", "render", "writers", "engine")
"""In pipeline order: a stage may import the ones before it, never those after."""
SHARED = {"briefgen", "briefgen.diagnostics", "briefgen.outputs"}
"""Imported by every stage: the version, the shape of a message, atomic writes."""


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts).removesuffix(".__init__")
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The briefgen modules ``path`` imports (``from briefgen.x import y``: ``briefgen.x.y``
    when y is a module, else ``briefgen.x``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("briefgen"):
            assert node.module is not None
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in modules}
    return found


def _stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 2 and parts[1] in STAGES else None


GRAPH = {name: _imports(path, _modules()) for name, path in _modules().items()}


def test_the_analysis_sees_imports() -> None:
    # A sanity check of the reader itself, so that an empty graph cannot pass the rest.
    assert "briefgen.content.project" in GRAPH["briefgen.engine.plan"] | GRAPH["briefgen.cli"]
    assert "briefgen.render.fetch" in GRAPH["briefgen.writers.pdf"]


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if _stage(m) is not None))
def test_stages_import_only_earlier_stages(module: str) -> None:
    own = _stage(module)
    assert own is not None
    later = sorted(d for d in GRAPH[module] if (stage := _stage(d)) is not None and stage > own)
    assert later == [], f"{module} imports a later stage: {later}"
    top = sorted(d for d in GRAPH[module] if _stage(d) is None and d not in SHARED)
    top = [d for d in top if d.count(".") == 1 and d.split(".")[1] not in STAGES]
    assert top == [], f"{module} imports a top-level command module: {top}"


def test_no_import_cycle() -> None:
    """Tarjan's strongly connected components of the import graph: every one a single
    module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for dep in sorted(GRAPH[module]):
            if dep not in GRAPH or dep == module:
                continue
            if dep not in index:
                visit(dep)
                low[module] = min(low[module], low[dep])
            elif dep in on_stack:
                low[module] = min(low[module], index[dep])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert cycles == []


def test_few_modules_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(STAGES)


def test_modules_stay_readable() -> None:
    """A module past 600 lines does more than one thing (CONTRIBUTING: split it)."""
    long = {
        name: lines
        for name, path in _modules().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}


def test_the_slowest_first_list_names_test_files_that_exist() -> None:
    from conftest import SLOWEST_FIRST

    tests = Path(__file__).resolve().parent
    assert [name for name in SLOWEST_FIRST if not (tests / name).is_file()] == []
    assert len(set(SLOWEST_FIRST)) == len(SLOWEST_FIRST)
