"""A build that will likely render forks its workers before it reads the project, and they
import WeasyPrint meanwhile (engine/prestart.py, engine/pool.py): the same bytes, no fork
for a build with nothing to do, no worker left behind when the guess was wrong."""

from __future__ import annotations

import ctypes
import hashlib
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen.content.project import load_project
from briefgen.engine.build import BuildOptions, build
from briefgen.engine.plan import make_plan
from briefgen.engine.pool import Pool, start_early
from briefgen.engine.prestart import likely_to_render
from briefgen.engine.run import jobs, run
from briefgen.engine.worker import JobResult
from buildtools import children, running, write

FILES = {
    "briefgen.yaml": "languages: [en, fr]\nformats: [pdf, docx]\n",
    "content/speakers/ana.yaml": "name: Ana Lima\nposition: Analyst\n",
    "content/speakers/ben.yaml": "name: Ben Okafor\nposition: Adviser\n",
}
OUTPUTS = [
    f"build/{lang}/speakers/{who}.{fmt}"
    for lang in ("en", "fr")
    for who in ("ana", "ben")
    for fmt in ("pdf", "docx")
]

# The real command line, with an audit hook that lists, in order, the forks of the build's
# own process and the content files it opens.
TRACED = """
import os, sys
main = os.getpid()
seen = []
def hook(event, args):
    if os.getpid() != main:
        return
    if event == "os.fork":
        seen.append("fork")
    elif event == "open" and "content" in str(args[0]) and str(args[0]).endswith(".yaml"):
        seen.append("read")
sys.addaudithook(hook)
sys.argv = ["briefgen", *sys.argv[1:]]
from briefgen.cli import main as cli
try:
    cli()
finally:
    print("TRACE " + " ".join(seen), file=sys.stderr)
"""


