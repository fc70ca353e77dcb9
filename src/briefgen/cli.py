"""The command line: commands only; every decision lives in the library modules.

Exit codes: 0 success, 1 content or template errors (or a failed document),
2 usage errors, 3 an internal error (a bug in briefgen: please report it).
"""

from __future__ import annotations

import signal
import sys
import traceback
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefgen import __version__
from briefgen.diagnostics import INTERNAL, Diagnostic, MachineError, UsageError, unsuppressed

if TYPE_CHECKING:
    from briefgen.content.project import Project
    from briefgen.engine.plan import BuildOptions
    from briefgen.engine.pool import EarlyWorkers

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _project_root(start: Path) -> Path | None:
    """The project found upwards from ``start`` as git finds its repository: the nearest
    of ``start`` and its parents that holds briefgen.yaml or, as every key of briefgen.yaml
    has a default, a content/ folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "briefgen.yaml").is_file() or (folder / "content").is_dir():
            return folder
    return None


def _find_project(_ctx: click.Context, _param: click.Parameter, start: Path) -> Path:
    """The project a command works on (a usage error outside any)."""
    root = _project_root(start)
    if root is None:
        raise UsageError(
            f"no briefgen.yaml in {start.resolve()} or its parents "
            "(briefgen new DIRECTORY starts a project)"
        )
    return root


project_option = click.option(
    "--project",
    "project_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    callback=_find_project,
    help="The project folder (holding briefgen.yaml and content/), or a folder inside it.",
)


format_option = click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=click.Choice(["pdf", "docx", "html"]),
    help="Only this format (repeatable). Default: the formats in briefgen.yaml.",
)
lang_option = click.option(
    "--lang",
    "-l",
    "languages",
    multiple=True,
    help="Only this language (repeatable). Default: the languages in briefgen.yaml.",
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
@click.option(
    "--translations",
    is_flag=True,
    help="Also print how much of each file is translated into each language.",
)
def check(project_dir: Path, strict: bool, translations: bool) -> None:
    """Validate the project's content and report every problem at once."""
    from briefgen.content.project import load_project
    from briefgen.render.htmlset import check_templates
    from briefgen.render.stylesheet_check import check_stylesheets

    project = load_project(project_dir)
    check_templates(project.root, project.diagnostics)
    # Syntax only: what WeasyPrint would ignore is the build's to say (no WeasyPrint here).
    project.diagnostics.extend(check_stylesheets(project.root).diagnostics)
    diagnostics = _shown(project, project.diagnostics.sorted(), strict=strict)
    _print_diagnostics(diagnostics)
    if translations:
        _print_coverage(project)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    click.echo(
        f"{_plural(len(project.files), 'file')}, {_plural(errors, 'error')}, "
        f"{_plural(warnings, 'warning')}"
    )
    if errors:
        sys.exit(EXIT_CONTENT)


def _shown(project: Project, diagnostics: list[Diagnostic], *, strict: bool) -> list[Diagnostic]:
    """What the editor is shown: every diagnostic but the warnings briefgen.yaml's
    ``suppress_warnings`` lists; under --strict (or ``strict: true``), every warning shown
    is reported as an error."""
    shown = unsuppressed(diagnostics, project.config.suppress_warnings)
    if not (strict or project.config.strict):
        return shown
    return [Diagnostic("error", d.message, d.code, d.location) for d in shown]


