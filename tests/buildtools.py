"""Helpers for tests that build documents: copies of the sample, running the real CLI."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def interruptible() -> None:
    """``preexec_fn`` for a build that a test interrupts: Ctrl-C's default action restored.
    A shell without job control starts a background command with SIGINT ignored, and every
    child inherits that (Python then installs no KeyboardInterrupt): the tests of Ctrl-C
    would depend on how the test run was started."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def copy_sample(dest: Path) -> Path:
    """A copy of the sample project (briefgen.yaml, content/, and its house style:
    templates/ and locale/) in ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "briefgen.yaml", dest / "briefgen.yaml")
    shutil.copytree(REPO / "content", dest / "content")
    for folder in ("templates", "locale"):
        shutil.copytree(REPO / folder, dest / folder)
    return dest


def briefgen(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run the real command line in a subprocess (as a user would)."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=600,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def briefgen_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command line without the power to write anywhere: as root (a container,
    CI), as user and group 65534 (nobody) with setpriv, which dev.sh installs (util-linux);
    as anyone else, as is."""
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run(
        [*(prefix if os.geteuid() == 0 else []), sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def children(pid: int) -> dict[int, str]:
    """The processes whose parent is ``pid``, with their command lines (from /proc)."""
    found: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found[int(stat.parent.name)] = (
                    (stat.parent / "cmdline").read_bytes().decode(errors="replace")
                )
        except (OSError, IndexError, ValueError):
            continue
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")
