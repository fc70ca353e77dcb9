"""The command line: commands only; every decision lives in the library modules.

Exit codes: 0 success, 1 content or template errors (or a failed document),
2 usage errors, 3 an internal error (a bug in briefgen: please report it).
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from briefgen import __version__
from briefgen.diagnostics import Diagnostic, UsageError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

project_option = click.option(
    "--project",
    "project_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="The project folder (holding briefgen.yaml and content/).",
)


def _print_diagnostics(diagnostics: list[Diagnostic], *, err: bool = False) -> None:
    for diagnostic in diagnostics:
        click.echo(diagnostic.format(), err=err)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="briefgen")
def cli() -> None:
    """Turn structured YAML content into finished briefing documents (PDF and Word)."""


@cli.command()
@project_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
def check(project_dir: Path, strict: bool) -> None:
    """Validate the project's content and report every problem at once."""
    from briefgen.project import load_project

    project = load_project(project_dir)
    diagnostics = project.diagnostics.sorted()
    _print_diagnostics(diagnostics)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    click.echo(
        f"{_plural(len(project.files), 'file')}, {_plural(errors, 'error')}, "
        f"{_plural(warnings, 'warning')}"
    )
    strict = strict or project.config.strict
    if errors or (strict and warnings):
        sys.exit(EXIT_CONTENT)


@cli.command()
@click.argument("targets", nargs=-1)
@project_option
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=click.Choice(["pdf", "docx", "html"]),
    help="Build only this format (repeatable). Default: formats in briefgen.yaml.",
)
@click.option(
    "--lang",
    "-l",
    "languages",
    multiple=True,
    help="Build only this language (repeatable). Default: languages in briefgen.yaml.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
def build(
    targets: tuple[str, ...],
    project_dir: Path,
    formats: tuple[str, ...],
    languages: tuple[str, ...],
    strict: bool,
) -> None:
    """Build documents: all, or TARGETS such as events/<id>, countries/KAZ, speakers."""
    from briefgen.build import build as run_build
    from briefgen.project import load_project

    project = load_project(project_dir)
    diagnostics = project.diagnostics.sorted()
    _print_diagnostics(diagnostics, err=True)
    strict = strict or project.config.strict
    if any(d.severity == "error" for d in diagnostics) or (strict and diagnostics):
        click.echo("briefgen: content has errors; nothing was built", err=True)
        sys.exit(EXIT_CONTENT)
    unknown = [lang for lang in languages if lang not in project.config.languages]
    if unknown:
        raise UsageError(
            f"language {unknown[0]!r} is not in briefgen.yaml's languages "
            f"({', '.join(project.config.languages)})"
        )
    if project.graph.is_empty:
        click.echo("briefgen: the project has no content; nothing to build", err=True)
        return

    def show(result: object) -> None:
        from briefgen.build import DocumentResult

        assert isinstance(result, DocumentResult)
        click.echo(f"{result.status:>7}  {result.path}", err=True)

    report = run_build(
        project, targets, formats=formats or None, languages=languages or None, on_result=show
    )
    _print_diagnostics(sorted(report.diagnostics, key=Diagnostic.sort_key), err=True)
    click.echo(
        f"built {report.count('built')}, failed {report.count('failed')} in {report.seconds:.1f} s",
        err=True,
    )
    if report.failed or (strict and report.diagnostics):
        sys.exit(EXIT_CONTENT)


def main() -> None:
    """Entry point of the ``briefgen`` console script."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("briefgen: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE if isinstance(exc, click.UsageError) else exc.exit_code)
    except UsageError as exc:
        click.echo(f"briefgen: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("briefgen: interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception:  # a bug: say so plainly, with the details for a report
        click.echo("briefgen: internal error (a bug in briefgen; please report it):", err=True)
        click.echo(traceback.format_exc(), err=True)
        sys.exit(EXIT_INTERNAL)