def _print_coverage(project: object) -> None:
    """A table: per file, its text fields, how many are plain strings (the same in every
    language, never untranslated), and per language the share available in it."""
    from briefgen.content.project import Project

    assert isinstance(project, Project)
    langs = project.config.languages
    rows = [(path, *counts) for path, counts in sorted(project.translations.items())]
    width = max([len("all files")] + [len(r[0]) for r in rows])
    header = f"{'file':<{width}}  {'texts':>5}  {'plain':>5}"
    click.echo(header + "".join(f"  {lang:>5}" for lang in langs))
    totals = {lang: 0 for lang in langs}
    fields = plains = 0

    def share(total: int, missing: int) -> str:
        return f"{100 * (total - missing) // total:>4}%" if total else "    -"

    for path, total, plain, missing in rows:
        fields += total
        plains += plain
        cells = ""
        for lang in langs:
            totals[lang] += missing.get(lang, 0)
            cells += f"  {share(total, missing.get(lang, 0))}"
        click.echo(f"{path:<{width}}  {total:>5}  {plain:>5}{cells}")
    cells = "".join(f"  {share(fields, totals[lang])}" for lang in langs)
    click.echo(f"{'all files':<{width}}  {fields:>5}  {plains:>5}{cells}")


def _shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    k, _, n = value.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise UsageError(f'--shard takes K/N with 1 <= K <= N, such as 2/4; not "{value}"')
    return int(k), int(n)


def _load(project_dir: Path, *, strict: bool, err: bool = True) -> tuple[object, bool]:
    """The project and whether it may be built; diagnostics are printed."""
    from briefgen.content.project import load_project

    return _loaded(load_project(project_dir), strict=strict, err=err)


def _loaded(project: Project, *, strict: bool, err: bool = True) -> tuple[object, bool]:
    """Print the diagnostics of a project read; whether it has errors."""
    diagnostics = _shown(project, project.diagnostics.sorted(), strict=strict)
    _print_diagnostics(diagnostics, err=err)
    has_errors = any(d.severity == "error" for d in diagnostics)
    return project, has_errors


