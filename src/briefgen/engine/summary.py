"""``briefgen summary``: a build's ``--json`` report as Markdown, for a CI job summary.

GitHub shows what a step appends to ``$GITHUB_STEP_SUMMARY`` on the run's page,
so an editor who pushed a change sees there which documents it rebuilt, which
failed and why, without reading the log. The report is read as data, never
trusted to be well formed: anything missing or of the wrong type is a usage
error naming the file, and every value printed is escaped so that a content
file's name cannot turn into Markdown or HTML on that page.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.diagnostics import UsageError

MAX_LISTED = 20
"""Documents named per reason; past that, "and N more" (a summary must stay short)."""
MAX_PROBLEMS = 50
"""Problem lines quoted; the full list is in the log and in the report."""

_STATUSES = ("built", "current", "failed", "removed")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


@dataclass(frozen=True)
class _Output:
    path: str
    document: str | None
    lang: str
    fmt: str
    status: str
    reason: str | None


def _text(value: str) -> str:
    """Plain text safe in Markdown: every character Markdown or HTML could read is escaped,
    and the text stays on one line (a table row)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def _fence(lines: list[str]) -> str:
    """A fenced block longer than any run of backticks inside it, so it cannot be closed early."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def _read(path: Path) -> tuple[dict[str, int], float, list[_Output], list[str]]:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file (write it with briefgen build --json)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the report: {exc}") from None
    documents = data.get("documents") if isinstance(data, dict) else None
    problems = data.get("diagnostics", []) if isinstance(data, dict) else None
    if not isinstance(documents, list) or not isinstance(problems, list):
        raise UsageError(f"{path}: not a report written by briefgen build --json")
    outputs: list[_Output] = []
    for item in documents:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(key), str) for key in ("path", "lang", "format", "status")
        ):
            raise UsageError(f"{path}: not a report written by briefgen build --json")
        document, reason = item.get("document"), item.get("reason")
        outputs.append(
            _Output(
                item["path"],
                document if isinstance(document, str) else None,
                item["lang"],
                item["format"],
                item["status"],
                reason if isinstance(reason, str) else None,
            )
        )
    counts = {status: sum(1 for o in outputs if o.status == status) for status in _STATUSES}
    seconds = data.get("seconds")
    lines = [" ".join(str(problem).splitlines()) for problem in problems]
    return counts, float(seconds) if isinstance(seconds, int | float) else 0.0, outputs, lines


def _by_reason(outputs: list[_Output]) -> list[str]:
    """One bullet per reason: how many files, and the documents (a document is built in
    several languages and formats; it is named once)."""
    groups: dict[str, list[_Output]] = defaultdict(list)
    for output in outputs:
        groups[output.reason or "no reason recorded"].append(output)
    lines = []
    for reason, group in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        names = sorted({o.document or o.path for o in group})
        shown = ", ".join(_text(name) for name in names[:MAX_LISTED])
        more = f" and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else ""
        files = "1 file" if len(group) == 1 else f"{len(group)} files"
        lines.append(f"- {_text(reason)} ({files}): {shown}{more}")
    return lines


def _failed_rows(outputs: list[_Output]) -> list[str]:
    """One table row per document and reason, with the languages and formats that failed."""
    groups: dict[tuple[str, str], list[_Output]] = defaultdict(list)
    for output in outputs:
        groups[(output.document or output.path, output.reason or "")].append(output)
    rows = []
    for (document, reason), group in sorted(groups.items()):
        langs = " ".join(sorted({_text(o.lang) for o in group}))
        formats = " ".join(sorted({_text(o.fmt) for o in group}))
        rows.append(f"| {_text(document)} | {langs} | {formats} | {_text(reason)} |")
    return rows


def markdown_summary(path: Path) -> str:
    """The Markdown summary of the build report at ``path``."""
    counts, seconds, outputs, problems = _read(path)
    head = f"built {counts['built']}, up to date {counts['current']}, failed {counts['failed']}"
    if counts["removed"]:
        head += f", removed {counts['removed']}"
    lines = [f"## briefgen: {head} in {seconds:.1f} s", ""]
    failed = [o for o in outputs if o.status == "failed"]
    if failed:
        lines += [
            "### Failed (the previous files are kept)",
            "",
            "| document | languages | formats | why |",
            "| --- | --- | --- | --- |",
            *_failed_rows(failed),
            "",
        ]
    if problems:
        quoted = problems[:MAX_PROBLEMS]
        fence = _fence(quoted)
        lines += ["### Problems", "", fence + "text", *quoted, fence]
        if len(problems) > MAX_PROBLEMS:
            lines.append(f"and {len(problems) - MAX_PROBLEMS} more (see the build log)")
        lines.append("")
    built = [o for o in outputs if o.status == "built"]
    if built:
        lines += ["### Rebuilt", "", *_by_reason(built), ""]
    removed = [o for o in outputs if o.status == "removed"]
    if removed:
        lines += [
            "### Removed",
            "",
            *(f"- {_text(o.path)}" for o in sorted(removed, key=lambda o: o.path)),
            "",
        ]
    if not (failed or built or removed or problems):
        lines += ["Nothing changed: every document is up to date.", ""]
    return "\n".join(lines)
