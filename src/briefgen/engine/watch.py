"""``briefgen watch``: rebuild what a saved change affects, keep running through errors."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefgen.diagnostics import Diagnostic
from briefgen.engine.build import BuildOptions, build
from briefgen.engine.report import Console, summary
from briefgen.project import load_project

DEBOUNCE_MS = 400


def _one_build(root: Path, options: BuildOptions) -> None:
    project = load_project(root)
    for diagnostic in project.diagnostics.sorted():
        click.echo(diagnostic.format(), err=True)
    console = Console()
    try:
        report = build(project, options, on_result=console.result, on_plan=console.plan)
    finally:
        console.close()
    for diagnostic in sorted(dict.fromkeys(report.diagnostics), key=Diagnostic.sort_key):
        click.echo(diagnostic.format(), err=True)
    click.echo(summary(report), err=True)


def _relevant(root: Path, output: Path, changed: Path) -> bool:
    """Content, templates and briefgen.yaml matter; the output folder never does."""
    try:
        rel = changed.resolve().relative_to(root)
    except ValueError:
        return False
    if changed.resolve().is_relative_to(output.resolve()):
        return False
    return rel.parts[:1] in (("content",), ("templates",)) or rel.as_posix() == "briefgen.yaml"


def watch_project(
    project_dir: Path, formats: tuple[str, ...] | None, languages: tuple[str, ...] | None,
    jobs: int,
) -> None:  # fmt: skip
    from watchfiles import watch as watch_files

    root = project_dir.resolve()
    options = BuildOptions(formats=formats, languages=languages, jobs=jobs)
    _one_build(root, options)
    output = load_project(root).output_dir
    click.echo("watching for changes (Ctrl-C to stop)", err=True)
    try:
        for changes in watch_files(root, debounce=DEBOUNCE_MS, raise_interrupt=False):
            if not any(_relevant(root, output, Path(path)) for _kind, path in changes):
                continue
            try:
                _one_build(root, options)
            except Exception as exc:  # keep watching: the next save may fix it
                click.echo(f"briefgen: error: {exc}", err=True)
    except KeyboardInterrupt:
        pass
    click.echo("stopped watching", err=True)
    sys.exit(0)
