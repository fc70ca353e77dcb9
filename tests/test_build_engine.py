"""The build engine, read from its JSON report: incremental, atomic, parallel, sharded."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from buildtools import (
    briefgen,
    briefgen_unprivileged,
    children,
    copy_sample,
    interruptible,
    running,
    write,
)

EVENT = "events/kyoto-2021-roadmap-children"


def report(root: Path, *args: str, code: int = 0) -> dict[str, Any]:
    """Build (English only: the engine is the same for every language) and read the report."""
    out = root / "report.json"
    run = briefgen("build", "--lang", "en", "--json", str(out), *args, cwd=root)
    assert run.code == code, run.output
    assert "Traceback" not in run.output
    data: dict[str, Any] = json.loads(out.read_text())
    return data


def with_status(data: dict[str, Any], status: str) -> set[str]:
    return {d["path"] for d in data["documents"] if d["status"] == status}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("engine"))
    data = report(root, "-f", "pdf")
    assert data["summary"]["built"] == 16  # 15 documents and the event's briefing pack
    return root


def test_report_has_every_field(sample: Path) -> None:
    data = report(sample, "-f", "pdf", "countries/KAZ", "--force")
    (entry,) = data["documents"]
    assert entry["path"] == "build/en/countries/KAZ.pdf"
    assert entry["document"] == "countries/KAZ" and entry["lang"] == "en"
    assert entry["format"] == "pdf" and entry["status"] == "built" and entry["reason"] == "forced"
    assert len(entry["sha256"]) == 64 and entry["seconds"] > 0


# What a build with nothing to do never needs: the writers, the renderer, the chart engine.
NOT_ON_THE_NO_OP_PATH = (
    "weasyprint",
    "pikepdf",
    "docx",
    "lxml",
    "jinja2",
    "vl_convert",
    "briefgen.render.document",
    "briefgen.engine.worker",
    "briefgen.engine.pool",
    "briefgen.render.chart_server",
)


def fc_list_shim(folder: Path) -> tuple[dict[str, str], Path]:
    """An environment whose ``fc-list`` (the installed fonts) writes a line per call to the
    returned file (its first argument), then runs the real one."""
    real = shutil.which("fc-list")
    assert real is not None
    calls = folder / "fc-list-calls"
    shim = folder / "bin" / "fc-list"
    shim.parent.mkdir(parents=True)
    shim.write_text(f'#!/bin/sh\necho "fc-list $1" >> "{calls}"\nexec "{real}" "$@"\n')
    shim.chmod(0o755)
    return {"PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}"}, calls


def test_no_change_rebuilds_nothing_and_does_not_load_weasyprint(
    sample: Path, tmp_path: Path
) -> None:
    data = report(sample, "-f", "pdf")
    assert data["summary"] == {"built": 0, "current": 16, "failed": 0, "removed": 0}
    probe = (
        "import sys\nfrom briefgen.cli import main\n"
        "sys.argv = ['briefgen', 'build', '-f', 'pdf', '--lang', 'en']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code in (0, None)\n"
        f"print([m for m in {NOT_ON_THE_NO_OP_PATH!r} if m in sys.modules])\n"
    )
    env, calls = fc_list_shim(tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=sample,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr
    assert "up to date 16" in run.stderr
    assert not calls.exists()  # nothing to render: the installed fonts are not read
    # A build that renders reads them, once (its workers are sent what it read).
    forced = briefgen(
        "build", "--lang", "en", "-f", "pdf", "--force", "-j", "2", EVENT, cwd=sample, env=env
    )
    assert forced.code == 0, forced.output
    assert calls.read_text() == "fc-list --format\n"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_build_that_renders_leaves_weasyprint_and_the_writers_to_its_workers(
    sample: Path, fmt: str
) -> None:
    """The build's own process reads, plans, hands out jobs and records: WeasyPrint and the
    writers are imported by its workers (forked before the project is read, they import
    meanwhile: engine/prestart.py). It reads the installed fonts for its own check of the
    content, and sends that reading on; its garbage collector is left as it was."""
    probe = (
        "import gc, sys\nfrom briefgen.cli import main\n"
        f"sys.argv = ['briefgen', 'build', '-f', '{fmt}', '--lang', 'en', '--force', '-j', '1',"
        " 'countries/KAZ']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code in (0, None)\n"
        "from briefgen.render.fonts import known_coverage\n"
        "names = ['weasyprint', 'briefgen.writers.pdf', 'briefgen.writers.docx.writer']\n"
        "print([n in sys.modules for n in names] + "
        "[known_coverage() is not None, gc.isenabled()])\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=sample, capture_output=True, text=True, check=True
    )
    loaded = [False, False, False, True, True]
    assert run.stdout.strip().splitlines()[-1] == str(loaded), run.stdout + run.stderr
    assert "built 1, up to date 0, failed 0" in run.stderr


def test_editing_one_speaker_rebuilds_exactly_what_shows_them(sample: Path) -> None:
    path = sample / "content/speakers/talgat-kaliyev.yaml"
    original = path.read_text()
    path.write_text(original.replace("Ambassador-at-large", "Ambassador-at-Large"))
    try:
        data = report(sample, "-f", "pdf")
    finally:
        path.write_text(original)
    assert with_status(data, "built") == {
        "build/en/speakers/talgat-kaliyev.pdf",
        "build/en/countries/KAZ.pdf",
        f"build/en/{EVENT}.pdf",
        f"build/en/packs/{EVENT.split('/')[1]}.pdf",
    }
    reasons = {d["reason"] for d in data["documents"] if d["status"] == "built"}
    assert reasons == {"content/speakers/talgat-kaliyev.yaml changed"}
    report(sample, "-f", "pdf")  # back to the original content


def test_a_comment_or_reformatting_rebuilds_nothing(sample: Path) -> None:
    path = sample / "content/countries/KAZ.yaml"
    original = path.read_text()
    path.write_text("# a comment an editor added\n" + original)
    try:
        data = report(sample, "-f", "pdf")
    finally:
        path.write_text(original)
    assert data["summary"]["built"] == 0


def test_a_template_change_says_why(sample: Path) -> None:
    style = sample / "templates/style.css"
    house_style = style.read_text(encoding="utf-8")  # the sample's own, over the built-in
    write(sample, {"templates/style.css": house_style + "h1 { color: black; }\n"})
    try:
        out = sample / "r.json"
        run = briefgen("build", "-f", "pdf", "--lang", "en", "--json", str(out), cwd=sample)
        assert run.code == 0, run.output
        data = json.loads(out.read_text())
        assert data["summary"]["built"] == 16
        assert "rebuilding 16 outputs: template templates/style.css changed" in run.stderr
    finally:
        style.unlink()
    data = report(sample, "-f", "pdf")
    assert {d["reason"] for d in data["documents"] if d["status"] == "built"} == {
        "template built-in style.css changed"
    }
    write(sample, {"templates/style.css": house_style})
    data = report(sample, "-f", "pdf")
    assert {d["reason"] for d in data["documents"] if d["status"] == "built"} == {
        "template templates/style.css changed"
    }


def test_outputs_of_removed_entities_are_removed(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "briefgen.yaml": "formats: [pdf]\n",
            "content/speakers/ana.yaml": "name: Ana Lima\nposition: Analyst\ncountry: BRA\n",
            "content/speakers/ben.yaml": "name: Ben Ode\nposition: Analyst\ncountry: GHA\n",
        },
    )
    assert report(root)["summary"]["built"] == 4
    (root / "content/speakers/ben.yaml").unlink()
    data = report(root)
    assert with_status(data, "removed") == {
        "build/en/speakers/ben.pdf",
        "build/en/countries/GHA.pdf",
    }
    assert not (root / "build/en/speakers/ben.pdf").exists()
    assert (root / "build/en/speakers/ana.pdf").is_file()
    assert data["summary"]["current"] == 2


def test_a_failing_document_keeps_its_output_while_others_build(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    report(root, "-f", "pdf")
    before = {p: p.read_bytes() for p in (root / "build").rglob("*.pdf")}
    kato = root / "content/speakers/miwa-kato.yaml"
    write(
        root,
        {
            "content/assets/bad.svg": (
                '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
                '<image href="file:///etc/hostname" width="9" height="9"/></svg>'
            )
        },
    )
    kato.write_text(kato.read_text() + "photo: bad.svg\n")
    (root / "content/speakers/mari-miyoshi.yaml").write_text(
        (root / "content/speakers/mari-miyoshi.yaml").read_text() + "bio: Updated.\n"
    )
    data = report(root, "-f", "pdf", code=1)
    pack = f"build/en/packs/{EVENT.split('/')[1]}.pdf"  # the pack holds her summary
    assert with_status(data, "failed") == {"build/en/speakers/miwa-kato.pdf", pack}
    assert "build/en/speakers/mari-miyoshi.pdf" in with_status(data, "built")
    kato_pdf = root / "build/en/speakers/miwa-kato.pdf"
    assert kato_pdf.read_bytes() == before[kato_pdf]
    assert not list((root / "build").rglob("*.tmp"))
    # the failure is retried on the next build, not recorded as current
    assert with_status(report(root, "-f", "pdf", code=1), "failed") == {
        "build/en/speakers/miwa-kato.pdf",
        pack,
    }


def test_content_errors_block_only_the_documents_that_read_them(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    report(root, "-f", "pdf")
    before = (root / "build/en/countries/NGA.pdf").read_bytes()
    (root / "content/speakers/yem-musa.yaml").write_text("name: [unclosed\n")
    out = root / "r.json"
    run = briefgen("build", "-f", "pdf", "--lang", "en", "--force", "--json", str(out), cwd=root)
    assert run.code == 1
    assert "content/speakers/yem-musa.yaml:2:1: error: invalid YAML" in run.stderr
    data = json.loads(out.read_text())
    failed = with_status(data, "failed")
    assert failed == {
        "build/en/speakers/yem-musa.pdf",
        "build/en/countries/NGA.pdf",
        f"build/en/{EVENT}.pdf",
        f"build/en/packs/{EVENT.split('/')[1]}.pdf",
    }
    assert {d["reason"] for d in data["documents"] if d["status"] == "failed"} == {
        "content/speakers/yem-musa.yaml has errors"
    }
    assert len(with_status(data, "built")) == 12
    assert (root / "build/en/countries/NGA.pdf").read_bytes() == before
    assert (root / "build/en/speakers/yem-musa.pdf").is_file()


def test_shards_cover_every_document_exactly_once(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    seen: list[str] = []
    for k in (1, 2, 3):
        data = report(root, "-f", "html", "--shard", f"{k}/3", "--force")
        seen += [d["document"] for d in data["documents"]]
    assert len(seen) == len(set(seen)) == 16
    run = briefgen("build", "--shard", "4/3", cwd=root)
    assert run.code == 2 and "--shard takes K/N" in run.stderr


def test_unknown_target_is_a_usage_error(sample: Path) -> None:
    run = briefgen("build", "countries/KZA", cwd=sample)
    assert run.code == 2
    assert 'unknown target "countries/KZA"; did you mean countries/KAZ' in run.stderr


def test_parallel_build_matches_serial(tmp_path: Path) -> None:
    one = copy_sample(tmp_path / "one")
    two = copy_sample(tmp_path / "two")
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    assert briefgen("build", "-f", "pdf", "-j", "1", "-l", "ar", cwd=one, env=env).code == 0
    assert briefgen("build", "-f", "pdf", "-j", "2", "-l", "ar", cwd=two, env=env).code == 0
    for path in (one / "build").rglob("*.pdf"):
        assert path.read_bytes() == (two / path.relative_to(one)).read_bytes(), path.name


def _slow_project(root: Path, limits: str) -> Path:
    bio = " ".join(f"Paragraph {i} of a very long biography." for i in range(40000))
    return write(
        root,
        {
            "briefgen.yaml": f"formats: [pdf]\nlimits:\n  field_length: 2000000\n{limits}",
            "content/speakers/long.yaml": f'name: Long Bio\nposition: Writer\nbio: "{bio}"\n',
            "content/speakers/short.yaml": "name: Short Bio\nposition: Writer\n",
        },
    )


def test_a_runaway_document_fails_alone_on_the_time_limit(tmp_path: Path) -> None:
    root = _slow_project(tmp_path, "  render_seconds: 4\n")
    data = report(root, "-j", "2", code=1)
    assert with_status(data, "built") == {"build/en/speakers/short.pdf"}
    assert data["diagnostics"] == [
        "content/speakers/long.yaml:1:1: error: speakers/long: took longer than 4 s to render "
        "(limits.render_seconds in briefgen.yaml) [limit]"
    ]
    assert not list((root / "build").rglob("*.tmp"))


def test_a_runaway_document_fails_alone_on_the_memory_limit(tmp_path: Path) -> None:
    root = _slow_project(tmp_path, "  render_memory_mb: 160\n")
    data = report(root, "-j", "1", code=1)
    assert with_status(data, "built") == {"build/en/speakers/short.pdf"}
    assert data["diagnostics"] == [
        "content/speakers/long.yaml:1:1: error: speakers/long: used more than 160 MB of memory "
        "(limits.render_memory_mb in briefgen.yaml) [limit]"
    ]


def test_read_only_output_is_a_clear_error() -> None:
    """A build into a folder it may not write fails with one line naming the folder, and
    every document built before is still there, byte for byte."""
    # Not in tmp_path: pytest makes its folders private to root, and nobody must read it.
    root = Path(tempfile.mkdtemp(prefix="briefgen-read-only-"))
    try:
        root.chmod(0o755)
        copy_sample(root)
        run = briefgen("build", "countries/KAZ", "-f", "pdf", "-l", "en", cwd=root)
        assert run.code == 0, run.output
        built = {p: p.read_bytes() for p in (root / "build").rglob("*") if p.is_file()}
        assert root / "build/en/countries/KAZ.pdf" in built
        for folder in [root / "build", *(p for p in (root / "build").rglob("*") if p.is_dir())]:
            folder.chmod(0o555)
        proc = briefgen_unprivileged(
            "build", "countries/KAZ", "--force", "-f", "pdf", "-l", "en", cwd=root
        )
        assert (proc.returncode, proc.stdout, proc.stderr) == (
            1,
            "",
            f"briefgen: error: output folder {root / 'build'} is not writable [output]\n",
        )
        assert {p: p.read_bytes() for p in (root / "build").rglob("*") if p.is_file()} == built
    finally:
        for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
        shutil.rmtree(root)


def test_output_blocked_by_a_file(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    (root / "build").write_text("not a folder")
    run = briefgen("build", "countries/KAZ", cwd=root)
    assert run.code == 1
    assert "briefgen: error: output folder" in run.stderr and "is blocked by a file" in run.stderr
    assert "Traceback" not in run.output


def _long_build_under_way(root: Path, *args: str) -> tuple[subprocess.Popen[str], list[str]]:
    """Start a ``-j 2`` PDF build with a speaker whose very long biography keeps one worker
    busy for seconds; return once the first document is reported built (or the build ended),
    with the progress lines read so far: the build is then in the middle of its work,
    whatever the machine's speed."""
    bio = " ".join(f"Paragraph {i} of a very long biography." for i in range(40000))
    with (root / "briefgen.yaml").open("a", encoding="utf-8") as config:
        config.write("limits:\n  field_length: 2000000\n  render_seconds: 600\n")
    write(root, {"content/speakers/long.yaml": f'name: Long Bio\nposition: Writer\nbio: "{bio}"\n'})
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", "-f", "pdf", *args, "-j", "2", "-l", "en"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,
    )
    assert process.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:  # the build ended before any document: the caller's assertions say why
            break
        seen.append(line)
        if line.lstrip().startswith("built "):
            break
    return process, seen