@cli.command()
@click.argument("targets", nargs=-1)
@project_option
@format_option
@lang_option
@click.option("--force", is_flag=True, help="Rebuild everything selected, current or not.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Documents rendered at once. Default: the number of CPUs.",
)
@click.option(
    "--shard", metavar="K/N", help="Build only the K-th of N deterministic parts (for CI matrices)."
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a machine-readable report of every output to this file.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
def build(
    targets: tuple[str, ...],
    project_dir: Path,
    formats: tuple[str, ...],
    languages: tuple[str, ...],
    force: bool,
    jobs: int | None,
    shard: str | None,
    json_path: Path | None,
    strict: bool,
) -> None:
    """Build what is out of date: all documents, or TARGETS such as events/<id>, countries/KAZ,
    speakers, packs/<event-id>."""
    from briefgen.engine.build import BuildOptions
    from briefgen.engine.prestart import start_if_likely

    options = BuildOptions(
        targets, formats or None, languages or None, force, jobs or 0, _shard(shard)
    )
    # Workers that will likely be needed import WeasyPrint while the project is read.
    early = start_if_likely(project_dir, options)
    try:
        _build(project_dir, options, early, json_path, strict, languages)
    finally:
        if early is not None:
            early.close()  # those the build did not use


def _build(
    project_dir: Path,
    options: BuildOptions,
    early: EarlyWorkers | None,
    json_path: Path | None,
    strict: bool,
    languages: tuple[str, ...],
) -> None:
    from briefgen.engine.build import build as run_build
    from briefgen.engine.load import load_for_build
    from briefgen.engine.report import Console, summary, write_json

    # The installed fonts are read only when something is to be rendered (engine/load.py).
    project, plan = load_for_build(project_dir, options)
    strict = strict or project.config.strict  # build-time warnings too, as --strict does
    _, has_errors = _loaded(project, strict=strict)
    unknown = [lang for lang in languages if lang not in project.config.languages]
    if unknown:
        raise UsageError(
            f"language {unknown[0]!r} is not in briefgen.yaml's languages "
            f"({', '.join(project.config.languages)})"
        )
    _check_output_dir(project.output_dir)
    if project.graph.is_empty and not project.invalid:
        click.echo("briefgen: the project has no content; nothing to build", err=True)
    console = Console()
    try:
        report = run_build(
            project,
            options,
            on_result=console.result,
            on_plan=console.plan,
            plan=plan,
            early=early,
        )
    finally:
        console.close()
    # One template error fails many documents: each is shown once.
    unique = unsuppressed(dict.fromkeys(report.diagnostics), project.config.suppress_warnings)
    _print_diagnostics(sorted(unique, key=Diagnostic.sort_key), err=True)
    if json_path is not None:
        # The report holds every problem: the content's, printed first, and the build's.
        read = _shown(project, project.diagnostics.sorted(), strict=strict)
        write_json(replace(report, diagnostics=[*read, *unique]), json_path)
    click.echo(summary(report), err=True)
    if any(d.code == INTERNAL for d in report.diagnostics):
        sys.exit(EXIT_INTERNAL)
    if has_errors or report.failed or (strict and unique):
        sys.exit(EXIT_CONTENT)


@cli.command(name="list")
@click.argument("targets", nargs=-1)
@project_option
@format_option
@lang_option
def list_documents(
    targets: tuple[str, ...],
    project_dir: Path,
    formats: tuple[str, ...],
    languages: tuple[str, ...],
) -> None:
    """List every document and its state: current, stale (and why), missing or blocked."""
    from briefgen.content.project import Project
    from briefgen.engine.plan import BuildOptions, make_plan

    loaded, _has_errors = _load(project_dir, strict=False)
    assert isinstance(loaded, Project)
    options = BuildOptions(targets, formats or None, languages or None)
    counts: dict[str, int] = {}
    for item in make_plan(loaded, options).outputs:
        state: str = item.state
        if state == "stale" and not (loaded.root / item.path).exists():
            state = "missing"
        counts[state] = counts.get(state, 0) + 1
        why = f"  ({item.reason})" if item.reason and state != "missing" else ""
        click.echo(f"{state:>8}  {item.path}{why}")
    click.echo(
        ", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "no documents", err=True
    )


@cli.command(name="summary")
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
def summary_command(report: Path) -> None:
    """Print a build's --json REPORT as Markdown: documents rebuilt, failed and why (for a CI
    job summary such as $GITHUB_STEP_SUMMARY)."""
    from briefgen.engine.summary import markdown_summary

    click.echo(markdown_summary(report), nl=False)


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@project_option
@format_option
@lang_option
def explain(
    targets: tuple[str, ...],
    project_dir: Path,
    formats: tuple[str, ...],
    languages: tuple[str, ...],
) -> None:
    """Show what each output of TARGETS read when it was last built, and what changed since
    (why the next build would rebuild it)."""
    from briefgen.content.project import Project
    from briefgen.engine.explain import explain as explain_outputs
    from briefgen.engine.plan import BuildOptions

    loaded, _has_errors = _load(project_dir, strict=False)
    assert isinstance(loaded, Project)
    for line in explain_outputs(loaded, BuildOptions(targets, formats or None, languages or None)):
        click.echo(line)


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
def new(directory: Path) -> None:
    """Start a project in DIRECTORY: briefgen.yaml, an example of each content file, and
    the schemas that let an editor check the YAML as it is typed."""
    from briefgen.new import create_project

    written = create_project(directory)
    click.echo(f"created {directory}: {', '.join(p.as_posix() for p in written)}", err=True)
    click.echo(
        "schemas/ and .vscode/settings.json let an editor check the YAML as you type "
        "(the YAML extension)",
        err=True,
    )
    click.echo(f"next: cd {directory} && briefgen build", err=True)


@cli.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    required=True,
    help="The folder to write the schemas into (created when missing).",
)
def schema(output: Path) -> None:
    """Write the JSON Schemas for editors of the content files and of briefgen.yaml:
    event, speaker, country, organisation, programme and briefgen.schema.json (draft
    2020-12), into the folder --output names. An editor's YAML extension then flags
    unknown keys, missing required keys and malformed values as you type (see README,
    "Editor setup"); references across files are checked by `briefgen check` only."""
    from briefgen.content.jsonschema import write_schemas

    written = write_schemas(output)
    click.echo(f"wrote {_plural(len(written), 'schema')} into {output}", err=True)


