"""Hostile and faulty projects, one table row each (cases.py): every case is built with the
real command line from a copy of one built baseline, and must end as its row says, with
nothing fetched, nothing read outside content/assets/, no attachment, no temporary file
and no output lost."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import http.server
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from buildtools import interruptible, pdf_text, write
from hostile.cases import (
    BASELINE,
    CASES,
    OUTPUTS,
    AttachmentError,
    BrokenOutputError,
    Case,
    CodeRanError,
    DiagnosticsError,
    ExitCodeError,
    Expected,
    LeftoverError,
    LinkError,
    OutputLostError,
    RequestError,
    SecretReadError,
    TextError,
    TracebackError,
)

ENV = {"SOURCE_DATE_EPOCH": "1700000000", "PYTHONDONTWRITEBYTECODE": "1"}
DIAGNOSTIC = re.compile(r"^(?:\S+|briefgen): (?:error|warning): ")
WEB_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)


# -- observers: a listener that counts connections, a watch on secret files -------------------


class Listener:
    """A loopback HTTP server that counts every connection it accepts (any protocol)."""

    def __init__(self) -> None:
        outer = self
        self.connections = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            def verify_request(self, request: object, client_address: object) -> bool:
                outer.connections += 1
                return True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SecretWatch:
    """inotify on files nothing may open (Linux); ``opened()`` lists those that were."""

    IN_ACCESS, IN_OPEN, IN_NONBLOCK = 0x1, 0x20, 0o4000

    def __init__(self, paths: list[Path]) -> None:
        self.names: dict[int, Path] = {}
        self.fd = -1
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            self.fd = libc.inotify_init1(self.IN_NONBLOCK)
            for path in paths:
                wd = libc.inotify_add_watch(self.fd, bytes(path), self.IN_OPEN | self.IN_ACCESS)
                if wd >= 0:
                    self.names[wd] = path
        except (OSError, AttributeError):
            self.fd = -1

    @property
    def active(self) -> bool:
        return self.fd >= 0 and bool(self.names)

    def opened(self) -> list[Path]:
        found: list[Path] = []
        if self.fd < 0:
            return found
        with contextlib.suppress(BlockingIOError):
            while True:
                data = os.read(self.fd, 65536)
                offset = 0
                while offset < len(data):
                    wd, _mask, _cookie, length = struct.unpack_from("iIII", data, offset)
                    offset += 16 + length
                    if wd in self.names and self.names[wd] not in found:
                        found.append(self.names[wd])
        return found

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


# -- the baseline -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    store: Path
    """Holds ``project``: a pristine copy of the built baseline."""
    folder: Path
    """Where the baseline was built and where every case runs. A PDF names its images
    after their absolute file: URL, so outputs are only byte-comparable when built in the
    same folder (see the case ``forced-rebuild-in-another-folder``)."""
    sha256: dict[str, str]
    """Every output -> its sha256."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def baseline() -> Iterator[Baseline]:
    # In /tmp and open to all (not pytest's private tmp_path): an unprivileged build
    # must be able to reach it.
    workspace = Path(tempfile.mkdtemp(prefix="briefgen-hostile-")).resolve()
    workspace.chmod(0o755)
    folder = workspace / "case"
    root = write(folder / "project", BASELINE)
    run = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--json", str(folder / "report.json")],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads((folder / "report.json").read_text())
    assert {d["path"] for d in report["documents"]} == set(OUTPUTS)
    hashes = {path: sha256(root / path) for path in OUTPUTS}
    assert hashes == {d["path"]: d["sha256"] for d in report["documents"]}
    (workspace / "baseline").mkdir()
    root.rename(workspace / "baseline" / "project")
    shutil.rmtree(folder)
    yield Baseline(workspace / "baseline", folder, hashes)
    subprocess.run(["chmod", "-R", "u+rwX", str(workspace)], check=False)
    shutil.rmtree(workspace, ignore_errors=True)


# -- running a case ---------------------------------------------------------------------------


@dataclass
class Run:
    code: int
    output: str
    seconds: float


@dataclass
class Place:
    """Where a case runs and what its placeholders stand for."""

    folder: Path
    root: Path
    marker: Path
    listener: str

    def fill(self, text: str) -> str:
        root = str(self.root)
        return (
            text.replace("{LISTENER}", self.listener)
            .replace("{ROOT_URI}", self.root.as_uri())
            .replace("{ROOT}", root)
            .replace("{MARKER}", str(self.marker))
        )


