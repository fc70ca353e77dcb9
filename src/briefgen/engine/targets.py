"""Command-line targets: ``events/<id>``, ``countries/KAZ``, or a whole kind (``speakers``)."""

from __future__ import annotations

import difflib

from briefgen.diagnostics import UsageError
from briefgen.documents import DOCUMENT_KINDS, DocumentRef


def select(targets: tuple[str, ...], documents: list[DocumentRef]) -> list[DocumentRef]:
    """The documents named by ``targets`` (all when none), in project order, each once."""
    if not targets:
        return list(documents)
    by_target = {d.target: d for d in documents}
    chosen: dict[DocumentRef, None] = {}
    for raw in targets:
        target = raw.strip().strip("/")
        for suffix in (".yaml", ".yml"):
            target = target.removesuffix(suffix)
        target = target.removeprefix("content/")
        if target in DOCUMENT_KINDS:
            chosen.update(dict.fromkeys(d for d in documents if d.kind == target))
        elif target in by_target:
            chosen[by_target[target]] = None
        else:
            names = list(by_target) + list(DOCUMENT_KINDS)
            close = difflib.get_close_matches(target, names, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UsageError(f'unknown target "{raw}"{hint}')
    order = {d: i for i, d in enumerate(documents)}
    return sorted(chosen, key=order.__getitem__)