@cli.command()
@click.option(
    "--project",
    "project_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path(),
    help="The project whose languages are checked (default: the one found from here; "
    "outside any project, all six UN languages).",
)
def doctor(project_dir: Path) -> None:
    """Report what this machine gives briefgen: fonts for each script of the six UN
    languages, fast font subsetting, the WeasyPrint and Pango versions, LibreOffice; for
    each gap, the Debian package to install. Exit 1 when a build cannot succeed here."""
    from briefgen.doctor import diagnose

    root = _project_root(project_dir)
    languages = None
    if root is not None:
        from briefgen.content.config import CONFIG_FILE, load_config
        from briefgen.content.schema import Context
        from briefgen.diagnostics import Diagnostics

        ignored = Context(CONFIG_FILE, Diagnostics(), root / "content" / "assets")
        languages = load_config(root, ignored).languages  # its mistakes are check's to report
    lines, can_build = diagnose(languages, root)
    for line in lines:
        click.echo(line)
    if not can_build:
        sys.exit(EXIT_CONTENT)


@cli.command()
@project_option
def clean(project_dir: Path) -> None:
    """Remove every output briefgen recorded, and its build state."""
    import shutil

    from briefgen.content.project import load_project
    from briefgen.engine.state import STATE_DIR, State

    project = load_project(project_dir)
    state = State.load(project.output_dir)
    removed = 0
    for path in sorted(state.outputs()):
        target = project.root / path
        if target.is_file():
            target.unlink()
            removed += 1
    shutil.rmtree(project.output_dir / STATE_DIR, ignore_errors=True)
    from briefgen.engine.record import prune_empty_dirs

    prune_empty_dirs(project.output_dir)
    click.echo(f"removed {_plural(removed, 'file')}", err=True)


@cli.command()
@project_option
@format_option
@lang_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Documents at once.")
def watch(
    project_dir: Path, formats: tuple[str, ...], languages: tuple[str, ...], jobs: int | None
) -> None:
    """Rebuild what each saved change affects; print errors and keep running (Ctrl-C stops)."""
    from briefgen.engine.watch import watch_project

    watch_project(project_dir, formats or None, languages or None, jobs or 0)


def _check_output_dir(output: Path) -> None:
    """A clear error, not a traceback, when the output folder cannot be written."""
    import os

    probe = output
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        click.echo(
            f"briefgen: error: output folder {output} is blocked by a file [output]", err=True
        )
        sys.exit(EXIT_CONTENT)
    if not os.access(probe, os.W_OK | os.X_OK):
        click.echo(f"briefgen: error: output folder {probe} is not writable [output]", err=True)
        sys.exit(EXIT_CONTENT)


def _interrupted(cause: BaseException | None) -> None:
    """Ctrl-C exits 130; SIGTERM (engine.run.Terminated) 143, as the shells report them."""
    from briefgen.engine.run import Terminated

    if isinstance(cause, Terminated):
        click.echo("briefgen: terminated", err=True)
        sys.exit(128 + signal.SIGTERM)
    click.echo("briefgen: interrupted", err=True)
    sys.exit(128 + signal.SIGINT)


def main() -> None:
    """Entry point of the ``briefgen`` console script."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort as exc:  # click's form of a KeyboardInterrupt
        _interrupted(exc.__context__)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE if isinstance(exc, click.UsageError) else exc.exit_code)
    except UsageError as exc:
        click.echo(f"briefgen: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except MachineError as exc:
        click.echo(f"briefgen: error: {exc} [renderer]", err=True)
        click.echo("briefgen: `briefgen doctor` lists what this machine lacks", err=True)
        sys.exit(EXIT_CONTENT)
    except KeyboardInterrupt as exc:
        _interrupted(exc)
    except SystemExit:
        raise
    except Exception:  # a bug: say so plainly, with the details for a report
        click.echo("briefgen: internal error (a bug in briefgen; please report it):", err=True)
        click.echo(traceback.format_exc(), err=True)
        sys.exit(EXIT_INTERNAL)
