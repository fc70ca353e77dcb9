"""``briefgen explain``: what an output read when it was last made, and what has changed since.

It answers "why would this rebuild?" as ``ninja -d explain`` does, from the
same records and the same evaluation as the build: nothing is rendered.
"""

from __future__ import annotations

from briefgen.content.project import Project
from briefgen.engine.inputs import describe
from briefgen.engine.plan import BuildOptions, make_plan
from briefgen.engine.state import FAILED


def explain(project: Project, options: BuildOptions) -> list[str]:
    """For each selected output: its state, then every input it read, changed ones marked."""
    plan = make_plan(project, options)
    lines: list[str] = []
    for item in plan.outputs:
        why = f" ({item.reason})" if item.reason else ""
        lines.append(f"{item.path}: {item.state}{why}")
        record = plan.state.record(item.ref.target, item.lang)
        out = record.outputs.get(item.fmt) if record else None
        if out is None:
            lines.append("  never built: no inputs recorded")
            continue
        rows = []
        for key, was in out.reads.items():
            if key == FAILED:
                rows.append((-1, "changed", "its last build failed", ""))
                continue
            priority, label, detail = describe(key, project)
            mark = "changed" if plan.inputs.digest(key) != was else "same"
            where = f"  ({label})" if priority == 6 else ""
            rows.append((priority, mark, detail, where))
        changed = sum(1 for row in rows if row[1] == "changed")
        lines.append(f"  read {len(rows)} inputs, {changed} changed since:")
        for _priority, mark, detail, where in sorted(
            rows, key=lambda r: (r[1] != "changed", r[0], r[2])
        ):
            lines.append(f"  {mark:>7}  {detail}{where}")
    return lines
