"""``briefgen watch``: rebuild what a saved change affects, keep running through errors.

An editor's save is often several file events (write, then a rename or a change of
metadata), which can arrive in more than one batch. A batch rebuilds only when a
watched file's bytes differ from what the last build started from, so one save
is one rebuild, and touching a file is none.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import click

from briefgen.content.project import load_project
from briefgen.diagnostics import Diagnostic, unsuppressed
from briefgen.engine.build import BuildOptions, build
from briefgen.engine.report import Console, summary
from briefgen.render.fonts import uncovered

DEBOUNCE_MS = 400
WAKE_MS = 500
"""The watcher wakes this often without a change; its first wake says it is watching (a save
made while the first build ran, before the watcher was in place, is built then)."""
WATCHED_FOLDERS = ("content", "templates", "locale")


def _one_build(root: Path, options: BuildOptions) -> None:
    project = load_project(root, fonts=uncovered)
    quiet = project.config.suppress_warnings
    for diagnostic in unsuppressed(project.diagnostics.sorted(), quiet):
        click.echo(diagnostic.format(), err=True)
    console = Console()
    try:
        report = build(project, options, on_result=console.result, on_plan=console.plan)
    finally:
        console.close()
    for diagnostic in sorted(
        unsuppressed(dict.fromkeys(report.diagnostics), quiet), key=Diagnostic.sort_key
    ):
        click.echo(diagnostic.format(), err=True)
    click.echo(summary(report), err=True)


def _relevant(root: Path, output: Path, changed: Path) -> bool:
    """Content, templates, label catalogs and briefgen.yaml matter; the output folder never."""
    try:
        rel = changed.resolve().relative_to(root)
    except ValueError:
        return False
    if changed.resolve().is_relative_to(output.resolve()):
        return False
    return rel.parts[:1] in {(f,) for f in WATCHED_FOLDERS} or rel.as_posix() == "briefgen.yaml"


def _digest(path: Path) -> str | None:
    """The file's sha256, or None when it is not a readable regular file (gone, a folder)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def _snapshot(root: Path, output: Path) -> dict[Path, str | None]:
    """Every watched file's digest, as the build about to start will read it."""
    files = [root / "briefgen.yaml"]
    for folder in WATCHED_FOLDERS:
        if (root / folder).is_dir():
            files += sorted(p for p in (root / folder).rglob("*") if p.is_file())
    return {p.resolve(): _digest(p) for p in files if _relevant(root, output, p)}


def _changed(snapshot: dict[Path, str | None], paths: set[Path]) -> bool:
    return any(_digest(p) != snapshot.get(p.resolve()) for p in paths)


def watch_project(
    project_dir: Path,
    formats: tuple[str, ...] | None,
    languages: tuple[str, ...] | None,
    jobs: int,
) -> None:
    from watchfiles import watch as watch_files

    root = project_dir.resolve()
    options = BuildOptions(formats=formats, languages=languages, jobs=jobs)
    output = load_project(root).output_dir
    try:
        snapshot = _snapshot(root, output)
        _one_build(root, options)
        watching = False
        for changes in watch_files(
            root,
            debounce=DEBOUNCE_MS,
            rust_timeout=WAKE_MS,
            yield_on_timeout=True,
            raise_interrupt=True,
        ):
            if not watching:  # the watcher is now in place: say so, and catch up
                click.echo("watching for changes (Ctrl-C to stop)", err=True)
                watching = True
                stale = _snapshot(root, output) != snapshot
            else:
                paths = {Path(path) for _kind, path in changes}
                relevant = {p for p in paths if _relevant(root, output, p)}
                stale = bool(relevant) and _changed(snapshot, relevant)
            if not stale:
                continue
            snapshot = _snapshot(root, output)
            try:
                _one_build(root, options)
            except Exception as exc:  # keep watching: the next save may fix it
                click.echo(f"briefgen: error: {exc}", err=True)
    except KeyboardInterrupt:
        pass
    click.echo("stopped", err=True)
    sys.exit(0)