def test_ctrl_c_leaves_no_temporary_file_and_keeps_outputs(tmp_path: Path) -> None:
    """Interrupt a build while it is certainly running, on a fast machine as on a slow one.

    A speaker with a very long biography keeps one worker busy for seconds; the
    interrupt is sent once the first document is reported built, so the build
    is in the middle of its work whatever the machine's speed.
    """
    root = copy_sample(tmp_path)
    report(root, "-f", "pdf", "-l", "en")
    before = {p: p.read_bytes() for p in (root / "build").rglob("*.pdf")}
    process, seen = _long_build_under_way(root, "--force")
    process.send_signal(signal.SIGINT)
    _out, rest = process.communicate(timeout=60)
    err = "".join(seen) + rest
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert "speakers/long.pdf" not in err  # still rendering when interrupted
    assert not list((root / "build").rglob("*.tmp"))
    from pypdf import PdfReader

    for path in before:
        assert path.is_file()
        assert PdfReader(path).pages  # whole, old or new
    (root / "content/speakers/long.yaml").unlink()
    data = report(root, "-f", "pdf", "-l", "en")
    assert data["summary"]["failed"] == 0


def test_sigterm_stops_the_workers_and_keeps_what_was_built(tmp_path: Path) -> None:
    """A cancelled CI job sends SIGTERM: the build stops as for Ctrl-C (its busy workers
    stopped, no temporary file, every finished output kept and recorded) and exits 143,
    rather than dying at once and leaving its workers rendering on."""
    root = copy_sample(tmp_path)
    process, seen = _long_build_under_way(root)
    workers = set(children(process.pid))
    assert workers, "".join(seen)  # the pool (and the chart process) are running
    process.send_signal(signal.SIGTERM)
    _out, rest = process.communicate(timeout=60)
    err = "".join(seen) + rest
    assert process.returncode == 143, err
    assert "briefgen: terminated" in err and "Traceback" not in err
    time.sleep(0.5)
    assert [pid for pid in workers if running(pid)] == []
    assert not list((root / "build").rglob("*.tmp"))
    built = [line.split()[1] for line in seen if line.lstrip().startswith("built ")]
    assert built and all((root / path).is_file() for path in built)
    # What was built is recorded: a build without the long speaker rebuilds none of it.
    (root / "content/speakers/long.yaml").unlink()
    again = report(root, "-f", "pdf", "-l", "en")
    assert with_status(again, "built").isdisjoint(built), (with_status(again, "built"), built)