def traced_build(root: Path, *args: str) -> tuple[int, list[str], str]:
    """(exit code, the trace, stderr) of ``briefgen build ARGS`` in ``root``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1615334400"}
    done = subprocess.run(
        [sys.executable, "-c", TRACED, "build", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    line = next(ln for ln in done.stderr.splitlines() if ln.startswith("TRACE"))
    return done.returncode, line.split()[1:], done.stderr


def _subreaper() -> bool:
    """Whether this process adopts its orphaned descendants (prctl PR_GET_CHILD_SUBREAPER)."""
    flag = ctypes.c_int(-1)
    assert ctypes.CDLL(None).prctl(37, ctypes.byref(flag)) == 0
    return flag.value == 1


def _digests(root: Path) -> dict[str, str]:
    return {path: hashlib.sha256((root / path).read_bytes()).hexdigest() for path in OUTPUTS}


def test_a_first_build_forks_its_workers_before_reading_the_content(tmp_path: Path) -> None:
    root = write(tmp_path / "p", FILES)
    code, trace, stderr = traced_build(root, "-j", "2")
    assert code == 0, stderr
    # One fork, before the first content file is read: the second worker is forked by the
    # first, once it has imported WeasyPrint (so that it is imported once).
    assert trace[0] == "fork" and trace.count("fork") == 1, trace
    assert "read" in trace
    assert "built 8, up to date 0, failed 0" in stderr


def test_a_build_with_nothing_to_do_forks_nothing(tmp_path: Path) -> None:
    root = write(tmp_path / "p", FILES)
    assert traced_build(root)[0] == 0
    code, trace, stderr = traced_build(root, "-j", "2")
    assert code == 0, stderr
    assert "fork" not in trace and "read" in trace
    assert "built 0, up to date 8" in stderr


def test_a_wrong_guess_stops_its_workers_and_a_missed_one_starts_them_late(
    tmp_path: Path,
) -> None:
    root = write(tmp_path / "p", FILES)
    assert traced_build(root)[0] == 0
    made = _digests(root)
    # Touched, not changed: the guess says "render", the plan says nothing is stale.
    later = time.time() + 5
    os.utime(root / "content/speakers/ana.yaml", (later, later))
    code, trace, stderr = traced_build(root, "-j", "1")
    assert code == 0 and "built 0, up to date 8" in stderr, stderr
    assert trace[0] == "fork"
    # An output deleted by hand: no file is newer than the state, so the guess says
    # "nothing"; the plan finds the output missing, and its worker is forked after it.
    os.utime(root / "content/speakers/ana.yaml", (time.time() - 60, time.time() - 60))
    (root / OUTPUTS[0]).unlink()
    code, trace, stderr = traced_build(root, "-j", "1")
    assert code == 0 and "built 1, up to date 7" in stderr, stderr
    assert trace.index("fork") > trace.index("read")
    assert _digests(root) == made


def test_early_workers_write_the_bytes_of_workers_forked_after_the_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    early = write(tmp_path / "early", FILES)
    code, trace, stderr = traced_build(early, "-j", "2", "--force")
    assert code == 0 and trace[0] == "fork", stderr
    late = write(tmp_path / "late", FILES)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1615334400")
    report = build(load_project(late), BuildOptions(force=True, jobs=2))
    assert report.count("built") == len(OUTPUTS), report.diagnostics
    assert _digests(early) == _digests(late)


def test_workers_no_pool_adopts_are_stopped(tmp_path: Path) -> None:
    root = write(tmp_path / "p", FILES)
    workers = start_early(1)
    processes = [worker.process for worker in workers.workers]
    assert len(processes) == 1
    warnings = run(load_project(root), [], 1, lambda _result: None, workers)
    assert warnings == [] and workers.workers == []
    for process in processes:
        process.join(timeout=10)
        assert not process.is_alive()
        assert process.exitcode == -9  # killed, not left to import WeasyPrint for nothing


def test_the_first_early_worker_forks_the_others_and_this_process_adopts_them(
    tmp_path: Path,
) -> None:
    root = write(tmp_path / "p", FILES)
    early = start_early(3)
    assert len(early.workers) == 1 and len(early.spares) == 2  # one fork here, not three
    project = load_project(root)
    work = jobs(make_plan(project, BuildOptions(formats=("pdf",))))
    assert len(work) == 4
    pool = Pool(project, 2, 120, 2000, frozenset({"pdf"}), early=early)
    seen: dict[str, set[int]] = {}
    parents: set[int] = set()

    def result(done: JobResult) -> None:
        assert done.outputs and all(o.sha256 for o in done.outputs), done.diagnostics
        for worker in pool._live:
            pid = worker.process.pid
            if pid is None:  # a sibling not yet ready
                continue
            seen.setdefault(type(worker.process).__name__, set()).add(pid)
            status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
            parents.add(int(status.split("PPid:")[1].split()[0]))

    pool.run(work, result)
    assert set(seen) == {"ForkProcess", "_Adopted"}, seen
    (sibling,) = seen["_Adopted"]
    # The sibling is this process's child (adopted as a subreaper), and it has been reaped.
    assert parents == {os.getpid()}
    assert not Path(f"/proc/{sibling}").exists()
    assert early.spares == []  # the spare pipe the pool did not need (of two) was closed
    assert not _subreaper()  # the build's process adopts orphans no more
    for path in ("build/en/speakers/ana.pdf", "build/fr/speakers/ben.pdf"):
        assert (root / path).read_bytes().startswith(b"%PDF-"), path


def test_the_guess(tmp_path: Path) -> None:
    root = write(tmp_path / "p", {**FILES, "briefgen.yaml": "output: 'dist'  # ours\n"})
    assert likely_to_render(root, BuildOptions())  # never built
    state = root / "dist/.briefgen/state.json"
    state.parent.mkdir(parents=True)
    state.write_text("{}", encoding="utf-8")
    past = time.time() - 60
    for path in [root / "briefgen.yaml", root / "content", *root.glob("content/**/*")]:
        os.utime(path, (past, past))
    os.utime(state, (past + 30, past + 30))  # built after the last edit
    assert not likely_to_render(root, BuildOptions())
    assert likely_to_render(root, BuildOptions(force=True))
    (root / "templates").mkdir()
    assert likely_to_render(root, BuildOptions())  # a new folder is a change
    os.utime(root / "templates", (past, past))
    assert not likely_to_render(root, BuildOptions())
    (root / "content/speakers/ana.yaml").write_text("name: Ana\n", encoding="utf-8")
    assert likely_to_render(root, BuildOptions())


def test_the_project_travels_to_a_worker_whole_and_read_only(tmp_path: Path) -> None:
    project = load_project(write(tmp_path / "p", FILES))
    copy = pickle.loads(pickle.dumps(project, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy.config == project.config and copy.root == project.root
    assert dict(copy.graph.speakers) == dict(project.graph.speakers)
    assert [s.id for s in copy.graph.speakers_sorted()] == ["ana", "ben"]
    with pytest.raises(TypeError):
        copy.graph.speakers["eve"] = copy.graph.speakers["ana"]  # type: ignore[index]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_killed_build_leaves_no_worker_behind(tmp_path: Path, jobs: str) -> None:
    """A build killed outright (SIGKILL, the kernel's out-of-memory killer, a CI job
    cancelled) cannot stop its workers: each must see its pipe close and exit by itself,
    which it can only if no other process holds the build's end of that pipe."""
    speakers = {f"content/speakers/s{n:02}.yaml": f"name: Speaker {n}\n" for n in range(30)}
    root = write(tmp_path / "p", {**FILES, **speakers})
    build = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", "-j", jobs],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < int(jobs) and time.monotonic() < deadline and build.poll() is None:
        workers = set(children(build.pid))  # the workers, forked or adopted (no chart process
        time.sleep(0.01)  # is started before the workers)
    assert len(workers) >= int(jobs), "the build ended before its workers were seen"
    build.kill()
    build.wait()
    deadline = time.monotonic() + 30
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if running(pid)]