def prepare(case: Case, baseline: Baseline, place: Place) -> None:
    shutil.copytree(baseline.store / "project", place.root, symlinks=True)
    for name, data in case.files.items():
        path = place.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        path.write_bytes(data if isinstance(data, bytes) else place.fill(data).encode("utf-8"))
    for name in case.remove:
        (place.root / name).unlink()
    for link, target in case.symlinks.items():
        path = place.root / link
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(place.fill(target))


def command(case: Case, place: Place, *args: str) -> list[str]:
    return [*unprivileged_prefix(case), sys.executable, "-m", "briefgen", *args]


def run(case: Case, place: Place, *args: str, timeout: float | None = None) -> Run:
    started = time.monotonic()
    try:
        proc = subprocess.run(
            command(case, place, *args),
            cwd=place.root,
            capture_output=True,
            text=True,
            env={**os.environ, **ENV},
            timeout=timeout or case.timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExitCodeError(f"briefgen {' '.join(args)} ran past {exc.timeout} s") from None
    return Run(proc.returncode, proc.stdout + proc.stderr, time.monotonic() - started)


def run_interrupted(case: Case, place: Place, *args: str) -> Run:
    """Start a build; once an output is built, press Ctrl-C (SIGINT to the process group)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        command(case, place, *args),
        cwd=place.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **ENV},
        start_new_session=True,
        preexec_fn=interruptible,
    )
    watchdog = threading.Timer(case.timeout, proc.kill)
    watchdog.start()
    seen: list[str] = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            seen.append(line)
            if line.lstrip().startswith("built "):
                if case.to_group:
                    os.killpg(proc.pid, signal.SIGINT)
                else:
                    proc.send_signal(signal.SIGINT)
                break
        else:
            raise ExitCodeError("the build ended before any output was built:\n" + "".join(seen))
        out, err = proc.communicate(timeout=case.timeout)
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return Run(proc.returncode, out + "".join(seen) + err, time.monotonic() - started)


@cache
def unprivileged_prefix_for(euid: int) -> tuple[str, ...] | None:
    """How to run briefgen so that file permissions apply: as nobody when nobody can run
    Python, else as root without the capabilities that override permissions."""
    if euid != 0:
        return ()
    if shutil.which("setpriv") is None:
        return None
    probe_dir = Path(tempfile.mkdtemp(prefix="briefgen-probe-"))
    try:
        (probe_dir / "ro").mkdir()
        (probe_dir / "ro").chmod(0o555)
        probe_dir.chmod(0o755)
        script = (
            f"import briefgen, pathlib\ntry:\n    (pathlib.Path({str(probe_dir)!r}) / 'ro' / "
            "'x').write_text('x')\nexcept PermissionError:\n    print('denied')\n"
        )
        for prefix in (
            ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"),
            ("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"),
        ):
            probe = subprocess.run(
                [*prefix, sys.executable, "-c", script],
                cwd="/",
                capture_output=True,
                text=True,
                check=False,
            )
            if probe.returncode == 0 and probe.stdout.strip() == "denied":
                return prefix
        return None
    finally:
        (probe_dir / "ro").chmod(0o755)
        shutil.rmtree(probe_dir, ignore_errors=True)


def unprivileged_prefix(case: Case) -> tuple[str, ...]:
    if case.mode != "unprivileged":
        return ()
    prefix = unprivileged_prefix_for(os.geteuid())
    assert prefix is not None
    return prefix


def make_readonly(case: Case, place: Place) -> None:
    """Hand the case folder to the user the build runs as, then make the folders read-only."""
    prefix = unprivileged_prefix(case)
    if "--reuid=65534" in prefix:
        for path in [place.folder, *place.folder.rglob("*")]:
            os.lchown(path, 65534, 65534)
    for name in case.readonly:
        for path in [place.root / name, *(place.root / name).rglob("*")]:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode & ~0o222)


# -- what every case must satisfy ---------------------------------------------------------------


def diagnostic_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if DIAGNOSTIC.match(line)]


def expect_diagnostics(
    output: str, expected: tuple[Expected, ...], place: Place, what: str
) -> None:
    lines = diagnostic_lines(output)
    wanted = [e if isinstance(e, re.Pattern) else place.fill(e) for e in expected]
    missing = [
        str(e.pattern if isinstance(e, re.Pattern) else e)
        for e in wanted
        if not any(
            (e.fullmatch(line) if isinstance(e, re.Pattern) else e == line) for line in lines
        )
    ]
    extra = [
        line
        for line in lines
        if not any((e.fullmatch(line) if isinstance(e, re.Pattern) else e == line) for e in wanted)
    ]
    if missing or extra:
        raise DiagnosticsError(
            f"{what}: diagnostics differ\nmissing: {missing}\nunexpected: {extra}\n"
            f"output:\n{output[-4000:]}"
        )


def expect_clean_run(result: Run, place: Place, listener: Listener, watch: SecretWatch) -> None:
    if "Traceback" in result.output:
        raise TracebackError(result.output[-6000:])
    if listener.connections:
        raise RequestError(f"the listener received {listener.connections} connection(s)")
    opened = watch.opened()
    if opened:
        raise SecretReadError(f"opened outside content/assets/: {[str(p) for p in opened]}")
    if place.marker.exists():
        raise CodeRanError(f"{place.marker} was created: content ran code")


def pdf_links(reader: PdfReader) -> list[str]:
    """Every link action of a PDF: the URI of a link, or the kind of any other action."""
    found: list[str] = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            kind = str(action.get("/S"))
            if kind == "/URI":
                found.append(str(action.get("/URI")))
            elif kind != "/GoTo":
                found.append(kind)
    return found


def expect_sound_outputs(root: Path) -> None:
    """No temporary file; every PDF and DOCX whole, without attachments or foreign links."""
    build = root / "build"
    if not build.is_dir():
        return
    leftovers = [str(p.relative_to(root)) for p in build.rglob("*.tmp")]
    if leftovers:
        raise LeftoverError(f"temporary files left: {leftovers}")
    for path in sorted(build.rglob("*.pdf")):
        data = path.read_bytes()
        try:
            reader = PdfReader(path)
            pages = len(reader.pages)
            attachments = dict(reader.attachments)
        except Exception as exc:
            raise BrokenOutputError(f"{path}: {exc!r}") from exc
        if not pages:
            raise BrokenOutputError(f"{path}: no pages")
        if attachments or b"/EmbeddedFile" in data:
            raise AttachmentError(f"{path} carries attachments: {list(attachments)}")
        bad = [link for link in pdf_links(reader) if not WEB_LINK.match(link)]
        if bad:
            raise LinkError(f"{path} links to {bad}")
    for path in sorted(build.rglob("*.docx")):
        try:
            document = docx.Document(str(path))
        except Exception as exc:
            raise BrokenOutputError(f"{path}: {exc!r}") from exc
        bad = [
            rel.target_ref
            for rel in document.part.rels.values()
            if rel.is_external and not WEB_LINK.match(rel.target_ref)
        ]
        if bad:
            raise LinkError(f"{path} links to {bad}")


def docx_paragraphs(path: Path) -> list[str]:
    document = docx.Document(str(path))
    found = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p.text.strip() for p in cell.paragraphs]
    return found


def expect_outputs(case: Case, baseline: Baseline, root: Path) -> None:
    """Every baseline output the case may not change is still there, byte-identical."""
    lost = []
    for path, digest in sorted(baseline.sha256.items()):
        if path in case.changed:
            if not (root / path).is_file():
                lost.append(f"{path} (gone)")
            continue
        if not (root / path).is_file():
            lost.append(f"{path} (gone)")
        elif sha256(root / path) != digest:
            lost.append(f"{path} (changed)")
    if lost:
        raise OutputLostError(f"previous outputs lost: {lost}")


def expect_texts(case: Case, place: Place) -> None:
    for name, wanted in case.pdf_lines.items():
        lines = [line.strip() for line in pdf_text(place.root / name).splitlines()]
        missing = [place.fill(w) for w in wanted if place.fill(w) not in lines]
        if missing:
            raise TextError(f"{name} lacks the lines {missing}; it reads:\n" + "\n".join(lines))
    for name, wanted in case.docx_lines.items():
        paragraphs = docx_paragraphs(place.root / name)
        missing = [place.fill(w) for w in wanted if place.fill(w) not in paragraphs]
        if missing:
            raise TextError(f"{name} lacks the paragraphs {missing}; it has {paragraphs}")


def expect_report(case: Case, place: Place, result: Run) -> None:
    path = place.folder / "report" / "report.json"
    if not case.report:
        return
    if not path.is_file():
        raise ExitCodeError(f"no JSON report was written\n{result.output[-4000:]}")
    data = json.loads(path.read_text())
    printed = set(diagnostic_lines(result.output))
    unprinted = [d for d in data["diagnostics"] if d not in printed]
    if unprinted:
        raise DiagnosticsError(f"in the JSON report but not printed: {unprinted}")
    if case.failed is not None:
        failed = {d["path"] for d in data["documents"] if d["status"] == "failed"}
        if failed != set(case.failed):
            raise ExitCodeError(f"failed outputs {sorted(failed)}, expected {sorted(case.failed)}")


# -- the test -----------------------------------------------------------------------------------


def _param(case: Case) -> object:
    marks = []
    if case.bug is not None:
        kind, reason = case.bug
        marks.append(pytest.mark.xfail(strict=True, raises=kind, reason=reason))
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_hostile_project(
    case: Case, baseline: Baseline, listener: Listener, tmp_path: Path
) -> None:
    if case.mode == "unprivileged" and unprivileged_prefix_for(os.geteuid()) is None:
        pytest.skip(
            "cannot run the build without the power to write read-only folders "
            "(as root: setpriv is missing or may not drop capabilities here)"
        )
    folder = tmp_path / "elsewhere" if case.elsewhere else baseline.folder
    if folder.exists():  # left by an interrupted run
        subprocess.run(["chmod", "-R", "u+rwX", str(folder)], check=False)
        shutil.rmtree(folder)
    folder.mkdir()
    folder.chmod(0o755)
    marker = Path(f"/tmp/briefgen-pwned-{uuid.uuid4().hex}")
    place = Place(folder, folder / "project", marker, listener.url)
    prepare(case, baseline, place)
    (folder / "report").mkdir()
    (folder / "report").chmod(0o777)
    make_readonly(case, place)
    secrets = sorted(p for p in [*folder.glob("secret*"), *place.root.glob("secret*")])
    watch = SecretWatch(secrets)
    try:
        report = str(folder / "report" / "report.json")
        if case.mode == "interrupt":
            result = run_interrupted(case, place, "build", *case.args)
        else:
            result = run(case, place, "build", "--json", report, *case.args)
        expect_clean_run(result, place, listener, watch)
        expect_sound_outputs(place.root)
        if result.code != case.code:
            raise ExitCodeError(f"exit {result.code}, expected {case.code}\n{result.output}")
        if case.mode == "interrupt" and "briefgen: interrupted" not in result.output.splitlines():
            raise ExitCodeError(f"no 'briefgen: interrupted' line\n{result.output}")
        expect_diagnostics(result.output, case.errors, place, "build")
        expect_report(case, place, result)
        if case.check:
            checked = run(case, place, "check")
            expect_clean_run(checked, place, listener, watch)
            if checked.code != case.code:
                raise ExitCodeError(f"check: exit {checked.code}, expected {case.code}")
            expect_diagnostics(checked.output, case.errors, place, "check")
        expect_outputs(case, baseline, place.root)
        expect_texts(case, place)
        if case.mode == "interrupt":
            # The next build finishes what was interrupted, from the state saved on the way out.
            again = run(case, place, "build", "--json", report)
            expect_clean_run(again, place, listener, watch)
            expect_sound_outputs(place.root)
            if again.code != 0:
                raise ExitCodeError(f"the build after Ctrl-C: exit {again.code}\n{again.output}")
            expect_outputs(case, baseline, place.root)
    finally:
        watch.close()
        with contextlib.suppress(FileNotFoundError):
            place.marker.unlink()
        subprocess.run(["chmod", "-R", "u+rwX", str(folder)], check=False)
        if folder == baseline.folder:  # out of the way of the next case, kept for a post-mortem
            try:
                folder.rename(tmp_path / "case")
            except OSError:
                shutil.rmtree(folder, ignore_errors=True)