def test_a_bug_in_a_writer_fails_that_output_alone_and_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A writer that raises (a bug in briefgen, not in the content) fails that output only:
    the PDF of the same document and every other document are written, the traceback is
    kept for a report, and the build exits with 3. The workers are forked from this
    process, so they run the broken writer patched in here."""
    import briefgen.engine.worker
    from briefgen.cli import main

    root = copy_sample(tmp_path)
    real_write = briefgen.engine.worker._write

    def broken_write(fmt: str, doc: Any, project: Any, ctx: Any) -> bytes:
        if fmt == "docx" and doc.ref.id == "KAZ":
            raise ValueError("simulated writer bug")
        return real_write(fmt, doc, project, ctx)

    monkeypatch.setattr(briefgen.engine.worker, "_write", broken_write)
    monkeypatch.chdir(root)
    monkeypatch.setattr(sys, "argv", ["briefgen", "build", "-l", "en", "countries", "-j", "2"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    details = "build/.briefgen/errors/en-countries-KAZ-docx.txt"
    assert (
        "content/countries/KAZ.yaml:1:1: error: countries/KAZ: internal error while making the "
        "DOCX (ValueError: simulated writer bug): a bug in briefgen, please report it; "
        f"details in {details} [internal]"
    ) in err.splitlines()
    assert "simulated writer bug" in (root / details).read_text()
    assert "built 11, up to date 0, failed 1" in err
    assert (root / "build/en/countries/KAZ.pdf").is_file()
    assert not (root / "build/en/countries/KAZ.docx").exists()
    assert not list((root / "build").rglob("*.tmp"))


def test_list_and_clean(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    report(root, "-f", "pdf", "countries")
    run = briefgen("list", "-f", "pdf", "-l", "en", cwd=root)
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert " current  build/en/countries/KAZ.pdf" in lines
    assert " missing  build/en/speakers/yem-musa.pdf" in lines
    run = briefgen("clean", cwd=root)
    assert run.code == 0 and "removed 6 files" in run.stderr
    assert not list((root / "build").rglob("*.pdf"))


@pytest.mark.parametrize("collecting", [True, False])
def test_reading_the_project_for_a_build_pauses_the_collector(
    sample: Path, collecting: bool
) -> None:
    """No pass of the garbage collector while the project is read and planned (it would
    only walk what the build keeps; one may follow as it is turned on again, dozens
    without the pause); afterwards the collector is as it was."""
    import gc

    from briefgen.engine.load import load_for_build
    from briefgen.engine.plan import BuildOptions

    passes: list[str] = []

    def note(phase: str, info: dict[str, int]) -> None:
        passes.append(phase)

    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    gc.callbacks.append(note)
    try:
        project, plan = load_for_build(sample, BuildOptions(force=True))
        assert gc.isenabled() is collecting
    finally:
        gc.callbacks.remove(note)
        (gc.enable if was else gc.disable)()
    assert passes.count("start") <= (1 if collecting else 0)
    assert plan.outputs and project.graph.countries
