"""Stage one of a build: which outputs, and where each stands (current, stale and why,
or blocked by a file with errors).

An output is current when the file on disk is the one recorded and every input
its last making read still has the digest it had then. Each input is evaluated
once however many outputs read it, without rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from briefgen.content.documents import DocumentRef, all_documents
from briefgen.content.project import Project
from briefgen.engine.inputs import Inputs, describe, sha256_file
from briefgen.engine.state import FAILED, DocumentRecord, OutputRecord, State
from briefgen.engine.targets import select


@dataclass(frozen=True)
class BuildOptions:
    targets: tuple[str, ...] = ()
    formats: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    force: bool = False
    jobs: int = 0
    """Worker processes; 0 means one per CPU."""
    shard: tuple[int, int] | None = None
    """(K, N): build only the K-th of N deterministic parts (1-based)."""


@dataclass(frozen=True)
class PlannedOutput:
    """Where one output stands before a build."""

    ref: DocumentRef
    lang: str
    fmt: str
    path: str
    """Relative to the project root."""
    state: Literal["current", "stale", "blocked"]
    reason: str | None = None
    sha256: str | None = None
    """Of the current output."""


@dataclass(frozen=True)
class Plan:
    outputs: list[PlannedOutput]
    documents: list[DocumentRef]
    """Every document of the project (to know which recorded outputs to remove)."""
    state: State
    inputs: Inputs


def shard_of(documents: list[DocumentRef], k: int, n: int) -> list[DocumentRef]:
    """The K-th of N parts: heavier kinds first, dealt round-robin, so parts are balanced."""
    weight = {"packs": -1, "events": 0, "countries": 1, "speakers": 2}
    ordered = sorted(documents, key=lambda d: (weight.get(d.kind, 3), d.kind, d.id))
    return [d for i, d in enumerate(ordered) if i % n == k - 1]


def _selected(
    project: Project, options: BuildOptions, everything: list[DocumentRef]
) -> list[tuple[DocumentRef, str, str]]:
    chosen = select(options.targets, everything)
    if options.shard:
        k, n = options.shard
        part = set(shard_of(everything, k, n))
        chosen = [d for d in chosen if d in part]
    formats = options.formats or project.config.formats
    languages = options.languages or project.config.languages
    ordered_formats = sorted(formats, key=lambda f: (f != "pdf", f))
    return [(ref, lang, fmt) for ref in chosen for lang in languages for fmt in ordered_formats]


def blocked(project: Project, ref: DocumentRef, record: DocumentRecord | None) -> str | None:
    """Why a document cannot be built because of content errors, or None.

    A document is blocked by a file with errors when it is its own, or when its
    last build read that entity: a speaker whose file is broken has no known
    country, yet their country's sheet must not be rebuilt without them.
    """
    broken = project.settings_broken()
    if broken:
        return f"{broken[0]} has errors"
    if not project.invalid:
        return None
    reads = {ref.entity} | (record.entities() if record else set())
    hit = sorted(reads & project.invalid)
    return f"{project.sources[hit[0]]} has errors" if hit else None


CONTENT_ROOTS = ('["graph"]', '["entity",', '["config"]')


def changed_inputs(out: OutputRecord, inputs: Inputs) -> list[str]:
    """The keys of the inputs an output read whose digest is no longer the same.

    While no content file changed since the output was made, its content keys are
    not evaluated: only its templates, files, catalogs and versions are.
    """
    if out.content == inputs.content:
        return [
            key
            for key, was in out.reads.items()
            if not key.startswith(CONTENT_ROOTS) and inputs.digest(key) != was
        ]
    return [key for key, was in out.reads.items() if inputs.digest(key) != was]


def why(changed: list[str], inputs: Inputs) -> str:
    """One line: the first thing that changed, in order of what matters most."""
    if FAILED in changed:
        return "its last build failed"
    labels = sorted({describe(key, inputs.project)[:2] for key in changed})
    first = labels[0][1]
    more = f" and {len(labels) - 1} more" if len(labels) > 1 else ""
    return f"{first} changed{more}"


def status(
    out: OutputRecord | None, inputs: Inputs, *, force: bool
) -> tuple[Literal["current", "stale"], str | None]:
    if force:
        return "stale", "forced"
    if out is None:
        return "stale", "new"
    changed = changed_inputs(out, inputs)
    if changed:
        return "stale", why(changed, inputs)
    try:
        stat = (inputs.root / out.path).stat()
    except OSError:
        return "stale", "output missing"
    if (stat.st_size, stat.st_mtime_ns) != out.stat and sha256_file(
        inputs.root / out.path
    ) != out.sha256:
        return "stale", "output changed on disk"
    return "current", None


def make_plan(project: Project, options: BuildOptions, state: State | None = None) -> Plan:
    """Every selected output and where it stands."""
    state = state if state is not None else State.load(project.output_dir)
    inputs = Inputs(project)
    everything = all_documents(project.graph, project.invalid, project.config.documents)
    found: list[PlannedOutput] = []
    for ref, lang, fmt in _selected(project, options, everything):
        path = f"{project.config.output}/{ref.output_path(lang, fmt)}"
        record = state.record(ref.target, lang)
        reason = blocked(project, ref, record)
        if reason is not None:
            found.append(PlannedOutput(ref, lang, fmt, path, "blocked", reason))
            continue
        out = record.outputs.get(fmt) if record else None
        where, reason = status(out, inputs, force=options.force)
        sha = out.sha256 if out is not None and where == "current" else None
        found.append(PlannedOutput(ref, lang, fmt, path, where, reason, sha))
    return Plan(found, everything, state, inputs)
