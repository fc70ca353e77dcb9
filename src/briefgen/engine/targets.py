"""Command-line targets: ``events/<id>``, ``countries/KAZ``, or a whole kind (``speakers``).

A target is matched exactly first; failing that, without regard to case
(``countries/kaz``), and a bare id (``KAZ``, a speaker's id) names the document
of whatever kind has it (an event's id names its report: a pack is only ever named
``packs/<id>``). Either way the match must be unique: a target that could mean
several documents is a usage error listing them, never a guess.
"""

from __future__ import annotations

import difflib

from briefgen.content.documents import DOCUMENT_KINDS, DocumentRef
from briefgen.diagnostics import UsageError


def _normalized(raw: str) -> str:
    """The target as written, minus what a shell's completion adds (``content/``, ``.yaml``)."""
    target = raw.strip().strip("/")
    for suffix in (".yaml", ".yml"):
        target = target.removesuffix(suffix)
    return target.removeprefix("content/")


def _candidates(target: str, documents: list[DocumentRef]) -> list[DocumentRef]:
    """The documents ``target`` may mean once the exact match has failed."""
    folded = target.casefold()
    if "/" in target:
        return [d for d in documents if d.target.casefold() == folded]
    # A bare id names a single document: an event id its report, not its pack (packs/<id>).
    documents = [d for d in documents if d.kind != "packs"]
    exact = [d for d in documents if d.id == target]
    return exact or [d for d in documents if d.id.casefold() == folded]


def _close(target: str, names: dict[str, str]) -> list[str]:
    """Up to three of ``names`` (casefolded -> as written) closest to ``target``, any case."""
    folded = difflib.get_close_matches(target.casefold(), list(names), n=3, cutoff=0.5)
    return [names[name] for name in folded]


def _resolve(
    raw: str,
    documents: list[DocumentRef],
    by_target: dict[str, DocumentRef],
) -> list[DocumentRef]:
    """The documents one target names, or a usage error that says what it could have meant."""
    target = _normalized(raw)
    if target in DOCUMENT_KINDS or target.casefold() in DOCUMENT_KINDS:
        kind = target.casefold()
        return [d for d in documents if d.kind == kind]
    if target in by_target:
        return [by_target[target]]
    candidates = _candidates(target, documents)
    if len(candidates) == 1:
        return candidates
    if candidates:
        listed = ", ".join(d.target for d in candidates)
        raise UsageError(f'ambiguous target "{raw}": it names {listed}; give one of them')
    close = _close(target, {name.casefold(): name for name in [*by_target, *DOCUMENT_KINDS]})
    if not close and "/" not in target:
        close = _close(target, {d.id.casefold(): d.target for d in documents})
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f'unknown target "{raw}"{hint}')


def select(targets: tuple[str, ...], documents: list[DocumentRef]) -> list[DocumentRef]:
    """The documents named by ``targets`` (all when none), in project order, each once."""
    if not targets:
        return list(documents)
    by_target = {d.target: d for d in documents}
    chosen: dict[DocumentRef, None] = {}
    for raw in targets:
        chosen.update(dict.fromkeys(_resolve(raw, documents, by_target)))
    order = {d: i for i, d in enumerate(documents)}
    return sorted(chosen, key=order.__getitem__)
