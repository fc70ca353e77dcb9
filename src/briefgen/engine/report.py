"""How a build speaks: a progress bar on a terminal, one plain line per output elsewhere (CI),
a summary, and a machine-readable JSON report."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from briefgen.engine.record import BuildReport, DocumentResult
from briefgen.outputs import write_atomic

_MANY = 5
"""A reason that sends at least this many outputs to be rebuilt is announced once."""


class Console:
    """Reports progress to ``stream`` (stderr): rich progress on a terminal, lines otherwise."""

    def __init__(self, stream: TextIO | None = None, *, quiet_current: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.quiet_current = quiet_current
        self.interactive = self.stream.isatty()
        self._progress: Any = None
        self._task: Any = None

    def plan(self, total: int, reasons: Counter[str]) -> None:
        for reason, count in reasons.most_common():
            if count >= _MANY:
                print(f"rebuilding {count} outputs: {reason}", file=self.stream)
        if self.interactive and total:
            from rich.console import Console as RichConsole
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self._progress = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=RichConsole(file=self.stream),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("building", total=total)

    def result(self, result: DocumentResult) -> None:
        if result.status == "current" and self.quiet_current:
            return
        if self._progress is not None:
            if result.status in ("built", "failed"):
                self._progress.advance(self._task)
            if result.status == "built":
                return
            self._progress.console.print(self._line(result), markup=False, highlight=False)
            return
        print(self._line(result), file=self.stream, flush=True)

    @staticmethod
    def _line(result: DocumentResult) -> str:
        why = f"  ({result.reason})" if result.reason and result.status != "current" else ""
        return f"{result.status:>8}  {result.path}{why}"

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def summary(report: BuildReport) -> str:
    parts = [
        f"built {report.count('built')}",
        f"up to date {report.count('current')}",
        f"failed {report.count('failed')}",
    ]
    if report.count("removed"):
        parts.append(f"removed {report.count('removed')}")
    return f"{', '.join(parts)} in {report.seconds:.1f} s"


def write_json(report: BuildReport, path: Path) -> None:
    """Per output: path, document, language, format, status, seconds, sha256, reason."""
    data = {
        "summary": {
            status: report.count(status) for status in ("built", "current", "failed", "removed")
        },
        "seconds": round(report.seconds, 3),
        "documents": [
            {
                "path": r.path,
                "document": r.ref.target if r.ref else None,
                "lang": r.lang,
                "format": r.fmt,
                "status": r.status,
                "seconds": round(r.seconds, 3),
                "sha256": r.sha256,
                "reason": r.reason,
            }
            for r in sorted(report.results, key=lambda r: r.path)
        ],
        "diagnostics": [d.format() for d in sorted(report.diagnostics, key=lambda d: d.sort_key())],
    }
    write_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
